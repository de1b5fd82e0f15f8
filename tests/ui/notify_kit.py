"""What the notification tests watch with, all real: another program's window that takes the
keyboard focus, the X server's own count of bells (XKB BellNotify events, read through
libX11 by ctypes), and a private D-Bus session bus with dbus-monitor listening on it.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import shutil
import subprocess
import sys
import tkinter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.support import wait_until

OTHER_WINDOW = """
import sys, tkinter
root = tkinter.Tk()
root.title("another program")
root.geometry("200x100+600+0")
def hold():
    root.focus_force()
    root.after(200, hold)
root.after(0, hold)
root.createfilehandler(sys.stdin, tkinter.READABLE, lambda *a: root.destroy())
root.mainloop()
"""


@contextmanager
def another_window_focused(root: tkinter.Tk) -> Iterator[None]:
    """Another program's window has the keyboard focus until the block ends: ours is behind.
    Ours has it first: with no window manager, focus that followed the pointer would stay."""
    focus_back(root)
    other = subprocess.Popen([sys.executable, "-c", OTHER_WINDOW], stdin=subprocess.PIPE)
    try:
        wait_until(lambda: root.focus_displayof() is None, 10, root, what="the focus elsewhere")
        yield
    finally:
        assert other.stdin is not None
        other.stdin.close()
        other.wait(timeout=10)


def focus_back(root: tkinter.Tk) -> None:
    """The person comes back to the window (clicks it)."""

    def focused() -> bool:
        root.focus_force()
        return root.focus_displayof() is not None

    wait_until(focused, 10, root, what="the focus back in the window")


_XKB_USE_CORE_KEYBOARD = 0x100
_XKB_BELL_NOTIFY_MASK = 1 << 8


class Bells:
    """Counts the bells the X server rings, as any program on the display could see them."""

    def __init__(self) -> None:
        name = ctypes.util.find_library("X11")
        if name is None:
            pytest.skip("libX11 is not there to count the X server's bells")
        x11 = self._x11 = ctypes.CDLL(name)
        x11.XOpenDisplay.restype = ctypes.c_void_p
        x11.XOpenDisplay.argtypes = [ctypes.c_char_p]
        int_pointer = ctypes.POINTER(ctypes.c_int)
        x11.XkbQueryExtension.argtypes = [ctypes.c_void_p, *[int_pointer] * 5]
        x11.XkbSelectEvents.argtypes = [
            ctypes.c_void_p,
            ctypes.c_uint,
            ctypes.c_ulong,
            ctypes.c_ulong,
        ]
        x11.XSync.argtypes = [ctypes.c_void_p, ctypes.c_int]
        x11.XPending.argtypes = [ctypes.c_void_p]
        x11.XNextEvent.argtypes = [ctypes.c_void_p, ctypes.c_void_p]
        x11.XCloseDisplay.argtypes = [ctypes.c_void_p]
        self._display = x11.XOpenDisplay(os.environ["DISPLAY"].encode())
        assert self._display, "the X display could not be opened"
        numbers = [ctypes.c_int(1 if n == 3 else 0) for n in range(5)]  # XKB 1.0 asked for
        if not x11.XkbQueryExtension(self._display, *(ctypes.byref(n) for n in numbers)):
            pytest.skip("this X server has no XKB, which says when a bell rings")
        self._event_type = numbers[1].value
        mask = _XKB_BELL_NOTIFY_MASK
        x11.XkbSelectEvents(self._display, _XKB_USE_CORE_KEYBOARD, mask, mask)
        x11.XSync(self._display, 0)
        self.rung = 0

    def count(self) -> int:
        """Bells rung since this counter started."""
        self._x11.XSync(self._display, 0)
        event = (ctypes.c_long * 48)()
        while self._x11.XPending(self._display):
            self._x11.XNextEvent(self._display, event)
            if ctypes.cast(event, ctypes.POINTER(ctypes.c_int))[0] == self._event_type:
                self.rung += 1
        return self.rung

    def close(self) -> None:
        self._x11.XCloseDisplay(self._display)


class SessionBus:
    """A D-Bus session bus of the test's own, and what dbus-monitor saw reach
    org.freedesktop.Notifications on it."""

    def __init__(self, folder: Path) -> None:
        daemon, monitor = shutil.which("dbus-daemon"), shutil.which("dbus-monitor")
        if daemon is None or monitor is None or shutil.which("gdbus") is None:
            pytest.skip(
                "dbus-daemon, dbus-monitor or gdbus is missing "
                "(Debian: dbus-daemon, dbus-bin, libglib2.0-bin)"
            )
        self.daemon = subprocess.Popen(
            [daemon, "--session", "--nofork", "--print-address=1"],
            stdout=subprocess.PIPE,
            stdin=subprocess.DEVNULL,
        )
        assert self.daemon.stdout is not None
        self.address = self.daemon.stdout.readline().decode().strip()
        assert self.address.startswith("unix:"), f"no bus address: {self.address!r}"
        self.log = folder / "dbus-monitor.txt"
        with self.log.open("wb") as out:
            self.monitor = subprocess.Popen(
                [monitor, "--address", self.address, "interface='org.freedesktop.Notifications'"],
                stdout=out,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
            )
        wait_until(lambda: "NameAcquired" in self.seen(), 10, what="dbus-monitor on the bus")

    def seen(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def notifications(self) -> list[str]:
        """The Notify calls seen, each as dbus-monitor printed it (call and arguments)."""
        calls = self.seen().split("method call ")[1:]
        return [call for call in calls if "member=Notify" in call]

    def close(self) -> None:
        for process in (self.monitor, self.daemon):
            process.terminate()
            process.wait(timeout=10)
        assert self.daemon.stdout is not None
        self.daemon.stdout.close()


@pytest.fixture
def bells(display: str) -> Iterator[Bells]:
    counter = Bells()
    yield counter
    counter.close()


@pytest.fixture
def session_bus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[SessionBus]:
    """The window's session bus for this test: desktop notifications go there."""
    bus = SessionBus(tmp_path)
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", bus.address)
    yield bus
    bus.close()
