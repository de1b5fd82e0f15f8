"""Font scaling reflows the window: after Ctrl+plus three times every widget with text asks
for more room, and at 800x600 the start page still shows all of it (nothing cut off)."""

from __future__ import annotations

import tkinter
from collections.abc import Iterator
from tkinter import font as tkfont
from tkinter import ttk

from chatgui.ui.app import ChatApp
from chatgui.ui.settings import Settings
from tests.ui.roomkit import press, stop_app

TEXT_WIDGETS = (ttk.Label, ttk.Button, ttk.Entry, ttk.Checkbutton, tkinter.Listbox)


def shown_widgets(parent: tkinter.Misc) -> Iterator[tkinter.Misc]:
    for child in parent.winfo_children():
        if child.winfo_viewable():
            yield child
            yield from shown_widgets(child)


def with_text(parent: tkinter.Misc) -> list[tkinter.Misc]:
    return [
        w
        for w in shown_widgets(parent)
        if isinstance(w, TEXT_WIDGETS) and (not isinstance(w, ttk.Label) or w.cget("text"))
    ]


def cut_off(root: tkinter.Tk) -> list[str]:
    """Widgets given less room than they ask for, or reaching past the window's edge."""
    right, bottom = (
        root.winfo_rootx() + root.winfo_width(),
        root.winfo_rooty() + root.winfo_height(),
    )
    found = []
    for w in with_text(root):
        squeezed = w.winfo_height() < w.winfo_reqheight()
        outside = (
            w.winfo_rootx() + w.winfo_width() > right or w.winfo_rooty() + w.winfo_height() > bottom
        )
        if squeezed or outside:
            found.append(
                f"{w} ({w.winfo_width()}x{w.winfo_height()} at {w.winfo_rootx()},{w.winfo_rooty()})"
            )
    return found


def test_ctrl_plus_three_times_reflows_the_start_page(tk_root: tkinter.Tk) -> None:
    app = ChatApp(tk_root, Settings(name="Sam", room_name="Class chat"))
    tk_root.geometry("800x600+0+0")
    try:
        for page in ("choice", "host", "join"):
            app.start.show(page)
            app.start.address.set("")
            tk_root.update()
            before = {str(w): (w.winfo_reqwidth(), w.winfo_reqheight()) for w in with_text(tk_root)}
            assert before, f"nothing with text on the {page} page"
            for _ in range(3):
                press(app.start.name_entry, "<Control-plus>")
            tk_root.update()
            grown = {str(w): (w.winfo_reqwidth(), w.winfo_reqheight()) for w in with_text(tk_root)}
            same = [name for name, size in before.items() if grown.get(name, size)[1] <= size[1]]
            assert not same, f"{page}: these kept their size after Ctrl+plus x3: {same}"
            if page == "choice":
                assert not cut_off(tk_root), f"cut off at 800x600: {cut_off(tk_root)}"
            for _ in range(3):
                press(app.start.name_entry, "<Control-minus>")
        menu_font = tkfont.Font(root=tk_root, font=app.room_menu.cget("font"))
        size = menu_font.actual("size")
        press(app.start.name_entry, "<Control-plus>")
        assert tkfont.Font(root=tk_root, font=app.room_menu.cget("font")).actual("size") > size
    finally:
        stop_app(app)
