"""What the room's small windows are made of: a window of its own that stays over the room,
its padded frame, and a row of buttons at its right, the first (the dialog's main action) in
the accent colour. Most are not modal: a modal one would stop the event pump and the room
would seem to freeze. Paddings are given at 96 dpi and grow with the screen's scaling; the
colours are the theme's (theme.py gives every new window and widget its colours)."""

import tkinter as tk
from collections.abc import Callable
from tkinter import ttk

from chatgui.ui.theme import scaled

Pad = int | tuple[int, int]
BUTTON_GAP = 6


def dialog_window(parent: tk.Misc, title: str, padding: int = 12) -> tuple[tk.Toplevel, ttk.Frame]:
    """A window titled `title` that stays over `parent`'s window, and the frame to fill."""
    window = tk.Toplevel(parent)
    window.title(title)
    window.transient(parent.winfo_toplevel())
    frame = ttk.Frame(window, padding=scaled(window, padding))
    frame.pack(fill="both", expand=True)
    return window, frame


def button_row(
    frame: ttk.Frame, *buttons: tuple[str, Callable[[], object]], pady: Pad = 0
) -> list[ttk.Button]:
    """Buttons side by side at the right of `frame`, in the order given, a little apart; the
    first is the main action."""
    row = ttk.Frame(frame)
    above, below = (pady, pady) if isinstance(pady, int) else pady
    row.pack(anchor="e", pady=(_scaled_gap(frame, above), _scaled_gap(frame, below)))
    made = [ttk.Button(row, text=text, command=command) for text, command in buttons]
    made[0].configure(style="Accent.TButton")
    for button in made[:-1]:
        button.pack(side="left", padx=(0, scaled(frame, BUTTON_GAP)))
    made[-1].pack(side="left")
    return made


def _scaled_gap(widget: tk.Misc, pixels: int) -> int:
    return scaled(widget, pixels) if pixels else 0
