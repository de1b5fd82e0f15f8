"""Names held for their people, over real sockets: the host's name while the host reconnects,
a helper's name and status for a grace period, and no student reserving names.

A helper without an identity is known again by their computer: here each computer is a
127.0.0.x source address.
"""

from __future__ import annotations

import re

from tests.lineclient import LineClient
from tests.net.server.netsupport import reset
from tests.net.server.teacherkit import (
    HOST_SECRET,
    ROOM,
    Classroom,
    S,
    join,
    room_control,
    state,
    who,
)

HOST_HELD = (
    rf"^{S} 433 \S+ Ms_Rivera :Ms_Rivera is the host's name, kept for them: choose another name$"
)


def kim_held(nick: str) -> str:
    return (
        rf"^{S} 433 {re.escape(nick)} Kim :Kim is kept for a helper who is reconnecting "
        r"\(for up to 5 minutes\): choose another name$"
    )


def drop(client: LineClient, watcher: LineClient, nick: str) -> None:
    """The connection dies as a crashed PC's does; `watcher` sees the room told."""
    reset(client)
    watcher.expect(rf"^:{re.escape(nick)}!\S+ QUIT ")


def test_nobody_takes_the_hosts_name_while_the_host_reconnects(classroom: Classroom) -> None:
    """The finding: the host dropped, a student took "Ms_Rivera", the teacher came back as
    Ms_Rivera_2 and private messages meant for her reached the student."""
    host = classroom.host()
    sam = classroom.enter("Sam")
    drop(host, sam, "Ms_Rivera")
    sam.send("NICK Ms_Rivera")
    sam.expect(HOST_HELD.replace(r"\S+", "Sam", 1))
    sam.send("NICK ms_rivera")  # the same name in IRC's case
    sam.expect(rf"^{S} 433 Sam ms_rivera :ms_rivera is the host's name")
    newcomer = LineClient(classroom.running.port, source="127.0.0.9")
    classroom.clients.append(newcomer)
    newcomer.send("NICK Ms_Rivera")
    newcomer.send("USER x 0 * :x")
    newcomer.expect(HOST_HELD)
    back = classroom.host()
    back.expect_nothing(r" 433 ", within=0.2)
    assert state(back, "Ms_Rivera").names.split() == ["Sam", "~Ms_Rivera"]
    sam.send("PRIVMSG Ms_Rivera :my locker code is 4711")
    back.expect(rf"^{who('Sam')} PRIVMSG Ms_Rivera :my locker code is 4711$")


def test_the_host_gets_the_name_back_from_whoever_has_it(classroom: Classroom) -> None:
    """Her old connection has not been seen gone yet (a cable pulled): the new one, with the
    host secret, takes the name; the old one is renamed and told why."""
    ghost = classroom.host()
    sam = classroom.enter("Sam")
    back = classroom.connect("Ms_Rivera", secret=HOST_SECRET)
    ghost.expect(rf"^{who('Ms_Rivera')} NICK :?Ms_Rivera_2$")
    ghost.expect(
        rf"^{S} NOTICE Ms_Rivera_2 :Ms_Rivera is the host's name and the host came back: "
        "you are now Ms_Rivera_2.$"
    )
    sam.expect(rf"^{who('Ms_Rivera')} NICK :?Ms_Rivera_2$")
    join(back, "Ms_Rivera")
    sam.send("PRIVMSG Ms_Rivera :hello")
    back.expect(r"PRIVMSG Ms_Rivera :?hello$")
    ghost.expect_nothing("PRIVMSG", within=0.2)


def test_a_student_who_renames_into_the_hosts_name_is_refused_while_she_is_here(
    classroom: Classroom,
) -> None:
    """While the host is here under another name, her held name is hers: it follows her renames."""
    host = classroom.host()
    sam = classroom.enter("Sam")
    host.send("NICK Ms_R")
    sam.expect(rf"^{who('Ms_Rivera')} NICK :?Ms_R$")
    sam.send("NICK Ms_R")
    sam.expect(rf"^{S} 433 Sam Ms_R :Nickname is already in use$")
    sam.send("NICK Ms_Rivera")  # her name before: free again
    sam.expect(rf"^{who('Sam')} NICK :?Ms_Rivera$")
    drop(host, sam, "Ms_R")
    sam.send("NICK Ms_R")
    sam.expect(rf"^{S} 433 Ms_Rivera Ms_R :Ms_R is the host's name, kept for them")


def test_a_helper_gets_their_name_and_status_back_from_the_same_computer(
    classroom: Classroom,
) -> None:
    host = classroom.host()
    sam = classroom.enter("Sam", source="127.0.0.6")
    kim = classroom.enter("Kim", source="127.0.0.5")
    host.send(f"MODE {ROOM} +o Kim")
    sam.expect(room_control("Ms_Rivera made Kim a helper."))
    drop(kim, sam, "Kim")
    sam.send("NICK Kim")
    sam.expect(kim_held("Sam"))
    other = LineClient(classroom.running.port, source="127.0.0.7")
    classroom.clients.append(other)
    other.send("NICK Kim")
    other.expect(kim_held("*"))
    back = classroom.connect("Kim", source="127.0.0.5")
    back.send(f"JOIN {ROOM}")
    sam.expect(rf"^{S} MODE {ROOM} \+o Kim$")
    back.expect(rf"^{S} 353 Kim = {ROOM} :.*@Kim")
    assert state(host, "Ms_Rivera").names.split() == ["~Ms_Rivera", "Sam", "@Kim"]
    back.send(f"MODE {ROOM} +m")  # a helper's control works again
    sam.expect(rf"^{who('Kim')} MODE {ROOM} \+m$")


def test_look_alikes_of_names_held_for_people_away_are_refused(classroom: Classroom) -> None:
    """While the host and a helper reconnect, their names are still authority: "MsRivera2"
    and "kim_" could pass for them at a glance and are refused, and Kim, coming back from her
    computer, still gets her own name."""
    host = classroom.host()
    sam = classroom.enter("Sam", source="127.0.0.6")
    kim = classroom.enter("Kim", source="127.0.0.5")
    host.send(f"MODE {ROOM} +o Kim")
    sam.expect(room_control("Ms_Rivera made Kim a helper."))
    drop(host, sam, "Ms_Rivera")
    drop(kim, sam, "Kim")
    sam.send("NICK MsRivera2")
    sam.expect(
        rf"^{S} 432 Sam MsRivera2 :That name could be mistaken for the teacher's, Ms_Rivera: "
        "pick another$"
    )
    sam.send("NICK kim_")
    sam.expect(rf"^{S} 432 Sam kim_ :That name could be mistaken for the helper's, Kim: pick")
    back = classroom.connect("Kim", source="127.0.0.5")
    back.send(f"JOIN {ROOM}")
    sam.expect(rf"^{S} MODE {ROOM} \+o Kim$")


def test_a_helper_the_host_removed_is_not_held_for(classroom: Classroom) -> None:
    host = classroom.host()
    sam = classroom.enter("Sam", source="127.0.0.6")
    kim = classroom.enter("Kim", source="127.0.0.5")
    host.send(f"MODE {ROOM} +o Kim")
    sam.expect(room_control("Ms_Rivera made Kim a helper."))
    host.send(f"MODE {ROOM} -o Kim")
    sam.expect(room_control("Ms_Rivera removed Kim as a helper."))
    drop(kim, sam, "Kim")
    sam.send("NICK Kim")
    sam.expect(rf"^{who('Sam')} NICK :?Kim$")


def test_a_student_cannot_reserve_a_name_with_a_room_of_their_own(classroom: Classroom) -> None:
    """The first in a room a student made is its operator, as on any IRC server: that is not
    a helper the host chose, so leaving holds nothing."""
    classroom.host()
    sam = classroom.enter("Sam", source="127.0.0.6")
    amy = classroom.enter("Amy", source="127.0.0.5")
    amy.send("JOIN #den")
    amy.expect(rf"^{S} 353 Amy = #den :?@Amy$")
    drop(amy, sam, "Amy")
    sam.send("NICK Amy")
    sam.expect(rf"^{who('Sam')} NICK :?Amy$")
