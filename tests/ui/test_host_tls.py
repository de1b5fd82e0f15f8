"""The window's room listens with TLS too, with the key kept in the host's data folder; the
teacher's screen shows the room code; "Encrypted connections only" turns the plain port off,
and the host's own window then joins its room over TLS, checking its own key.

Real windows on the test display, real sockets on 127.0.0.1.
"""

from __future__ import annotations

import queue
import socket
import tkinter
from collections.abc import Iterator

import pytest

from chatgui.discovery import RoomFinder
from chatgui.events import ChatEvent, RoomFound
from chatgui.net.tls_identity import room_identity
from chatgui.paths import data_dir
from chatgui.protocol.room_code import room_code
from chatgui.ui.app import ChatApp
from chatgui.ui.settings import Settings, load_settings
from tests.net.server.tlskit import TlsLineClient
from tests.support import wait_until
from tests.ui.roomkit import CHANNEL, HOST, host_room, members, stop_app, transcript_text


def refused(port: int) -> bool:
    """True when nothing listens on 127.0.0.1:`port`."""
    try:
        socket.create_connection(("127.0.0.1", port), timeout=2).close()
    except ConnectionRefusedError:
        return True
    return False


@pytest.fixture
def teacher(tk_root: tkinter.Tk, port: int) -> Iterator[ChatApp]:
    """Ms_Rivera's window on the start screen; rooms it hosts listen on 127.0.0.1:`port`."""
    app = ChatApp(tk_root, Settings(name=HOST))
    tk_root.geometry("900x640+0+0")
    yield app
    stop_app(app)


def tls_port_of(app: ChatApp) -> int:
    started = app.join_info.started
    assert started is not None
    assert started.tls_port is not None, started
    return started.tls_port


def test_the_windows_room_takes_a_tls_student_who_checks_its_key(
    host: ChatApp, tk_root: tkinter.Tk, port: int
) -> None:
    fingerprint = room_identity(data_dir()).fingerprint  # the key kept on first use
    tls_port = tls_port_of(host)
    assert tls_port != port
    assert not refused(port)  # plain IRC programs still get in
    ana = TlsLineClient(tls_port)
    try:
        assert ana.fingerprint == fingerprint
        ana.register("Ana")
        ana.send(f"JOIN {CHANNEL}")
        ana.expect(rf" 366 Ana {CHANNEL} ")
        wait_until(lambda: "Ana" in members(host), 10, tk_root, what="Ana in the member list")
    finally:
        ana.close()


def test_the_teachers_screen_shows_the_room_code_of_its_key(
    host: ChatApp, tk_root: tkinter.Tk
) -> None:
    code = room_code(room_identity(data_dir()).fingerprint)
    assert host.page is not None
    assert host.page.view.how_button.cget("text") == f"Room code {code}"
    assert host.page.view.how_button.winfo_ismapped()
    assert host.page.view.join_line.get().startswith("Others can join at 127.0.0.1")
    host.page.view.how_button.invoke()
    tk_root.update()
    shown = host.join_info.window
    assert shown is not None
    assert shown.code.cget("text") == code
    assert shown.code_font.cget("size") >= 28  # read on a projector
    assert "127.0.0.1" in shown.address.cget("text")
    shown.close()
    assert host.join_info.window is None


def test_encrypted_only_closes_the_plain_port_and_the_host_joins_over_tls(
    teacher: ChatApp, tk_root: tkinter.Tk, port: int
) -> None:
    teacher.start.show("host")
    teacher.start.encrypted_only.set(True)
    host_room(teacher, tk_root)
    tls_port = tls_port_of(teacher)
    assert refused(port)  # no plain port: the host's own window came in over TLS
    assert members(teacher) == [HOST]
    wait_until(
        lambda: teacher.page is not None and teacher.page.teacher.in_charge(CHANNEL),
        10,
        tk_root,
        what="the host's ~",
    )
    assert teacher.page is not None
    assert f"127.0.0.1:{tls_port}" in teacher.page.view.join_line.get()
    assert load_settings().encrypted_only  # remembered for the next lesson
    ana = TlsLineClient(tls_port)
    try:
        ana.register("Ana")
    finally:
        ana.close()


def test_the_option_is_remembered_and_says_who_can_still_join(
    tk_root: tkinter.Tk, port: int
) -> None:
    app = ChatApp(tk_root, Settings(name=HOST, encrypted_only=True))
    try:
        app.start.show("host")
        tk_root.update()
        assert app.start.encrypted_only.get()
        assert app.start.encrypted_only_box.winfo_ismapped()
        hint = app.start.encrypted_only_hint.cget("text")
        assert "chatgui windows can" in hint
        assert "can't join" in hint
    finally:
        stop_app(app)


def test_a_key_that_cant_be_kept_leaves_the_room_open_without_tls_and_says_so(
    teacher: ChatApp, tk_root: tkinter.Tk, port: int
) -> None:
    data_dir().parent.mkdir(parents=True, exist_ok=True)
    data_dir().write_text("not a folder", encoding="utf-8")  # nothing can be kept in it
    teacher.start.show("host")
    teacher.start.encrypted_only.set(True)  # asked for, yet the room must open
    host_room(teacher, tk_root)
    assert not refused(port)
    started = teacher.join_info.started
    assert started is not None
    assert started.tls_port is None
    wait_until(
        lambda: "not encrypted" in transcript_text(teacher),
        10,
        tk_root,
        what="the warning in the room",
    )
    said = transcript_text(teacher)
    assert "Errno" not in said
    assert "Traceback" not in said
    assert teacher.page is not None
    assert teacher.page.view.how_button.cget("text") == "How to join…"  # no code to show


def test_the_windows_announcement_carries_the_tls_port_and_key(
    teacher: ChatApp, tk_root: tkinter.Tk
) -> None:
    found: queue.Queue[ChatEvent] = queue.Queue()
    finder = RoomFinder(found, ("127.0.0.1",))
    finder.start()
    try:
        teacher.start.show("host")
        teacher.start.encrypted_only.set(True)
        host_room(teacher, tk_root)
        tls_port = tls_port_of(teacher)
        fingerprint = room_identity(data_dir()).fingerprint  # this test's own: no other room's
        room: list[RoomFound] = []

        def listed() -> bool:
            while not found.empty():
                event = found.get()
                if isinstance(event, RoomFound) and event.fingerprint == fingerprint:
                    room.append(event)
            return bool(room)

        wait_until(listed, 10, tk_root, what="the room on the network with its key")
        assert room[-1].tls_port == tls_port
        assert room[-1].port == tls_port  # no plain port to announce
        assert room[-1].fingerprint == fingerprint
    finally:
        finder.stop()
