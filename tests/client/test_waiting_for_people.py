"""A private message to someone not back yet after an outage waits for them, and is sent once
when they return; or, after PRIVATE_WAIT_FOR_RETURN_S, is marked not sent in words.

The host is a real server process on 127.0.0.1 (`chatgui serve` SIGKILLed, as in a crash, and
the others stopped) started again on the same port; the classmate is a raw socket that comes
back only after the writer is in again, as on the day the writer's line was lost.
"""

from __future__ import annotations

import pytest

from chatgui import limits
from chatgui.client import ChatClient
from chatgui.events import (
    Connected,
    ConnectionLost,
    Joined,
    MessageQueued,
    MessageRefused,
    MessageSent,
)
from chatgui.held_messages import NOT_BACK
from tests.client.ircservers import Events, IrcServer
from tests.client.test_client import (
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

    bob = make_peer(irc_server, "bob")
    bob.send(f"JOIN {ROOM}")
    assert read_privmsg(bob, "amy") == ("bob", "psst: page 4, question 2")
    bob.expect_nothing(" PRIVMSG ", within=1.0)
    sent_once(events, line)
    assert not events.all(MessageRefused)


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
