"""The light, dark and high-contrast palettes: every colour of the window, named by its job."""

import zlib
from dataclasses import dataclass


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
