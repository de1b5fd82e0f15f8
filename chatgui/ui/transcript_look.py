"""How a transcript's tags look in a palette: the sizes, margins and colours of each line.

Message text hangs under the name, right of the avatar (its width follows the text size);
system lines, day lines and times are a size smaller and quiet; a mention is highlighted
across its whole row, the margin included.
"""

import tkinter as tk
from tkinter import font as tkfont

from chatgui.ui.theme import Palette, nick_colour

GAP = 9
"""Pixels beside the avatar: 4 each side of its window, and the 1-pixel strut before it."""


class TextFonts:
    """The transcript's fonts: the ones it is given, and a smaller plain, italic and bold
    one made from the text font, kept a size smaller as the text is zoomed."""

    def __init__(self, widget: tk.Text, text: str) -> None:
        self._text = tkfont.Font(widget, name=text, exists=True)
        self.given = ("", "")  # (bold, italic): the names the chat view gives
        self.small = tkfont.Font(widget, family="DejaVu Sans")
        self.small_italic = tkfont.Font(widget, family="DejaVu Sans", slant="italic")
        self.small_bold = tkfont.Font(widget, family="DejaVu Sans", weight="bold")
        self._size = 0

    def follow(self, bold: str, italic: str) -> None:
        self.given = (bold, italic)
        self._size = int(self._text.actual("size"))
        smaller = self._size - 1 if self._size > 0 else self._size + 1  # below 0: pixels
        for font in (self.small, self.small_italic, self.small_bold):
            font.configure(size=smaller)

    def changed(self) -> bool:
        """True when the text was zoomed since follow()."""
        return int(self._text.actual("size")) != self._size


def style(widget: tk.Text, palette: Palette, fonts: TextFonts, avatar: int) -> None:
    """Every tag of the transcript in `palette`, for avatars `avatar` pixels wide."""
    bold, italic = fonts.given
    indent = avatar + GAP
    widget.configure(background=palette.background, foreground=palette.foreground)
    widget.configure(selectbackground=palette.selection, inactiveselectbackground=palette.selection)
    tag = widget.tag_configure
    tag("head", spacing1=12, spacing3=2, lmargin1=0)
    tag("name", font=bold)
    tag("time", foreground=palette.muted, font=fonts.small)
    tag("badge", background=palette.accent, foreground=palette.on_accent, font=fonts.small_bold)
    tag("body", lmargin1=indent, lmargin2=indent, spacing1=3)
    tag("more", spacing1=0)
    tag("action", font=italic)
    tag("mention", background=palette.mention, lmargincolor=palette.mention)
    tag("me", font=bold)
    tag("status", foreground=palette.muted, font=italic)
    tag("refused", foreground=palette.alert)
    tag("link", foreground=palette.link, underline=True)
    tag("fold", underline=True)  # a folded line of joins: click for every name
    tag("earlier", foreground=palette.muted)
    tag("system", lmargin1=indent, lmargin2=indent, spacing1=6, spacing3=2)
    tag("notice", foreground=palette.muted, font=fonts.small_italic)
    tag("day", foreground=palette.muted, font=fonts.small_bold, justify="center")
    tag("day", spacing1=14, spacing3=4)
    tag("unread-line", foreground=palette.alert, font=fonts.small_bold, justify="right")
    tag("unread-line", spacing1=8, lmargin1=indent)
    tag("edge", foreground=palette.muted, font=italic, justify="center")
    tag("found", background=palette.mention)
    tag("found-current", background=palette.own, foreground=palette.background)
    for name in widget.tag_names():
        if name.startswith("nick-"):
            tag(name, foreground=nick_colour(palette, name.removeprefix("nick-")))
    for raised in ("refused", "badge", "found", "found-current"):
        widget.tag_raise(raised)
