"""The private questions asked in a room: what students sent to the host and helpers only
(/ask, Room → Ask the host privately…), listed for the host and helpers, oldest first.

Read from the room's transcript (its entries marked `to_helpers`), so it holds exactly what
the window was shown, history included. Answer privately opens a conversation with the asker.
"""

import tkinter as tk
from collections.abc import Callable, Sequence

from chatgui.ui.choice_list import ChoiceList
from chatgui.ui.export import Entry
from chatgui.ui.hands_panel import clock


def questions_in(entries: Sequence[Entry]) -> list[Entry]:
    """The lines of a conversation that only the host and helpers saw."""
    return [entry for entry in entries if entry.to_helpers and entry.kind != "notice"]


class QuestionsList(ChoiceList):
    """Not modal. `show()` again brings the list up to date (a question just arrived)."""

    def __init__(self, parent: tk.Misc, room: str, on_answer: Callable[[str], None]) -> None:
        intro = (
            f"What was asked of the host and helpers of {room} only. The class did not see these."
        )
        title = f"Private questions in {room}"
        super().__init__(parent, title, intro, (460, 10, 60), "Answer privately", on_answer)
        self.list.bind("<Double-Button-1>", lambda e: self.act())
        self.list.bind("<Return>", lambda e: self.act())

    def show(self, entries: Sequence[Entry]) -> None:
        asked = questions_in(entries)
        rows = [
            (entry.sender, f"{clock(entry.at)}  {entry.sender}: {entry.text}") for entry in asked
        ]
        self.fill(rows, "Nobody has asked a private question yet.")
        if asked:
            self.list.selection_clear(0, "end")
            self.list.selection_set("end")
            self.list.see("end")
