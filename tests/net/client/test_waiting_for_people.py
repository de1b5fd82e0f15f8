"""A private message to someone not back yet after an outage waits for them, and is sent once
when they return; or, after PRIVATE_WAIT_FOR_RETURN_S, is marked not sent in words.

The host is a real server process on 127.0.0.1 (`chatgui serve` SIGKILLed, as in a crash, and
the others stopped) started again on the same port; the classmate is a raw socket that comes
back only after the writer is in again, as on the day the writer's line was lost.
Then the quick return: short waits between tries on this network, and a try at once when
the window finds the room announced again.
"""

from __future__ import annotations

import pytest

from chatgui import limits
from chatgui.events import (
    Connected,
    ConnectionLost,
    Joined,
    MessageQueued,
    MessageRefused,
    MessageSent,
)
from chatgui.net.client import ChatClient
from chatgui.net.held_messages import NOT_BACK
from chatgui.protocol.client.address import Address, parse_address
from tests.net.client.ircservers import Events, IrcServer, StartServer
from tests.net.client.test_client import (
    REGISTER_TIMEOUT_S,
    ROOM,
    MakePeer,
    amy_and_bob_in_room,
    read_privmsg,
    sent_once,
)


def _write_while_down(server: IrcServer, client: ChatClient, events: Events, peer: MakePeer) -> int:
    """amy and bob in the room; the host dies; amy writes to bob; the host is back, and amy is
    in again before bob. Returns the local id of amy's line."""
    connected, _ = amy_and_bob_in_room(client, events, server, peer)
    if "echo-message" not in connected.caps:
        pytest.skip(f"{server.kind} offers no echo-message: a refusal can't be told from a reply")
    written: list[int] = []

    def while_down() -> None:
        events.wait_for(ConnectionLost, timeout=3)
        written.append(client.say("bob", "psst: page 4, question 2"))
        events.wait_for(MessageQueued, local_id=written[0])

    server.restart(while_down)
    events.wait_for(Connected, timeout=REGISTER_TIMEOUT_S + 3, nick="amy")
    events.wait_for(Joined, channel=ROOM, nick="amy", is_me=True)
    return written[0]


@pytest.mark.slow
def test_a_private_line_waits_for_a_classmate_who_is_not_back_yet(
    irc_server: IrcServer, client: ChatClient, events: Events, make_peer: MakePeer
) -> None:
    line = _write_while_down(irc_server, client, events, make_peer)
    waiting = events.wait_for(MessageQueued, timeout=3, local_id=line, for_person="bob")
    assert waiting.conversation == "bob"
    assert not events.all(MessageRefused), events.all(MessageRefused)
    stranger = client.say("zed", "are you there?")  # never in the room: nobody to wait for
    refused = events.wait_for(MessageRefused, timeout=3, local_id=stranger)
    assert refused.code == "401"

    bob = make_peer(irc_server, "bob")
    bob.send(f"JOIN {ROOM}")
    assert read_privmsg(bob, "amy") == ("bob", "psst: page 4, question 2")
    bob.expect_nothing(" PRIVMSG ", within=1.0)
    sent_once(events, line)
    assert [e.local_id for e in events.all(MessageRefused)] == [stranger]


@pytest.mark.slow
def test_a_classmate_who_never_comes_back_is_said_in_words(
    irc_server: IrcServer,
    client: ChatClient,
    events: Events,
    make_peer: MakePeer,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(limits, "PRIVATE_WAIT_FOR_RETURN_S", 3.0)
    line = _write_while_down(irc_server, client, events, make_peer)
    events.wait_for(MessageQueued, timeout=3, local_id=line, for_person="bob")
    refused = events.wait_for(MessageRefused, timeout=5, local_id=line)
    assert refused.code == NOT_BACK
    assert refused.reason.startswith("bob did not come back within 3 s.")
    assert not events.all(MessageSent) or line not in [e.local_id for e in events.all(MessageSent)]


@pytest.mark.parametrize(
    ("host", "on_this_network"),
    [
        ("10.0.0.5", True),
        ("192.168.1.20", True),
        ("127.0.0.1", True),
        ("fe80::1", True),
        ("lab-pc-12", True),
        ("teacher.local", True),
        ("irc.libera.chat", False),
        ("8.8.8.8", False),
        ("2001:4860::8888", False),
    ],
)
def test_a_room_on_this_network_is_told_from_one_on_the_internet(
    host: str, on_this_network: bool
) -> None:
    """The short waits between tries (RECONNECT_BACKOFF_LAN_S) are for the school's rooms."""
    assert Address(host, 6667, False).on_this_network is on_this_network


@pytest.mark.slow
def test_the_room_announcing_itself_is_tried_at_once(
    start_irc: StartServer, client: ChatClient, events: Events, monkeypatch: pytest.MonkeyPatch
) -> None:
    """retry_now() (the window calls it when the room is found again) tries before the wait
    between tries is over: here a minute, so only retry_now() can bring the client back."""
    monkeypatch.setattr(limits, "RECONNECT_BACKOFF_LAN_S", (60.0,))
    server = start_irc("chatgui")
    client.connect(parse_address(f"{server.host}:{server.port}"), "amy")
    events.wait_for(Connected, REGISTER_TIMEOUT_S)
    server.kill()
    assert events.wait_for(ConnectionLost, timeout=3).retry_in > 30
    server.start()
    client.retry_now()
    events.wait_for(Connected, REGISTER_TIMEOUT_S, nick="amy")
