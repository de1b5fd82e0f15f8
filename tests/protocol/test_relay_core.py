"""A message to many is made once per set of tags its recipients take (tags.lines_for), and
the state hands the network layer one Send per such line, with every connection it goes to."""

from __future__ import annotations

from chatgui.protocol import caps
from chatgui.protocol.message import Message, parse
from chatgui.protocol.server.model import Person, ServerConfig
from chatgui.protocol.server.outgoing import Send
from chatgui.protocol.server.state import ServerState
from chatgui.protocol.server.tags import lines_for

TAGGED = Message("PRIVMSG", ("#r", "hi"), "sam!u@h", {"time": "T", "msgid": "m1", "+draft/x": "1"})


def person(conn: int, *acked: str) -> Person:
    return Person(conn, "127.0.0.1", 0.0, caps=frozenset(acked))


def test_one_line_per_set_of_tags_with_everyone_it_goes_to() -> None:
    people = [
        person(1, caps.SERVER_TIME, caps.MESSAGE_TAGS),
        person(2),
        person(3, caps.SERVER_TIME),
        person(4, caps.MESSAGE_TAGS, caps.SERVER_TIME, caps.ECHO_MESSAGE),
        person(5),
    ]
    lines = {tuple(conns): parse(line).tags for line, conns in lines_for(people, TAGGED, {})}
    assert lines == {
        (1, 4): {"time": "T", "msgid": "m1", "+draft/x": "1"},
        (2, 5): {},
        (3,): {"time": "T"},
    }


def test_people_who_differ_only_in_what_the_message_does_not_need_get_one_line() -> None:
    """echo-message and batch change nothing in how TAGGED looks: one line, in their order."""
    everything = (caps.SERVER_TIME, caps.MESSAGE_TAGS)
    people = [
        person(3, *everything, caps.ECHO_MESSAGE),
        person(1, *everything),
        person(2, *everything, caps.BATCH),
    ]
    assert lines_for(people, TAGGED, {}) == [(TAGGED.to_bytes(), [3, 1, 2])]
    plain = [person(5), person(4, caps.ECHO_MESSAGE)]
    assert lines_for(plain, TAGGED, {}) == [(b":sam!u@h PRIVMSG #r hi", [5, 4])]


def test_a_message_without_tags_is_one_line_to_all_and_made_once() -> None:
    cache: dict[tuple[int, frozenset[str]], bytes] = {}
    plain = Message("PING", ("x",))
    first = lines_for([person(1, caps.SERVER_TIME), person(2)], plain, cache)
    again = lines_for([person(3)], plain, cache)
    assert first == [(b"PING x", [1, 2])]
    assert again[0][0] is first[0][0]


def test_a_room_message_is_one_send_per_line_not_one_per_member() -> None:
    state = ServerState(ServerConfig(rooms=("#class",)))
    for conn in range(1, 31):
        state.connected(conn, f"10.0.0.{conn}", 0.0)
        wanted = "message-tags server-time echo-message" if conn % 2 else ""
        lines = [f"CAP REQ :{wanted}", f"NICK n{conn}", f"USER u{conn} 0 * :x", "CAP END"]
        for line in [*(lines if wanted else lines[1:3]), "JOIN #class"]:
            state.received(conn, line.encode(), 0.0)
    out = state.received(1, b"PRIVMSG #class :hello", 1.0)
    sends = [item for item in out if isinstance(item, Send)]
    assert len(sends) == 2  # with the tags (the sender's echo among them), and without
    with_tags, without = sorted(sends, key=lambda s: -len(s.line))
    assert sorted(with_tags.conns) == list(range(1, 31, 2))
    assert sorted(without.conns) == list(range(2, 31, 2))
    assert parse(with_tags.line).param(1) == parse(without.line).param(1) == "hello"
