"""A keyboard user sees where the focus is: every kind of widget that takes it shows a ring in
the theme's accent colour while it has it, and none without it, in every theme."""

from __future__ import annotations

import tkinter
from collections.abc import Callable
from tkinter import ttk

import pytest

from chatgui.ui.settings import Settings
from chatgui.ui.theme import PALETTES, Fonts, Looks
from tests.support import wait_until, wait_viewable
from tests.ui.pixels import grab, hex_rgb, share_of

Maker = Callable[[tkinter.Misc], tkinter.Widget]
FOCUSABLE: dict[str, Maker] = {
    "button": lambda parent: ttk.Button(parent, text="Join"),
    "entry": lambda parent: ttk.Entry(parent),
    "combobox": lambda parent: ttk.Combobox(parent, values=("a", "b")),
    "check box": lambda parent: ttk.Checkbutton(parent, text="Keep private messages"),
    "radio button": lambda parent: ttk.Radiobutton(parent, text="By name", value="name"),
    "list": lambda parent: tkinter.Listbox(parent, height=3),
    "text": lambda parent: tkinter.Text(parent, height=3, width=20),
    "treeview": lambda parent: ttk.Treeview(parent, height=3),
}


@pytest.mark.parametrize("theme", ["light", "dark", "high contrast"])
@pytest.mark.parametrize("kind", list(FOCUSABLE))
def test_the_focused_widget_has_an_accent_ring(tk_root: tkinter.Tk, kind: str, theme: str) -> None:
    Looks(tk_root, Settings(theme=theme), Fonts(tk_root, 11), lambda palette: None).apply()
    widget = FOCUSABLE[kind](tk_root)
    other = ttk.Entry(tk_root)
    widget.pack(padx=10, pady=10)
    other.pack()
    tk_root.geometry("+0+0")
    wait_viewable(widget, timeout=10)
    accent = hex_rgb(tk_root, PALETTES[theme].accent)
    tk_root.focus_force()
    other.focus_set()
    wait_until(lambda: tk_root.focus_get() == other, 10, tk_root, what="the focus elsewhere")
    assert share_of(grab(widget), accent) == 0, f"an accent ring on the {kind} without focus"
    widget.focus_set()
    wait_until(lambda: tk_root.focus_get() == widget, 10, tk_root, what=f"the {kind} focused")
    assert share_of(grab(widget), accent) > 0, f"no accent ring on the focused {kind}"
