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
    """One theme's colours. Every widget takes its colours from here, by the field's job."""

    background: str
    """Behind the messages and every page."""
    foreground: str
    """Text."""
    muted: str
    """Times, system lines and other quiet text."""
    own: str
    """The person's own name."""
    notice: str
    mention: str
    """Behind a line that names the reader."""
    link: str
    selection: str
    nicks: tuple[str, ...]
    """Avatar and name colours; a name always gets the same one (nick_colour)."""
    surface: str
    """The sidebar, header and menus: a shade off the background."""
    field: str
    """Inside entries and the message box."""
    border: str
    accent: str
    """The current conversation, the Send button, focus rings."""
    on_accent: str
    """Text on the accent colour."""
    alert: str
    """Unread badges and refusals."""
    on_alert: str
    banner: str
    """The connection banner above the message box."""
    on_banner: str


PALETTES = {
    "light": Palette(
        background="#ffffff",
        foreground="#1b1b1b",
        muted="#6b6b6b",
        own="#0b5394",
        notice="#5f4b8b",
        mention="#fff2a8",
        link="#0645ad",
        selection="#cfe2ff",
        nicks=(
            "#b3261e",
            "#1e7b34",
            "#8a4b08",
            "#6a1b9a",
            "#00695c",
            "#ad1457",
            "#283593",
            "#4e342e",
        ),
        surface="#f2f3f5",
        field="#ffffff",
        border="#c9ccd1",
        accent="#2f5fd0",
        on_accent="#ffffff",
        alert="#d93025",
        on_alert="#ffffff",
        banner="#fff4ce",
        on_banner="#3d2e00",
    ),
    "dark": Palette(
        background="#1e1f22",
        foreground="#e6e6e6",
        muted="#9a9a9a",
        own="#8ab4f8",
        notice="#c5a3ff",
        mention="#5c4a00",
        link="#8ab4f8",
        selection="#2f4a70",
        nicks=(
            "#ff8a80",
            "#81c995",
            "#fdd663",
            "#d7aefb",
            "#78d9ec",
            "#f48fb1",
            "#aecbfa",
            "#ffcc80",
        ),
        surface="#2b2d31",
        field="#383a40",
        border="#45474d",
        accent="#5865f2",
        on_accent="#ffffff",
        alert="#f23f43",
        on_alert="#ffffff",
        banner="#5c4a00",
        on_banner="#fff4ce",
    ),
    "high contrast": Palette(
        background="#000000",
        foreground="#ffffff",
        muted="#ffff00",
        own="#00ffff",
        notice="#ffff00",
        mention="#0000aa",
        link="#00ffff",
        selection="#444444",
        nicks=("#ffffff",),
        surface="#000000",
        field="#000000",
        border="#ffffff",
        accent="#ffff00",
        on_accent="#000000",
        alert="#ffff00",
        on_alert="#000000",
        banner="#ffff00",
        on_banner="#000000",
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
