"""Before a transcript with private questions in it is saved: keep them, marked as seen by the
host and helpers only, or leave them out. The saver chooses; Cancel saves nothing."""

import tkinter as tk
from collections.abc import Callable
from tkinter import ttk

from chatgui.ui.dialog import button_row, dialog_window, keys
from chatgui.ui.export import LEFT_OUT, MARKED


class SaveChoice:
    """Asks once; on_choice(MARKED or LEFT_OUT) goes on to the file dialog."""

    def __init__(self, parent: tk.Misc, count: int, on_choice: Callable[[str], None]) -> None:
        self._on_choice = on_choice
        self.window, frame = dialog_window(parent, "Save transcript")
        questions = "1 private question" if count == 1 else f"{count} private questions"
        ttk.Label(
            frame,
            text=f"This conversation has {questions} to the host and helpers, which the class "
            "did not see. Put them in the saved file?",
            wraplength=400,
        ).pack(anchor="w", pady=(0, 10))
        self.keep_button, self.leave_button, _ = button_row(
            frame,
            ("Keep them, marked", lambda: self._chose(MARKED)),
            ("Leave them out", lambda: self._chose(LEFT_OUT)),
            ("Cancel", self.window.destroy),
            pady=0,
            primary=1,  # the careful answer, where the cursor is
        )
        keys(self.window, self.window.destroy)  # three answers: Enter chooses none of them
        self.leave_button.focus_set()

    def _chose(self, choice: str) -> None:
        self.window.destroy()
        self._on_choice(choice)

    def is_open(self) -> bool:
        return bool(self.window.winfo_exists())
