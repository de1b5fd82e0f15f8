"""Flow: widgets side by side that wrap to a new row when the width runs out, as words do.

Pack and grid keep a row a row: at 800 px with big text the last button of a row is squeezed
or cut. A Flow places its widgets itself, each at the size it asks for, centred in its row,
and asks for as many rows as that takes; it lays them out again when its width or a widget's
size changes. When everything fits in one row, the widgets from `push_from` on go to the
right end of it (a header's title on the left, its buttons on the right).
"""

import tkinter as tk
from collections.abc import Callable, Sequence
from tkinter import ttk

GAP = 6
"""Pixels between two widgets of a row, and between two rows."""


class Flow:
    """A frame whose children (made with `frame` as their parent) are laid out in rows."""

    def __init__(self, parent: tk.Misc, style: str = "TFrame") -> None:
        self.frame = ttk.Frame(parent, style=style, width=1, height=1)
        self.items: list[tk.Widget] = []
        self.push_from: tk.Widget | None = None
        self.rows = 0
        self.on_arranged: Callable[[], None] = lambda: None
        """Told after each layout (the hands panel fits its scrolled area to it)."""
        self._pending: str | None = None
        self._watched: set[str] = set()
        self.frame.bind("<Configure>", lambda e: self.arrange_soon(), add="+")

    def set(self, items: Sequence[tk.Widget]) -> None:
        """Show `items`, in this order; the frame's other children are hidden."""
        for widget in self.items:
            if widget not in items and widget.winfo_exists():
                widget.place_forget()
        self.items = list(items)
        self._watched = {name for name in self._watched if self._exists(name)}
        for widget in self.items:
            if str(widget) not in self._watched:  # its size changes with its text and font
                self._watched.add(str(widget))
                widget.bind("<Configure>", lambda e: self.arrange_soon(), add="+")
        self.arrange()

    def _exists(self, name: str) -> bool:
        """The widget of that path is still there (destroyed ones are forgotten)."""
        return bool(self.frame.tk.getboolean(self.frame.tk.call("winfo", "exists", name)))

    def width(self) -> int:
        """The width the items are laid out in (at least the widest of them)."""
        widest = max((widget.winfo_reqwidth() for widget in self.items), default=1)
        return max(self.frame.winfo_width(), widest)

    def arrange_soon(self) -> None:
        """Lay out once the turn's changes are in (a size change can come with several)."""
        if self._pending is None:
            self._pending = self.frame.after_idle(self.arrange)

    def arrange(self) -> None:
        """Place each item at its own size, left to right, starting a row when one is full."""
        if self._pending is not None:
            self.frame.after_cancel(self._pending)
            self._pending = None
        if not self.frame.winfo_exists():
            return
        width = self.width()
        rows = self._rows(width)
        self.rows = len(rows)
        y = 0
        for number, row in enumerate(rows):
            high = max(widget.winfo_reqheight() for widget in row)
            x = 0
            for widget in row:
                if len(rows) == 1 and widget is self.push_from:
                    x = width - sum(w.winfo_reqwidth() + GAP for w in row[row.index(widget) :])
                    x += GAP
                widget.place(x=x, y=y + (high - widget.winfo_reqheight()) // 2)
                x += widget.winfo_reqwidth() + GAP
            y += high + (GAP if number < len(rows) - 1 else 0)
        height = max(1, y)
        if int(str(self.frame.cget("height"))) != height:
            self.frame.configure(height=height)
        self.on_arranged()

    def _rows(self, width: int) -> list[list[tk.Widget]]:
        rows: list[list[tk.Widget]] = []
        x = 0
        for widget in self.items:
            wide = widget.winfo_reqwidth()
            if not rows or (x and x + wide > width):
                rows.append([])
                x = 0
            rows[-1].append(widget)
            x += wide + GAP
        return rows
