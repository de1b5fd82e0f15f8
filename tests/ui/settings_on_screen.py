"""Run as a program (`python -m tests.ui.settings_on_screen`) on the display in $DISPLAY:
opens the window as a teacher has it on a projector (Ctrl+plus three times), then View →
Settings…, and prints where its parts are, as JSON, for tests/ui/test_settings_fits_the_screen.

A program of its own because a Tk that has opened a display can't let go of it: that
display's Xvfb ending later would end the whole test process (Xlib's fatal I/O error).
"""

from __future__ import annotations

import json
import sys
import tkinter

from chatgui.ui.app import ChatApp
from chatgui.ui.dialog import ROOM_ABOVE
from chatgui.ui.settings import Settings
from chatgui.ui.theme import scaled

Box = tuple[int, int, int, int]
"""left, top, right, bottom on the screen, in pixels."""


def box(widget: tkinter.Misc) -> Box:
    left, top = widget.winfo_rootx(), widget.winfo_rooty()
    return left, top, left + widget.winfo_width(), top + widget.winfo_height()


def measure() -> dict[str, object]:
    root = tkinter.Tk(className="chatgui")
    try:
        app = ChatApp(root, Settings(name="Ms_Rivera"))
        root.update()
        for _ in range(3):
            app.looks.zoom(1)
        app.open_settings()
        dialog = app.settings_dialog
        assert dialog is not None
        root.update()
        window, body = dialog.window, dialog.body
        said: dict[str, object] = {
            "screen": [window.winfo_screenwidth(), window.winfo_screenheight()],
            "room_above": scaled(window, ROOM_ABOVE),
            "dialog": box(window),
            "close": box(dialog.close_button),
            "close_shown": bool(dialog.close_button.winfo_ismapped()),
            "scrolls": body.scrolls(),
        }
        body.canvas.yview_moveto(1.0)
        root.update()
        said["body_shown"] = box(body.canvas)
        said["body_end"] = box(body.inner.pack_slaves()[-1])  # the room's part, at the end
        return said
    finally:
        root.destroy()


if __name__ == "__main__":
    sys.stdout.write(json.dumps(measure()) + "\n")
