"""Ask: a small window with one question, a text field and OK / Cancel.

Not modal: the chat goes on while it is open (a modal dialog would stop the event pump, and
the room would seem to freeze). OK or Enter hands the answer to `on_answer`; Cancel, Escape
or the window's X close it with nothing done.
"""

import tkinter as tk
from collections.abc import Callable
from tkinter import ttk
from typing import TypedDict

from chatgui.ui.dialog import button_row, dialog_window, keys


class AskOptions(TypedDict, total=False):
    """Ask's keywords, for a caller that passes them on."""

    initial: str
    warning: str
    allow_empty: bool
    secret: bool


class Ask:
    """One question. `warning`, if given, is shown in bold above the field; `secret` shows
    dots instead of the answer (a password must not be read off a projected screen)."""

    def __init__(
        self,
        parent: tk.Misc,
        title: str,
        question: str,
        on_answer: Callable[[str], None],
        initial: str = "",
        warning: str = "",
        allow_empty: bool = False,
        secret: bool = False,
    ) -> None:
        self._on_answer = on_answer
        self._allow_empty = allow_empty
        self.window, frame = dialog_window(parent, title)
        if warning:
            ttk.Label(frame, text=warning, wraplength=380, font="TkHeadingFont").pack(
                anchor="w", pady=(0, 8)
            )
        ttk.Label(frame, text=question, wraplength=380).pack(anchor="w")
        self.answer = tk.StringVar(parent, value=initial)
        shown_as = "•" if secret else ""
        self.entry = ttk.Entry(frame, textvariable=self.answer, width=44, show=shown_as)
        self.entry.pack(fill="x", pady=8)
        self.ok_button, _ = button_row(frame, ("OK", self.ok), ("Cancel", self.cancel), pady=0)
        keys(self.window, self.cancel, self.ok)
        self.entry.focus_set()
        self.entry.select_range(0, "end")

    def ok(self) -> None:
        text = self.answer.get().strip()
        if not text and not self._allow_empty:
            self.entry.focus_set()
            return
        self.window.destroy()
        self._on_answer(text)

    def cancel(self) -> None:
        self.window.destroy()

    def is_open(self) -> bool:
        return bool(self.window.winfo_exists())
