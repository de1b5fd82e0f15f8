"""Every widget in the theme picked, in a real window: the menu bar (light grey in the dark
theme before), menus, lists, text, canvases and dialogs, those open when the theme changes
and those made after."""

from __future__ import annotations

import tkinter
from collections.abc import Iterator

import pytest

from chatgui.ui.app import ChatApp
from chatgui.ui.dialog import dialog_window
from chatgui.ui.settings import Settings
from chatgui.ui.theme import PALETTES, Palette
from tests.support import wait_viewable
from tests.ui.pixels import grab, hex_rgb, share_of
from tests.ui.roomkit import stop_app

MOSTLY = 0.8
"""Share of a plain bar's pixels in its colour (the rest is its text)."""


@pytest.fixture
def app(tk_root: tkinter.Tk) -> Iterator[ChatApp]:
    """The start screen in the light theme, shown."""
    started = ChatApp(tk_root, Settings(name="Sam", theme="light"))
    tk_root.geometry("800x600+0+0")
    wait_viewable(tk_root, timeout=10)
    yield started
    stop_app(started)


def menu_bar(root: tkinter.Tk) -> str:
    """The path of the menu bar as shown: Tk's clone of the menu named in the root's -menu."""
    clones = [
        path
        for path in root.tk.splitlist(root.tk.call("winfo", "children", "."))
        if str(path).startswith(".#") and root.tk.call("winfo", "class", path) == "Menu"
    ]
    assert clones, "no menu bar"
    return str(clones[0])


def same(root: tkinter.Misc, configured: str, colour: str) -> bool:
    return hex_rgb(root, configured) == hex_rgb(root, colour)


def classic_widgets(parent: tkinter.Misc) -> dict[str, tkinter.Misc]:
    """One of each classic widget the window uses, in a dialog of its own."""
    window, frame = dialog_window(parent, "Lessons")
    made: dict[str, tkinter.Misc] = {"Toplevel": window}
    made["Listbox"] = tkinter.Listbox(frame)
    made["Text"] = tkinter.Text(frame, height=3)
    made["Canvas"] = tkinter.Canvas(frame, width=40, height=40)
    made["Label"] = tkinter.Label(frame, text="classic")
    made["Menu"] = tkinter.Menu(window, tearoff=False)
    for widget in made.values():
        if not isinstance(widget, tkinter.Menu | tkinter.Toplevel):
            widget.pack()  # type: ignore[attr-defined]
    return made


def expected(palette: Palette) -> dict[str, str]:
    return {
        "Toplevel": palette.background,
        "Listbox": palette.field,
        "Text": palette.field,
        "Canvas": palette.background,
        "Label": palette.background,
        "Menu": palette.surface,
    }


def assert_in(palette: Palette, widgets: dict[str, tkinter.Misc]) -> None:
    for kind, colour in expected(palette).items():
        shown = str(widgets[kind].cget("background"))
        assert same(widgets[kind], shown, colour), f"the {kind} is {shown}, not {colour}"


def test_the_menu_bar_is_drawn_in_the_dark_theme(tk_root: tkinter.Tk, app: ChatApp) -> None:
    app.looks.set_theme("dark")
    bar = tk_root.nametowidget(tk_root["menu"])
    dark = PALETTES["dark"]
    assert same(tk_root, str(bar.cget("background")), dark.surface)
    path = menu_bar(tk_root)
    shown = grab(tk_root, path)
    share = share_of(shown, hex_rgb(tk_root, dark.surface))
    assert share >= MOSTLY, f"only {share:.0%} of the menu bar is the dark surface colour"


def test_dialogs_and_menus_open_during_a_switch_change_with_it(
    tk_root: tkinter.Tk, app: ChatApp
) -> None:
    widgets = classic_widgets(tk_root)
    wait_viewable(widgets["Toplevel"], timeout=10)
    assert_in(PALETTES["light"], widgets)
    for theme in ("dark", "high contrast", "light"):
        app.looks.set_theme(theme)
        assert_in(PALETTES[theme], widgets)
        view_menu = tk_root.nametowidget(tk_root["menu"])
        assert same(tk_root, str(view_menu.cget("foreground")), PALETTES[theme].foreground)


def test_widgets_made_after_a_switch_start_in_the_theme(tk_root: tkinter.Tk, app: ChatApp) -> None:
    app.looks.set_theme("dark")
    widgets = classic_widgets(tk_root)
    assert_in(PALETTES["dark"], widgets)
    text = widgets["Text"]
    assert same(tk_root, str(text.cget("insertbackground")), PALETTES["dark"].foreground)
    assert int(text.cget("borderwidth")) == 0, "a 3-D border on the text"


def test_the_window_itself_and_its_pages_take_the_theme(tk_root: tkinter.Tk, app: ChatApp) -> None:
    app.looks.set_theme("dark")
    tk_root.update()
    shown = grab(tk_root)
    share = share_of(shown, hex_rgb(tk_root, PALETTES["dark"].background))
    assert share >= 0.5, f"only {share:.0%} of the start page is the dark background"
