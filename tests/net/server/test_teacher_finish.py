"""The teacher's controls, finished, over raw sockets: a control on a name that isn't in the
room is refused and sets nothing; nobody mutes or bans themselves; the room password reaches
only the host and helpers; clearing everyone's screen is the host's and helpers' alone, once
in a while, and IRC programs never see it; a ban is lifted and a locked room let into.
"""

from __future__ import annotations

from tests.net.server.teacherkit import ROOM, Classroom, S, join, room_control, state, who

CLEAR = "+chatgui.invalid/clear-screen"


def test_a_mute_of_a_name_not_in_the_room_is_refused_and_sets_nothing(
    classroom: Classroom,
) -> None:
    host = classroom.host()
    kim = classroom.enter("Kim")
    classroom.connect("Outside")  # connected, in no room
    host.send(f"MODE {ROOM} +b m:Nobody")
    host.expect(rf"^{S} 401 Ms_Rivera Nobody :Nobody here is called Nobody$")
    host.send(f"MODE {ROOM} +b m:Outside")
    host.expect(rf"^{S} 441 Ms_Rivera Outside {ROOM} :Outside is not in {ROOM}$")
    kim.expect_nothing(r"MODE|muted|banned", within=0.5)
    assert state(kim, "Kim").bans == []
    host.send(f"MODE {ROOM} +b Outside")  # a ban by name keeps someone outside out: it stands
    kim.expect(room_control("Ms_Rivera banned Outside from the room until it closes."))
    host.send(f"MODE {ROOM} +b m:*!*@10.9.9.9")  # a pattern is no name: set as asked
    kim.expect(room_control("Ms_Rivera muted everyone at 10.9.9.9."))


def test_nobody_mutes_or_bans_themselves(classroom: Classroom) -> None:
    host = classroom.host()
    kim = classroom.enter("Kim")
    host.send(f"MODE {ROOM} +o Kim")
    kim.expect(rf"MODE {ROOM} \+o Kim$")
    host.send(f"MODE {ROOM} +b m:Ms_Rivera")
    host.expect(rf"^{S} 482 Ms_Rivera {ROOM} :You can't mute yourself$")
    kim.send(f"MODE {ROOM} +b Kim")
    kim.expect(rf"^{S} 482 Kim {ROOM} :You can't ban yourself$")
    kim.expect_nothing(r"muted|banned", within=0.5)
    assert state(kim, "Kim").bans == []


def test_the_room_password_is_shown_to_the_host_and_helpers_alone(classroom: Classroom) -> None:
    host = classroom.host()
    sam = classroom.enter("Sam")
    kim = classroom.enter("Kim")
    host.send(f"MODE {ROOM} +o Kim")
    sam.expect(rf"MODE {ROOM} \+o Kim$")
    host.send(f"MODE {ROOM} +k s3cret")
    host.expect(rf"^(@\S+ )?{who('Ms_Rivera')} MODE {ROOM} \+k s3cret$")
    kim.expect(rf"^(@\S+ )?{who('Ms_Rivera')} MODE {ROOM} \+k s3cret$")
    sam.expect(rf"^(@\S+ )?{who('Ms_Rivera')} MODE {ROOM} \+k \*$")
    assert state(sam, "Sam").modes.endswith("k *")
    assert state(kim, "Kim").modes.endswith("k s3cret")
    assert "s3cret" not in "\n".join(sam.seen)


def test_everyones_screen_is_cleared_by_the_host_only_and_once_in_a_while(
    classroom: Classroom,
) -> None:
    host = classroom.host(caps="message-tags")
    sam = classroom.enter("Sam", caps="message-tags")
    irssi = classroom.enter("Irssi")  # no message-tags: sees nothing of it
    sam.send(f"@{CLEAR} TAGMSG {ROOM}")
    sam.expect(rf"^{S} 404 Sam {ROOM} :Only the host and helpers of a room can clear")
    host.expect_nothing(r"TAGMSG", within=0.3)

    host.send(f"@{CLEAR}=anything;+typing=active TAGMSG {ROOM}")
    relayed = sam.expect(
        rf"^@\S*\+chatgui.invalid/clear-screen[; ]\S* ?{who('Ms_Rivera')} TAGMSG {ROOM}$"
    )
    assert "anything" not in relayed  # relayed with no value: nothing rides along
    host.send(f"@{CLEAR} TAGMSG {ROOM}")
    host.expect(rf"^{S} 404 Ms_Rivera {ROOM} :Everyone's screen was just cleared: wait 10 s")
    host.send(f"@{CLEAR} PRIVMSG {ROOM} :a line of text never clears a screen")
    line = sam.expect("a line of text never clears")
    assert "clear-screen" not in line
    irssi.expect("a line of text never clears")
    assert f" TAGMSG {ROOM}" not in "\n".join(irssi.seen)
    late = classroom.connect("Late")  # the room's history replayed to a plain client
    join(late, "Late")
    late.expect_nothing(r"TAGMSG|clear", within=0.5)


def test_a_ban_is_lifted_and_a_locked_room_let_into(classroom: Classroom) -> None:
    host = classroom.host()
    kim = classroom.enter("Kim")
    sam = classroom.enter("Sam")
    host.send(f"MODE {ROOM} +b Sam")
    host.send(f"KICK {ROOM} Sam")
    kim.expect(room_control("Ms_Rivera removed Sam from the room."))
    host.send(f"MODE {ROOM} -b Sam!*@*")
    kim.expect(room_control("Ms_Rivera lifted the ban on Sam."))
    host.send(f"MODE {ROOM} +i")
    kim.expect(room_control("Ms_Rivera locked the room: nobody new can join."))
    sam.send(f"JOIN {ROOM}")
    sam.expect(rf"^{S} 473 Sam {ROOM} ")
    host.send(f"INVITE Sam {ROOM}")
    sam.expect(rf"^(@\S+ )?{who('Ms_Rivera')} INVITE Sam {ROOM}$")
    join(sam, "Sam")
    kim.expect(rf"{who('Sam')} JOIN {ROOM}$")
