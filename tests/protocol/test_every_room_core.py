"""ROOMS and room-opening in the sans-IO core, with hostile input: whatever a student sends
(any ROOMS words, any room name to JOIN), the setting stays the host's, no room is closed,
and no room opens while students may not open them; every line is answered, never raised."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from chatgui.protocol.server.model import ServerConfig
from chatgui.protocol.server.outgoing import Send
from chatgui.protocol.server.state import ServerState

ROOM = "#class"
WORD = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\n\x00 "),
    min_size=1,
    max_size=30,
)


def _classroom() -> tuple[ServerState, int]:
    """A host in #class and a side room #side she opened; Sam (connection 2) in #class."""
    state = ServerState(
        ServerConfig(rooms=(ROOM,), host_secret="s3cret", students_open_rooms=False)
    )
    for conn, lines in (
        (1, ["PASS s3cret", "NICK Ms_Rivera", "USER t 0 * :t", f"JOIN {ROOM}", "JOIN #side"]),
        (2, ["NICK Sam", "USER s 0 * :s", f"JOIN {ROOM}"]),
    ):
        state.connected(conn, f"127.0.0.{conn}", 0.0)
        for line in lines:
            state.received(conn, line.encode(), 0.0)
    return state, 2


@settings(max_examples=300, deadline=None)
@given(st.lists(WORD, min_size=1, max_size=4), st.sampled_from(["ROOMS", "JOIN", "rooms"]))
def test_a_student_can_neither_open_close_nor_unlock_rooms(words: list[str], command: str) -> None:
    state, sam = _classroom()
    rooms_before = set(state.channels)
    line = " ".join([command, *words[:-1], f":{words[-1]}"])
    out = state.received(sam, line.encode(), 1.0)
    assert any(isinstance(item, Send) for item in out) or command == "JOIN"
    assert state.students_open_rooms is False
    assert set(state.channels) == rooms_before  # nothing opened, nothing closed
