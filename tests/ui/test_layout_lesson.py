"""The lesson view ("Show what is sent") beside the chat: it shows its lines as soon as it
opens at the default window size, and the chat keeps following new messages (issue 19)."""

from __future__ import annotations

import tkinter
from tkinter import font as tkfont

from chatgui.protocol.names import casefold
from chatgui.ui.app import ChatApp
from tests.support import wait_until
from tests.ui.layoutkit import classmates, settle
from tests.ui.roomkit import CHANNEL, transcript_text


def lines_in_view(widget: tkinter.Text) -> int:
    """How many lines of its font fit on screen in `widget` (0 when it is not shown)."""
    line = int(tkfont.nametofont(str(widget.cget("font"))).metrics("linespace"))
    return widget.winfo_height() // line if widget.winfo_ismapped() else 0


def test_the_lesson_view_shows_its_lines_at_once_and_the_chat_keeps_following(
    host: ChatApp, tk_root: tkinter.Tk, port: int
) -> None:
    tk_root.geometry("900x700+0+0")
    settle(tk_root)
    host.show_lesson(True)
    assert host.page is not None
    lesson = host.page.view.lesson
    with classmates(port, 3, tk_root, host) as peers:
        wait_until(lambda: "JOIN" in lesson.text(), 10, tk_root, what="lines in the lesson view")
        settle(tk_root)
        assert lines_in_view(lesson.widget) >= 5, "the lesson view shows (almost) nothing"
        assert lesson.widget.bbox("end-1c linestart") is not None, "its newest line is not in view"
        for n in range(60):
            peers[n % 3].send(f"PRIVMSG {CHANNEL} :line {n}")
        wait_until(lambda: "line 59" in transcript_text(host), 10, tk_root, what="60 lines")
        settle(tk_root)
        chat = host.page.view.transcripts[casefold(CHANNEL)].widget
        assert chat.yview()[1] >= 0.999, "the chat stopped following with the lesson view open"
        assert lines_in_view(chat) >= 5


def test_a_pane_opening_under_the_chat_keeps_it_following(
    host: ChatApp, tk_root: tkinter.Tk, port: int
) -> None:
    """The hands queue (or the lesson view) takes room from the chat: the newest line stays in
    view, and the next one is followed, not counted as unseen."""
    assert host.page is not None
    with classmates(port, 8, tk_root, host) as peers:
        for n in range(60):
            peers[0].send(f"PRIVMSG {CHANNEL} :line {n}")
        wait_until(lambda: "line 59" in transcript_text(host), 10, tk_root, what="60 lines")
        settle(tk_root)
        for peer in peers:
            peer.send(f"HAND {CHANNEL}")
        wait_until(lambda: len(host.page.view.hands.hands) == 8, 10, tk_root, what="8 hands")  # type: ignore[union-attr]
        host.show_lesson(True)
        settle(tk_root)
        peers[1].send(f"PRIVMSG {CHANNEL} :after the hands went up")
        wait_until(lambda: "after the hands" in transcript_text(host), 10, tk_root, what="it")
        settle(tk_root)
        transcript = host.page.view.transcripts[casefold(CHANNEL)]
        assert transcript.widget.yview()[1] >= 0.999
        assert transcript.unseen == 0
