"""Colours and fonts: light, dark and high-contrast themes on ttk's "clam", and the font size
everyone shares. "System" follows the computer's dark mode where it says one (system_look.py).

`apply_theme` styles every ttk widget (ttk_styles.py), sets the defaults of the classic Tk
widgets made later and recolours those that exist, the menus, the menu bar and open dialogs
included (classic_colours.py). Fonts are in points and paddings scale with `tk scaling`
(`scaled`), so a 200 % screen shows everything twice as big.

Styles other modules may name (plain "TButton", "TLabel", … need no name):
- "Accent.TButton": the primary button of a page or dialog (Send, Join, Open the room).
- "Chip.TButton": a small flat button for a value to copy ("Others can join at …").
- "Sidebar.TFrame", "Sidebar.TLabel": the conversations and members column (surface colour).
- "Header.TFrame", "Header.TLabel": the bar above the conversation (background colour).
- "Quiet.TLabel": small muted text (times, counts, hints).
- "Banner.TFrame", "Banner.TLabel": the connection banner above the message box.
- "Badge.TLabel": an unread count, in the alert colours.
- "Error.TLabel": what went wrong, in the alert colour (`alert_colour` for a list's line).
- "Hint.TLabel": a muted explanation under a field or an option.
- "Backdrop.TFrame", "Card.TFrame", "Tile.TFrame": the start screen's backdrop (surface
  colour), its centred card and its two choices (background colour, a thin border).
"""

import tkinter as tk
from collections.abc import Callable
from tkinter import font as tkfont
from tkinter import ttk

from chatgui.ui import system_look
from chatgui.ui.classic_colours import recolour, set_defaults
from chatgui.ui.palettes import PALETTES, Palette, nick_colour
from chatgui.ui.settings import Settings, save_settings
from chatgui.ui.ttk_styles import StyleFonts, scaled, style_all

__all__ = [
    "PALETTES",
    "Fonts",
    "Looks",
    "Palette",
    "alert_colour",
    "apply_theme",
    "nick_colour",
    "scaled",
]

STANDARD_FONTS = (
    "TkDefaultFont",
    "TkTextFont",
    "TkMenuFont",
    "TkHeadingFont",
    "TkIconFont",
    "TkTooltipFont",
    "TkFixedFont",
    "TkCaptionFont",
    "TkSmallCaptionFont",
)
"""Tk's own fonts (menus, dialogs, lists): on X11 they are in pixels, which a 200 % screen
leaves small; here they are in points at the window's text size."""


class Fonts:
    """Named fonts that every widget uses, so Ctrl+plus resizes the whole window at once."""

    def __init__(self, root: tk.Misc, size: int) -> None:
        self.text = tkfont.Font(root, family="DejaVu Sans", size=size)
        self.bold = tkfont.Font(root, family="DejaVu Sans", size=size, weight="bold")
        self.italic = tkfont.Font(root, family="DejaVu Sans", size=size, slant="italic")
        self.big = tkfont.Font(root, family="DejaVu Sans", size=size + 5, weight="bold")
        self.small = tkfont.Font(root, family="DejaVu Sans", size=size - 2)
        self._standard = [tkfont.nametofont(name, root) for name in STANDARD_FONTS]
        self.resize(size)

    @property
    def size(self) -> int:
        return int(self.text.cget("size"))

    def resize(self, size: int) -> None:
        for font in (self.text, self.bold, self.italic, *self._standard):
            font.configure(size=size)
        self.big.configure(size=size + 5)
        self.small.configure(size=max(7, size - 2))

    def for_styles(self) -> StyleFonts:
        linespace = int(self.text.metrics("linespace"))
        return StyleFonts(self.text.name, self.bold.name, self.small.name, linespace)


def alert_colour(widget: tk.Misc) -> str:
    """The theme's alert colour, for a line of a list (ttk styles colour only ttk widgets)."""
    return str(ttk.Style(widget).lookup("Error.TLabel", "foreground"))


def apply_theme(root: tk.Tk, palette: Palette, fonts: Fonts) -> None:
    """Every widget of the window in `palette`, those made later too (the chat view then
    applies its own colours to the conversation)."""
    style_all(root, palette, fonts.for_styles())
    set_defaults(root, palette, {"Listbox": fonts.text.name, "Text": fonts.text.name})
    recolour(root, palette)


class Looks:
    """The View menu's theme and text size, kept in the settings; `on_palette` is told each
    palette applied (the chat view, when there is one, draws itself in it)."""

    def __init__(
        self, root: tk.Tk, settings: Settings, fonts: Fonts, on_palette: Callable[[Palette], None]
    ) -> None:
        self.root, self.settings, self.fonts, self.on_palette = root, settings, fonts, on_palette
        self.theme_choice = tk.StringVar(root, value=settings.theme)
        self.system_theme: str | None = None  # "light" or "dark", asked once (system_look)

    def zoom(self, step: int) -> None:
        size = max(8, min(32, self.fonts.size + step))
        self.fonts.resize(size)
        self.settings.font_size = size
        save_settings(self.settings)
        style_all(self.root, self.palette(), self.fonts.for_styles())  # sizes follow the text

    def picked(self) -> None:
        self.set_theme(self.theme_choice.get())

    def set_theme(self, theme: str) -> None:
        """Switch to "system", "light", "dark" or "high contrast", and remember it."""
        self.settings.theme = theme
        self.system_theme = None  # picking System asks the system again
        self.theme_choice.set(theme)
        save_settings(self.settings)
        self.apply()

    def palette(self) -> Palette:
        theme = self.settings.theme
        if theme == "system":
            if self.system_theme is None:  # asking may start a program: once is enough
                self.system_theme = system_look.system_theme()
            theme = self.system_theme
        return PALETTES[theme]

    def apply(self) -> None:
        palette = self.palette()
        apply_theme(self.root, palette, self.fonts)
        self.on_palette(palette)
