"""What one more person costs the room's state in live Python objects, in-process, no sockets:
tracemalloc over N registrations and a JOIN of one room, grouped by the line that made them.

    python -m bench.person_memory                 # 500 people as bench/loadgen.py logs them in
    python -m bench.person_memory --window        # as a chatgui window does (CAP LS 302, its
                                                  # capabilities, its name as the real name)

The figure counts only the protocol core's objects (Person, the nick table, the room's
members, the address's share...): the network layer's (socket, connection, selector) and any
loop turn's peak are bench/memory.py's. 30 people join first, so the room's first-time costs
are not counted. Nothing asserts.
"""

from __future__ import annotations

import argparse
import gc
import tracemalloc

from chatgui.protocol.client.registration import WANTED_CAPS
from chatgui.protocol.server.model import ServerConfig
from chatgui.protocol.server.registration import offered
from chatgui.protocol.server.state import ServerState

WARM = 30
"""People in the room before the count starts."""


def log_in(state: ServerState, conn: int, window: bool) -> None:
    """Connection `conn` registers and joins #bench, as a window or as loadgen's clients."""
    state.connected(conn, f"127.0.{conn // 250}.{conn % 250 + 1}", 1000.0)
    nick = f"Student{conn:03d}"
    asked = sorted(WANTED_CAPS & offered(state).keys())  # as the window asks: what is offered
    lines = ["CAP LS 302", f"CAP REQ :{' '.join(asked)}"] if window else []
    realname = nick if window else "bench"
    lines += [f"NICK {nick}", f"USER {nick.lower()} 0 * :{realname}", "CAP END", "JOIN #bench"]
    for line in lines:
        state.received(conn, line.encode(), 1000.0)


def measure(count: int, window: bool, top: int) -> list[str]:
    state = ServerState(ServerConfig(max_per_address=None).with_flood(None))
    tracemalloc.start(1)
    for conn in range(WARM):
        log_in(state, conn, window)
    gc.collect()
    before = tracemalloc.take_snapshot()
    for conn in range(WARM, WARM + count):
        log_in(state, conn, window)
    gc.collect()
    after = tracemalloc.take_snapshot()
    tracemalloc.stop()
    stats = after.compare_to(before, "lineno")
    total = sum(stat.size_diff for stat in stats)
    said = [f"{count} people ({'as windows' if window else 'plain'}): {total / count:.0f} B each"]
    for stat in stats[:top]:
        frame = stat.traceback[0]
        where = f"{frame.filename.rpartition('chatgui/')[2]}:{frame.lineno}"
        said.append(f"  {stat.size_diff / count:7.1f} B  {stat.count_diff / count:5.2f}  {where}")
    return said


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.person_memory", description=__doc__)
    p.add_argument("--people", type=int, default=500)
    p.add_argument("--window", action="store_true", help="log in as a chatgui window does")
    p.add_argument("--top", type=int, default=12, help="lines of the breakdown (12)")
    a = p.parse_args(argv)
    print("\n".join(measure(a.people, a.window, a.top)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
