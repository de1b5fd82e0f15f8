"""The private questions asked in a room: what students sent to the host and helpers only
(/ask, Room → Ask the host privately…), listed for the host and helpers, oldest first.

Read from the room's transcript (its entries marked `to_helpers`), so it holds exactly what
the window was shown, history included. Answer privately opens a conversation with the asker.
"""

import tkinter as tk
from collections.abc import Callable, Sequence
from tkinter import ttk

from chatgui.ui.export import Entry
from chatgui.ui.hands_panel import clock
from chatgui.ui.transcript import selected_index


def questions_in(entries: Sequence[Entry]) -> list[Entry]:
    """The lines of a conversation that only the host and helpers saw."""
    return [entry for entry in entries if entry.to_helpers and entry.kind != "notice"]


class QuestionsList:
    """Not modal. `show()` again brings the list up to date (a question just arrived)."""

    def __init__(self, parent: tk.Misc, room: str, on_answer: Callable[[str], None]) -> None:
        self._on_answer = on_answer
        self._askers: list[str] = []
        self.window = tk.Toplevel(parent)
        self.window.title(f"Private questions in {room}")
        self.window.transient(parent.winfo_toplevel())
        frame = ttk.Frame(self.window, padding=12)
        frame.pack(fill="both", expand=True)
        ttk.Label(
            frame,
            text=f"What was asked of the host and helpers of {room} only. The class did not "
            "see these.",
            wraplength=460,
        ).pack(anchor="w")
        self.list = tk.Listbox(frame, height=10, width=60, exportselection=False)
        self.list.pack(fill="both", expand=True, pady=8)
        self.list.bind("<Double-Button-1>", lambda e: self.answer())
        self.list.bind("<Return>", lambda e: self.answer())
        self.empty = ttk.Label(frame, text="")
        self.empty.pack(anchor="w")
        buttons = ttk.Frame(frame)
        buttons.pack(anchor="e", pady=(6, 0))
        self.answer_button = ttk.Button(buttons, text="Answer privately", command=self.answer)
        self.answer_button.pack(side="left", padx=(0, 6))
        ttk.Button(buttons, text="Close", command=self.window.destroy).pack(side="left")
        self.window.bind("<Escape>", lambda e: self.window.destroy())
        self.list.focus_set()

    def show(self, entries: Sequence[Entry]) -> None:
        asked = questions_in(entries)
        self._askers = [entry.sender for entry in asked]
        self.list.delete(0, "end")
        for entry in asked:
            self.list.insert("end", f"{clock(entry.at)}  {entry.sender}: {entry.text}")
        self.empty.configure(text="" if asked else "Nobody has asked a private question yet.")
        if asked:
            self.list.selection_clear(0, "end")
            self.list.selection_set("end")
            self.list.see("end")
        self.answer_button.state(["!disabled"] if asked else ["disabled"])

    def answer(self) -> None:
        chosen = selected_index(self.list)
        if chosen is not None and chosen < len(self._askers):
            self._on_answer(self._askers[chosen])

    def is_open(self) -> bool:
        return bool(self.window.winfo_exists())
