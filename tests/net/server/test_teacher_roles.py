"""Who is in charge: the host (~), helpers (@) made only by the host, and nobody else.

docs/protocol.md, "Who is in charge". Every client is a raw LineClient on a real ChatServer.
"""

from __future__ import annotations

from tests.net.server.teacherkit import (
    HOST_SECRET,
    ROOM,
    Classroom,
    S,
    room_control,
    state,
    who,
)


def test_the_host_is_tilde_and_tilde_at_with_multi_prefix(classroom: Classroom) -> None:
    host = classroom.host()
    sam = classroom.enter("Sam")
    kim = classroom.enter("Kim", caps="multi-prefix")
    sam.send(f"NAMES {ROOM}")
    sam.expect(rf"^{S} 353 Sam = {ROOM} :~Ms_Rivera Sam Kim$")
    kim.send(f"NAMES {ROOM}")
    kim.expect(rf"^{S} 353 Kim = {ROOM} :~@Ms_Rivera Sam Kim$")
    kim.send(f"WHO {ROOM}")
    kim.expect(rf"^{S} 352 Kim {ROOM} ~MsRivera 127\.0\.0\.1 chatgui\.local Ms_Rivera H~@ ")
    host.send(f"NAMES {ROOM}")
    host.expect(rf"^{S} 353 Ms_Rivera = {ROOM} :~Ms_Rivera Sam Kim$")


def test_the_host_makes_and_removes_a_helper(classroom: Classroom) -> None:
    host = classroom.host()
    sam = classroom.enter("Sam")
    kim = classroom.enter("Kim")
    host.send(f"MODE {ROOM} +o Kim")
    sam.expect(rf"^{who('Ms_Rivera')} MODE {ROOM} \+o Kim$")
    assert state(sam, "Sam").names == "~Ms_Rivera Sam @Kim"
    kim.send(f"MODE {ROOM} +m")  # a helper uses the controls
    sam.expect(
        room_control(
            "Kim turned on quiet mode: only the host, helpers and people with a voice can talk."
        )
    )
    host.send(f"MODE {ROOM} -o Kim")
    sam.expect(room_control("Ms_Rivera removed Kim as a helper."))
    assert state(sam, "Sam").names == "~Ms_Rivera Sam Kim"


def test_a_helper_cannot_make_or_remove_helpers_or_touch_the_host(classroom: Classroom) -> None:
    host = classroom.host()
    sam = classroom.enter("Sam")
    kim = classroom.enter("Kim")
    host.send(f"MODE {ROOM} +o Kim")
    kim.expect(room_control("Ms_Rivera made Kim a helper."))
    before = state(sam, "Sam")
    kim.send(f"MODE {ROOM} +o Sam")
    kim.expect(rf"^{S} 482 Kim {ROOM} :Only the host can make or remove helpers$")
    kim.send(f"MODE {ROOM} -o Ms_Rivera")
    kim.expect(rf"^{S} 482 Kim {ROOM} :Only the host can make or remove helpers$")
    kim.send(f"KICK {ROOM} Ms_Rivera :bye")
    kim.expect(rf"^{S} 482 Kim {ROOM} :Nobody can remove the host from the room$")
    kim.send(f"MODE {ROOM} +b m:Ms_Rivera")
    kim.expect(rf"^{S} 482 Kim {ROOM} :The host can't be banned or muted$")
    kim.send(f"MODE {ROOM} +b Ms_*")
    kim.expect(rf"^{S} 482 Kim {ROOM} :The host can't be banned or muted$")
    kim.send(f"MODE {ROOM} +q Kim")
    kim.expect(rf"^{S} 472 Kim q :is unknown mode char to me$")
    assert state(sam, "Sam") == before
    sam.expect_nothing(r"NOTICE #class|MODE #class|KICK")


def test_a_person_called_teacher_or_host_is_nobody(classroom: Classroom) -> None:
    classroom.host()
    for nick in ("Teacher", "host"):
        impostor = classroom.connect(nick, secret="not-the-secret")
        impostor.send(f"JOIN {ROOM}")
        impostor.expect(rf"^{S} 353 {nick} = {ROOM} :~Ms_Rivera( \S+)* {nick}$")
        impostor.expect(rf"^{S} 366 {nick} ")
        before = state(impostor, nick)
        impostor.send(f"MODE {ROOM} +m")
        impostor.expect(rf"^{S} 482 {nick} {ROOM} :You're not channel operator$")
        impostor.send(f"MODE {ROOM} +o {nick}")
        impostor.expect(rf"^{S} 482 {nick} {ROOM} :You're not channel operator$")
        assert state(impostor, nick) == before


def test_the_secret_makes_the_host_whatever_the_name(classroom: Classroom) -> None:
    sam = classroom.enter("Sam")
    classroom.enter("Bob", secret=HOST_SECRET)
    assert state(sam, "Sam").names == "Sam ~Bob"


def test_in_a_room_a_student_made_its_operator_may_still_appoint(classroom: Classroom) -> None:
    """IRC as usual where the host is not in charge: the founder of #den gives o."""
    amy = classroom.connect("amy")
    ben = classroom.connect("ben")
    amy.send("JOIN #den")
    amy.expect(rf"^{S} 366 amy #den ")
    ben.send("JOIN #den")
    ben.expect(rf"^{S} 366 ben #den ")
    amy.send("MODE #den +o ben")
    ben.expect(rf"^{who('amy')} MODE #den \+o ben$")


def test_with_the_host_in_a_student_room_only_the_host_appoints(classroom: Classroom) -> None:
    amy = classroom.connect("amy")
    ben = classroom.connect("ben")
    host = classroom.connect("Ms_Rivera", secret=HOST_SECRET)
    for client, nick in ((amy, "amy"), (ben, "ben"), (host, "Ms_Rivera")):
        client.send("JOIN #den")
        client.expect(rf"^{S} 366 {nick} #den ")
    amy.send("MODE #den +o ben")
    amy.expect(rf"^{S} 482 amy #den :Only the host can make or remove helpers$")
    host.send("MODE #den +o ben")
    amy.expect(rf"^{who('Ms_Rivera')} MODE #den \+o ben$")
