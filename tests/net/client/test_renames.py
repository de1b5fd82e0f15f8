"""Renames in the open, for the client: who became whom and in which rooms it is said, our own
name kept across a reconnect, and the name the server gave us instead of the one asked.

The session tests feed server lines as a chatgui server writes them (tests/net/server checks that
it does); the reconnect goes over a real socket to a RawServer on 127.0.0.1.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from chatgui.events import ChatEvent, Connected, ConnectionLost, NameTaken, NickChanged
from chatgui.net.client import ChatClient
from chatgui.protocol.client.address import Address
from chatgui.protocol.client.session import ClientSession
from chatgui.protocol.message import parse
from tests.net.client.ircservers import Events
from tests.net.client.rawserver import RawServer

S = ":chatgui.local"
ROOM = "#class"


def feed(session: ClientSession, line: str) -> list[ChatEvent]:
    return list(session.receive(parse(line.encode()), 1000.0).events)


def welcomed(session: ClientSession, nick: str) -> list[ChatEvent]:
    session.start()
    feed(session, f"{S} 001 {nick} :Welcome")
    feed(session, f"{S} 005 {nick} PREFIX=(qov)~@+ :are supported")
    return feed(session, f"{S} 376 {nick} :End of MOTD")


def in_rooms(session: ClientSession, *rooms: str) -> None:
    for room in rooms:
        feed(session, f":Sam!~Sam@10.0.0.7 JOIN {room}")
        feed(session, f"{S} 353 Sam = {room} :~Ms_Rivera Sam")
        feed(session, f"{S} 366 Sam {room} :End of NAMES")
    feed(session, f"{S} 353 Sam = #art :Sam Kim")  # Kim is in #art only
    feed(session, f"{S} 366 Sam #art :End of NAMES")


def test_a_rename_names_the_rooms_we_share_with_them() -> None:
    session = ClientSession("Sam")
    welcomed(session, "Sam")
    in_rooms(session, ROOM, "#art")
    events = feed(session, "@msgid=n7 :Kim!~kim@10.0.0.9 NICK Kimberly")
    assert [e for e in events if isinstance(e, NickChanged)] == [
        NickChanged("Kim", "Kimberly", False, ("#art",))
    ]
    events = feed(session, ":Sam!~Sam@10.0.0.7 NICK Sammy")
    assert [e for e in events if isinstance(e, NickChanged)] == [
        NickChanged("Sam", "Sammy", True, (ROOM, "#art"))
    ]
    assert session.nick == "Sammy"


def test_a_rename_seen_live_is_not_fetched_again_after_a_reconnect() -> None:
    """The room's history keeps the rename under the NICK line's msgid: it is the newest seen."""
    session = ClientSession("Sam")
    welcomed(session, "Sam")
    in_rooms(session, ROOM)
    feed(session, "@msgid=n7 :Ms_Rivera!~ms@10.0.0.1 NICK Ms_R")
    assert session.marks["#class"].newest == "n7"


def test_a_name_given_instead_of_the_one_asked_is_said() -> None:
    session = ClientSession("Sam")
    feed(session, f"{S} 433 * Sam :Nickname is already in use")
    events = welcomed(session, "Sam_2")
    assert next(e for e in events if isinstance(e, Connected)).nick == "Sam_2"
    assert [e for e in events if isinstance(e, NameTaken)] == [NameTaken("Sam", "Sam_2")]
    given = ClientSession("Sam")
    assert not [e for e in welcomed(given, "Sam") if isinstance(e, NameTaken)]


@pytest.fixture
def raw_server() -> Iterator[RawServer]:
    server = RawServer()
    yield server
    server.close()


def test_a_reconnect_asks_for_the_name_we_chose(
    client: ChatClient, events: Events, raw_server: RawServer
) -> None:
    client.connect(Address("127.0.0.1", raw_server.port, False), "Sam")
    raw_server.accept(timeout=10)
    nick = raw_server.register()
    events.wait_for(Connected)
    client.change_nick("Sammy")
    raw_server.expect(r"^NICK Sammy$")
    raw_server.send(f":{nick}!~Sam@127.0.0.1 NICK :Sammy".encode())
    events.wait_for(NickChanged, new="Sammy", is_me=True)
    assert raw_server.sock is not None
    raw_server.sock.close()  # the connection drops
    raw_server.sock = None
    events.wait_for(ConnectionLost)
    raw_server.accept(timeout=10)
    assert raw_server.register() == "Sammy"
    connected = events.wait_for(Connected)
    assert connected.nick == "Sammy"
