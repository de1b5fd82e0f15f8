"""Check boxes and radio buttons as big as their text, also after Ctrl+plus (issue 19: the
"Keep private messages" box was 10 px beside 15 px text)."""

from __future__ import annotations

import tkinter
from tkinter import ttk

import pytest

from chatgui.ui.settings import Settings
from chatgui.ui.theme import Fonts, Looks
from tests.support import wait_viewable
from tests.ui.pixels import drawn_box, grab

SMALLEST_SHARE = 0.7
"""The indicator's side against the text's line height: a box under 70 % of it looks lost."""


def indicator_side(button: ttk.Checkbutton | ttk.Radiobutton) -> int:
    """The side of the box or circle as drawn: the pixels left of where the label starts."""
    middle = button.winfo_height() // 2
    label_starts = next(
        x for x in range(button.winfo_width()) if button.identify(x, middle).endswith("label")
    )
    width, height = drawn_box(grab(button), 0, label_starts)
    return max(width, height)


@pytest.fixture
def looks(tk_root: tkinter.Tk) -> Looks:
    fonts = Fonts(tk_root, 11)
    looks = Looks(tk_root, Settings(theme="light"), fonts, lambda palette: None)
    looks.apply()
    return looks


@pytest.mark.parametrize("kind", [ttk.Checkbutton, ttk.Radiobutton])
def test_the_indicator_is_as_big_as_the_text(
    tk_root: tkinter.Tk, looks: Looks, kind: type[ttk.Checkbutton | ttk.Radiobutton]
) -> None:
    button = kind(tk_root, text="Keep private messages")
    button.pack(anchor="w")
    tk_root.geometry("+0+0")
    wait_viewable(button, timeout=10)
    linespace = looks.fonts.text.metrics("linespace")
    side = indicator_side(button)
    assert side >= SMALLEST_SHARE * linespace, f"a {side} px indicator beside {linespace} px text"


def test_the_indicator_grows_with_ctrl_plus(tk_root: tkinter.Tk, looks: Looks) -> None:
    button = ttk.Checkbutton(tk_root, text="Keep private messages")
    button.pack(anchor="w")
    tk_root.geometry("+0+0")
    wait_viewable(button, timeout=10)
    before = indicator_side(button)
    for _ in range(4):
        looks.zoom(1)
    linespace = looks.fonts.text.metrics("linespace")
    after = indicator_side(button)
    assert after > before, f"still {after} px after Ctrl+plus x4"
    assert after >= SMALLEST_SHARE * linespace, f"{after} px beside {linespace} px text"
