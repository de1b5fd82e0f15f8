"""Typed text stays where it was typed, in a real window typed into with xdotool: a draft per
conversation, an unknown command kept selected, /part back to the room before, the Room menu
only with a room, errors under their field and Ctrl+A selecting all.

Ms_Rivera's window hosts the room on 127.0.0.1; Sam, a raw IRC client, sees exactly what the
window sends.
"""

from __future__ import annotations

import subprocess
import tkinter
from collections.abc import Iterator

import pytest

from chatgui.protocol.names import casefold
from chatgui.ui.app import ChatApp
from chatgui.ui.chat_view import SERVER
from chatgui.ui.settings import Settings
from tests.lineclient import LineClient
from tests.support import find_window, press_key, type_text, wait_until
from tests.ui.roomkit import CHANNEL, HOST, host_room, join_peer, stop_app, transcript_text

FROM_HOST = rf"^(@\S+ )?:{HOST}!\S* "
ROOM_NEEDED = ("Save transcript…", "Find…", "History…", "Leave")


@pytest.fixture
def sam(host: ChatApp, tk_root: tkinter.Tk, port: int) -> Iterator[LineClient]:
    peer = join_peer(port, "Sam", tk_root, host)
    try:
        yield peer
    finally:
        peer.close()


def typed(app: ChatApp, root: tkinter.Tk, text: str, *keys: str) -> None:
    """Real keystrokes into the window's input box: `text`, then each of `keys`."""
    assert app.page is not None
    wrapper = find_window(rf"{app.session.nick} \S* chatgui$", 10, root)
    root.focus_force()
    app.page.view.input.widget.focus_set()
    root.update()
    if text:
        type_text(wrapper, text, root)
    for key in keys:
        press_key(wrapper, key, root)


def double_click_member(app: ChatApp, root: tkinter.Tk, nick: str) -> None:
    """A real double-click (xdotool) on `nick`'s row in the member list."""
    assert app.page is not None
    tree = app.page.view.member_list.tree
    box = app.page.view.member_list.row_box(nick)
    assert box is not None, f"{nick}'s row is not on screen"
    x, y, _, height = box
    at = (tree.winfo_rootx() + x + 5, tree.winfo_rooty() + y + height // 2)
    subprocess.run(
        ["xdotool", "mousemove", *map(str, at), "click", "--repeat", "2", "1"],
        check=True,
        timeout=10,
    )
    wait_until(
        lambda: app.page is not None and app.page.view.current == casefold(nick),
        5,
        root,
        what=f"the conversation with {nick} shown",
    )


def pick_conversation(app: ChatApp, root: tkinter.Tk, name: str) -> None:
    """A click on `name` in the conversation list on the left."""
    assert app.page is not None
    row = app.page.view.conversations.rows[casefold(name)]
    root.update()
    row.name.event_generate("<Button-1>", x=5, y=5)
    root.update()


def box_text(app: ChatApp) -> str:
    assert app.page is not None
    return app.page.view.input.get()


def cursor(app: ChatApp) -> str:
    assert app.page is not None
    return app.page.view.input.cursor()


def shown_key(app: ChatApp) -> str:
    """The conversation shown, by its key (casefolded)."""
    assert app.page is not None
    return app.page.view.current


# --- a draft per conversation ---


def test_text_left_in_the_room_is_not_sent_to_a_classmate_privately(
    host: ChatApp, tk_root: tkinter.Tk, sam: LineClient
) -> None:
    typed(host, tk_root, "typing during burst")
    double_click_member(host, tk_root, "Sam")
    assert shown_key(host) == "sam"
    assert box_text(host) == ""
    typed(host, tk_root, "psst", "Return")
    sam.expect(FROM_HOST + r"PRIVMSG Sam :?psst$")
    pick_conversation(host, tk_root, CHANNEL)
    assert box_text(host) == "typing during burst"
    assert cursor(host) == "1.19"


def test_text_left_in_a_private_conversation_is_not_sent_to_the_class(
    host: ChatApp, tk_root: tkinter.Tk, sam: LineClient
) -> None:
    double_click_member(host, tk_root, "Sam")
    typed(host, tk_root, "are you ok")
    pick_conversation(host, tk_root, CHANNEL)
    assert box_text(host) == ""
    typed(host, tk_root, "page 12 please", "Return")
    sam.expect(FROM_HOST + rf"PRIVMSG {CHANNEL} :page 12 please$")
    typed(host, tk_root, "", "ctrl+z")  # undo in the room never brings back Sam's text
    assert "are you ok" not in box_text(host)
    pick_conversation(host, tk_root, "Sam")
    assert box_text(host) == "are you ok"


def test_text_typed_before_a_room_opens_goes_on_in_the_room(
    host: ChatApp, tk_root: tkinter.Tk
) -> None:
    """The window opens a room it joins by itself; what was typed on the room messages page
    meanwhile (a student typing while the room is still opening) comes along, not left behind
    on a page nobody chats on."""
    pick_conversation(host, tk_root, SERVER)
    typed(host, tk_root, "hello everyone")
    assert host.client is not None
    host.client.join("#second")
    wait_until(lambda: shown_key(host) == "#second", 10, tk_root, what="#second shown")
    assert box_text(host) == "hello everyone"
    pick_conversation(host, tk_root, SERVER)
    assert box_text(host) == ""


def test_a_draft_follows_a_classmate_who_changes_name(
    host: ChatApp, tk_root: tkinter.Tk, sam: LineClient
) -> None:
    double_click_member(host, tk_root, "Sam")
    typed(host, tk_root, "see me after", "Home")
    pick_conversation(host, tk_root, CHANNEL)
    assert box_text(host) == ""
    sam.send("NICK Samuel")
    wait_until(
        lambda: host.page is not None and casefold("Samuel") in host.page.view.titles,
        10,
        tk_root,
        what="the private conversation renamed to Samuel",
    )
    pick_conversation(host, tk_root, "Samuel")
    assert box_text(host) == "see me after"
    assert cursor(host) == "1.0"


def test_msg_typed_in_the_room_leaves_the_room_empty_and_keeps_the_other_draft(
    host: ChatApp, tk_root: tkinter.Tk, sam: LineClient
) -> None:
    double_click_member(host, tk_root, "Sam")
    typed(host, tk_root, "half a thought")
    pick_conversation(host, tk_root, CHANNEL)
    typed(host, tk_root, "/msg Sam hello", "Return")
    sam.expect(FROM_HOST + r"PRIVMSG Sam :?hello$")
    assert shown_key(host) == "sam"
    assert box_text(host) == "half a thought"
    pick_conversation(host, tk_root, CHANNEL)
    assert box_text(host) == ""


# --- an unknown command ---


def test_an_unknown_command_stays_selected_and_typing_replaces_it(
    host: ChatApp, tk_root: tkinter.Tk, sam: LineClient
) -> None:
    typed(host, tk_root, "/frobnicate now", "Return")
    assert "There is no /frobnicate command. Type over it" in transcript_text(host)
    assert host.page is not None
    box = host.page.view.input.widget
    assert box.get("sel.first", "sel.last").rstrip("\n") == "/frobnicate now"
    typed(host, tk_root, "hello", "Return")
    sam.expect(FROM_HOST + rf"PRIVMSG {CHANNEL} :?hello$")
    sam.expect_nothing(r"frobnicate", within=0.3)


# --- /part ---


def test_part_goes_back_to_the_room_before(
    host: ChatApp, tk_root: tkinter.Tk, sam: LineClient
) -> None:
    typed(host, tk_root, "/join science", "Return")
    wait_until(
        lambda: host.page is not None and host.page.view.current == "#science",
        10,
        tk_root,
        what="#science shown",
    )
    typed(host, tk_root, "/part", "Return")
    wait_until(
        lambda: host.page is not None and "#science" not in host.page.view.transcripts,
        10,
        tk_root,
        what="#science closed",
    )
    assert host.page is not None
    assert host.page.view.current == CHANNEL
    assert host.page.view.title.cget("text") == "Class chat"


# --- the Room menu ---


def room_menu_states(app: ChatApp) -> list[str]:
    return [str(app.room_menu.entrycget(label, "state")) for label in ROOM_NEEDED]


def test_room_menu_items_need_a_room(tk_root: tkinter.Tk, port: int) -> None:
    app = ChatApp(tk_root, Settings(name=HOST))
    try:
        tk_root.update()
        assert room_menu_states(app) == ["disabled"] * 4
        host_room(app, tk_root)
        assert room_menu_states(app) == ["normal"] * 4
        app.leave()
        assert room_menu_states(app) == ["disabled"] * 4
    finally:
        stop_app(app)


# --- the start screen ---


@pytest.fixture
def start_app(tk_root: tkinter.Tk, port: int) -> Iterator[ChatApp]:
    tk_root.geometry("900x700+0+0")
    app = ChatApp(tk_root, Settings(name=HOST))
    tk_root.update()
    try:
        yield app
    finally:
        stop_app(app)


@pytest.mark.parametrize(
    ("page", "field", "below", "text"),
    [
        ("host", "room_entry", "host_password", ""),
        ("host", "host_password", "open_button", "open sesame"),
        ("join", "address_entry", "join_password", "http://x"),
        ("join", "host_key_entry", "connect_button", "key_with_underscores"),
    ],
)
def test_an_error_sits_under_its_field(
    start_app: ChatApp, tk_root: tkinter.Tk, page: str, field: str, below: str, text: str
) -> None:
    start = start_app.start
    start.show(page)
    start.address.set("127.0.0.1")
    entry: tkinter.Entry = getattr(start, field)
    entry.delete(0, "end")
    entry.insert(0, text)
    start._address_touched = True
    start._validate()
    tk_root.update()
    assert start.message.get()
    assert start.error.winfo_ismapped()
    error_top = start.error.winfo_rooty()
    assert entry.winfo_rooty() + entry.winfo_height() <= error_top
    assert error_top < getattr(start, below).winfo_rooty()


def test_ctrl_a_selects_all_in_an_entry(start_app: ChatApp, tk_root: tkinter.Tk) -> None:
    wrapper = find_window(r"^chatgui$", 10, tk_root)
    tk_root.focus_force()
    start_app.start.name_entry.focus_set()
    start_app.start.name_entry.icursor("end")
    tk_root.update()
    press_key(wrapper, "ctrl+a", tk_root)
    type_text(wrapper, "Sam", tk_root)
    assert start_app.start.name.get() == "Sam"


def test_ctrl_a_selects_all_in_the_input_box(
    host: ChatApp, tk_root: tkinter.Tk, sam: LineClient
) -> None:
    typed(host, tk_root, "first try", "ctrl+a")
    typed(host, tk_root, "second", "Return")
    sam.expect(FROM_HOST + rf"PRIVMSG {CHANNEL} :?second$")
