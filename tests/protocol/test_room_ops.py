"""Each room's ops (model.Channel.ops), kept beside its members so a new name is checked
against the host's and helpers' without a look at everyone, stay exactly the members whose
status has "o" through any order of joins, mode changes, parts, kicks and leaving
(hypothesis)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from chatgui.protocol.server.model import ServerConfig
from chatgui.protocol.server.state import ServerState

PEOPLE = 5
ROOMS = ("#a", "#b")
STEP = st.tuples(
    st.sampled_from(["JOIN", "JOIN", "JOIN", "PART", "+o", "-o", "+v", "KICK", "QUIT", "back"]),
    st.integers(0, PEOPLE - 1),
    st.integers(0, PEOPLE - 1),
    st.sampled_from(ROOMS),
)


def register(state: ServerState, conn: int) -> None:
    state.connected(conn, f"10.0.0.{conn + 1}", 1.0)
    state.received(conn, f"NICK p{conn}".encode(), 1.0)
    state.received(conn, f"USER p{conn} 0 * :p{conn}".encode(), 1.0)


@settings(max_examples=300, deadline=None)
@given(st.lists(STEP, max_size=40))
def test_a_rooms_ops_are_its_members_with_o(steps: list[tuple[str, int, int, str]]) -> None:
    state = ServerState(ServerConfig())
    here = set(range(PEOPLE))
    for conn in here:
        register(state, conn)
    for action, actor, other, room in steps:
        if action == "back":
            if actor not in here:
                register(state, actor)
                here.add(actor)
            continue
        if actor not in here:
            continue
        line = {
            "JOIN": f"JOIN {room}",
            "PART": f"PART {room}",
            "KICK": f"KICK {room} p{other}",
            "QUIT": "QUIT",
        }.get(action, f"MODE {room} {action} p{other}")
        state.received(actor, line.encode(), 1.0)
        if action == "QUIT":
            state.disconnected(actor, "Quit", 1.0)
            here.discard(actor)
        for channel in state.channels.values():
            with_o = {conn for conn, status in channel.members.items() if "o" in status}
            assert channel.ops == with_o
