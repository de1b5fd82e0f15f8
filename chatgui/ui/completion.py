"""Completing names in the message box: Tab after the start of a name, and the small list
that opens after @, as in every chat app.

"Sa" + Tab gives "Sam: " at the start of a line (the way a class writes to someone) and
"Sam " later in it; "@Sa" gives "@Sam ". Tab again gives the next name that fits. With nothing
to complete, Tab is left to move the focus, so the keyboard can leave the box.
"""

import re
import tkinter as tk
from collections.abc import Callable
from dataclasses import dataclass

from chatgui import limits
from chatgui.protocol.names import casefold

WORD_BEFORE = re.compile(r"(@?)([^\s@]*)$")
"""The name being typed: the letters before the cursor, and an @ before them if any."""


@dataclass(frozen=True)
class Word:
    """The name being typed, from `start` (a Text index, its @ included) to the cursor."""

    start: str
    mention: bool
    typed: str
    line_start: bool


@dataclass
class Cycle:
    """The last completion: Tab again replaces it with the next name that fits."""

    start: str
    word: Word
    matches: list[str]
    shown: int
    inserted: str


def word_before_cursor(text: tk.Text) -> Word | None:
    """The name being typed before the cursor, or None when there is none."""
    before = text.get("insert linestart", "insert")
    found = WORD_BEFORE.search(before)
    if found is None or not (found.group(1) or found.group(2)):
        return None
    start = text.index(f"insert -{len(found.group(0))}c")
    at_line_start = found.start() == 0
    return Word(start, bool(found.group(1)), found.group(2), at_line_start and not found.group(1))


def matching(names: list[str], typed: str) -> list[str]:
    """The names that start with `typed`, in the order given, without case."""
    folded = casefold(typed)
    return [name for name in names if casefold(name).startswith(folded)]


def completed(word: Word, name: str) -> str:
    """What replaces the typed word: "@Sam ", "Sam: " at the start of a line, or "Sam "."""
    if word.mention:
        return f"@{name} "
    return f"{name}: " if word.line_start else f"{name} "


class Completer:
    """Tab completion in one Text, by the names `names()` gives at the moment of asking."""

    def __init__(self, text: tk.Text, names: Callable[[], list[str]]) -> None:
        self._text = text
        self._names = names
        self._cycle: Cycle | None = None

    def tab(self, step: int = 1) -> bool:
        """Complete the name before the cursor, or step to the next (`step` 1) or previous
        (-1) name of the last completion; False when there is nothing to complete."""
        cycle = self._cycle
        if cycle is not None and self._still_shown(cycle):
            cycle.shown = (cycle.shown + step) % len(cycle.matches)
            self._put(cycle, cycle.matches[cycle.shown])
            return True
        self._cycle = None
        word = word_before_cursor(self._text)
        if word is None or step < 0:
            return False
        matches = matching(self._names(), word.typed)
        if not matches:
            return False
        self._cycle = Cycle(word.start, word, matches, 0, "")
        self._put(self._cycle, matches[0])
        return True

    def pick(self, word: Word, name: str) -> None:
        """Put `name` in place of `word` (chosen from the list after @)."""
        self._cycle = None
        self._text.delete(word.start, "insert")
        self._text.insert(word.start, completed(word, name))

    def _still_shown(self, cycle: Cycle) -> bool:
        """The last completion is still what is before the cursor: nothing typed since."""
        end = f"{cycle.start} +{len(cycle.inserted)}c"
        shown = self._text.get(cycle.start, end) == cycle.inserted
        return shown and self._text.compare(end, "==", "insert")

    def _put(self, cycle: Cycle, name: str) -> None:
        self._text.delete(cycle.start, "insert")
        cycle.inserted = completed(cycle.word, name)
        self._text.insert(cycle.start, cycle.inserted)


class MentionList:
    """The small list of names above the box after @: Up and Down choose, Enter or Tab
    takes, Escape closes, and typing narrows it."""

    def __init__(self, text: tk.Text, font: str, on_pick: Callable[[str], None]) -> None:
        self._text = text
        self._on_pick = on_pick
        self.names: list[str] = []
        self.listbox = tk.Listbox(
            text.winfo_toplevel(), font=font, activestyle="none", exportselection=False
        )
        self.listbox.configure(takefocus=0, highlightthickness=1, relief="flat")
        self.listbox.bind("<Button-1>", self._clicked)  # before the list could take the focus
        # The list lives in the window, not in the box: it goes with the box.
        text.bind("<Destroy>", lambda e: self.listbox.destroy(), add="+")

    def show(self, names: list[str]) -> None:
        """List `names` above the box (all of them reachable by the arrows; the list shows
        COMPLETIONS_SHOWN_MAX at once), the first chosen; none: the list closes."""
        if names == self.names and self.is_open():
            return
        self.names = names
        if not names:
            self.close()
            return
        listbox = self.listbox
        listbox.delete(0, "end")
        listbox.insert("end", *names)
        listbox.configure(height=min(len(names), limits.COMPLETIONS_SHOWN_MAX))
        listbox.configure(width=max(12, *(len(name) + 2 for name in names)))
        self._choose(0)
        listbox.place(in_=self._text, x=0, y=-2, anchor="sw", bordermode="outside")
        listbox.lift()

    def close(self) -> None:
        self.names = []
        self.listbox.place_forget()

    def is_open(self) -> bool:
        return bool(self.names) and bool(self.listbox.winfo_manager())

    def move(self, step: int) -> None:
        here = self._chosen()
        self._choose(max(0, min(len(self.names) - 1, here + step)))

    def take(self) -> None:
        """The chosen name goes into the box."""
        if self.names:
            self._on_pick(self.names[self._chosen()])

    def _chosen(self) -> int:
        rows: tuple[int, ...] = self.listbox.curselection()  # type: ignore[no-untyped-call]
        return rows[0] if rows else 0

    def _choose(self, row: int) -> None:
        self.listbox.selection_clear(0, "end")
        self.listbox.selection_set(row)
        self.listbox.see(row)

    def _clicked(self, event: "tk.Event[tk.Listbox]") -> str:
        """A click on a name takes it; the keyboard stays in the box."""
        row: int = self.listbox.nearest(event.y)  # type: ignore[no-untyped-call]
        if 0 <= row < len(self.names):
            self._choose(row)
            self.take()
        self._text.focus_set()
        return "break"
