"""Transcript: one conversation's lines in a read-only Text widget, as chat apps show them.

Messages are grouped by author (grouping.py): the first line of a group is an avatar, the
name in the person's colour (the same in every window), a host/helper badge and the time;
the person's next lines within limits.GROUP_GAP_S go under it, plain. Day lines go between
days, a "New messages" line above the first message that came while the conversation was
not being read, and system lines (joins, settings) are small and quiet (lines.py).

Indices are never computed from Python string offsets: Tk 8.6 counts an emoji as two, so
everything is inserted at "end" (or, for older history, at "1.0" or the JOINING mark) with
tags, and found again by tag. Messages from the room's history are greyed. Scrolling to the
top asks for the page before (`on_top`), which goes in above without moving what is in view.
Each message is shown once: a msgid already shown is skipped.
"""

import time
import tkinter as tk
import webbrowser
from collections.abc import Callable, Sequence
from tkinter import ttk
from typing import NamedTuple

from chatgui import limits
from chatgui.events import MessageReceived
from chatgui.ui import lines
from chatgui.ui.export import Entry
from chatgui.ui.grouping import Said
from chatgui.ui.groups import Groups, day_lead
from chatgui.ui.held_lines import HeldLines
from chatgui.ui.lines import BADGE_WORDS as BADGE_WORDS
from chatgui.ui.lines import is_control as is_control
from chatgui.ui.presence_fold import FoldedPresence
from chatgui.ui.scrolled import with_scrollbar
from chatgui.ui.seen_messages import SeenMessages
from chatgui.ui.symbols import HAND as HAND
from chatgui.ui.symbols import INFO as INFO
from chatgui.ui.symbols import JOINED as JOINED
from chatgui.ui.symbols import LEFT as LEFT
from chatgui.ui.symbols import PINNED as PINNED
from chatgui.ui.symbols import PRIVATE as PRIVATE
from chatgui.ui.symbols import RENAMED as RENAMED
from chatgui.ui.symbols import SETTING as SETTING
from chatgui.ui.symbols import WARNING as WARNING
from chatgui.ui.symbols import Parts
from chatgui.ui.symbols import clean as clean  # find_bar.py uses it
from chatgui.ui.theme import Palette
from chatgui.ui.transcript_look import TextFonts, style

JOINING = "joining"  # the Tk mark where earlier messages go in on (re)joining
LOADING_OLDER = "Loading older messages…"
START_OF_HISTORY = "This is the start of the room's history."


class Transcript:
    """The view of one conversation. Call from the Tk thread only."""

    def __init__(
        self,
        parent: tk.Misc,
        font: str,
        on_unseen: Callable[[int], None],
        on_top: Callable[[], None] | None = None,
        start_text: str = START_OF_HISTORY,
    ) -> None:
        """start_text: said above the oldest message kept, once it is shown ("": nothing)."""
        self._start_text = start_text
        self._font = font
        self.frame = ttk.Frame(parent)  # the text and its scrollbar, shown when needed
        self.widget = tk.Text(
            self.frame,
            wrap="word",
            state="disabled",
            borderwidth=0,
            padx=10,
            pady=6,
            font=font,
            spacing1=1,
            spacing3=1,
            takefocus=False,
            cursor="arrow",
        )
        self.unseen = 0
        self._on_unseen = on_unseen
        self._on_top = on_top
        self.entries: list[Entry] = []  # what is shown, oldest first, for saving it
        self._sending: dict[int, _Written] = {}  # our lines not yet taken, by local id
        self._seen = SeenMessages()  # a copy arriving again is not shown twice
        self.history_ready = False  # the room keeps history and the first page is in
        self.loading_older = False
        self.at_start = False  # the oldest message the room keeps is shown
        self._view_top = 0.0  # the view's top as a fraction, as last reported by Tk
        self._view_bottom = 1.0  # and its bottom
        self._entries_at_join = 0  # where add_earlier() puts its entries (mark_joining)
        self._older_failed = False  # the last older page could not be had
        self._following: bool | None = None  # this turn's "is the end in view?", see _at_bottom
        self._reading = True  # this turn's "is someone reading the end?" (shown, focused)
        self._unread_open = False  # a "New messages" line is above what came since
        self._end: Said | None = None  # the last thing shown at the end
        self._top: Said | None = None  # the first at the top (None: not known, as trimmed)
        self._at_join: Said | None = None  # and at the JOINING mark
        self._held = HeldLines()  # lines held for one insert at the turn's end, see hold()
        self._unseen_due = False  # the unseen count changed while lines were held
        self._writer = f"{self.widget}.writer"
        self.widget.tk.call(self.widget, "peer", "create", self._writer, "-state", "normal")
        self.widget.tk.call(self._writer, "configure", "-wrap", "none")
        self._palette: Palette | None = None
        self._fonts = TextFonts(self.widget, font)
        self._groups = Groups(self.widget, self._write, self._delete)
        self._presence = FoldedPresence(self.widget, self.entries, self._write, self._delete)
        self.widget.tag_bind("link", "<Button-1>", self._open_link)
        for tag in ("link", "fold"):
            self.widget.tag_bind(tag, "<Enter>", lambda _e: self.widget.configure(cursor="hand2"))
            self.widget.tag_bind(tag, "<Leave>", lambda _e: self.widget.configure(cursor="arrow"))
        self.scrollbar = with_scrollbar(self.widget, self.frame)
        self.widget.configure(yscrollcommand=self._scrolled)

    def apply(self, palette: Palette, bold: str, italic: str) -> None:
        """Draw everything in `palette` (and at the size of the text font now)."""
        self._palette = palette
        self._fonts.follow(bold, italic)
        size = self._fonts.avatar_size()
        style(self.widget, palette, self._fonts, size)
        self._groups.palette = palette
        self._groups.avatars.apply(palette, size)

    def add_message(
        self,
        sender: str,
        text: str,
        at: float,
        own: bool = False,
        mention: bool = False,
        action: bool = False,
        local_id: int | None = None,
        msgid: str | None = None,
        to_helpers: bool = False,
        badge: str = "",
        reader: str = "",
    ) -> None:
        """A line someone wrote; `local_id` marks our own line until the server confirms it;
        `to_helpers` marks a line only the host and helpers see; `badge` is the writer's
        status in the room ("~" host, "@" helper, see BADGE_WORDS); `mention` highlights it,
        with `reader` (the name it mentions) in bold."""
        if not self._seen.first_time(msgid):
            return
        kind = "action" if action else "message"
        role = BADGE_WORDS.get(badge, "")
        self.entries.append(Entry(at, sender, text, kind, to_helpers, role))
        line = _Written(sender, text, at, own, mention, action, to_helpers, badge, reader)
        if local_id is not None:
            self._sending[local_id] = line
        self._draw(line, local_id)

    def _draw(self, line: "_Written", local_id: int | None) -> None:
        """Put a line someone wrote at the end, in its group (add_message)."""
        at_bottom = self._at_bottom()
        before = self._end
        lead: Parts = []
        if line.own:
            self._remove_unread_line()
        elif not self._reading and not self._unread_open:
            self._remove_unread_line()
            self._unread_open = True
            lead = day_lead(before, line.at) + lines.new_messages_line()
            before = Said("", line.at)  # the line ends the group above
        extra = ("mention",) if line.mention else ()
        flags = (line.action, line.to_helpers)
        drawn = self._groups.drawn(
            before, line.sender, line.text, line.at, flags, line.badge, extra, line.reader
        )
        parts = lead + drawn.parts
        if local_id is not None:
            parts.insert(-1, (f" ({line.status})", ("status", f"pending-{local_id}", "body")))
        self._append(parts, (line.sender, drawn.below_head) if drawn.head else None)
        self._top = self._top or drawn.said
        self._end = drawn.said
        self._added(at_bottom)

    def hold(self) -> None:
        """Lines added from now on go in together, in one insert, at the end of this turn of
        the event loop (or before anything else reads or changes the text). A flood's lines
        then cost one Tk call a turn, not one each. For the event pump's messages only: what
        reads the widget itself right after adding a line must not hold."""
        if self._held.start():
            self._at_bottom()  # the turn's end is due: _settle() puts the lines in

    def flush(self) -> None:
        """Put the held lines in, their avatars at their heads, and tell the unseen count."""
        held, avatars = self._held.take()
        if held:
            self._write(held)
            for sender, index in avatars:
                self._groups.add_avatar(sender, index)
        if self._unseen_due:
            self._unseen_due = False
            self._on_unseen(self.unseen)

    def _append(self, parts: Parts, head: tuple[str, int] | None = None) -> None:
        """Lines at the end: held while hold() holds them, else in now. `head`: the sender
        of a head among them, and the lines from it to their end (its avatar goes there)."""
        if self._held.add(parts, head):
            return
        self._write(parts)
        if head is not None:
            self._groups.add_avatar(head[0], f"end -{head[1] + 1} lines")

    def mark_joining(self) -> None:
        """We are (re)joining: what the room said before, add_earlier() puts here, above the
        "You joined" line that follows."""
        self.flush()
        self.widget.mark_set(JOINING, "end-1c")
        self.widget.mark_gravity(JOINING, "left")
        self._entries_at_join = len(self.entries)
        self._at_join = self._end

    def add_earlier(self, messages: Sequence[MessageReceived]) -> None:
        """Messages from the room's history said before we (re)joined, oldest first."""
        self.flush()
        self._at_bottom()  # follow the end afterwards if it is in view now; no unread count
        fresh = [m for m in messages if self._seen.first_time(m.msgid)]
        joining = JOINING in self.widget.mark_names()
        before = self._at_join if joining else self._end
        parts, heads, first, last = self._groups.history(fresh, before)
        if parts:
            at = self.widget.index(JOINING) if joining else "end"
            self._groups.insert_block(parts, heads, at, last, None)  # below: "You joined"
            if before is None:
                self._top = first
        if not joining:
            self._end = last
        if joining:
            self.widget.mark_unset(JOINING)
        place = min(self._entries_at_join, len(self.entries)) if joining else len(self.entries)
        self.entries[place:place] = [_entry(message) for message in fresh]
        self.history_ready = True

    def add_older(self, messages: Sequence[MessageReceived], complete: bool) -> None:
        """A page from before the oldest message shown: above it, the view kept still."""
        self.flush()
        self.loading_older = False
        self.at_start = complete
        self._older_failed = not messages and not complete  # retried on scrolling, not alone
        self._remove_edge()
        self.widget.mark_set("view_top", "@0,0")  # what is in view stays, whatever goes above
        self.widget.mark_gravity("view_top", "right")
        fresh = [m for m in messages if self._seen.first_time(m.msgid)]
        parts, heads, first, last = self._groups.history(fresh, None)
        if complete and self._start_text:
            parts.insert(0, (f"{self._start_text}\n", ("edge", "status")))
        if parts:
            self._groups.insert_block(parts, heads, "1.0", last, self._top)
            self._top = first or self._top
        self.entries[:0] = [_entry(message) for message in fresh]
        self.widget.yview("view_top")
        self.widget.mark_unset("view_top")

    def stop_loading_older(self) -> None:
        """The page asked for will not come here (the conversation was renamed meanwhile):
        the next scroll to the top asks again."""
        if self.loading_older:
            self.loading_older = False
            self._remove_edge()

    def show_loading_older(self) -> None:
        """The "Loading older messages…" line at the top, until add_older() replaces it."""
        self.loading_older = True
        self._remove_edge()
        self._write([(f"{LOADING_OLDER}\n", ("edge", "status"))], at="1.0")

    def shows(self, message: MessageReceived) -> bool:
        """True when `message` (by its msgid) is already in this transcript."""
        return message.msgid is not None and message.msgid in self._seen

    def _remove_edge(self) -> None:
        self.flush()
        ranges = self.widget.tag_ranges("edge")
        if ranges:
            self._delete(str(ranges[0]), str(ranges[-1]))

    def _remove_unread_line(self) -> None:
        self.flush()
        ranges = self.widget.tag_ranges("unread-line")
        if ranges:
            self._delete(str(ranges[0]), str(ranges[-1]))

    def _line_count(self) -> int:
        self.flush()
        return int(self.widget.index("end-1c").split(".")[0])

    def _scrolled(self, first: float, last: float) -> None:
        """The view changed (Tk's yscrollcommand). Ask for older history when the reader has
        just scrolled to the top, or when everything fits in the view with room to spare.
        Lines that were only added below while the view was at the top do not count. The
        text may have been zoomed: the avatars and margins follow."""
        self.scrollbar.set(first, last)
        if self._palette is not None and self._fonts.changed():
            self.apply(self._palette, *self._fonts.given)
            if self._view_bottom >= 1.0:  # the end was in view: it stays in view
                self.widget.see("end")
        self._view_bottom = float(last)
        came_to_top = float(first) <= 0.0 < self._view_top
        fits = float(first) <= 0.0 and float(last) >= 1.0 and not self._older_failed
        self._view_top = float(first)
        wanted = self.history_ready and not self.loading_older and not self.at_start
        room_for_more = self._line_count() < limits.TRANSCRIPT_MAX_LINES
        if wanted and room_for_more and (came_to_top or fits) and self._on_top is not None:
            self._on_top()

    def add_notice(
        self, symbol: str, text: str, at: float | None = None, msgid: str | None = None
    ) -> None:
        """A join, leave, control or other event, small and quiet behind `symbol`; one with
        a `msgid` (a control) is shown once, as a message is."""
        if not self._seen.first_time(msgid):
            return
        at_bottom = self._at_bottom()
        when = at or time.time()
        self.entries.append(Entry(when, "", f"{symbol} {text}", "notice"))
        self._append(self._system_lead(when) + lines.system_line(symbol, text, when))
        self._added(at_bottom)

    def _system_lead(self, at: float) -> Parts:
        """A day line when a system line at `at` starts a day; the group above ends."""
        lead = day_lead(self._end, at)
        self._end = Said("", at)
        self._top = self._top or self._end
        return lead

    def add_presence(
        self, joined: bool, nick: str, reason: str = "", at: float | None = None
    ) -> None:
        """Someone joined or left: one more name on the line before when that line is joins
        and leaves too, else a line of its own (presence_fold.py). A click shows every name."""
        self.flush()
        if self._presence.add_to_last(joined, nick, reason):
            return
        at_bottom = self._at_bottom()
        when = at or time.time()
        lead = self._system_lead(when)
        if lead:
            self._write(lead)
        self._presence.start(joined, nick, reason, when)
        self._added(at_bottom)

    def mark(
        self, local_id: int, status: str, msgid: str | None = None, settled: bool = False
    ) -> None:
        """Change our own line's status: "" once sent (as `msgid`), "waiting…", or
        "not sent: …" (in the alert colour); `settled`: sent or refused, no longer being
        sent. The end stays in view when it was: a refusal makes the line longer."""
        self._seen.first_time(msgid)  # the server's copy of it will not be shown again
        line = self._sending.pop(local_id, None)
        if line is not None and not settled:  # drawn with this status again after a clear
            self._sending[local_id] = line._replace(status=status)
        self.flush()
        tag = f"pending-{local_id}"
        ranges = self.widget.tag_ranges(tag)
        if not ranges:
            return
        self._at_bottom()
        refused = ("refused",) if status.startswith("not sent") else ()
        self._delete(str(ranges[0]), str(ranges[1]))
        if status:
            self._write([(f" ({status})", ("status", tag, "body", *refused))], str(ranges[0]))

    def clear_screen(self, notice: str) -> None:
        """Empty the view, and say so (`notice`): the host or a helper cleared everyone's
        screen. What was shown stays in `entries` for Save transcript, and its msgids, so
        nothing comes back by itself. Our own lines still being sent stay, below the notice:
        the room cleared before it took them."""
        self.flush()
        self._delete("1.0", "end")
        self._groups.clear()
        self._end = self._top = None
        self.at_start = True  # scrolling up asks for nothing: the page was wiped on purpose
        self.add_notice(SETTING, notice)
        for local_id, line in self._sending.items():
            self._draw(line, local_id)

    def scroll_to_end(self) -> None:
        self.flush()
        self.widget.see("end")
        if self._following is not None:
            self._following = True
        self._unread_open = False
        self.unseen = 0
        self._on_unseen(0)

    def shows_end(self) -> bool:
        """Whether the end was in view when Tk last reported the view."""
        return self._view_bottom >= 0.999

    def text(self) -> str:
        self.flush()
        return self.widget.get("1.0", "end-1c")

    def _write(self, parts: Parts, at: str = "end") -> None:
        """Append one entry's pieces, each with its tags, in one Tk call.

        A flood of lines goes through here thousands of times a second, while the server and
        client threads want the GIL too: every Tk call gives it up, and may wait up to the
        switch interval (5 ms) to get it back, so the calls per line are kept few.

        The text on screen is read-only (disabled), so nobody can type in it; the program
        writes through `_writer`, a peer of it that shares its lines and tags, is never shown
        and accepts writing. Opening the shown text for each line would cost more than the
        line: each change of its state makes Tk lay out and measure every line again.
        """
        (first, first_tags), *rest = parts
        more: list[str | tuple[str, ...]] = [item for part in rest for item in part]
        self.widget.tk.call(self._writer, "insert", at, first, first_tags, *more)

    def _delete(self, start: str, end: str) -> None:
        self.widget.tk.call(self._writer, "delete", start, end)

    def _open_link(self, event: "tk.Event[tk.Text]") -> None:
        for tag in self.widget.tag_names(f"@{event.x},{event.y}"):
            if tag in self._groups.links:
                webbrowser.open(self._groups.links[tag])

    def _at_bottom(self) -> bool:
        """True when the end is in view, or the view is not on screen yet (before it is laid
        out, a 1-pixel-high widget shows almost nothing: not "scrolled up"). Asked of the last
        line itself, not of yview(): after the text is rewrapped, Tk measures the lines above
        again a few at a time, and yview()'s fractions drift below 1 meanwhile.

        Asked once per turn of the event loop: yview() and see() lay the text out again, which
        costs more than the insert itself, and the reader can't scroll in the middle of a turn.
        The answer holds until _settle(), which runs when the turn's lines are in. Someone
        reads the end when it is in view, shown, and the window has the keyboard focus.
        """
        if self._following is None:
            mapped = bool(self.widget.winfo_ismapped())
            self._following = not mapped or self.widget.bbox("end-1c") is not None
            focused = bool(self.widget.tk.call("focus"))
            self._reading = mapped and self._following and focused
            if self._reading:
                self._unread_open = False
            self.widget.winfo_toplevel().after_idle(self._settle)
        return self._following

    def _settle(self) -> None:
        """After a turn's lines: drop the oldest past the limit, and follow the end."""
        following, self._following = self._following, None
        if not self.widget.winfo_exists():  # the conversation was closed meanwhile
            return
        self.flush()
        lines_now = self._line_count()
        if lines_now > limits.TRANSCRIPT_MAX_LINES:
            self._groups.drop_oldest(f"{lines_now - limits.TRANSCRIPT_MAX_LINES}.0")
            self._top = None
            del self.entries[: -limits.TRANSCRIPT_MAX_LINES]
            self._seen.keep_newest(len(self.entries))
            self.at_start = False
        if following:
            self.widget.see("end")

    def _added(self, was_at_bottom: bool) -> None:
        """Count a line added out of view; a line added in view means the reader scrolled
        down to the end: everything has been seen. Told once per turn while lines are held."""
        before = self.unseen
        self.unseen = 0 if was_at_bottom else self.unseen + 1
        if self.unseen == before:
            return
        if not self._held.holding:
            self._on_unseen(self.unseen)
        else:
            self._unseen_due = True


def _entry(message: MessageReceived) -> Entry:
    if is_control(message):
        return Entry(message.at, "", f"{SETTING} {message.text}", "notice")
    kind = "action" if message.kind == "action" else "message"
    role = BADGE_WORDS.get(message.badge, "")
    return Entry(message.at, message.sender, message.text, kind, message.to_helpers, role)


class _Written(NamedTuple):
    """A line someone wrote, as add_message draws it; our own are kept until sent, to be
    drawn again after a clear."""

    sender: str
    text: str
    at: float
    own: bool
    mention: bool
    action: bool
    to_helpers: bool
    badge: str
    reader: str
    status: str = "sending…"  # our own line's, until it is sent
