"""ChoiceList: a window that lists things and acts on the one chosen (the room's bans, its
private questions), beside a sentence that says what an empty list means, and Close."""

import tkinter as tk
from collections.abc import Callable, Sequence
from tkinter import ttk

from chatgui.ui.dialog import button_row, dialog_window, keys, no_smaller
from chatgui.ui.listbox_choice import selected_index
from chatgui.ui.scrolled import with_scrollbar


class ChoiceList:
    """Not modal. `fill()` again brings the list up to date while it is open."""

    def __init__(
        self,
        parent: tk.Misc,
        title: str,
        intro: str,
        size: tuple[int, int, int],
        action: str,
        on_action: Callable[[str], None],
    ) -> None:
        """`size`: the sentence's wrap length, the list's height in rows and width in letters.
        on_action(key) gets the key of the row chosen when the button is pressed."""
        self._on_action = on_action
        self.keys: list[str] = []
        self.window, frame = dialog_window(parent, title)
        wrap, height, width = size
        ttk.Label(frame, text=intro, wraplength=wrap).pack(anchor="w")
        listed = ttk.Frame(frame)
        listed.pack(fill="both", expand=True, pady=8)
        self.list = tk.Listbox(listed, height=height, width=width, exportselection=False)
        with_scrollbar(self.list, listed)
        self.list.bind("<Return>", lambda e: self.act())
        self.empty = ttk.Label(frame, text="")
        self.empty.pack(anchor="w")
        self.button, _ = button_row(frame, (action, self.act), ("Close", self.window.destroy))
        keys(self.window, self.window.destroy)
        self.list.focus_set()

    def fill(self, rows: Sequence[tuple[str, str]], empty: str) -> None:
        """The rows as (key, what is shown); `empty` is said when there are none."""
        self.keys = [key for key, _ in rows]
        self.list.delete(0, "end")
        for _, shown in rows:
            self.list.insert("end", shown)
        self.empty.configure(text=empty)
        if rows:  # no empty line between a full list and its buttons
            self.empty.pack_forget()
        else:
            self.empty.pack(anchor="w", before=self.button.master)
        no_smaller(self.window)
        self.button.state(["!disabled"] if rows else ["disabled"])

    def act(self) -> None:
        chosen = selected_index(self.list)
        if chosen is not None and chosen < len(self.keys):
            self._on_action(self.keys[chosen])

    def is_open(self) -> bool:
        return bool(self.window.winfo_exists())
