"""The teacher's controls hold against a student who tries to get around them, over real
sockets: an invitation opens only the current lock and never a ban; a mute or ban follows the
person through a new name; a secret room does not exist for those outside it.
"""

from __future__ import annotations

import itertools
import re

from tests.lineclient import LineClient
from tests.net.server.teacherkit import ROOM, Classroom, S, join, room_control, who

MUTED = "You are muted in #class: only the host or a helper can unmute you"
LOCKED = rf"^{S} 473 (\S+) {ROOM} :Cannot join channel \(\+i\) - the room is locked$"
BANNED = rf"^{S} 474 (\S+) {ROOM} :Cannot join channel \(\+b\) - you are banned$"


def test_an_invitation_never_lifts_a_ban_or_a_mute(classroom: Classroom) -> None:
    host = classroom.host()
    kim = classroom.enter("Kim")
    sam = classroom.connect("Sam")
    host.send(f"MODE {ROOM} +b Sam")
    kim.expect(room_control("Ms_Rivera banned Sam from the room until it closes."))
    kim.send(f"INVITE Sam {ROOM}")  # a classmate, in an unlocked room
    kim.expect(rf"^{S} NOTICE {ROOM} :Sam is banned from #class: remove the ban to let them in\.$")
    sam.send(f"JOIN {ROOM}")
    sam.expect(BANNED)
    host.send(f"MODE {ROOM} +i")
    host.send(f"INVITE Sam {ROOM}")  # not even the host's invitation
    host.expect(rf"^{S} NOTICE {ROOM} :Sam is banned from #class: remove the ban")
    sam.send(f"JOIN {ROOM}")
    sam.expect(BANNED)
    sam.expect_nothing("INVITE")
    kim.expect_nothing(rf"JOIN {ROOM}|let Sam in")

    host.send(f"MODE {ROOM} +b m:Ann*")  # a pattern: Ann is not in the room to be named
    ann = classroom.connect("Ann")
    host.send(f"INVITE Ann {ROOM}")  # let in past the lock, still muted
    ann.expect(rf"^{who('Ms_Rivera')} INVITE Ann {ROOM}$")
    join(ann, "Ann")
    ann.send(f"PRIVMSG {ROOM} :invited, so I can talk?")
    ann.expect(rf"^{S} 404 Ann {ROOM} :{MUTED}$")
    kim.expect_nothing("invited, so I can talk")


def test_an_invitation_made_before_the_lock_opens_nothing(classroom: Classroom) -> None:
    host = classroom.host()
    kim = classroom.enter("Kim")
    lee = classroom.connect("Lee")
    kim.send(f"INVITE Lee {ROOM}")  # unlocked: only a "come and join us"
    lee.expect(rf"^{who('Kim')} INVITE Lee {ROOM}$")
    host.send(f"MODE {ROOM} +i")
    kim.expect(room_control("Ms_Rivera locked the room: nobody new can join."))
    lee.send(f"JOIN {ROOM}")
    lee.expect(LOCKED)
    kim.send(f"INVITE Lee {ROOM}")  # under the lock, a student may not invite
    kim.expect(rf"^{S} 482 Kim {ROOM} :You're not channel operator$")
    lee.send(f"JOIN {ROOM}")
    lee.expect(LOCKED)


def test_an_invitation_is_for_one_lock_only(classroom: Classroom) -> None:
    host = classroom.host()
    kim = classroom.enter("Kim")
    lee = classroom.connect("Lee")
    host.send(f"MODE {ROOM} +i")
    host.send(f"INVITE Lee {ROOM}")
    host.expect(rf"^{S} 341 Ms_Rivera Lee {ROOM}$")  # invited: said to helpers only
    host.send(f"MODE {ROOM} -i")
    host.send(f"MODE {ROOM} +i")  # a new lock: yesterday's invitations are gone
    kim.expect(room_control("Ms_Rivera unlocked the room: anyone can join again."))
    kim.expect(room_control("Ms_Rivera locked the room: nobody new can join."))
    lee.send(f"JOIN {ROOM}")
    lee.expect(LOCKED)
    host.send(f"MODE {ROOM} +o Kim")
    kim.expect(room_control("Ms_Rivera made Kim a helper."))
    kim.send(f"INVITE Lee {ROOM}")  # a helper may
    kim.expect(rf"^{S} 341 Kim Lee {ROOM}$")
    join(lee, "Lee")


def test_an_invitation_belongs_to_the_person_not_the_name(classroom: Classroom) -> None:
    host = classroom.host()
    classroom.enter("Kim")
    lee = classroom.connect("Lee")
    host.send(f"MODE {ROOM} +i")
    host.send(f"INVITE Lee {ROOM}")
    host.expect(rf"^{S} 341 Ms_Rivera Lee {ROOM}$")  # invited: said to helpers only
    lee.send("QUIT")
    lee.expect("ERROR")
    other = classroom.connect("Lee")  # someone else takes the name
    other.send(f"JOIN {ROOM}")
    other.expect(LOCKED)


def test_a_muted_person_cannot_change_their_name(classroom: Classroom) -> None:
    host = classroom.host()
    kim = classroom.enter("Kim")
    sam = classroom.enter("Sam")
    host.send(f"MODE {ROOM} +b m:Sam")
    kim.expect(room_control("Ms_Rivera muted Sam."))
    sam.send("NICK Sam2")
    sam.expect(
        rf"^{S} 435 Sam Sam2 {ROOM} :You can't change your name while you are muted or banned "
        rf"in {ROOM}$"
    )
    sam.send(f"PRIVMSG {ROOM} :am I free now")
    sam.expect(rf"^{S} 404 Sam {ROOM} :{MUTED}$")
    kim.expect_nothing("NICK|am I free now")
    host.send(f"MODE {ROOM} -b m:Sam!*@*")  # unmuted, the name is theirs again
    sam.expect(rf" MODE {ROOM} -b m:Sam!\*@\*$")
    sam.send("NICK Sam2")
    kim.expect(rf"^{who('Sam')} NICK :?Sam2$")


def test_leaving_and_coming_back_under_a_new_name_keeps_the_mute(classroom: Classroom) -> None:
    host = classroom.host()
    kim = classroom.enter("Kim")
    sam = classroom.enter("Sam")
    host.send(f"MODE {ROOM} +b m:Sam")
    sam.expect(rf" MODE {ROOM} \+b m:Sam!\*@\*$")
    sam.send(f"PART {ROOM}")
    sam.send("NICK Sam2")
    sam.expect(r"NICK :?Sam2$")
    join(sam, "Sam2")
    sam.send(f"PRIVMSG {ROOM} :new name, new me")
    sam.expect(rf"^{S} 404 Sam2 {ROOM} :{MUTED}$")
    kim.expect_nothing("new name, new me")
    host.send(f"MODE {ROOM} -b m:Sam!*@*")
    kim.expect(room_control("Ms_Rivera unmuted Sam."))
    sam.send(f"PRIVMSG {ROOM} :thanks")
    kim.expect(rf"^:Sam2!\S+ PRIVMSG {ROOM} :?thanks$")


def test_a_ban_by_name_follows_the_person_to_a_new_name(classroom: Classroom) -> None:
    host = classroom.host()
    kim = classroom.enter("Kim")
    sam = classroom.enter("Sam")
    host.send(f"MODE {ROOM} +b Sam")
    kim.expect(room_control("Ms_Rivera banned Sam from the room until it closes."))
    sam.send("NICK Sam2")  # still in the room: refused
    sam.expect(rf"^{S} 435 Sam Sam2 {ROOM} :")
    host.send(f"KICK {ROOM} Sam")
    sam.expect(rf" KICK {ROOM} Sam ")
    sam.send("NICK Sam2")  # out of the room: allowed, but the ban stays on the person
    sam.expect(r"NICK :?Sam2$")
    sam.send(f"JOIN {ROOM}")
    sam.expect(BANNED)
    ann = classroom.connect("Ann")  # a classmate is not caught by Sam's ban
    join(ann, "Ann")


def test_a_secret_room_does_not_exist_for_outsiders(classroom: Classroom) -> None:
    host = classroom.host()
    kim = classroom.enter("Kim")
    host.send(f"TOPIC {ROOM} :Fractions")
    host.send(f"MODE {ROOM} +sk pw")
    kim.expect(rf"MODE {ROOM} \+sk \*$")  # the password is for the host and helpers
    lee = classroom.connect("Lee")
    commands = [
        "MODE {room}",
        "MODE {room} b",
        "MODE {room} +i",
        "TOPIC {room}",
        "TOPIC {room} :mine now",
        "NAMES {room}",
        "LIST {room}",
        "WHO {room}",
        "PRIVMSG {room} :hello?",
        "KICK {room} Kim",
        "INVITE Kim {room}",
        "PART {room}",
        "HAND {room}",
    ]
    counter = itertools.count()
    for command in commands:
        secret = _answers(lee, command.format(room=ROOM), counter)
        missing = _answers(lee, command.format(room="#nowhere"), counter)
        assert secret == [line.replace("#nowhere", ROOM) for line in missing], command
    kim.expect_nothing("mine now|hello\\?|INVITE|KICK")


def _answers(client: LineClient, line: str, counter: itertools.count[int]) -> list[str]:
    """Every line the server answers to `line`, up to the PONG of a PING sent after it."""
    token = f"done{next(counter)}"
    client.send(line)
    client.send(f"PING {token}")
    start = len(client.seen)
    client.expect(rf"PONG \S+ :?{token}$")
    return [re.sub(r"^@\S+ ", "", seen) for seen in client.seen[start:-1]]
