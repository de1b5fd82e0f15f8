"""Opening the chat window: the Tk root, the app, and the shortcuts given on the command line."""

import signal
import tkinter as tk

from chatgui.ui.app import ChatApp


def open_window(name: str = "", join: str | None = None, host: str | None = None) -> str | None:
    """Run the window until it is closed. Returns why it could not open, or None."""
    try:
        root = tk.Tk(className="chatgui")
    except tk.TclError as error:
        return f"no screen to open the window on ({error})"
    app = ChatApp(root)
    # SIGTERM (a logout, a shutdown, a teacher's script) closes the window as its X button does:
    # the room is told and the sockets are closed. The handler only asks Tk to do it.
    signal.signal(signal.SIGTERM, lambda signum, frame: root.after(0, app.quit))
    if join:
        root.after_idle(lambda: app.start.join_now(name, join))
    elif host:
        root.after_idle(lambda: app.start.host_now(name, host))
    elif name:
        app.start.name.set(name)
    root.mainloop()
    return None
