"""A room keeps its members grouped by the tags they take (model.Channel.readers), so a message
to it is one line per group: whatever joins, leaves and capability changes came before, each
member must still get the message exactly as the per-member rule gives it (IRCv3: `time` needs
server-time, every other tag message-tags)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from chatgui import limits
from chatgui.protocol import caps
from chatgui.protocol.message import parse
from chatgui.protocol.server.model import ServerConfig
from chatgui.protocol.server.outgoing import Outgoing, Send
from chatgui.protocol.server.state import ServerState

ROOMS = ("#a", "#b")
PEOPLE = 4
TAG_CAPS = (caps.SERVER_TIME, caps.MESSAGE_TAGS, caps.BATCH, caps.ECHO_MESSAGE)

conn_ids = st.integers(1, PEOPLE)
rooms = st.sampled_from(ROOMS)
cap_sets = st.sets(st.sampled_from(TAG_CAPS), max_size=len(TAG_CAPS))
steps = st.one_of(
    st.tuples(st.just("join"), conn_ids, rooms),
    st.tuples(st.just("part"), conn_ids, rooms),
    st.tuples(st.just("kick"), conn_ids, rooms),
    st.tuples(st.just("quit"), conn_ids, rooms),
    st.tuples(st.just("back"), conn_ids, rooms),
    st.tuples(st.just("cap"), conn_ids, cap_sets),
    st.tuples(st.just("say"), conn_ids, rooms),
)


def _visible(tags: dict[str, str], held: frozenset[str]) -> dict[str, str]:
    """The per-member rule, written out: what of `tags` a client holding `held` receives."""
    need = {"time": caps.SERVER_TIME}
    return {k: v for k, v in tags.items() if need.get(k, caps.MESSAGE_TAGS) in held}


class Room:
    """A server with PEOPLE people (all joined to nothing at first) and the tests' moves."""

    def __init__(self) -> None:
        self.state = ServerState(ServerConfig(rooms=ROOMS).with_flood(None))
        self.next_conn = PEOPLE + 1
        self.conn = {n: n for n in range(1, PEOPLE + 1)}  # a person -> their connection now
        for n in self.conn:
            self._arrive(n)

    def _arrive(self, n: int) -> None:
        conn = self.conn[n]
        self.state.connected(conn, "127.0.0.1", 0.0)
        for line in (f"NICK p{n}", f"USER u{n} 0 * :x"):
            self.state.received(conn, line.encode(), 0.0)

    def line(self, n: int, text: str) -> list[Outgoing]:
        return self.state.received(self.conn[n], text.encode(), 1.0)

    def step(self, move: str, n: int, arg: str | set[str]) -> None:
        if move == "join":
            self.line(n, f"JOIN {arg}")
        elif move == "part":
            self.line(n, f"PART {arg}")
        elif move == "kick":
            self.line(1, f"KICK {arg} p{n}")  # refused unless p1 is a helper there
        elif move == "quit":
            self.line(n, "QUIT :bye")
        elif move == "back" and self.conn[n] not in self.state.people:
            self.conn[n] = self.next_conn  # a new connection: ids are never used again
            self.next_conn += 1
            self._arrive(n)
        elif move == "cap":
            assert isinstance(arg, set)
            person = self.state.people.get(self.conn[n])
            if person is not None:
                dropped = [f"-{c}" for c in person.caps - arg]
                self.line(n, "CAP REQ :" + " ".join([*sorted(arg), *dropped]))

    def check_say(self, n: int, room: str) -> None:
        sender = self.state.people.get(self.conn[n])
        channel = self.state.channels.get(room)
        if sender is None or channel is None or sender.conn not in channel.members:
            return
        out = self.line(n, f"@+draft/x=1 PRIVMSG {room} :hello")
        got: dict[int, list[dict[str, str]]] = {}
        for send in out:
            if isinstance(send, Send) and parse(send.line).command == "PRIVMSG":
                for conn in send.conns:
                    got.setdefault(conn, []).append(parse(send.line).tags)
        whole: dict[str, str] = {}
        for tags_seen in got.values():
            whole.update(tags_seen[0])  # together, every tag anyone takes
        echo = caps.ECHO_MESSAGE in sender.caps
        expected = {
            conn: [_visible(whole, self.state.people[conn].caps)]
            for conn in channel.members
            if echo or conn != sender.conn
        }
        assert got == expected


@settings(max_examples=300)
@given(st.lists(steps, min_size=5, max_size=50))
def test_every_member_gets_the_tags_the_per_member_rule_gives(
    moves: list[tuple[str, int, str | set[str]]],
) -> None:
    room = Room()
    for move, n, arg in moves:
        if move == "say":
            assert isinstance(arg, str)
            room.check_say(n, arg)
        else:
            room.step(move, n, arg)
    for n in room.conn:  # and at the end, everyone talks in every room they are in
        for name in ROOMS:
            room.check_say(n, name)


def test_a_capability_asked_for_while_in_a_room_changes_the_tags_at_once() -> None:
    room = Room()
    room.line(1, "JOIN #a")
    room.line(2, "JOIN #a")
    room.line(2, f"CAP REQ :{caps.SERVER_TIME}")
    out = room.line(1, "PRIVMSG #a :hi")
    (send,) = [s for s in out if isinstance(s, Send)]
    assert send.conns == [2]
    assert set(parse(send.line).tags) == {"time"}
    room.line(2, f"CAP REQ :-{caps.SERVER_TIME}")
    out = room.line(1, "PRIVMSG #a :hi")
    (send,) = [s for s in out if isinstance(s, Send)]
    assert send.conns == [2]
    assert not parse(send.line).tags


def test_a_large_room_is_kept_in_small_groups_and_each_member_still_gets_one_line() -> None:
    """An assembly: a join copies one group of at most ROOM_GROUP_SIZE, not the whole room, and
    a message still reaches each member once with the tags the per-member rule gives."""
    state = ServerState(ServerConfig().with_flood(None))
    count = 3 * limits.ROOM_GROUP_SIZE + 5
    held = [frozenset(), frozenset({caps.SERVER_TIME}), frozenset({caps.MESSAGE_TAGS})]
    for conn in range(1, count + 1):
        state.connected(conn, f"127.0.{conn // 200}.{conn % 200 + 1}", 0.0)
        wants = sorted(held[conn % 5 % 3])
        if wants:
            state.received(conn, f"CAP REQ :{' '.join(wants)}".encode(), 0.0)
        for line in (f"NICK p{conn}", f"USER u{conn} 0 * :x", "CAP END", "JOIN #big"):
            state.received(conn, line.encode(), 0.0)
    for conn in range(2, count, 7):
        state.received(conn, b"PART #big", 0.0)
    channel = state.channels["#big"]
    assert all(len(conns) <= limits.ROOM_GROUP_SIZE for _, conns in channel.readers)
    assert sorted(c for _, conns in channel.readers for c in conns) == sorted(channel.members)
    out = state.received(1, b"@+draft/x=1 PRIVMSG #big :hello", 1.0)
    got: dict[int, list[dict[str, str]]] = {}
    for send in out:
        if isinstance(send, Send):
            for conn in send.conns:
                got.setdefault(conn, []).append(parse(send.line).tags)
    whole = {k: v for tags_seen in got.values() for k, v in tags_seen[0].items()}
    assert got == {
        conn: [_visible(whole, state.people[conn].caps)] for conn in channel.members if conn != 1
    }
