"""When a message starts a new group, and what a day line says: pure rules, no Tk.

Chat apps show a run of messages by one person as one block: the avatar, name and time once,
then the lines under it. A new block starts on another author, after a pause longer than
limits.GROUP_GAP_S, after a system line (a join, a setting) or on another day; a day line
("Today", "Yesterday", "Monday 7 December") goes between two days.
"""

import time
from dataclasses import dataclass
from functools import cached_property

from chatgui import limits

Day = tuple[int, int, int]


@dataclass(frozen=True)
class Said:
    """The last thing shown at a place: who wrote it ("" for a system line) and when."""

    author: str
    at: float

    @cached_property
    def day(self) -> Day:
        """Asked for each message below it: worked out once (time.localtime is not free)."""
        return day_of(self.at)


def author_key(sender: str, badge: str) -> str:
    """Who a group is by: the name without case, and the badge (made a helper mid-way starts
    a new group, so the badge on its first line is true)."""
    return f"{badge}{sender.lower()}"


def day_of(at: float) -> Day:
    year, month, day = time.localtime(at)[:3]
    return (year, month, day)


def new_day(before: Said | None, at: float) -> bool:
    """True when a day line goes above something said at `at`."""
    return before is None or before.day != day_of(at)


def continues(before: Said | None, author: str, at: float) -> bool:
    """True when a message by `author` at `at` goes on the group above it (no name, no time)."""
    return (
        before is not None
        and bool(before.author)
        and before.author == author
        and 0 <= at - before.at <= limits.GROUP_GAP_S
        and before.day == day_of(at)
    )


def day_label(at: float, now: float) -> str:
    """ "Today", "Yesterday", "Monday 7 December", or with the year when it is another year."""
    day, today = day_of(at), day_of(now)
    if day == today:
        return "Today"
    if day == day_of(_noon(now) - 86400):
        return "Yesterday"
    when = time.localtime(at)
    shown = time.strftime("%A %d %B" if day[0] == today[0] else "%A %d %B %Y", when)
    weekday, number, rest = shown.split(" ", 2)
    return f"{weekday} {number.lstrip('0')} {rest}"


def _noon(at: float) -> float:
    """Noon of `at`'s day: a day back from it is yesterday, whatever the clock change."""
    year, month, day = day_of(at)
    return time.mktime((year, month, day, 12, 0, 0, 0, 0, -1))


def initials(name: str) -> str:
    """ "Ms_Rivera" → "MR", "Sam" → "S", "李明" → "李": the letters shown in an avatar."""
    words = [word for word in name.replace("_", " ").replace("-", " ").split() if word]
    letters = [word[0] for word in words if word[0].isalnum()][:2]
    if not letters:
        letters = [next((c for c in name if c.isalnum()), "?")]
    return "".join(letters).upper()
