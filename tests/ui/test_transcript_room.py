"""The messages pane in a real room (the host's window, a student's window, raw peers over
127.0.0.1): a name's colour the same in every window, the "New messages" line and the
"↓ N new" button when scrolled up, and a refusal under the last line fully in view."""

from __future__ import annotations

import tkinter

from chatgui.protocol.names import casefold
from chatgui.ui.app import ChatApp
from chatgui.ui.transcript import Transcript
from tests.support import wait_until
from tests.ui.roomkit import (
    CHANNEL,
    HOST,
    join_peer,
    members,
    press,
    shown,
    student_joins,
    transcript_text,
    type_line,
)

NEW_MESSAGES = "New messages"  # chatgui.ui.lines.NEW_MESSAGES


def room_of(app: ChatApp) -> Transcript:
    assert app.page is not None
    return app.page.view.transcripts[casefold(CHANNEL)]


def name_colour(app: ChatApp, name: str) -> str:
    """The colour `name` is drawn in at the head of its group in `app`'s window."""
    widget = room_of(app).widget
    ranges = widget.tag_ranges("name")
    for start, end in zip(ranges[::2], ranges[1::2], strict=True):
        if widget.get(start, end) == name:
            for tag in reversed(widget.tag_names(start)):  # the highest tag with a colour
                colour = str(widget.tag_cget(tag, "foreground"))
                if colour:
                    return colour
    raise AssertionError(f"{name} has no head in the window")


def test_a_name_is_the_same_colour_in_every_window_ones_own_included(
    host: ChatApp, tk_root: tkinter.Tk, port: int, student: tuple[ChatApp, tkinter.Tk]
) -> None:
    sam, sam_root = student
    student_joins(sam, sam_root, host, tk_root, port)
    wait_until(lambda: sam_root.update() or HOST in members(sam), 10, tk_root, what="joined")
    assert sam.page is not None
    sam.page.view.input.set("hello from Sam")
    sam.page.view.input._send(None)  # type: ignore[arg-type]
    type_line(host, "hello from the host")
    wait_until(
        lambda: (
            sam_root.update()
            or (
                "hello from the host" in transcript_text(sam)
                and "hello from Sam" in transcript_text(host)
            )
        ),
        10,
        tk_root,
        what="both lines in both windows",
    )
    assert name_colour(sam, "Sam") == name_colour(host, "Sam")
    assert name_colour(sam, HOST) == name_colour(host, HOST)


def test_lines_that_come_while_scrolled_up_get_a_new_messages_line_and_a_button(
    host: ChatApp, tk_root: tkinter.Tk, port: int
) -> None:
    assert host.page is not None
    view = host.page.view
    press(view.input.widget, "<Control-a>")  # the window has the keyboard focus
    peer = join_peer(port, "Sam", tk_root, host)
    try:
        for number in range(60):
            peer.send(f"PRIVMSG {CHANNEL} :filler {number}")
        wait_until(lambda: "filler 59" in transcript_text(host), 10, tk_root, what="filler")
        tk_root.update()
        assert NEW_MESSAGES not in transcript_text(host), "read as it came"
        room_of(host).widget.yview_moveto(0.0)
        tk_root.update()
        peer.send(f"PRIVMSG {CHANNEL} :while you were up there")
        peer.send(f"PRIVMSG {CHANNEL} :and this too")
        wait_until(lambda: "and this too" in transcript_text(host), 10, tk_root, what="lines")
        tk_root.update()
        text = transcript_text(host)
        assert text.index("filler 59") < text.index(NEW_MESSAGES)
        assert text.index(NEW_MESSAGES) < text.index("while you were up there")
        assert text.count(NEW_MESSAGES) == 1
        assert shown(view.new_button)
        assert str(view.new_button.cget("text")) == "↓ 2 new"
        button = view.new_button
        x = button.winfo_rootx() + button.winfo_width() // 2
        y = button.winfo_rooty() + button.winfo_height() // 2
        assert button.winfo_containing(x, y) == button, "the button is hidden under the text"
        view.new_button.invoke()
        tk_root.update()
        assert not shown(view.new_button)
        assert room_of(host).widget.yview()[1] >= 0.999
    finally:
        peer.close()


def test_a_refusal_under_the_last_line_is_fully_in_view(
    host: ChatApp, tk_root: tkinter.Tk, port: int, student: tuple[ChatApp, tkinter.Tk]
) -> None:
    sam, sam_root = student
    student_joins(sam, sam_root, host, tk_root, port)
    assert host.page is not None
    assert sam.page is not None
    type_line(host, "/mute Sam")
    wait_until(
        lambda: sam_root.update() or "muted Sam." in transcript_text(sam),
        10,
        tk_root,
        what="Sam muted",
    )
    sam_root.geometry("560x420")  # a narrow pane: the refusal takes three lines
    transcript = room_of(sam)
    for number in range(40):
        transcript.add_notice("i", f"filling the pane {number}")
    sam_root.update()
    sam.page.view.input.set("hello?")
    sam.page.view.input._send(None)  # type: ignore[arg-type]
    wait_until(
        lambda: sam_root.update() or "(not sent: You are muted" in transcript_text(sam),
        10,
        tk_root,
        what="the refusal",
    )
    sam_root.update()
    widget = transcript.widget
    last = widget.index("end-1c linestart -1c")  # the end of the refusal's line
    box = widget.bbox(f"{last} -1c")
    assert box is not None, "the end of the refusal is out of view"
    assert box[1] + box[3] <= widget.winfo_height(), "cut off at the bottom"
