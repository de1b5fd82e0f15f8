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
