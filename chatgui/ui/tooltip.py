"""Tooltip: the whole text of something shown shortened, under the pointer while it rests there.

The header's pinned announcement is one line with "…" when it is long; resting the pointer on
it shows all of it (a click opens it in place, for the keyboard and for reading at length).
"""

import tkinter as tk
from collections.abc import Callable
from tkinter import ttk

WRAP = "10c"
"""A tooltip's lines wrap at 10 cm on the screen: a short paragraph, not a banner."""


class Tooltip:
    """Shows `text()` beside `widget` on <Enter> when it is not empty; gone on <Leave>."""

    def __init__(self, widget: tk.Misc, text: Callable[[], str]) -> None:
        self.widget = widget
        self._text = text
        self.window: tk.Toplevel | None = None
        widget.bind("<Enter>", lambda e: self.show(), add="+")
        widget.bind("<Leave>", lambda e: self.hide(), add="+")
        widget.bind("<Button>", lambda e: self.hide(), add="+")

    def shown_text(self) -> str:
        """What the tooltip says now ("" when it is hidden)."""
        if self.window is None:
            return ""
        label = self.window.winfo_children()[0]
        return str(label.cget("text"))

    def show(self) -> None:
        text = self._text()
        self.hide()
        if not text:
            return
        top = self.window = tk.Toplevel(self.widget)
        top.wm_overrideredirect(True)
        label = ttk.Label(
            top, text=text, style="Tooltip.TLabel", padding=(8, 4), justify="left", wraplength=WRAP
        )
        label.pack()
        x = self.widget.winfo_rootx()
        y = self.widget.winfo_rooty() + self.widget.winfo_height() + 2
        top.wm_geometry(f"+{x}+{y}")

    def hide(self) -> None:
        if self.window is not None:
            self.window.destroy()
            self.window = None
