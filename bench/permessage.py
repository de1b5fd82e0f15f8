"""What one received room message costs the server's state, in-process: N PRIVMSGs to a room
of 30 through ServerState.received, no sockets, as bench/loadgen.py's people send them (no
capabilities, flood control off as the benchmarks run it). Prints µs per message for each of
three repeats, and with --profile the top entries of one more under cProfile.

    python -m bench.permessage                 # 20,000 messages, 3 repeats
    python -m bench.permessage --profile 20
    python -m bench.permessage --word-filter darn,heck,badword   # with the host's word filter

Nothing asserts; compare figures taken in the same run.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import time
from dataclasses import replace

from chatgui.protocol.server.model import ServerConfig
from chatgui.protocol.server.state import ServerState

ROOM = "#bench"
PEOPLE = 30


def classroom(words: tuple[str, ...] = ()) -> ServerState:
    """A room of PEOPLE registered and joined, flood control off, no history; `words`: the
    word filter's (masked), none by default."""
    config = ServerConfig(flood_cost_s=0.0, address_flood_cost_s=0.0, word_filter=words)
    state = ServerState(replace(config, word_filter_action="mask"))
    for conn in range(1, PEOPLE + 1):
        state.connected(conn, "127.0.0.1", 0.0)
        for line in (f"NICK n{conn}", f"USER n{conn} 0 * :bench", f"JOIN {ROOM}"):
            state.received(conn, line.encode(), 0.0)
    return state


def run(state: ServerState, count: int) -> float:
    """µs of CPU per message for `count` messages, each from the next person in turn."""
    lines = [f"PRIVMSG {ROOM} :message {i} from the bench".encode() for i in range(count)]
    received = state.received
    start = time.process_time()
    now = 1_000_000.0
    for index, line in enumerate(lines):
        received(index % PEOPLE + 1, line, now + index * 0.001)
    return (time.process_time() - start) / count * 1e6


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--count", type=int, default=20_000)
    p.add_argument("--repeats", type=int, default=3)
    p.add_argument("--profile", type=int, default=0, help="show this many profile entries")
    p.add_argument("--word-filter", default="", help="words to filter, separated by commas")
    a = p.parse_args()
    words = tuple(w for w in a.word_filter.split(",") if w)
    figures = [run(classroom(words), a.count) for _ in range(a.repeats)]
    print("µs per message:", ", ".join(f"{f:.2f}" for f in figures))
    if a.profile:
        state = classroom(words)
        profiler = cProfile.Profile()
        profiler.runcall(run, state, a.count)
        pstats.Stats(profiler).sort_stats("tottime").print_stats(a.profile)


if __name__ == "__main__":
    main()
