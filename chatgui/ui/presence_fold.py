"""Joins and leaves in a row said as one line: "Sam, Ana and 28 others joined".

Thirty people coming in (or a class leaving at the bell) would otherwise be thirty lines
that push the conversation out of view. A run of them is one line that grows as they
come; clicking it shows every name (Transcript binds the click to the run's own tag). A
message, a control or anything else ends the run: the next join starts a new line.
"""

import time
import tkinter as tk
from collections.abc import Callable
from dataclasses import dataclass, field

from chatgui import limits
from chatgui.ui.export import Entry, stamp
from chatgui.ui.symbols import JOINED, LEFT, Parts, clean

SHOWN_BEFORE_OTHERS = 2
"""Names said before "and N others" while the line is folded."""


@dataclass
class PresenceRun:
    """The joins and leaves of one folded line, in the order they came."""

    tag: str
    at: float
    joined: list[str] = field(default_factory=list)
    left: list[str] = field(default_factory=list)
    reasons: dict[int, str] = field(default_factory=dict)  # a leave's place in `left`: why
    not_kept: int = 0  # names past FOLDED_NAMES_MAX: counted, not kept
    expanded: bool = False

    def add(self, joined: bool, nick: str, reason: str = "") -> None:
        if len(self.joined) + len(self.left) >= limits.FOLDED_NAMES_MAX:
            self.not_kept += 1
            return
        if joined:
            self.joined.append(nick)
            return
        if reason:
            self.reasons[len(self.left)] = reason
        self.left.append(nick)

    def is_joins(self) -> bool:
        """True when the run is joins only (→), else it has leaves (←)."""
        return not self.left

    def text(self, whole: bool | None = None) -> str:
        """ "Sam, Ana and 28 others joined; Bo left", or every name when `whole` (or expanded)."""
        every = self.expanded if whole is None else whole
        parts = []
        extra_joined = self.not_kept if self.joined else 0
        if self.joined:
            parts.append(f"{said(self.joined, extra_joined, every)} joined")
        if len(self.left) == 1 and not self.not_kept and 0 in self.reasons:
            parts.append(f"{self.left[0]} left ({self.reasons[0]})")
        elif self.left:
            leaving = self.left
            if every:
                leaving = [self._with_reason(place, nick) for place, nick in enumerate(self.left)]
            parts.append(f"{said(leaving, self.not_kept - extra_joined, every)} left")
        return "; ".join(parts)

    def _with_reason(self, place: int, nick: str) -> str:
        reason = self.reasons.get(place)
        return f"{nick} ({reason})" if reason else nick

    def foldable(self) -> bool:
        """True when folded it says less than all its names (so a click shows more)."""
        return self.text(whole=False) != self.text(whole=True)


def said(names: list[str], more: int, every: bool) -> str:
    """ "Sam", "Sam and Ana", "Sam, Ana and Bo", "Sam, Ana and 28 others"."""
    count = len(names) + more
    if not every and count > SHOWN_BEFORE_OTHERS + 1:
        named = names[:SHOWN_BEFORE_OTHERS]
        return f"{', '.join(named)} and {count - len(named)} others"
    if more:
        return f"{', '.join(names)} and {more} others"
    if len(names) == 1:
        return names[0]
    return f"{', '.join(names[:-1])} and {names[-1]}"


class FoldedPresence:
    """The folded line at the end of one transcript: drawn, grown, and opened by a click.

    `entries` is the transcript's list of what is shown (a folded line is kept there with
    every name, as a saved transcript can't be clicked); `write(parts, at)` inserts a line
    and `delete(start, end)` removes text.
    """

    def __init__(
        self,
        widget: tk.Text,
        entries: list[Entry],
        write: Callable[[Parts, str], None],
        delete: Callable[[str, str], None],
    ) -> None:
        self._widget = widget
        self._entries = entries
        self._write = write
        self._delete = delete
        self._run: PresenceRun | None = None
        self._entry: Entry | None = None
        self._count = 0

    def add_to_last(self, joined: bool, nick: str, reason: str) -> bool:
        """Add to the last line if it is a run of joins and leaves; False if it is not."""
        run = self._run
        if run is None or not self._still_last(run):
            return False
        run.add(joined, nick, reason)
        self._redraw(run)
        return True

    def start(self, joined: bool, nick: str, reason: str, at: float) -> None:
        """A new line of joins and leaves, at the end."""
        run = self._run = PresenceRun(f"fold-{self._count}", at)
        self._count += 1
        self._widget.tag_bind(run.tag, "<Button-1>", lambda _e: self._expand(run))
        run.add(joined, nick, reason)
        self._entry = _entry(run)
        self._entries.append(self._entry)
        self._write(_parts(run), "end")

    def _still_last(self, run: PresenceRun) -> bool:
        """True while the run's line is the last one shown: nothing was said since."""
        ranges = self._widget.tag_ranges(run.tag)
        last = bool(self._entries) and self._entries[-1] is self._entry
        return last and bool(ranges) and self._widget.compare(ranges[-1], "==", "end-1c")

    def _expand(self, run: PresenceRun) -> None:
        run.expanded = True
        self._redraw(run)

    def _redraw(self, run: PresenceRun) -> None:
        """The run's line again, in its place, saying what it says now."""
        ranges = self._widget.tag_ranges(run.tag)
        if not ranges:
            return  # dropped with the oldest lines
        still_last = self._still_last(run)
        self._delete(str(ranges[0]), str(ranges[-1]))
        self._write(_parts(run), str(ranges[0]))
        if still_last:
            self._entry = self._entries[-1] = _entry(run)


def _symbol(run: PresenceRun) -> str:
    return JOINED if run.is_joins() else LEFT


def _parts(run: PresenceRun) -> Parts:
    clickable = ("fold",) if run.foldable() and not run.expanded else ()
    return [
        (f"{stamp(run.at, time.time())}  ", ("time", "system", run.tag)),
        (f"{_symbol(run)} {clean(run.text())}\n", ("notice", "system", run.tag, *clickable)),
    ]


def _entry(run: PresenceRun) -> Entry:
    """Kept with every name: a saved transcript can't be clicked."""
    return Entry(run.at, "", f"{_symbol(run)} {run.text(whole=True)}", "notice")
