"""Room → Save transcript…, History… and Clear history…: what the window does with the
conversation that it, or the host, keeps; and the history file a hosted room keeps its
lessons in (the Host page's offer to continue one, the host's History… listing them)."""

import logging
import time
from functools import partial
from pathlib import Path
from tkinter import messagebox
from typing import TYPE_CHECKING

from chatgui import paths
from chatgui.protocol import caps
from chatgui.protocol.names import casefold
from chatgui.store import Lesson, LessonBook
from chatgui.ui import wording
from chatgui.ui.export import MARKED, chosen_entries, save
from chatgui.ui.lessons_dialog import LessonsDialog
from chatgui.ui.save_as import ask_save_path
from chatgui.ui.save_choice import SaveChoice
from chatgui.ui.validation import channel_for_room

if TYPE_CHECKING:
    from chatgui.ui.app import ChatApp

log = logging.getLogger(__name__)
HISTORY_FILE = "history.sqlite3"


def history_file() -> Path:
    """The file a room hosted in this window keeps its lessons in."""
    return paths.data_dir() / HISTORY_FILE


def lesson_to_continue(room: str) -> Lesson | None:
    """The Host page's offer: the last lesson of the room typed, if one can go on."""
    return LessonBook(history_file()).to_continue(casefold(channel_for_room(room)))


def save_transcript(app: "ChatApp") -> None:
    """Room → Save transcript…: the conversation shown, as .txt or .html, as chosen. With
    private questions in it, the saver first chooses to keep them (marked) or leave them out."""
    transcript = app.view.shown_transcript() if app.view is not None else None
    if transcript is None:
        messagebox.showinfo("Save transcript", "Join a room first.", parent=app.root)
        return
    count = sum(1 for entry in transcript.entries if entry.to_helpers)
    if count:
        app.save_choice = SaveChoice(app.root, count, partial(_ask_where, app))
    else:
        _ask_where(app, MARKED)


def _ask_where(app: "ChatApp", choice: str) -> None:
    """The file dialog, then the file, with the private questions as chosen."""
    if app.view is None:
        return
    heading = app.view.headings[app.view.current]
    path = ask_save_path(app.root, "Save transcript", f"{heading} {time.strftime('%Y-%m-%d')}")
    if path is not None:
        save_transcript_to(app, path, choice)


def save_transcript_to(app: "ChatApp", path: Path, questions: str = MARKED) -> None:
    """Write the conversation shown to `path`, its private questions `questions` (MARKED or
    LEFT_OUT); say where, or what went wrong and what to do."""
    assert app.view is not None
    transcript = app.view.shown_transcript()
    if transcript is None:
        return
    heading = app.view.headings[app.view.current]
    now = time.time()
    try:
        save(path, heading, chosen_entries(transcript.entries, questions, now), now)
    except OSError as error:
        log.warning("transcript not saved to %s: %s", path, error)
        text = wording.history_save_failed(str(path), error)
        app.view.status.set(text)
        messagebox.showerror("Save transcript", text, parent=app.root)
        return
    app.view.status.set(f"Saved the conversation to {path}")


def history_info(app: "ChatApp") -> None:
    """Room → History…: the host's lessons of this room (to read, export or delete), else
    what is kept of this room, and where."""
    status = app.history_status
    if status is not None and status.kept and app.server is not None:
        if LessonsDialog.is_open():
            assert LessonsDialog.shown is not None
            LessonsDialog.shown.window.lift()
        else:
            book = LessonBook(history_file())
            LessonsDialog.shown = LessonsDialog(app.root, book, casefold(app.channel), status)
        return
    if status is not None:
        text = wording.history_kept(status)
    elif caps.CHATHISTORY in app.caps:
        text = "The host keeps this room's messages: scroll up to see older ones."
    else:
        text = "This room's host keeps no history: you see what is said while you are in."
    messagebox.showinfo("History", text, parent=app.root)


def clear_history(app: "ChatApp") -> None:
    """Room → Clear history… (the host only): after a yes, every kept message goes."""
    if app.server is None or not app.channel:
        return
    sure = messagebox.askyesno(
        "Clear history",
        f"Delete every message of {app.room} kept on this computer? "
        "People who join later will not see them. This can't be undone.",
        icon="warning",
        default="no",
        parent=app.root,
    )
    if sure and app.server is not None:
        app.server.clear_history(app.channel)
