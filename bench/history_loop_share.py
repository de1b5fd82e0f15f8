"""The room loop's share of keeping history, alone: ServerHistory.record of each message
(with kept_entries.stored), the turn's after_writes and after_sends, in this thread's CPU time.

    python -m bench.history_loop_share                 # turns of 1 and of 16 messages
    PYTHONPATH=/elsewhere python -m bench.history_loop_share   # another version, same load

A real history file (a new one in a temporary folder) and its writer thread; only the loop's
part is timed (time.thread_time_ns around each turn). "cold": between turns the loop
sweeps 8 MB of memory and runs other Python, as a room does between one classroom message
and the next; "warm": turns back to back. Nothing asserts.
"""

from __future__ import annotations

import queue
import statistics
import tempfile
import time
from pathlib import Path

from chatgui.events import ChatEvent
from chatgui.net.server_history import ServerHistory
from chatgui.protocol.message import Message
from chatgui.protocol.server import kept_entries
from chatgui.protocol.server.model import ServerConfig

SWEEP = bytearray(8 << 20)


def _between_turns() -> None:
    """What a room does between two messages, roughly: other memory, other code."""
    SWEEP[::64] = bytes(len(SWEEP) // 64)
    sorted(str(n) for n in range(2000))


def measure(per_turn: int, turns: int, cold: bool) -> float:
    """Median µs of the loop's CPU per message, over `turns` turns of `per_turn` messages."""
    events: queue.Queue[ChatEvent] = queue.Queue()
    with tempfile.TemporaryDirectory() as folder:
        history = ServerHistory(Path(folder) / "history.sqlite3", None, events)
        _, store = history.open(ServerConfig(rooms=("#class",)))
        assert store is not None
        spent = []
        for turn in range(turns):
            lines = [
                Message(
                    "PRIVMSG",
                    ("#class", f"message {turn}.{k} of the lesson, with some words in it"),
                    "student7!student7@10.0.0.7",
                    {"time": "2026-12-07T09:00:00.000Z", "msgid": f"ab12cd34-{turn}.{k}"},
                )
                for k in range(per_turn)
            ]
            if cold:
                _between_turns()
            start = time.thread_time_ns()
            for line in lines:
                history.record(kept_entries.stored("#class", line, 1_800_000_000.0 + turn))
            history.after_writes()  # before the turn's sends
            history.after_sends()  # after them
            spent.append((time.thread_time_ns() - start) / 1000 / per_turn)
            if not cold and turn % 50 == 0:
                time.sleep(0.001)  # the writer moves them in meanwhile, as in a room
        history.close()
    return statistics.median(spent)


def main() -> None:
    print(f"bench/history_loop_share.py {time.strftime('%Y-%m-%d %H:%M:%S %Z')}")
    print(
        "loop CPU µs per message (median over turns), record + stored + after_writes + after_sends"
    )
    for per_turn, turns in ((1, 400), (16, 200)):
        for cold in (False, True):
            figures = [measure(per_turn, turns, cold) for _ in range(3)]
            low, high = min(figures), max(figures)
            kind = "cold" if cold else "warm"
            print(f"  {per_turn:2d} a turn, {kind}: {low:5.2f} - {high:5.2f}")


if __name__ == "__main__":
    main()
