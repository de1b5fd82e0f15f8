"""The host's room runs in a process of its own (net/server_process.py): the window that hosts
shows its message when that process dies, and leaving or quitting leaves no process behind.

The window never waits for that process: a room that is slow to close (here one stopped with
SIGSTOP, which can't answer until it is killed past its grace) leaves the window serving its
after() callbacks and saying "Closing the room…"; the next room opens once the port is free,
and the window closes once the room has ended. The window is a real ChatApp under Xvfb; the
room's process is real.
"""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import socket
import time
import tkinter
from pathlib import Path

import pytest

from chatgui.ui import wording
from chatgui.ui.app import ChatApp
from chatgui.ui.chat_view import SERVER
from chatgui.ui.hosting import CLOSING_THE_ROOM
from chatgui.ui.settings import Settings
from tests.lineclient import LineClient
from tests.net.server.test_server_process import (
    ENDED_WITHIN_S,
    children,
    gone,
    refused,
    wait_gone,
)
from tests.support import wait_until
from tests.ui.roomkit import CHANNEL, HOST, host_room, members, stop_app

TICK_MS = 20


def served_while_alive(root: tkinter.Misc, pid: int) -> list[int]:
    """An after() callback every TICK_MS, counted while `pid` has not ended: proof that the
    Tk thread kept working while the room's process was there."""
    served: list[int] = []

    def tick() -> None:
        if not gone(pid):
            served.append(pid)
        root.after(TICK_MS, tick)

    root.after(TICK_MS, tick)
    return served


def trackers() -> set[int]:
    """multiprocessing's resource tracker: it ends with the window's process, not before."""
    found = set()
    for pid in children():
        with contextlib.suppress(OSError):
            if b"resource_tracker" in Path(f"/proc/{pid}/cmdline").read_bytes():
                found.add(pid)
    return found


def window_closed(root: tkinter.Tk) -> bool:
    try:
        return not root.winfo_exists()
    except tkinter.TclError:  # "application has been destroyed"
        return True


def frozen_room(app: ChatApp) -> int:
    """The pid of `app`'s room, stopped: it can't close by itself and must be killed."""
    assert app.server is not None
    pid = app.server.pid
    assert pid is not None
    os.kill(pid, signal.SIGSTOP)
    return pid


def test_a_crash_of_the_rooms_process_shows_the_windows_message(
    host: ChatApp, tk_root: tkinter.Tk, port: int
) -> None:
    assert host.server is not None
    pid = host.server.pid
    assert pid is not None
    assert not gone(pid)
    os.kill(pid, signal.SIGKILL)
    said = wording.worker_crashed("server")  # in the Notices; the status bar moves on to
    # the client's reconnecting, whichever of the two the window hears first
    wait_until(
        lambda: host.page is not None and said in host.page.view.open(SERVER).text(),
        10,
        tk_root,
        what="the window saying its room stopped",
    )
    assert wait_gone(pid)
    assert refused(port)


def test_leaving_the_room_ends_its_process(host: ChatApp, tk_root: tkinter.Tk, port: int) -> None:
    assert host.server is not None
    pid = host.server.pid
    assert pid is not None
    host.leave()
    assert host.server is None
    wait_until(lambda: gone(pid), ENDED_WITHIN_S, tk_root, what="the room's process ended")
    assert refused(port)


def test_a_room_slow_to_close_never_freezes_the_window_and_the_next_one_waits_for_it(
    host: ChatApp, tk_root: tkinter.Tk, port: int, caplog: pytest.LogCaptureFixture
) -> None:
    old = frozen_room(host)
    served = served_while_alive(tk_root, old)
    host.leave()
    assert host.page is None, "the start page shows at once"
    host.start.show("host")  # and Host again at once, on the same port
    host.start.room.set("Class chat")
    host.start.open_button.invoke()
    assert host.start.message.get() == CLOSING_THE_ROOM
    wait_until(
        lambda: host.page is not None and members(host) == [HOST],
        ENDED_WITHIN_S + 15,
        tk_root,
        what="the next room, open on the same port",
    )
    assert gone(old)
    assert served, "the window served nothing while its room was closing"
    assert host.server is not None
    assert host.server.pid != old
    assert "ended unasked" not in caplog.text


def test_closing_the_window_while_its_room_closes_waits_without_freezing(
    display: str, port: int, caplog: pytest.LogCaptureFixture
) -> None:
    before = children()
    root = tkinter.Tk(screenName=display)
    app = ChatApp(root, Settings(name=HOST))
    host_room(app, root)
    pid = frozen_room(app)
    served = served_while_alive(root, pid)
    app.quit()
    assert app.page is not None
    assert app.page.view.status.get() == CLOSING_THE_ROOM
    deadline = time.monotonic() + ENDED_WITHIN_S + 5
    while not window_closed(root):  # it closes itself once its room has ended
        root.update()
        assert time.monotonic() < deadline, "the window did not close after its room"
        time.sleep(0.01)
    assert gone(pid)
    assert served, "the window served nothing while its room was closing"
    assert children() - before <= trackers(), "a process of the room outlived the window"
    assert "ended unasked" not in caplog.text


def test_a_window_that_ends_without_quit_closes_its_room(
    display: str, port: int, caplog: pytest.LogCaptureFixture
) -> None:
    """A window destroyed as a whole (as a test's tk_root is) still closes its room: students
    hear that the host closed it, and the room's process never ends "unasked"."""
    root = tkinter.Tk(screenName=display)
    app = ChatApp(root, Settings(name=HOST))
    host_room(app, root)
    assert app.server is not None
    pid = app.server.pid
    assert pid is not None
    sam = LineClient(port)
    try:
        sam.register("Sam")
        sam.send(f"JOIN {CHANNEL}")
        sam.expect(rf" 366 Sam {CHANNEL} ")
        with caplog.at_level(logging.INFO):
            root.destroy()
            sam.expect(r"^ERROR :Closing link: The host closed the room$", ENDED_WITHIN_S)
            assert wait_gone(pid, ENDED_WITHIN_S)
    finally:
        sam.close()
    assert "ended unasked" not in caplog.text


def test_a_room_that_cannot_open_leaves_no_process(
    tk_root: tkinter.Tk, port: int, caplog: pytest.LogCaptureFixture
) -> None:
    before = children()
    with socket.create_server(("127.0.0.1", port)):  # the port is someone else's
        app = ChatApp(tk_root, Settings(name=HOST))
        app.start.show("host")
        app.start.room.set("Class chat")
        app.start.open_button.invoke()
        wait_until(lambda: app.server is None, 20, tk_root, what="the room failing to open")
        assert app.start.message.get() != CLOSING_THE_ROOM
        wait_until(
            lambda: children() - before <= trackers(),
            ENDED_WITHIN_S,
            tk_root,
            what="no room process left",
        )
    stop_app(app)
    assert "ended unasked" not in caplog.text
