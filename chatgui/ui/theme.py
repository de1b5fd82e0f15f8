"""Colours and fonts: light, dark and high-contrast themes, and the font size everyone shares."""

import tkinter as tk
import zlib
from dataclasses import dataclass
from tkinter import font as tkfont


@dataclass(frozen=True)
class Palette:
    background: str
    foreground: str
    muted: str
    own: str
    notice: str
    mention: str
    link: str
    selection: str
    nicks: tuple[str, ...]


PALETTES = {
    "light": Palette(
        "#ffffff",
        "#1b1b1b",
        "#6b6b6b",
        "#0b5394",
        "#5f4b8b",
        "#fff2a8",
        "#0645ad",
        "#cfe2ff",
        ("#b3261e", "#1e7b34", "#8a4b08", "#6a1b9a", "#00695c", "#ad1457", "#283593", "#4e342e"),
    ),
    "dark": Palette(
        "#1e1f22",
        "#e6e6e6",
        "#9a9a9a",
        "#8ab4f8",
        "#c5a3ff",
        "#5c4a00",
        "#8ab4f8",
        "#2f4a70",
        ("#ff8a80", "#81c995", "#fdd663", "#d7aefb", "#78d9ec", "#f48fb1", "#aecbfa", "#ffcc80"),
    ),
    "high contrast": Palette(
        "#000000",
        "#ffffff",
        "#ffff00",
        "#00ffff",
        "#ffff00",
        "#0000aa",
        "#00ffff",
        "#444444",
        ("#ffffff",),
    ),
}


def nick_colour(palette: Palette, nick: str) -> str:
    """The same nick gets the same colour in every window and every run."""
    return palette.nicks[zlib.crc32(nick.lower().encode("utf-8")) % len(palette.nicks)]


class Fonts:
    """Named fonts that every widget uses, so Ctrl+plus resizes the whole window at once."""

    def __init__(self, root: tk.Misc, size: int) -> None:
        self.text = tkfont.Font(root, family="DejaVu Sans", size=size)
        self.bold = tkfont.Font(root, family="DejaVu Sans", size=size, weight="bold")
        self.italic = tkfont.Font(root, family="DejaVu Sans", size=size, slant="italic")
        self.big = tkfont.Font(root, family="DejaVu Sans", size=size + 5, weight="bold")

    @property
    def size(self) -> int:
        return int(self.text.cget("size"))

    def resize(self, size: int) -> None:
        for font in (self.text, self.bold, self.italic):
            font.configure(size=size)
        self.big.configure(size=size + 5)
