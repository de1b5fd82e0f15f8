"""WordFilterDialog: the host edits the words the room refuses or masks.

One word per line; "Refuse the message" (block) or "Show the word as ***" (mask). Matching
ignores case and accents and takes whole words only (the server does it, docs/protocol.md).
A list the server can't use keeps the window open with the reason shown.
"""

import tkinter as tk
from collections.abc import Callable
from tkinter import ttk

from chatgui.ui.dialog import button_row, dialog_window, keys
from chatgui.ui.scrolled import with_scrollbar


class WordFilterDialog:
    """Not modal: the room goes on while the host edits the list."""

    def __init__(
        self,
        parent: tk.Misc,
        words: list[str],
        action: str,
        on_save: Callable[[list[str], str], str | None],
    ) -> None:
        self._on_save = on_save
        self.window, frame = dialog_window(parent, "Word filter")
        ttk.Label(
            frame,
            text="Words this room does not allow, one per line. Capitals and accents don't "
            'matter; only whole words count ("class" does not catch "classic").',
            wraplength=380,
        ).pack(anchor="w")
        listed = ttk.Frame(frame)
        listed.pack(fill="both", expand=True, pady=8)
        self.words = tk.Text(listed, width=40, height=10, wrap="none")
        self.words.insert("1.0", "\n".join(words))
        with_scrollbar(self.words, listed)
        self.action = tk.StringVar(parent, value=action)
        ttk.Radiobutton(
            frame,
            text="Refuse the message (the sender is told)",
            value="block",
            variable=self.action,
        ).pack(anchor="w")
        ttk.Radiobutton(
            frame, text="Send it with the word shown as ***", value="mask", variable=self.action
        ).pack(anchor="w")
        self.problem = tk.StringVar(parent)
        ttk.Label(frame, textvariable=self.problem, style="Error.TLabel", wraplength=380).pack(
            anchor="w", pady=(6, 0)
        )
        self.save_button, _ = button_row(
            frame, ("Save", self.save), ("Cancel", self.window.destroy)
        )
        keys(self.window, self.window.destroy)  # Enter makes a new line in the list
        self.words.bind("<Control-Return>", lambda e: self.save())
        self.words.focus_set()

    def save(self) -> None:
        listed = self.words.get("1.0", "end").splitlines()
        words = [word.strip() for word in listed if word.strip()]
        problem = self._on_save(words, self.action.get())
        if problem:
            self.problem.set(problem)
        else:
            self.window.destroy()

    def is_open(self) -> bool:
        return bool(self.window.winfo_exists())
