"""How a stored message is a row of the messages table, and deleting rows in bounded batches.

The store (sqlite_history.py) decides what to keep; this module only turns entries into the
columns of the INSERT and back, and deletes what it is told to, `count` rows at a time, so no
prune ever holds the file for long.
"""

import json
import sqlite3
from collections.abc import Sequence

from chatgui.protocol.server.message_store import StoredMessage

COLUMNS = (
    "msgid, at, conversation, command, sender, source, params, text, tags, address, sender_key,"
    " lesson"
)
INSERT_BATCH = (
    f"INSERT OR IGNORE INTO messages ({COLUMNS})"
    " SELECT value->>0, value->>1, value->>2, value->>3, value->>4, value->>5,"
    " json_remove(value->6, '$[#-1]'), coalesce(value->>'$[6][#-1]', ''), value->7,"
    " value->>8, value->>9, ? FROM json_each(?)"
)
"""A batch of entries (as_batch) into a lesson (? first), in one statement: the word index
takes the batch's words in one go (a statement a message writes each one's words apart, at
twice the cost), and the writer's thread lets go of Python once a batch, not once a row."""
INSERT_ROW = f"INSERT OR IGNORE INTO messages ({COLUMNS}) VALUES ({', '.join('?' * 12)})"

_ENCODE = json.JSONEncoder(ensure_ascii=False).encode
_NUL = "\\u0000"
"""A NUL in JSON: SQLite's ->> would cut a string there, so such a batch goes row by row."""
_NO_TAGS: dict[str, str] = {}


def insert(db: sqlite3.Connection, entries: Sequence[StoredMessage], lesson: int) -> None:
    """Insert `entries` into `lesson` in their order (a msgid already in its conversation is
    kept, as is the first of two in `entries`)."""
    batch = as_batch(entries)
    if _NUL not in batch:
        db.execute(INSERT_BATCH, (lesson, batch))
    else:
        db.executemany(INSERT_ROW, [(*as_row(entry), lesson) for entry in entries])


def as_batch(entries: Sequence[StoredMessage]) -> str:
    """The entries as one JSON list for INSERT_BATCH: each the columns it reads, in order.
    A batch has few writers: each one's casefolded nick and address are worked out once."""
    writers: dict[str, tuple[str, str]] = {}
    batch = []
    for entry in entries:
        msgid, at, conversation, command, source, params, tags, _, sender_key = entry
        writer = writers.get(source)
        if writer is None:
            writer = writers[source] = (entry.sender, source.rpartition("@")[2])
        sender, address = writer
        kept = dict(tags) if tags else _NO_TAGS
        batch.append(
            (msgid, at, conversation, command, sender, source, params, kept, address, sender_key)
        )
    return _ENCODE(batch)


def as_row(entry: StoredMessage) -> tuple[object, ...]:
    """The columns of `entry` but its lesson, in the order of INSERT_ROW."""
    return (
        entry.msgid,
        entry.at,
        entry.conversation,
        entry.command,
        entry.sender,
        entry.source,
        _ENCODE(entry.params[:-1]),
        entry.params[-1] if entry.params else "",
        _ENCODE(dict(entry.tags)),
        entry.source.rpartition("@")[2],
        entry.sender_key,
    )


def as_entry(row: tuple[int, str, float, str, str, str, str, str, str, str]) -> StoredMessage:
    order, msgid, at, conversation, command, source, params, text, tags, sender_key = row
    return StoredMessage(
        msgid,
        at,
        conversation,
        command,
        source,
        (*json.loads(params), text),
        tuple(json.loads(tags).items()),
        order,
        sender_key,
    )


def delete_rows(
    db: sqlite3.Connection,
    where: str,
    values: tuple[object, ...],
    count: int,
    among_oldest: bool = False,
) -> int:
    """Delete up to `count` entries chosen by `where` (which may end in ORDER BY).

    among_oldest: look only at the `count` entries stored first, so that finding nothing
    to delete never reads the whole table (entries are stored in time order).
    """
    if not db.in_transaction:
        db.execute("BEGIN")
    rows = "(SELECT id, at FROM messages ORDER BY id LIMIT ?)" if among_oldest else "messages"
    head = (count,) if among_oldest else ()
    cursor = db.execute(
        f"DELETE FROM messages WHERE id IN (SELECT id FROM {rows} WHERE {where} LIMIT ?)",
        (*head, *values, count),
    )
    return cursor.rowcount
