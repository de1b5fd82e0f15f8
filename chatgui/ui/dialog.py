"""What the room's small windows are made of: a window of its own that stays over the room,
its padded frame, a row of buttons at its right with the main one marked (in the accent
colour), and the keys every dialog of today answers (Escape closes; Enter gives the one answer,
where there is one). Most are not modal: a modal one would stop the event pump and the room
would seem to freeze. Paddings are given at 96 dpi and grow with the screen's scaling; the
colours are the theme's (theme.py gives every new window and widget its colours)."""

import tkinter as tk
from collections.abc import Callable
from tkinter import ttk

from chatgui.ui.theme import scaled

Pad = int | tuple[int, int]
BUTTON_GAP = 6
"""Pixels between two buttons of a row, at 96 dpi."""
PADDING = 16
"""Pixels round every dialog's content, the same in all of them."""
PRIMARY = "Accent.TButton"
"""The style of a dialog's main button (the theme colours it; without it, a plain button)."""


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
) -> list[ttk.Button]:
    """Buttons side by side at the right of `frame`, in the order given, a little apart; the
    one at `primary` (None: none) is the main one."""
    row = ttk.Frame(frame)
    above, below = (pady, pady) if isinstance(pady, int) else pady
    row.pack(anchor="e", pady=(_scaled_gap(frame, above), _scaled_gap(frame, below)))
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


def no_smaller(window: tk.Toplevel) -> None:
    """The window can't be made smaller than its content: nothing of it gets cut off."""
    window.update_idletasks()
    window.minsize(window.winfo_reqwidth(), window.winfo_reqheight())
