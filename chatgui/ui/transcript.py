"""Transcript: one conversation's lines in a read-only Text widget.

`12:41 Sam: text`, one entry per message, each nick in its own colour, notices in their own
style behind a symbol (no typed text can look like one), links clickable, control
characters removed. The host's and helpers' lines carry a badge ("host", "helper") in a
style of its own, from their status in the room, never from their name. Indices are never
computed from Python string offsets: Tk 8.6 counts an emoji as two, so everything is
inserted at "end" (or, for older history, at "1.0") with tags.

Messages from the room's history are shown as earlier: greyed, with the date when it is not
today. Scrolling to the top asks for the page before (`on_top`), which goes in above without
moving what is in view. Each message is shown once: a msgid already shown is skipped.
"""

import re
import time
import tkinter as tk
import webbrowser
from collections.abc import Callable, Sequence

from chatgui import limits
from chatgui.events import MessageReceived
from chatgui.ui.export import Entry, stamp
from chatgui.ui.presence_fold import FoldedPresence
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
from chatgui.ui.theme import Palette, nick_colour

_LINK = re.compile(r"https?://[^\s<>\"]+[^\s<>\".,;:!?)\]']")
BADGE_WORDS = {"~": "host", "@": "helper"}
"""The badge beside the name of a line written by the host or a helper (MessageReceived.badge)."""

JOINING = "joining"  # the Tk mark where earlier messages go in on (re)joining
LOADING_OLDER = "Loading older messages…"
START_OF_HISTORY = "This is the start of the room's history."


def selected_index(listbox: tk.Listbox) -> int | None:
    """The index of the selected row of a Listbox, or None."""
    chosen: tuple[int, ...] = listbox.curselection()  # type: ignore[no-untyped-call]
    return chosen[0] if chosen else None


def is_control(message: MessageReceived) -> bool:
    """True for a control in words ("Ms_Rivera muted Sam."): drawn by the client from the
    MODE, KICK, TOPIC or INVITE line, or kept so by the room's history (the server's own
    notice), so it is drawn as a setting. A person's notice is drawn as their message, with
    their name, whatever symbols it starts with: it can't pass for a control line."""
    return message.kind == "control" or (message.kind == "notice" and message.from_server)


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
        self.widget = tk.Text(
            parent,
            wrap="word",
            state="disabled",
            borderwidth=0,
            padx=8,
            pady=6,
            font=font,
            spacing1=2,
            spacing3=2,
            takefocus=False,
            cursor="arrow",
        )
        self.unseen = 0
        self._on_unseen = on_unseen
        self._on_top = on_top
        self.entries: list[Entry] = []  # what is shown, oldest first, for saving it
        # The msgids shown, oldest first (a dict keeps that order): a copy arriving again, from
        # history or an echo, is not shown twice. The oldest go when old lines are dropped.
        self._msgids: dict[str, None] = {}
        self.history_ready = False  # the room keeps history and the first page is in
        self.loading_older = False
        self.at_start = False  # the oldest message the room keeps is shown
        self._view_top = 0.0  # the view's top as a fraction, as last reported by Tk
        self._entries_at_join = 0  # where add_earlier() puts its entries (mark_joining)
        self._older_failed = False  # the last older page could not be had
        self._following: bool | None = None  # this turn's "is the end in view?", see _at_bottom
        self._links: dict[str, str] = {}
        self._nicks: set[str] = set()
        self._presence = FoldedPresence(self.widget, self.entries, self._write)
        self.widget.tag_configure("body", lmargin1=0, lmargin2=48)
        self.widget.tag_bind("link", "<Button-1>", self._open_link)
        self.widget.configure(yscrollcommand=self._scrolled)

    def apply(self, palette: Palette, bold: str, italic: str) -> None:
        w = self.widget
        w.configure(background=palette.background, foreground=palette.foreground)
        w.configure(selectbackground=palette.selection, inactiveselectbackground=palette.selection)
        w.tag_configure("time", foreground=palette.muted)
        w.tag_configure("notice", foreground=palette.notice, font=italic)
        w.tag_configure("own", foreground=palette.own, font=bold)
        w.tag_configure("nick", font=bold)
        w.tag_configure("mention", background=palette.mention)
        w.tag_configure("status", foreground=palette.muted, font=italic)
        w.tag_configure("link", foreground=palette.link, underline=True)
        w.tag_configure("fold", underline=True)  # a folded line of joins: click for every name
        w.tag_configure("earlier", foreground=palette.muted)
        w.tag_configure("edge", foreground=palette.muted, font=italic, justify="center")
        w.tag_configure("found", background=palette.mention)
        w.tag_configure("found-current", background=palette.own, foreground=palette.background)
        w.tag_configure("badge", background=palette.own, foreground=palette.background, font=bold)
        w.tag_raise("badge")
        w.tag_raise("found")
        w.tag_raise("found-current")
        self._palette = palette
        for nick in self._nicks:
            w.tag_configure(f"nick-{nick}", foreground=nick_colour(palette, nick))

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
    ) -> None:
        """A line someone wrote; `local_id` marks our own line until the server confirms it;
        `to_helpers` marks a line only the host and helpers see; `badge` is the writer's
        status in the room ("~" host, "@" helper, see BADGE_WORDS)."""
        if not self._first_time(msgid):
            return
        at_bottom = self._at_bottom()
        kind = "action" if action else "message"
        extra = ("mention",) if mention else ()
        parts = self._message_parts(sender, text, at, own, kind, extra, to_helpers, badge)
        if local_id is not None:
            parts.insert(-1, (" (sending…)", ("status", f"pending-{local_id}", "body")))
        self.entries.append(Entry(at, sender, text, kind, to_helpers, BADGE_WORDS.get(badge, "")))
        self._write(parts)
        self._added(at_bottom)

    def mark_joining(self) -> None:
        """We are (re)joining: what the room said before, add_earlier() puts here, above the
        "You joined" line that follows."""
        self.widget.mark_set(JOINING, "end-1c")
        self.widget.mark_gravity(JOINING, "left")
        self._entries_at_join = len(self.entries)

    def add_earlier(self, messages: Sequence[MessageReceived]) -> None:
        """Messages from the room's history said before we (re)joined, oldest first."""
        self._at_bottom()  # follow the end afterwards if it is in view now; no unread count
        fresh = [m for m in messages if self._first_time(m.msgid)]
        joining = JOINING in self.widget.mark_names()
        parts = [part for message in fresh for part in self._history_parts(message)]
        if parts:
            self._write(parts, at=self.widget.index(JOINING) if joining else "end")
        if joining:
            self.widget.mark_unset(JOINING)
        place = min(self._entries_at_join, len(self.entries)) if joining else len(self.entries)
        self.entries[place:place] = [_entry(message) for message in fresh]
        self.history_ready = True

    def add_older(self, messages: Sequence[MessageReceived], complete: bool) -> None:
        """A page from before the oldest message shown: above it, the view kept still."""
        self.loading_older = False
        self.at_start = complete
        self._older_failed = not messages and not complete  # retried on scrolling, not alone
        self._remove_edge()
        top_line, top_column = self.widget.index("@0,0").split(".")
        lines_before = self._line_count()
        fresh = [m for m in messages if self._first_time(m.msgid)]
        parts = [part for message in fresh for part in self._history_parts(message)]
        if complete and self._start_text:
            parts.insert(0, (f"{self._start_text}\n", ("edge", "status")))
        if parts:
            self._write(parts, at="1.0")
        self.entries[:0] = [_entry(message) for message in fresh]
        moved = self._line_count() - lines_before
        self.widget.yview(f"{int(top_line) + moved}.{top_column}")

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
        return message.msgid is not None and message.msgid in self._msgids

    def _first_time(self, msgid: str | None) -> bool:
        """False for a message already shown (the same msgid); remembers the new ones."""
        if msgid is None:
            return True
        if msgid in self._msgids:
            return False
        self._msgids[msgid] = None
        return True

    def _message_parts(
        self,
        sender: str,
        text: str,
        at: float,
        own: bool,
        kind: str,
        extra: tuple[str, ...],
        to_helpers: bool = False,
        badge: str = "",
    ) -> Parts:
        colour_tag = f"nick-{sender.lower()}"
        if sender.lower() not in self._nicks:
            self._nicks.add(sender.lower())
            self.widget.tag_configure(colour_tag, foreground=nick_colour(self._palette, sender))
        who = ("own",) if own else ("nick", colour_tag)
        body = ("body", *extra)
        word = BADGE_WORDS.get(badge)
        return [
            (f"{stamp(at, time.time())} ", ("time", *body)),
            *([(f" {word} ", ("badge", *body)), (" ", body)] if word else []),
            (f"* {sender} " if kind == "action" else f"{sender}: ", (*who, *body)),
            *(
                [(f"{PRIVATE} to the host and helpers only: ", ("status", "body"))]
                if to_helpers
                else []
            ),
            *self._with_links(clean(text), body),
            ("\n", ("body",)),
        ]

    def _history_parts(self, message: MessageReceived) -> Parts:
        """A message from history: greyed ("earlier"), no mention highlight, the server's
        notices styled as settings."""
        if is_control(message):
            text = f"{SETTING} {clean(message.text)}\n"
            return [
                (f"{stamp(message.at, time.time())} ", ("time", "body", "earlier")),
                (text, ("notice", "body", "earlier")),
            ]
        return self._message_parts(
            message.sender,
            message.text,
            message.at,
            message.own,
            message.kind,
            ("earlier",),
            message.to_helpers,
            message.badge,
        )

    def _remove_edge(self) -> None:
        ranges = self.widget.tag_ranges("edge")
        if ranges:
            self.widget.configure(state="normal")
            self.widget.delete(ranges[0], ranges[-1])
            self.widget.configure(state="disabled")

    def _line_count(self) -> int:
        return int(self.widget.index("end-1c").split(".")[0])

    def _scrolled(self, first: float, last: float) -> None:
        """The view changed (Tk's yscrollcommand). Ask for older history when the reader has
        just scrolled to the top, or when everything fits in the view with room to spare.
        Lines that were only added below while the view was at the top do not count."""
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
        """A join, leave, control or other event, in the notice style behind `symbol`; one
        with a `msgid` (a control) is shown once, as a message is."""
        if not self._first_time(msgid):
            return
        at_bottom = self._at_bottom()
        when = at or time.time()
        self.entries.append(Entry(when, "", f"{symbol} {text}", "notice"))
        self._write(
            [
                (f"{stamp(when, time.time())} ", ("time", "body")),
                (f"{symbol} {clean(text)}\n", ("notice", "body")),
            ]
        )
        self._added(at_bottom)

    def add_presence(
        self, joined: bool, nick: str, reason: str = "", at: float | None = None
    ) -> None:
        """Someone joined or left: one more name on the line before when that line is joins
        and leaves too, else a line of its own (presence_fold.py). A click shows every name."""
        if self._presence.add_to_last(joined, nick, reason):
            return
        at_bottom = self._at_bottom()
        self._presence.start(joined, nick, reason, at or time.time())
        self._added(at_bottom)

    def mark(self, local_id: int, status: str, msgid: str | None = None) -> None:
        """Change our own line's status: "" once sent (as `msgid`), "waiting…", or
        "not sent: …"."""
        self._first_time(msgid)  # the server's copy of it will not be shown again
        tag = f"pending-{local_id}"
        ranges = self.widget.tag_ranges(tag)
        if not ranges:
            return
        self.widget.configure(state="normal")
        self.widget.delete(ranges[0], ranges[1])
        if status:
            self.widget.insert(ranges[0], f" ({status})", ("status", tag, "body"))
        self.widget.configure(state="disabled")

    def clear_screen(self) -> None:
        """Empty the view: the host or a helper cleared everyone's screen. What was shown stays
        in `entries` for Save transcript, and its msgids, so nothing comes back by itself."""
        self.widget.configure(state="normal")
        self.widget.delete("1.0", "end")
        self.widget.configure(state="disabled")
        self._links.clear()
        self.at_start = True  # scrolling up asks for nothing: the page was wiped on purpose

    def scroll_to_end(self) -> None:
        self.widget.see("end")
        if self._following is not None:
            self._following = True
        self.unseen = 0
        self._on_unseen(0)

    def text(self) -> str:
        return self.widget.get("1.0", "end-1c")

    def _write(self, parts: Parts, at: str = "end") -> None:
        """Append one entry's pieces, each with its tags, in one Tk call.

        A flood of lines goes through here thousands of times a second, while the server and
        client threads want the GIL too: every Tk call gives it up, and may wait up to the
        switch interval (5 ms) to get it back, so the calls per line are kept to three.
        """
        (first, first_tags), *rest = parts
        more: list[str | tuple[str, ...]] = [item for part in rest for item in part]
        self.widget.configure(state="normal")
        self.widget.insert(at, first, first_tags, *more)
        self.widget.configure(state="disabled")

    def _with_links(self, text: str, tags: tuple[str, ...]) -> list[tuple[str, tuple[str, ...]]]:
        """The pieces of `text`, its links tagged to be clickable."""
        parts: list[tuple[str, tuple[str, ...]]] = []
        position = 0
        for match in _LINK.finditer(text):
            parts.append((text[position : match.start()], tags))
            link_tag = f"href-{len(self._links)}"
            self._links[link_tag] = match.group()
            parts.append((match.group(), (*tags, "link", link_tag)))
            position = match.end()
        parts.append((text[position:], tags))
        return parts

    def _open_link(self, event: "tk.Event[tk.Text]") -> None:
        for tag in self.widget.tag_names(f"@{event.x},{event.y}"):
            if tag in self._links:
                webbrowser.open(self._links[tag])

    def _at_bottom(self) -> bool:
        """True when the end is in view, or the view is not on screen yet (before it is laid
        out, yview() says a 1-pixel-high widget shows almost nothing: not "scrolled up").

        Asked once per turn of the event loop: yview() and see() lay the text out again, which
        costs more than the insert itself, and the reader can't scroll in the middle of a turn.
        The answer holds until _settle(), which runs when the turn's lines are in.
        """
        if self._following is None:
            self._following = not self.widget.winfo_ismapped() or self.widget.yview()[1] >= 0.999
            self.widget.winfo_toplevel().after_idle(self._settle)
        return self._following

    def _settle(self) -> None:
        """After a turn's lines: drop the oldest past the limit, and follow the end."""
        following, self._following = self._following, None
        if not self.widget.winfo_exists():  # the conversation was closed meanwhile
            return
        lines = int(self.widget.index("end-1c").split(".")[0])
        if lines > limits.TRANSCRIPT_MAX_LINES:
            self.widget.configure(state="normal")
            self.widget.delete("1.0", f"{lines - limits.TRANSCRIPT_MAX_LINES}.0")
            self.widget.configure(state="disabled")
            del self.entries[: -limits.TRANSCRIPT_MAX_LINES]
            self._forget_oldest_msgids()
            self.at_start = False
        if following:
            self.widget.see("end")

    def _forget_oldest_msgids(self) -> None:
        """No more msgids than lines kept: each shown line has at most one."""
        for msgid in list(self._msgids)[: max(0, len(self._msgids) - len(self.entries))]:
            del self._msgids[msgid]

    def _added(self, was_at_bottom: bool) -> None:
        if was_at_bottom:
            if self.unseen:  # the reader scrolled down to the end: everything has been seen
                self.unseen = 0
                self._on_unseen(0)
        else:
            self.unseen += 1
            self._on_unseen(self.unseen)


def _entry(message: MessageReceived) -> Entry:
    if is_control(message):
        return Entry(message.at, "", f"{SETTING} {message.text}", "notice")
    kind = "action" if message.kind == "action" else "message"
    role = BADGE_WORDS.get(message.badge, "")
    return Entry(message.at, message.sender, message.text, kind, message.to_helpers, role)
