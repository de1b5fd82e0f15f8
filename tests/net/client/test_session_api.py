"""The client session's one API: a session made anywhere understands every command, and
each call hands back exactly what it produced, nothing a failed call left half done."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

from chatgui.events import MessageReceived, Problem
from chatgui.protocol.client import session as session_module
from chatgui.protocol.client.session import ClientSession, Result
from chatgui.protocol.client.state import SessionState
from chatgui.protocol.message import Message, parse

S = ":irc.test"


def test_a_session_made_in_a_fresh_program_understands_messages_rooms_and_history() -> None:
    """Nothing else imported first (no ChatClient): which commands a session understands
    must not depend on what some other module imported before."""
    program = textwrap.dedent(
        """
        from chatgui.protocol.client.session import ClientSession
        from chatgui.protocol.message import parse
        session = ClientSession("amy")
        session.start()
        for line in (b":s 001 amy :hi", b":s 376 amy :end", b":amy!a@h JOIN #class"):
            session.receive(parse(line), 0.0)
        said = session.receive(parse(b":sam!s@h PRIVMSG #class :hello"), 0.0)
        print([type(event).__name__ for event in said.events])
        """
    )
    ran = subprocess.run(
        [sys.executable, "-c", program],
        capture_output=True,
        encoding="utf-8",
        check=True,
        timeout=60,
    )
    assert ran.stdout.strip() == "['MessageReceived']"


def in_room() -> ClientSession:
    session = ClientSession("amy")
    session.start()
    for line in (f"{S} 001 amy :hi", f"{S} 376 amy :end", ":amy!a@h JOIN #class"):
        session.receive(parse(line.encode()), 0.0)
    return session


def _half_done(session: SessionState, message: Message) -> None:
    session.send(Message("PRIVMSG", ("#class", "half")))
    session.problem(None, "half")
    raise KeyError("a bug met halfway")


def test_a_call_that_fails_leaves_nothing_for_the_next(monkeypatch: pytest.MonkeyPatch) -> None:
    session = in_room()
    monkeypatch.setitem(session_module.HANDLERS, "BREAKS", _half_done)
    with pytest.raises(KeyError):
        session.receive(parse(b":s BREAKS"), 0.0)
    assert session.receive(parse(b"PING :x"), 0.0) == Result(lines=(Message("PONG", ("x",)),))


def test_each_call_returns_its_own_events_and_lines() -> None:
    session = in_room()
    said = session.say("#class", "hello", local_id=1)
    assert [line.command for line in said.lines] == ["PRIVMSG"]
    heard = session.receive(parse(b":sam!s@h PRIVMSG #class :hi"), 0.0)
    assert heard.lines == ()
    assert [type(event) for event in heard.events] == [MessageReceived]
    held = session.join("#secret", "cat")  # a plain connection: the password is not sent
    assert held.lines == ()
    assert [type(event) for event in held.events] == [Problem]
