"""What the room's small windows are made of: a window of its own that stays over the room,
its padded frame, and a row of buttons at its right. Most are not modal: a modal one would
stop the event pump and the room would seem to freeze."""

import tkinter as tk
from collections.abc import Callable
from tkinter import ttk

Pad = int | tuple[int, int]


def dialog_window(parent: tk.Misc, title: str, padding: int = 12) -> tuple[tk.Toplevel, ttk.Frame]:
    """A window titled `title` that stays over `parent`'s window, and the frame to fill."""
    window = tk.Toplevel(parent)
    window.title(title)
    window.transient(parent.winfo_toplevel())
    frame = ttk.Frame(window, padding=padding)
    frame.pack(fill="both", expand=True)
    return window, frame


def button_row(
    frame: ttk.Frame, *buttons: tuple[str, Callable[[], object]], pady: Pad = 0
) -> list[ttk.Button]:
    """Buttons side by side at the right of `frame`, in the order given, a little apart."""
    row = ttk.Frame(frame)
    row.pack(anchor="e", pady=pady)
    made = [ttk.Button(row, text=text, command=command) for text, command in buttons]
    for button in made[:-1]:
        button.pack(side="left", padx=(0, 6))
    made[-1].pack(side="left")
    return made
