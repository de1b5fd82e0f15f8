"""How a stored message is a row of the messages table, and deleting rows in bounded batches.

The store (sqlite_history.py) decides what to keep; this module only turns entries into the
columns of the INSERT and back, and deletes what it is told to, `count` rows at a time, so no
prune ever holds the file for long.
"""

import json
import sqlite3

from chatgui.protocol.server.message_store import StoredMessage


def as_row(entry: StoredMessage) -> tuple[object, ...]:
    """The columns of `entry`, in the order of the INSERT."""
    return (
        entry.msgid,
        entry.at,
        entry.conversation,
        entry.command,
        entry.sender,
        entry.source,
        json.dumps(entry.params[:-1], ensure_ascii=False),
        entry.params[-1] if entry.params else "",
        json.dumps(dict(entry.tags), ensure_ascii=False),
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
