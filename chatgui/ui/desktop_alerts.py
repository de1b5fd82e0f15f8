"""Each platform's way to say "a message came", one function each, without a new dependency.

- Windows: the taskbar button flashes (user32.FlashWindowEx, through ctypes, on the window's
  frame) until the window is brought forward. Windows has no desktop notification here: a
  toast needs a library (desktop-notifier) or Tk 9's `tk sysnotify` after a `tk systray`.
- macOS: the Dock icon bounces (`wm attributes . -notify 1`); on Tk 9 a notification too
  (`tk sysnotify`, when the person allowed the program's notifications).
- Linux and the BSDs: a desktop notification over D-Bus (org.freedesktop.Notifications.Notify),
  sent by `gdbus`, run in the background: the Tk thread never waits for it.
- Tk 9 anywhere: the unread count on the program's icon (`wm iconbadge`).
Every function does nothing where its way is missing; none raises.
"""

import logging
import os
import shutil
import subprocess
import sys
import threading
import tkinter as tk
from pathlib import Path

log = logging.getLogger(__name__)
APP_NAME = "chatgui"
NOTIFICATION_SHOWN_MS = 8000
"""How long a desktop notification stays, where the desktop lets the program say."""


def _windowing(root: tk.Misc) -> str:
    return str(root.tk.call("tk", "windowingsystem"))  # "x11", "win32" or "aqua"


def show_badge(root: tk.Tk, count: int) -> None:
    """Tk 9: the count on the program's icon (none at 0). Tk 8.6 has no badge: the count is
    in the title (notify.py) on every version."""
    if tk.TkVersion < 9:
        return
    try:
        root.tk.call("wm", "iconbadge", root, count or "")
    except tk.TclError as problem:  # X11 without an icon photo, for one
        log.debug("no icon badge: %s", problem)


def request_attention(root: tk.Tk) -> None:
    """Windows: flash the taskbar button; macOS: bounce the Dock icon. Elsewhere the title's
    count is the sign (Tk 8.6 can't set X11's urgency hint)."""
    if sys.platform == "win32":
        _flash_taskbar(root)
    elif _windowing(root) == "aqua":
        try:
            root.tk.call("wm", "attributes", root, "-notify", 1)
        except tk.TclError as problem:
            log.debug("the Dock icon can't bounce: %s", problem)


if sys.platform == "win32":
    import ctypes
    from ctypes import wintypes

    class _FlashInfo(ctypes.Structure):
        _fields_ = [
            ("cbSize", wintypes.UINT),
            ("hwnd", wintypes.HWND),
            ("dwFlags", wintypes.DWORD),
            ("uCount", wintypes.UINT),
            ("dwTimeout", wintypes.DWORD),
        ]

    _FLASH_ALL_UNTIL_FOREGROUND = 0x3 | 0xC  # FLASHW_ALL | FLASHW_TIMERNOFG

    def _flash_taskbar(root: tk.Tk) -> None:
        """The taskbar button flashes until the window comes forward (FlashWindowEx)."""
        try:
            frame = int(root.wm_frame(), 16)
            info = _FlashInfo(ctypes.sizeof(_FlashInfo), frame, _FLASH_ALL_UNTIL_FOREGROUND, 0, 0)
            ctypes.windll.user32.FlashWindowEx(ctypes.byref(info))
        except (OSError, ValueError, tk.TclError) as problem:
            log.debug("the taskbar button can't flash: %s", problem)

else:

    def _flash_taskbar(root: tk.Tk) -> None:
        """Only Windows has FlashWindowEx."""


def can_notify(root: tk.Misc) -> bool:
    """Whether this computer shows our desktop notifications (Settings says so)."""
    if _windowing(root) == "aqua":
        return tk.TkVersion >= 9
    return _linux_bus() is not None


def notify(root: tk.Misc, heading: str, text: str) -> bool:
    """A desktop notification, sent without waiting for it; False where there is none.
    `heading` and `text` are plain and bounded already (notify.notification_words)."""
    if _windowing(root) == "aqua":
        return tk.TkVersion >= 9 and _sysnotify(root, heading, text)
    gdbus = _linux_bus()
    return gdbus is not None and _send_over_dbus(gdbus, heading, text)


def _sysnotify(root: tk.Misc, heading: str, text: str) -> bool:
    try:
        root.tk.call("tk", "sysnotify", heading, text)
    except tk.TclError as problem:
        log.debug("no notification: %s", problem)
        return False
    return True


def _linux_bus() -> str | None:
    """`gdbus`, when there is a session bus to talk to (never one autolaunched for us)."""
    if sys.platform in ("win32", "darwin"):
        return None
    runtime = os.environ.get("XDG_RUNTIME_DIR", "")
    has_bus = "DBUS_SESSION_BUS_ADDRESS" in os.environ or (
        runtime != "" and Path(runtime, "bus").exists()
    )
    return shutil.which("gdbus") if has_bus else None


def gvariant_string(text: str) -> str:
    """`text` as a GVariant string literal, which `gdbus call` reads as exactly that string."""
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


def body_markup(text: str) -> str:
    """Plain text for a notification's body, which the desktop may read as markup."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _send_over_dbus(gdbus: str, heading: str, text: str) -> bool:
    """org.freedesktop.Notifications.Notify over the session bus, in a process of its own,
    which a small thread waits for (and reaps) so the Tk thread never does."""
    command = [
        gdbus,
        "call",
        "--session",
        "--timeout=5",
        "--dest=org.freedesktop.Notifications",
        "--object-path=/org/freedesktop/Notifications",
        "--method=org.freedesktop.Notifications.Notify",
        gvariant_string(APP_NAME),
        "uint32 0",  # replaces no earlier notification
        "''",  # no icon
        gvariant_string(heading),
        gvariant_string(body_markup(text)),
        "@as []",  # no actions
        "@a{sv} {}",  # no hints
        f"int32 {NOTIFICATION_SHOWN_MS}",
    ]
    try:
        call = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
    except OSError as problem:
        log.info("no desktop notification: %s", problem)
        return False
    threading.Thread(target=call.wait, name="chatgui-notify", daemon=True).start()
    return True
