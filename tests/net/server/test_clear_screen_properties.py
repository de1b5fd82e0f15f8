"""Property test of the clear-screen request at the server core (ServerState, no sockets): from
any mix of people, commands, tag values and times, the request reaches the room only from its
host and helpers, at most once per CLEAR_SCREEN_GAP_S per person, with no value, and never
reaches a client that did not ask for message-tags.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from chatgui import limits
from chatgui.protocol.caps import CLEAR_SCREEN
from chatgui.protocol.message import parse
from chatgui.protocol.server.outgoing import Send
from chatgui.protocol.server.state import ServerConfig, ServerState

ROOM = "#class"
HOST, HELPER, STUDENT, PLAIN = 1, 2, 3, 4
NAMES = {HOST: "Ms_Rivera", HELPER: "Kim", STUDENT: "Sam", PLAIN: "Irssi"}
TAG_VALUE = st.text(st.characters(exclude_categories=("Cs",)), max_size=40).map(
    lambda text: "".join(c for c in text if c not in "\r\n\0 ;\\")
)
STEP = st.tuples(
    st.sampled_from([HOST, HELPER, STUDENT]),
    st.sampled_from(["TAGMSG", "PRIVMSG", "NOTICE"]),
    st.sampled_from([ROOM, "@#class", "Sam", "#elsewhere"]),
    TAG_VALUE,
    st.floats(min_value=0.0, max_value=2 * limits.CLEAR_SCREEN_GAP_S),
)


def _room() -> ServerState:
    state = ServerState(ServerConfig(host_secret="k3y", rooms=(ROOM,), flood_cost_s=0.0))
    for conn, nick in NAMES.items():
        state.connected(conn, f"10.0.0.{conn}", 0.0)
        if conn == HOST:
            state.received(conn, b"PASS k3y", 0.0)
        if conn != PLAIN:
            state.received(conn, b"CAP REQ :message-tags", 0.0)
        state.received(conn, f"NICK {nick}".encode(), 0.0)
        state.received(conn, b"USER u 0 * :x", 0.0)
        state.received(conn, b"CAP END", 0.0)
        state.received(conn, f"JOIN {ROOM}".encode(), 0.0)
    state.received(HOST, f"MODE {ROOM} +o Kim".encode(), 0.0)
    return state


@settings(max_examples=200, deadline=None)
@given(st.lists(STEP, max_size=25))
def test_only_the_host_and_helpers_clear_screens_and_not_too_often(
    steps: list[tuple[int, str, str, str, float]],
) -> None:
    state = _room()
    now = 1.0
    last_cleared: dict[int, float] = {}
    for sender, command, target, value, wait in steps:
        now += wait
        text = "" if command == "TAGMSG" else " :hello"
        tag = f"{CLEAR_SCREEN}={value}" if value else CLEAR_SCREEN
        out = state.received(sender, f"@{tag} {command} {target}{text}".encode(), now)
        sent = [(c, parse(item.line)) for item in out if isinstance(item, Send) for c in item.conns]
        clears = [(conn, m) for conn, m in sent if CLEAR_SCREEN in m.tags and conn != sender]
        for conn, message in clears:
            assert message.tags[CLEAR_SCREEN] == ""
            assert message.command == "TAGMSG"
            assert message.params == (ROOM,)
            assert conn not in (PLAIN, sender)
        allowed = (
            sender in (HOST, HELPER)
            and command == "TAGMSG"
            and target == ROOM
            and now - last_cleared.get(sender, -1e9) >= limits.CLEAR_SCREEN_GAP_S
        )
        assert bool(clears) == allowed, (sender, command, target, now, sent)
        if allowed:
            last_cleared[sender] = now
