"""InputBox: where a person types. Enter sends, Shift+Enter starts a new line, Up and Down
recall earlier messages, Tab completes a name from the room."""

import tkinter as tk
from collections.abc import Callable
from enum import Enum, auto

from chatgui import limits


class Outcome(Enum):
    """What became of a line handed over."""

    SENT = auto()
    """Taken: the box is left empty."""
    KEPT = auto()
    """Refused: the line is back as typed, to be mended."""
    REPLACE = auto()
    """Refused as no command at all: the line is back selected, so typing replaces it."""


class InputBox:
    """A few lines of Text with chat keys. Call from the Tk thread only."""

    def __init__(
        self,
        parent: tk.Misc,
        font: str,
        on_send: Callable[[str], Outcome],
        names: Callable[[], list[str]],
    ) -> None:
        self.widget = tk.Text(parent, height=3, wrap="word", font=font, undo=True, padx=6, pady=4)
        self._on_send = on_send
        self._names = names
        self._history: list[str] = []
        self._recall = 0
        self._draft = ""
        self.widget.bind("<Return>", self._send)
        self.widget.bind("<KP_Enter>", self._send)
        self.widget.bind("<Shift-Return>", self._new_line)
        self.widget.bind("<Up>", lambda e: self._step(-1, "1.0"))
        self.widget.bind("<Down>", lambda e: self._step(1, "end-1c"))
        self.widget.bind("<Tab>", self._complete)

    def get(self) -> str:
        return self.widget.get("1.0", "end-1c")

    def set(self, text: str) -> None:
        self.widget.delete("1.0", "end")
        self.widget.insert("1.0", text)

    def cursor(self) -> str:
        return self.widget.index("insert")

    def restore(self, text: str, cursor: str) -> None:
        """Another conversation's draft: its text and cursor, with nothing of this one's to
        undo or recall."""
        self.set(text)
        self.widget.mark_set("insert", cursor)
        self.widget.edit_reset()
        self._recall = len(self._history)

    def select_all(self) -> None:
        self.widget.tag_add("sel", "1.0", "end-1c")
        self.widget.mark_set("insert", "end-1c")

    def send(self) -> None:
        """Hand the line over. It leaves the box first: sending may show another
        conversation, whose own draft then fills the box."""
        text = self.get()
        if not text.strip():
            return
        self.set("")
        outcome = self._on_send(text)
        if outcome is Outcome.SENT:
            self._history.append(text)
            del self._history[: -limits.INPUT_HISTORY_MAX]
            self._recall = len(self._history)
            return
        self.set(text)
        if outcome is Outcome.REPLACE:
            self.select_all()

    def _send(self, event: "tk.Event[tk.Text]") -> str:
        self.send()
        return "break"

    def _new_line(self, event: "tk.Event[tk.Text]") -> str:
        self.widget.insert("insert", "\n")
        return "break"

    def _step(self, direction: int, edge: str) -> str | None:
        """Up on the first line / Down on the last line walks through earlier messages."""
        if self._line("insert") != self._line(edge) or not self._history:
            return None
        if self._recall == len(self._history):
            self._draft = self.get()
        self._recall = max(0, min(len(self._history), self._recall + direction))
        recalled = self._history[self._recall] if self._recall < len(self._history) else self._draft
        self.set(recalled)
        return "break"

    def _line(self, index: str) -> str:
        return self.widget.index(index).split(".")[0]

    def _complete(self, event: "tk.Event[tk.Text]") -> str:
        """Complete the word before the cursor to a member's name ("Sa" → "Sam: " at the start)."""
        start = self.widget.index("insert -1c wordstart")  # the word the cursor is after
        word = self.widget.get(start, "insert")
        if word:
            matches = [n for n in self._names() if n.lower().startswith(word.lower())]
            if matches:
                at_start = self.widget.compare(start, "==", "1.0")
                self.widget.delete(start, "insert")
                self.widget.insert(start, matches[0] + (": " if at_start else " "))
        return "break"
