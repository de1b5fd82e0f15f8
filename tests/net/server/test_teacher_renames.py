"""Renames in the open, over real sockets: the host can turn renames off in a room (+N), the
server refuses a student's new name there with a sentence (also for IRC programs), and the
room's history says who became whom.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chatgui.protocol.message import parse
from chatgui.protocol.server.model import ServerConfig
from chatgui.protocol.server.outgoing import Send
from chatgui.protocol.server.state import ServerState
from tests.net.server.historykit import HISTORY_CAPS, HistoryRoom, open_room, read_batch, synced
from tests.net.server.teacherkit import ROOM, Classroom, S, room_control, state, who

REFUSED = (
    rf"^{S} 447 Sam {ROOM} :You can't change your name in {ROOM}: "
    "the host turned renames off$"
)


def test_with_renames_off_a_student_keeps_their_name(classroom: Classroom) -> None:
    host = classroom.host()
    kim = classroom.enter("Kim")
    sam = classroom.enter("Sam")
    host.send(f"MODE {ROOM} +N")
    kim.expect(rf"^{who('Ms_Rivera')} MODE {ROOM} \+N$")
    sam.expect(rf"MODE {ROOM} \+N$")
    sam.send("NICK Sammy")
    sam.expect(REFUSED)
    synced(sam)
    kim.expect_nothing("NICK")
    assert "Sam" in state(host, "Ms_Rivera").names.split()
    assert "N" in state(host, "Ms_Rivera").modes


def test_the_host_and_helpers_may_still_change_name(classroom: Classroom) -> None:
    host = classroom.host()
    kim = classroom.enter("Kim")
    lee = classroom.enter("Lee")
    sam = classroom.enter("Sam")
    host.send(f"MODE {ROOM} +No Lee")
    lee.expect(room_control("Ms_Rivera made Lee a helper."))
    sam.expect(room_control("Ms_Rivera made Lee a helper."))
    sam.send("NICK Sammy")
    sam.expect(REFUSED)
    lee.send("NICK Mr_Lee")
    kim.expect(rf"^{who('Lee')} NICK :?Mr_Lee$")
    host.send("NICK Ms_R")
    kim.expect(rf"^{who('Ms_Rivera')} NICK :?Ms_R$")


def test_renames_come_back_when_the_host_turns_them_on(classroom: Classroom) -> None:
    host = classroom.host()
    kim = classroom.enter("Kim")
    sam = classroom.enter("Sam")
    host.send(f"MODE {ROOM} +N")
    sam.expect(rf"MODE {ROOM} \+N$")
    sam.send("NICK Sammy")
    sam.expect(REFUSED)
    host.send(f"MODE {ROOM} -N")
    sam.expect(rf"MODE {ROOM} -N$")
    kim.expect(room_control("Ms_Rivera turned on renames: everyone can change name again."))
    sam.send("NICK Sammy")
    kim.expect(rf"^{who('Sam')} NICK :?Sammy$")


def test_a_student_cannot_turn_renames_off_or_on(classroom: Classroom) -> None:
    host = classroom.host()
    sam = classroom.enter("Sam")
    sam.send(f"MODE {ROOM} +N")
    sam.expect(rf"^{S} 482 Sam {ROOM} :You're not channel operator$")
    assert "N" not in state(host, "Ms_Rivera").modes
    host.send(f"MODE {ROOM} +N")
    sam.expect(rf"MODE {ROOM} \+N$")
    sam.send(f"MODE {ROOM} -N")
    sam.expect(rf"^{S} 482 Sam {ROOM} :You're not channel operator$")
    assert "N" in state(host, "Ms_Rivera").modes


def test_renames_off_in_one_room_holds_in_every_other(classroom: Classroom) -> None:
    """A new name shows in every room: one room's rule can't be left behind in another."""
    host = classroom.host()
    sam = classroom.enter("Sam")
    sam.send("JOIN #art")
    sam.expect(rf"^{S} 366 Sam #art ")
    host.send(f"MODE {ROOM} +N")
    sam.expect(rf"MODE {ROOM} \+N$")
    sam.send("NICK Sammy")
    sam.expect(REFUSED)
    sam.send(f"PART {ROOM}")
    sam.expect(rf"PART {ROOM}")
    sam.send("NICK Sammy")
    sam.expect(rf"^{who('Sam')} NICK :?Sammy$")


@pytest.fixture
def room(tmp_path: Path) -> Iterator[HistoryRoom]:
    running = open_room(tmp_path / "history.sqlite3")
    yield running
    running.stop()


def test_the_rooms_history_says_who_became_whom(room: HistoryRoom) -> None:
    sam = room.join("Sam")
    watcher = room.join("watcher", "server-time message-tags")
    sam.send("NICK Sammy")
    live = watcher.expect(r" NICK :?Sammy$")
    late = room.join("late", HISTORY_CAPS)
    late.send("CHATHISTORY LATEST #class * 50")
    kept = [m for m in read_batch(late) if m.command == "NOTICE"]
    assert [m.params for m in kept] == [("#class", "Sam is now Sammy.")]
    assert kept[0].tags["msgid"] in live  # the NICK line's: a window that saw it skips it
    plain = room.join("irssi")  # no chathistory: the replay after joining says it too
    plain.expect(r"^:\S+ NOTICE #class :(\[\d\d:\d\d\] )?Sam is now Sammy\.$")


def _core_with_renames_off() -> ServerState:
    """The core with the host (conn 1), Sam (2) and Kim (3) in #class, renames off."""
    state = ServerState(ServerConfig(host_secret="k3y", rooms=(ROOM,)))
    for conn, nick in ((1, "Ms_Rivera"), (2, "Sam"), (3, "Kim")):
        state.connected(conn, "10.0.0.1", 0.0)
        password = ["PASS k3y"] if conn == 1 else []
        for line in [*password, f"NICK {nick}", f"USER {nick} 0 * :{nick}", f"JOIN {ROOM}"]:
            state.received(conn, line.encode(), 0.0)
    state.received(1, f"MODE {ROOM} +N".encode(), 1.0)
    return state


_names = st.one_of(
    st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\r\n\0"), max_size=40),
    st.sampled_from(["Sam", "sam", "SAM", "Sam_2", "Ms_Rivera", "Sam Sammy", ":Sammy", "Sa*"]),
)


@settings(max_examples=200, deadline=None)
@given(st.lists(_names, min_size=1, max_size=5))
def test_with_renames_off_no_nick_line_renames_a_student(wanted: list[str]) -> None:
    """Whatever a student sends as NICK, in any case or shape, their name stays, and the
    others are told nothing."""
    state = _core_with_renames_off()
    for step, name in enumerate(wanted):
        out = state.received(2, f"NICK {name}".encode(), 100.0 * (step + 2))
        to_others = [parse(o.line) for o in out if isinstance(o, Send) and o.conns != [2]]
        assert [m for m in to_others if m.command == "NICK"] == []
    assert state.people[2].nick == "Sam"
    assert state.find_person("Sam") is state.people[2]
