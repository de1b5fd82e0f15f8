"""ChatClient and a room's history, against `chatgui serve` keeping it in a SQLite file, and
against ngIRCd and InspIRCd, which keep none.

The person on the other side is a raw socket (LineClient). To make the client miss messages at
a moment the test chooses, it talks to the server through a small TCP relay (Relay) that the
test can cut and let through again: real sockets both ways, only the wire is pulled out.
"""

from __future__ import annotations

import contextlib
import re
import socket
import threading
from collections.abc import Iterator
from datetime import datetime

import pytest

from chatgui import limits
from chatgui.events import (
    Connected,
    ConnectionLost,
    HistoryLoaded,
    Joined,
    MessageReceived,
    RoomModesChanged,
    SearchResults,
)
from chatgui.net.client import ChatClient
from chatgui.protocol.client.address import Address
from tests.lineclient import LineClient
from tests.net.client.ircservers import HOST, Events, IrcServer, StartServer, missing_program

ROOM = "#class"
WAIT_S = limits.CONNECT_TIMEOUT_S + 1
TIME_TAG = re.compile(r"(?:^@|;)time=([^; ]+)")


class Relay:
    """A TCP relay from a port of its own to the server; cut() drops every connection through
    it and refuses new ones until mend()."""

    def __init__(self, upstream_port: int) -> None:
        self._upstream = upstream_port
        self._listener = socket.create_server((HOST, 0))
        self.port: int = self._listener.getsockname()[1]
        self._open: list[socket.socket] = []
        self._cut = False
        self._lock = threading.Lock()
        threading.Thread(target=self._accept, name="test-relay", daemon=True).start()

    def cut(self) -> None:
        with self._lock:
            self._cut = True
            for sock in self._open:  # wakes both pumps; each then closes its pair
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
            self._open.clear()

    def mend(self) -> None:
        with self._lock:
            self._cut = False

    def close(self) -> None:
        self.cut()
        self._listener.close()

    def _accept(self) -> None:
        while True:
            try:
                near, _ = self._listener.accept()
            except OSError:
                return  # closed
            with self._lock:
                if self._cut:
                    near.close()
                    continue
                far = socket.create_connection((HOST, self._upstream))
                self._open += [near, far]
            for source, sink in ((near, far), (far, near)):
                threading.Thread(target=_pump, args=(source, sink), daemon=True).start()


def _pump(source: socket.socket, sink: socket.socket) -> None:
    try:
        while data := source.recv(65536):
            sink.sendall(data)
    except OSError:
        pass  # the other pump closed the pair, or the relay was cut
    for sock in (source, sink):
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)
    source.close()


@pytest.fixture
def host(start_irc: StartServer) -> IrcServer:
    """`chatgui serve` keeping its history in the test's folder."""
    return start_irc("chatgui")


@pytest.fixture
def peers() -> Iterator[list[LineClient]]:
    made: list[LineClient] = []
    yield made
    for peer in made:
        peer.close()


def sam(server: IrcServer, peers: list[LineClient], nick: str = "sam") -> LineClient:
    """Sam, a raw client in ROOM who sees his own messages with their server time."""
    peer = LineClient(server.port)
    peer.register(nick, "server-time message-tags echo-message")
    peer.send(f"JOIN {ROOM}")
    peer.expect(rf" 366 {nick} {ROOM} ")
    peers.append(peer)
    return peer


def say(peer: LineClient, text: str) -> float:
    """Sam says `text`; returns the server's time of it, from his echo."""
    peer.send(f"PRIVMSG {ROOM} :{text}")
    echo = peer.expect(rf"PRIVMSG {ROOM} :?{re.escape(text)}$")
    stamp = TIME_TAG.search(echo)
    assert stamp is not None, echo
    return datetime.fromisoformat(stamp.group(1)).timestamp()


def join(client: ChatClient, events: Events, port: int, nick: str = "amy") -> None:
    client.connect(Address(HOST, port, False), nick)
    events.wait_for(Connected, WAIT_S)
    client.join(ROOM)
    events.wait_for(Joined, WAIT_S, is_me=True)


def shown_texts(events: Events) -> list[str]:
    """Sam's messages in the order the window would show them, history and live."""
    texts: list[str] = []
    for event in events.seen:
        if isinstance(event, HistoryLoaded) and not event.older:
            texts += [m.text for m in event.messages if m.sender == "sam"]
        elif isinstance(event, MessageReceived) and event.sender == "sam":
            texts.append(event.text)
    return texts


def test_joining_shows_the_last_messages_with_their_times(
    host: IrcServer, client: ChatClient, events: Events, peers: list[LineClient]
) -> None:
    peer = sam(host, peers)
    times = [say(peer, f"before you came {n}") for n in range(3)]
    join(client, events, host.port)
    loaded = events.wait_for(HistoryLoaded, WAIT_S, older=False)
    assert [(m.sender, m.text) for m in loaded.messages] == [
        ("sam", f"before you came {n}") for n in range(3)
    ]
    assert [m.at for m in loaded.messages] == pytest.approx(times, abs=0.001)
    assert all(m.msgid for m in loaded.messages)
    assert loaded.complete
    say(peer, "now")
    live = events.wait_for(MessageReceived, WAIT_S, sender="sam")
    assert live.text == "now"
    assert shown_texts(events) == [*(f"before you came {n}" for n in range(3)), "now"]


def test_a_reconnect_fetches_exactly_what_was_missed(
    host: IrcServer, client: ChatClient, events: Events, peers: list[LineClient]
) -> None:
    relay = Relay(host.port)
    try:
        peer = sam(host, peers)
        say(peer, "first")
        join(client, events, relay.port)
        events.wait_for(HistoryLoaded, WAIT_S, older=False)
        say(peer, "seen live")
        events.wait_for(MessageReceived, WAIT_S, text="seen live")
        relay.cut()
        events.wait_for(ConnectionLost, WAIT_S)
        for n in range(5):
            say(peer, f"missed {n}")
        relay.mend()
        events.wait_for(Joined, WAIT_S + max(limits.RECONNECT_BACKOFF_S[:3]), is_me=True)
        caught_up = events.wait_for(HistoryLoaded, WAIT_S, older=False)
        assert [m.text for m in caught_up.messages] == [f"missed {n}" for n in range(5)]
        assert caught_up.complete
        say(peer, "after")
        events.wait_for(MessageReceived, WAIT_S, text="after")
        assert shown_texts(events) == [
            "first",
            "seen live",
            *(f"missed {n}" for n in range(5)),
            "after",
        ]
    finally:
        relay.close()


@pytest.mark.slow
def test_a_gap_larger_than_the_bound_is_filled_up_to_it_and_says_so(
    host: IrcServer, client: ChatClient, events: Events, peers: list[LineClient]
) -> None:
    relay = Relay(host.port)
    try:
        peer = sam(host, peers)
        say(peer, "start")
        join(client, events, relay.port)
        events.wait_for(HistoryLoaded, WAIT_S, older=False)
        relay.cut()
        events.wait_for(ConnectionLost, WAIT_S)
        # Several people, each within the server's flood allowance, talk in turn meanwhile.
        missed, each = limits.HISTORY_CATCH_UP_MAX_MESSAGES + 20, 80
        for first in range(0, missed, each):
            talker = sam(host, peers, f"talker{first}")
            for n in range(first, min(first + each, missed)):
                talker.send(f"PRIVMSG {ROOM} :gap {n}")
            talker.expect(rf"PRIVMSG {ROOM} :gap {min(first + each, missed) - 1}$", timeout=10)
        relay.mend()
        caught_up = events.wait_for(HistoryLoaded, 30, older=False)
        texts = [m.text for m in caught_up.messages]
        assert texts == [f"gap {n}" for n in range(limits.HISTORY_CATCH_UP_MAX_MESSAGES)]
        assert not caught_up.complete
    finally:
        relay.close()


def test_a_restarted_host_keeps_the_history_and_nothing_comes_twice(
    host: IrcServer, client: ChatClient, events: Events, peers: list[LineClient]
) -> None:
    peer = sam(host, peers)
    say(peer, "kept")
    join(client, events, host.port)
    events.wait_for(HistoryLoaded, WAIT_S, older=False)
    host.restart()  # killed: a crash, then the same file again
    peer = sam(host, peers)
    say(peer, "after the restart")
    events.wait_for(Joined, WAIT_S + max(limits.RECONNECT_BACKOFF_S[:3]), is_me=True)
    again = events.wait_for(HistoryLoaded, WAIT_S, older=False)
    assert [m.text for m in again.messages] == ["after the restart"]
    assert shown_texts(events) == ["kept", "after the restart"]


def test_older_pages_come_before_the_oldest_until_the_start(
    host: IrcServer, client: ChatClient, events: Events, peers: list[LineClient]
) -> None:
    peer = sam(host, peers)
    count = limits.HISTORY_PAGE_MESSAGES + 30
    for n in range(count):
        peer.send(f"PRIVMSG {ROOM} :old {n}")
    peer.expect(rf"PRIVMSG {ROOM} :old {count - 1}$", timeout=30)
    join(client, events, host.port)
    latest = events.wait_for(HistoryLoaded, WAIT_S, older=False)
    first_shown = count - len(latest.messages)
    assert [m.text for m in latest.messages] == [f"old {n}" for n in range(first_shown, count)]
    client.load_older(ROOM)
    page = events.wait_for(HistoryLoaded, WAIT_S, older=True)
    assert [m.text for m in page.messages] == [f"old {n}" for n in range(first_shown)]
    client.load_older(ROOM)
    end = events.wait_for(HistoryLoaded, WAIT_S, older=True)
    assert end.messages == ()
    assert end.complete


def test_search_on_the_host(
    host: IrcServer, client: ChatClient, events: Events, peers: list[LineClient]
) -> None:
    peer = sam(host, peers)
    for text in ("the Fish swim", "nothing here", "more fish & chips"):
        say(peer, text)
    join(client, events, host.port)
    events.wait_for(HistoryLoaded, WAIT_S, older=False)
    client.search(ROOM, "fish")
    found = events.wait_for(SearchResults, WAIT_S)
    assert (found.room, found.text, found.problem) == (ROOM, "fish", "")
    assert sorted(m.text for m in found.messages) == ["more fish & chips", "the Fish swim"]


@pytest.mark.parametrize("kind", ["ngircd", "inspircd"])
def test_servers_without_history_are_not_asked(
    kind: str, start_irc: StartServer, client: ChatClient, events: Events
) -> None:
    reason = missing_program(kind)
    if reason is not None:
        pytest.skip(reason)
    server = start_irc(kind)
    join(client, events, server.port)
    client.load_older(ROOM)
    answer = events.wait_for(HistoryLoaded, WAIT_S)
    assert answer == HistoryLoaded(ROOM, (), older=True, complete=True)
    client.search(ROOM, "anything")
    assert "can't search" in events.wait_for(SearchResults, WAIT_S).problem


def test_a_room_password_set_while_away_is_used_to_come_back(
    host: IrcServer, client: ChatClient, events: Events, peers: list[LineClient]
) -> None:
    """The host sets a room password (+k) after we joined: a reconnect rejoins with it."""
    relay = Relay(host.port)
    try:
        peer = sam(host, peers)  # the first in the room: its operator
        join(client, events, relay.port)
        peer.send(f"MODE {ROOM} +k kangaroo42")
        events.wait_for(RoomModesChanged, WAIT_S, lambda e: "k" in dict(e.modes), channel=ROOM)
        relay.cut()
        events.wait_for(ConnectionLost, WAIT_S)
        relay.mend()
        events.wait_for(Joined, WAIT_S + max(limits.RECONNECT_BACKOFF_S[:3]), is_me=True)
        peer.expect(rf":amy!\S+ JOIN :?{ROOM}$")
    finally:
        relay.close()
