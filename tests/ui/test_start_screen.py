"""The start screen in a real Tk window: every bad value gets its reason inside the window and
keeps the buttons disabled; Enter and Escape do the obvious thing on each page; hosting and
joining over 127.0.0.1 work, and a failed join says why in words, within 5 s.
"""

from __future__ import annotations

import tkinter
from collections.abc import Iterator
from pathlib import Path

import pytest

from chatgui.ui.app import ChatApp
from chatgui.ui.settings import Settings
from tests.support import find_window, free_port, press_key, type_text, wait_until
from tests.ui.roomkit import (
    disabled,
    members,
    plain_server,
    press,
    shown,
    stop_app,
)

BAD_NAMES = [
    ("", "Type a name first."),
    ("Sam L", "Names can't contain spaces. Try Sam_L"),
    ("A" * 31, "Names can be at most 30 characters long. Try " + "A" * 30),
    ("2Sam", "Names must start with a letter. Try Sam"),
    ("Sam!", "Names can use letters, digits and - _ [ ] { } \\ | ^ ` only, not !. Try Sam"),
    (
        "S\u0430m",  # a Cyrillic a among Latin letters
        "Names can't mix Cyrillic and Latin letters, which can look the same: "
        "use letters of one alphabet. Try Sm",
    ),
]
GOOD_NAMES = [
    "Zo\u00eb",
    "Jos\u00e9",
    "\u0141ukasz",
    "\u0418\u0432\u0430\u043d",
    "\u674e\u660e",
    "Zoe\u0308",
]
BAD_ROOMS = [
    ("", "Give the room a name, for example Class chat."),
    ("R" * 41, "Room names can be at most 40 characters long."),
    ("?!... --", "Use some letters or digits in the room name."),
]
PASSWORD_REASON = "Room passwords can't contain spaces, commas or colons."
BAD_PASSWORDS = [
    ("open sesame", PASSWORD_REASON),
    ("open,sesame", PASSWORD_REASON),
    ("open:sesame", PASSWORD_REASON),
    ("p" * 51, "Room passwords can be at most 50 characters long."),
]
BAD_ADDRESSES = [
    ("http://x", "Type only the address, without http://, for example 10.0.0.5."),
    ("10.0.0.5 6667", "Addresses have no spaces. For a port, use a colon: 10.0.0.5:6668."),
    ("abc:xyz", "The port must be a number from 1 to 65535, not 'xyz'."),
    ("127.0.0.256", "'127.0.0.256' is not an address. It looks like 10.0.0.5 or lab-pc-12."),
    ("[fe80::1", "Write an IPv6 address in brackets, like [fe80::1]:6667."),
    ("", "Type the address shown on the host's screen, for example 10.0.0.5."),
]


@pytest.fixture
def app(tk_root: tkinter.Tk, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[ChatApp]:
    """A ChatApp whose rooms listen on 127.0.0.1 only, on a free port; its files go to tmp."""
    monkeypatch.setenv("CHATGUI_BIND", "127.0.0.1")
    monkeypatch.setenv("CHATGUI_DISCOVERY_INTERFACES", "127.0.0.1")  # announce on loopback only
    monkeypatch.setenv("CHATGUI_PORT", str(free_port()))
    monkeypatch.setenv("CHATGUI_HOME", str(tmp_path / "home"))
    tk_root.geometry("900x620+0+0")
    chat = ChatApp(tk_root, Settings(name="Sam"))
    tk_root.update()
    try:
        yield chat
    finally:
        stop_app(chat)


def retype(entry: tkinter.Misc, text: str) -> None:
    """Replace what an entry holds, as typing would (through the widget, not the variable)."""
    entry.delete(0, "end")  # type: ignore[attr-defined]
    entry.insert(0, text)  # type: ignore[attr-defined]
    entry.update()


def assert_no_popup(root: tkinter.Tk) -> None:
    popups = [w for w in root.winfo_children() if isinstance(w, tkinter.Toplevel)]
    assert popups == [], f"a popup window appeared: {popups}"


# --- the name ---


@pytest.mark.parametrize("typed", GOOD_NAMES, ids=ascii)
def test_a_name_of_any_alphabet_is_a_name(app: ChatApp, typed: str) -> None:
    """ "Zoë" is a name; so is "Zoë" typed as "e" and an accent (taken as the accented letter)."""
    start = app.start
    retype(start.name_entry, typed)
    assert start.name_hint.cget("text") == ""
    assert not disabled(start.host_button)
    assert not disabled(start.join_button)


@pytest.mark.parametrize(
    ("typed", "reason"),
    BAD_NAMES,
    ids=["empty", "space", "31-chars", "digit-first", "symbol", "mixed-alphabets"],
)
def test_a_bad_name_says_why_under_the_field_and_disables_both_choices(
    app: ChatApp, tk_root: tkinter.Tk, typed: str, reason: str
) -> None:
    start = app.start
    retype(start.name_entry, typed)
    assert start.name_hint.cget("text") == reason
    assert shown(start.name_hint)
    assert start.name_hint.winfo_ismapped()
    assert disabled(start.host_button)
    assert disabled(start.join_button)
    assert_no_popup(tk_root)
    for page in ("host", "join"):  # the open/join buttons follow the name too
        start.show(page)
        assert start.name_hint.cget("text") == reason
        button = start.open_button if page == "host" else start.connect_button
        assert disabled(button), f"the {page} button is enabled with the name {typed!r}"
    start.show("choice")

    retype(start.name_entry, "Sam_L")
    assert start.name_hint.cget("text") == ""
    assert not disabled(start.host_button)
    assert not disabled(start.join_button)


def test_enter_on_the_choice_page_goes_to_the_join_page_only_with_a_good_name(
    app: ChatApp,
) -> None:
    start = app.start
    retype(start.name_entry, "Sam L")
    press(start.name_entry, "<Return>")
    assert start.page == "choice"
    assert start.name_hint.cget("text") == "Names can't contain spaces. Try Sam_L"

    retype(start.name_entry, "Sam_L")
    press(start.name_entry, "<Return>")
    assert start.page == "join"
    assert shown(start.join_page)
    assert not shown(start.choice_page)
    assert start.join_page.winfo_toplevel().focus_get() == start.address_entry

    press(start.address_entry, "<Escape>")
    assert start.page == "choice"
    assert shown(start.choice_page)
    assert not shown(start.join_page)


# --- the host page ---


@pytest.mark.parametrize(("typed", "reason"), BAD_ROOMS, ids=["empty", "41-chars", "punctuation"])
def test_a_bad_room_name_says_why_and_disables_open(
    app: ChatApp, tk_root: tkinter.Tk, typed: str, reason: str
) -> None:
    start = app.start
    start.show("host")
    retype(start.room_entry, typed)
    assert start.message.get() == reason
    assert start.error.winfo_ismapped()
    assert disabled(start.open_button)
    press(start.room_entry, "<Return>")  # Enter does not open a room with a bad name
    assert app.server is None
    assert start.message.get() == reason
    assert_no_popup(tk_root)

    retype(start.room_entry, "Class chat")
    assert start.message.get() == ""
    assert not disabled(start.open_button)


@pytest.mark.parametrize(
    ("typed", "reason"), BAD_PASSWORDS, ids=["space", "comma", "colon", "51-chars"]
)
@pytest.mark.parametrize("page", ["host", "join"])
def test_a_bad_password_says_why_and_disables_the_button(
    app: ChatApp, tk_root: tkinter.Tk, page: str, typed: str, reason: str
) -> None:
    start = app.start
    start.show(page)
    if page == "join":
        retype(start.address_entry, "127.0.0.1:6667")
    entry = start.host_password if page == "host" else start.join_password
    button = start.open_button if page == "host" else start.connect_button
    assert not disabled(button)
    retype(entry, typed)
    assert start.message.get() == reason
    assert disabled(button)
    press(entry, "<Return>")
    assert app.server is None
    assert app.client is None
    assert_no_popup(tk_root)

    retype(entry, "sesame")
    assert start.message.get() == ""
    assert not disabled(button)


def test_enter_on_the_host_page_opens_the_room(app: ChatApp, tk_root: tkinter.Tk) -> None:
    start = app.start
    tk_root.focus_force()
    start.show("host")
    tk_root.update()
    assert tk_root.focus_get() == start.room_entry
    retype(start.room_entry, "Science club")
    press(start.room_entry, "<Return>")
    assert start.message.get() == "Opening the room…"
    wait_until(
        lambda: app.page is not None and members(app, "#science-club") == ["Sam"],
        15,
        tk_root,
        what="the room opened by Enter, with Sam in it",
    )
    assert app.session.title == "Science club"
    assert app.page is not None
    assert app.page.view.join_line.get().startswith("Others can join at 127.0.0.1:")


def test_escape_goes_back_to_the_choice_page_from_either_page(app: ChatApp) -> None:
    start = app.start
    for page, entry in (("host", start.room_entry), ("join", start.address_entry)):
        start.show(page)
        press(entry, "<Escape>")
        assert start.page == "choice"
        assert shown(start.choice_page)
        assert not shown(start.host_page)
        assert not shown(start.join_page)


# --- the join page ---


@pytest.mark.parametrize(
    ("typed", "reason"),
    BAD_ADDRESSES,
    ids=["scheme", "space", "port-word", "octet-256", "open-bracket", "empty"],
)
def test_a_bad_address_says_why_and_disables_join(
    app: ChatApp, tk_root: tkinter.Tk, typed: str, reason: str
) -> None:
    start = app.start
    start.show("join")
    retype(start.address_entry, "127.0.0.1")  # first something good, then the mistake
    assert start.message.get() == ""
    assert not disabled(start.connect_button)
    retype(start.address_entry, typed)
    assert start.message.get() == reason
    assert start.error.winfo_ismapped()
    assert disabled(start.connect_button)
    press(start.address_entry, "<Return>")  # Enter on a bad address: still the reason
    assert app.client is None
    assert start.message.get() == reason
    assert_no_popup(tk_root)

    retype(start.address_entry, "127.0.0.1:6668")
    assert start.message.get() == ""
    assert not disabled(start.connect_button)


def test_enter_on_an_empty_join_page_says_what_to_type(app: ChatApp) -> None:
    start = app.start
    start.show("join")
    assert start.address.get() == ""
    assert start.message.get() == ""  # nothing typed yet: no scolding before the first key
    assert disabled(start.connect_button)
    press(start.address_entry, "<Return>")
    assert app.client is None
    assert start.message.get() == BAD_ADDRESSES[-1][1]


def test_enter_on_the_join_page_connects(app: ChatApp, tk_root: tkinter.Tk) -> None:
    port = free_port()
    with plain_server(port, room="Maths room"):
        start = app.start
        start.show("join")
        retype(start.address_entry, f"127.0.0.1:{port}")
        press(start.address_entry, "<Return>")
        assert start.message.get() == f"Connecting to 127.0.0.1:{port}…"
        wait_until(
            lambda: app.page is not None and "Sam" in members(app),
            15,
            tk_root,
            what="Sam's window in the room it joined with Enter",
        )
        assert members(app) == ["Teacher", "Sam"] or sorted(members(app)) == ["Sam", "Teacher"]
        assert app.session.title == "Maths room"
        assert app.settings.recent_addresses[0] == f"127.0.0.1:{port}"


def test_a_join_to_a_closed_port_says_nobody_is_hosting_and_the_window_stays_usable(
    app: ChatApp, tk_root: tkinter.Tk
) -> None:
    closed = free_port()
    start = app.start
    start.show("join")
    retype(start.address_entry, f"127.0.0.1:{closed}")
    start.connect_button.invoke()
    expected = (
        f"Nobody is hosting at 127.0.0.1:{closed}. "
        "Check the address, or ask the host to open the room."
    )
    wait_until(lambda: start.message.get() == expected, 5, tk_root, what=repr(expected))
    assert start.error.winfo_ismapped()
    assert start.error.cget("text") == expected
    assert_no_popup(tk_root)
    assert app.client is None
    assert app.page is None

    # Usable: the fields can be corrected, and the corrected join works.
    assert not disabled(start.connect_button)
    port = free_port()
    with plain_server(port):
        retype(start.address_entry, f"127.0.0.1:{port}")
        assert start.message.get() == ""
        press(start.address_entry, "<Return>")
        wait_until(lambda: app.page is not None, 15, tk_root, what="the corrected join")


# --- real keystrokes ---


def test_typing_a_name_with_real_keys_then_enter_and_escape(
    app: ChatApp, tk_root: tkinter.Tk
) -> None:
    start = app.start
    wrapper = find_window("^chatgui$", 10, tk_root)
    retype(start.name_entry, "")
    tk_root.focus_force()
    start.name_entry.focus_set()
    tk_root.update()

    type_text(wrapper, "Sam L", tk_root)
    wait_until(lambda: start.name.get() == "Sam L", 5, tk_root, what="the typed name")
    assert start.name_hint.cget("text") == "Names can't contain spaces. Try Sam_L"
    assert disabled(start.join_button)
    press_key(wrapper, "Return", tk_root)
    assert start.page == "choice"

    press_key(wrapper, "BackSpace", tk_root)
    press_key(wrapper, "BackSpace", tk_root)
    type_text(wrapper, "_L", tk_root)
    wait_until(lambda: start.name.get() == "Sam_L", 5, tk_root, what="the corrected name")
    assert start.name_hint.cget("text") == ""
    press_key(wrapper, "Return", tk_root)
    wait_until(lambda: start.page == "join", 5, tk_root, what="Enter to open the join page")
    type_text(wrapper, "http://x", tk_root)  # the focus is in the address field now
    wait_until(lambda: start.address.get() == "http://x", 5, tk_root, what="the typed address")
    assert start.message.get() == BAD_ADDRESSES[0][1]
    press_key(wrapper, "Escape", tk_root)
    wait_until(lambda: start.page == "choice", 5, tk_root, what="Escape back to the choice")
    assert tk_root.focus_get() == start.name_entry
