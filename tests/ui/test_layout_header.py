"""The header: the room's title, "N people", the pinned announcement on one line (all of it on
hover or a click), and the host's address as a chip that copies it (issue 19)."""

from __future__ import annotations

import tkinter

from chatgui.ui.app import ChatApp
from chatgui.ui.room_header import COPIED, ELLIPSIS
from tests.support import wait_until
from tests.ui.layoutkit import classmates, cut_or_touching, settle
from tests.ui.roomkit import CHANNEL

PIN = (
    "Homework: page 42, exercises 3 to 7, due Friday. Bring a calculator and the worksheet "
    "from Tuesday; we start with the quiz on fractions, then the test on decimals."
)


def test_the_header_counts_the_people_in_the_room(
    host: ChatApp, tk_root: tkinter.Tk, port: int
) -> None:
    assert host.page is not None
    header = host.page.view.header
    assert str(header.title.cget("text")) == "Class chat"
    assert str(header.count.cget("text")) == "1 person"
    with classmates(port, 11, tk_root, host):
        wait_until(
            lambda: str(header.count.cget("text")) == "12 people", 5, tk_root, what="12 people"
        )
        assert header.count.winfo_ismapped()


def test_the_address_chip_copies_the_address_and_says_copied(
    host: ChatApp, tk_root: tkinter.Tk, port: int
) -> None:
    assert host.page is not None
    chip = host.page.view.header.chip
    settle(tk_root)
    assert chip.winfo_ismapped()
    assert f"127.0.0.1:{port}" in str(chip.cget("text"))
    tk_root.clipboard_clear()
    chip.invoke()
    assert tk_root.clipboard_get() == f"127.0.0.1:{port}"
    assert str(chip.cget("text")) == COPIED
    wait_until(lambda: str(chip.cget("text")) != COPIED, 5, tk_root, what="the address back")
    assert f"127.0.0.1:{port}" in str(chip.cget("text"))


def test_a_long_announcement_is_one_line_whole_on_hover_and_on_click(
    host: ChatApp, tk_root: tkinter.Tk
) -> None:
    assert host.page is not None
    header = host.page.view.header
    tk_root.geometry("800x600+0+0")
    host.page.handle_input(CHANNEL, f"/topic {PIN}")
    wait_until(lambda: PIN in header.topic_text(), 10, tk_root, what="the pin in the header")
    settle(tk_root)
    shown = str(header.topic.cget("text"))
    assert shown.endswith(ELLIPSIS)
    line = header.topic.winfo_reqheight()
    assert header.topic.winfo_width() <= header.frame.winfo_width()
    header.topic.event_generate("<Enter>")
    assert PIN in header.tooltip.shown_text()
    header.topic.event_generate("<Leave>")
    assert header.tooltip.shown_text() == ""
    header.topic.event_generate("<Button-1>")
    settle(tk_root)
    assert PIN in str(header.topic.cget("text"))
    assert header.topic.winfo_height() >= 2 * line, "the whole announcement, wrapped"
    assert cut_or_touching(tk_root) == []
    header.topic.event_generate("<Button-1>")
    settle(tk_root)
    assert str(header.topic.cget("text")) == shown


def test_the_chip_says_what_it_copies_on_hover(
    host: ChatApp, tk_root: tkinter.Tk, port: int
) -> None:
    """At 800 px the chip keeps only the address; resting on it says what it is."""
    assert host.page is not None
    header = host.page.view.header
    tk_root.geometry("800x600+0+0")
    settle(tk_root)
    assert "Others can join" not in str(header.chip.cget("text"))
    header.chip.event_generate("<Enter>")
    said = header.chip_tooltip.shown_text()
    assert f"Others can join at 127.0.0.1:{port}. A click copies 127.0.0.1:{port}." == said
    header.chip.event_generate("<Leave>")
