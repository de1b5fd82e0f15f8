"""The chat page's own ttk styles, in the palette's colours by job: the sidebar's rows and the
member list on `surface`, the current conversation on `accent`, the topic, the hands queue
and the status bar (the header, the badges and the chips are the theme's: ttk_styles.py).

Applied with every palette and after every change of text size: a Treeview's rows do not
grow with its font by themselves.
"""

import tkinter as tk
from tkinter import ttk

from chatgui.ui.theme import Fonts, Palette

ROW_PADDING = 8
"""Pixels a member row has beyond its font's line height: rows a finger can hit."""


def apply_page_styles(root: tk.Misc, palette: Palette, fonts: Fonts) -> None:
    style = ttk.Style(root)
    surface, text = palette.surface, palette.foreground
    style.configure(
        "Section.TLabel", background=surface, foreground=palette.muted, font=fonts.bold.name
    )
    style.configure("Sidebar.Hint.TLabel", background=surface, foreground=palette.muted)
    style.configure("Row.TFrame", background=surface)
    style.configure("Row.TLabel", background=surface, foreground=text)
    style.configure("Current.TFrame", background=palette.accent)
    style.configure("Current.TLabel", background=palette.accent, foreground=palette.on_accent)
    style.configure("Topic.TLabel", background=palette.background, foreground=palette.muted)
    style.configure("Hand.TFrame", background=surface)
    style.configure("Hand.TLabel", background=surface, foreground=text)
    style.configure("Status.TLabel", background=surface, foreground=palette.muted)
    style.configure("Tooltip.TLabel", background=surface, foreground=text, relief="solid")
    _members(style, palette, fonts)


def _members(style: ttk.Style, palette: Palette, fonts: Fonts) -> None:
    """The member list: a Treeview on `surface`, rows as tall as the text needs."""
    rows = int(fonts.text.metrics("linespace")) + ROW_PADDING
    style.configure(
        "Members.Treeview",
        background=palette.surface,
        fieldbackground=palette.surface,
        foreground=palette.foreground,
        font=fonts.text.name,
        rowheight=rows,
        borderwidth=0,
        bordercolor=palette.surface,
        lightcolor=palette.surface,
        darkcolor=palette.surface,
    )
    style.map(
        "Members.Treeview",
        background=[("selected", palette.selection)],
        foreground=[("selected", palette.foreground)],
    )
