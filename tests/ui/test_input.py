"""Typing in a real Tk window: the input box's keys, slash commands in a real hosted room, and
what the transcript shows of what others send.

The room is a ChatApp hosting on 127.0.0.1 (its own server and client threads); a raw
LineClient peer in the same room sees exactly what the window sends.
"""

from __future__ import annotations

import re
import time
import tkinter
from collections.abc import Iterator
from pathlib import Path

import pytest

from chatgui.protocol.names import casefold
from chatgui.ui.app import ChatApp
from chatgui.ui.commands import HELP
from chatgui.ui.input_box import InputBox, Outcome
from chatgui.ui.settings import Settings
from chatgui.ui.transcript import INFO
from tests.lineclient import LineClient
from tests.support import find_window, free_port, press_key, type_text, wait_until
from tests.ui.roomkit import (
    CHANNEL,
    host_room,
    join_peer,
    press,
    shown,
    stop_app,
    transcript_text,
    type_line,
    writer_of,
)

HOST = "Ms_Teacher"
FROM_HOST = rf"^(@\S+ )?:{HOST}!"
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


# --- the input box on its own ---


class Box:
    """An InputBox in a real window, recording what it hands over."""

    def __init__(self, root: tkinter.Tk, names: list[str], accept: bool = True) -> None:
        self.sent: list[str] = []
        self.accept = accept
        self.input = InputBox(root, "TkDefaultFont", self._send, lambda: names)
        self.input.frame.pack()
        root.update()

    def _send(self, text: str) -> Outcome:
        self.sent.append(text)
        return Outcome.SENT if self.accept else Outcome.KEPT

    def type(self, text: str) -> None:
        """Text typed at the cursor."""
        self.input.widget.insert("insert", text)

    def key(self, sequence: str) -> None:
        press(self.input.widget, sequence)

    def text(self) -> str:
        return self.input.get()


@pytest.fixture
def box(tk_root: tkinter.Tk) -> Box:
    return Box(tk_root, ["Ms_Teacher", "Sam", "Aisha"])


def test_enter_sends_and_clears_the_box(box: Box) -> None:
    box.type("hello")
    box.key("<Return>")
    assert box.sent == ["hello"]
    assert box.text() == ""


def test_enter_on_a_blank_box_sends_nothing(box: Box) -> None:
    box.type("   ")
    box.key("<Return>")
    assert box.sent == []


def test_a_refused_line_stays_in_the_box(tk_root: tkinter.Tk) -> None:
    refusing = Box(tk_root, [], accept=False)
    refusing.type("/msg")
    refusing.key("<Return>")
    assert refusing.sent == ["/msg"]
    assert refusing.text() == "/msg"


def test_shift_enter_adds_a_line_and_the_two_lines_go_as_one_message(box: Box) -> None:
    box.type("first line")
    box.key("<Shift-Return>")
    assert box.sent == []
    box.type("second line")
    assert box.text() == "first line\nsecond line"
    box.key("<Return>")
    assert box.sent == ["first line\nsecond line"]
    assert box.text() == ""


def test_up_and_down_recall_earlier_messages_and_the_draft(box: Box) -> None:
    for line in ("one", "two", "three"):
        box.type(line)
        box.key("<Return>")
    box.type("a draft")
    box.key("<Up>")
    assert box.text() == "three"
    box.key("<Up>")
    box.key("<Up>")
    assert box.text() == "one"
    box.key("<Up>")  # the oldest stays
    assert box.text() == "one"
    box.key("<Down>")
    assert box.text() == "two"
    box.key("<Down>")
    box.key("<Down>")  # past the newest: the draft comes back
    assert box.text() == "a draft"
    box.key("<Down>")
    assert box.text() == "a draft"


def test_up_inside_a_multi_line_draft_moves_the_cursor_instead(box: Box) -> None:
    box.type("sent")
    box.key("<Return>")
    box.type("line 1")
    box.key("<Shift-Return>")
    box.type("line 2")
    box.key("<Up>")  # the cursor is on line 2: Up goes to line 1, no recall
    assert box.text() == "line 1\nline 2"
    assert box.input.widget.index("insert").startswith("1.")


def test_tab_completes_a_member_name(box: Box) -> None:
    box.type("Sa")
    box.key("<Tab>")
    assert box.text() == "Sam: "
    box.type("ask ai")
    box.key("<Tab>")  # not at the start: a plain space after the name
    assert box.text() == "Sam: ask Aisha "
    assert box.input.widget.focus_get() == box.input.widget  # Tab did not move the focus


def test_tab_with_no_matching_name_changes_nothing(box: Box) -> None:
    box.type("zz")
    box.key("<Tab>")
    assert box.text() == "zz"
    box.type(" ")
    box.key("<Tab>")
    assert box.text() == "zz "


# --- a hosted room and a peer watching ---


@pytest.fixture
def app(tk_root: tkinter.Tk, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[ChatApp]:
    monkeypatch.setenv("CHATGUI_BIND", "127.0.0.1")
    monkeypatch.setenv("CHATGUI_DISCOVERY_INTERFACES", "127.0.0.1")  # announce on loopback only
    monkeypatch.setenv("CHATGUI_PORT", str(free_port()))
    monkeypatch.setenv("CHATGUI_HOME", str(tmp_path / "home"))
    tk_root.geometry("900x620+0+0")
    chat = ChatApp(tk_root, Settings(name=HOST))
    try:
        yield chat
    finally:
        stop_app(chat)


@pytest.fixture
def room(app: ChatApp, tk_root: tkinter.Tk) -> Iterator[LineClient]:
    """The app hosts "Class chat"; Sam, a raw client, is in it. Yields Sam."""
    host_room(app, tk_root)
    assert app.server is not None
    port = int(app.page.view.join_line.get().rsplit(":", 1)[1]) if app.page.view else 0
    sam = join_peer(port, "Sam", tk_root, app, caps="away-notify batch draft/multiline")
    try:
        yield sam
    finally:
        sam.close()


def port_of(app: ChatApp) -> int:
    assert app.page is not None
    return int(app.page.view.join_line.get().rsplit(":", 1)[1])


def wait_text(app: ChatApp, root: tkinter.Tk, text: str, conversation: str = CHANNEL) -> None:
    wait_until(
        lambda: text in transcript_text(app, conversation),
        10,
        root,
        what=f"{text!r} in the {conversation} transcript",
    )


def wait_said(
    app: ChatApp, root: tkinter.Tk, name: str, text: str, conversation: str = CHANNEL
) -> None:
    """Wait for `text` in the transcript, shown under `name`."""
    wait_text(app, root, text, conversation)
    assert writer_of(app, text.split("\n")[0], conversation) == name


def test_me_sends_a_ctcp_action(app: ChatApp, tk_root: tkinter.Tk, room: LineClient) -> None:
    type_line(app, "/me waves")
    room.expect(FROM_HOST + r"\S* PRIVMSG #class-chat :\x01ACTION waves\x01$")
    wait_text(app, tk_root, f"* {HOST} waves\n")
    assert app.page is not None
    assert app.page.view.input.get() == ""


def test_msg_opens_a_private_conversation(
    app: ChatApp, tk_root: tkinter.Tk, room: LineClient
) -> None:
    type_line(app, "/msg Sam see me after the lesson")
    room.expect(FROM_HOST + r"\S* PRIVMSG Sam :see me after the lesson$")
    wait_said(app, tk_root, HOST, "see me after the lesson\n", "Sam")
    assert app.page is not None
    assert app.page.view.current == casefold("Sam")


def test_nick_renames(app: ChatApp, tk_root: tkinter.Tk, room: LineClient) -> None:
    type_line(app, "/nick Ms_T")
    room.expect(FROM_HOST + r"\S* NICK :?Ms_T$")
    wait_until(
        lambda: app.session.nick == "Ms_T", 10, tk_root, what="the window to know its new name"
    )
    wait_until(lambda: "— Ms_T —" in tk_root.title(), 5, tk_root, what="the new name in the title")
    type_line(app, "renamed")
    room.expect(r"^(@\S+ )?:Ms_T!\S* PRIVMSG #class-chat :?renamed$")


def test_join_and_part_another_room(app: ChatApp, tk_root: tkinter.Tk, room: LineClient) -> None:
    type_line(app, "/join science")  # the host opens it (students may not, by default)
    assert app.page is not None
    wait_until(
        lambda: app.page is not None and app.page.view.current == "#science",
        10,
        tk_root,
        what="the #science conversation shown",
    )
    room.send("JOIN #science")
    room.expect(r" 353 Sam = #science :.*~Ms_Teacher")
    wait_text(app, tk_root, "You joined Science", "#science")
    type_line(app, "/part")
    room.expect(FROM_HOST + r"\S* PART #science")
    wait_until(
        lambda: app.page is not None and "#science" not in app.page.view.transcripts,
        10,
        tk_root,
        what="the #science conversation closed",
    )


def test_topic_is_set_for_everyone(app: ChatApp, tk_root: tkinter.Tk, room: LineClient) -> None:
    type_line(app, "/topic Homework due Friday")
    room.expect(FROM_HOST + r"\S* TOPIC #class-chat :Homework due Friday$")
    assert app.page is not None
    wait_until(
        lambda: app.page is not None and "Homework due Friday" in app.page.view.topic.cget("text"),
        10,
        tk_root,
        what="the topic shown above the transcript",
    )
    room.send("TOPIC #class-chat")
    room.expect(r" 332 Sam #class-chat :Homework due Friday$")


def test_away_and_back(app: ChatApp, tk_root: tkinter.Tk, room: LineClient) -> None:
    type_line(app, "/away lunch")
    room.expect(FROM_HOST + r"\S* AWAY :?lunch$")
    type_line(app, "/away")
    room.expect(FROM_HOST + r"\S* AWAY$")


def test_help_lists_every_command_and_sends_nothing(
    app: ChatApp, tk_root: tkinter.Tk, room: LineClient
) -> None:
    type_line(app, "/help")
    text = transcript_text(app)
    for line in HELP.values():
        assert f"{INFO} {line}\n" in text
    room.expect_nothing(FROM_HOST, within=0.5)


@pytest.mark.parametrize(
    ("typed", "usage"),
    [
        ("/msg", HELP["/msg"]),
        ("/msg Sam", HELP["/msg"]),
        ("/me", HELP["/me"]),
        ("/nick bad nick", "Names can't contain spaces. Try bad_nick (" + HELP["/nick"] + ")"),
        ("/join", HELP["/join"]),
        ("/frobnicate now", "There is no /frobnicate command. Type over it to write something"),
    ],
    ids=["msg-alone", "msg-no-text", "me-alone", "nick-space", "join-alone", "unknown"],
)
def test_a_misused_command_shows_its_usage_and_sends_nothing(
    app: ChatApp, tk_root: tkinter.Tk, room: LineClient, typed: str, usage: str
) -> None:
    type_line(app, typed)
    assert f"{INFO} {usage}" in transcript_text(app)
    assert app.page is not None
    assert app.page.view.input.get() == typed
    room.expect_nothing(FROM_HOST, within=0.5)
    assert app.session.nick == HOST


def test_topic_outside_a_room_shows_its_usage(
    app: ChatApp, tk_root: tkinter.Tk, room: LineClient
) -> None:
    type_line(app, "/msg Sam hi")
    room.expect(r"PRIVMSG Sam :?hi$")
    type_line(app, "/topic in a private conversation")  # the Sam conversation is showing now
    assert f"{INFO} {HELP['/topic']}" in transcript_text(app, "Sam")
    room.expect_nothing(FROM_HOST, within=0.5)


def test_two_lines_typed_with_shift_enter_reach_the_room_as_one_message(
    app: ChatApp, tk_root: tkinter.Tk, room: LineClient
) -> None:
    assert app.page is not None
    box = app.page.view.input
    box.set("first line")
    press(box.widget, "<Shift-Return>")
    box.widget.insert("insert", "second line")
    press(box.widget, "<Return>")
    opening = room.expect(FROM_HOST + r"\S* BATCH \+(\S+) draft/multiline #class-chat$")
    ref = opening.split("BATCH +", 1)[1].split()[0]
    room.expect(rf"^@batch={ref}\S* :{HOST}!\S* PRIVMSG #class-chat :first line$")
    room.expect(rf"^@batch={ref}\S* :{HOST}!\S* PRIVMSG #class-chat :second line$")
    room.expect(rf"BATCH -{ref}$")
    wait_said(app, tk_root, HOST, "first line\nsecond line\n")


# --- what the transcript shows ---


def test_terminal_escapes_and_irc_colours_are_shown_without_control_characters(
    app: ChatApp, tk_root: tkinter.Tk, room: LineClient
) -> None:
    room.send(
        "PRIVMSG #class-chat :\x1b[2J\x1b[31mwiped?\x1b[0m \x0304,01red\x03 \x02bold\x02 "
        "\x1funder\x1f \x16rev\x0f \x07end"
    )
    wait_said(app, tk_root, "Sam", "wiped? red bold under rev end\n")
    text = transcript_text(app)
    assert CONTROL.search(text) is None, f"control characters shown: {text!r}"
    assert "[2J" not in text
    assert "[31m" not in text


def test_a_two_line_message_from_a_peer_is_one_entry(
    app: ChatApp, tk_root: tkinter.Tk, room: LineClient
) -> None:
    room.send("BATCH +m1 draft/multiline #class-chat")
    room.send("@batch=m1 PRIVMSG #class-chat :hello")
    room.send("@batch=m1 PRIVMSG #class-chat :world")
    room.send("BATCH -m1")
    room.send("PRIVMSG #class-chat :after")
    wait_said(app, tk_root, "Sam", "after\n")
    text = transcript_text(app)
    assert re.search(r"\nSam  \d\d:\d\d \nhello\nworld\nafter\n", text), text  # one group
    assert app.page is not None
    entries = app.page.view.transcripts[CHANNEL].entries
    assert [entry.text for entry in entries if entry.sender == "Sam"] == ["hello\nworld", "after"]


def test_a_link_is_tagged_as_a_link(app: ChatApp, tk_root: tkinter.Tk, room: LineClient) -> None:
    room.send("PRIVMSG #class-chat :homework at https://example.org/hw?id=3. thanks")
    wait_text(app, tk_root, "thanks\n")
    assert app.page is not None
    widget = app.page.view.transcripts[casefold(CHANNEL)].widget
    ranges = widget.tag_ranges("link")
    assert len(ranges) == 2, ranges
    assert widget.get(ranges[0], ranges[1]) == "https://example.org/hw?id=3"
    assert "link" not in widget.tag_names(f"{ranges[1]}")  # the full stop is not part of it


def test_joining_shows_no_new_messages_button(app: ChatApp, tk_root: tkinter.Tk) -> None:
    """The "You joined" line arrives before the transcript is on screen: it is not unread."""
    host_room(app, tk_root)
    tk_root.update()
    assert new_messages(app) == ""


def test_a_room_joined_later_shows_no_new_messages_button(
    app: ChatApp, tk_root: tkinter.Tk, room: LineClient
) -> None:
    type_line(app, "/join science")
    wait_text(app, tk_root, "You joined Science", "#science")
    tk_root.update()
    assert app.page is not None
    assert app.page.view.current == "#science"
    assert new_messages(app) == ""


def scrolled_up_transcript(app: ChatApp, tk_root: tkinter.Tk, room: LineClient) -> tkinter.Text:
    """Enough lines to scroll, then the reader scrolls to the top."""
    for n in range(60):
        room.send(f"PRIVMSG #class-chat :filler {n}")
    wait_said(app, tk_root, "Sam", "filler 59\n")
    assert app.page is not None
    widget = app.page.view.transcripts[casefold(CHANNEL)].widget
    tk_root.update()
    assert widget.yview()[1] >= 0.999, "a new line at the bottom did not follow"
    widget.yview_moveto(0.0)
    tk_root.update()
    assert widget.yview()[0] == 0.0
    assert not shown(app.page.view.new_button)
    return widget


def new_messages(app: ChatApp) -> str:
    assert app.page is not None
    button = app.page.view.new_button
    return str(button.cget("text")) if shown(button) else ""


def test_new_lines_do_not_scroll_a_reader_who_scrolled_up(
    app: ChatApp, tk_root: tkinter.Tk, room: LineClient
) -> None:
    widget = scrolled_up_transcript(app, tk_root, room)
    top = widget.yview()
    for n in range(3):
        room.send(f"PRIVMSG #class-chat :late {n}")
    wait_said(app, tk_root, "Sam", "late 2\n")
    tk_root.update()
    assert widget.yview()[0] == top[0], "the view moved under the reader"
    assert new_messages(app) == "↓ 3 new"
    assert app.page is not None
    assert app.page.view.new_button.winfo_ismapped()

    app.page.view.new_button.invoke()
    tk_root.update()
    assert widget.yview()[1] >= 0.999
    assert new_messages(app) == ""


def test_the_new_messages_count_starts_again_after_reading_to_the_end(
    app: ChatApp, tk_root: tkinter.Tk, room: LineClient
) -> None:
    widget = scrolled_up_transcript(app, tk_root, room)
    room.send("PRIVMSG #class-chat :one")
    room.send("PRIVMSG #class-chat :two")
    wait_said(app, tk_root, "Sam", "two\n")
    assert new_messages(app) == "↓ 2 new"
    widget.yview_moveto(1.0)  # the reader scrolls down by themselves (wheel, keys)
    room.send("PRIVMSG #class-chat :three")
    wait_said(app, tk_root, "Sam", "three\n")
    tk_root.update()
    assert widget.yview()[1] >= 0.999
    assert new_messages(app) == "", "the button stayed after everything was read"

    widget.yview_moveto(0.0)
    tk_root.update()
    room.send("PRIVMSG #class-chat :four")
    wait_said(app, tk_root, "Sam", "four\n")
    assert new_messages(app) == "↓ 1 new"


# --- real keystrokes ---


def focus_input(app: ChatApp, root: tkinter.Tk) -> int:
    assert app.page is not None
    wrapper = find_window(rf"{app.session.nick} \S* chatgui$", 10, root)
    root.focus_force()
    app.page.view.input.widget.focus_set()
    root.update()
    return wrapper


def test_real_keys_complete_a_name_send_two_lines_and_recall_them(
    app: ChatApp, tk_root: tkinter.Tk, room: LineClient
) -> None:
    wrapper = focus_input(app, tk_root)
    assert app.page is not None
    box = app.page.view.input
    type_text(wrapper, "Sa", tk_root)
    press_key(wrapper, "Tab", tk_root)
    wait_until(lambda: box.get() == "Sam: ", 5, tk_root, what="'Sa' completed to 'Sam: '")
    type_text(wrapper, "look", tk_root)
    press_key(wrapper, "shift+Return", tk_root)
    type_text(wrapper, "here", tk_root)
    wait_until(lambda: box.get() == "Sam: look\nhere", 5, tk_root, what="two typed lines")
    press_key(wrapper, "Return", tk_root)
    wait_until(lambda: box.get() == "", 5, tk_root, what="the box cleared by Enter")
    opening = room.expect(FROM_HOST + r"\S* BATCH \+(\S+) draft/multiline #class-chat$")
    ref = opening.split("BATCH +", 1)[1].split()[0]
    room.expect(rf"^@batch={ref}\S* :{HOST}!\S* PRIVMSG #class-chat :Sam: look$")
    room.expect(rf"^@batch={ref}\S* :{HOST}!\S* PRIVMSG #class-chat :?here$")
    wait_said(app, tk_root, HOST, "Sam: look\nhere\n")

    press_key(wrapper, "Up", tk_root)
    wait_until(lambda: box.get() == "Sam: look\nhere", 5, tk_root, what="Up recalling it")
    press_key(wrapper, "Down", tk_root)
    wait_until(lambda: box.get() == "", 5, tk_root, what="Down back to the empty draft")


def test_escape_in_the_chat_window_leaves_the_typing_where_it_is(
    app: ChatApp, tk_root: tkinter.Tk, room: LineClient
) -> None:
    """Escape is the start screen's "back" key. In the chat window it must not drive the
    hidden start screen: that re-bound Enter on the window to the start screen, so Enter in the
    member list went on to its join page, and a second Enter "joined" the address in the hidden
    field, replacing the room's connection."""
    client = app.client
    wrapper = focus_input(app, tk_root)
    press_key(wrapper, "Escape", tk_root)
    type_text(wrapper, "still here", tk_root)
    press_key(wrapper, "Return", tk_root)
    room.expect(FROM_HOST + r"\S* PRIVMSG #class-chat :still here$")
    assert app.start.name.get() == HOST
    assert app.page is not None
    assert tk_root.focus_get() == app.page.view.input.widget
    assert app.start.page == "host", "Escape in the chat window changed the hidden start screen"

    app.start.address.set("127.0.0.1:1")  # what a hidden join would use (nothing listens there)
    app.page.view.member_list.tree.focus_set()
    tk_root.update()
    press_key(wrapper, "Return", tk_root)
    press_key(wrapper, "Return", tk_root)
    assert app.client is client
    assert app.start.page == "host"


def test_typing_keeps_up_while_lines_arrive(
    app: ChatApp, tk_root: tkinter.Tk, room: LineClient
) -> None:
    """Lines arriving while a person types do not eat or reorder keystrokes."""
    wrapper = focus_input(app, tk_root)
    for n in range(40):
        room.send(f"PRIVMSG #class-chat :busy {n}")
    started = time.monotonic()
    type_text(wrapper, "typed during a burst", tk_root)
    press_key(wrapper, "Return", tk_root)
    room.expect(FROM_HOST + r"\S* PRIVMSG #class-chat :typed during a burst$", timeout=10)
    assert time.monotonic() - started < 10
    wait_said(app, tk_root, "Sam", "busy 39\n")
