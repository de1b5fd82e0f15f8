"""A headless room with a teacher, over real sockets: the one-time host key `serve` prints
makes whoever presents it first the host; it is then used up, a wrong key counts as a wrong
password, and `--host NAME` holds the teacher's name from the start.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from chatgui import limits
from chatgui.events import HostWarning
from tests.lineclient import LineClient
from tests.net.server.netsupport import RunningServer, StartServer, drain, reset
from tests.net.server.teacherkit import ROOM, S, join, state, who

KEY = "7KQ4-M2XD-9PWA"
WRONG = (
    rf"^{S} 464 \S+ :That host key is not right, or was used already: join without one, or "
    "ask whoever started the room for the key it printed$"
)


OPENED: list[LineClient] = []
"""Every client connect() opened, closed after each test."""


@pytest.fixture(autouse=True)
def close_clients() -> Iterator[None]:
    yield
    while OPENED:
        OPENED.pop().close()


@pytest.fixture
def headless(start_server: StartServer) -> RunningServer:
    """A room as `serve --host Ms_Rivera` runs it: no window, no host secret, a host key."""
    return start_server(host_key=KEY, host_name="Ms_Rivera")


def connect(running: RunningServer, nick: str, password: str | None, source: str) -> LineClient:
    client = LineClient(running.port, source=source)
    OPENED.append(client)
    if password is not None:
        client.send(f"PASS {password}")
    client.send(f"NICK {nick}")
    client.send(f"USER {nick} 0 * :{nick}")
    return client


def test_serve_has_a_teacher_once_the_key_is_presented(headless: RunningServer) -> None:
    sam = connect(headless, "Sam", None, "127.0.0.6")
    sam.expect(" 376 | 422 ")
    join(sam, "Sam")
    teacher = connect(headless, "Ms_Rivera", "7kq4m2xd9pwa", "127.0.0.5")  # as typed
    teacher.expect(" 376 | 422 ")
    join(teacher, "Ms_Rivera")
    assert state(sam, "Sam").names.split() == ["Sam", "~Ms_Rivera"]
    teacher.send(f"MODE {ROOM} +b m:Sam")  # a host's control
    sam.expect(rf"^{who('Ms_Rivera')} MODE {ROOM} \+b m:Sam!\*@\*$")
    said = [e.text for e in drain(headless.events) if isinstance(e, HostWarning)]
    assert said == [
        "Ms_Rivera at 127.0.0.5 presented the host key and is now the host; "
        "the key can't be used again."
    ]


def test_the_key_works_once(headless: RunningServer) -> None:
    teacher = connect(headless, "Ms_Rivera", KEY, "127.0.0.5")
    teacher.expect(" 376 | 422 ")
    second = connect(headless, "Tom", KEY, "127.0.0.6")
    second.expect(WRONG)
    second.expect_closed()
    plain = connect(headless, "Amy", None, "127.0.0.7")
    plain.expect(" 376 | 422 ")
    join(plain, "Amy")
    plain.send(f"NAMES {ROOM}")
    plain.expect(rf"^{S} 353 Amy = {ROOM} :?Amy$")  # the teacher has not joined yet


def test_a_wrong_key_is_refused_and_counted_as_a_guess(headless: RunningServer) -> None:
    for attempt in range(limits.PASSWORD_FREE_TRIES):
        guess = connect(headless, f"g{attempt}", "AAAA-BBBB-CCCC", "127.0.0.8")
        guess.expect(WRONG)
        guess.expect_closed()
    waiting = connect(headless, "g9", KEY, "127.0.0.8")  # even the right key waits now
    waiting.expect(
        rf"^{S} 464 \S+ :Too many wrong passwords from your computer; wait \d+ seconds?$"
    )
    waiting.expect_closed()
    said = [e.text for e in drain(headless.events) if isinstance(e, HostWarning)]
    assert said == [
        "Someone at 127.0.0.8 tried 5 wrong passwords (the last one: the host key); "
        "each further try from there now has to wait longer."
    ]
    teacher = connect(headless, "Ms_Rivera", KEY, "127.0.0.5")  # another computer: not slowed
    teacher.expect(" 376 | 422 ")


def test_a_room_password_is_not_taken_for_a_key(start_server: StartServer) -> None:
    """A window sends the Join page's room password as PASS too: a room with a host key and
    a room password (+k) but no server password lets it in as before."""
    running = start_server(host_key=KEY, room_key="pw")
    amy = connect(running, "Amy", "pw", "127.0.0.7")
    amy.expect(" 376 | 422 ")
    join(amy, "Amy", key="pw")


def test_the_teachers_name_is_held_from_the_start(headless: RunningServer) -> None:
    early = connect(headless, "Ms_Rivera", None, "127.0.0.6")
    early.expect(
        rf"^{S} 433 \* Ms_Rivera :Ms_Rivera is the host's name, kept for them: "
        "choose another name$"
    )
    early.send("NICK Sam")
    early.expect(" 376 | 422 ")
    teacher = connect(headless, "Ms_Rivera", KEY, "127.0.0.5")
    teacher.expect(rf"^{S} 001 Ms_Rivera ")


def test_the_teacher_reconnects_as_the_host_from_her_computer(headless: RunningServer) -> None:
    """Without an identity, the used key still works from the computer that used it, and the
    name waits for her; from another computer it is dead."""
    teacher = connect(headless, "Ms_Rivera", KEY, "127.0.0.5")
    teacher.expect(" 376 | 422 ")
    join(teacher, "Ms_Rivera")
    sam = connect(headless, "Sam", None, "127.0.0.6")
    sam.expect(" 376 | 422 ")
    join(sam, "Sam")
    reset(teacher)
    sam.expect(r"^:Ms_Rivera!\S+ QUIT ")
    sam.send("NICK Ms_Rivera")
    sam.expect(rf"^{S} 433 Sam Ms_Rivera :Ms_Rivera is the host's name")
    thief = connect(headless, "Tom", KEY, "127.0.0.6")
    thief.expect(WRONG)
    back = connect(headless, "Ms_Rivera", KEY, "127.0.0.5")
    back.expect(rf"^{S} 001 Ms_Rivera ")
    join(back, "Ms_Rivera")
    assert re.search(r"~Ms_Rivera", state(sam, "Sam").names)


def test_with_a_server_password_the_key_is_taken_in_its_place(start_server: StartServer) -> None:
    running = start_server(host_key=KEY, password="class-pw")
    teacher = connect(running, "Ms_Rivera", KEY, "127.0.0.5")
    teacher.expect(" 376 | 422 ")
    join(teacher, "Ms_Rivera")
    sam = connect(running, "Sam", "class-pw", "127.0.0.6")
    sam.expect(" 376 | 422 ")
    join(sam, "Sam")
    assert state(sam, "Sam").names.split() == ["~Ms_Rivera", "Sam"]
    again = connect(running, "Tom", KEY, "127.0.0.7")
    again.expect(rf"^{S} 464 Tom :Password incorrect$")
    again.expect_closed()
