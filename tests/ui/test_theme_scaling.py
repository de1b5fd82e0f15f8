"""At 200 % (tk scaling twice as big) the start page's widgets grow with it: the text, the
check box, the scrollbar and the buttons' padding; nothing stays at its 100 % size in pixels."""

from __future__ import annotations

import tkinter
import tkinter.font
from dataclasses import dataclass
from tkinter import ttk

from chatgui.ui.app import ChatApp
from chatgui.ui.scrolled import with_scrollbar
from chatgui.ui.settings import Settings
from tests.support import wait_until, wait_viewable
from tests.ui.roomkit import stop_app
from tests.ui.test_theme_indicator import indicator_side

GROWN = 1.5
"""What twice the scaling must at least give (rounding and whole-pixel font sizes take some)."""


@dataclass(frozen=True)
class Sizes:
    linespace: int
    menu_linespace: int
    indicator: int
    scrollbar: int
    button_height: int


def first(widget: tkinter.Misc, kind: type[tkinter.Misc]) -> tkinter.Misc:
    waiting = [widget]
    while waiting:
        found = waiting.pop(0)
        if isinstance(found, kind):
            return found
        waiting.extend(found.winfo_children())
    raise AssertionError(f"no {kind.__name__} on the page")


def sizes_at(display: str, scaling: float) -> Sizes:
    """The host page's sizes in a window whose `tk scaling` is `scaling` from the start."""
    root = tkinter.Tk(screenName=display)
    before = root.tk.call("tk", "scaling")  # Tk keeps it per display: the next test's too
    try:
        root.tk.call("tk", "scaling", scaling)
        app = ChatApp(root, Settings(name="Sam", theme="light"))
        root.geometry("1200x780+0+0")
        app.start.show("host")
        wait_viewable(root, timeout=10)
        box = first(app.start.frame, ttk.Checkbutton)
        assert isinstance(box, ttk.Checkbutton)
        wait_until(box.winfo_viewable, 10, root, what="the check box shown")
        holder = ttk.Frame(root)
        holder.place(x=0, y=0, width=200, height=80)
        listbox = tkinter.Listbox(holder)
        listbox.insert("end", *range(50))
        bar = with_scrollbar(listbox, holder)
        root.update()
        measured = Sizes(
            linespace=app.fonts.text.metrics("linespace"),
            menu_linespace=tkinter.font.nametofont("TkMenuFont", root).metrics("linespace"),
            indicator=indicator_side(box),
            scrollbar=bar.winfo_width(),
            button_height=app.start.open_button.winfo_height(),
        )
        stop_app(app)
        return measured
    finally:
        root.tk.call("tk", "scaling", before)
        root.destroy()


def test_everything_grows_at_200_percent(display: str) -> None:
    normal, double = sizes_at(display, 1.0), sizes_at(display, 2.0)
    for name in ("linespace", "menu_linespace", "indicator", "scrollbar", "button_height"):
        small, big = getattr(normal, name), getattr(double, name)
        assert big >= GROWN * small, f"{name}: {small} px at 100 %, only {big} px at 200 %"
