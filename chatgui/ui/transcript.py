"""Transcript: one conversation's lines in a read-only Text widget.

`12:41 Sam: text`, one entry per message, each nick in its own colour, notices in their own
style behind a symbol (no typed text can look like one), links clickable, control
characters removed. Indices are never computed from Python string offsets: Tk 8.6 counts an
emoji as two, so everything is inserted at "end" with tags.
"""

import re
import time
import tkinter as tk
import webbrowser
from collections.abc import Callable

from chatgui import limits
from chatgui.ui.theme import Palette, nick_colour

_LINK = re.compile(r"https?://[^\s<>\"]+[^\s<>\".,;:!?)\]']")
_FORMATTING = re.compile(
    r"\x1b\[[0-9;?]*[A-Za-z]"  # terminal escape sequences (clear screen, colours)
    r"|\x03(\d{1,2}(,\d{1,2})?)?"  # IRC colour codes
    r"|[\x00-\x08\x0b-\x1f\x7f]"  # other control characters, bold/italic codes included
)


# The symbols in front of notices: each kind of event has its own.
INFO = "\N{INFORMATION SOURCE}"
WARNING = "\N{WARNING SIGN}"
JOINED = "\N{RIGHTWARDS ARROW}"
LEFT = "\N{LEFTWARDS ARROW}"
RENAMED = "\N{LOWER RIGHT PENCIL}"
PINNED = "\N{PUSHPIN}"
SETTING = "\N{GEAR}"
NOTICE = "\N{ENVELOPE}"
PRIVATE = "\N{LOCK}"
HAND = "\N{RAISED HAND}"


def selected_index(listbox: tk.Listbox) -> int | None:
    """The index of the selected row of a Listbox, or None."""
    chosen: tuple[int, ...] = listbox.curselection()  # type: ignore[no-untyped-call]
    return chosen[0] if chosen else None


def clean(text: str) -> str:
    """Text safe to show: no IRC colour codes, terminal escapes or other control characters."""
    return _FORMATTING.sub("", text.replace("\t", "    "))


class Transcript:
    """The view of one conversation. Call from the Tk thread only."""

    def __init__(self, parent: tk.Misc, font: str, on_unseen: Callable[[int], None]) -> None:
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
        self._following: bool | None = None  # this turn's "is the end in view?", see _at_bottom
        self._links: dict[str, str] = {}
        self._nicks: set[str] = set()
        self.widget.tag_configure("body", lmargin1=0, lmargin2=48)
        self.widget.tag_bind("link", "<Button-1>", self._open_link)

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
        to_helpers: bool = False,
    ) -> None:
        """A line someone wrote; `local_id` marks our own line until the server confirms it;
        `to_helpers` marks a line only the host and helpers see."""
        at_bottom = self._at_bottom()
        colour_tag = f"nick-{sender.lower()}"
        if sender.lower() not in self._nicks:
            self._nicks.add(sender.lower())
            self.widget.tag_configure(colour_tag, foreground=nick_colour(self._palette, sender))
        extra = ("mention",) if mention else ()
        who = ("own",) if own else ("nick", colour_tag)
        parts: list[tuple[str, tuple[str, ...]]] = [
            (time.strftime("%H:%M ", time.localtime(at)), ("time", "body", *extra)),
            (f"* {sender} " if action else f"{sender}: ", (*who, "body", *extra)),
            *(
                [(f"{PRIVATE} to the host and helpers only: ", ("status", "body"))]
                if to_helpers
                else []
            ),
            *self._with_links(clean(text), ("body", *extra)),
        ]
        if local_id is not None:
            parts.append((" (sending…)", ("status", f"pending-{local_id}", "body")))
        parts.append(("\n", ("body",)))
        self._write(parts)
        self._added(at_bottom)

    def add_notice(self, symbol: str, text: str, at: float | None = None) -> None:
        """A join, leave, topic change or other event, in the notice style behind `symbol`."""
        at_bottom = self._at_bottom()
        stamp = time.strftime("%H:%M ", time.localtime(at or time.time()))
        self._write([(stamp, ("time", "body")), (f"{symbol} {clean(text)}\n", ("notice", "body"))])
        self._added(at_bottom)

    def mark(self, local_id: int, status: str) -> None:
        """Change our own line's status: "" once sent, "waiting…", or "not sent: …"."""
        tag = f"pending-{local_id}"
        ranges = self.widget.tag_ranges(tag)
        if not ranges:
            return
        self.widget.configure(state="normal")
        self.widget.delete(ranges[0], ranges[1])
        if status:
            self.widget.insert(ranges[0], f" ({status})", ("status", tag, "body"))
        self.widget.configure(state="disabled")

    def scroll_to_end(self) -> None:
        self.widget.see("end")
        if self._following is not None:
            self._following = True
        self.unseen = 0
        self._on_unseen(0)

    def text(self) -> str:
        return self.widget.get("1.0", "end-1c")

    def _write(self, parts: list[tuple[str, tuple[str, ...]]]) -> None:
        """Append one entry's pieces, each with its tags, in one Tk call.

        A flood of lines goes through here thousands of times a second, while the server and
        client threads want the GIL too: every Tk call gives it up, and may wait up to the
        switch interval (5 ms) to get it back, so the calls per line are kept to three.
        """
        (first, first_tags), *rest = parts
        more: list[str | tuple[str, ...]] = [item for part in rest for item in part]
        self.widget.configure(state="normal")
        self.widget.insert("end", first, first_tags, *more)
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
        if following:
            self.widget.see("end")

    def _added(self, was_at_bottom: bool) -> None:
        if was_at_bottom:
            if self.unseen:  # the reader scrolled down to the end: everything has been seen
                self.unseen = 0
                self._on_unseen(0)
        else:
            self.unseen += 1
            self._on_unseen(self.unseen)
