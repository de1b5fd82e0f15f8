"""SqliteHistory: the host's messages in one SQLite file, for the server core and ChatServer.

It is the HistoryStore the server core asks to record and to find messages, and it gives
ChatServer what only the network layer needs: flush(), pruning in small steps, clearing a
room, and its status for the window.

It keeps one lesson (lessons.py): the one its start chose, continued or new. Every query
answers from that lesson only; pruning and clearing work on the whole file.

record() appends the message to the lesson's PendingFile at once (so it is safe before anyone
receives it) and flush() moves the waiting ones into SQLite after they went out,
HISTORY_FLUSH_BATCH a transaction; every query flushes first, so it sees them all. A room
server splits record() in two: its loop thread appends (append_pending) and the history's
writer thread takes the entries (take) and does everything else (net/history_writer.py). One
connection, used only on the thread that opened the store (the writer's, never the room's
loop), which also copies the write-ahead log into the file every HISTORY_CHECKPOINT_PAGES.
WAL mode with synchronous=NORMAL: nothing is lost when the program is killed (only a power
cut may lose the last messages). Any error stops the history for this run with a sentence in
`problem`; the room itself carries on.

Against one student: SEARCH looks words up in an FTS5 index and reads a bounded number of
messages; a room past its cap, or a file at its size cap, loses the lines of whoever wrote
most first (earlier lessons before this one: pruning.py), and notes() tells the host whose;
the files are readable by the host's user only (opening.py).
"""

import contextlib
import logging
import sqlite3
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from chatgui import limits
from chatgui.events import HistoryStatus
from chatgui.protocol import names
from chatgui.protocol.server.message_store import (
    Position,
    SearchQuery,
    StoredMessage,
)
from chatgui.protocol.server.model import ServerConfig
from chatgui.store.lessons import LessonPlan, choose, ended
from chatgui.store.opening import make_private, prepare
from chatgui.store.pending import PendingFile, left_behind, pending_path, read_entries
from chatgui.store.problems import explain
from chatgui.store.pruning import Pruning, used_bytes
from chatgui.store.rows import as_entry, delete_rows, insert
from chatgui.store.schema import COLUMNS, MESSAGES_ONLY, rooms_or_private
from chatgui.store.search_sql import search_sql

log = logging.getLogger(__name__)


class SqliteHistory:
    """The history file of one room server. Construct it with open(); it never raises."""

    def __init__(self, path: Path, config: ServerConfig) -> None:
        self.path = path
        self.config = config
        self._db: sqlite3.Connection | None = None
        self._problem = ""
        self._opened_at = time.time()
        self.lesson = 0
        """The lesson this run records into and answers from (0 until the file is open)."""
        self._continued = False
        self._pending_file = PendingFile(path, 0)
        self._pending: list[StoredMessage] = []
        self._taken = 0
        """Entries taken from the pending file since it was last emptied."""
        self._cap_pages = 1
        """The size cap in pages (set when the file is opened)."""
        self._pruning = Pruning(config)

    @classmethod
    def open(
        cls, path: Path, config: ServerConfig, plan: LessonPlan | None = None
    ) -> "SqliteHistory":
        """Open (or make) the file and the lesson `plan` asks for (by default: the room's
        lesson that ended in a crash, continued, else a new one); on failure the store is off
        and `problem` says why."""
        store = cls(path, config)
        try:
            make_private(path)
            store._db = sqlite3.connect(
                path, timeout=limits.HISTORY_BUSY_TIMEOUT_S, isolation_level=None
            )
            store._cap_pages, rooms = prepare(store._db, config.history_max_bytes)
            store._pruning.unchecked = rooms
            db = store._db
            with store._room_to_delete(db):  # a file that filled up last time: room first
                while store._pruning.make_room(db, store.lesson):
                    db.execute("COMMIT")
            for lesson in left_behind(path):  # runs that ended abruptly: their lines first
                store._move_left_over(db, lesson, pending_path(path, lesson))
            store._open_lesson(db, plan or LessonPlan())
        except (sqlite3.Error, OSError) as error:
            store._stop(error)
        return store

    def _move_left_over(self, db: sqlite3.Connection, lesson: int, pending: Path) -> None:
        """The lines a run of `lesson` left in its pending file, into the history."""
        self.lesson = lesson
        self._pending = read_entries(pending)
        self._move_in_parts(db, len(self._pending))
        pending.unlink(missing_ok=True)

    def _open_lesson(self, db: sqlite3.Connection, plan: LessonPlan) -> None:
        """Choose the lesson (lessons.py) and hold it: its pending file, locked. One that
        another room took meanwhile is left to it, and a new lesson begins."""
        room = names.casefold(self.config.rooms[0]) if self.config.rooms else ""
        for attempt in (plan, LessonPlan(title=plan.title, fresh=True)):
            db.execute("BEGIN IMMEDIATE")
            self.lesson = choose(db, self.path, room, attempt, self._opened_at)
            db.execute("COMMIT")
            self._pending_file = PendingFile(self.path, self.lesson)
            if self._pending_file.open():
                break
        else:
            raise sqlite3.OperationalError("database is locked: a new lesson could not be held")
        (started,) = db.execute(
            "SELECT started FROM lessons WHERE id = ?", (self.lesson,)
        ).fetchone()
        self._continued = started < self._opened_at
        # The one pending file of a chatgui from before lessons goes into this lesson.
        self._move_left_over(db, self.lesson, pending_path(self.path, None))

    # --- HistoryStore, for the server core ---

    @property
    def problem(self) -> str:
        return self._problem

    def record(self, entry: StoredMessage) -> None:
        try:
            if self.append_pending((entry,)):
                self.take((entry,))
        except OSError as error:
            self._stop(error)

    def find(self, conversation: str, msgid: str) -> StoredMessage | None:
        rows = self._select(
            f"SELECT {COLUMNS} FROM messages WHERE msgid = ? AND conversation = ? AND lesson = ?",
            (msgid, conversation, self.lesson),
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
            f"SELECT {COLUMNS} FROM messages WHERE lesson = ? AND conversation = ?"
            f" AND (at, id) > (?, ?) AND (at, id) < (?, ?) {which}"
            f" ORDER BY at {direction}, id {direction} LIMIT ?",
            (self.lesson, conversation, *after, *before, limit),
        )
        return rows[::-1] if newest else rows

    def targets(
        self, conversations: Sequence[str], private_of: str, after: float, before: float, limit: int
    ) -> list[tuple[str, float]]:
        db = self._ready()
        if db is None:
            return []
        try:
            return db.execute(
                "SELECT conversation, MAX(at) AS latest FROM messages"
                f" WHERE lesson = ? AND at > ? AND at < ? AND {MESSAGES_ONLY}"
                f" AND {rooms_or_private(len(conversations))}"
                " GROUP BY conversation ORDER BY latest LIMIT ?",
                (self.lesson, after, before, *conversations, private_of, limit),
            ).fetchall()
        except sqlite3.Error as error:
            self._stop(error)
            return []

    def search(self, query: SearchQuery) -> list[StoredMessage]:
        """The newest matches among at most SEARCH_MAX_EXAMINED candidates, never the whole
        file: the messages that have the words (the word index), else the newest ones."""
        sql, values = search_sql(query, self.lesson)
        rows = self._select(sql, values)
        return sorted(rows, key=lambda entry: entry.order)

    # --- For ChatServer ---

    def append_pending(self, entries: Sequence[StoredMessage]) -> bool:
        """Any thread: `entries` into the pending file, safe from a crash once this returns;
        False when the history is off. Raises OSError (a full disk): stop_on() it."""
        if self._db is None:
            return False
        self._pending_file.append(entries)
        return True

    def take(self, entries: Sequence[StoredMessage]) -> None:
        """Entries appended to the pending file, to move into SQLite with the next flush()."""
        if self._db is not None:
            self._pending.extend(entries)
            self._taken += len(entries)

    def stop_on(self, error: OSError) -> None:
        """The pending file could not be written: history is off for this run (the first
        problem is the one kept)."""
        if not self._problem:
            self._stop(error)

    def waiting(self) -> int:
        """How many recorded messages are not in SQLite yet (flush() moves them)."""
        return len(self._pending)

    def flush(self, most: int | None = None) -> None:
        """Move the waiting messages (the first `most` of them) into SQLite,
        HISTORY_FLUSH_BATCH a transaction. ChatServer moves a flood's backlog in parts, the
        room served between.

        Then SQLite lets go of its copies of the pages (shrink_memory). It keeps every page it
        writes, up to 2 MB, which held a lesson's talk in the room's memory for a question
        that reads the few pages it needs back from the system's file cache in microseconds."""
        db = self._db
        if db is None or not self._pending:
            return
        try:
            self._move_in_parts(db, len(self._pending) if most is None else most)
            if not self._pending and self._pending_file.empty(self._taken):
                self._taken = 0
            db.execute("PRAGMA shrink_memory")
        except (sqlite3.Error, OSError) as error:
            self._stop(error)

    def nears_size_cap(self) -> bool:
        """True when the file's used pages passed the share of its cap where pruning starts."""
        if self._db is None:
            return False
        size_cap = self.config.history_max_bytes * limits.HISTORY_PRUNE_START_FRACTION
        try:
            return used_bytes(self._db) > size_cap
        except sqlite3.Error as error:
            self._stop(error)
            return False

    def notes(self) -> tuple[str, ...]:
        """What the host should hear since the last call (whose lines went first), once each.
        Called after every line the room handles: nothing new costs nothing."""
        taken = tuple(self._pruning.notes)
        self._pruning.notes.clear()
        return taken

    def uses_msgid_prefix(self, prefix: str) -> bool:
        """True if some kept msgid starts with `prefix` (a new run must choose another).

        A scan of the table (msgids are indexed only within their conversation): once per start.
        """
        db = self._ready()
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
        batch = limits.HISTORY_PRUNE_BATCH
        cutoff = now - self.config.history_days * 86400

        def prune(db: sqlite3.Connection) -> int:
            deleted = delete_rows(db, "at < ?", (cutoff,), batch, among_oldest=True)
            deleted += self._pruning.trim_a_room(db)
            return deleted + self._pruning.make_room(db, self.lesson)

        deleted = self._delete_batch(prune)
        return deleted is not None and (deleted >= batch or bool(self._pruning.unchecked))

    def next_expiry(self) -> float | None:
        """When (time.time()) the oldest kept message passes the retention, so pruning by
        age has something to do; None when nothing is kept (or the store is off)."""
        db = self._ready()
        if db is None:
            return None
        try:
            (oldest,) = db.execute(
                "SELECT MIN(at) FROM (SELECT at FROM messages ORDER BY id LIMIT ?)",
                (limits.HISTORY_PRUNE_BATCH,),  # where prune_step looks (rows.delete_rows)
            ).fetchone()
        except sqlite3.Error as error:
            self._stop(error)
            return None
        return None if oldest is None else float(oldest) + self.config.history_days * 86400

    def clear_step(self, conversation: str, up_to_order: int) -> bool:
        """Delete a batch of one conversation's entries stored up to `up_to_order`;
        True if more are waiting."""
        batch = limits.HISTORY_PRUNE_BATCH
        chosen = (conversation, up_to_order)
        deleted = self._delete_batch(
            lambda db: delete_rows(db, "conversation = ? AND id <= ?", chosen, batch)
        )
        return deleted is not None and deleted >= batch

    def last_order(self) -> int:
        """The order of the newest entry (0 when empty): clear_step() stops there."""
        db = self._ready()
        if db is None:
            return 0
        try:
            return int(db.execute("SELECT coalesce(MAX(id), 0) FROM messages").fetchone()[0])
        except sqlite3.Error as error:
            self._stop(error)
            return 0

    def bytes_in_use(self) -> int:
        """What the size cap counts: the file's pages in use (0 when the store is off)."""
        db = self._ready()
        if db is None:
            return 0
        try:
            return used_bytes(db)
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
            lesson=self.lesson if self._db is not None else 0,
            continued=self._continued,
        )

    def close(self) -> None:
        """Move what waits into SQLite, end the lesson and close the files (when the room
        closes)."""
        self.flush()
        if self._db is None:
            return
        try:
            ended(self._db, self.lesson, time.time())
        except sqlite3.Error as error:  # left unended: the next start continues the lesson
            log.warning("the lesson could not be ended: %s", error)
        # A folder made read-only meanwhile: the emptied pending file stays (harmless), and
        # the log is copied in next time. Closing the room must never fail because of it.
        with contextlib.suppress(OSError):
            self._pending_file.close(remove=True)
        with contextlib.suppress(sqlite3.Error):
            self._db.close()  # closing the last connection checkpoints the log
        self._db = None

    # --- Inside ---

    def _ready(self) -> sqlite3.Connection | None:
        """The connection, with every recorded message in it; None when the store is off."""
        self.flush()
        return self._db

    def _move_pending(self, db: sqlite3.Connection, most: int) -> None:
        """The waiting messages (the first `most`) into SQLite (one transaction; a msgid
        already there is kept)."""
        moving = self._pending[:most]
        if not moving:
            return
        if not db.in_transaction:  # pruning may have begun one that deleted nothing
            db.execute("BEGIN")
        insert(db, moving, self.lesson)
        db.execute("COMMIT")
        self._pruning.unchecked.update(entry.conversation for entry in moving)
        del self._pending[: len(moving)]

    def _move_in_parts(self, db: sqlite3.Connection, count: int) -> None:
        """The first `count` waiting messages into SQLite, HISTORY_FLUSH_BATCH per
        transaction: a flood's backlog, larger than the file's cap, still fits part by part."""
        while self._pending and count > 0:
            part = min(count, limits.HISTORY_FLUSH_BATCH)
            self._move_pending_making_room(db, part)
            count -= part

    def _move_pending_making_room(self, db: sqlite3.Connection, most: int) -> None:
        """_move_pending(); a file at its size cap first makes room (earlier lessons, then
        the biggest writer's oldest lines) and tries again: new lines are refused only when
        nothing is left to remove, or the disk itself is full."""
        for _ in range(limits.HISTORY_FULL_PRUNE_TRIES):
            try:
                self._move_pending(db, most)
                return
            except sqlite3.OperationalError as error:
                if not error.sqlite_errorname.startswith("SQLITE_FULL"):
                    raise
            if db.in_transaction:
                db.execute("ROLLBACK")
            with self._room_to_delete(db):
                if not self._pruning.make_room(db, self.lesson, at_once=True):
                    break
                db.execute("COMMIT")
        self._move_pending(db, most)

    def _delete_batch(self, delete: Callable[[sqlite3.Connection], int]) -> int | None:
        """Run one batch of `delete` and commit it: how many rows went; None when the store
        is off or has just stopped."""
        db = self._ready()
        if db is None:
            return None
        try:
            with self._room_to_delete(db):
                deleted = delete(db)
                self._commit()
        except sqlite3.Error as error:
            self._stop(error)
            return None
        return deleted

    @contextlib.contextmanager
    def _room_to_delete(self, db: sqlite3.Connection) -> Iterator[None]:
        """Deleting writes too (the word index notes what went): a file at its cap may pass
        it a little while pruning, else it could never make room."""
        extra = int(self._cap_pages * limits.HISTORY_PRUNE_HEADROOM_FRACTION)
        pages = max(self._cap_pages, db.execute("PRAGMA page_count").fetchone()[0])
        db.execute(f"PRAGMA max_page_count={pages + extra}")
        try:
            yield
        finally:  # never below the file's size: SQLite keeps the larger of the two
            if self._db is db:  # still open (a failed commit stops the store)
                db.execute(f"PRAGMA max_page_count={self._cap_pages}")

    def _commit(self) -> None:
        db = self._db
        if db is not None and db.in_transaction:
            try:
                db.execute("COMMIT")
            except sqlite3.Error as error:
                self._stop(error)

    def _select(self, sql: str, values: Sequence[object]) -> list[StoredMessage]:
        db = self._ready()
        if db is None:
            return []
        try:
            return [as_entry(row) for row in db.execute(sql, values)]
        except sqlite3.Error as error:
            self._stop(error)
            return []

    def _stop(self, error: sqlite3.Error | OSError) -> None:
        """History is off for the rest of this run; `problem` says why."""
        self._problem = explain(error, self.path, self.config.history_max_bytes)
        with contextlib.suppress(OSError):  # keep what waits there: the next run moves it in
            self._pending_file.close(remove=False)
        if self._db is not None:
            with contextlib.suppress(sqlite3.Error):  # already broken: closing is all that's left
                self._db.close()  # an open transaction is rolled back
            self._db = None
