"""Before a transcript with private questions in it is saved: keep them, marked as seen by the
host and helpers only, or leave them out. The saver chooses; Cancel saves nothing."""

import tkinter as tk
from collections.abc import Callable
from tkinter import ttk

from chatgui.ui.export import LEFT_OUT, MARKED


class SaveChoice:
    """Asks once; on_choice(MARKED or LEFT_OUT) goes on to the file dialog."""

    def __init__(self, parent: tk.Misc, count: int, on_choice: Callable[[str], None]) -> None:
        self._on_choice = on_choice
        self.window = tk.Toplevel(parent)
        self.window.title("Save transcript")
        self.window.transient(parent.winfo_toplevel())
        frame = ttk.Frame(self.window, padding=12)
        frame.pack(fill="both", expand=True)
        questions = "1 private question" if count == 1 else f"{count} private questions"
        ttk.Label(
            frame,
            text=f"This conversation has {questions} to the host and helpers, which the class "
            "did not see. Put them in the saved file?",
            wraplength=400,
        ).pack(anchor="w", pady=(0, 10))
        buttons = ttk.Frame(frame)
        buttons.pack(anchor="e")
        self.keep_button = ttk.Button(
            buttons, text="Keep them, marked", command=lambda: self._chose(MARKED)
        )
        self.keep_button.pack(side="left", padx=(0, 6))
        self.leave_button = ttk.Button(
            buttons, text="Leave them out", command=lambda: self._chose(LEFT_OUT)
        )
        self.leave_button.pack(side="left", padx=(0, 6))
        ttk.Button(buttons, text="Cancel", command=self.window.destroy).pack(side="left")
        self.window.bind("<Escape>", lambda e: self.window.destroy())
        self.leave_button.focus_set()

    def _chose(self, choice: str) -> None:
        self.window.destroy()
        self._on_choice(choice)

    def is_open(self) -> bool:
        return bool(self.window.winfo_exists())
