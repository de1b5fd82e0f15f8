"""The teacher sees every room: the host's room list, the Room menu's setting for students'
rooms, closing a room, and rooms shown by their titles. Real windows in two processes (one
here, one `python -m chatgui` as another PC would run it), typed into with xdotool.
"""

from __future__ import annotations

import signal
import subprocess
import tkinter
from collections.abc import Iterator
from pathlib import Path

import pytest

from chatgui.protocol.names import casefold
from chatgui.ui.app import ChatApp
from chatgui.ui.commands import PersonControl
from chatgui.ui.every_room import STUDENT_ROOMS
from chatgui.ui.settings import Settings, load_settings
from tests.support import find_window, focus_window, screenshot, wait_for_port, wait_until
from tests.ui.roomkit import stop_app
from tests.ui.test_chat_app import (
    members,
    other_pc,  # noqa: F401  (a fixture)
    start_other,
    transcript,
    type_into_other,
)
from tests.ui.test_teacher import invoke

pytestmark = pytest.mark.slow


def room_list(app: ChatApp) -> list[str]:
    """The lines of the host's room list, as shown."""
    listbox = app.page.teacher.rooms.listbox if app.page is not None else None
    return [str(listbox.get(i)) for i in range(listbox.size())] if listbox is not None else []


def cut_labels(frame: tkinter.Misc | None) -> list[str]:
    """The labels in `frame` shown narrower than their text: their last letters cut off."""
    assert frame is not None
    labels = [child for child in frame.winfo_children() if child.winfo_class() == "TLabel"]
    return [
        str(label.cget("text")) for label in labels if label.winfo_width() < label.winfo_reqwidth()
    ]


@pytest.fixture
def apps() -> Iterator[list[ChatApp]]:
    """The windows a test opens here: their threads end with the test."""
    opened: list[ChatApp] = []
    yield opened
    for app in opened:
        stop_app(app)


def test_the_host_sees_opens_and_closes_a_room_a_student_opened(
    tk_root: tkinter.Tk,
    port: int,
    other_pc: list[subprocess.Popen[bytes]],  # noqa: F811  (the fixture imported above)
    tmp_path: Path,
    apps: list[ChatApp],
) -> None:
    app = ChatApp(tk_root, Settings(name="Ms_Rivera"))
    apps.append(app)
    tk_root.geometry("1100x640+0+0")
    app.start.show("host")
    app.start.room.set("Class chat")
    app.start.open_button.invoke()
    wait_until(lambda: room_list(app) == ["Class chat: 1 person"], 15, tk_root, what="the list")
    assert app.page.teacher.rooms.students_allowed.get() is False  # students open none by default
    assert cut_labels(app.page.teacher.rooms.frame) == []  # "Rooms on this server" whole

    invoke(app.room_menu, STUDENT_ROOMS)  # the teacher lets them, for group work
    wait_until(
        lambda: "Ms_Rivera let students open their own rooms." in transcript(app),
        10,
        tk_root,
        what="the setting said in the host's window",
    )
    assert load_settings().students_open_rooms is True  # and kept for the next lesson

    start_other(other_pc, tmp_path, "--name", "Sam", "--join", f"127.0.0.1:{port}")
    wait_until(lambda: "Sam" in members(app), 20, tk_root, what="Sam in the room")
    wanted = ["Class chat: 2 people", "Group 1: 1 person"]
    for _ in range(3):  # a window just mapped may not take keys yet: type again if lost
        type_into_other(r"Class chat \S* Sam \S* chatgui$", tk_root, "/join #group-1")
        try:
            wait_until(lambda: room_list(app) == wanted, 6, tk_root, what="Group 1 listed")
            break
        except AssertionError:
            continue
    assert room_list(app) == wanted  # the room Sam opened, by its title, with its count

    listbox = app.page.teacher.rooms.listbox
    assert listbox is not None
    listbox.selection_set(1)
    listbox.event_generate("<<ListboxSelect>>")
    tk_root.update()
    screenshot(tmp_path / "room-list.png")
    app.page.teacher.rooms.open_picked()  # double-click: the host joins it and is in charge there
    wait_until(
        lambda: app.page.teacher.my_status("#group-1") == "~",
        10,
        tk_root,
        what="the host in Group 1, as its host",
    )
    assert app.page is not None
    assert app.page.view.headings[casefold("#group-1")] == "Group 1"
    assert "You joined Group 1" in transcript(app, "#group-1")
    app.page.teacher.person(PersonControl("mute", "#group-1", "Sam"))
    wait_until(
        lambda: "Ms_Rivera muted Sam." in transcript(app, "#group-1"),
        10,
        tk_root,
        what="the host's mute in the student's room",
    )

    app.page.teacher.rooms.ask_close()
    dialog = app.page.teacher.rooms.dialog
    assert dialog is not None
    dialog.answer.set("back to the class, please")
    dialog.ok_button.invoke()
    wait_until(
        lambda: room_list(app) == ["Class chat: 2 people"],
        10,
        tk_root,
        what="the closed room gone from the list",
    )
    wait_until(
        lambda: (
            "You left Group 1 (Ms_Rivera closed the room (back to the class, please))"
            in transcript(app)
        ),
        10,
        tk_root,
        what="the closing said in words where the host is back",
    )
    focus_window(find_window(r"Class chat \S* Ms_Rivera \S* chatgui$", 10, tk_root))
    other_pc[0].send_signal(signal.SIGTERM)  # Sam closes the window
    assert other_pc[0].wait(10) == 0


def test_a_student_may_not_open_a_room_unless_the_teacher_lets_them(
    tk_root: tkinter.Tk,
    port: int,
    other_pc: list[subprocess.Popen[bytes]],  # noqa: F811
    tmp_path: Path,
    apps: list[ChatApp],
) -> None:
    start_other(other_pc, tmp_path, "--name", "Ms_Rivera", "--host", "Class chat")
    wait_for_port(port, tk_root)
    app = ChatApp(tk_root, Settings(name="Sam"))
    apps.append(app)
    tk_root.geometry("900x600+200+100")
    app.start.join_now("Sam", f"127.0.0.1:{port}")
    wait_until(lambda: app.page is not None and "Ms_Rivera" in members(app), 15, tk_root, what="in")
    assert tk_root.title() == "Class chat — Sam — chatgui"
    assert app.page.teacher.rooms.listbox is None  # a student has no room list
    app.page.view.input.widget.focus_set()  # typed with xdotool here, as a student would
    type_into_other(r"Class chat \S* Sam \S* chatgui$", tk_root, "/join #group-1")
    wait_until(
        lambda: "Students can't open new rooms here" in transcript(app),
        10,
        tk_root,
        what="the refusal, in words, in Sam's window",
    )
    assert app.page is not None
    assert casefold("#group-1") not in app.page.view.transcripts
    type_into_other(r"Class chat \S* Ms_Rivera \S* chatgui$", tk_root, "Welcome, everyone")
    wait_until(lambda: "Welcome, everyone" in transcript(app), 10, tk_root, what="the host")


def test_a_serve_room_is_titled_in_the_title_bar_not_by_its_channel(
    tk_root: tkinter.Tk,
    port: int,
    other_pc: list[subprocess.Popen[bytes]],  # noqa: F811
    tmp_path: Path,
    apps: list[ChatApp],
) -> None:
    serve = ("serve", "--room", "#maths-5f298f", "--port", str(port), "--bind", "127.0.0.1")
    start_other(other_pc, tmp_path, *serve, "--no-announce", "--no-history")
    wait_for_port(port, tk_root)
    app = ChatApp(tk_root, Settings(name="Sam"))
    apps.append(app)
    app.start.join_now("Sam", f"127.0.0.1:{port}")
    wait_until(lambda: app.session.channel == "#maths-5f298f", 15, tk_root, what="Sam in the room")
    wait_until(
        lambda: tk_root.title() == "Maths 5f298f — Sam — chatgui",
        5,
        tk_root,
        what=f"the room's title in the title bar, not {tk_root.title()!r}",
    )
    assert "You joined Maths 5f298f" in transcript(app, "#maths-5f298f")
