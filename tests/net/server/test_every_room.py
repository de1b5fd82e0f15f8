"""The host is in charge of every room on the server, and chooses whether students open
their own (docs/protocol.md, "Every room: ROOMS"). Raw LineClients on a real ChatServer.
"""

from __future__ import annotations

import re

from tests.net.server.netsupport import StartServer
from tests.net.server.teacherkit import HOST_SECRET, ROOM, Classroom, S, who

NO_NEW_ROOMS = (
    "Students can't open new rooms here: join a room that is open, or ask the teacher "
    "to open this one."
)


def _listed(client: object, nick: str) -> dict[str, int]:
    """The rooms LIST shows `nick`, with their member counts."""
    from tests.lineclient import LineClient

    assert isinstance(client, LineClient)
    start = len(client.seen)
    client.send("LIST")
    client.expect(rf"^{S} 323 {nick} ")
    rooms = {}
    for line in client.seen[start:]:
        found = re.match(rf"^{S} 322 {nick} (\S+) (\d+) ", line)
        if found:
            rooms[found.group(1)] = int(found.group(2))
    return rooms


def test_a_student_may_not_open_a_room_when_the_host_says_so(
    start_server: StartServer,
) -> None:
    room = Classroom(start_server(host_secret=HOST_SECRET, students_open_rooms=False))
    try:
        room.host()
        sam = room.enter("Sam")
        sam.send("JOIN #other")
        sam.expect(rf"^{S} 477 Sam #other :{re.escape(NO_NEW_ROOMS)}$")
        sam.send("LIST")
        sam.expect(rf"^{S} 323 Sam ")
        assert not any(" 322 Sam #other " in line for line in sam.seen)
    finally:
        room.close()


def test_the_host_switches_student_rooms_on_and_off_and_helpers_are_told(
    classroom: Classroom,
) -> None:
    host = classroom.host(caps="standard-replies")
    kim = classroom.enter("Kim", caps="standard-replies")
    sam = classroom.enter("Sam")
    host.send(f"MODE {ROOM} +o Kim")
    kim.expect(rf"^{who('Ms_Rivera')} MODE {ROOM} \+o Kim$")
    host.send("ROOMS STUDENTS")
    host.expect(rf"^{S} NOTE ROOMS STUDENTS ON :Students can open their own rooms here\.$")
    sam.send("ROOMS STUDENTS OFF")
    sam.expect(rf"^{S} 481 Sam :Only the host and helpers can choose whether students open rooms$")
    host.send("ROOMS STUDENTS OFF")
    said = "Ms_Rivera stopped students opening rooms; the rooms open now stay open."
    host.expect(rf"^{S} NOTE ROOMS STUDENTS OFF :{re.escape(said)}$")
    kim.expect(rf"^{S} NOTE ROOMS STUDENTS OFF :{re.escape(said)}$")
    sam.expect_nothing("NOTE ROOMS|stopped students")
    sam.send("JOIN #other")
    sam.expect(rf"^{S} 477 Sam #other :")
    kim.send("JOIN #helpers")  # a helper of the host is in charge: may open one
    kim.expect(rf"^{S} 366 Kim #helpers ")
    kim.send("ROOMS STUDENTS ON")
    host.expect(rf"^{S} NOTE ROOMS STUDENTS ON :Kim let students open their own rooms\.$")
    sam.send("JOIN #other")
    sam.expect(rf"^{S} 366 Sam #other ")


def test_the_host_lists_every_room_with_counts_even_secret_ones(classroom: Classroom) -> None:
    host = classroom.host()
    sam = classroom.enter("Sam")
    kim = classroom.enter("Kim")
    sam.send("JOIN #side")
    sam.expect(rf"^{S} 366 Sam #side ")
    kim.send("JOIN #side")
    kim.expect(rf"^{S} 366 Kim #side ")
    sam.send("MODE #side +s")
    kim.expect(r"MODE #side \+s")
    assert _listed(kim, "Kim") == {ROOM: 3, "#side": 2}
    assert _listed(host, "Ms_Rivera") == {ROOM: 3, "#side": 2}
    kim.send("PART #side")
    sam.send("PART #side")
    sam.expect(r"PART #side")
    assert _listed(host, "Ms_Rivera") == {ROOM: 3}


def test_the_host_joins_a_locked_student_room_and_is_in_charge_there(
    classroom: Classroom,
) -> None:
    host = classroom.host()
    sam = classroom.enter("Sam")
    sam.send("JOIN #side")
    sam.expect(rf"^{S} 366 Sam #side ")
    sam.send("MODE #side +iskl pw 1")
    sam.expect(r"MODE #side \+")
    host.send("JOIN #side")
    host.expect(rf"^{S} 353 Ms_Rivera @ #side :(@Sam ~Ms_Rivera|~Ms_Rivera @Sam)$")
    host.send("MODE #side +b m:Sam")
    sam.expect(r"^(@\S+ )?:Ms_Rivera!\S+ MODE #side \+b m:Sam!\*@\*$")  # said once, as IRC's line
    sam.send("KICK #side Ms_Rivera")
    sam.expect(rf"^{S} 482 Sam #side :Nobody can remove the host from the room$")


def test_closing_a_room_moves_everyone_out_in_words_and_it_is_gone(
    classroom: Classroom,
) -> None:
    host = classroom.host(caps="standard-replies")
    sam = classroom.enter("Sam")
    kim = classroom.enter("Kim")
    for student, nick in ((sam, "Sam"), (kim, "Kim")):
        student.send("JOIN #side")
        student.expect(rf"^{S} 366 {nick} #side ")
    sam.send("ROOMS CLOSE #side")
    sam.expect(rf"^{S} 482 Sam #side :Only the host and helpers can close a room$")
    host.send("ROOMS CLOSE #side :time to come back")
    said = "Ms_Rivera closed the room (time to come back)"
    for student, nick in ((sam, "Sam"), (kim, "Kim")):
        student.expect(rf"^{S} NOTICE #side :{re.escape(said)}\.$")
        student.expect(rf"^{who(nick)} PART #side :{re.escape(said)}$")
    host.expect(rf"^{S} NOTICE Ms_Rivera :You closed Side\.$")
    sam.expect_nothing(r"PART #side :", within=0.3)  # only their own PART, not Kim's
    assert _listed(host, "Ms_Rivera") == {ROOM: 3}
    host.send(f"ROOMS CLOSE {ROOM}")
    host.expect(rf"^{S} FAIL ROOMS KEPT_OPEN {ROOM} :Class is a room the host keeps open")
    sam.send("PRIVMSG #side :anyone?")
    sam.expect(rf"^{S} 40[13] Sam #side ")


def test_the_welcome_names_the_room_by_its_title(start_server: StartServer) -> None:
    from tests.lineclient import LineClient

    running = start_server(network="Class chat")
    amy = LineClient(running.port)
    try:
        amy.register("amy")
        assert ":chatgui.local 001 amy :Welcome to Class chat, amy!~amy@127.0.0.1" in amy.seen
    finally:
        amy.close()
