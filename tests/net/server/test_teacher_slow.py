"""Slow mode (+W <seconds>): the core's rule with explicit clock values, then one real socket
case with a 1 s slow mode.

The core (ServerState) takes `now` as an argument, so the rule is tested at exact instants:
nothing here waits except the last test, which waits 1 s on a real server.
"""

from __future__ import annotations

import time

import pytest

from chatgui import limits
from chatgui.protocol.message import parse
from chatgui.protocol.server.model import ServerConfig
from chatgui.protocol.server.outgoing import Send
from chatgui.protocol.server.state import ServerState
from tests.net.server.teacherkit import ROOM, Classroom, S, room_control, who

SECRET = "k3y"
Said = tuple[str | None, ...]
"""A line received: (source, command, *params)."""
SAM = "Sam!~Sam@10.0.0.1"
SERVER = "chatgui.local"
HOST = "Ms_Rivera!~MsRivera@10.0.0.1"


class Core:
    """A ServerState with the host (conn 1), Sam (2) and Kim (3) in #class; lines per conn."""

    def __init__(self) -> None:
        self.state = ServerState(ServerConfig(host_secret=SECRET, rooms=(ROOM,)))
        for conn, nick in ((1, "Ms_Rivera"), (2, "Sam"), (3, "Kim")):
            self.state.connected(conn, "10.0.0.1", 0.0)
            password = [f"PASS {SECRET}"] if conn == 1 else []
            for line in [*password, f"NICK {nick}", f"USER {nick} 0 * :{nick}", f"JOIN {ROOM}"]:
                self.send(conn, line, 0.0)

    def send(self, conn: int, line: str, now: float) -> dict[int, list[Said]]:
        """What each connection receives after `conn` sends `line` at `now`."""
        received: dict[int, list[Said]] = {1: [], 2: [], 3: []}
        for item in self.state.received(conn, line.encode(), now):
            if isinstance(item, Send):
                message = parse(item.line)
                for conn in item.conns:
                    received[conn].append((message.source, message.command, *message.params))
        return received


@pytest.fixture
def core() -> Core:
    room = Core()
    room.send(1, f"MODE {ROOM} +W 10", 100.0)
    return room


def test_a_message_within_the_wait_is_refused_with_the_seconds_left(core: Core) -> None:
    assert core.send(2, f"PRIVMSG {ROOM} :first", 200.0)[3] == [(SAM, "PRIVMSG", ROOM, "first")]
    early = core.send(2, f"PRIVMSG {ROOM} :second", 204.0)
    assert early[3] == []
    assert early[1] == []
    why = f"Slow mode is on in {ROOM}: wait 6 more seconds before you send another message."
    assert early[2] == [(SERVER, "404", "Sam", ROOM, why)]  # shown in the room it was typed in
    almost = core.send(2, f"PRIVMSG {ROOM} :third", 209.5)
    assert almost[3] == []
    why = f"Slow mode is on in {ROOM}: wait 1 more second before you send another message."
    assert almost[2] == [(SERVER, "404", "Sam", ROOM, why)]


def test_the_next_message_after_the_wait_goes_through(core: Core) -> None:
    core.send(2, f"PRIVMSG {ROOM} :first", 200.0)
    core.send(2, f"PRIVMSG {ROOM} :too soon", 201.0)  # refused: does not restart the wait
    assert core.send(2, f"PRIVMSG {ROOM} :on time", 210.0)[3] == [(SAM, "PRIVMSG", ROOM, "on time")]
    assert core.send(2, f"PRIVMSG {ROOM} :again too soon", 219.9)[3] == []


def test_each_person_waits_for_themselves(core: Core) -> None:
    core.send(2, f"PRIVMSG {ROOM} :Sam speaks", 200.0)
    assert core.send(3, f"PRIVMSG {ROOM} :Kim speaks", 200.5)[2] == [
        ("Kim!~Kim@10.0.0.1", "PRIVMSG", ROOM, "Kim speaks")
    ]


def test_the_host_is_exempt(core: Core) -> None:
    for offset in range(3):
        heard = core.send(1, f"PRIVMSG {ROOM} :notice {offset}", 200.0 + offset / 10)
        assert heard[2] == [(HOST, "PRIVMSG", ROOM, f"notice {offset}")]


def test_turning_it_off_lets_everyone_talk_at_once(core: Core) -> None:
    core.send(2, f"PRIVMSG {ROOM} :first", 200.0)
    off = core.send(1, f"MODE {ROOM} -W", 201.0)
    assert off[2] == [(HOST, "MODE", ROOM, "-W")]  # its words are the windows' to draw
    assert core.send(2, f"PRIVMSG {ROOM} :second", 201.5)[3] != []


def test_with_standard_replies_the_refusal_is_a_fail_with_the_seconds() -> None:
    room = Core()
    room.send(2, "CAP REQ standard-replies", 0.0)
    room.send(1, f"MODE {ROOM} +W 30", 0.0)
    room.send(2, f"PRIVMSG {ROOM} :first", 50.0)
    why = f"Slow mode is on in {ROOM}: wait 25 more seconds before you send another message."
    assert room.send(2, f"PRIVMSG {ROOM} :second", 55.0)[2] == [
        (SERVER, "FAIL", "PRIVMSG", "SLOW_MODE", ROOM, "25", why)
    ]


@pytest.mark.parametrize(
    ("value", "accepted"),
    [
        ("1", True),
        (str(limits.SLOW_MODE_MAX_S), True),
        (str(limits.SLOW_MODE_MAX_S + 1), False),
        ("0", False),
        ("-5", False),
        ("soon", False),
    ],
)
def test_the_seconds_must_be_from_1_to_the_limit(value: str, accepted: bool) -> None:
    room = Core()
    heard = room.send(1, f"MODE {ROOM} +W {value}", 0.0)
    modes = room.send(1, f"MODE {ROOM}", 0.0)[1][0]
    if accepted:
        assert (HOST, "MODE", ROOM, "+W", value) in heard[2]
        assert modes == (SERVER, "324", "Ms_Rivera", ROOM, "+ntW", value)
    else:
        assert heard[2] == []
        why = f"Slow mode takes a number of seconds from 1 to {limits.SLOW_MODE_MAX_S}"
        assert heard[1] == [(SERVER, "696", "Ms_Rivera", ROOM, "W", value, why)]
        assert modes == (SERVER, "324", "Ms_Rivera", ROOM, "+nt")


def test_one_second_slow_mode_on_a_real_server(classroom: Classroom) -> None:
    host = classroom.host()
    sam = classroom.enter("Sam")
    kim = classroom.enter("Kim")
    host.send(f"MODE {ROOM} +W 1")
    kim.expect(
        room_control(
            "Ms_Rivera turned on slow mode: each person may send one message every second."
        )
    )
    sam.send(f"PRIVMSG {ROOM} :first")
    kim.expect(rf"^{who('Sam')} PRIVMSG {ROOM} :?first$")
    sam.send(f"PRIVMSG {ROOM} :too soon")
    sam.expect(
        rf"^{S} 404 Sam {ROOM} :Slow mode is on in {ROOM}: wait 1 more second before you "
        "send another message\\.$"
    )
    time.sleep(1.05)  # the wait itself, not a timing assertion
    sam.send(f"PRIVMSG {ROOM} :after the wait")
    kim.expect(rf"^{who('Sam')} PRIVMSG {ROOM} :after the wait$")
    assert not any("too soon" in line for line in kim.seen)
