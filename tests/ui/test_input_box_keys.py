"""The message box on its own, in a real Tk window: it grows with its text up to
INPUT_LINES_MAX lines and then scrolls, shows a placeholder that is never sent, completes
names by Tab and by @ (a small list), and lets Tab leave it when there is nothing to complete.
"""

from __future__ import annotations

import tkinter
from tkinter import ttk

import pytest

from chatgui import limits
from chatgui.ui.input_box import InputBox, Outcome
from tests.ui.roomkit import press, shown

NAMES = ["Ms_Teacher", "Sam", "Sara", "Aisha"]


class Box:
    """An InputBox between two buttons, recording what it hands over."""

    def __init__(self, root: tkinter.Tk) -> None:
        self.sent: list[str] = []
        self.before = ttk.Button(root, text="before")
        self.before.pack()
        self.input = InputBox(root, "TkDefaultFont", self._send, lambda: NAMES)
        self.input.frame.pack(fill="x")
        self.after = ttk.Button(root, text="after")
        self.after.pack()
        root.geometry("400x300")
        root.update()

    def _send(self, text: str) -> Outcome:
        self.sent.append(text)
        return Outcome.SENT

    def type(self, text: str) -> None:
        """Text typed at the cursor (the box has the keyboard, as when typing)."""
        self.input.widget.focus_force()
        self.input.widget.insert("insert", text)
        self.input.widget.update()

    def key(self, sequence: str) -> None:
        press(self.input.widget, sequence)

    def text(self) -> str:
        return self.input.get()

    def height(self) -> int:
        return int(self.input.widget.cget("height"))


@pytest.fixture
def box(tk_root: tkinter.Tk) -> Box:
    return Box(tk_root)


# --- growing ---


def test_the_box_is_one_line_and_grows_with_its_lines_up_to_the_limit_then_scrolls(
    box: Box,
) -> None:
    assert box.height() == 1
    box.type("one")
    for n in range(2, 4):
        box.key("<Shift-Return>")
        box.type(f"line {n}")
    assert box.height() == 3
    for n in range(4, limits.INPUT_LINES_MAX + 5):
        box.key("<Shift-Return>")
        box.type(f"line {n}")
    assert box.height() == limits.INPUT_LINES_MAX
    assert box.input.widget.yview() != (0.0, 1.0), "past the limit the box scrolls"
    box.key("<Return>")
    assert box.height() == 1, "an empty box is one line again"


def test_a_long_line_that_wraps_grows_the_box_too(box: Box) -> None:
    box.type("word " * 60)
    assert box.height() > 1


# --- the placeholder ---


def test_the_placeholder_shows_while_empty_and_is_never_text(box: Box) -> None:
    box.input.set_placeholder("Message Class chat")
    box.input.widget.update()
    assert box.input.placeholder_text() == "Message Class chat"
    assert box.text() == ""
    box.key("<Return>")
    assert box.sent == [], "the placeholder was sent"
    box.type("hi")
    assert box.input.placeholder_text() == ""
    box.key("<Return>")
    assert box.sent == ["hi"]
    assert box.input.placeholder_text() == "Message Class chat"


# --- Tab: completing, cycling, leaving ---


def test_tab_in_an_empty_box_moves_to_the_next_widget_and_shift_tab_back(box: Box) -> None:
    box.key("<Tab>")
    assert box.input.widget.focus_get() == box.after
    box.key("<Shift-Tab>")  # from the box again
    assert box.input.widget.focus_get() == box.before


def test_tab_with_no_name_to_complete_leaves_the_text_and_the_box(box: Box) -> None:
    box.type("zz ")
    box.key("<Tab>")
    assert box.text() == "zz "
    assert box.input.widget.focus_get() == box.after


def test_repeated_tab_cycles_through_the_names(box: Box) -> None:
    box.type("Sa")
    box.key("<Tab>")
    assert box.text() == "Sam: "
    box.key("<Tab>")
    assert box.text() == "Sara: "
    box.key("<Shift-Tab>")  # back a name, not out of the box
    assert box.text() == "Sam: "
    box.key("<Tab>")
    box.key("<Tab>")
    assert box.text() == "Sam: "
    box.type("ask ai")
    box.key("<Tab>")
    assert box.text() == "Sam: ask Aisha "
    assert box.input.widget.focus_get() == box.input.widget


def test_tab_at_the_start_of_a_later_line_gives_a_name_and_colon(box: Box) -> None:
    box.type("first")
    box.key("<Shift-Return>")
    box.type("ms")
    box.key("<Tab>")
    assert box.text() == "first\nMs_Teacher: "


def test_at_and_tab_completes_a_mention(box: Box) -> None:
    box.type("thanks @sa")
    box.key("<Tab>")
    assert box.text() == "thanks @Sam "


# --- the list after @ ---


def test_at_opens_a_list_of_names_picked_with_arrows_and_enter(box: Box) -> None:
    box.type("well @")
    assert box.input.completions() == NAMES
    box.type("S")
    assert box.input.completions() == ["Sam", "Sara"]
    box.key("<Down>")
    box.key("<Return>")
    assert box.text() == "well @Sara "
    assert box.sent == [], "Enter picked the name: nothing was sent"
    assert box.input.completions() == []


def test_tab_picks_from_the_list_and_escape_closes_it(box: Box) -> None:
    box.type("@ai")
    assert box.input.completions() == ["Aisha"]
    box.key("<Tab>")
    assert box.text() == "@Aisha "
    box.type("@")
    assert box.input.completions()
    box.key("<Escape>")
    assert box.input.completions() == []
    box.key("<Return>")
    assert box.sent == ["@Aisha @"]


def test_the_list_is_shown_above_the_box_and_bounded(box: Box, tk_root: tkinter.Tk) -> None:
    many = [f"Student_{n}" for n in range(30)]
    NAMES.extend(many)
    box.after.pack_forget()
    box.input.frame.pack_configure(side="bottom")  # where the chat view has it
    tk_root.update()
    try:
        box.type("@st")
        assert box.input.completions() == many
        popup = box.input.popup.listbox
        assert shown(popup)
        assert int(popup.cget("height")) == limits.COMPLETIONS_SHOWN_MAX
        tk_root.update()
        assert popup.winfo_rooty() + popup.winfo_height() <= box.input.widget.winfo_rooty() + 1
        assert popup.winfo_rooty() >= tk_root.winfo_rooty()
    finally:
        del NAMES[-len(many) :]


def test_a_click_on_a_name_in_the_list_takes_it(box: Box, tk_root: tkinter.Tk) -> None:
    box.input.frame.pack_configure(side="bottom")
    box.type("hi @s")
    tk_root.update()
    listbox = box.input.popup.listbox
    x, y, _, _ = listbox.bbox(1)
    listbox.event_generate("<ButtonPress-1>", x=x + 3, y=y + 3)
    listbox.event_generate("<ButtonRelease-1>", x=x + 3, y=y + 3)
    tk_root.update()
    assert box.text() == "hi @Sara "
    assert tk_root.focus_get() == box.input.widget


def test_the_list_goes_with_the_box(box: Box, tk_root: tkinter.Tk) -> None:
    listbox = box.input.popup.listbox
    box.input.frame.destroy()
    tk_root.update()
    assert not listbox.winfo_exists()
