"""What the room's small windows are made of: a window of its own that stays over the room,
its padded frame, a row of buttons at its right with the main one marked (in the accent
colour), and the keys every dialog of today answers (Escape closes; Enter gives the one answer,
where there is one). Most are not modal: a modal one would stop the event pump and the room
would seem to freeze. A tall one is fitted to the screen (fit_on_screen), its body scrolling
for the rest. Paddings are given at 96 dpi and grow with the screen's scaling; the
colours are the theme's (theme.py gives every new window and widget its colours)."""

import tkinter as tk
from collections.abc import Callable
from tkinter import ttk
from typing import Literal

from chatgui.ui.scrolled_body import ScrolledBody
from chatgui.ui.theme import scaled

Pad = int | tuple[int, int]
BUTTON_GAP = 6
"""Pixels between two buttons of a row, at 96 dpi."""
PADDING = 16
"""Pixels round every dialog's content, the same in all of them."""
PRIMARY = "Accent.TButton"
"""The style of a dialog's main button (the theme colours it; without it, a plain button)."""
ROOM_ABOVE = 40
"""Pixels (at 96 dpi) kept free above a dialog fitted to the screen, for its title bar."""
ROOM_BELOW = 48
"""Pixels (at 96 dpi) kept free below it, for a taskbar or a panel."""


def dialog_window(
    parent: tk.Misc, title: str, padding: int = PADDING
) -> tuple[tk.Toplevel, ttk.Frame]:
    """A window titled `title` that stays over `parent`'s window, and the frame to fill."""
    window = tk.Toplevel(parent)
    window.title(title)
    window.transient(parent.winfo_toplevel())
    frame = ttk.Frame(window, padding=scaled(window, padding))
    frame.pack(fill="both", expand=True)
    return window, frame


def button_row(
    frame: ttk.Frame,
    *buttons: tuple[str, Callable[[], object]],
    pady: Pad = (12, 0),
    primary: int | None = 0,
    side: Literal["top", "bottom"] = "top",
) -> list[ttk.Button]:
    """Buttons side by side at the right of `frame`, in the order given, a little apart; the
    one at `primary` (None: none) is the main one. `side`: "bottom" puts the row below what
    is packed after it, and gives it room first when the window is short."""
    row = ttk.Frame(frame)
    above, below = (pady, pady) if isinstance(pady, int) else pady
    gaps = (_scaled_gap(frame, above), _scaled_gap(frame, below))
    row.pack(side=side, anchor="e", pady=gaps)
    made = [ttk.Button(row, text=text, command=command) for text, command in buttons]
    if primary is not None:
        made[primary].configure(style=PRIMARY)
    for button in made[:-1]:
        button.pack(side="left", padx=(0, scaled(frame, BUTTON_GAP)))
    made[-1].pack(side="left")
    return made


def _scaled_gap(widget: tk.Misc, pixels: int) -> int:
    return scaled(widget, pixels) if pixels else 0


def keys(
    window: tk.Toplevel, close: Callable[[], object], answer: Callable[[], object] | None = None
) -> None:
    """Escape and the window's X call `close`; Enter (either key) calls `answer`, if given.
    Then the window can't be made smaller than its content (`no_smaller`)."""
    window.bind("<Escape>", lambda e: close())
    window.protocol("WM_DELETE_WINDOW", close)
    if answer is not None:
        window.bind("<Return>", lambda e: answer())
        window.bind("<KP_Enter>", lambda e: answer())
    no_smaller(window)


def fit_on_screen(window: tk.Toplevel, parent: tk.Misc, body: ScrolledBody) -> None:
    """Put `window` over `parent`'s window and wholly on the screen, its title bar too: no
    taller than the screen has room for (`body` scrolls for the rest, the buttons below it
    stay in view), and shown in full wherever it fits."""
    body.fit_content()
    window.update_idletasks()
    above, below = scaled(window, ROOM_ABOVE), scaled(window, ROOM_BELOW)
    screen_width, screen_height = window.winfo_screenwidth(), window.winfo_screenheight()
    width, height = window.winfo_reqwidth(), window.winfo_reqheight()
    room = screen_height - above - below
    size = ""
    if height > room:
        height = room
        width = min(width + body.bar_width(), screen_width)
        size = f"{width}x{height}"
    over = parent.winfo_toplevel()
    x = over.winfo_rootx() + (over.winfo_width() - width) // 2
    y = over.winfo_rooty() + (over.winfo_height() - height) // 2
    x = max(0, min(x, screen_width - width))
    y = max(above, min(y, screen_height - below - height))
    window.geometry(f"{size}+{x}+{y}")


def no_smaller(window: tk.Toplevel) -> None:
    """The window can't be made smaller than its content: nothing of it gets cut off."""
    window.update_idletasks()
    window.minsize(window.winfo_reqwidth(), window.winfo_reqheight())
