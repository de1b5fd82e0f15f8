"""Room → Save transcript…, History… and Clear history…: what the window does with the
conversation that it, or the host, keeps; and the history file a hosted room keeps its
lessons in (the Host page's offer to continue one, the host's History… listing them)."""

import logging
import time
import tkinter as tk
from functools import partial
from pathlib import Path
from tkinter import messagebox

from chatgui import paths
from chatgui.net.server_process import ServerProcess
from chatgui.protocol import caps
from chatgui.protocol.names import casefold
from chatgui.store import Lesson, LessonBook
from chatgui.ui import wording
from chatgui.ui.chat_view import ChatView
from chatgui.ui.export import MARKED, chosen_entries, save
from chatgui.ui.lessons_dialog import LessonsDialog
from chatgui.ui.room_session import RoomSession
from chatgui.ui.save_as import ask_save_path
from chatgui.ui.save_choice import SaveChoice
from chatgui.ui.validation import channel_for_room

log = logging.getLogger(__name__)
HISTORY_FILE = "history.sqlite3"


def history_file() -> Path:
    """The file a room hosted in this window keeps its lessons in."""
    return paths.data_dir() / HISTORY_FILE


def lesson_to_continue(room: str) -> Lesson | None:
    """The Host page's offer: the last lesson of the room typed, if one can go on."""
    return LessonBook(history_file()).to_continue(casefold(channel_for_room(room)))


def save_transcript(root: tk.Misc, view: ChatView | None) -> SaveChoice | None:
    """Room → Save transcript…: the conversation shown, as .txt or .html, as chosen. With
    private questions in it, the saver first chooses to keep them (marked) or leave them out:
    the question asked is returned."""
    transcript = view.shown_transcript() if view is not None else None
    if view is None or transcript is None:
        messagebox.showinfo("Save transcript", "Join a room first.", parent=root)
        return None
    count = sum(1 for entry in transcript.entries if entry.to_helpers)
    if count:
        return SaveChoice(root, count, partial(_ask_where, root, view))
    _ask_where(root, view, MARKED)
    return None


def _ask_where(root: tk.Misc, view: ChatView, choice: str) -> None:
    """The file dialog, then the file, with the private questions as chosen."""
    heading = view.headings[view.current]
    path = ask_save_path(root, "Save transcript", f"{heading} {time.strftime('%Y-%m-%d')}")
    if path is not None:
        save_transcript_to(root, view, path, choice)


def save_transcript_to(root: tk.Misc, view: ChatView, path: Path, questions: str = MARKED) -> None:
    """Write the conversation shown to `path`, its private questions `questions` (MARKED or
    LEFT_OUT); say where, or what went wrong and what to do."""
    transcript = view.shown_transcript()
    if transcript is None:
        return
    heading = view.headings[view.current]
    now = time.time()
    try:
        save(path, heading, chosen_entries(transcript.entries, questions, now), now)
    except OSError as error:
        log.warning("transcript not saved to %s: %s", path, error)
        text = wording.history_save_failed(str(path), error)
        view.status.set(text)
        messagebox.showerror("Save transcript", text, parent=root)
        return
    view.status.set(f"Saved the conversation to {path}")


def history_info(root: tk.Misc, session: RoomSession) -> None:
    """Room → History…: the host's lessons of this room (to read, export or delete), else
    what is kept of this room, and where."""
    status = session.history_status
    if status is not None and status.kept and session.hosting:
        if LessonsDialog.is_open():
            assert LessonsDialog.shown is not None
            LessonsDialog.shown.window.lift()
        else:
            book = LessonBook(history_file())
            LessonsDialog.shown = LessonsDialog(root, book, casefold(session.channel), status)
        return
    if status is not None:
        text = wording.history_kept(status)
    elif caps.CHATHISTORY in session.caps:
        text = "The host keeps this room's messages: scroll up to see older ones."
    else:
        text = "This room's host keeps no history: you see what is said while you are in."
    messagebox.showinfo("History", text, parent=root)


def clear_history(root: tk.Misc, session: RoomSession, server: ServerProcess | None) -> None:
    """Room → Clear history… (the host only): after a yes, every kept message goes."""
    if server is None or not session.channel:
        return
    sure = messagebox.askyesno(
        "Clear history",
        f"Delete every message of {session.title} kept on this computer? "
        "People who join later will not see them. This can't be undone.",
        icon="warning",
        default="no",
        parent=root,
    )
    if sure:
        server.clear_history(session.channel)
