"""Authority you can see, in real Tk windows: the host's and helpers' lines carry a badge
(a Tk tag of its own) from their status in the room, a look-alike name gets none, a
student's notice is drawn as their message however it starts, and the member list shows
who is muted, away or has a hand up.

Every line crosses real sockets to a chatgui server on 127.0.0.1; the students and the host
of the headless room are raw IRC clients, so they can write what a window never would.
"""

from __future__ import annotations

import tkinter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from chatgui.protocol.names import casefold
from chatgui.ui.app import ChatApp
from chatgui.ui.commands import PersonControl
from chatgui.ui.member_list import AWAY, MUTED
from chatgui.ui.settings import Settings
from tests.lineclient import LineClient
from tests.support import screenshot, wait_until
from tests.ui.roomkit import (
    CHANNEL,
    head_line,
    host_room,
    join_peer,
    members,
    plain_server,
    stop_app,
    transcript_text,
    type_line,
    writer_of,
)

HOST = "Ms_Rivera"
IMPOSTOR = "Ms_Riviera"  # one letter more: a name the room lets in (Ms_Rivera_ it refuses)
FORGED = "\N{GEAR} Ms_Rivera muted Sam."


@pytest.fixture
def sam(tk_root: tkinter.Tk, port: int) -> Iterator[ChatApp]:
    """Sam's window, not yet in a room."""
    app = ChatApp(tk_root, Settings(name="Sam"))
    tk_root.geometry("900x560+0+0")
    yield app
    stop_app(app)


def line_of(app: ChatApp, words: str, conversation: str = CHANNEL) -> tuple[tkinter.Text, str]:
    """The transcript widget of `conversation` and the index where `words` are shown."""
    assert app.page is not None
    widget = app.page.view.transcripts[casefold(conversation)].widget
    index = widget.search(words, "1.0", stopindex="end")
    assert index, f"{words!r} is not shown in {conversation}"
    return widget, index


def badge_beside(app: ChatApp, words: str, conversation: str = CHANNEL) -> str | None:
    """The words under the "badge" tag on the head of the group showing `words`, None for
    no badge."""
    widget, _ = line_of(app, words, conversation)
    line = head_line(widget, words).split(".")[0]
    ranges = widget.tag_ranges("badge")
    for start, end in zip(ranges[::2], ranges[1::2], strict=True):
        if str(start).split(".")[0] == line:
            return widget.get(start, end).strip()
    return None


def tags_at(app: ChatApp, words: str) -> tuple[str, ...]:
    widget, index = line_of(app, words)
    return tuple(str(tag) for tag in widget.tag_names(index))


def member_labels(app: ChatApp) -> list[str]:
    assert app.page is not None
    return app.page.view.member_list.rows()


def section_of(app: ChatApp, nick: str) -> str:
    assert app.page is not None
    return app.page.view.member_list.section(nick)


@contextmanager
def classroom(
    sam: ChatApp, root: tkinter.Tk, port: int
) -> Iterator[tuple[LineClient, LineClient, LineClient]]:
    """A headless room whose host is Ms_Rivera, with the helper Aisha, the student Ms_Riviera
    and Sam's window: (host, helper, impostor), all in the member list of Sam's window."""
    with plain_server(port, host_nick=HOST) as rivera:
        sam.start.join_now("Sam", f"127.0.0.1:{port}")
        wait_until(
            lambda: sam.page is not None and HOST in members(sam),
            15,
            root,
            what="Sam's window in the room, with the host",
        )
        aisha = join_peer(port, "Aisha", root, sam)
        rivera.send(f"MODE {CHANNEL} +o Aisha")
        wait_until(lambda: section_of(sam, "Aisha") == "Helpers", 5, root, what="a helper")
        impostor = join_peer(port, IMPOSTOR, root, sam)
        try:
            yield rivera, aisha, impostor
        finally:
            aisha.close()
            impostor.close()


def test_the_host_and_a_helper_have_a_badge_and_a_look_alike_name_none(
    sam: ChatApp, tk_root: tkinter.Tk, port: int
) -> None:
    with classroom(sam, tk_root, port) as (rivera, aisha, impostor):
        rivera.send(f"PRIVMSG {CHANNEL} :Open your books at page 12")
        aisha.send(f"PRIVMSG {CHANNEL} :I can help with question 3")
        impostor.send(f"PRIVMSG {CHANNEL} :Sam please send me your password, this is Ms Rivera")
        rivera.send("PRIVMSG Sam :Come and see me after class")
        wait_until(
            lambda: (
                "this is Ms Rivera" in transcript_text(sam)
                and "after class" in transcript_text(sam, HOST)
            ),
            10,
            tk_root,
            what="every line in Sam's window",
        )
        assert badge_beside(sam, "page 12") == "host"
        assert badge_beside(sam, "question 3") == "helper"
        assert badge_beside(sam, "your password") is None
        assert badge_beside(sam, "after class", HOST) == "host"
        assert writer_of(sam, "Sam please send me your password") == IMPOSTOR
        assert sam.page is not None  # a saved transcript keeps the badges as shown
        entries = sam.page.view.transcripts[casefold(CHANNEL)].entries
        roles = {e.sender: e.role for e in entries if e.kind == "message"}
        assert roles == {HOST: "host", "Aisha": "helper", IMPOSTOR: ""}


def test_a_students_notice_is_drawn_as_their_message_never_as_a_control_line(
    sam: ChatApp, tk_root: tkinter.Tk, port: int, tmp_path: Path
) -> None:
    with classroom(sam, tk_root, port) as (rivera, aisha, impostor):
        rivera.send(f"PRIVMSG {CHANNEL} :Open your books at page 12")
        aisha.send(f"PRIVMSG {CHANNEL} :I can help with question 3")
        impostor.send(f"PRIVMSG {CHANNEL} :Sam please send me your password, this is Ms Rivera")
        impostor.send(f"NOTICE {CHANNEL} :{FORGED}")
        wait_until(
            lambda: FORGED in transcript_text(sam), 10, tk_root, what="the forged notice shown"
        )
        rivera.send(f"MODE {CHANNEL} +b m:{IMPOSTOR}!*@*")  # after it: else it is refused
        wait_until(
            lambda: f"muted {IMPOSTOR}." in transcript_text(sam),
            10,
            tk_root,
            what="the server's notice in Sam's window",
        )
        # The student's notice: their name in front, their message's style, no control style.
        assert writer_of(sam, FORGED) == IMPOSTOR
        assert "notice" not in tags_at(sam, FORGED)
        assert "body" in tags_at(sam, FORGED)  # a message's line, under the name above
        assert badge_beside(sam, FORGED) is None
        # The server's own notice, from its name, is the control line.
        assert "notice" in tags_at(sam, f"Ms_Rivera muted {IMPOSTOR}.")
        wait_until(
            lambda: f"{IMPOSTOR}  {MUTED}" in member_labels(sam),
            5,
            tk_root,
            what="the mute in Sam's member list",
        )
        tk_root.update()
        screenshot(tmp_path / "badges.png")  # badges beside a host, a helper and a look-alike


@pytest.fixture
def host(tk_root: tkinter.Tk, port: int) -> Iterator[ChatApp]:
    app = ChatApp(tk_root, Settings(name=HOST))
    tk_root.geometry("900x560+0+0")
    host_room(app, tk_root)
    wait_until(
        lambda: app.page is not None and app.page.teacher.in_charge(CHANNEL),
        10,
        tk_root,
        what="the host's ~ in the list",
    )
    yield app
    stop_app(app)


def test_the_member_list_shows_muted_away_and_hands(
    host: ChatApp, tk_root: tkinter.Tk, port: int
) -> None:
    kim = join_peer(port, "Kim", tk_root, host)
    jo = join_peer(port, "Jo", tk_root, host)
    kim.send(f"HAND {CHANNEL}")
    jo.send("AWAY :at lunch")
    kim.send(f"MODE {CHANNEL} +o Kim")  # a student can't make themselves a helper
    host.page.teacher.person(PersonControl("mute", CHANNEL, "Jo"))
    wait_until(
        lambda: (
            "Kim  \N{RAISED HAND}" in member_labels(host)
            and f"Jo  {MUTED} {AWAY}" in member_labels(host)
        ),
        10,
        tk_root,
        what="the hand, the mute and the away in the member list",
    )
    assert section_of(host, "Kim") == "Everyone"
    kim.close()
    jo.close()


def test_the_hosts_own_lines_carry_the_badge_in_the_hosts_window(
    host: ChatApp, tk_root: tkinter.Tk
) -> None:
    type_line(host, "Good morning")
    wait_until(lambda: "Good morning" in transcript_text(host), 5, tk_root)
    assert badge_beside(host, "Good morning") == "host"
