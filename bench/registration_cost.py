"""What a registration costs the server's core alone: ServerState's CPU, no sockets.

    python -m bench.registration_cost                  # 15 rounds of 500, both rooms
    python -m bench.registration_cost --label after    # also written to bench/results/

500 people connect, then each sends NICK and USER, as `serve --flood off --max-per-address
off` would see them, in two rooms: an empty one (as bench/profile_storm.py's storm finds it)
and a class's, where the host (with the host key) and two helpers, ops in #class, are there
first, so every new name is compared with theirs (protocol/server/lookalikes.py). The
figure is the thread's CPU (time.thread_time_ns) per registration, min and median of the
rounds: the part of bench/profile_storm.py's loop-thread figure that is not the network's.
Nothing asserts.
"""

from __future__ import annotations

import argparse
import statistics
import time

from bench.report import Said
from chatgui.net.server import new_host_key
from chatgui.protocol.server.model import ServerConfig
from chatgui.protocol.server.state import ServerState

HOST_CONN = 100_000
"""The host's connection, and its helpers' after it: beyond the students' numbers."""


def class_room(with_staff: bool) -> ServerState:
    """A room as `serve --flood off --max-per-address off` keeps it, with #class; the host
    and two helpers (ops in #class) there already when `with_staff`."""
    key = new_host_key()
    config = ServerConfig(host_key=key, rooms=("#class",), max_per_address=None)
    state = ServerState(config.with_flood(None))
    if with_staff:
        say(
            state,
            HOST_CONN,
            f"PASS {key}",
            "NICK Ms_Rivera",
            "USER t 0 * :Ms Rivera",
            "JOIN #class",
        )
        for conn, helper in ((HOST_CONN + 1, "Mr_Lee"), (HOST_CONN + 2, "Ms_Khan")):
            say(state, conn, f"NICK {helper}", f"USER h 0 * :{helper}", "JOIN #class")
            say(state, HOST_CONN, f"MODE #class +o {helper}")
        assert len(state.channels["#class"].ops) == 3, "the helpers were not made ops"
    return state


def say(state: ServerState, conn: int, *lines: str) -> None:
    """Connection `conn` (connected first if new) sends `lines`."""
    if conn not in state.people:
        state.connected(conn, f"10.9.{conn % 250}.1", 1.0)
    for line in lines:
        state.received(conn, line.encode(), 1.0)


def registrations(state: ServerState, count: int) -> float:
    """µs of this thread's CPU per registration, for `count` people at once."""
    before = len(state.nicks)
    start = time.thread_time_ns()
    for i in range(count):
        state.connected(i, f"10.{i // 250}.{i % 250}.1", 1.0)
    for i in range(count):
        state.received(i, f"NICK s{i}x".encode(), 1.0)
        state.received(i, f"USER s{i} 0 * :Student {i}".encode(), 1.0)
    spent = time.thread_time_ns() - start
    assert len(state.nicks) == before + count, "not everyone registered"
    return spent / count / 1e3


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--label", default="", help="write the output to bench/results/ with this")
    p.add_argument("--rounds", type=int, default=15, help="rounds per room")
    p.add_argument("--count", type=int, default=500, help="registrations a round")
    a = p.parse_args()
    report = Said("bench/registration_cost.py", a.label)
    report(f"{a.count} registrations at once, ServerState alone: thread CPU µs per registration")
    rooms = (("empty room", False), ("the host and two helpers there", True))
    got: dict[str, list[float]] = {name: [] for name, _ in rooms}
    for _ in range(a.rounds):  # alternated, so a busy moment lands on both
        for name, with_staff in rooms:
            got[name].append(registrations(class_room(with_staff), a.count))
    for name, _ in rooms:
        each = got[name]
        report(f"  {name:32} min {min(each):.1f}  median {statistics.median(each):.1f}")
    report.keep("registration-cost")


if __name__ == "__main__":
    main()
