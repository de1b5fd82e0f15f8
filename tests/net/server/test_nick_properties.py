"""Property tests of names at the server core (no sockets: ServerState as the network layer
drives it): what the start screen accepts is exactly what the server accepts, and no NICK line
of any bytes breaks the server or lets a look-alike of the teacher in.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from chatgui.protocol.lookalike import could_pass_for
from chatgui.protocol.message import parse
from chatgui.protocol.names import casefold, nick_problem
from chatgui.protocol.server.outgoing import Outgoing
from chatgui.protocol.server.state import ServerConfig, ServerState
from tests.outgoing import lines_to

ROOM = "#class"
NICK_TEXT = st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=35)


def _replies(out: list[Outgoing], conn: int) -> list[str]:
    """The lines to `conn`, as text."""
    return [line.decode() for line in lines_to(out, conn)]


def _registered_as(state: ServerState, conn: int, nick: str, now: float) -> list[str]:
    """Connection `conn` sends NICK `nick` (as one middle parameter, or trailing when it must)
    and USER; the lines the server answered."""
    param = nick if nick and " " not in nick and not nick.startswith(":") else f":{nick}"
    state.connected(conn, f"10.0.{conn // 250}.{conn % 250}", now)
    out = state.received(conn, f"NICK {param}".encode(), now)
    out += state.received(conn, b"USER u 0 * :someone", now)
    return _replies(out, conn)


@settings(max_examples=300, deadline=None)
@given(NICK_TEXT)
def test_the_server_accepts_exactly_the_names_the_start_screen_accepts(nick: str) -> None:
    state = ServerState(ServerConfig(rooms=(ROOM,)))
    said = _registered_as(state, 1, nick, 1.0)
    welcomed = any(line.split()[1] == "001" for line in said)  # the reply's number, not a nick
    if "\r" in nick or "\n" in nick or "\0" in nick:
        return  # not one line: never a name
    assert welcomed == (nick_problem(nick) is None), (nick, said)
    if welcomed:
        person = state.people[1]
        assert state.find_person(casefold(nick)) is person
        assert parse(said[0].encode()).params[0] == person.nick


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=80))
def test_no_nick_line_of_any_bytes_breaks_the_server(data: bytes) -> None:
    state = ServerState(ServerConfig(host_secret="k3y", rooms=(ROOM,)))
    for conn, line in ((1, b"PASS k3y"), (1, b"NICK Ms_Rivera"), (1, b"USER r 0 * :R")):
        if conn not in state.people:
            state.connected(conn, "10.0.0.1", 0.0)
        state.received(conn, line, 0.0)
    state.connected(2, "10.0.0.2", 0.0)
    line = b"NICK " + data.replace(b"\r", b"").replace(b"\n", b"")
    state.received(2, line, 1.0)
    state.received(2, b"USER u 0 * :x", 1.0)
    state.received(2, b"JOIN #class", 1.0)
    state.received(2, line, 2.0)  # and once registered
    student = state.people[2]
    if student.registered:
        assert nick_problem(student.nick) is None
        assert not could_pass_for(student.nick, "Ms_Rivera")
    assert state.people[1].nick == "Ms_Rivera"


@settings(max_examples=200, deadline=None)
@given(st.lists(NICK_TEXT, min_size=2, max_size=6))
def test_people_present_never_share_a_folded_name(wanted: list[str]) -> None:
    state = ServerState(ServerConfig(rooms=(ROOM,)))
    for conn, nick in enumerate(wanted, start=1):
        _registered_as(state, conn, nick, float(conn))
    present = [p.nick for p in state.people.values() if p.registered]
    assert len({casefold(n) for n in present}) == len(present)
