"""Every ttk style the window uses, on ttk's "clam", in one palette: flat (no 3-D borders),
padded, a hover and a pressed shade, and an accent-coloured ring on the focused widget.

Sizes follow the text: the check box's side is most of a line, and every padding and the
scrollbar's width are in pixels at 96 dpi scaled by `tk scaling` (`scaled`), so the window
grows on a 200 % screen as its fonts (in points) do. theme.py's docstring lists the styles.
"""

import tkinter as tk
from dataclasses import dataclass
from tkinter import ttk

from chatgui.ui.palettes import Palette

INDICATOR_SHARE = 0.8
"""The check box's and radio button's side against the text's line height."""


def scaled(widget: tk.Misc, pixels: float) -> int:
    """`pixels` at 96 dpi, in pixels at this screen's `tk scaling` (2.67 at 200 %)."""
    points_per_pixel = 72 / 96
    return max(1, round(pixels * points_per_pixel * float(widget.tk.call("tk", "scaling"))))


def mix(widget: tk.Misc, colour: str, other: str, share: float) -> str:
    """`colour` with `share` of `other` in it: the hover and pressed shades."""
    ours, theirs = widget.winfo_rgb(colour), widget.winfo_rgb(other)
    parts = (round((a * (1 - share) + b * share) / 257) for a, b in zip(ours, theirs, strict=True))
    return "#{:02x}{:02x}{:02x}".format(*parts)


@dataclass(frozen=True)
class StyleFonts:
    """The named fonts the styles use, and the line height (theme.Fonts gives them)."""

    text: str
    bold: str
    small: str
    linespace: int
    """The text font's line height in pixels."""


def style_all(root: tk.Misc, palette: Palette, fonts: StyleFonts) -> None:
    """Configure every style in `palette` and at the sizes of `fonts` (called again on every
    theme change and Ctrl+plus/minus; ttk redraws every widget itself)."""
    style = ttk.Style(root)
    if style.theme_use() != "clam":
        style.theme_use("clam")
    _base(root, style, palette, fonts)
    _buttons(root, style, palette, fonts)
    _fields(root, style, palette, fonts)
    _choices(root, style, palette, fonts)
    _lists_and_panes(root, style, palette, fonts)
    _named_areas(root, style, palette, fonts)


def _flat(colour: str) -> dict[str, str]:
    """A border drawn in one colour: no light and dark edges (clam's 3-D look)."""
    return {"background": colour, "lightcolor": colour, "darkcolor": colour}


def _base(root: tk.Misc, style: ttk.Style, p: Palette, fonts: StyleFonts) -> None:
    style.configure(
        ".",
        **_flat(p.background),
        foreground=p.foreground,
        bordercolor=p.border,
        troughcolor=p.background,
        fieldbackground=p.field,
        selectbackground=p.selection,
        selectforeground=p.foreground,
        insertcolor=p.foreground,
        focuscolor=p.accent,
        arrowcolor=p.foreground,
        font=fonts.text,
    )
    style.map(
        ".",
        background=[("disabled", p.background)],
        foreground=[("disabled", p.muted)],
        selectbackground=[("!focus", p.selection)],
        selectforeground=[("!focus", p.foreground)],
    )
    style.configure("TFrame", background=p.background)
    style.configure("TLabel", background=p.background, foreground=p.foreground)
    style.configure("TSeparator", background=p.border)
    style.configure("TLabelframe", **_flat(p.background), bordercolor=p.border, relief="solid")
    style.configure("TLabelframe.Label", background=p.background, font=fonts.bold)


def _button(
    root: tk.Misc, style: ttk.Style, name: str, back: str, fore: str, ring: str, edge: str
) -> None:
    """A flat button of colour `back` edged in `edge`: shaded towards `fore` under the mouse
    and when pressed, and a ring in `ring` round it while it has the keyboard focus."""
    hover, pressed = mix(root, back, fore, 0.12), mix(root, back, fore, 0.24)
    # "raised" draws the edge; its light and dark sides in `back` keep it flat
    style.configure(name, **_flat(back), foreground=fore, bordercolor=edge, relief="raised")
    states = [("pressed", pressed), ("active", hover)]
    style.map(
        name,
        background=[("disabled", back), *states],
        lightcolor=[("focus", ring), *states],
        darkcolor=[("focus", ring), *states],
        bordercolor=[("focus", ring)],
        focuscolor=[("focus", back)],
    )


def _buttons(root: tk.Misc, style: ttk.Style, p: Palette, fonts: StyleFonts) -> None:
    padding = (scaled(root, 12), scaled(root, 6))
    for name in ("TButton", "Accent.TButton", "Chip.TButton"):
        style.configure(name, padding=padding, anchor="center", borderwidth=scaled(root, 2))
    _button(root, style, "TButton", p.surface, p.foreground, p.accent, p.border)
    _button(root, style, "Accent.TButton", p.accent, p.on_accent, p.foreground, p.accent)
    _button(root, style, "Chip.TButton", p.surface, p.foreground, p.accent, p.border)
    chip_padding = (scaled(root, 8), scaled(root, 2))
    style.configure("Chip.TButton", padding=chip_padding, font=fonts.small, width=0)


def _fields(root: tk.Misc, style: ttk.Style, p: Palette, fonts: StyleFonts) -> None:
    """Entries, comboboxes and spinboxes: the field colour, a border that turns accent (two
    pixels) while the field has the focus."""
    padding = (scaled(root, 6), scaled(root, 4))
    arrow = scaled(root, 12)
    for name in ("TEntry", "TCombobox", "TSpinbox"):
        style.configure(
            name,
            **_flat(p.field),
            fieldbackground=p.field,
            foreground=p.foreground,
            bordercolor=p.border,
            padding=padding,
            insertwidth=scaled(root, 1),
            arrowsize=arrow,
        )
        style.map(
            name,
            bordercolor=[("focus", p.accent)],
            lightcolor=[("focus", p.accent)],
            darkcolor=[("focus", p.accent)],
            fieldbackground=[("readonly", p.surface), ("disabled", p.surface)],
            foreground=[("disabled", p.muted)],
            background=[("active", p.surface), ("pressed", p.surface)],
            arrowcolor=[("disabled", p.muted)],
        )


def _choices(root: tk.Misc, style: ttk.Style, p: Palette, fonts: StyleFonts) -> None:
    """Check boxes and radio buttons: an indicator most of a line high, filled with the accent
    colour when on, its edge accent-coloured while it has the focus or the mouse."""
    side = round(INDICATOR_SHARE * fonts.linespace)
    gap = max(scaled(root, 4), fonts.linespace // 3)
    for name in ("TCheckbutton", "TRadiobutton"):
        style.configure(
            name,
            background=p.background,
            foreground=p.foreground,
            indicatorsize=side,
            indicatormargin=(0, 0, gap, 0),
            indicatorbackground=p.field,
            indicatorforeground=p.on_accent,
            upperbordercolor=p.border,
            lowerbordercolor=p.border,
            padding=scaled(root, 2),
        )
        style.map(
            name,
            background=[("active", p.background)],
            indicatorbackground=[("disabled", p.surface), ("selected", p.accent)],
            upperbordercolor=[("focus", p.accent), ("active", p.accent), ("selected", p.accent)],
            lowerbordercolor=[("focus", p.accent), ("active", p.accent), ("selected", p.accent)],
        )


def _lists_and_panes(root: tk.Misc, style: ttk.Style, p: Palette, fonts: StyleFonts) -> None:
    for orient in ("Vertical", "Horizontal"):  # a thumb in a trough, no arrows
        thumb = f"{{{orient}.Scrollbar.thumb -expand 1}}"
        thumb_only = f"{orient}.Scrollbar.trough -sticky nswe -children {thumb}"
        root.tk.call("ttk::style", "layout", f"{orient}.TScrollbar", thumb_only)
    thumb = mix(root, p.border, p.background, 0.2)
    style.configure(
        "TScrollbar",
        **_flat(thumb),
        bordercolor=thumb,
        troughcolor=p.background,
        gripcount=0,
        arrowsize=scaled(root, 12),
    )
    style.map("TScrollbar", background=[("pressed", p.muted), ("active", p.muted)])
    style.configure("TPanedwindow", background=p.border)
    style.configure("Sash", sashthickness=scaled(root, 4), gripcount=0)
    style.configure(
        "Treeview",
        **_flat(p.field),
        fieldbackground=p.field,
        foreground=p.foreground,
        bordercolor=p.border,
        rowheight=fonts.linespace + scaled(root, 6),
    )
    style.map(
        "Treeview",
        background=[("selected", p.selection)],
        foreground=[("selected", p.foreground)],
        bordercolor=[("focus", p.accent)],
    )
    style.configure("Heading", **_flat(p.surface), foreground=p.foreground, relief="flat")
    style.map("Heading", background=[("active", mix(root, p.surface, p.foreground, 0.1))])
    style.configure("TNotebook", **_flat(p.background), bordercolor=p.border)
    style.configure(
        "TNotebook.Tab",
        **_flat(p.surface),
        bordercolor=p.border,
        padding=(scaled(root, 10), scaled(root, 4)),
    )
    selected = [("selected", p.background)]
    style.map("TNotebook.Tab", background=selected, lightcolor=selected, darkcolor=selected)


def _named_areas(root: tk.Misc, style: ttk.Style, p: Palette, fonts: StyleFonts) -> None:
    """The styles the other modules name (theme.py's docstring lists them)."""
    style.configure("Sidebar.TFrame", background=p.surface)
    style.configure("Sidebar.TLabel", background=p.surface, foreground=p.foreground)
    style.configure("Header.TFrame", background=p.background)
    style.configure("Header.TLabel", background=p.background, foreground=p.foreground)
    style.configure("Quiet.TLabel", foreground=p.muted, font=fonts.small)
    style.configure("Hint.TLabel", foreground=p.muted)
    style.configure("Backdrop.TFrame", background=p.surface)
    for panel in ("Card.TFrame", "Tile.TFrame"):
        style.configure(panel, background=p.background, bordercolor=p.border, relief="solid")
    style.configure("Error.TLabel", foreground=p.alert)
    style.configure("Banner.TFrame", background=p.banner)
    style.configure("Banner.TLabel", background=p.banner, foreground=p.on_banner)
    style.configure(
        "Badge.TLabel",
        background=p.alert,
        foreground=p.on_alert,
        font=fonts.bold,
        padding=(scaled(root, 6), 0),
        anchor="center",
    )
