"""Lessons in a real window: the Host page offers to continue the room's last lesson (a new
one is the default), the host's window and a late joiner read what the choice says, and the
host's History… lists the lessons to read, export and delete.

The earlier lesson is made in the test's own history file; the room is this window's own
server on 127.0.0.1, and a raw IRC client (no history capabilities) joins it late.
"""

from __future__ import annotations

import re
import time
import tkinter
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest

from chatgui.protocol.server.message_store import StoredMessage
from chatgui.protocol.server.model import ServerConfig
from chatgui.store import LessonPlan, SqliteHistory
from chatgui.ui import room_history
from chatgui.ui.app import ChatApp
from chatgui.ui.lesson_choice import which_lesson
from chatgui.ui.lessons_dialog import LessonsDialog
from chatgui.ui.settings import Settings
from tests.lineclient import LineClient
from tests.net.server.historykit import as_if_killed
from tests.support import find_window, screenshot, type_text, wait_until
from tests.ui.roomkit import CHANNEL, members, shown, stop_app, transcript_text

SHOTS = Path("/tmp/chatgui-lesson-shots")
EARLIER = ["fractions are parts of a whole", "homework: page 12", "see you on Thursday"]
THREE_DAYS_AGO = time.time() - 3 * 86400


def _earlier_lesson(crashed: bool = False) -> None:
    """Thursday's lesson of "Class chat", closed (or `crashed`): three lines in the window's
    history file."""
    config = ServerConfig(rooms=(CHANNEL,))
    store = SqliteHistory.open(room_history.history_file(), config, LessonPlan(title="Class chat"))
    assert store.problem == ""
    for n, text in enumerate(EARLIER):
        source = "Sam!~sam@127.0.0.1"
        at = THREE_DAYS_AGO + 60 * n
        store.record(StoredMessage(f"t{n}", at, CHANNEL, "PRIVMSG", source, (CHANNEL, text)))
    if crashed:
        store.flush()
        as_if_killed(store)
    else:
        store.close()


@pytest.fixture
def app(tk_root: tkinter.Tk, port: int) -> Iterator[ChatApp]:
    tk_root.geometry("900x700+0+0")
    _earlier_lesson()
    chat = ChatApp(tk_root, Settings(name="Ms_Rivera", room_name=""))
    yield chat
    if LessonsDialog.shown is not None:
        LessonsDialog.shown.close()
    stop_app(chat)


def test_a_lesson_is_named_as_a_teacher_says_it() -> None:
    now = datetime(2026, 3, 12, 10, 0).timestamp()  # a Thursday
    said = [datetime(2026, 3, day, 9, 30).timestamp() for day in (12, 11, 10, 6, 5)]
    assert [which_lesson(at, now) for at in said] == [
        "today's lesson",
        "yesterday's lesson",
        "Tuesday's lesson",
        "Friday's lesson",
        "the lesson of 5 March",
    ]


def _type_room(app: ChatApp, root: tkinter.Tk) -> None:
    app.start.show("host")
    root.update()
    window = find_window(r"^chatgui$", 10, root)
    type_text(window, "Class chat", root)
    wait_until(lambda: app.start.room.get() == "Class chat", 10, root, what="the room typed")


def _open_and_wait(app: ChatApp, root: tkinter.Tk) -> None:
    app.start.open_button.invoke()
    wait_until(lambda: app.page is not None and members(app) == [app.session.nick], 15, root)


def _late_joiner_reads(app: ChatApp, root: tkinter.Tk, port: int) -> list[str]:
    """A plain IRC client joins: the lines replayed to it, the time in front taken off."""
    peer = LineClient(port)
    try:
        peer.register("Kim")
        peer.send(f"JOIN {CHANNEL}")
        peer.expect(rf" 366 Kim {CHANNEL} ")
        peer.send("PING sync")
        peer.expect("PONG")
        said = [line.split(" :", 1)[1] for line in peer.seen if f" PRIVMSG {CHANNEL} :" in line]
        return [re.sub(r"^\[[^\]]*\] ", "", text) for text in said]
    finally:
        peer.close()


def test_the_host_page_offers_the_last_lesson_and_a_new_one_is_the_default(
    app: ChatApp, tk_root: tkinter.Tk, port: int
) -> None:
    _type_room(app, tk_root)
    choice = app.start.lesson
    wait_until(lambda: shown(choice.frame), 5, tk_root, what="the lesson choice")
    label = str(choice.continue_button.cget("text"))
    day = time.strftime("%A", time.localtime(THREE_DAYS_AGO + 120))
    assert label == f"Continue {day}'s lesson: 3 messages"
    assert choice.choice.get() == "new"
    SHOTS.mkdir(exist_ok=True)
    screenshot(SHOTS / "host-lesson-choice.png")
    _open_and_wait(app, tk_root)
    assert _late_joiner_reads(app, tk_root, port) == []
    assert not any(text in transcript_text(app) for text in EARLIER)


def test_continuing_the_last_lesson_shows_it_to_the_host_and_late_joiners(
    app: ChatApp, tk_root: tkinter.Tk, port: int
) -> None:
    _type_room(app, tk_root)
    wait_until(lambda: shown(app.start.lesson.frame), 5, tk_root, what="the lesson choice")
    app.start.lesson.continue_button.invoke()
    _open_and_wait(app, tk_root)
    wait_until(
        lambda: EARLIER[-1] in transcript_text(app), 10, tk_root, what="the lesson in the window"
    )
    assert _late_joiner_reads(app, tk_root, port) == EARLIER


def test_after_a_crash_the_host_page_chooses_to_continue(tk_root: tkinter.Tk, port: int) -> None:
    """The room stopped without being closed: continuing is chosen, so nothing anyone saw is
    lost unless the host picks a new lesson."""
    _earlier_lesson(crashed=True)
    app = ChatApp(tk_root, Settings(name="Ms_Rivera", room_name=""))
    try:
        _type_room(app, tk_root)
        choice = app.start.lesson
        wait_until(lambda: shown(choice.frame), 5, tk_root, what="the lesson choice")
        label = str(choice.continue_button.cget("text"))
        assert label.endswith(": 3 messages (the room stopped without being closed)"), label
        assert choice.choice.get() == "continue"
        _open_and_wait(app, tk_root)
        wait_until(lambda: EARLIER[-1] in transcript_text(app), 10, tk_root, what="the lesson")
    finally:
        stop_app(app)


def test_the_hosts_history_lists_the_lessons_to_read_export_and_delete(
    app: ChatApp, tk_root: tkinter.Tk, tmp_path: Path
) -> None:
    _type_room(app, tk_root)
    _open_and_wait(app, tk_root)
    room_history.history_info(app.root, app.session)
    dialog = LessonsDialog.shown
    assert dialog is not None
    wait_until(lambda: dialog.window.winfo_viewable(), 10, tk_root, what="History…")
    rows = list(dialog.listbox.get(0, "end"))
    assert len(rows) == 2, rows
    assert rows[0].endswith("· 0 messages · this lesson")
    day = time.strftime("%A %-d %B %Y", time.localtime(THREE_DAYS_AGO + 120))
    assert re.fullmatch(rf"{day}, (\d\d:\d\d to )?\d\d:\d\d · 3 messages", rows[1]), rows[1]
    assert dialog.delete_button.instate(["disabled"])  # the lesson that runs
    dialog.listbox.selection_clear(0, "end")
    dialog.listbox.selection_set(1)
    dialog.listbox.event_generate("<<ListboxSelect>>")
    tk_root.update()
    SHOTS.mkdir(exist_ok=True)
    screenshot(SHOTS / "history-lessons.png")
    text = dialog.read()
    assert text is not None
    assert [line.split(" ", 1)[1] for line in text.get("1.0", "end").split("\n") if line] == [
        f"Sam: {line}" for line in EARLIER
    ]
    lesson = dialog.chosen()
    assert lesson is not None
    assert dialog.export_to(lesson, tmp_path / "tuesday.txt")
    saved = (tmp_path / "tuesday.txt").read_text(encoding="utf-8")
    assert all(f"Sam: {line}" in saved for line in EARLIER)
    dialog.delete_now(lesson)
    assert len(dialog.listbox.get(0, "end")) == 1
    dialog.close()
