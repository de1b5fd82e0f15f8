"""The grouped lines of one Text widget: heads, avatars, day lines, and seams kept whole.

Transcript says what to show; this decides how it sits among the lines around it: which
message starts a group (a day line and a head above it) and which goes on the one above,
where each avatar goes, how a block put in above others (older history, the messages
before a join) joins what is below it, and how dropping the oldest lines keeps the head
and day line of the group it cuts into.

Heads carry no tag of their own: a tag per group makes every insert slower as the groups
add up, so a head is found by counting lines from the end of what was just written.
"""

import time
import tkinter as tk
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from chatgui.events import MessageReceived
from chatgui.ui import lines
from chatgui.ui.avatars import Avatars
from chatgui.ui.grouping import Said, author_key, continues, day_label, new_day
from chatgui.ui.symbols import SETTING, Parts
from chatgui.ui.theme import Palette, nick_colour

Write = Callable[[Parts, str], None]
"""Inserts a line's parts at an index (Transcript._write)."""
Delete = Callable[[str, str], None]
"""Deletes a range of the read-only Text (Transcript._delete)."""
BLOCK_END = "block_end"  # the Tk mark after a block being put in above other lines


@dataclass(frozen=True)
class Drawn:
    """A message's lines; when it starts a group, who the head is for and how many lines
    from the head to the end of the lines (else ""); and what is then last."""

    parts: Parts
    head: str
    below_head: int
    said: Said


class Groups:
    """Where a Transcript's messages go: which start a group, and the seams between blocks."""

    def __init__(self, widget: tk.Text, write: Write, delete: Delete) -> None:
        self._widget = widget
        self._write = write
        self._delete = delete
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
            return Drawn(body, "", 0, before)
        self._colour(sender)
        shown = ("earlier",) if "earlier" in extra else ()
        head = lines.head(sender, badge, at, shown)
        below_head = sum(piece.count("\n") for piece, _ in head + body)
        return Drawn(day_lead(before, at) + head + body, sender, below_head, Said(author, at))

    def _colour(self, sender: str) -> None:
        """The tag that draws `sender`'s name in their colour, made on first use."""
        key = sender.lower()
        if key not in self._nicks and self.palette is not None:
            self._nicks.add(key)
            self._widget.tag_configure(f"nick-{key}", foreground=nick_colour(self.palette, key))

    def history(
        self, messages: Sequence[MessageReceived], before: Said | None
    ) -> tuple[Parts, list[tuple[str, int]], Said | None, Said | None]:
        """Messages from history, grouped as they come below `before`: their lines, the
        heads they start (sender, lines from the head to the end), what is first and last."""
        parts: Parts = []
        starts: list[tuple[str, int]] = []  # each head's sender and the lines above it
        first: Said | None = None
        for message in messages:
            if lines.is_control(message):
                parts += day_lead(before, message.at)
                parts += lines.system_line(SETTING, message.text, message.at, ("earlier",))
                before = Said("", message.at)
            else:
                drawn = self.drawn(
                    before,
                    message.sender,
                    message.text,
                    message.at,
                    (message.kind == "action", message.to_helpers),
                    message.badge,
                    ("earlier",),
                )
                if drawn.head:
                    above = _newlines(parts + drawn.parts) - drawn.below_head
                    starts.append((drawn.head, above))
                parts += drawn.parts
                before = drawn.said
            first = first or before
        total = _newlines(parts)
        return parts, [(sender, total - above) for sender, above in starts], first, before

    def add_avatar(self, sender: str, head: str) -> None:
        """The avatar at the start of the head line at `head`, made when first displayed."""
        script = self.avatars.script(sender)
        self._widget.window_create(head, create=script, padx=4, align="center")

    def insert_block(
        self,
        parts: Parts,
        heads: list[tuple[str, int]],
        at: str,
        last: Said | None,
        below: Said | None,
    ) -> None:
        """Lines put in above others: their avatars (`heads`: each head's sender and its
        lines to the block's end), then the seam with what is below made whole: one day
        line, and one head when the block's `last` group goes on into the `below` one."""
        widget = self._widget
        widget.mark_set(BLOCK_END, at)
        widget.mark_gravity(BLOCK_END, "right")
        self._write(parts, at)
        for sender, lines_below in heads:
            self.add_avatar(sender, f"{BLOCK_END} -{lines_below} lines")
        if last is not None:
            self._join_seam(last, below)
        widget.mark_unset(BLOCK_END)

    def _join_seam(self, last: Said, below: Said | None) -> None:
        widget = self._widget
        next_line = f"{BLOCK_END} +1 line linestart"
        same_day = day_label(last.at, time.time())
        day = widget.get(BLOCK_END, f"{BLOCK_END} lineend")
        if "day" in widget.tag_names(BLOCK_END) and day == same_day:
            self._delete(BLOCK_END, next_line)
        heading = "head" in widget.tag_names(f"{BLOCK_END} lineend")  # after its avatar
        if heading and below is not None and continues(last, below.author, below.at):
            self._delete(BLOCK_END, next_line)

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
                self._delete(gone_from, end)

    def clear(self) -> None:
        self.links.clear()


def day_lead(before: Said | None, at: float) -> Parts:
    """A day line when something said at `at` starts a day below `before`."""
    return lines.day_line(at) if new_day(before, at) else []


def _newlines(parts: Parts) -> int:
    return sum(piece.count("\n") for piece, _ in parts)
