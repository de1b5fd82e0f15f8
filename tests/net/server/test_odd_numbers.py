"""Numbers that are not plain digits, and words where one word is expected, from a client.

str.isdigit() says yes to "²" and "٣", which int() refuses; a client's "two words" echoed in
a FAIL can't travel as one parameter. Each of these once ended the sender's connection with
"Internal server error", and, when flood control had paused the sender, the whole server
thread. Now each gets its refusal and everyone keeps being served.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.net.server.historykit import HISTORY_CAPS, HistoryRoom, open_room

ODD_LINES = [
    ("MODE #lab +W ²", r" 696 odd #lab W "),
    ("MODE #lab +l ٣", r" 696 odd #lab l "),
    ("CHATHISTORY LATEST #lab * ²", r"FAIL CHATHISTORY INVALID_PARAMS"),
    ("SEARCH in=#lab;text=x;limit=²", r"FAIL SEARCH INVALID_PARAMS"),
    ("CHATHISTORY :two words", r"FAIL CHATHISTORY UNKNOWN_COMMAND \* "),
    ("CHATHISTORY :", r"FAIL CHATHISTORY "),
]


@pytest.fixture
def room(tmp_path: Path) -> Iterator[HistoryRoom]:
    running = open_room(tmp_path / "history.sqlite3")
    yield running
    running.stop()


@pytest.mark.parametrize(("line", "refusal"), ODD_LINES)
def test_an_odd_number_or_word_is_refused_and_the_room_goes_on(
    room: HistoryRoom, line: str, refusal: str
) -> None:
    odd = room.join("odd", HISTORY_CAPS + " standard-replies", room="#lab")  # its operator
    bystander = room.join("bob", room="#lab")
    for n in range(30):  # past the flood allowance: the server pauses reading `odd`
        odd.send(f"PING burst{n}")
    odd.send(line)
    odd.send("PING after")
    odd.expect(refusal, timeout=10)
    odd.expect(r"PONG \S+ :?after", timeout=10)
    bystander.send("PING still-served")
    bystander.expect(r"PONG \S+ :?still-served")
