"""What one move into the history's SQLite costs the writer thread, by how many it moves: a
class's trickle, flushed every HISTORY_FLUSH_INTERVAL_S, moves a few dozen at a time.

    python -m bench.history_flush                      # batches of 30 to 300, 20 flushes each
    python -m bench.history_flush --sizes 30,150 --flushes 40

Each flush goes through the real SqliteHistory (pending file, one statement, commit, the size
check the writer makes after it) on a file holding 5,000 messages already, and comes to it
cold: between two flushes this thread sweeps 8 MB of memory and sleeps, as the writer waits
a few seconds between flushes while the room's loop runs. Thread CPU per flush, median; then
the same for a bare connection with one part of the schema left out (the per-address index,
the word index), batch 30. Nothing asserts.
"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import tempfile
import time
from pathlib import Path

from bench.history_insert import entries, words
from chatgui.protocol.server.model import ServerConfig
from chatgui.store import SqliteHistory, schema
from chatgui.store.rows import insert

SWEEP = bytearray(8 << 20)
FILLED = 5000


def _between_flushes() -> None:
    SWEEP[::64] = bytes(len(SWEEP) // 64)
    sorted(str(n) for n in range(2000))
    time.sleep(0.02)


def flush_cost(size: int, flushes: int) -> list[float]:
    """Thread CPU µs of each of `flushes` flushes of `size` messages."""
    made = entries(FILLED + size * flushes)
    spent = []
    with tempfile.TemporaryDirectory() as folder:
        store = SqliteHistory.open(Path(folder) / "h.sqlite3", ServerConfig(rooms=("#room0",)))
        assert not store.problem, store.problem
        store.append_pending(made[:FILLED])
        store.take(made[:FILLED])
        store.flush()
        for first in range(FILLED, len(made), size):
            batch = made[first : first + size]
            store.append_pending(batch)
            store.take(batch)
            _between_flushes()
            start = time.thread_time_ns()
            store.flush()
            store.nears_size_cap()
            spent.append((time.thread_time_ns() - start) / 1000)
        store.close()
    return spent


def bare_cost(words_sql: str, size: int, flushes: int) -> float:
    """Median thread CPU µs of a flush (insert and commit) on a bare connection."""
    made = entries(FILLED + size * flushes)
    spent = []
    with tempfile.TemporaryDirectory() as folder:
        db = sqlite3.connect(Path(folder) / "h.sqlite3", isolation_level=None)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        db.executescript(schema.SCHEMA + words_sql + schema.LESSON_INDEX)
        insert(db, made[:FILLED], 1)
        for first in range(FILLED, len(made), size):
            _between_flushes()
            start = time.thread_time_ns()
            db.execute("BEGIN")
            insert(db, made[first : first + size], 1)
            db.execute("COMMIT")
            spent.append((time.thread_time_ns() - start) / 1000)
        db.close()
    return statistics.median(spent)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--sizes", default="30,60,90,150,300", help="messages a flush")
    p.add_argument("--flushes", type=int, default=20)
    a = p.parse_args()
    print(f"bench/history_flush.py {time.strftime('%Y-%m-%d %H:%M:%S %Z')}")
    print("thread CPU of one flush, cold, median (range per message)")
    for size in (int(s) for s in a.sizes.split(",")):
        spent = flush_cost(size, a.flushes)
        median = statistics.median(spent)
        low, high = min(spent) / size, max(spent) / size
        print(
            f"  {size:4} a flush: {median:6.0f} µs, {median / size:5.1f} µs a message"
            f" ({low:.1f}-{high:.1f})"
        )
    print("bare connection, 30 a flush, µs a message:")
    for name, words_sql in (
        ("the schema", words()),
        ("no per-address index", words(index=False)),
        ("no word index", words(fts=False)),
    ):
        print(f"  {name:22} {bare_cost(words_sql, 30, a.flushes) / 30:5.1f}")


if __name__ == "__main__":
    main()
