"""The Join page lists the rooms hosted nearby (issue 7), in a real window, over real sockets.

Hosts are real: another chatgui window (`python -m chatgui --host`) or `chatgui serve` in a
subprocess, or RoomAnnouncers in this process. Discovery is limited to 127.0.0.1 by
tests/conftest.py. Room names are random, and rooms of other test runs on this machine are
ignored, so the tests don't disturb each other.
"""

from __future__ import annotations

import dataclasses
import gc
import os
import queue
import secrets
import signal
import subprocess
import sys
import time
import tkinter
from collections.abc import Iterator
from pathlib import Path

import pytest

from chatgui import limits
from chatgui.discovery import RoomAnnouncer, RoomRecord
from chatgui.events import ChatEvent, RoomFound
from chatgui.protocol.room_code import room_code
from chatgui.protocol.room_titles import channel_for_title
from chatgui.ui import wording
from chatgui.ui.app import ChatApp
from chatgui.ui.found_rooms import FoundRooms, room_labels
from chatgui.ui.settings import Settings
from tests.support import find_window, free_port, press_key, wait_for_port, wait_until

pytestmark = pytest.mark.slow
LISTED_WITHIN_S = 2.0
DROPPED_WITHIN_S = limits.DISCOVERY_ROOM_EXPIRY_S + 2 * limits.DISCOVERY_QUERY_INTERVAL_S + 1.0
"""A goodbye is believed once a key check finds the room gone, within a second or so; when
rooms other tests announce meanwhile take up the Join page's checks, it is only doubted, and
the room goes when it has been quiet for DISCOVERY_ROOM_EXPIRY_S (without the goodbye it
would stay for the record's whole TTL)."""


def unique(name: str) -> str:
    return f"{name} {secrets.token_hex(3)}"


@pytest.fixture
def app(tk_root: tkinter.Tk, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[ChatApp]:
    """Sam's window; hosts it starts listen on 127.0.0.1 only; files go to tmp."""
    monkeypatch.setenv("CHATGUI_BIND", "127.0.0.1")
    monkeypatch.setenv("CHATGUI_HOME", str(tmp_path / "sam"))
    tk_root.geometry("900x700+0+0")
    chat = ChatApp(tk_root, Settings(name="Sam"))
    tk_root.update()
    try:
        yield chat
    finally:
        chat.leave()
        chat.discovery.stop()
        chat.pump.stop()


@pytest.fixture
def processes() -> Iterator[list[subprocess.Popen[bytes]]]:
    started: list[subprocess.Popen[bytes]] = []
    yield started
    for process in started:
        if process.poll() is None:
            process.kill()
        process.wait(5)


@pytest.fixture
def announcers() -> Iterator[list[RoomAnnouncer]]:
    started: list[RoomAnnouncer] = []
    yield started
    for announcer in started:
        announcer.stop()


def start(
    processes: list[subprocess.Popen[bytes]], tmp_path: Path, port: int, *args: str
) -> subprocess.Popen[bytes]:
    """`python -m chatgui ARGS` as another PC would run it (it inherits the interface limit)."""
    env = {
        **os.environ,
        "CHATGUI_HOME": str(tmp_path / f"pc{len(processes)}"),
        "CHATGUI_BIND": "127.0.0.1",
        "CHATGUI_PORT": str(port),
    }
    with (tmp_path / f"pc{len(processes)}.log").open("wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "chatgui", *args], env=env, stdout=log, stderr=subprocess.STDOUT
        )
    processes.append(process)
    return process


def listed(app: ChatApp, room: str) -> int | None:
    """The row of the Join page's found-rooms list that shows `room`, or None."""
    for row, found in enumerate(app.start.found.rooms):
        if found.room == room:
            return row
    return None


def pick(app: ChatApp, row: int) -> None:
    """Select a found room as a click would (the list then fills in the address)."""
    box = app.start.found.listbox
    box.selection_clear(0, "end")
    box.selection_set(row)
    box.event_generate("<<ListboxSelect>>")
    box.update()


def test_a_hosted_room_is_listed_joined_with_enter_and_dropped_when_closed(
    app: ChatApp, tk_root: tkinter.Tk, processes: list[subprocess.Popen[bytes]], tmp_path: Path
) -> None:
    room, port = unique("Class chat"), free_port()
    app.start.show("join")
    assert app.start.found.status.get() == wording.looking_for_rooms()
    host = start(processes, tmp_path, port, "--name", "Ms_Teacher", "--host", room)
    wait_for_port(port, tk_root)
    wait_until(lambda: listed(app, room) is not None, LISTED_WITHIN_S, tk_root, what=room)
    row = listed(app, room)
    assert row is not None
    found = app.start.found.rooms[row]
    assert (found.host, found.password, found.port) == ("Ms_Teacher", False, port)
    assert not found.disputed
    status = app.start.found.status.get()
    if not any(other.disputed for other in app.start.found.rooms):  # claimed twice elsewhere
        assert status == wording.pick_a_room()
    else:
        assert room not in status

    pick(app, row)
    assert app.start.address.get() == f"127.0.0.1:{port}"
    window = find_window(r"^chatgui$", 10, tk_root)
    app.start.found.listbox.focus_force()
    press_key(window, "Return", tk_root)  # a real Enter key, on the list
    wait_until(
        lambda: app.page is not None and "Ms_Teacher" in members_of(app),
        15,
        tk_root,
        what="Sam in the host's room",
    )
    assert app.session.title == room

    app.leave()
    gc.collect()  # the chat view's Tk variables, here and not on a discovery thread (conftest)
    app.start.show("join")
    wait_until(lambda: listed(app, room) is not None, LISTED_WITHIN_S, tk_root, what="relisted")
    host.send_signal(signal.SIGTERM)  # the host closes the window
    closed = time.monotonic()
    wait_until(lambda: listed(app, room) is None, DROPPED_WITHIN_S, tk_root, what="room dropped")
    assert time.monotonic() - closed < DROPPED_WITHIN_S
    assert host.wait(5) == 0


def members_of(app: ChatApp) -> list[str]:
    assert app.page is not None
    return [m.nick for members in app.page.view.members.values() for m in members]


def test_a_password_room_asks_for_the_password_before_joining(
    app: ChatApp, tk_root: tkinter.Tk, processes: list[subprocess.Popen[bytes]], tmp_path: Path
) -> None:
    title, port = unique("Maths"), free_port()  # listed by its title, joined by its channel
    room = channel_for_title(title)
    assert room is not None
    args = ("serve", "--room", title, "--password", "s3cret", "--name", "Mr_K")
    serve = start(processes, tmp_path, port, *args)
    log = tmp_path / "pc0.log"
    wait_until(
        lambda: "listed on Join pages" in log.read_text(encoding="utf-8", errors="replace"),
        10,
        tk_root,
        what="serve to announce the room",
    )
    app.start.show("join")  # opened while the host is up: listed within 2 s
    wait_until(lambda: listed(app, title) is not None, LISTED_WITHIN_S, tk_root, what=title)
    row = listed(app, title)
    assert row is not None
    key = app.start.found.rooms[row].fingerprint
    assert key is not None, "serve announces its key"
    assert (
        app.start.found.listbox.get(row)
        == f"{title} — hosted by Mr_K — code {room_code(key)} (needs a password)"
    )

    pick(app, row)
    app.start.found.listbox.focus_force()
    app.start.found.listbox.event_generate("<Return>")
    tk_root.update()
    assert app.start.message.get() == wording.password_needed(title)
    assert tk_root.focus_get() == app.start.join_password
    assert app.client is None  # nothing was tried without the password

    app.start.join_password.insert(0, "s3cret")
    app.start.join_password.event_generate("<Return>")
    wait_until(lambda: app.page is not None and "Sam" in members_of(app), 15, tk_root, what="in")
    assert app.session.channel == room
    assert app.root.title().startswith(f"{title} — ")
    serve.send_signal(signal.SIGTERM)
    assert serve.wait(5) == 0


def test_rooms_with_the_same_name_are_told_apart_by_their_host(
    app: ChatApp, tk_root: tkinter.Tk, announcers: list[RoomAnnouncer]
) -> None:
    room = unique("Science")
    events: queue.Queue[ChatEvent] = queue.Queue()
    for host, port in (("Ms_A", free_port()), ("Mr_B", free_port())):
        record = RoomRecord(secrets.token_hex(8), room, host, False, "0.1.0")
        announcer = RoomAnnouncer(record, port, ("127.0.0.1",), events, ("127.0.0.1",), mdns=False)
        announcers.append(announcer)
        announcer.start()
    app.start.show("join")
    shown = lambda: sorted(  # noqa: E731
        app.start.found.listbox.get(i)
        for i, r in enumerate(app.start.found.rooms)
        if r.room == room
    )
    wait_until(lambda: len(shown()) == 2, LISTED_WITHIN_S, tk_root, what="both rooms")
    assert shown() == [f"{room} — hosted by Mr_B", f"{room} — hosted by Ms_A"]


def test_a_found_room_that_refuses_names_the_hosts_firewall(
    app: ChatApp, tk_root: tkinter.Tk, announcers: list[RoomAnnouncer]
) -> None:
    room, closed_port = unique("History"), free_port()  # announced, but nothing listens there
    record = RoomRecord(secrets.token_hex(8), room, "Ms_H", False, "0.1.0")
    events: queue.Queue[ChatEvent] = queue.Queue()
    announcer = RoomAnnouncer(
        record, closed_port, ("127.0.0.1",), events, ("127.0.0.1",), mdns=False
    )
    announcers.append(announcer)
    announcer.start()
    app.start.show("join")
    wait_until(lambda: listed(app, room) is not None, LISTED_WITHIN_S, tk_root, what=room)
    row = listed(app, room)
    assert row is not None
    pick(app, row)
    app.start.connect_button.invoke()
    wait_until(lambda: "firewall" in app.start.message.get(), 10, tk_root, what="the reason")
    text = app.start.message.get()
    assert text == wording.found_room_unreachable(room, "Ms_H", closed_port, "refused")
    for advice in ("Windows", "private networks", "macOS", "Linux", f"ufw allow {closed_port}"):
        assert advice in text
    assert app.page is None


# --- The list on its own (fed events as the finder would) ---


def a_room(name: str, host: str, password: bool = False, port: int = 6667) -> RoomFound:
    return RoomFound(
        secrets.token_hex(8), name, host, password, ("10.0.0.5",), port, "0.1.0", ("mdns",)
    )


def test_when_nothing_is_found_it_says_so_and_how_to_join_by_address(
    tk_root: tkinter.Tk, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(limits, "DISCOVERY_QUIET_S", 0.3)
    found = FoundRooms(tk_root, "TkDefaultFont", lambda room: None, lambda: None)
    found.searching()
    assert found.status.get() == wording.looking_for_rooms()
    wait_until(lambda: found.status.get() == wording.no_rooms_found(), 2, tk_root, what="quiet")
    assert "address shown on their screen" in found.status.get()
    room = a_room("Art", "Ms_P")
    found.found(room)
    assert found.status.get() == wording.pick_a_room()
    found.lost(room.key)
    assert found.status.get() == wording.no_rooms_found()
    assert found.listbox.size() == 0


def test_labels_tell_rooms_apart_and_mark_passwords() -> None:
    rooms = [
        a_room("Art", "Ms_P", password=True),
        a_room("Class chat", "Ms_A"),
        a_room("class chat", "Mr_B"),
        a_room("Lab", "Ms_C", port=6670),
        a_room("Lab", "Ms_C"),
    ]
    assert room_labels(rooms) == [
        "Art — hosted by Ms_P (needs a password)",
        "Class chat — hosted by Ms_A",
        "class chat — hosted by Mr_B",
        "Lab — hosted by Ms_C at 10.0.0.5:6670",
        "Lab — hosted by Ms_C at 10.0.0.5",
    ]


def test_titles_that_look_the_same_are_told_apart_by_their_hosts() -> None:
    rooms = [a_room("Class chat", "Ms_A"), a_room("CIass chat", "Tom"), a_room("Art", "Ms_P")]
    assert room_labels(rooms) == [
        "Class chat — hosted by Ms_A",
        "CIass chat — hosted by Tom",  # a capital I for the l: two lines, two hosts named
        "Art — hosted by Ms_P",
    ]


def test_the_selection_follows_its_room_when_the_list_changes(tk_root: tkinter.Tk) -> None:
    picked: list[RoomFound] = []
    found = FoundRooms(tk_root, "TkDefaultFont", picked.append, lambda: None)
    found.frame.pack()
    found.searching()
    maths = a_room("Maths", "Mr_K")
    found.found(maths)
    tk_root.update()  # virtual events reach only a mapped widget
    found.listbox.selection_set(0)
    found.listbox.event_generate("<<ListboxSelect>>")
    tk_root.update()
    assert picked == [maths]
    found.found(a_room("Art", "Ms_P"))  # sorts before Maths
    assert found.chosen("10.0.0.5") == maths
    found.lost(maths.key)
    assert found.chosen("10.0.0.5") is None
    found.stopped()


def test_a_room_announced_again_leaves_the_list_where_it_was_scrolled(
    tk_root: tkinter.Tk,
) -> None:
    """Rooms announce themselves again and again: the list a student scrolled down doesn't
    jump back to the top each time (it did, and the room being read went out of view)."""
    found = FoundRooms(tk_root, "TkDefaultFont", lambda room: None, lambda: None)
    found.frame.pack()
    found.listbox.configure(height=5)
    found.searching()
    rooms = [a_room(f"Room {n:02}", "Ms_K") for n in range(30)]
    for room in rooms:
        found.found(room)
    tk_root.update()
    found.listbox.see(29)
    tk_root.update()
    top = found.listbox.nearest(0)
    assert top > 20
    found.found(rooms[3])  # announced again
    tk_root.update()
    assert found.listbox.nearest(0) == top
    found.stopped()


def test_a_disputed_room_is_marked() -> None:
    real, twin = a_room("Class chat", "Ms_A"), a_room("Art", "Ms_P")
    labels = room_labels([real, dataclasses.replace(twin, disputed=True)])
    assert labels == [
        "Class chat — hosted by Ms_A",
        "Art — hosted by Ms_P ⚠ two computers claim it",
    ]


def test_the_join_page_shown_again_keeps_the_rooms_it_found(
    app: ChatApp, tk_root: tkinter.Tk, announcers: list[RoomAnnouncer]
) -> None:
    """Showing the Join page while it is shown (a shortcut's join, a second click) keeps the
    list: the search goes on, so emptying it would leave it empty until a room changes."""
    room = unique("Art")
    events: queue.Queue[ChatEvent] = queue.Queue()
    record = RoomRecord(secrets.token_hex(8), room, "Ms_A", False, "0.1.0")
    announcer = RoomAnnouncer(
        record, free_port(), ("127.0.0.1",), events, ("127.0.0.1",), mdns=False
    )
    announcers.append(announcer)
    announcer.start()
    app.start.show("join")
    wait_until(lambda: listed(app, room) is not None, LISTED_WITHIN_S, tk_root, what="the room")
    app.start.show("join")
    tk_root.update()
    assert listed(app, room) is not None, "the room went from the list"
