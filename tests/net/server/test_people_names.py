"""Names as people write them, and no look-alikes: transcripts over real sockets.

A name of any script registers and talks; case is compared as RFC 8265 does (ISUPPORT says
so); a name that could be mistaken for the teacher's or a helper's, or that looks exactly like
someone present, is refused with a sentence, at registration and on NICK.
"""

from __future__ import annotations

import re

import pytest

from chatgui.protocol.message import parse
from tests.lineclient import LineClient
from tests.net.server.teacherkit import ROOM, Classroom, S, who

ZOE = "Zo\u00eb"
IVAN = "\u0418\u0432\u0430\u043d"
PEOPLE = [
    "Zo\u00eb",
    "Jos\u00e9",
    "M\u00fcller",
    "\u0141ukasz",
    "\u0418\u0432\u0430\u043d",
    "\u674e\u660e",
]


def _registers_as(client: LineClient, nick: str) -> None:
    client.send(f"NICK {nick}")
    client.send("USER u 0 * :someone")
    client.expect(rf"^{S} 001 {re.escape(nick)} ")


@pytest.mark.parametrize("nick", PEOPLE)
def test_a_name_of_any_script_joins_and_talks(classroom: Classroom, nick: str) -> None:
    sam = classroom.enter("Sam")
    person = classroom.enter(nick)
    person.send(f"PRIVMSG {ROOM} :hello from {nick}")
    sam.expect(rf"^{who(nick)} PRIVMSG {ROOM} :hello from {re.escape(nick)}$")
    sam.send(f"PRIVMSG {nick} :hi {nick}")
    person.expect(rf"^{who('Sam')} PRIVMSG {re.escape(nick)} :hi {re.escape(nick)}$")


def test_case_is_compared_in_every_script(classroom: Classroom) -> None:
    classroom.connect("Zo\u00eb")
    other = LineClient(classroom.running.port)
    classroom.clients.append(other)
    other.send("NICK ZO\u00cb")
    other.expect(rf"^{S} 433 \* ZO\u00cb :Nickname is already in use$")
    other.send("NICK \u0438\u0432\u0430\u043d")  # nobody has this one yet
    other.send("USER u 0 * :x")
    other.expect(rf"^{S} 001 \u0438\u0432\u0430\u043d ")
    late = LineClient(classroom.running.port)
    classroom.clients.append(late)
    late.send("NICK \u0418\u0412\u0410\u041d")
    late.expect(rf"^{S} 433 \* \u0418\u0412\u0410\u041d :Nickname is already in use$")


def test_isupport_says_how_names_are_compared(classroom: Classroom) -> None:
    client = LineClient(classroom.running.port)
    classroom.clients.append(client)
    client.send("NICK amy")
    client.send("USER amy 0 * :Amy")
    line = client.expect(r" 005 amy .*UTF8MAPPING")
    assert " CASEMAPPING=ascii " in line
    assert " UTF8MAPPING=rfc8265 " in line


def test_a_letter_and_its_accent_as_two_characters_is_refused_with_a_sentence(
    classroom: Classroom,
) -> None:
    client = LineClient(classroom.running.port)
    classroom.clients.append(client)
    client.send("NICK Zoe\u0308")
    client.expect(
        rf"^{S} 432 \* Zoe\u0308 :Names can't hold a letter and its accent as two characters "
        r"\(it looks the same as the accented letter\): type the accented letter itself\. "
        "Try Zo\u00eb$"
    )


# --- Look-alikes ---


def test_a_look_alike_of_someone_here_is_refused(classroom: Classroom) -> None:
    classroom.enter("Ms_Kelly")
    student = LineClient(classroom.running.port)
    classroom.clients.append(student)
    student.send("NICK Ms_KeIIy")
    student.expect(
        rf"^{S} 433 \* Ms_KeIIy :That name looks the same as Ms_Kelly, who is here: "
        "pick another$"
    )
    _registers_as(student, "Ms_Kelly_2")  # visibly different, as two students called Sam are
    student.send("NICK Ms_KeIIy")
    student.expect(rf"^{S} 433 Ms_Kelly_2 Ms_KeIIy :That name looks the same as Ms_Kelly")


def test_a_look_alike_is_free_once_its_twin_has_another_name_or_left(
    classroom: Classroom,
) -> None:
    """Names are kept by look as people rename and leave: the look-alike check asks that."""
    kelly = classroom.enter("Ms_Kelly")
    kelly.send("NICK Kelly_K")
    kelly.expect(rf"^{who('Ms_Kelly')} NICK :?Kelly_K$")
    student = LineClient(classroom.running.port)
    classroom.clients.append(student)
    _registers_as(student, "Ms_KeIIy")  # Ms_Kelly has another name now
    late = LineClient(classroom.running.port)
    classroom.clients.append(late)
    late.send("NICK Ms_Kelly")
    late.expect(rf"^{S} 433 \* Ms_Kelly :That name looks the same as Ms_KeIIy, who is here")
    student.send("QUIT")
    student.expect("ERROR")
    _registers_as(late, "Ms_Kelly")  # Ms_KeIIy left
    kelly.send("NICK Ms_KelIy")
    kelly.expect(rf"^{S} 433 Kelly_K Ms_KelIy :That name looks the same as Ms_Kelly, who is here")


def test_a_look_alike_in_another_script_is_refused(classroom: Classroom) -> None:
    classroom.enter("Jo")
    student = LineClient(classroom.running.port)
    classroom.clients.append(student)
    student.send("NICK \u0408\u043e")  # Cyrillic Je and o: all one script, drawn as "Jo"
    student.expect(rf"^{S} 433 \* \u0408\u043e :That name looks the same as Jo, who is here")
    student.send("NICK J\u043e")  # Latin J, Cyrillic o: refused for the mix itself
    line = student.expect(rf"^{S} 432 \* ")
    assert "Cyrillic and Latin" in line


def test_a_name_that_could_pass_for_the_teachers_is_refused(classroom: Classroom) -> None:
    classroom.host()
    student = LineClient(classroom.running.port)
    classroom.clients.append(student)
    for look_alike in ["Ms_Rivera_", "Ms_Rivera_2", "ms-rivera", "MsRivera", "Ms_RIVERA9"]:
        student.send(f"NICK {look_alike}")
        student.expect(
            rf"^{S} 432 \* {look_alike} :That name could be mistaken for the teacher's, "
            "Ms_Rivera: pick another$"
        )
    _registers_as(student, "Sam")
    student.send("NICK Ms_Rivera_")
    student.expect(rf"^{S} 432 Sam Ms_Rivera_ :That name could be mistaken for the teacher's")


def test_the_teacher_may_take_a_name_like_her_own(classroom: Classroom) -> None:
    host = classroom.host()
    host.send("NICK Ms_Rivera_2")
    host.expect(rf"^{who('Ms_Rivera')} NICK Ms_Rivera_2$")


def test_a_name_that_could_pass_for_a_helpers_is_refused(classroom: Classroom) -> None:
    host = classroom.host()
    classroom.enter("Aisha")
    host.send(f"MODE {ROOM} +o Aisha")
    host.expect(rf"MODE {ROOM} \+o Aisha$")
    student = classroom.enter("Sam")
    student.send("NICK Aisha_")
    student.expect(
        rf"^{S} 432 Sam Aisha_ :That name could be mistaken for the helper's, Aisha: "
        "pick another$"
    )
    student.send("NICK Aisha_Khan")  # another name that begins the same is someone else
    student.expect(rf"^{who('Sam')} NICK Aisha_Khan$")


def test_whoever_made_a_room_of_their_own_is_no_helper(classroom: Classroom) -> None:
    """The first in a room a student made is its operator, as on any IRC server, but not a
    helper the host chose: student1's own room doesn't stop student2 from being student2."""
    first = classroom.enter("student1")
    first.send("JOIN #mine")
    first.expect(rf"^{S} 353 student1 = #mine :?@student1$")
    second = classroom.enter("student2")
    second.send("JOIN #mine")
    second.expect(rf"^{who('student2')} JOIN :?#mine$")


def test_two_students_called_sam_stay_possible(classroom: Classroom) -> None:
    classroom.enter("Sam")
    second = classroom.enter("Sam_2")
    second.send(f"PRIVMSG {ROOM} :I am the other Sam")
    third = LineClient(classroom.running.port)
    classroom.clients.append(third)
    _registers_as(third, "Sam2")


# --- Line budgets: 30 characters can be 120 bytes ---


def _wide_name(index: int) -> str:
    """30 letters of CJK Extension B: four bytes each in UTF-8, 120 bytes in all."""
    return "".join(chr(0x20000 + 40 * index + offset) for offset in range(30))


def test_names_of_four_byte_letters_keep_every_names_line_within_512_bytes(
    classroom: Classroom,
) -> None:
    room = "#" + "".join(chr(0x21000 + offset) for offset in range(49))
    people = [
        classroom.connect(_wide_name(index), caps="userhost-in-names multi-prefix")
        for index in range(12)
    ]
    for index, person in enumerate(people):
        person.send(f"JOIN {room}")
        person.expect(rf" 366 {_wide_name(index)} ")
    asker = people[-1]
    asker.send(f"NAMES {room}")
    lines = []
    while not lines or " 366 " not in lines[-1]:
        lines.append(asker.expect(r" 353 | 366 "))
    listed = " ".join(parse(line.encode()).params[-1] for line in lines if " 353 " in line)
    assert all(_wide_name(index) in listed for index in range(12))
    assert all(len(line.encode("utf-8")) + 2 <= 512 for line in lines)


def test_room_names_are_compared_in_every_script_too(classroom: Classroom) -> None:
    zoe = classroom.connect(ZOE)
    zoe.send("JOIN #Caf\u00e9")
    zoe.expect(rf" 366 {ZOE} #Caf\u00e9 ")
    ivan = classroom.connect(IVAN)
    ivan.send("JOIN #CAF\u00c9")
    ivan.expect(rf" 353 {IVAN} = #Caf\u00e9 :@{ZOE} {IVAN}$")  # one room, its first name kept
