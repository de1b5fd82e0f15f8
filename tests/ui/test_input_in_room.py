"""The message box in a real hosted room: it says where a message goes, keeps each
conversation's draft without its placeholder, lets Tab leave it for Send, and answers /away
(the member list then shows us away).
"""

from __future__ import annotations

import tkinter

from chatgui.protocol.names import casefold
from chatgui.ui.app import ChatApp
from tests.support import wait_until
from tests.ui.roomkit import CHANNEL, HOST, join_peer, press, transcript_text, type_line


def test_the_empty_box_says_where_a_message_goes_and_drafts_keep_no_placeholder(
    host: ChatApp, tk_root: tkinter.Tk, port: int
) -> None:
    sam = join_peer(port, "Sam", tk_root, host)
    try:
        assert host.page is not None
        view = host.page.view
        box = view.input
        tk_root.update()
        assert box.placeholder_text() == "Message Class chat"
        assert box.get() == ""
        box.set("half a sentence for the room")
        assert box.placeholder_text() == ""
        host.page.open_private("Sam")
        tk_root.update()
        assert box.get() == "", "the room's draft went to Sam"
        assert box.placeholder_text() == "Message Sam"
        view.show(CHANNEL)
        assert box.get() == "half a sentence for the room"
        box.set("")
        press(box.widget, "<Return>")
        sam.expect_nothing(" PRIVMSG ", within=0.3)
        view.show("Sam")
        assert box.get() == "", "an empty box left a draft"
    finally:
        sam.close()


def test_send_is_an_accent_button_beside_the_box_and_tab_reaches_it(
    host: ChatApp, tk_root: tkinter.Tk, port: int
) -> None:
    sam = join_peer(port, "Sam", tk_root, host)
    try:
        assert host.page is not None
        view = host.page.view
        send = view.composer.send_button
        assert send.cget("style") == "Accent.TButton"
        assert send.winfo_parent() == view.input.frame.winfo_parent()
        press(view.input.widget, "<Tab>")
        assert tk_root.focus_get() == send, "Tab stayed in the box"
        view.input.set("by the button")
        send.invoke()
        sam.expect(rf":{HOST}!\S* PRIVMSG {CHANNEL} :by the button$")
    finally:
        sam.close()


def test_away_is_confirmed_and_shown_in_the_member_list(
    host: ChatApp, tk_root: tkinter.Tk, port: int
) -> None:
    sam = join_peer(port, "Sam", tk_root, host, caps="away-notify")
    try:
        assert host.page is not None
        type_line(host, "/away lunch")
        sam.expect(rf":{HOST}!\S* AWAY :?lunch$")
        wait_until(
            lambda: "You're marked away: lunch" in transcript_text(host),
            10,
            tk_root,
            what="/away confirmed",
        )
        wait_until(lambda: away(host, HOST), 5, tk_root, what="the host shown away")
        type_line(host, "/away")
        wait_until(lambda: "You're back" in transcript_text(host), 10, tk_root, what="back")
        assert not away(host, HOST)
        sam.send("AWAY :gone to the library")
        wait_until(lambda: away(host, "Sam"), 10, tk_root, what="Sam shown away")
    finally:
        sam.close()


def away(app: ChatApp, nick: str) -> bool:
    assert app.page is not None
    members = app.page.view.members.get(casefold(CHANNEL), ())
    return any(m.away for m in members if casefold(m.nick) == casefold(nick))


def test_a_command_whose_wish_is_true_already_says_so_and_sends_nothing(
    host: ChatApp, tk_root: tkinter.Tk, port: int
) -> None:
    sam = join_peer(port, "Sam", tk_root, host)
    try:
        assert host.page is not None
        type_line(host, f"/nick {HOST}")
        assert f"You're {HOST} already." in transcript_text(host)
        host.page.open_private("Sam")
        type_line(host, "/join class-chat")  # typed in Sam's conversation: the room is shown
        assert host.page.view.current == casefold(CHANNEL)
        assert "You're in Class chat already." in transcript_text(host)
        sam.expect_nothing(rf":{HOST}!\S* (NICK|JOIN)", within=0.5)
        assert f"{HOST} is now {HOST}" not in transcript_text(host)
    finally:
        sam.close()
