"""ChatClient against a hostile server over real sockets on 127.0.0.1: it stays connected.

The server (RawServer) registers the client and puts it in a room, then sends every kind of
line that broke or could break a client (372 with no parameters, a bare FAIL, garbage
ISUPPORT, NUL, invalid UTF-8, huge lines, every numeric with no parameters …), then one
ordinary PRIVMSG. The client must show that PRIVMSG, send what is typed afterwards, and never
crash its thread or reconnect.
"""

from __future__ import annotations

import inspect
from collections.abc import Iterator

import pytest

from chatgui import limits
from chatgui.events import (
    Connected,
    Connecting,
    ConnectionLost,
    Joined,
    MessageReceived,
    MessageRefused,
    ServerText,
    WorkerCrashed,
)
from chatgui.net.client import SKIPPED_LINE, ChatClient
from chatgui.protocol.client.address import Address
from chatgui.protocol.client.session import HANDLERS
from chatgui.protocol.client.state import SessionState
from chatgui.protocol.errors import RemoteProtocolError
from chatgui.protocol.message import Message
from tests.net.client.ircservers import Events
from tests.net.client.rawserver import CAPS, RawServer, hostile_lines

ROOM = "#class"


@pytest.fixture
def raw_server() -> Iterator[RawServer]:
    server = RawServer()
    yield server
    server.close()


def in_room(client: ChatClient, events: Events, server: RawServer, caps: str = CAPS) -> str:
    """Connect `client` to `server`, registered as amy and in ROOM; return the nick."""
    client.connect(Address("127.0.0.1", server.port, False), "amy")
    server.accept(timeout=10)
    nick = server.register(caps=caps)
    events.wait_for(Connected)
    client.join(ROOM)
    server.join(nick, ROOM)
    events.wait_for(Joined, channel=ROOM, is_me=True)
    return nick


def still_chatting(client: ChatClient, events: Events, server: RawServer) -> None:
    """The line after the storm arrives, what is typed goes out, and nothing crashed."""
    server.send(f":sam!s@10.0.0.7 PRIVMSG {ROOM} :after the storm".encode())
    events.wait_for(MessageReceived, conversation=ROOM, text="after the storm", sender="sam")
    client.say(ROOM, "still here")
    server.expect(rf"^PRIVMSG {ROOM} :still here$")
    assert not [e for e in events.seen if isinstance(e, WorkerCrashed | ConnectionLost)]
    assert len([e for e in events.seen if isinstance(e, Connecting)]) == 1, "it reconnected"


def test_a_hostile_server_cannot_crash_the_client(
    client: ChatClient, events: Events, raw_server: RawServer
) -> None:
    client.show_lines(True)  # the lesson view sees every odd line too
    nick = in_room(client, events, raw_server)
    raw_server.send(*hostile_lines(nick, ROOM))
    long_name = "n" * 400  # a private message from it opens a conversation: answer it
    raw_server.send(f":{long_name}!u@h PRIVMSG {nick} :write back".encode())
    events.wait_for(MessageReceived, conversation=long_name, text="write back")
    refused = client.say(long_name, "hello")
    events.wait_for(MessageRefused, local_id=refused)
    still_chatting(client, events, raw_server)
    skipped = [e for e in events.seen if isinstance(e, ServerText) and e.text == SKIPPED_LINE]
    assert not skipped, "each odd line is handled or ignored, not only caught by the guard"


def _broken(session: SessionState, message: Message) -> None:
    raise KeyError("a bug in a handler")


def _refused(session: SessionState, message: Message) -> None:
    raise RemoteProtocolError("a line the core refuses")


@pytest.mark.parametrize("handler", [_broken, _refused], ids=["bug", "protocol error"])
def test_a_line_that_fails_is_skipped_and_said_once(
    client: ChatClient,
    events: Events,
    raw_server: RawServer,
    monkeypatch: pytest.MonkeyPatch,
    handler: object,
) -> None:
    """The guard itself: whatever a handler raises, that line is skipped, the window is told
    once (quietly, in the server pane), and the connection goes on."""
    monkeypatch.setitem(HANDLERS, "BREAKS", handler)
    nick = in_room(client, events, raw_server)
    raw_server.send(b":evil.test BREAKS", b":evil.test BREAKS again", b":evil.test BREAKS :more")
    still_chatting(client, events, raw_server)
    told = [e for e in events.seen if isinstance(e, ServerText) and e.text == SKIPPED_LINE]
    assert len(told) == 1
    assert nick == "amy"


SHORT_HISTORY_WAIT_S = 2.0
"""A history wait of a test's own, so the test does not sit out the real limit."""


@pytest.mark.slow
def test_a_server_that_never_answers_a_history_request_cannot_hold_messages_back(
    events: Events, raw_server: RawServer
) -> None:
    """It offers draft/chathistory, so joining asks for the room's latest messages; it never
    answers. The messages that arrive meanwhile are shown once the wait has run out."""
    client = ChatClient(events.queue, history_answer_timeout_s=SHORT_HISTORY_WAIT_S)
    try:
        in_room(client, events, raw_server, caps=f"{CAPS} draft/chathistory")
        raw_server.expect(rf"^CHATHISTORY LATEST {ROOM} ")
        raw_server.send(f":sam!s@10.0.0.7 PRIVMSG {ROOM} :held back".encode())
        timeout = SHORT_HISTORY_WAIT_S * 2
        events.wait_for(MessageReceived, timeout, conversation=ROOM, text="held back")
        still_chatting(client, events, raw_server)
    finally:
        client.close()


def test_the_window_waits_for_history_answers_as_long_as_the_limit_says() -> None:
    """The window makes its ChatClient without a wait of its own: the default is the limit."""
    parameter = inspect.signature(ChatClient).parameters["history_answer_timeout_s"]
    assert parameter.default == limits.HISTORY_ANSWER_TIMEOUT_S
