"""Held names in the sans-IO core, where time can pass: the helper's grace ends, the host's
hold ends, holds are bounded, and the host key binds to an identity (account), set here the
way a proved identity sets it, on the person before they register.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from chatgui import limits
from chatgui.protocol.server.held_names import held_names
from chatgui.protocol.server.model import ServerConfig
from chatgui.protocol.server.outgoing import Send
from chatgui.protocol.server.state import ServerState

ROOM = "#class"
KEY = "7KQ4-M2XD-9PWA"


class Room:
    """A ServerState with people by connection number; each line at time `now`."""

    def __init__(self, **config: Any) -> None:
        base = ServerConfig(rooms=(ROOM,), host_secret="s3cret")
        self.state = ServerState(replace(base, **config))
        self.next_conn = 1
        self.now = 0.0

    def arrive(
        self,
        nick: str,
        address: str,
        password: str | None = None,
        account: str | None = None,
        room: bool = True,
    ) -> tuple[int, list[str]]:
        conn = self.next_conn
        self.next_conn += 1
        self.state.connected(conn, address, self.now)
        self.state.people[conn].account = account
        lines = [f"PASS :{password}"] if password else []
        lines += [f"NICK {nick}", f"USER {nick} 0 * :{nick}"] + ([f"JOIN {ROOM}"] if room else [])
        said: list[str] = []
        for line in lines:
            said += self.say(conn, line)
        return conn, said

    def say(self, conn: int, line: str) -> list[str]:
        out = self.state.received(conn, line.encode(), self.now)
        return [o.line.decode() for o in out if isinstance(o, Send) and conn in o.conns]

    def leave(self, conn: int) -> None:
        self.state.disconnected(conn, "Connection lost", self.now)

    def nick(self, conn: int) -> str:
        return self.state.people[conn].nick

    def status(self, conn: int) -> set[str]:
        return self.state.channels[ROOM].members.get(conn, set())


def test_a_helpers_name_is_held_for_the_grace_period_only() -> None:
    room = Room()
    host, _ = room.arrive("Ms_Rivera", "10.0.0.1", "s3cret")
    kim, _ = room.arrive("Kim", "10.0.0.5")
    room.say(host, f"MODE {ROOM} +o Kim")
    room.now = 100.0
    room.leave(kim)
    assert held_names(room.state) == ["Ms_Rivera", "Kim"]
    room.now = 100.0 + limits.HELPER_NAME_GRACE_S - 1
    sam, _ = room.arrive("Sam", "10.0.0.6")
    assert any(" 433 Sam Kim " in line for line in room.say(sam, "NICK Kim"))
    room.now = 100.0 + limits.HELPER_NAME_GRACE_S + 1
    room.state.tick(room.now)
    assert held_names(room.state) == ["Ms_Rivera"]
    late, _ = room.arrive("Kim", "10.0.0.5")
    assert room.nick(late) == "Kim"
    assert room.status(late) == set()  # back too late: a student


def test_a_helper_with_an_identity_comes_back_from_another_computer() -> None:
    room = Room()
    host, _ = room.arrive("Ms_Rivera", "10.0.0.1", "s3cret")
    kim, _ = room.arrive("Kim", "10.0.0.5", account="kim-account")
    room.say(host, f"MODE {ROOM} +o Kim")
    room.leave(kim)
    room.now = 10.0
    _, said = room.arrive("Kim", "10.0.0.5", account="someone-else", room=False)
    assert any(" 433 * Kim :Kim is kept for a helper" in line for line in said)
    back, _ = room.arrive("Kim", "10.0.0.9", account="kim-account")
    assert room.nick(back) == "Kim"
    assert room.status(back) == {"o"}


def test_the_same_identity_takes_its_name_from_its_old_connection() -> None:
    """Kim's cable was pulled: the room has not seen her old connection go when her window
    comes back. The same account takes the name (and her helper status) from it; another
    identity, or the same computer without one, does not."""
    room = Room()
    host, _ = room.arrive("Ms_Rivera", "10.0.0.1", "s3cret")
    old, _ = room.arrive("Kim", "10.0.0.5", account="kim-account")
    room.say(host, f"MODE {ROOM} +o Kim")
    _, said = room.arrive("Kim", "10.0.0.5", room=False)
    assert any(" 433 * Kim :Nickname is already in use" in line for line in said)
    _, said = room.arrive("Kim", "10.0.0.6", account="other", room=False)
    assert any(" 433 * Kim :Nickname is already in use" in line for line in said)
    new = room.next_conn
    room.state.connected(new, "10.0.0.7", room.now)
    room.state.people[new].account = "kim-account"
    room.say(new, "NICK Kim")
    out = room.state.received(new, b"USER kim 0 * :Kim", room.now)
    to_old = [o.line.decode() for o in out if isinstance(o, Send) and old in o.conns]
    assert to_old == [
        ":Kim!~Kim@10.0.0.5 NICK Kim_2",
        ":chatgui.local NOTICE Kim_2 :Kim came back on a new connection: you are now Kim_2.",
    ]
    room.say(new, f"JOIN {ROOM}")
    assert room.nick(new) == "Kim"
    assert room.status(new) == {"o"}


def test_the_hosts_name_is_held_for_its_limit_and_then_free() -> None:
    room = Room()
    host, _ = room.arrive("Ms_Rivera", "10.0.0.1", "s3cret")
    room.leave(host)
    room.now = limits.HOST_NAME_HOLD_S - 1
    early, said = room.arrive("Ms_Rivera", "10.0.0.6", room=False)
    assert any(" 433 * Ms_Rivera :Ms_Rivera is the host's name" in line for line in said)
    room.now = limits.HOST_NAME_HOLD_S + 1
    room.state.tick(room.now)
    assert held_names(room.state) == []
    assert room.nick(early) == "*"
    room.say(early, "NICK Ms_Rivera")
    assert room.state.people[early].registered
    assert room.nick(early) == "Ms_Rivera"


def helper_name(number: int) -> str:
    """A helper's name unlike every other one here (no look-alikes: "h1" could pass for "h0")."""
    return "h" + chr(ord("a") + number // 26) + chr(ord("a") + number % 26)


def helpers_drop(room: Room, addresses: list[str]) -> list[str]:
    """The host makes a helper at each address (haa, hab…); they all drop, oldest first."""
    host, _ = room.arrive("Ms_Rivera", "10.0.0.1", "s3cret")
    helpers = []
    for number, address in enumerate(addresses):
        conn, _ = room.arrive(helper_name(number), address)
        room.say(host, f"MODE {ROOM} +o {helper_name(number)}")
        helpers.append(conn)
    for conn in helpers:
        room.now += 1.0
        room.leave(conn)
    return held_names(room.state)[1:]  # the host's name first


def test_one_computer_has_a_few_names_held_at_most() -> None:
    most = limits.HELD_NAMES_PER_COMPUTER_MAX
    held = helpers_drop(Room(), ["10.0.9.9"] * (most + 2))
    assert held == [helper_name(n) for n in range(2, most + 2)]  # the newest
    assert helpers_drop(Room(), ["10.0.9.9"] * most) == [helper_name(n) for n in range(most)]


def test_the_room_has_a_bounded_number_of_names_held() -> None:
    most = limits.HELD_NAMES_MAX
    addresses = [f"10.1.{n // 200}.{n % 200}" for n in range(most + 5)]
    assert helpers_drop(Room(), addresses) == [helper_name(n) for n in range(5, most + 5)]
    assert len(helpers_drop(Room(), addresses[:most])) == most


def test_the_host_key_binds_to_the_identity_that_used_it() -> None:
    room = Room(host_key=KEY)
    teacher, _ = room.arrive("Ms_Rivera", "10.0.0.5", KEY, account="rivera")
    assert room.state.people[teacher].is_host
    room.leave(teacher)
    _, said = room.arrive("Tom", "10.0.0.5", KEY, account="tom", room=False)
    assert any(" 464 " in line for line in said)  # the same computer, another identity
    back, _ = room.arrive("Ms_Rivera", "10.0.0.7", account="rivera")  # no key needed
    assert room.state.people[back].is_host
    assert room.status(back) == {"q", "o"}


def key_variants(key: str) -> st.SearchStrategy[str]:
    """The key as typed (case, dashes, spaces), one character changed, or anything at all."""
    typed = st.builds(
        lambda lower, sep: (key.lower() if lower else key).replace("-", sep),
        st.booleans(),
        st.sampled_from(["-", "", " ", "--"]),
    )
    changed = st.builds(
        lambda at, char: key[:at] + char + key[at + 1 :],
        st.integers(0, len(key) - 1),
        st.sampled_from("ABCDEFGHJKMNPQRSTUVWXYZ23456789"),
    )
    anything = st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\r\n\0 "))
    return st.one_of(typed, changed, anything.filter(bool))


@settings(max_examples=200, deadline=None)
@given(st.lists(key_variants(KEY), min_size=1, max_size=4))
def test_only_the_key_itself_makes_the_host_and_only_once(tries: list[str]) -> None:
    """Whatever a student sends as PASS, from their computer or others, they are the host only
    with the key itself (case, dashes and spaces aside), and only the first to present it."""
    room = Room(host_key=KEY)
    hosts = []
    for number, typed in enumerate(tries):
        conn, _ = room.arrive(f"s{number}", f"10.0.{number}.1", typed, room=False)
        person = room.state.people.get(conn)
        if person is not None and person.is_host:
            hosts.append(typed)
    right = [typed for typed in tries if typed.upper().replace("-", "").replace(" ", "")
             == KEY.replace("-", "")]  # fmt: skip
    assert hosts == right[:1]


names = st.one_of(
    st.sampled_from(["Ms_Rivera", "ms_rivera", "MS_RIVERA", "Ms_Rivera_", "Kim", "KIM", "kim"]),
    st.text(
        st.characters(exclude_categories=("Cs",), exclude_characters="\r\n\0 "),
        min_size=1,
        max_size=12,
    ),
)


@settings(max_examples=150, deadline=None)
@given(st.lists(names, min_size=1, max_size=6), st.booleans())
def test_no_student_line_takes_a_held_name(wanted: list[str], as_newcomer: bool) -> None:
    """Whatever name a student asks for, in any case or shape, registering or renaming, the
    host's and the dropped helper's names stay free for them."""
    room = Room()
    host, _ = room.arrive("Ms_Rivera", "10.0.0.1", "s3cret")
    kim, _ = room.arrive("Kim", "10.0.0.5")
    room.say(host, f"MODE {ROOM} +o Kim")
    room.leave(kim)
    room.leave(host)
    sam, _ = room.arrive("Sam", "10.0.0.6")
    for step, name in enumerate(wanted):
        room.now = float(step)
        if as_newcomer:
            room.arrive(name, "10.0.0.7", password=name, room=False)
        else:
            room.say(sam, f"NICK {name}")
    taken = {p.nick.casefold() for p in room.state.people.values() if p.registered}
    assert "ms_rivera" not in taken
    assert "kim" not in taken
