"""Visible focus: the button, check box or field that has the keyboard focus is outlined in
the theme's accent colour, in every theme (clam's own ring is a thin dotted line in a fixed
dark colour, which the dark themes hide)."""

import tkinter as tk
from tkinter import ttk

from chatgui.ui.theme import Palette

RING_WIDTH = 2
"""The focus ring's width in pixels."""


def outline_focus(root: tk.Misc, palette: Palette) -> None:
    """Draw the focus of every ttk button, check box and field in `palette.accent`: the ring,
    and the border of a field or a button."""
    style = ttk.Style(root)
    for kind in ("TButton", "TCheckbutton", "TRadiobutton"):
        style.configure(kind, focuscolor=palette.accent, focusthickness=RING_WIDTH)
    for kind in ("TEntry", "TButton"):  # a field's or button's own border, too: clam's ring
        # is dotted, and thin beside a button's text
        style.map(
            kind, bordercolor=[("focus", palette.accent)], lightcolor=[("focus", palette.accent)]
        )
