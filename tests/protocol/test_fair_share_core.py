"""The address share of ServerState, driven as the network layer drives it (sans-IO, no clock).

A simulated network keeps each connection's unhandled lines and hands a line to the state only
when delay_before_next_line() says 0, as chatgui/net/server.py does. Whatever the interleaving of
lines from the connections of one address, the work handled in any stretch of time stays within
the address's budget; the host, at the same address, never waits.
"""

from __future__ import annotations

from collections import deque
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chatgui import limits
from chatgui.protocol.server.model import ServerConfig
from chatgui.protocol.server.state import ServerState

ADDRESS = "10.0.0.9"
SECRET = "host-secret"
HOST = 0
LINES = ("PRIVMSG #class :hi", "NICK {nick}", "PING :x", "FOO bar", "WHO *", "JOIN #class")


def small_budget_config() -> ServerConfig:
    """Budgets small enough for a few hundred lines to go over them (a 25-line burst)."""
    return ServerConfig(
        rooms=("#class",),
        host_secret=SECRET,
        flood_cost_s=0.1,
        flood_allowance_s=0.5,
        address_flood_cost_s=0.02,
        address_flood_allowance_s=0.2,
    )


class Network:
    """Each connection's unhandled lines, handed over only when the state says 0."""

    def __init__(self, state: ServerState, connections: int) -> None:
        self.state = state
        self.now = 1000.0
        self.inbox: dict[int, deque[str]] = {conn: deque() for conn in range(connections)}
        self.handled: list[tuple[float, int, int]] = []
        """(when, connection, units of work) of every line the state handled."""
        self.host_waited = False
        for conn in self.inbox:
            state.connected(conn, ADDRESS, self.now)

    def arrive(self, conn: int, line: str) -> None:
        self.inbox[conn].append(line)

    def serve(self) -> None:
        """Hand over every line whose time has come, as the server's loop does."""
        progress = True
        while progress:
            progress = False
            for conn, waiting in self.inbox.items():
                while waiting and conn in self.state.people:
                    delay = self.state.delay_before_next_line(conn, self.now)
                    if conn == HOST and delay > 0:
                        self.host_waited = True
                    if delay > 0:
                        break
                    self._hand_over(conn, waiting.popleft())
                    progress = True

    def run_until_idle(self) -> None:
        """Let time pass, from one wake-up to the next, until every line was handled."""
        for _ in range(100_000):
            self.serve()
            delays = [
                self.state.delay_before_next_line(conn, self.now)
                for conn, waiting in self.inbox.items()
                if waiting and conn in self.state.people
            ]
            if not delays:
                return
            self.now += max(min(delays), 1e-6)
        raise AssertionError("the lines were never all handled")

    def _hand_over(self, conn: int, line: str) -> None:
        person = self.state.people[conn]
        units = 1
        if line.startswith("NICK") and person.registered:
            units = limits.FLOOD_WEIGHT_NICK
        elif line.startswith("WHO") and person.registered:
            units = limits.FLOOD_WEIGHT_WHO
        self.state.received(conn, line.encode(), self.now)
        if conn != HOST:
            self.handled.append((self.now, conn, units))


def register_everyone(net: Network) -> None:
    net.arrive(HOST, f"PASS {SECRET}")
    for conn in net.inbox:
        nick = "Teacher" if conn == HOST else f"p{conn}"  # "p0" would be the teacher's p-names
        net.arrive(conn, f"NICK {nick}")
        net.arrive(conn, f"USER {nick} 0 * :{nick}")
    net.run_until_idle()
    assert all(person.registered for person in net.state.people.values())
    assert net.state.people[HOST].is_host


events = st.lists(
    st.tuples(
        st.integers(0, 7),  # which connection (0 is the host)
        st.integers(0, len(LINES) - 1),
        st.integers(1, 20),  # how many times in a row
        st.sampled_from((0.0, 0.0, 0.001, 0.01, 0.1, 0.5)),  # time passing first
    ),
    max_size=60,
)


@settings(max_examples=60, deadline=None)
@given(events)
def test_no_stretch_of_time_handles_more_than_the_address_budget(
    script: list[tuple[int, int, int, float]],
) -> None:
    """For every stretch [t_i, t_j] of handled lines: units ≤ (allowance + t_j - t_i) / cost
    plus one line's weight (the line that went over); the host never waited."""
    state = ServerState(small_budget_config())
    net = Network(state, connections=8)
    register_everyone(net)
    for index, (conn, kind, repeat, pause) in enumerate(script):
        net.now += pause
        for k in range(repeat):
            net.arrive(conn, LINES[kind].format(nick=f"n{conn}x{index}x{k}"))
        net.serve()
    net.run_until_idle()
    assert not net.host_waited
    cost, allowance = state.shares.cost_s, state.shares.allowance_s
    heaviest = max(limits.FLOOD_WEIGHT_NICK, limits.FLOOD_WEIGHT_WHO)
    handled = net.handled
    for i in range(len(handled)):
        units = 0
        for j in range(i, len(handled)):
            units += handled[j][2]
            span = handled[j][0] - handled[i][0]
            assert units <= (allowance + span) / cost + heaviest + 1e-6, (i, j, units, span)


@settings(max_examples=30, deadline=None)
@given(st.integers(2, 8), st.integers(0, 7))
def test_connections_of_a_busy_address_take_turns(connections: int, late: int) -> None:
    """Every connection of an address has 40 lines waiting: once the burst is spent they are
    served in turn (no one is two lines ahead of another that still has lines), and one that
    starts late, with one line, is served within one round."""
    state = ServerState(
        replace(small_budget_config(), flood_cost_s=0.02)
    )  # only the address limits
    net = Network(state, connections=connections + 1)
    register_everyone(net)
    late = 1 + late % connections
    busy = [conn for conn in range(1, connections + 1) if conn != late]
    for conn in busy:
        for k in range(40):
            net.arrive(conn, f"PRIVMSG #class :{k}")
    net.serve()  # the burst goes at once; then everyone is waiting
    net.now += 0.001
    net.arrive(late, "PRIVMSG #class :late")
    left = {conn: len(net.inbox[conn]) for conn in busy}
    start = len(net.handled)
    net.run_until_idle()
    served = [conn for _, conn, _ in net.handled[start:]]
    assert late in served[: len(busy) + 1], served[: len(busy) + 2]
    counts = dict.fromkeys(busy, 0)
    for conn in served:
        if conn == late:
            continue
        counts[conn] += 1
        still = [counts[c] for c in busy if counts[c] < left[c] or c == conn]
        assert max(still) - min(still) <= 1, (counts, served)


BIG_TAGS = f"@+big={'v' * 4000} PRIVMSG #class :tags"


@pytest.mark.parametrize(
    ("line", "units"),
    [
        ("PRIVMSG #class :hi", 1),
        ("NICK renamed", limits.FLOOD_WEIGHT_NICK),
        ("JOIN #class", 1),
        ("JOIN #brand-new", 1 + limits.FLOOD_WEIGHT_NEW_ROOM),
        ("JOIN #new1,#new2", 1 + 2 * limits.FLOOD_WEIGHT_NEW_ROOM),
        ("LIST", limits.FLOOD_WEIGHT_LIST),
        ("WHO *", limits.FLOOD_WEIGHT_WHO),
        ("SEARCH text=hello", limits.FLOOD_WEIGHT_SEARCH),
        ("CHATHISTORY LATEST #class * 10", limits.FLOOD_WEIGHT_CHATHISTORY),
        (BIG_TAGS, 1 + len(BIG_TAGS) // limits.FLOOD_LINE_BYTES),  # 8 lines
        ("FOO unknown", 1),
        ("PING :x", 1),
    ],
)
def test_lines_that_cost_the_server_more_cost_the_sender_more(line: str, units: int) -> None:
    """What one line adds to its address's timer, in lines (and to the person's own, except
    PING, which only its address counts)."""
    state = ServerState(ServerConfig(rooms=("#class",), host_secret=SECRET))
    net = Network(state, connections=2)
    register_everyone(net)
    net.arrive(1, "JOIN #class")
    net.run_until_idle()
    person, share = state.people[1], state.shares.shares[ADDRESS]
    before_own, before_address = person.flood_timer, share.timer
    state.received(1, line.encode(), net.now)
    address_cost = state.shares.cost_s
    assert round((share.timer - before_address) / address_cost) == units
    own = round((person.flood_timer - before_own) / state.config.flood_cost_s)
    assert own == (0 if line.startswith("PING") else units)
