"""Two chatgui windows in one process (the screenshot script, a teacher trying both sides):
each window's words live in its own Tk interpreter, so the second shows its own."""

from __future__ import annotations

import tkinter

from chatgui.ui.app import ChatApp
from chatgui.ui.settings import Settings
from tests.ui.roomkit import stop_app


def shown_words(label: tkinter.Misc) -> str:
    """What a label bound to a Tk variable shows: that variable, in the label's interpreter."""
    name = str(label.cget("textvariable"))
    try:
        return str(label.getvar(name))
    except tkinter.TclError:  # no such variable there: the label shows nothing
        return ""


def test_the_second_window_shows_its_own_join_list_words(tk_root: tkinter.Tk, display: str) -> None:
    first = ChatApp(tk_root, Settings(name="Ms_Rivera"))
    second_root = tkinter.Tk(screenName=display)
    second = ChatApp(second_root, Settings(name="Sam"))
    try:
        second.start.found.status.set("Looking for rooms on this network…")
        first.start.found.status.set("")
        label = second.start.found.status_label
        assert shown_words(label) == "Looking for rooms on this network…"
    finally:
        stop_app(second)
        second_root.destroy()
        stop_app(first)
