"""Help → Keyboard shortcuts and Help → About chatgui: two small windows over the room.

Not modal, as every small window of chatgui (ui/dialog.py); Esc, Enter or Close closes them.
"""

import tkinter as tk
from tkinter import font as tkfont
from tkinter import ttk

from chatgui import __version__
from chatgui.ui.dialog import button_row, dialog_window
from chatgui.ui.scrolled import with_scrollbar
from chatgui.ui.shortcuts import SHORTCUTS

TABLE_HEIGHT_LINES = 20
"""The shortcuts table's height in lines of text: the whole table at the usual size; with the
text made bigger it scrolls, so the window still fits an 800x600 screen."""

ABOUT = (
    "A chat room for a classroom: one person hosts a room, the others join it from their "
    "own computers. Under the hood the room is a small IRC server."
)


def show_shortcuts(parent: tk.Misc) -> tk.Toplevel:
    """The table of every keyboard shortcut (shortcuts.py), keys on the left, in the window's
    own font and colours; it scrolls when the text is too big for the screen."""
    window, frame = dialog_window(parent, "Keyboard shortcuts")
    style = ttk.Style(parent)
    font = tkfont.nametofont(style.lookup(".", "font") or "TkDefaultFont", root=parent)
    column = max(font.measure(keys) for keys, _ in SHORTCUTS) + font.measure("    ")
    holder = ttk.Frame(frame)
    holder.pack(fill="both", expand=True)
    table = tk.Text(
        holder,
        width=60,
        height=TABLE_HEIGHT_LINES,
        wrap="word",
        font=font,
        tabs=(column,),
        borderwidth=0,
        highlightthickness=0,
        spacing1=2,
        spacing3=2,
        background=style.lookup(".", "background"),
        foreground=style.lookup(".", "foreground"),
    )
    table.tag_configure("row", lmargin2=column)  # a long line goes on under its words
    for keys, what in SHORTCUTS:
        table.insert("end", f"{keys}\t{what}\n", "row")
    table.configure(state="disabled")
    with_scrollbar(table, holder)
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
