"""The host's controls on a room, each with a raw IRC client as the person controlled:
mute, kick, ban (by name, by address), lock with INVITE, room password, quiet mode with
voice; the NOTICE the room reads for each; and a student trying each control (refused, and
nothing changes). docs/protocol.md lists the wire forms.
"""

from __future__ import annotations

import pytest

from chatgui.cli.options import build_parser
from chatgui.cli.serve_config import server_config
from tests.lineclient import expect_nothing_from
from tests.net.server.netsupport import StartServer
from tests.net.server.teacherkit import (
    HOST_SECRET,
    ROOM,
    Classroom,
    S,
    join,
    room_control,
    room_notice,
    state,
    who,
)

MUTED = "You are muted in #class: only the host or a helper can unmute you"


def test_a_muted_persons_messages_reach_nobody_and_they_are_told(classroom: Classroom) -> None:
    host = classroom.host()
    sam = classroom.enter("Sam")
    kim = classroom.enter("Kim")
    host.send(f"MODE {ROOM} +b m:Sam")
    kim.expect(rf"^{who('Ms_Rivera')} MODE {ROOM} \+b m:Sam!\*@\*$")
    sam.expect(rf"^{who('Ms_Rivera')} MODE {ROOM} \+b m:Sam!\*@\*$")  # told once: this line
    sam.send(f"PRIVMSG {ROOM} :can anyone hear me")
    sam.expect(rf"^{S} 404 Sam {ROOM} :{MUTED}$")
    sam.send(f"NOTICE {ROOM} :or this")
    kim.send(f"PRIVMSG {ROOM} :Kim can still talk")
    host.expect(rf"^{who('Kim')} PRIVMSG {ROOM} :Kim can still talk$")
    sam.expect(rf"^{who('Kim')} PRIVMSG {ROOM} :Kim can still talk$")  # a mute is not deafness
    expect_nothing_from((kim, "can anyone hear me|or this"), (host, "can anyone hear me|or this"))
    assert state(kim, "Kim").bans == ["m:Sam!*@*"]

    host.send(f"MODE {ROOM} -b m:Sam!*@*")
    kim.expect(room_control("Ms_Rivera unmuted Sam."))
    sam.expect(rf"^{who('Ms_Rivera')} MODE {ROOM} -b m:Sam!\*@\*$")
    sam.send(f"PRIVMSG {ROOM} :back again")
    kim.expect(rf"^{who('Sam')} PRIVMSG {ROOM} :back again$")
    sam.expect_nothing(rf"NOTICE (Sam|{ROOM})")  # no notice repeats the mute or the unmute
    host.expect(rf"^{who('Sam')} PRIVMSG {ROOM} :back again$")


def test_a_mute_does_not_keep_anyone_out(classroom: Classroom) -> None:
    host = classroom.host()
    sam = classroom.enter("Sam")
    host.send(f"MODE {ROOM} +b m:Sam")
    host.expect(room_control("Ms_Rivera muted Sam."))
    sam.send(f"PART {ROOM}")
    join(sam, "Sam")  # joins again: a mute is not a ban
    sam.send(f"PRIVMSG {ROOM} :hello?")
    sam.expect(rf"^{S} 404 Sam {ROOM} :{MUTED}$")


def test_a_kicked_person_is_gone_and_can_come_back_unless_banned(classroom: Classroom) -> None:
    host = classroom.host()
    sam = classroom.enter("Sam")
    kim = classroom.enter("Kim")
    host.send(f"KICK {ROOM} Sam :Time out, please")
    sam.expect(rf"^{who('Ms_Rivera')} KICK {ROOM} Sam :Time out, please$")
    kim.expect(rf"^{who('Ms_Rivera')} KICK {ROOM} Sam :Time out, please$")
    assert state(kim, "Kim").names == "~Ms_Rivera Kim"
    sam.send(f"PRIVMSG {ROOM} :still here?")
    sam.expect(rf"^{S} 404 Sam {ROOM} ")
    join(sam, "Sam")
    kim.expect(rf"^{who('Sam')} JOIN {ROOM}$")

    host.send(f"MODE {ROOM} +b Sam")
    kim.expect(room_control("Ms_Rivera banned Sam from the room until it closes."))
    host.send(f"KICK {ROOM} Sam")
    kim.expect(room_control("Ms_Rivera removed Sam from the room."))
    sam.send(f"JOIN {ROOM}")
    sam.expect(rf"^{S} 474 Sam {ROOM} :Cannot join channel \(\+b\) - you are banned$")
    assert state(kim, "Kim").names == "~Ms_Rivera Kim"


def test_a_ban_by_address_keeps_out_everyone_from_that_pc(classroom: Classroom) -> None:
    host = classroom.host()
    lee = classroom.enter("Lee", source="127.0.0.2")
    kim = classroom.enter("Kim")
    host.send(f"MODE {ROOM} +b *!*@127.0.0.2")
    kim.expect(
        room_control("Ms_Rivera banned everyone at 127.0.0.2 from the room until it closes.")
    )
    host.send(f"KICK {ROOM} Lee")
    lee.expect(rf" KICK {ROOM} Lee ")
    lee.send(f"JOIN {ROOM}")
    lee.expect(rf"^{S} 474 Lee {ROOM} ")
    lee.send("NICK Lee_again")  # a new name does not help
    lee.send(f"JOIN {ROOM}")
    lee.expect(rf"^{S} 474 Lee_again {ROOM} ")
    classroom.enter("Ann", source="127.0.0.3")  # the PC next to it may join


def test_a_locked_room_refuses_newcomers_and_invite_lets_one_in(classroom: Classroom) -> None:
    host = classroom.host()
    kim = classroom.enter("Kim")
    host.send(f"MODE {ROOM} +i")
    kim.expect(room_control("Ms_Rivera locked the room: nobody new can join."))
    sam = classroom.connect("Sam")
    lee = classroom.connect("Lee")
    sam.send(f"JOIN {ROOM}")
    sam.expect(rf"^{S} 473 Sam {ROOM} :Cannot join channel \(\+i\) - the room is locked$")
    host.send(f"INVITE Sam {ROOM}")
    sam.expect(rf"^{who('Ms_Rivera')} INVITE Sam {ROOM}$")
    host.expect(rf"^{S} 341 Ms_Rivera Sam {ROOM}$")  # invited: said to helpers only
    join(sam, "Sam")
    lee.send(f"JOIN {ROOM}")
    lee.expect(rf"^{S} 473 Lee {ROOM} ")
    host.send(f"MODE {ROOM} -i")
    kim.expect(room_control("Ms_Rivera unlocked the room: anyone can join again."))
    join(lee, "Lee")


def test_a_room_password_set_later_with_mode(classroom: Classroom) -> None:
    host = classroom.host()
    kim = classroom.enter("Kim")
    host.send(f"MODE {ROOM} +k fractions")
    kim.expect(room_control("Ms_Rivera set a room password: people joining now need it."))
    sam = classroom.connect("Sam")
    sam.send(f"JOIN {ROOM}")
    sam.expect(rf"^{S} 475 Sam {ROOM} :Cannot join channel \(\+k\) - wrong room password$")
    join(sam, "Sam", "fractions")
    host.send(f"MODE {ROOM} -k *")
    kim.expect(room_control("Ms_Rivera removed the room password."))


def test_a_room_password_from_the_start(start_server: StartServer) -> None:
    room = Classroom(start_server(host_secret=HOST_SECRET, room_key="fractions"))
    try:
        sam = room.connect("Sam")
        sam.send(f"JOIN {ROOM}")
        sam.expect(rf"^{S} 475 Sam {ROOM} ")
        join(sam, "Sam", "fractions")
        room.host()  # the host needs no key
    finally:
        room.close()


def test_quiet_mode_lets_only_the_voiced_talk(classroom: Classroom) -> None:
    host = classroom.host()
    sam = classroom.enter("Sam")
    kim = classroom.enter("Kim")
    host.send(f"MODE {ROOM} +m")
    kim.expect(
        room_control(
            "Ms_Rivera turned on quiet mode: only the host, helpers and people "
            "with a voice can talk."
        )
    )
    sam.send(f"PRIVMSG {ROOM} :psst")
    sam.expect(
        rf"^{S} 404 Sam {ROOM} :Cannot send to channel \(\+m\) - only people with a "
        "voice can talk now$"
    )
    host.send(f"MODE {ROOM} +v Sam")
    kim.expect(room_control("Ms_Rivera gave Sam a voice."))
    sam.send(f"PRIVMSG {ROOM} :my answer is 3/4")
    kim.expect(rf"^{who('Sam')} PRIVMSG {ROOM} :my answer is 3/4$")
    host.send(f"MODE {ROOM} -v Sam")
    kim.expect(room_control("Ms_Rivera took Sam's voice away."))
    kim.expect_nothing("psst")


@pytest.mark.parametrize(
    ("line", "notice"),
    [
        ("MODE #class +b m:Sam", "Ms_Rivera muted Sam."),
        ("MODE #class +b Sam", "Ms_Rivera banned Sam from the room until it closes."),
        ("KICK #class Sam :bye", "Ms_Rivera removed Sam from the room: bye"),
        ("MODE #class +i", "Ms_Rivera locked the room: nobody new can join."),
        ("MODE #class +k pw", "Ms_Rivera set a room password: people joining now need it."),
        ("MODE #class +l 30", "Ms_Rivera limited the room to 30 people."),
        (
            "MODE #class +m",
            "Ms_Rivera turned on quiet mode: only the host, helpers and people "
            "with a voice can talk.",
        ),
        ("MODE #class +v Sam", "Ms_Rivera gave Sam a voice."),
        ("MODE #class +o Sam", "Ms_Rivera made Sam a helper."),
        (
            "MODE #class +W 30",
            "Ms_Rivera turned on slow mode: each person may send one message every 30 seconds.",
        ),
        ("MODE #class -t", "Ms_Rivera let everyone change the pinned announcement."),
        ("MODE #class +s", "Ms_Rivera hid the room from the room list."),
        ("MODE #class -n", "Ms_Rivera let people outside the room send messages to it."),
        ("TOPIC #class :Test on Friday", "Ms_Rivera pinned: Test on Friday"),
    ],
)
def test_every_control_is_said_once_as_its_irc_line(
    classroom: Classroom, line: str, notice: str
) -> None:
    """IRC programs get the standard line and nothing that repeats it; its words are what
    every chatgui window draws from that line."""
    host = classroom.host()
    classroom.enter("Sam")
    kim = classroom.enter("Kim")
    host.send(line)
    kim.expect(room_control(notice))
    host.expect(room_control(notice))
    expect_nothing_from((kim, rf"NOTICE {ROOM}"), (host, rf"NOTICE {ROOM}"))


def test_lowering_a_hand_is_a_notice_to_the_room(classroom: Classroom) -> None:
    """Hands are no IRC control: a program without the hands capability reads them as a notice."""
    host = classroom.host()
    sam = classroom.enter("Sam")
    kim = classroom.enter("Kim")
    sam.send(f"HAND {ROOM}")
    kim.expect(room_notice("Sam raised a hand (1st in line)."))
    host.send(f"HAND {ROOM} - Sam")
    kim.expect(room_notice("Ms_Rivera lowered Sam's hand."))


# A student (Sam) tries each control on Kim or the room: the numeric, and nothing changes.
REFUSED = r"482 Sam #class :You're not channel operator$"
ATTEMPTS = [
    ("MODE #class +b m:Kim", REFUSED),
    ("MODE #class -b m:Lee", REFUSED),
    ("MODE #class +b Kim", REFUSED),
    ("MODE #class +b *!*@127.0.0.1", REFUSED),
    ("KICK #class Kim :go", REFUSED),
    ("MODE #class +i", REFUSED),
    ("INVITE Ann #class", REFUSED),
    ("MODE #class +k pw", REFUSED),
    ("MODE #class +m", REFUSED),
    ("MODE #class +v Sam", REFUSED),
    ("MODE #class +o Sam", REFUSED),
    ("MODE #class -o Ms_Rivera", REFUSED),
    ("MODE #class +W 5", REFUSED),
    ("MODE #class +l 2", REFUSED),
    ("TOPIC #class :No homework", REFUSED),
    (
        "HAND #class - Kim",
        r"482 Sam #class :Only the host and helpers can lower someone else's "
        r"hand$",
    ),
]


@pytest.mark.parametrize(("line", "reply"), ATTEMPTS, ids=[a[0] for a in ATTEMPTS])
def test_a_student_trying_a_control_is_refused_and_nothing_changes(
    classroom: Classroom, line: str, reply: str
) -> None:
    host = classroom.host()
    classroom.enter("Lee")  # a mute is of someone in the room
    host.send(f"MODE {ROOM} +b m:Lee")
    host.expect(room_control("Ms_Rivera muted Lee."))
    host.send(f"TOPIC {ROOM} :Fractions")
    host.expect(room_control("Ms_Rivera pinned: Fractions"))
    sam = classroom.enter("Sam")
    kim = classroom.enter("Kim")
    ann = classroom.connect("Ann")  # not in the room: the one an INVITE would reach
    kim.send(f"HAND {ROOM}")
    sam.expect(room_notice("Kim raised a hand (1st in line)."))
    if line.startswith("INVITE"):
        host.send(f"MODE {ROOM} +i")
        sam.expect(room_control("Ms_Rivera locked the room: nobody new can join."))
    before = state(kim, "Kim")

    sam.send(line)
    sam.expect(rf"^{S} {reply}")
    assert state(kim, "Kim") == before
    kim.send(f"HAND {ROOM} ?")
    kim.expect(rf"^{S} NOTICE Kim :Hands up in #class: 1\. Kim$")
    kim.send(f"TOPIC {ROOM}")
    kim.expect(rf"^{S} 332 Kim {ROOM} :?Fractions$")
    expect_nothing_from(
        (kim, rf"NOTICE {ROOM}|{who('Sam')} (MODE|KICK|TOPIC|INVITE)"), (ann, "INVITE")
    )


@pytest.mark.parametrize("key", ["", "two words", "a,b", "a:b"])
def test_serve_refuses_a_room_key_nobody_could_type_in_join(key: str) -> None:
    args = build_parser().parse_args(["serve", "--room", "class", "--room-key", key])
    with pytest.raises(ValueError, match="--room-key must be one word"):
        server_config(args)


def test_serve_passes_the_room_key_on() -> None:
    args = build_parser().parse_args(["serve", "--room", "class", "--room-key", "fractions"])
    assert server_config(args).room_key == "fractions"
