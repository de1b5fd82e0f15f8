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
    ) -> None:
        """A line someone wrote; `local_id` marks our own line until the server confirms it."""
        at_bottom = self._at_bottom()
        colour_tag = f"nick-{sender.lower()}"
        if sender.lower() not in self._nicks:
            self._nicks.add(sender.lower())
            self.widget.tag_configure(colour_tag, foreground=nick_colour(self._palette, sender))
        extra = ("mention",) if mention else ()
        self._insert(time.strftime("%H:%M ", time.localtime(at)), "time", "body", *extra)
        who = ("own",) if own else ("nick", colour_tag)
        self._insert(f"* {sender} " if action else f"{sender}: ", *who, "body", *extra)
        self._insert_text(clean(text), ("body", *extra))
        if local_id is not None:
            self._insert(" (sending…)", "status", f"pending-{local_id}", "body")
        self._insert("\n", "body")
        self._added(at_bottom)

    def add_notice(self, symbol: str, text: str, at: float | None = None) -> None:
        """A join, leave, topic change or other event, in the notice style behind `symbol`."""
        at_bottom = self._at_bottom()
        stamp = time.strftime("%H:%M ", time.localtime(at or time.time()))
        self._insert(stamp, "time", "body")
        self._insert(f"{symbol} {clean(text)}\n", "notice", "body")
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
        self.unseen = 0
        self._on_unseen(0)

    def text(self) -> str:
        return self.widget.get("1.0", "end-1c")

    def _insert(self, chunk: str, *tags: str) -> None:
        self.widget.configure(state="normal")
        self.widget.insert("end", chunk, tags)
        self.widget.configure(state="disabled")

    def _insert_text(self, text: str, tags: tuple[str, ...]) -> None:
        """Insert text with its links made clickable."""
        position = 0
        for match in _LINK.finditer(text):
            self._insert(text[position : match.start()], *tags)
            link_tag = f"href-{len(self._links)}"
            self._links[link_tag] = match.group()
            self._insert(match.group(), *tags, "link", link_tag)
            position = match.end()
        self._insert(text[position:], *tags)

    def _open_link(self, event: "tk.Event[tk.Text]") -> None:
        for tag in self.widget.tag_names(f"@{event.x},{event.y}"):
            if tag in self._links:
                webbrowser.open(self._links[tag])

    def _at_bottom(self) -> bool:
        return self.widget.yview()[1] >= 0.999

    def _added(self, was_at_bottom: bool) -> None:
        lines = int(self.widget.index("end-1c").split(".")[0])
        if lines > limits.TRANSCRIPT_MAX_LINES:
            self.widget.configure(state="normal")
            self.widget.delete("1.0", f"{lines - limits.TRANSCRIPT_MAX_LINES}.0")
            self.widget.configure(state="disabled")
        if was_at_bottom:
            self.widget.see("end")
        else:
            self.unseen += 1
            self._on_unseen(self.unseen)
