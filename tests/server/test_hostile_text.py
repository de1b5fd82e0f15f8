"""What a student can type to spoil the room, over real sockets: masks that take forever to
match, names that look like others, terminal escapes, and words hidden from the filter
(issue 14).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.server.conftest import RunningServer
from tests.server.netsupport import Dialer, join

S = r":chatgui\.local"


@pytest.fixture
def dial() -> Iterator[Dialer]:
    dialer = Dialer()
    yield dialer
    dialer.close_all()


# --- masks ---


@pytest.mark.timeout(60)
def test_a_pathological_who_mask_answers_and_the_room_keeps_going(
    server: RunningServer, dial: Dialer
) -> None:
    """Twenty people named aaaa…: a regex would need hours for this WHO; the PING of someone
    else, sent right after it, is answered within the usual wait."""
    crowd = [dial(server.port, f"{'a' * 27}{n:02d}") for n in range(20)]
    join("#class", *crowd)
    student = dial(server.port, "Student")
    bystander = dial(server.port, "Kim")
    mask = "*a" * 12 + "*b"
    student.send(f"WHO {mask}")
    bystander.send("PING :still-here")
    bystander.expect(rf"^{S} PONG chatgui\.local :?still-here$")
    student.expect(rf"^{S} 315 Student \S+ :End of WHO list$")
    assert not [line for line in student.seen if " 352 " in line]
    student.send("WHO *a0?")  # the same matcher still finds people
    student.expect(rf"^{S} 352 Student \* ~a+ \S+ chatgui\.local a+00 H :0 a+00$")


# --- names and room names ---


@pytest.mark.parametrize(
    "name",
    ["#class\u200b", "#\u0441lass", "#ssalc\u202e", "#class\x1b[2J", "#class\u00a0"],
    ids=ascii,
)
def test_a_room_that_passes_for_another_cannot_be_made(
    server: RunningServer, dial: Dialer, name: str
) -> None:
    sam = dial(server.port, "Sam")
    join("#class", sam)
    sam.send(f"JOIN {name}")
    sam.expect(rf"^{S} 476 Sam .+ :Room names can.t ")
    sam.send("LIST")
    sam.expect(rf"^{S} 323 ")
    assert [line for line in sam.seen if " 322 " in line] == [
        ":chatgui.local 322 Sam #class 1 :"
    ]


@pytest.mark.parametrize(
    "nick", ["Sam\u200b", "S\u0430m", "Sam\u202e", "Sam\x1b[2J", "Sam\u00a0"], ids=ascii
)
def test_a_name_that_passes_for_another_is_refused(
    server: RunningServer, dial: Dialer, nick: str
) -> None:
    """Names are plain ASCII for now: the look-alikes are refused with a suggestion."""
    sam = dial(server.port, "Sam")
    other = dial(server.port)
    other.send(f"NICK {nick}")
    other.send("USER x 0 * :x")
    other.expect(rf"^{S} 432 \* .+ :Names can")
    other.send("NICK Sam")
    other.expect(rf"^{S} 433 \* Sam :Nickname is already in use$")
    sam.send("PING :x")
    sam.expect(r" PONG ")
