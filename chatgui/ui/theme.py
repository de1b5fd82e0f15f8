"""Colours and fonts: light, dark and high-contrast themes, and the font size everyone shares."""

import tkinter as tk
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from tkinter import font as tkfont
from tkinter import ttk

from chatgui.ui.settings import Settings, save_settings


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


def apply_theme(root: tk.Tk, palette: Palette, fonts: Fonts) -> None:
    """The window's ttk styles and background in `palette` (the chat view applies its own)."""
    style = ttk.Style(root)
    style.theme_use("clam")
    style.configure(
        ".",
        background=palette.background,
        foreground=palette.foreground,
        font=fonts.text.name,
    )
    style.configure("TEntry", fieldbackground=palette.background, foreground=palette.foreground)
    style.map("TButton", background=[("active", palette.selection)])
    root.configure(background=palette.background)


class Looks:
    """The View menu's theme and text size, kept in the settings; `on_palette` is told each
    palette applied (the chat view, when there is one, draws itself in it)."""

    def __init__(
        self, root: tk.Tk, settings: Settings, fonts: Fonts, on_palette: Callable[[Palette], None]
    ) -> None:
        self.root, self.settings, self.fonts, self.on_palette = root, settings, fonts, on_palette
        self.theme_choice = tk.StringVar(root, value=settings.theme)

    def zoom(self, step: int) -> None:
        size = max(8, min(32, self.fonts.size + step))
        self.fonts.resize(size)
        self.settings.font_size = size
        save_settings(self.settings)

    def picked(self) -> None:
        self.set_theme(self.theme_choice.get())

    def set_theme(self, theme: str) -> None:
        """Switch to "light", "dark" or "high contrast", and remember it."""
        self.settings.theme = theme
        self.theme_choice.set(theme)
        save_settings(self.settings)
        self.apply()

    def palette(self) -> Palette:
        return PALETTES[self.settings.theme]

    def apply(self) -> None:
        palette = self.palette()
        apply_theme(self.root, palette, self.fonts)
        self.on_palette(palette)
