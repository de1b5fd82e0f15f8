"""A dialog's body that scrolls only when the screen is too short for it.

On a school projector (800x600, the text made bigger) a tall dialog would reach past the
screen's edge, its title bar or its buttons out of reach. Its body goes in a ScrolledBody: the
body asks for its whole size, so wherever there is room it shows in full, with no scrollbar;
given less (dialog.fit_on_screen), it scrolls, by the scrollbar, the mouse wheel, and by
itself to the widget Tab moves to. The buttons stay outside it, always in view.
"""

import tkinter as tk
from tkinter import ttk

from chatgui.ui.scrolled import with_scrollbar
from chatgui.ui.ttk_styles import scaled

BAR_GAP = 8
"""Pixels (at 96 dpi) between the content and the scrollbar, when there is one."""


class ScrolledBody:
    """`frame` is packed by the dialog; its content goes into `inner`."""

    def __init__(self, parent: tk.Misc) -> None:
        self.frame = ttk.Frame(parent)
        self.canvas = tk.Canvas(self.frame, borderwidth=0, highlightthickness=0, width=1, height=1)
        self.inner = ttk.Frame(self.canvas)
        self._item = self.canvas.create_window(0, 0, anchor="nw", window=self.inner)
        self.bar = with_scrollbar(self.canvas, self.frame)
        self.bar.grid_configure(padx=(scaled(self.frame, BAR_GAP), 0))
        self.inner.bind("<Configure>", lambda e: self.fit_content())
        self.canvas.bind("<Configure>", self._fill_width)
        window = parent.winfo_toplevel()
        window.bind("<MouseWheel>", lambda e: self._scroll(-1 if e.delta > 0 else 1), add="+")
        window.bind("<Button-4>", lambda e: self._scroll(-1), add="+")  # X11's wheel
        window.bind("<Button-5>", lambda e: self._scroll(1), add="+")
        window.bind("<FocusIn>", self._show_focused, add="+")

    def fit_content(self) -> None:
        """Ask for the content's whole size (call once it is made; later changes follow)."""
        self.inner.update_idletasks()
        width, height = self.inner.winfo_reqwidth(), self.inner.winfo_reqheight()
        self.canvas.configure(width=width, height=height, scrollregion=(0, 0, width, height))

    def bar_width(self) -> int:
        """Pixels the scrollbar takes beside the content when it shows, its gap included."""
        return self.bar.winfo_reqwidth() + scaled(self.frame, BAR_GAP)

    def scrolls(self) -> bool:
        """True when part of the content is out of view."""
        return self.canvas.yview() != (0.0, 1.0)

    def _fill_width(self, event: "tk.Event[tk.Canvas]") -> None:
        self.canvas.itemconfigure(self._item, width=event.width)

    def _scroll(self, step: int) -> None:
        if self.scrolls():
            self.canvas.yview_scroll(step, "units")

    def _show_focused(self, event: "tk.Event[tk.Misc]") -> None:
        """A widget of the body got the focus (Tab): scroll it into view."""
        widget = event.widget
        if not isinstance(widget, tk.Misc) or not str(widget).startswith(f"{self.inner}."):
            return
        total = self.inner.winfo_height()
        if total <= 1 or not self.scrolls():
            return
        top = widget.winfo_rooty() - self.inner.winfo_rooty()
        bottom = top + widget.winfo_height()
        first, last = (float(f) * total for f in self.canvas.yview())
        if top < first:
            self.canvas.yview_moveto(top / total)
        elif bottom > last:
            self.canvas.yview_moveto((bottom - (last - first)) / total)
