"""Avatar circles: a person's initials on a disc in their colour, beside their group's name.

Tk 8.6 can't draw text into an image, so an avatar is a Label: a disc image (drawn once per
colour, size and background, smoothed at the edge, then kept) with the initials on it
(compound="center"). The Label is made only when the line is first displayed: the Text
widget runs the `create` script of an embedded window lazily, so a flood of lines into a
room costs one short Tcl call per group, not a widget.
"""

import functools
import tkinter as tk

from chatgui.ui.grouping import initials
from chatgui.ui.theme import Palette, nick_colour
from chatgui.ui.transcript_look import shared_font

SAMPLES = 4
"""Samples per pixel side when smoothing the disc's edge (16 per pixel)."""

_discs: dict[tuple[object, str, str, int], tk.PhotoImage] = {}
"""Discs drawn, by Tcl interpreter (each Tk window of the process has its own images),
colour, background and size."""


def disc(master: tk.Misc, colour: str, background: str, size: int) -> tk.PhotoImage:
    """A filled circle `size` pixels wide, its edge blended into `background`; cached."""
    key = (master.tk, colour, background, size)
    image = _discs.get(key)
    if image is None:
        image = _discs[key] = tk.PhotoImage(master=master, width=size, height=size)
        inside, outside = _rgb(master, colour), _rgb(master, background)
        shares = _disc_shares(size)
        blended = {share: _blend(inside, outside, share) for row in shares for share in row}
        rows = ["{" + " ".join(blended[share] for share in row) + "}" for row in shares]
        image.put(" ".join(rows))
    return image


@functools.cache
def _disc_shares(size: int) -> tuple[tuple[float, ...], ...]:
    """Each pixel's share of a `size` disc, by row: the same for every colour, so worked out
    once per size (it took 4 ms for each new person's avatar, drawn in the middle of a turn;
    a screen of new faces held the window that many times). There are few distinct shares
    (SAMPLES² + 1), each blended once per disc."""
    return tuple(tuple(_coverage(x, y, size) for x in range(size)) for y in range(size))


def _coverage(x: int, y: int, size: int) -> float:
    """How much of pixel (x, y) lies inside the circle filling a `size` square."""
    radius = size / 2
    inside = 0
    for sy in range(SAMPLES):
        for sx in range(SAMPLES):
            dx = x + (sx + 0.5) / SAMPLES - radius
            dy = y + (sy + 0.5) / SAMPLES - radius
            inside += dx * dx + dy * dy <= radius * radius
    return inside / (SAMPLES * SAMPLES)


def _rgb(master: tk.Misc, colour: str) -> tuple[int, int, int]:
    red, green, blue = master.winfo_rgb(colour)
    return red >> 8, green >> 8, blue >> 8


def _blend(inside: tuple[int, int, int], outside: tuple[int, int, int], share: float) -> str:
    mixed = (round(a * share + b * (1 - share)) for a, b in zip(inside, outside, strict=True))
    return "#{:02x}{:02x}{:02x}".format(*mixed)


class Avatars:
    """The avatars of one Text widget: made on display, recoloured and resized together."""

    def __init__(self, text: tk.Text) -> None:
        self._text = text
        self._font = shared_font(text, "avatar-initials", "-weight", "bold")
        self._names: list[str] = []  # an avatar's number in the create script → its name
        self._numbers: dict[str, int] = {}
        self._made: list[tuple[tk.Label, str]] = []
        self._kept = 64  # when there are twice as many, the ones deleted are forgotten
        self._palette: Palette | None = None
        self.size = 24
        self._command = text.register(self._make)

    def script(self, name: str) -> str:
        """The `create` script for an avatar of `name` (a number: no quoting of names), and
        the text widget it is made for (%W: only the one on screen gets one)."""
        number = self._numbers.get(name.lower())
        if number is None:
            number = self._numbers[name.lower()] = len(self._names)
            self._names.append(name)
        return f"{self._command} {number} %W"

    def _make(self, number: str, widget: str) -> str:
        if widget != str(self._text):
            return ""  # the transcript's hidden writer (transcript.py) shows nothing
        name = self._names[int(number)]
        label = tk.Label(self._text, text=initials(name), compound="center", bd=0)
        label.configure(padx=0, pady=0, highlightthickness=0, font=self._font)
        if len(self._made) > 2 * self._kept:
            self._made = [(made, who) for made, who in self._made if made.winfo_exists()]
            self._kept = max(64, len(self._made))
        self._made.append((label, name))
        self._paint(label, name)
        return str(label)

    def apply(self, palette: Palette, size: int) -> None:
        """A new theme or text size: every avatar shown is drawn again in it."""
        self._palette, self.size = palette, size
        self._font.configure(size=-round(size * 0.42))  # in pixels: two letters fit the disc
        for label, name in self._made:
            if label.winfo_exists():
                self._paint(label, name)

    def _paint(self, label: tk.Label, name: str) -> None:
        palette = self._palette
        if palette is None:
            return
        image = disc(label, nick_colour(palette, name), palette.background, self.size)
        label.configure(image=image, background=palette.background)
        label.configure(foreground=palette.background, width=self.size, height=self.size)
