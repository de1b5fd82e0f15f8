"""Opening the chat window: the Tk root, the app, and the shortcuts given on the command line."""

import logging
import signal
import tkinter as tk
from types import FrameType

from chatgui.resources import asset_path
from chatgui.ui.app import ChatApp

log = logging.getLogger(__name__)
CLOSING_SIGNALS = (signal.SIGTERM, signal.SIGINT)
ICON_FILES = ("chatgui.png", "chatgui-32.png")  # large first; the window manager picks a size


def open_window(
    name: str = "", join: str | None = None, host: str | None = None, host_key: str = ""
) -> str | None:
    """Run the window until it is closed. Returns why it could not open, or None.

    host_key: with `join`, the key a `serve` room printed, to become its host."""
    try:
        root = tk.Tk(className="chatgui")
    except tk.TclError as error:
        return f"no screen to open the window on ({error})"
    set_icon(root)
    app = ChatApp(root)
    _close_on_signals(root, app)
    if join:
        root.after_idle(lambda: app.start.join_now(name, join, host_key))
    elif host:
        root.after_idle(lambda: app.start.host_now(name, host))
    elif name:
        app.start.name.set(name)
    root.mainloop()
    app.discovery.wait_ended()  # the window has gone: the goodbyes go out before the end
    return None


def _close_on_signals(root: tk.Tk, app: ChatApp) -> None:
    """SIGTERM (a logout, a shutdown, a teacher's script) and Ctrl-C close the window as its X
    button does: the room is told and the sockets are closed. The handler only asks Tk to do it.

    Only the first signal counts: in the one-file build Ctrl-C arrives twice (from the terminal
    and again forwarded by the bootloader), and the window must not be closed twice.
    """

    def close(signum: int, frame: FrameType | None) -> None:
        for number in CLOSING_SIGNALS:
            signal.signal(number, signal.SIG_IGN)
        root.after(0, app.quit)

    for number in CLOSING_SIGNALS:
        signal.signal(number, close)


def set_icon(root: tk.Tk) -> None:
    """Give the window (and every window it opens later) the speech-bubble icon.

    A missing or unreadable icon file only costs the icon: the window opens anyway.
    """
    try:
        images = [tk.PhotoImage(master=root, file=asset_path(name)) for name in ICON_FILES]
    except tk.TclError as error:
        log.warning("no window icon: %s", error)
        return
    root.iconphoto(True, *images)
