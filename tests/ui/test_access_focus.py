"""Visible focus and Tab order, in a real window: Tab (and Shift+Tab) from the first field of
each page of the start screen and of the small windows reaches every button, in the order
the page reads, and comes back round."""

from __future__ import annotations

import tkinter
from collections.abc import Iterator
from tkinter import ttk

from chatgui.ui.app import ChatApp
from chatgui.ui.ask import Ask
from chatgui.ui.help_window import show_about, show_shortcuts
from chatgui.ui.settings import THEMES, Settings
from tests.ui.roomkit import press, stop_app


def walk(start: tkinter.Misc, key: str) -> list[tkinter.Misc]:
    """The widgets Tab (or Shift+Tab) gives the focus to, from `start` round to it again."""
    start.focus_force()
    start.update()
    seen: list[tkinter.Misc] = []
    focused = start
    for _ in range(60):
        focused.event_generate(key)
        focused.update()
        now = start.focus_get()
        assert now is not None, f"{key} from {focused} left the window without a focus"
        if now == start:
            return seen
        seen.append(now)
        focused = now
    raise AssertionError(f"{key} from {start} never came back: {seen}")


def buttons(parent: tkinter.Misc) -> Iterator[tkinter.Misc]:
    """The buttons (and check boxes) shown and enabled inside `parent`."""
    for child in parent.winfo_children():
        kind = isinstance(child, (ttk.Button, ttk.Checkbutton, tkinter.Button))
        if kind and child.winfo_viewable() and str(child.cget("state")) != "disabled":
            yield child
        yield from buttons(child)


def check_tab_order(first: tkinter.Misc, page: tkinter.Misc) -> None:
    forward = walk(first, "<Tab>")
    backward = walk(first, "<Shift-Tab>")
    missing = [b for b in buttons(page) if b not in forward]
    assert not missing, f"Tab from {first} never reaches {missing}: {forward}"
    assert list(reversed(backward)) == forward, "Shift+Tab goes back the same way"


def test_tab_reaches_every_button_of_each_start_page(tk_root: tkinter.Tk) -> None:
    app = ChatApp(tk_root, Settings(name="Sam", room_name="Class chat"))
    tk_root.geometry("800x600+0+0")
    try:
        start = app.start
        for page, first, frame in (
            ("choice", start.name_entry, start.choice_page),
            ("host", start.name_entry, start.host_page),
            ("join", start.name_entry, start.join_page),
        ):
            start.show(page)
            start.address.set("127.0.0.1")
            tk_root.update()
            check_tab_order(first, frame)
    finally:
        stop_app(app)


def test_tab_reaches_every_button_of_the_small_windows(tk_root: tkinter.Tk) -> None:
    ask = Ask(tk_root, "Slow mode", "Seconds between messages:", lambda text: None)
    tk_root.update()
    check_tab_order(ask.entry, ask.window)
    for show in (show_shortcuts, show_about):
        window = show(tk_root)
        window.update()
        close = next(buttons(window))
        assert window.focus_lastfor() == close, "the Close button has the focus at once"
        window.destroy()


def test_enter_on_a_focused_button_presses_that_button(tk_root: tkinter.Tk) -> None:
    """Tab to "Host a room" and Enter: the Host page (Enter elsewhere on the page does the
    page's own action, which on the first page is Join)."""
    app = ChatApp(tk_root, Settings(name="Sam", room_name="Class chat"))
    try:
        start = app.start
        press(start.host_button, "<Return>")
        assert start.page == "host"
        back = [b for b in buttons(start.host_page) if str(b.cget("text")) == "Back"]
        press(back[0], "<Return>")
        assert start.page == "choice", "Back went back; the room was not opened"
        assert app.server is None
        press(start.name_entry, "<Return>")
        assert start.page == "join", "Enter in a field still does the page's action"
        asked: list[str] = []
        ask = Ask(tk_root, "Slow mode", "Seconds between messages:", asked.append, initial="30")
        ask.window.update()
        cancel = [b for b in buttons(ask.window) if str(b.cget("text")) == "Cancel"]
        press(cancel[0], "<Return>")
        assert not ask.is_open()
        assert asked == [], "Enter on Cancel cancelled"
    finally:
        stop_app(app)


def luminance(colour: str) -> float:
    """WCAG's relative luminance of "#rrggbb"."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(one: str, other: str) -> float:
    light, dark = sorted((luminance(one), luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_the_focus_ring_stands_out_in_every_theme(tk_root: tkinter.Tk) -> None:
    """WCAG asks 3:1 for what shows where the focus is: a check box's ring, a button's or a
    field's border."""
    app = ChatApp(tk_root, Settings(name="Sam"))
    try:
        style = ttk.Style(tk_root)
        for theme in THEMES:
            app.looks.set_theme(theme)
            palette = app.looks.palette()
            for kind in ("TCheckbutton", "TRadiobutton"):
                ring = str(style.lookup(kind, "focuscolor", ["focus"]))
                assert ring.startswith("#"), f"{theme}: {kind} has no ring colour of its own"
                assert contrast(ring, palette.background) >= 3, f"{theme}: {kind} ring {ring}"
            for kind in ("TEntry", "TButton"):
                border = str(style.lookup(kind, "bordercolor", ["focus"]))
                assert border.startswith("#"), f"{theme}: a {kind} with the focus looks the same"
                assert contrast(border, palette.background) >= 3, f"{theme}: {kind} {border}"
    finally:
        stop_app(app)
