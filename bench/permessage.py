"""What one received room message costs the server's state, in-process: N PRIVMSGs to a room
of 30 through ServerState.received, no sockets, as bench/loadgen.py's people send them (no
capabilities, flood control off as the benchmarks run it). Prints µs per message for each of
three repeats, with --profile the top entries of one more under cProfile, and with --calls
the Python functions and C functions called per message (sys.setprofile), the most called first.
With --cold each message is timed alone after a sweep of other memory and other code, as a
classroom's message finds the caches (the median of --count messages, in thread CPU time).

    python -m bench.permessage                 # 20,000 messages, 3 repeats
    python -m bench.permessage --cold --count 3000
    python -m bench.permessage --profile 20
    python -m bench.permessage --calls 40
    python -m bench.permessage --word-filter darn,heck,badword   # with the host's word filter

Nothing asserts; compare figures taken in the same run.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import statistics
import sys
import time
from collections import Counter
from dataclasses import replace

from bench.call_count import counting_into, show_per_message
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


SWEEP = bytearray(8 << 20)


def _between_messages() -> None:
    """What a room does between two classroom messages, roughly: other memory, other code."""
    SWEEP[::64] = bytes(len(SWEEP) // 64)
    sorted(str(n) for n in range(2000))


def run_cold(state: ServerState, count: int) -> float:
    """Median µs of CPU of one message, each handled after _between_messages()."""
    lines = [f"PRIVMSG {ROOM} :message {i} from the bench".encode() for i in range(count)]
    received = state.received
    spent = []
    for index, line in enumerate(lines):
        _between_messages()
        start = time.thread_time_ns()
        received(index % PEOPLE + 1, line, 1_000_000.0 + index * 0.001)
        spent.append((time.thread_time_ns() - start) / 1000)
    return statistics.median(spent)


def calls(state: ServerState, count: int) -> Counter[str]:
    """Each function called while `count` messages are handled, with how often: "py
    module.function" for Python's, "c name" for those written in C."""
    lines = [f"PRIVMSG {ROOM} :message {i} from the bench".encode() for i in range(count)]
    seen: Counter[str] = Counter()
    received = state.received
    sys.setprofile(counting_into(seen))
    for index, line in enumerate(lines):
        received(index % PEOPLE + 1, line, 1_000_000.0 + index * 0.001)
    sys.setprofile(None)
    del seen["c setprofile"]
    return seen


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--count", type=int, default=20_000)
    p.add_argument("--repeats", type=int, default=3)
    p.add_argument("--profile", type=int, default=0, help="show this many profile entries")
    p.add_argument("--cold", action="store_true", help="each message after a cache sweep")
    p.add_argument("--calls", type=int, default=0, help="show this many functions called")
    p.add_argument("--word-filter", default="", help="words to filter, separated by commas")
    a = p.parse_args()
    words = tuple(w for w in a.word_filter.split(",") if w)
    measure = run_cold if a.cold else run
    figures = [measure(classroom(words), a.count) for _ in range(a.repeats)]
    kind = "median µs per message, caches swept before each" if a.cold else "µs per message"
    print(f"{kind}:", ", ".join(f"{f:.2f}" for f in figures))
    if a.profile:
        state = classroom(words)
        profiler = cProfile.Profile()
        profiler.runcall(run, state, a.count)
        pstats.Stats(profiler).sort_stats("tottime").print_stats(a.profile)
    if a.calls:
        show_per_message(calls(classroom(words), 1000), 1000, a.calls)


if __name__ == "__main__":
    main()
