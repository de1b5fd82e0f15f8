"""Window tests: Tk objects that die in reference cycles are collected on the main thread.

A ChatApp (or a ChatView left behind by leave()) holds Tk variables in reference cycles. If the
cyclic garbage collector happens to run on a worker thread (the app's server or client), their
__del__ calls Tcl from that thread, which raises "main thread is not in main loop" in a test
(there is no mainloop) and pytest's unraisable-exception check fails some later, innocent test.
This fixture is set up before `tk_root`, so its collection runs after the root is destroyed,
on the main thread.
"""

from __future__ import annotations

import gc
import tkinter
from collections.abc import Iterator
from pathlib import Path

import pytest

from chatgui.ui.app import ChatApp
from chatgui.ui.settings import Settings
from tests.support import free_port, wait_until
from tests.ui.roomkit import CHANNEL, HOST, host_room, stop_app


@pytest.fixture(autouse=True)
def collect_tk_garbage_on_the_main_thread() -> Iterator[None]:
    gc.collect()
    yield
    gc.collect()


@pytest.fixture(autouse=True)
def no_desktop_notifications(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No window under test reaches the desktop's real session bus: a test that watches
    notifications gives its own (tests/ui/notify_kit.py)."""
    monkeypatch.delenv("DBUS_SESSION_BUS_ADDRESS", raising=False)
    runtime = tmp_path / "runtime"
    runtime.mkdir(mode=0o700)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(runtime))


@pytest.fixture
def port(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> int:
    """Rooms hosted in this test listen on 127.0.0.1 only, on a free port; files go to tmp."""
    chosen = free_port()
    monkeypatch.setenv("CHATGUI_BIND", "127.0.0.1")
    monkeypatch.setenv("CHATGUI_PORT", str(chosen))
    monkeypatch.setenv("CHATGUI_HOME", str(tmp_path / "home"))
    return chosen


@pytest.fixture
def host(tk_root: tkinter.Tk, port: int) -> Iterator[ChatApp]:
    """Ms_Rivera's window, hosting the room on `port` and shown as its host (~)."""
    app = ChatApp(tk_root, Settings(name=HOST))
    tk_root.geometry("900x640+0+0")
    host_room(app, tk_root)
    wait_until(
        lambda: app.page is not None and app.page.teacher.in_charge(CHANNEL),
        10,
        tk_root,
        what="the host's ~ in the list",
    )
    yield app
    stop_app(app)


@pytest.fixture
def student(display: str, port: int) -> Iterator[tuple[ChatApp, tkinter.Tk]]:
    """Sam's window in this process, on its own Tk root: a student's PC."""
    root = tkinter.Tk(screenName=display)
    root.geometry("700x500+300+100")
    app = ChatApp(root, Settings(name="Sam"))
    yield app, root
    stop_app(app)
    root.destroy()
