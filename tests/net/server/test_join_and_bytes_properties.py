"""Property tests at the server core (no sockets) for what is read off a line: the keys of a
JOIN of several rooms, and the command and room of a line that is not UTF-8."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from chatgui.protocol.message import parse, refused_command
from chatgui.protocol.names import channel_problem
from chatgui.protocol.server.outgoing import Send
from chatgui.protocol.server.state import ServerConfig, ServerState

ROOM_NAMES = st.lists(
    st.text("abcdefghijklmnopqrstuvwxyz0123456789", min_size=1, max_size=8),
    min_size=1,
    max_size=5,
    unique=True,
).map(lambda words: [f"#{word}" for word in words])
KEY = st.text("abcdefghijklmnopqrstuvwxyz0123456789", min_size=1, max_size=8)


def _said(out: list[object], conn: int) -> list[str]:
    return [item.line.decode() for item in out if isinstance(item, Send) and conn in item.conns]


def _registered(state: ServerState, conn: int, nick: str) -> None:
    state.connected(conn, f"10.0.0.{conn}", 0.0)
    state.received(conn, f"NICK {nick}".encode(), 0.0)
    state.received(conn, f"USER {nick} 0 * :{nick}".encode(), 0.0)


@settings(max_examples=150, deadline=None)
@given(ROOM_NAMES, st.data())
def test_each_key_of_a_join_goes_with_the_room_in_its_place(
    rooms: list[str], data: st.DataObject
) -> None:
    """JOIN #a,#b,#c k1,,k3: a room with a password gets the key in its place, a room without
    one ignores it, and only a room whose key is wrong refuses (475, naming it)."""
    state = ServerState(ServerConfig())
    _registered(state, 1, "amy")
    keys = {room: data.draw(st.one_of(st.just(""), KEY)) for room in rooms}
    for room in rooms:
        state.received(1, f"JOIN {room}".encode(), 1.0)
        if keys[room]:
            state.received(1, f"MODE {room} +k {keys[room]}".encode(), 1.0)
    wrong = {room for room in rooms if keys[room] and data.draw(st.booleans())}
    given_keys = [keys[room] + ("x" if room in wrong else "") for room in rooms]
    _registered(state, 2, "ben")
    said = _said(
        state.received(2, f"JOIN {','.join(rooms)} {','.join(given_keys)}".encode(), 2.0), 2
    )
    joined = [parse(line.encode()).params[0] for line in said if " JOIN " in line]
    refused = [parse(line.encode()).params[1] for line in said if " 475 " in line]
    assert joined == [room for room in rooms if room not in wrong]
    assert refused == [room for room in rooms if room in wrong]


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=120))
def test_any_line_that_is_not_utf8_names_a_command_or_none(data: bytes) -> None:
    line = data.replace(b"\r", b"").replace(b"\n", b"").replace(b"\0", b"")
    command, target = refused_command(line)
    assert command == "*" or (
        command.isascii() and command.isalnum() and command.upper() == command
    )
    assert target == "" or target.encode() in line


@settings(max_examples=300, deadline=None)
@given(ROOM_NAMES, st.binary(min_size=1, max_size=60))
def test_a_message_to_a_room_that_is_not_utf8_names_the_message_and_the_room(
    rooms: list[str], text: bytes
) -> None:
    room = rooms[0]
    assert channel_problem(room) is None
    words = text.replace(b"\r", b"").replace(b"\n", b"").replace(b"\0", b"")
    line = b"PRIVMSG " + room.encode() + b" :" + words + b"\xff"
    assert refused_command(line) == ("PRIVMSG", room)
    state = ServerState(ServerConfig())
    _registered(state, 1, "amy")
    state.received(1, f"JOIN {room}".encode(), 1.0)
    said = _said(state.received(1, line, 2.0), 1)
    assert [parse(reply.encode()).params[:2] for reply in said] == [("amy", room)]
    assert " 404 " in said[0]
