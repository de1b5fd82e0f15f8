"""What a busy room's batch costs the history's writer, piece by piece: fanout's messages (one
room, one or two writers, `~B <seq> <writer> <t_ns> xxx...`, as bench/loadgen.py sends them)
moved into SQLite HISTORY_FLUSH_BATCH at a time, thread CPU per message, in-process.

    python -m bench.history_fanout                  # 20,000 messages a case, 3 rounds
    python -m bench.history_fanout --writers 1 --batch 100

Cases: the store's insert (rows.insert: the batch bound row by row into a staging table, then
one statement, then its words and private people in a statement each) on the schema as it
is; the same with one piece left out (the per-address index, the per-lesson index, the index
of messages only, the word index, the unique msgid index) or with version 4's triggers adding
each row's words and people; the store's statement before (the batch as one JSON text read by
json_each, with the triggers); a statement a row straight into the table; and the Python that
makes the rows, or the JSON, alone. Nothing asserts.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from chatgui.protocol.server.message_store import StoredMessage
from chatgui.store import rows, schema
from chatgui.store.rows import COLUMNS, as_rows, insert

INSERT_ROW = f"INSERT OR IGNORE INTO messages ({COLUMNS}) VALUES ({', '.join('?' * 12)})"

Insert = Callable[[sqlite3.Connection, list[StoredMessage]], None]


def fanout_entries(count: int, writers: int) -> list[StoredMessage]:
    """Messages as a fanout's writers send them, stored as the room keeps them."""
    made = []
    for n in range(count):
        writer = n % writers
        text = f"~B {n // writers} {writer} {1_800_000_000_000_000_000 + n * 9_000} {'x' * 40}"
        made.append(
            StoredMessage(
                f"ab12cd34-{n}",
                1.8e9 + n / 1e4,
                "#bench",
                "PRIVMSG",
                f"w{writer}!~u@127.0.0.1",
                ("#bench", text),
            )
        )
    return made


JSON_BATCH = (
    f"INSERT OR IGNORE INTO messages ({COLUMNS})"
    " SELECT value->>0, value->>1, value->>2, value->>3, value->>4, value->>5,"
    " json_remove(value->6, '$[#-1]'), coalesce(value->>'$[6][#-1]', ''), value->7,"
    " value->>8, value->>9, ? FROM json_each(?)"
)
"""The store's statement until 2026-12-07: the batch handed to SQLite as one JSON text."""
_ENCODE = json.JSONEncoder(ensure_ascii=False).encode


def as_json(entries: list[StoredMessage]) -> str:
    """The batch as JSON_BATCH reads it (the store's as_batch until 2026-12-07)."""
    writers: dict[str, tuple[str, str]] = {}
    batch: list[tuple[object, ...]] = []
    for entry in entries:
        msgid, at, conversation, command, source, params, tags, _, sender_key = entry
        writer = writers.get(source)
        if writer is None:
            writer = writers[source] = (entry.sender, source.rpartition("@")[2])
        sender, address = writer
        kept = dict(tags) if tags else {}
        batch.append(
            (msgid, at, conversation, command, sender, source, params, kept, address, sender_key)
        )
    return _ENCODE(batch)


def json_batch(db: sqlite3.Connection, batch: list[StoredMessage]) -> None:
    db.execute(JSON_BATCH, (1, as_json(batch)))


def per_row(db: sqlite3.Connection, batch: list[StoredMessage]) -> None:
    """A statement a row straight into the table (the word index written row by row)."""
    db.executemany(INSERT_ROW, as_rows(batch, 1))


def without(sql: str, piece: str) -> str:
    """The schema's SQL with the statement that starts with `piece` left out."""
    start = sql.index(piece)
    end = sql.index(";", start)
    if piece.startswith("CREATE TRIGGER"):
        end = sql.index("END;", start) + 3
    return sql[:start] + sql[end + 1 :]


def stored(db: sqlite3.Connection, batch: list[StoredMessage]) -> None:
    insert(db, batch, 1)


def moved_only(db: sqlite3.Connection, batch: list[StoredMessage]) -> None:
    """The store's insert without adding the words and the private people after it."""
    db.execute(rows.STAGE)
    db.executemany(rows.STAGE_ROW, as_rows(batch, 1))
    db.execute(rows.MOVE_STAGED)
    db.execute(f"DELETE FROM {rows.STAGED}")


def no_words(db: sqlite3.Connection, batch: list[StoredMessage]) -> None:
    (last,) = db.execute("SELECT coalesce(MAX(id), 0) FROM messages").fetchone()
    moved_only(db, batch)
    db.execute(rows.ADD_PRIVATE_PEOPLE, (last,))


FULL = schema.SCHEMA + schema.WORDS + schema.LESSON_INDEX + schema.MESSAGES_INDEX
NO_WORDS = without(without(FULL, "CREATE VIRTUAL TABLE"), "CREATE TRIGGER")
TRIGGERS = """
CREATE TRIGGER private_people_added AFTER INSERT ON messages
WHEN substr(new.conversation, 1, 1) NOT IN ('#', '&') BEGIN
    INSERT OR IGNORE INTO private_people (person, conversation) VALUES
        (substr(new.conversation, 1, instr(new.conversation, ',') - 1), new.conversation),
        (substr(new.conversation, instr(new.conversation, ',') + 1), new.conversation);
END;
CREATE TRIGGER message_words_added AFTER INSERT ON messages
WHEN new.command IN ('PRIVMSG', 'NOTICE') BEGIN
    INSERT INTO message_words (rowid, text) VALUES (new.id, new.text);
END;
"""
"""Version 4's triggers: each row's words and private people added as it went in."""
VERSION_4 = FULL + TRIGGERS
CASES: list[tuple[str, str, Insert]] = [
    ("the store's insert, the schema", FULL, stored),
    (
        "  no per-address index",
        without(FULL, "CREATE INDEX IF NOT EXISTS messages_by_address"),
        stored,
    ),
    (
        "  no per-lesson index",
        without(FULL, "CREATE INDEX IF NOT EXISTS messages_by_lesson"),
        stored,
    ),
    (
        "  no index of messages only",
        without(FULL, "CREATE INDEX IF NOT EXISTS messages_said"),
        stored,
    ),
    ("  no word index", NO_WORDS, no_words),
    ("  no unique msgid", FULL.replace(",\n    UNIQUE (conversation, msgid)", ""), stored),
    ("  words and people by a trigger a row", VERSION_4, moved_only),
    ("one JSON text a batch, triggers (before)", VERSION_4, json_batch),
    ("a statement a row into the table", VERSION_4, per_row),
]


def cost(sql: str, how: Insert, made: list[StoredMessage], batch: int) -> float:
    """Thread CPU µs a message: `made`, `batch` a transaction, on a fresh file."""
    with tempfile.TemporaryDirectory() as folder:
        db = sqlite3.connect(Path(folder) / "h.sqlite3", isolation_level=None)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        db.executescript(sql)
        start = time.thread_time()
        for first in range(0, len(made), batch):
            db.execute("BEGIN")
            how(db, made[first : first + batch])
            db.execute("COMMIT")
        spent = time.thread_time() - start
        db.close()
    return spent * 1e6 / len(made)


def python_cost(
    make: Callable[[list[StoredMessage]], object], made: list[StoredMessage], batch: int
) -> float:
    start = time.thread_time()
    for first in range(0, len(made), batch):
        make(made[first : first + batch])
    return (time.thread_time() - start) * 1e6 / len(made)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--count", type=int, default=20_000)
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--writers", type=int, default=2)
    p.add_argument("--batch", type=int, default=1000)
    a = p.parse_args()
    made = fanout_entries(a.count, a.writers)
    print(f"bench/history_fanout.py {time.strftime('%Y-%m-%d %H:%M:%S %Z')}")
    print(
        f"thread CPU µs a message, {a.count} messages, {a.writers} writer(s),"
        f" {a.batch} a transaction, {a.rounds} rounds (median)"
    )
    for name, sql, how in CASES:
        runs = [cost(sql, how, made, a.batch) for _ in range(a.rounds)]
        print(f"  {name:40} {statistics.median(runs):6.2f}  ({min(runs):.2f}-{max(runs):.2f})")
    for name, make in (
        ("the rows alone (as_rows, Python)", lambda b: as_rows(b, 1)),
        ("the JSON alone (until now, Python)", as_json),
    ):
        runs = [python_cost(make, made, a.batch) for _ in range(a.rounds)]
        print(f"  {name:40} {statistics.median(runs):6.2f}")


if __name__ == "__main__":
    main()
