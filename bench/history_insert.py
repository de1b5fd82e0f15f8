"""What moving a message into the history's SQLite costs, by how it is inserted and by what the
schema keeps: thread CPU per message, in-process, on a fresh file in a temporary folder.

    python -m bench.history_insert               # 20,000 messages a case, twice each

Cases: a statement a message (executemany, as before) or one statement a batch (rows.insert);
batches of 200 or 1,000; and, for the batch statement, the schema without the word index,
without the per-address index, and with FTS5's cheaper options (detail=none, columnsize=0),
which would still answer store/search_sql.py's prefix-AND queries. Nothing asserts.
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from bench.history import WORDS
from bench.history_fanout import INSERT_ROW, TRIGGERS
from chatgui.protocol.server.message_store import StoredMessage
from chatgui.store import schema
from chatgui.store.rows import as_rows, insert

Insert = Callable[[sqlite3.Connection, list[StoredMessage]], None]


def entries(count: int) -> list[StoredMessage]:
    pick = random.Random(1)
    made = []
    for n in range(count):
        room = f"#room{n % 4}"
        text = " ".join(pick.choice(WORDS) for _ in range(pick.randint(3, 12)))
        source = f"nick{n % 30}!~u@10.0.0.{n % 30}"
        made.append(
            StoredMessage(f"ab12-{n}", 1.8e9 + n / 100, room, "PRIVMSG", source, (room, text))
        )
    return made


def per_row(db: sqlite3.Connection, batch: list[StoredMessage]) -> None:
    db.executemany(INSERT_ROW, as_rows(batch, 1))


def batched(db: sqlite3.Connection, batch: list[StoredMessage]) -> None:
    insert(db, batch, 1)


def words(option: str = "", index: bool = True, fts: bool = True) -> str:
    sql = schema.WORDS.replace("content_rowid='id',", f"content_rowid='id', {option}")
    if not index:
        sql = sql.replace(sql[: sql.index(";") + 1], "")
    # No word index: the batch's statement still adds its words, to a plain table.
    plain = "CREATE TABLE message_words (rowid INTEGER PRIMARY KEY, text);"
    return sql if fts else sql[: sql.index("CREATE VIRTUAL TABLE")] + plain


def cost(how: Insert, words_sql: str, count: int, batch: int) -> float:
    """Thread CPU µs a message: `count` messages, `batch` a transaction."""
    with tempfile.TemporaryDirectory() as folder:
        db = sqlite3.connect(Path(folder) / "h.sqlite3", isolation_level=None)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        db.executescript(schema.SCHEMA + words_sql + schema.LESSON_INDEX)
        made = entries(count)
        start = time.thread_time()
        for first in range(0, count, batch):
            db.execute("BEGIN")
            how(db, made[first : first + batch])
            db.execute("COMMIT")
        spent = time.thread_time() - start
        db.close()
    return spent * 1e6 / count


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--count", type=int, default=20_000)
    p.add_argument("--rounds", type=int, default=2)
    a = p.parse_args()
    cases: list[tuple[str, Insert, str, int]] = [
        ("a statement a message, batch 200 (before)", per_row, words() + TRIGGERS, 200),
        ("one statement a batch, batch 200", batched, words(), 200),
        ("one statement a batch, batch 1000 (after)", batched, words(), 1000),
        ("  the same, no word index", batched, words(fts=False), 1000),
        ("  the same, no per-address index", batched, words(index=False), 1000),
        ("  the same, FTS5 detail=none", batched, words("detail=none,"), 1000),
        ("  the same, FTS5 columnsize=0", batched, words("columnsize=0,"), 1000),
        ("  the same, both", batched, words("detail=none, columnsize=0,"), 1000),
    ]
    print(f"thread CPU µs a message, {a.count} messages a case, {a.rounds} rounds")
    for name, how, words_sql, batch in cases:
        runs = [cost(how, words_sql, a.count, batch) for _ in range(a.rounds)]
        print(f"  {name:45} {' '.join(f'{r:6.1f}' for r in runs)}")


if __name__ == "__main__":
    main()
