"""How a stored message is a row of the messages table, and deleting rows in bounded batches.

The store (sqlite_history.py) decides what to keep; this module only turns entries into the
columns of the INSERT and back, and deletes what it is told to, `count` rows at a time, so no
prune ever holds the file for long.
"""

import json
import sqlite3
from collections.abc import Sequence
from itertools import chain

from chatgui.protocol.names import CHANNEL_PREFIXES, is_channel
from chatgui.protocol.server.message_store import MESSAGE_COMMANDS, StoredMessage
from chatgui.store.schema import MESSAGES_ONLY, sql_list

COLUMNS = (
    "msgid, at, conversation, command, sender, source, params, text, tags, address, sender_key,"
    " lesson"
)
STAGED = "temp.staged"
"""A table of this connection alone, in memory, that a batch's rows pass through."""
STAGE = f"CREATE TEMP TABLE IF NOT EXISTS staged ({COLUMNS})"
_VALUES = f"({', '.join('?' * 12)})"
STAGE_ROW = f"INSERT INTO {STAGED} VALUES {_VALUES}"
STAGE_ROWS = 50
STAGE_MANY = f"INSERT INTO {STAGED} VALUES {', '.join([_VALUES] * STAGE_ROWS)}"
"""STAGE_ROWS rows a statement (600 values, under any SQLite's 999): the writer's thread lets
go of Python once for them, not once a row, so the room's loop, which wants it back after
every row, is not made to switch threads a thousand times a batch."""
MOVE_STAGED = (
    f"INSERT OR IGNORE INTO messages ({COLUMNS}) SELECT {COLUMNS} FROM {STAGED} ORDER BY rowid"
)
"""A batch's rows into the history in one statement: the word index takes the batch's words
in one go (a statement a message writes each one's words apart, at twice the cost). The rows
get there bound as parameters (stage()), not read out of one JSON text: SQLite's JSON
functions cost ~4.5 µs a row more than binding (bench/history_fanout.py)."""

ADD_WORDS = (
    "INSERT INTO message_words (rowid, text) SELECT id, text FROM messages"
    f" WHERE id > ? AND {MESSAGES_ONLY}"
)
_PRIVATE = f"substr(conversation, 1, 1) NOT IN {sql_list(CHANNEL_PREFIXES)}"
"""A private conversation's row: its conversation is not a room's name."""
ADD_PRIVATE_PEOPLE = (
    "INSERT OR IGNORE INTO private_people (person, conversation)"
    " SELECT substr(conversation, 1, instr(conversation, ',') - 1), conversation FROM messages"
    f" WHERE id > ?1 AND {_PRIVATE}"
    " UNION ALL"
    " SELECT substr(conversation, instr(conversation, ',') + 1), conversation FROM messages"
    f" WHERE id > ?1 AND {_PRIVATE}"
)
"""The words and the two people of the rows a batch added (ids past ?: the largest before
it), in a statement each, not a trigger run for every row; each runs only for a batch that
has such rows (insert)."""

_ENCODE = json.JSONEncoder(ensure_ascii=False).encode
_NO_TAGS = "{}"


def insert(db: sqlite3.Connection, entries: Sequence[StoredMessage], lesson: int) -> None:
    """Insert `entries` into `lesson` in their order (a msgid already in its conversation is
    kept, as is the first of two in `entries`)."""
    db.execute(STAGE)
    try:
        stage(db, as_rows(entries, lesson))
        moved = db.execute(MOVE_STAGED)
        if moved.rowcount > 0 and moved.lastrowid is not None:
            # The rows it added have the ids after the last before it (one past the largest
            # each): found without reading first, which another room's writer on the same
            # file could make out of date before this one may write.
            before = moved.lastrowid - moved.rowcount
            if any(entry.command in MESSAGE_COMMANDS for entry in entries):  # not joins alone
                db.execute(ADD_WORDS, (before,))
            if not all(is_channel(entry.conversation) for entry in entries):
                db.execute(ADD_PRIVATE_PEOPLE, (before,))
    finally:  # a batch refused (a full file) is staged again when tried again
        db.execute(f"DELETE FROM {STAGED}")


def stage(db: sqlite3.Connection, rows: list[tuple[object, ...]]) -> None:
    """`rows` into the staging table, STAGE_ROWS a statement, the rest one a statement."""
    whole = len(rows) - len(rows) % STAGE_ROWS
    for first in range(0, whole, STAGE_ROWS):
        db.execute(STAGE_MANY, tuple(chain.from_iterable(rows[first : first + STAGE_ROWS])))
    db.executemany(STAGE_ROW, rows[whole:])


def as_rows(entries: Sequence[StoredMessage], lesson: int) -> list[tuple[object, ...]]:
    """The entries as rows of STAGE_ROW. A batch has few writers and few kinds of message:
    each writer's casefolded nick and address, and each parameter list's JSON but the text,
    are worked out once a batch."""
    writers: dict[str, tuple[str, str]] = {}
    heads: dict[tuple[str, ...], str] = {}
    rows: list[tuple[object, ...]] = []
    for entry in entries:
        msgid, at, conversation, command, source, params, tags, _, sender_key = entry
        writer = writers.get(source)
        if writer is None:
            writer = writers[source] = (entry.sender, source.rpartition("@")[2])
        head = params[:-1]
        encoded = heads.get(head)
        if encoded is None:
            encoded = heads[head] = _ENCODE(head)
        rows.append(
            (
                msgid,
                at,
                conversation,
                command,
                writer[0],
                source,
                encoded,
                params[-1] if params else "",
                _ENCODE(dict(tags)) if tags else _NO_TAGS,
                writer[1],
                sender_key,
                lesson,
            )
        )
    return rows


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
