"""Closing is a decision: the host is asked before a room with people in it closes, students
keep the conversation when it does, and a removed student's window says so in words.

The host is a ChatApp hosting on 127.0.0.1; Sam is a second ChatApp on a second Tk root in
this process, so both windows can be read. Every line crosses real sockets.
"""

from __future__ import annotations

import re
import tkinter
from pathlib import Path

from chatgui.ui import room_history
from chatgui.ui.app import ChatApp
from tests.support import wait_until
from tests.ui.roomkit import join_peer, members, press, transcript_text, type_line

HOST = "Ms_Rivera"
JARGON = re.compile(r"channel|nick|[0-9]{3}|PRIVMSG|not sent", re.IGNORECASE)


def sam_in_the_room(host: ChatApp, tk_root: tkinter.Tk, sam: ChatApp, port: int) -> None:
    sam.start.join_now("Sam", f"127.0.0.1:{port}")
    wait_until(
        lambda: (
            sam.root.update()
            or ("Sam" in members(host) and sam.page is not None and HOST in members(sam))
        ),
        15,
        tk_root,
        what="Sam's window in the room",
    )


def room_leave(app: ChatApp) -> None:
    """Room → Leave, as a click on it."""
    app.room_menu.invoke(app.room_menu.index("Leave"))
    app.root.update()


def close_button(root: tkinter.Tk) -> None:
    """What the window manager's close button does: WM_DELETE_WINDOW."""
    root.tk.call(root.protocol("WM_DELETE_WINDOW"))
    root.update()


def test_closing_a_room_with_people_in_it_asks(
    host: ChatApp, tk_root: tkinter.Tk, port: int, student: tuple[ChatApp, tkinter.Tk]
) -> None:
    sam, _ = student
    sam_in_the_room(host, tk_root, sam, port)

    # The window manager's close button asks first; Escape keeps the room open.
    close_button(tk_root)
    assert host.server is not None, "closing the host window with Sam in it closed the room"
    asking = host.page.closing.asking
    assert asking is not None, "closing the host window with Sam in the room asked nothing"
    assert asking.question == "Close the room? 2 people are in it."  # Sam and the host
    assert asking.window.focus_get() == asking.keep_button  # the default keeps it open
    press(asking.window, "<Escape>")
    assert host.page.closing.asking is None
    assert host.server is not None
    assert host.page is not None

    # Room → Leave asks too; "Close the room" closes it.
    room_leave(host)
    asking = host.page.closing.asking
    assert asking is not None, "Room → Leave closed a room with people in it without asking"
    asking.close_button.invoke()
    assert host.server is None
    assert host.page is None


def test_students_keep_the_conversation_when_the_host_closes_the_room(
    host: ChatApp,
    tk_root: tkinter.Tk,
    port: int,
    student: tuple[ChatApp, tkinter.Tk],
    tmp_path: Path,
) -> None:
    sam, sam_root = student
    sam_in_the_room(host, tk_root, sam, port)
    irc_program = join_peer(port, "Aisha", tk_root, host)
    type_line(sam, "can we have the worksheet?")
    wait_until(lambda: sam_root.update() or "worksheet" in transcript_text(host), 10, tk_root)

    host.leave()  # what "Close the room" does
    irc_program.expect("ERROR :Closing link: The host closed the room")
    wait_until(
        lambda: sam_root.update() or sam.page is None or "closed the room" in transcript_text(sam),
        10,
        tk_root,
        what="the room closed, said in Sam's window",
    )
    assert sam.page is not None, "Sam's window went back to the start screen"
    said = transcript_text(sam)
    assert re.search(rf"{HOST} closed the room at \d\d:\d\d", said), said
    assert "worksheet" in said
    assert str(sam.page.view.input.widget.cget("state")) == "disabled"
    assert "closed" in sam.page.closing.banner_text()
    room_history.save_transcript_to(sam.root, sam.page.view, tmp_path / "lesson.txt")
    saved = (tmp_path / "lesson.txt").read_text(encoding="utf-8")
    assert "worksheet" in saved
    assert "closed the room" in saved
    sam.find()
    sam.page.view.find.text.set("worksheet")
    sam.page.view.find.find()
    assert sam.page.view.find.count.cget("text") != "Not in the messages shown"
    # Back to the start screen when Sam chooses.
    sam.page.closing.back_button.invoke()
    assert sam.page is None
    assert sam.start.frame.winfo_manager()
    irc_program.close()


def test_with_nobody_else_in_the_room_it_just_closes(host: ChatApp, tk_root: tkinter.Tk) -> None:
    room_leave(host)
    assert not [w for w in tk_root.winfo_children() if isinstance(w, tkinter.Toplevel)]
    assert host.server is None
    assert host.page is None


def test_a_removed_student_reads_why_and_may_join_again(
    host: ChatApp, tk_root: tkinter.Tk, port: int, student: tuple[ChatApp, tkinter.Tk]
) -> None:
    sam, sam_root = student
    sam_in_the_room(host, tk_root, sam, port)
    type_line(host, "/kick Sam shouting")
    wait_until(
        lambda: sam_root.update() or "removed you" in transcript_text(sam),
        10,
        tk_root,
        what="Sam's window saying Sam was removed",
    )
    assert sam.page is not None
    said = transcript_text(sam)
    assert f"{HOST} removed you from Class chat: shouting" in said
    assert str(sam.page.view.input.widget.cget("state")) == "disabled"
    banner = sam.page.closing.banner_text()
    assert "removed" in banner
    assert not JARGON.search(banner)
    # Typing there is not taken, and answers no jargon.
    sam.page.view.input.widget.configure(state="normal")
    type_line(sam, "why?")
    sam_root.update()
    after = transcript_text(sam)[len(said) :]
    assert not JARGON.search(after), after
    # Join again: back in, and the room can be written in.
    type_line(host, "said while Sam was out")
    sam.page.closing.rejoin_button.invoke()
    wait_until(
        lambda: sam_root.update() or "Sam" in members(host),
        10,
        tk_root,
        what="Sam back in the room",
    )
    wait_until(lambda: sam_root.update() or not sam.page.closing.banner_text(), 10, tk_root)
    assert str(sam.page.view.input.widget.cget("state")) == "normal"
    wait_until(
        lambda: sam_root.update() or "said while Sam was out" in transcript_text(sam),
        10,
        tk_root,
        what="what was missed, replayed on joining again",
    )
    assert "removed Sam" not in transcript_text(sam)  # the removal is said once, to Sam


def test_a_banned_student_who_tries_to_join_again_reads_why_in_words(
    host: ChatApp, tk_root: tkinter.Tk, port: int, student: tuple[ChatApp, tkinter.Tk]
) -> None:
    sam, sam_root = student
    sam_in_the_room(host, tk_root, sam, port)
    type_line(host, "/ban Sam shouting")
    wait_until(
        lambda: sam_root.update() or "removed you" in transcript_text(sam),
        10,
        tk_root,
        what="Sam's window saying Sam was removed",
    )
    said = transcript_text(sam)
    assert sam.page.closing.rejoin_button is not None
    sam.page.closing.rejoin_button.invoke()
    wait_until(
        lambda: sam_root.update() or len(transcript_text(sam)) > len(said),
        10,
        tk_root,
        what="the refusal in Sam's window",
    )
    refusal = transcript_text(sam)[len(said) :]
    assert "banned" in refusal.lower() or "can't join" in refusal.lower(), refusal
    assert not re.search(r"\b[0-9]{3}\b|channel|\+b", refusal), refusal
    assert "removed" in sam.page.closing.banner_text()  # still read-only, still offering


def test_leaving_a_joined_room_asks_only_about_words_not_sent(
    host: ChatApp, tk_root: tkinter.Tk, port: int, student: tuple[ChatApp, tkinter.Tk]
) -> None:
    sam, _ = student
    sam_in_the_room(host, tk_root, sam, port)
    assert sam.page is not None
    sam.page.view.input.set("the answer is 4")
    room_leave(sam)
    asking = sam.page.closing.asking
    assert asking is not None, "Sam's typed words were thrown away without asking"
    assert "not been sent" in asking.question
    press(asking.window, "<Escape>")
    assert sam.page is not None
    assert sam.page.view.input.get() == "the answer is 4"

    sam.page.view.input.set("")
    room_leave(sam)
    assert sam.page is None  # left at once, nothing asked
    wait_until(lambda: "Sam" not in members(host), 10, tk_root, what="Sam gone from the room")
