"""The grouped lines of one Text widget: heads, avatars, day lines, and seams kept whole.

Transcript says what to show; this decides how it sits among the lines around it. Each
head is tagged with a group tag of its own ("g12"), remembered with the message that
started the group, so that lines put in above others (older history, the messages before a
join) join the group below them when it goes on, and so that dropping the oldest lines
keeps the head and day line of the group it cuts into.
"""

import time
import tkinter as tk
from collections.abc import Callable
from dataclasses import dataclass
from itertools import count

from chatgui.ui import lines
from chatgui.ui.avatars import Avatars
from chatgui.ui.grouping import Said, author_key, continues, day_label, new_day
from chatgui.ui.symbols import Parts
from chatgui.ui.theme import Palette, nick_colour

Write = Callable[[Parts, str], None]
"""Inserts a line's parts at an index (Transcript._write)."""
Delete = Callable[[str, str], None]
"""Deletes a range of the read-only Text (Transcript._delete)."""


@dataclass(frozen=True)
class Drawn:
    """A message's lines, the group tag of the head it starts ("" when it goes on a
    group), and what is then last (for the next one)."""

    parts: Parts
    head: str
    said: Said


class Groups:
    """Where a Transcript's messages go: which start a group, and the seams between blocks."""

    def __init__(self, widget: tk.Text, write: Write, delete: Delete) -> None:
        self._widget = widget
        self._write = write
        self._delete = delete
        self._started: dict[str, Said] = {}  # a head's group tag: the message that started it
        self._numbers = count()
        self.avatars = Avatars(widget)
        self.links: dict[str, str] = {}  # a link's tag: its address
        self.palette: Palette | None = None
        self._nicks: set[str] = set()  # the names whose colour tag is made

    def drawn(
        self,
        before: Said | None,
        sender: str,
        text: str,
        at: float,
        flags: tuple[bool, bool],
        badge: str,
        extra: tuple[str, ...],
        reader: str = "",
    ) -> Drawn:
        """A message below `before`: a day line and a head first when it starts a group,
        then its body. `flags`: (an action, to the host and helpers only)."""
        author = author_key(sender, badge)
        action, to_helpers = flags
        body = lines.body(sender, text, action, to_helpers, ("body", *extra), self.links, reader)
        if before is not None and continues(before, author, at):
            return Drawn(body, "", before)
        self._colour(sender)
        group = f"g{next(self._numbers)}"
        self._started[group] = Said(author, at)
        shown = ("earlier",) if "earlier" in extra else ()
        head = lines.head(sender, badge, at, group, shown)
        return Drawn(day_lead(before, at) + head + body, group, Said(author, at))

    def _colour(self, sender: str) -> None:
        """The tag that draws `sender`'s name in their colour, made on first use."""
        key = sender.lower()
        if key not in self._nicks and self.palette is not None:
            self._nicks.add(key)
            self._widget.tag_configure(f"nick-{key}", foreground=nick_colour(self.palette, key))

    def add_avatar(self, group: str, sender: str) -> None:
        """The avatar at the start of a group's head, made when it is first displayed (in
        front of it, the strut that holds the line's height until then)."""
        if group:
            start = f"{group}.first"
            self._widget.image_create(start, image=self.avatars.strut)
            script = self.avatars.script(sender)
            self._widget.window_create(start, create=script, padx=4, align="center")

    def insert_block(
        self, parts: Parts, heads: list[tuple[str, str]], at: str, last: Said | None
    ) -> None:
        """Lines put in above others: their avatars, then the seam with what is below made
        whole (one day line, and one head when the block's last group goes on below)."""
        widget = self._widget
        widget.mark_set("block_end", at)
        widget.mark_gravity("block_end", "right")
        self._write(parts, at)
        for group, sender in heads:
            self.add_avatar(group, sender)
        if last is not None:
            self._join_seam("block_end", last)
        widget.mark_unset("block_end")

    def _join_seam(self, index: str, last: Said) -> None:
        widget = self._widget
        next_line = f"{index} +1 line linestart"
        names = widget.tag_names(index)
        same_day = day_label(last.at, time.time())
        if "day" in names and widget.get(index, f"{index} lineend") == same_day:
            self._delete(index, next_line)
        names = widget.tag_names(f"{index} lineend")  # a head starts with its avatar: no tags
        below = next((self._started[tag] for tag in names if tag in self._started), None)
        if below is not None and continues(last, below.author, below.at):
            self.forget(index, next_line)
            self._delete(index, next_line)

    def drop_oldest(self, cut: str) -> None:
        """Delete the lines above `cut`, but keep the day line and the head of the group
        `cut` is in: no line is left without its name, avatar and day above it."""
        widget = self._widget
        names = widget.tag_names(f"{cut} lineend")  # a line's tags are on its newline too
        keep: list[str] = []
        if "day" not in names:
            above = cut
            head = widget.tag_prevrange("head", cut) if "body" in names else ()
            if head:
                keep.append(str(head[0]))
                above = str(head[0])
            day = widget.tag_prevrange("day", above)
            if day:
                keep.insert(0, str(day[0]))
        spans = list(zip(["1.0", *keep], [*keep, cut], strict=True))
        for number, (start, end) in reversed(list(enumerate(spans))):
            gone_from = start if number == 0 else f"{start} +1 line linestart"
            if widget.compare(gone_from, "<", end):
                self.forget(gone_from, end)
                self._delete(gone_from, end)

    def forget(self, start: str, end: str) -> None:
        """The heads between `start` and `end` are about to go: forget what they started."""
        widget = self._widget
        found = widget.tag_nextrange("head", start, end)
        while found:
            for tag in widget.tag_names(found[0]):
                if self._started.pop(tag, None) is not None:
                    widget.tag_delete(tag)
            found = widget.tag_nextrange("head", f"{found[0]} lineend", end)

    def clear(self) -> None:
        self._started.clear()
        self.links.clear()


def day_lead(before: Said | None, at: float) -> Parts:
    """A day line when something said at `at` starts a day below `before`."""
    return lines.day_line(at) if new_day(before, at) else []
