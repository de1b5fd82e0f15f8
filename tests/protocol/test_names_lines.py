"""NAMES of a room of any names: every member listed once, in order, each 353 line within 512
bytes and as full as the next name allows (names of 1 to 4 bytes a letter, any mix)."""

from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from chatgui import limits
from chatgui.protocol import numerics
from chatgui.protocol.message import parse
from chatgui.protocol.server.model import ServerConfig
from chatgui.protocol.server.outgoing import Send
from chatgui.protocol.server.state import ServerState

SCRIPTS = (
    "abcdefghijklmnopqrstuvwxyzëøł",
    "жзийклмнпфцчшщ",
    "李明王芳" + chr(0x20000) + chr(0x20001),
)
"""Letters of 1 to 4 bytes; a name keeps to one script (a mix is refused as a look-alike)."""
names = st.one_of(
    *(st.text(alphabet=letters, min_size=1, max_size=limits.NICK_MAX_CHARS) for letters in SCRIPTS)
)


@settings(max_examples=60, deadline=None)
@example([chr(0x20000 + 40 * n) * 3 + chr(0x20001 + 40 * n) * 27 for n in range(40)])
@given(st.lists(names, min_size=1, max_size=60, unique_by=str.casefold))
def test_names_lists_everyone_in_full_lines_within_512_bytes(nicks: list[str]) -> None:
    state = ServerState(ServerConfig().with_flood(None))
    for conn, nick in enumerate(nicks, 1):
        state.connected(conn, f"127.0.0.{conn % 200 + 1}", 0.0)
        for line in (f"NICK {nick}", "USER u 0 * :x", "JOIN #room"):
            state.received(conn, line.encode(), 0.0)
    room = state.channels.get("#room")
    assume(room is not None)  # every name refused
    assert room is not None
    asker = next(iter(room.members))
    sent = [s.line for s in state.received(asker, b"NAMES #room", 1.0) if isinstance(s, Send)]
    assert all(len(line) + 2 <= limits.MAX_LINE_BYTES for line in sent)
    replies = [parse(line) for line in sent]
    assert replies[-1].command == numerics.RPL_ENDOFNAMES
    lines = [m.params[-1].split(" ") for m in replies if m.command == numerics.RPL_NAMREPLY]
    assert [entry.lstrip("@") for line in lines for entry in line] == [
        state.people[conn].nick for conn in room.members
    ]
    for line, (line_sent, following) in zip(
        lines, zip(sent, lines[1:], strict=False), strict=False
    ):
        assert line_sent.endswith(" ".join(line).encode())
        one_more = len(line_sent) + 1 + len(following[0].encode())
        assert one_more + 2 > limits.MAX_LINE_BYTES  # the next name did not fit
