"""The teacher's tools for a class, in real windows: bans listed and lifted, someone let in
past the lock and told in their own window, controls on names not in the room refused,
the pin removed, everyone quiet in one click, everyone's screen cleared, the private
questions listed, and a transcript saved with them marked or left out.

The host is a ChatApp here. Sam is `python -m chatgui` in another process, typed into with
xdotool (as a second PC), or a second ChatApp on its own Tk root where his window is read.
"""

from __future__ import annotations

import re
import subprocess
import tkinter
from pathlib import Path

import pytest

from chatgui.ui import room_history
from chatgui.ui.app import ChatApp
from chatgui.ui.ask import Ask
from chatgui.ui.chat_view import EVERYONE_QUIET, EVERYONE_TALK
from chatgui.ui.export import LEFT_OUT, LEFT_OUT_NOTE, MARKED
from chatgui.ui.room_tools import BANS, CLEAR, LET_IN, QUESTIONS, UNPIN
from tests.support import find_window, press_key, screenshot, type_text, wait_until
from tests.ui.roomkit import CHANNEL, join_peer, members, transcript_text, type_line
from tests.ui.test_chat_app import other_pc, start_other, type_into_app  # noqa: F401
from tests.ui.test_closing import HOST, JARGON, sam_in_the_room
from tests.ui.test_teacher import invoke, labels

pytestmark = pytest.mark.slow


def test_bans_listed_and_lifted_and_someone_let_in_past_the_lock(
    host: ChatApp,
    tk_root: tkinter.Tk,
    port: int,
    other_pc: list[subprocess.Popen[bytes]],  # noqa: F811
    tmp_path: Path,
) -> None:
    start_other(other_pc, tmp_path, "--name", "Sam", "--join", f"127.0.0.1:{port}")
    wait_until(lambda: "Sam" in members(host), 20, tk_root, what="Sam in the host's list")
    assert {LET_IN, BANS, CLEAR, QUESTIONS} <= set(labels(host.room_menu))

    type_into_app(host, tk_root, "/ban Sam talking over everyone")
    wait_until(lambda: "Sam" not in members(host), 10, tk_root, what="Sam removed and banned")
    invoke(host.room_menu, BANS)
    dialog = host.page.teacher.tools.bans_dialog
    assert dialog is not None
    wait_until(
        lambda: dialog.list.get(0, "end") == (f"Sam, by {HOST}",),
        10,
        tk_root,
        what="the ban in the Bans… dialog",
    )
    assert "shared address" in transcript_words(dialog.window)
    screenshot(tmp_path / "bans.png")
    bans_window = find_window(r"^Bans in Class chat$", 10, tk_root)
    dialog.list.focus_set()
    press_key(bans_window, "Delete", tk_root)
    wait_until(
        lambda: dialog.list.size() == 0 and "lifted the ban on Sam" in transcript_text(host),
        10,
        tk_root,
        what="the ban lifted from the dialog",
    )
    dialog.window.destroy()

    type_into_app(host, tk_root, "/lock")
    wait_until(lambda: host.page.teacher.locked.get(), 10, tk_root, what="the room locked")
    invoke(host.room_menu, LET_IN)
    asking = host.page.teacher.tools.asking
    assert isinstance(asking, Ask)
    let_in = find_window(r"^Let someone in$", 10, tk_root)
    asking.entry.focus_set()
    type_text(let_in, "Sam", tk_root)
    screenshot(tmp_path / "let-someone-in.png")
    press_key(let_in, "Return", tk_root)
    # Sam's own window, in the other process, says who let him in and offers to join.
    offer = find_window(r"^Join Class chat$", 15, tk_root)
    screenshot(tmp_path / "invited.png")
    press_key(offer, "Return", tk_root)
    wait_until(lambda: "Sam" in members(host), 15, tk_root, what="Sam in, past the lock")


def transcript_words(window: tkinter.Misc) -> str:
    """Every label's text in a dialog."""
    words = []
    stack = [window]
    while stack:
        widget = stack.pop()
        stack.extend(widget.winfo_children())
        if widget.winfo_class() in ("TLabel", "TRadiobutton"):
            words.append(str(widget.cget("text")))
    return " ".join(words)


def test_controls_on_nobody_or_oneself_are_refused_in_words(
    host: ChatApp, tk_root: tkinter.Tk, port: int
) -> None:
    kim = join_peer(port, "Kim", tk_root, host)
    for typed, said in [
        ("/mute Nobody", "There is nobody called Nobody in Class chat"),
        ("/mute Ms_Rivera", "You can't mute yourself."),
        ("/kick Nobody", "There is nobody called Nobody in Class chat"),
        ("/unban Kim", "Nobody called Kim is banned from Class chat."),
        ("/invite Kim", "Kim is in Class chat already."),
    ]:
        type_line(host, typed)
        wait_until(lambda said=said: said in transcript_text(host), 5, tk_root, what=said)
    kim.expect_nothing(r"MODE|KICK|INVITE|muted", within=0.5)
    type_line(host, "/mode +m")  # for a teacher who knows IRC: sent as typed
    kim.expect(rf"MODE {CHANNEL} \+m$")
    kim.close()


def test_pin_quiet_clear_and_private_questions(
    host: ChatApp,
    tk_root: tkinter.Tk,
    port: int,
    student: tuple[ChatApp, tkinter.Tk],
    tmp_path: Path,
) -> None:
    sam, sam_root = student
    sam_in_the_room(host, tk_root, sam, port)
    assert sam.page is not None
    assert host.page is not None

    def both(check: object, what: str) -> None:
        wait_until(lambda: sam_root.update() or check(), 10, tk_root, what=what)  # type: ignore[operator]

    type_line(host, "/pin Fractions, page 12")
    both(lambda: "Fractions" in sam.page.view.header.topic_text(), "the pin in Sam's window")
    # The host's window may hear its own pin after Sam's does: its menu offers the removal then.
    wait_until(lambda: UNPIN in labels(host.room_menu), 10, tk_root, what="the pin in the menu")
    invoke(host.room_menu, UNPIN)
    both(lambda: not sam.page.view.header.topic_text(), "the pin gone from Sam's window")
    assert "removed the pinned announcement" in transcript_text(sam)

    assert str(host.page.view.quiet_button.cget("text")) == EVERYONE_QUIET
    assert not sam.page.view.quiet_button.winfo_manager()  # the host's and helpers' alone
    host.page.view.quiet_button.invoke()
    both(lambda: "m" in sam.page.teacher.modes.get(CHANNEL, {}), "quiet mode in Sam's window")
    type_line(sam, "can I talk?")
    both(lambda: "Only the host, helpers and people given a voice" in transcript_text(sam), "why")
    wait_until(
        lambda: str(host.page.view.quiet_button.cget("text")) == EVERYONE_TALK,
        10,
        tk_root,
        what="quiet mode in the host's window",
    )
    host.page.view.quiet_button.invoke()
    both(lambda: "m" not in sam.page.teacher.modes.get(CHANNEL, {}), "everyone may talk again")

    type_line(sam, "/ask can I go first?")
    wait_until(lambda: "can I go first?" in transcript_text(host), 10, tk_root, what="question")
    type_line(sam, "a line for the whole class")
    wait_until(lambda: "for the whole class" in transcript_text(host), 10, tk_root, what="line")
    invoke(host.room_menu, QUESTIONS)
    questions = host.page.teacher.tools.questions
    assert questions is not None
    listed = questions.list.get(0, "end")
    assert len(listed) == 1
    assert re.search(r"Sam: can I go first\?$", listed[0])
    screenshot(tmp_path / "questions.png")
    type_line(sam, "/ask and may I use a calculator?")
    wait_until(lambda: questions.list.size() == 2, 10, tk_root, what="a new question listed")
    questions.list.selection_clear(0, "end")
    questions.list.selection_set(0)
    questions.button.invoke()
    assert host.page.view.conversation_name() == "Sam"
    questions.window.destroy()
    host.page.view.show(CHANNEL)

    host.save_transcript()  # asks first: the room has a private question
    choice = host.save_choice
    assert choice is not None
    assert choice.is_open()
    assert "2 private questions" in transcript_words(choice.window)
    choice.window.destroy()
    room_history.save_transcript_to(host.root, host.page.view, tmp_path / "marked.txt", MARKED)
    room_history.save_transcript_to(host.root, host.page.view, tmp_path / "left-out.txt", LEFT_OUT)
    marked = (tmp_path / "marked.txt").read_text(encoding="utf-8")
    left_out = (tmp_path / "left-out.txt").read_text(encoding="utf-8")
    assert "Sam (to the host and helpers only): can I go first?" in marked
    assert "can I go first?" not in left_out
    assert LEFT_OUT_NOTE in left_out
    assert "a line for the whole class" in left_out

    invoke(host.room_menu, CLEAR)
    both(lambda: "for the whole class" not in transcript_text(sam), "Sam's screen cleared")
    assert transcript_text(sam).strip().endswith(f"{HOST} cleared everyone's screen.")
    assert not JARGON.search(transcript_text(sam))
    sam.page.teacher.tools.clear_screen()  # a student's request is refused by the room
    type_line(host, "after the clear")
    both(lambda: "after the clear" in transcript_text(sam), "the room goes on")
    # The host's own line comes back to its window too, maybe after Sam's.
    wait_until(lambda: "after the clear" in transcript_text(host), 10, tk_root, what="own line")
