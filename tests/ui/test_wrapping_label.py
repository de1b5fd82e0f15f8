"""A label that wraps at the width it is given (ui/card.wrapping) never cuts off the end of a
line: the closed room's banner once showed "save thi" beside its button, because Tk wraps at
`wraplength` while the label's border takes a few pixels of the same width."""

from __future__ import annotations

import tkinter
from tkinter import ttk

from chatgui.ui.card import wrapping
from chatgui.ui.closing import ROOM_CLOSED


def test_every_wrapped_line_fits_the_width_the_label_was_given(tk_root: tkinter.Tk) -> None:
    ttk.Style(tk_root).theme_use("clam")  # the window's theme (ttk_styles.py)
    frame = tkinter.Frame(tk_root, width=400, height=200)
    frame.pack()
    frame.pack_propagate(False)
    label = wrapping(frame, ROOM_CLOSED)
    label.pack(fill="x")
    cut = []
    for width in range(200, 700, 3):  # a line that just fits comes at some of these
        frame.configure(width=width)
        for _ in range(4):
            tk_root.update()
        assert label.winfo_width() == width
        if label.winfo_reqwidth() > width:
            cut.append((width, label.winfo_reqwidth()))
    assert cut == []


def test_a_narrow_label_wraps_its_text_onto_more_lines(tk_root: tkinter.Tk) -> None:
    ttk.Style(tk_root).theme_use("clam")
    frame = tkinter.Frame(tk_root, width=900, height=300)
    frame.pack()
    frame.pack_propagate(False)
    label = wrapping(frame, ROOM_CLOSED)
    label.pack(fill="x")
    tk_root.update()
    one_line = label.winfo_reqheight()
    frame.configure(width=220)
    for _ in range(4):
        tk_root.update()
    assert label.winfo_reqheight() > 2 * one_line  # three lines or more
