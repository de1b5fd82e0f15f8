"""Help → Keyboard shortcuts and Help → About chatgui: two small windows over the room.

Not modal, as every small window of chatgui (ui/dialog.py); Esc, Enter or Close closes them.
"""

import tkinter as tk
from tkinter import ttk

from chatgui import __version__
from chatgui.ui.dialog import button_row, dialog_window
from chatgui.ui.shortcuts import SHORTCUTS

ABOUT = (
    "A chat room for a classroom: one person hosts a room, the others join it from their "
    "own computers. Under the hood the room is a small IRC server."
)


def show_shortcuts(parent: tk.Misc) -> tk.Toplevel:
    """The table of every keyboard shortcut (shortcuts.py), keys on the left, in the window's
    own font, so it grows with Ctrl+plus as the rest does."""
    window, frame = dialog_window(parent, "Keyboard shortcuts")
    table = ttk.Frame(frame)
    table.pack(fill="both", expand=True)
    table.columnconfigure(1, weight=1)
    for row, (keys, what) in enumerate(SHORTCUTS):
        ttk.Label(table, text=keys).grid(row=row, column=0, sticky="nw", padx=(0, 16), pady=2)
        ttk.Label(table, text=what, wraplength=360).grid(row=row, column=1, sticky="nw", pady=2)
    _closed_by_keys(window, button_row(frame, ("Close", window.destroy), pady=(12, 0))[0])
    return window


def show_about(parent: tk.Misc) -> tk.Toplevel:
    """The program's name, its version and what it is."""
    window, frame = dialog_window(parent, "About chatgui")
    ttk.Label(frame, text=f"chatgui {__version__}").pack(anchor="w")
    ttk.Label(frame, text=ABOUT, wraplength=380).pack(anchor="w", pady=(8, 0))
    _closed_by_keys(window, button_row(frame, ("Close", window.destroy), pady=(12, 0))[0])
    return window


def _closed_by_keys(window: tk.Toplevel, close: ttk.Button) -> None:
    for key in ("<Escape>", "<Return>", "<KP_Enter>"):
        window.bind(key, lambda e: window.destroy())
    close.focus_set()
