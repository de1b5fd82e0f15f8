"""Names as people write them, in real Tk windows: a host called 李明 opens the room from the
start screen, Zoë and Иван join (raw IRC clients over 127.0.0.1), and the transcript and the
member list show every name as typed; a look-alike of the host is refused before it is seen.
"""

from __future__ import annotations

import tkinter
from collections.abc import Iterator
from pathlib import Path

import pytest

from chatgui.ui.app import ChatApp
from chatgui.ui.commands import ChangeNick, parse_input
from chatgui.ui.settings import Settings
from tests.lineclient import LineClient
from tests.net.client.ircservers import IrcServer, missing_program
from tests.support import screenshot, wait_until
from tests.ui.roomkit import (
    CHANNEL,
    host_room,
    join_peer,
    members,
    stop_app,
    transcript_text,
    type_line,
    writer_of,
)

HOST = "\u674e\u660e"  # Li Ming
ZOE = "Zo\u00eb"
IVAN = "\u0418\u0432\u0430\u043d"


@pytest.fixture
def li_ming(tk_root: tkinter.Tk, port: int) -> Iterator[ChatApp]:
    app = ChatApp(tk_root, Settings(name=HOST))
    tk_root.geometry("900x560+0+0")
    yield app
    stop_app(app)


@pytest.fixture
def zoe_window(tk_root: tkinter.Tk, port: int) -> Iterator[ChatApp]:
    app = ChatApp(tk_root, Settings(name="Sam"))
    tk_root.geometry("900x560+0+0")
    yield app
    stop_app(app)


def test_names_of_three_alphabets_in_the_window(
    li_ming: ChatApp, tk_root: tkinter.Tk, port: int, tmp_path: Path
) -> None:
    host_room(li_ming, tk_root)
    assert HOST in li_ming.root.title()
    zoe = join_peer(port, ZOE, tk_root, li_ming)
    ivan = join_peer(port, IVAN, tk_root, li_ming)
    try:
        zoe.send(f"PRIVMSG {CHANNEL} :Bonjour {HOST}, c'est {ZOE}")
        ivan.send(f"PRIVMSG {CHANNEL} :\u041f\u0440\u0438\u0432\u0435\u0442, {ZOE}!")
        li_ming.page.view.input.set(f"\u4f60\u597d {ZOE} \u548c {IVAN}")  # type: ignore[union-attr]
        li_ming.page.view.input.widget.event_generate("<Return>")  # type: ignore[union-attr]
        said = {"Bonjour": ZOE, "\u041f\u0440\u0438": IVAN, "\u4f60": HOST}
        wait_until(
            lambda: all(words in transcript_text(li_ming) for words in said),
            10,
            tk_root,
            what="the three lines in the transcript",
        )
        assert {words: writer_of(li_ming, words) for words in said} == said
        assert members(li_ming) == [HOST, ZOE, IVAN]
        zoe.expect(rf"^:{HOST}!\S+ PRIVMSG {CHANNEL} :\u4f60\u597d {ZOE} ")
        ivan.expect(rf"^:{ZOE}!\S+ PRIVMSG {CHANNEL} :Bonjour ")

        impostor = LineClient(port)  # the host's name and a "_": refused, never shown
        try:
            impostor.send(f"NICK {HOST}_")
            impostor.expect(r" 432 \* ")
        finally:
            impostor.close()
        tk_root.update()
        screenshot(tmp_path / "unicode-names.png")  # fonts: the Chinese and Cyrillic letters
    finally:
        zoe.close()
        ivan.close()
    assert f"{HOST}_" not in transcript_text(li_ming)


def test_on_a_server_of_plain_names_the_window_says_the_typed_name(
    zoe_window: ChatApp, tk_root: tkinter.Tk, tmp_path: Path
) -> None:
    """ngIRCd takes ASCII names only: the window is "Zoe" there, says so, and keeps "Zoë" as
    the name in its title and status bar, and as the name it starts with next time."""
    reason = missing_program("ngircd")
    if reason is not None:
        pytest.skip(reason)
    folder = tmp_path / "ngircd"
    folder.mkdir()
    server = IrcServer("ngircd", folder)
    server.start()
    try:
        jose = LineClient(server.port, host=server.host)  # José on ngIRCd: Jose, real name José
        try:
            jose.send("NICK Jose")
            jose.send("USER jose 0 * :Jos\u00e9")
            jose.expect(r" 376 | 422 ")
            jose.send("JOIN #class")
            jose.expect(r" 366 Jose #class ")
            zoe_window.start.join_now(ZOE, f"127.0.0.1:{server.port}")
            wait_until(
                lambda: f"{ZOE} (Zoe here)" in zoe_window.root.title(),
                20,
                tk_root,
                what="the typed name in the title",
            )
            assert zoe_window.page is not None
            assert zoe_window.page.view.status.get().endswith(f"as {ZOE} (Zoe here)")
            assert zoe_window.settings.name == ZOE
            jose.send("WHOIS Zoe")
            assert jose.expect(r" 311 Jose Zoe ").endswith(f"* :{ZOE}")
            view = zoe_window.page.view
            type_line(zoe_window, "/join #class")  # ngIRCd lists &SERVER too: no room by itself
            wait_until(
                lambda: (
                    "Jose (Jos\u00e9)" in view.member_list.rows()
                    and view.member_list.section("Jose") == "Helpers"
                ),
                20,
                tk_root,
                what="José as typed in the member list",
            )
            screenshot(tmp_path / "plain-names.png")
        finally:
            jose.close()
    finally:
        server.kill()


def test_nick_typed_as_a_letter_and_its_accent_is_the_accented_letter() -> None:
    assert parse_input("/nick Zoe\u0308", "#class") == ChangeNick("Zo\u00eb")
    assert parse_input("/nick \u674e\u660e", "#class") == ChangeNick("\u674e\u660e")
