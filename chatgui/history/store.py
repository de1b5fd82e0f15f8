"""SqliteHistory: the host's messages in one SQLite file, for the server core and ChatServer.

It is the HistoryStore the server core asks to record and to find messages, and it gives
ChatServer what only the network layer needs: commit() before a message's bytes go out,
pruning in small steps, clearing a room, and its status for the window.

One connection, used only on the server's loop thread, and a Checkpointer thread that copies
the write-ahead log into the file, so no fsync ever holds up the room. WAL mode with
synchronous=NORMAL: a committed message survives the program being killed (only a power cut
may lose the last ones). Any database error stops the history for this run with a sentence
in `problem`; the room itself carries on.
"""

import contextlib
import json
import sqlite3
from collections.abc import Sequence
from pathlib import Path

from chatgui import limits
from chatgui.events import HistoryStatus
from chatgui.history.checkpoint import Checkpointer
from chatgui.history.problems import explain
from chatgui.protocol.server.history_store import (
    PRIVATE_SEPARATOR,
    Position,
    SearchQuery,
    StoredMessage,
)
from chatgui.protocol.server.model import ServerConfig

SCHEMA_VERSION = 1
SCHEMA = """
CREATE TABLE IF NOT EXISTS messages (
    id INTEGER PRIMARY KEY,         -- the order entries were stored in
    msgid TEXT NOT NULL UNIQUE,
    at REAL NOT NULL,               -- server time, seconds since the epoch
    conversation TEXT NOT NULL,     -- casefolded room, or "nick1,nick2" for private messages
    command TEXT NOT NULL,
    sender TEXT NOT NULL,           -- casefolded nick, for SEARCH from=
    source TEXT NOT NULL,           -- nick!user@host
    params TEXT NOT NULL,           -- JSON list of the parameters as relayed, but the last
    text TEXT NOT NULL,             -- the last parameter: what was said, for SEARCH text=
    tags TEXT NOT NULL              -- JSON object of the client-only tags
);
CREATE INDEX IF NOT EXISTS messages_by_conversation ON messages (conversation, at, id);
"""
# No index on `at` alone: each index costs a page written per message, and pruning by age
# finds the oldest by id (the order stored) anyway.
COLUMNS = "id, msgid, at, conversation, command, source, params, text, tags"
MESSAGES_ONLY = "command IN ('PRIVMSG', 'NOTICE')"
PRIVATE_OF = "(substr(conversation, 1, ?) = ? OR substr(conversation, -?) = ?)"
"""A private conversation of one nick: it starts with "nick," or ends with ",nick"."""


class SqliteHistory:
    """The history file of one room server. Construct it with open(); it never raises."""

    def __init__(self, path: Path, config: ServerConfig) -> None:
        self.path = path
        self.config = config
        self._db: sqlite3.Connection | None = None
        self._problem = ""
        self._checkpointer = Checkpointer(path)

    @classmethod
    def open(cls, path: Path, config: ServerConfig) -> "SqliteHistory":
        """Open (or make) the file; on failure the store is off and `problem` says why."""
        store = cls(path, config)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            store._db = sqlite3.connect(
                path, timeout=limits.HISTORY_BUSY_TIMEOUT_S, isolation_level=None
            )
            store._prepare(store._db)
        except (sqlite3.Error, OSError) as error:
            store._stop(error)
            return store
        store._checkpointer.start()
        return store

    def _prepare(self, db: sqlite3.Connection) -> None:
        version = db.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise sqlite3.DatabaseError("the file was made by a newer chatgui")
        mode = db.execute("PRAGMA journal_mode=WAL").fetchone()[0]
        if mode != "wal":
            raise sqlite3.OperationalError(f"the file can't use write-ahead logging ({mode})")
        db.execute("PRAGMA synchronous=NORMAL")
        db.execute("PRAGMA wal_autocheckpoint=0")  # the Checkpointer's thread does them
        page_size = db.execute("PRAGMA page_size").fetchone()[0]
        db.execute(f"PRAGMA max_page_count={max(1, self.config.history_max_bytes // page_size)}")
        db.executescript(SCHEMA)
        db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")

    # --- HistoryStore, for the server core ---

    @property
    def problem(self) -> str:
        return self._problem

    def record(self, entry: StoredMessage) -> None:
        db = self._db
        if db is None:
            return
        row = (
            entry.msgid,
            entry.at,
            entry.conversation,
            entry.command,
            entry.sender,
            entry.source,
            json.dumps(entry.params[:-1], ensure_ascii=False),
            entry.params[-1] if entry.params else "",
            json.dumps(dict(entry.tags), ensure_ascii=False),
        )
        try:
            if not db.in_transaction:
                db.execute("BEGIN")
            db.execute(
                "INSERT INTO messages (msgid, at, conversation, command, sender, source,"
                " params, text, tags) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                row,
            )
        except sqlite3.Error as error:
            self._stop(error)

    def find(self, conversation: str, msgid: str) -> StoredMessage | None:
        rows = self._select(
            f"SELECT {COLUMNS} FROM messages WHERE msgid = ? AND conversation = ?",
            (msgid, conversation),
        )
        return rows[0] if rows else None

    def between(
        self,
        conversation: str,
        after: Position,
        before: Position,
        limit: int,
        newest: bool,
        events: bool,
    ) -> list[StoredMessage]:
        which = "" if events else f"AND {MESSAGES_ONLY}"
        direction = "DESC" if newest else "ASC"
        rows = self._select(
            f"SELECT {COLUMNS} FROM messages WHERE conversation = ?"
            f" AND (at, id) > (?, ?) AND (at, id) < (?, ?) {which}"
            f" ORDER BY at {direction}, id {direction} LIMIT ?",
            (conversation, *after, *before, limit),
        )
        return rows[::-1] if newest else rows

    def targets(
        self, conversations: Sequence[str], nick: str, after: float, before: float, limit: int
    ) -> list[tuple[str, float]]:
        marks = ", ".join("?" * len(conversations))
        db = self._db
        if db is None:
            return []
        try:
            return db.execute(
                "SELECT conversation, MAX(at) AS latest FROM messages"
                f" WHERE at > ? AND at < ? AND {MESSAGES_ONLY}"
                f" AND (conversation IN ({marks}) OR {PRIVATE_OF})"
                " GROUP BY conversation ORDER BY latest LIMIT ?",
                (after, before, *conversations, *_private_of(nick), limit),
            ).fetchall()
        except sqlite3.Error as error:
            self._stop(error)
            return []

    def search(self, query: SearchQuery) -> list[StoredMessage]:
        marks = ", ".join("?" * len(query.conversations))
        conditions = [
            f"(conversation IN ({marks}) OR {PRIVATE_OF})",
            MESSAGES_ONLY,
            "at > ?",
            "at < ?",
        ]
        values: list[object] = [*query.conversations, *_private_of(query.private_of)]
        values += [query.after, query.before]
        if query.sender:
            conditions.append("sender = ?")
            values.append(query.sender)
        if query.text:
            conditions.append("text LIKE ? ESCAPE '\\'")
            values.append("%" + _like_escape(query.text) + "%")
        # Newest first in the order stored, so a common word stops the scan after `limit`.
        rows = self._select(
            f"SELECT {COLUMNS} FROM messages WHERE {' AND '.join(conditions)}"
            " ORDER BY id DESC LIMIT ?",
            (*values, query.limit),
        )
        return rows[::-1]

    # --- For ChatServer ---

    def commit(self) -> None:
        """Make what was recorded permanent. Called before any of it is sent to anyone."""
        db = self._db
        if db is not None and db.in_transaction:
            try:
                db.execute("COMMIT")
            except sqlite3.Error as error:
                self._stop(error)

    def uses_msgid_prefix(self, prefix: str) -> bool:
        """True if some kept msgid starts with `prefix` (a new run must choose another)."""
        db = self._db
        if db is None:
            return False
        try:
            row = db.execute(
                "SELECT 1 FROM messages WHERE msgid >= ? AND msgid < ? LIMIT 1",
                (prefix, prefix + "\U0010ffff"),
            ).fetchone()
        except sqlite3.Error as error:
            self._stop(error)
            return False
        return row is not None

    def prune_step(self, now: float) -> bool:
        """Delete one small batch of what the limits say must go; True if more is waiting."""
        db = self._db
        if db is None:
            return False
        batch = limits.HISTORY_PRUNE_BATCH
        try:
            cutoff = now - self.config.history_days * 86400
            deleted = _delete(db, "at < ? ORDER BY id", (cutoff,), batch)
            room, excess = _largest_excess(db, self.config.history_per_room)
            if excess > 0:
                oldest = "conversation = ? ORDER BY at, id"
                deleted += _delete(db, oldest, (room,), min(excess, batch))
            size_cap = self.config.history_max_bytes * limits.HISTORY_PRUNE_START_FRACTION
            if self._used_bytes(db) > size_cap:
                deleted += _delete(db, "1 ORDER BY id", (), batch)
        except sqlite3.Error as error:
            self._stop(error)
            return False
        self.commit()
        return deleted >= batch

    def clear_step(self, conversation: str, up_to_order: int) -> bool:
        """Delete a batch of one conversation's entries stored up to `up_to_order`;
        True if more are waiting."""
        db = self._db
        if db is None:
            return False
        batch = limits.HISTORY_PRUNE_BATCH
        try:
            chosen = (conversation, up_to_order)
            deleted = _delete(db, "conversation = ? AND id <= ?", chosen, batch)
        except sqlite3.Error as error:
            self._stop(error)
            return False
        self.commit()
        return deleted >= batch

    def last_order(self) -> int:
        """The order of the newest entry (0 when empty): clear_step() stops there."""
        db = self._db
        if db is None:
            return 0
        try:
            return int(db.execute("SELECT coalesce(MAX(id), 0) FROM messages").fetchone()[0])
        except sqlite3.Error as error:
            self._stop(error)
            return 0

    def bytes_in_use(self) -> int:
        """What the size cap counts: the file's pages in use (0 when the store is off)."""
        db = self._db
        if db is None:
            return 0
        try:
            return self._used_bytes(db)
        except sqlite3.Error as error:
            self._stop(error)
            return 0

    def status(self) -> HistoryStatus:
        config = self.config
        return HistoryStatus(
            kept=self._db is not None,
            path=str(self.path),
            private_kept=config.keep_private,
            retention_days=config.history_days,
            messages_per_room=config.history_per_room,
            problem=self._problem,
        )

    def close(self) -> None:
        """Commit and close the file (the loop thread, when the room closes)."""
        self._checkpointer.stop()
        self.commit()
        if self._db is not None:  # closing the last connection checkpoints the log
            self._db.close()
            self._db = None

    # --- Inside ---

    def _select(self, sql: str, values: Sequence[object]) -> list[StoredMessage]:
        db = self._db
        if db is None:
            return []
        try:
            return [_entry(row) for row in db.execute(sql, values)]
        except sqlite3.Error as error:
            self._stop(error)
            return []

    def _used_bytes(self, db: sqlite3.Connection) -> int:
        pages = db.execute("PRAGMA page_count").fetchone()[0]
        free = db.execute("PRAGMA freelist_count").fetchone()[0]
        size = db.execute("PRAGMA page_size").fetchone()[0]
        return int((pages - free) * size)

    def _stop(self, error: sqlite3.Error | OSError) -> None:
        """History is off for the rest of this run; `problem` says why."""
        self._problem = explain(error, self.path, self.config.history_max_bytes)
        self._checkpointer.stop()
        if self._db is not None:
            with contextlib.suppress(sqlite3.Error):  # already broken: closing is all that's left
                self._db.close()  # an open transaction is rolled back
            self._db = None


def _entry(row: tuple[int, str, float, str, str, str, str, str, str]) -> StoredMessage:
    order, msgid, at, conversation, command, source, params, text, tags = row
    return StoredMessage(
        msgid,
        at,
        conversation,
        command,
        source,
        (*json.loads(params), text),
        tuple(json.loads(tags).items()),
        order,
    )


def _private_of(nick: str) -> tuple[object, ...]:
    """The values for PRIVATE_OF; an empty nick matches nothing."""
    if not nick:
        return (0, "\0", 0, "\0")
    start, end = nick + PRIVATE_SEPARATOR, PRIVATE_SEPARATOR + nick
    return (len(start), start, len(end), end)


def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _delete(db: sqlite3.Connection, where: str, values: tuple[object, ...], count: int) -> int:
    """Delete up to `count` entries chosen by `where` (which may end in ORDER BY)."""
    if not db.in_transaction:
        db.execute("BEGIN")
    cursor = db.execute(
        f"DELETE FROM messages WHERE id IN (SELECT id FROM messages WHERE {where} LIMIT ?)",
        (*values, count),
    )
    return cursor.rowcount


def _largest_excess(db: sqlite3.Connection, most: int) -> tuple[str, int]:
    """The room most over its message limit, and by how many (0: none is over)."""
    row = db.execute(
        "SELECT conversation, COUNT(*) - ? AS excess FROM messages"
        " GROUP BY conversation ORDER BY excess DESC LIMIT 1",
        (most,),
    ).fetchone()
    return (row[0], row[1]) if row is not None else ("", 0)
