"""Scrollbars that appear only when there is more than fits, as in every chat app of today.

`with_scrollbar(box)` puts a vertical ttk scrollbar beside a Text, Listbox, Treeview or
Canvas that sits alone in its own frame (`box.master`), and hides it again whenever the
whole content is in view.
"""

import tkinter as tk
from tkinter import ttk

Scrollable = tk.Text | tk.Listbox | ttk.Treeview | tk.Canvas
"""What `with_scrollbar` takes: every widget that scrolls up and down."""


class AutoScrollbar(ttk.Scrollbar):
    """A vertical scrollbar that removes itself while everything is in view."""

    def set(self, first: float | str, last: float | str) -> None:
        """Tk's yscrollcommand: the view now shows `first` to `last` of the content. The bar
        is put in or taken out only when that changes (each is a new layout of the frame)."""
        needed = not (float(first) <= 0.0 and float(last) >= 1.0)
        if needed != bool(self.winfo_manager()):
            if needed:
                self.grid()
            else:
                self.grid_remove()
        super().set(first, last)


def with_scrollbar(box: Scrollable, master: tk.Misc) -> AutoScrollbar:
    """Grid `box` to fill `master` (its own frame) with a scrollbar on its right, shown
    only when needed."""
    bar = AutoScrollbar(master, orient="vertical", command=box.yview)
    box.grid(row=0, column=0, sticky="nsew")
    bar.grid(row=0, column=1, sticky="ns")
    master.grid_rowconfigure(0, weight=1)
    master.grid_columnconfigure(0, weight=1)
    box.configure(yscrollcommand=bar.set)
    return bar
