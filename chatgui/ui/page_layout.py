"""The chat page's three columns (sidebar, conversation, members), their widths, the order in
which they give way when the window is narrow, and the window's smallest size.

Widths are counted in characters of the text font, so Ctrl+plus and a 200 % screen widen the
columns with the text. The conversation never gives way: first the member list goes (the
header's "31 people" brings it back, in the sidebar's place), then the sidebar. The window's
smallest size keeps the sidebar and the conversation side by side.
"""

import tkinter as tk
from collections.abc import Callable
from dataclasses import dataclass
from tkinter import font as tkfont
from tkinter import ttk

SIDEBAR_CHARS = 17
"""The sidebar's width: "Class chat" and a badge, a private name, the host's room list."""
MEMBERS_CHARS = 18
"""The member list's width: a name and its icons (hand, muted, away), "Everyone — 28"."""
SIDE_CHARS_MAX = 26
"""The sidebar and the member list grow with a wide window, up to this many characters."""
SIDE_SHARE = 0.15
"""Their share of a wide window's width (Discord's 240 px of 1600)."""
CONVERSATION_MIN_CHARS = 34
"""The conversation's narrowest: a line of a message still reads as a sentence."""
MIN_HEIGHT_LINES = 24
"""The window's lowest, in lines of text: the header, a few messages, the input, the status."""
SCREEN_SHARE = 0.9
"""The smallest size never asks for more than this share of the screen (a small laptop at 200 %)."""


@dataclass(frozen=True)
class Columns:
    """The columns' widths in pixels for the text font as it is now."""

    sidebar: int
    members: int
    conversation_min: int

    @classmethod
    def of(cls, font: tkfont.Font, window: int = 0) -> "Columns":
        """The widths for `font` in a window `window` pixels wide."""
        char = font.measure("0")
        share = min(int(window * SIDE_SHARE), SIDE_CHARS_MAX * char)
        return cls(
            max(SIDEBAR_CHARS * char, share),
            max(MEMBERS_CHARS * char, share),
            CONVERSATION_MIN_CHARS * char,
        )


def panes(
    width: int, columns: Columns, members_wanted: bool | None, members: bool
) -> tuple[bool, bool]:
    """(sidebar shown, members shown) in `width` pixels. `members`: the conversation has a
    member list; `members_wanted`: the person asked to see it (True), to hide it (False), or
    neither (None: shown when it fits)."""
    both = columns.sidebar + columns.conversation_min
    everything = both + columns.members
    if not members or members_wanted is False:
        return width >= both, False
    if width >= everything:
        return True, True
    if members_wanted:
        return False, True
    return width >= both, False


def min_size(columns: Columns, font: tkfont.Font, screen: tuple[int, int]) -> tuple[int, int]:
    """The window's smallest size: the sidebar and the conversation side by side, and
    MIN_HEIGHT_LINES of text; never more than SCREEN_SHARE of the screen."""
    width = columns.sidebar + columns.conversation_min
    height = int(font.metrics("linespace")) * MIN_HEIGHT_LINES
    return (
        min(width, int(screen[0] * SCREEN_SHARE)),
        min(height, int(screen[1] * SCREEN_SHARE)),
    )


class PageColumns:
    """The three columns' frames, shown as they fit: `side` (the sidebar), `middle` (the
    conversation) and `members`. `has_members()` says whether the conversation shown has a
    member list."""

    def __init__(self, parent: tk.Misc, font: tkfont.Font, has_members: Callable[[], bool]):
        self.frame = ttk.Frame(parent)
        self._font, self._has_members = font, has_members
        self.members_wanted: bool | None = None
        """Asked for with the header's count: see panes()."""
        self.widths = Columns.of(font)
        self.side = ttk.Frame(self.frame, style="Sidebar.TFrame", padding=(8, 8, 0, 8))
        self.middle = ttk.Frame(self.frame, padding=(8, 0, 8, 0))
        self.members = ttk.Frame(self.frame, style="Sidebar.TFrame", padding=(0, 8, 0, 8))
        for column, (number, weight, sticky) in (
            (self.side, (0, 0, "ns")),
            (self.middle, (1, 1, "nsew")),
            (self.members, (2, 0, "ns")),
        ):
            column.pack_propagate(False)  # its width is ours to say, not its contents'
            column.grid(row=0, column=number, sticky=sticky)
            self.frame.grid_columnconfigure(number, weight=weight)
        self.middle.pack_propagate(True)
        self.frame.grid_rowconfigure(0, weight=1)
        self.frame.bind("<Configure>", lambda e: self.arrange(), add="+")

    def arrange(self) -> None:
        """Size the side columns for the font and the window, and show those that fit."""
        width = self.frame.winfo_width()
        if width <= 1:
            return
        widths = self.widths = Columns.of(self._font, width)
        for column, wanted in ((self.side, widths.sidebar), (self.members, widths.members)):
            if int(str(column.cget("width"))) != wanted:
                column.configure(width=wanted)
        shown = panes(width, widths, self.members_wanted, self._has_members())
        for column, on in zip((self.side, self.members), shown, strict=True):
            if on and not column.winfo_manager():
                column.grid()
            elif not on and column.winfo_manager():
                column.grid_remove()

    def members_shown(self) -> bool:
        return bool(self.members.winfo_manager())

    def toggle_members(self) -> None:
        """The header's "31 people": show the member list, or hide it."""
        self.members_wanted = not self.members_shown()
        self.arrange()

    def min_size(self) -> tuple[int, int]:
        """The window's smallest size for the text size now (min_size())."""
        screen = (self.frame.winfo_screenwidth(), self.frame.winfo_screenheight())
        return min_size(self.widths, self._font, screen)
