"""The host's helpers are never slowed down, and that leaves the others' fair share whole
(sans-IO, driven as the network layer drives it: tests/protocol/test_fair_share_core.py).

A helper (o in the host's room) shares an address with five students: whatever they all send,
in any order, the helper's lines are handled as soon as they arrive, every student's line is
handled in the end (a helper holds no place in the address's queue), and the students together
stay within the address's budget.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from chatgui import limits
from chatgui.protocol.server.state import ServerState
from tests.protocol.test_fair_share_core import (
    HOST,
    LINES,
    Network,
    register_everyone,
    small_budget_config,
)

HELPER = 1


def with_a_helper(connections: int) -> Network:
    net = Network(ServerState(small_budget_config()), connections)
    register_everyone(net)
    for conn in net.inbox:
        net.arrive(conn, "JOIN #class")
    net.run_until_idle()
    net.arrive(HOST, f"MODE #class +o p{HELPER}")
    net.run_until_idle()
    assert "o" in net.state.channels["#class"].members[HELPER]
    return net


def test_a_helpers_300_lines_are_handled_at_once_and_a_students_wait() -> None:
    net = with_a_helper(3)
    for k in range(300):
        net.arrive(HELPER, f"PRIVMSG #class :{k}")
        net.arrive(2, f"PRIVMSG #class :{k}")
    net.serve()
    assert not net.inbox[HELPER]
    assert len(net.inbox[2]) > 250  # the student: their burst (5), then the address's turns
    net.run_until_idle()
    assert not net.inbox[2]


def test_a_student_is_still_slowed_down() -> None:
    net = with_a_helper(3)
    net.now += 10  # the timers run down
    for k in range(30):
        net.arrive(2, f"PRIVMSG #class :{k}")
    net.serve()
    burst = small_budget_config().flood_allowance_s / small_budget_config().flood_cost_s
    assert len(net.inbox[2]) == 30 - burst


events = st.lists(
    st.tuples(
        st.integers(0, 5),  # which connection (0 is the host, 1 the helper)
        st.integers(0, len(LINES) - 1),
        st.integers(1, 30),  # how many times in a row
        st.sampled_from((0.0, 0.0, 0.001, 0.01, 0.1, 0.5)),  # time passing first
    ),
    max_size=40,
)


@settings(max_examples=50, deadline=None)
@given(events)
def test_a_helper_never_waits_and_the_students_still_share(
    script: list[tuple[int, int, int, float]],
) -> None:
    net = with_a_helper(6)
    net.handled.clear()
    for index, (conn, kind, repeat, pause) in enumerate(script):
        net.now += pause
        for k in range(repeat):
            net.arrive(conn, LINES[kind].format(nick=f"n{conn}x{index}x{k}"))
        net.serve()
        assert not net.inbox[HELPER], "the helper waited"
    net.run_until_idle()  # fails if any student's line is never handled
    assert not net.host_waited
    state = net.state
    cost, allowance = state.shares.cost_s, state.shares.allowance_s
    heaviest = max(limits.FLOOD_WEIGHT_NICK, limits.FLOOD_WEIGHT_WHO)
    students = [line for line in net.handled if line[1] != HELPER]
    for i in range(len(students)):
        units = 0
        for j in range(i, len(students)):
            units += students[j][2]
            span = students[j][0] - students[i][0]
            assert units <= (allowance + span) / cost + heaviest + 1e-6, (i, j, units, span)


def test_the_operator_of_a_room_a_student_made_is_still_slowed_down() -> None:
    """o in a room a student opened makes nobody a helper of the host (in_charge.py)."""
    net = with_a_helper(3)
    net.arrive(2, "JOIN #mine")
    net.run_until_idle()
    assert "o" in net.state.channels["#mine"].members[2]
    net.now += 10
    for k in range(30):
        net.arrive(2, f"PRIVMSG #mine :{k}")
    net.serve()
    assert net.inbox[2]
