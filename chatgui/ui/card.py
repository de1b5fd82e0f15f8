"""Card: the start screen's centred panel, as sign-in screens of today's apps show it.

The card keeps a margin round it and grows with the window up to a width that stays easy to
read (measured in the text font, so Ctrl+plus and 200 % scaling widen it too). Its height is
either what its content asks for ("natural"), or the window's height up to a limit ("tall",
for a page whose list or choices grow into the room), or the whole window's ("full").
Labels made with `wrapping` wrap at whatever width they are given.
"""

import tkinter as tk
import tkinter.font as tkfont
from tkinter import ttk
from typing import Literal

Height = Literal["natural", "tall", "full"]
WIDTH_IN_DIGITS = 92
"""The card's widest, in widths of the text font's "0": a form wider than that is hard to
read across (about 720 px at the usual 11 pt)."""
TALL_SHAPE = 0.7
"""A "tall" card's highest, as a share of its width: big choices, not towers."""
MARGIN = 24
"""Pixels between the card and the window's edges, at most (less in a small window)."""


class Card:
    """A padded frame centred in `outer` (which fills the window). Tk thread only."""

    def __init__(self, outer: ttk.Frame, font: str, padding: int = 24) -> None:
        self._outer = outer
        self._font = tkfont.nametofont(font, root=outer)
        self._padding = padding
        self.frame = ttk.Frame(outer, style="Card.TFrame", padding=padding)
        self.height: Height = "natural"
        outer.bind("<Configure>", lambda e: self.fit(), add="+")

    def fit(self) -> None:
        """Size and centre the card for the window as it is now."""
        width, height = self._outer.winfo_width(), self._outer.winfo_height()
        if width <= 1:  # not drawn yet: the first <Configure> fits it
            return
        self.frame.update_idletasks()  # the content's size as it is now, a message included
        margin = min(MARGIN, width // 40, height // 40)
        self.frame.configure(padding=min(self._padding, height // 36))  # less in a small window
        if self.frame.winfo_reqheight() > height - 2 * margin:
            margin = 0  # a tall page at a big text size: every line is worth more than a margin
        widest = self._font.measure("0") * WIDTH_IN_DIGITS
        across = min(width - 2 * margin, widest)
        tall: int | str = ""  # "": what the content asks for
        if self.height == "full":
            tall = height - 2 * margin
        elif self.height == "tall":
            wanted = max(self.frame.winfo_reqheight(), int(across * TALL_SHAPE))
            tall = min(height - 2 * margin, wanted)
        self.frame.place(relx=0.5, rely=0.5, anchor="center", width=across, height=tall)


def wrapping(parent: tk.Misc, text: str = "", **options: object) -> ttk.Label:
    """A label whose lines wrap at the width its geometry manager gives it."""
    label = ttk.Label(parent, text=text, **options)  # type: ignore[arg-type]
    wrapped_for: list[tuple[int, str]] = []  # the width and text it was last wrapped for

    def resized(event: "tk.Event[ttk.Label]") -> None:
        """Wrap again only when the width or the text changed: the new wrap itself makes the
        label taller, which Tk reports as one more <Configure> of the same width."""
        now = (event.width, str(label.cget("text")))
        if wrapped_for != [now]:
            wrapped_for[:] = [now]
            _rewrap(label, event.width)

    label.bind("<Configure>", resized, add="+")
    return label


def _rewrap(label: ttk.Label, width: int) -> None:
    """Wrap the text so that its longest line fits the `width` the label was given. Tk wraps
    at `wraplength`, which counts the text alone, while the label's border and padding take
    a few pixels of its width too: wrapped at the full width, a line that just fits would
    lose its last letters. So the wrap narrows by what the text still needs beyond `width`
    (the label's requested width is its longest line plus its border and padding)."""
    if width <= 1:
        return
    wrap = width
    label.configure(wraplength=wrap)
    while (overflow := label.winfo_reqwidth() - width) > 0 and wrap > overflow:
        wrap -= overflow
        label.configure(wraplength=wrap)
