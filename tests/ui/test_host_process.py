"""The host's room runs in a process of its own (net/server_process.py): the window that hosts
shows its message when that process dies, and leaving or quitting leaves no process behind.
The window is a real ChatApp under Xvfb; the room's process is real."""

from __future__ import annotations

import os
import signal
import tkinter

from chatgui.ui import wording
from chatgui.ui.app import ChatApp
from chatgui.ui.chat_view import SERVER
from tests.net.server.test_server_process import gone, refused, wait_gone
from tests.support import wait_until


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


def test_leaving_the_room_ends_its_process(host: ChatApp, port: int) -> None:
    assert host.server is not None
    pid = host.server.pid
    assert pid is not None
    host.leave()
    assert host.server is None
    assert gone(pid), "the room's process outlived the room"
    assert refused(port)
