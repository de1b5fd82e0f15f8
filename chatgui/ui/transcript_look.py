"""How a transcript's tags look in a palette: the sizes, margins and colours of each line.

Message text hangs under the name, right of the avatar (its width follows the text size);
system lines, day lines and times are a size smaller and quiet; a mention is highlighted
across its whole row, the margin included.
"""

import tkinter as tk
from tkinter import font as tkfont

from chatgui.ui.theme import Palette, nick_colour

GAP = 8
"""Pixels beside the avatar: 4 each side of its window."""


def shared_font(widget: tk.Misc, name: str, *options: str) -> tkfont.Font:
    """The named font `name` of this Tk, made on first use and shared by every transcript.

    Never a font of one's own: a Font object deletes its font when it is collected, and the
    collector may run on a network thread, where that Tcl call waits a second for the Tk
    thread, each time, holding the thread's lines back."""
    if name not in widget.tk.splitlist(widget.tk.call("font", "names")):
        widget.tk.call("font", "create", name, "-family", "DejaVu Sans", *options)
    return tkfont.Font(widget, name=name, exists=True)


class TextFonts:
    """The transcript's fonts: the ones it is given, and a smaller plain, italic and bold
    one made from the text font, kept a size smaller as the text is zoomed."""

    def __init__(self, widget: tk.Text, text: str) -> None:
        self._text = tkfont.Font(widget, name=text, exists=True)
        self.given = ("", "")  # (bold, italic): the names the chat view gives
        self.small = shared_font(widget, "transcript-small")
        self.small_italic = shared_font(widget, "transcript-small-italic", "-slant", "italic")
        self.small_bold = shared_font(widget, "transcript-small-bold", "-weight", "bold")
        self.strut = shared_font(widget, "transcript-strut")  # sets a head's height
        self._size = 0

    def follow(self, bold: str, italic: str) -> None:
        self.given = (bold, italic)
        self._size = int(self._text.actual("size"))
        smaller = self._size - 1 if self._size > 0 else self._size + 1  # below 0: pixels
        for font in (self.small, self.small_italic, self.small_bold):
            font.configure(size=smaller)
        self.strut.configure(size=round(self._size * 1.5))

    def avatar_size(self) -> int:
        """An avatar's width and height: a head line's, one and a half lines of text."""
        return int(self.strut.metrics("linespace"))

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
    tag("strut", font=fonts.strut)
    tag("badge", foreground=palette.accent, font=fonts.small_bold)  # a fill is line-high
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
    tag("unread-line", foreground=palette.alert, font=fonts.small_bold, justify="center")
    tag("unread-line", spacing1=8)  # centred: the "↓ N new" button sits at the right
    tag("edge", foreground=palette.muted, font=italic, justify="center")
    tag("found", background=palette.mention)
    tag("found-current", background=palette.own, foreground=palette.background)
    for name in widget.tag_names():
        if name.startswith("nick-"):
            tag(name, foreground=nick_colour(palette, name.removeprefix("nick-")))
    for raised in ("refused", "badge", "found", "found-current"):
        widget.tag_raise(raised)
