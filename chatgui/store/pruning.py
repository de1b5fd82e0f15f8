"""Pruning: what goes when a room or the whole file is full, a small batch at a time.

Against one student: a room past its cap loses the lines of whoever wrote most of it first
(fair_cut), and a file at its size cap loses earlier lessons first, then this lesson's
biggest writer's oldest lines. The host is told whose lines went, once for each.
"""

import sqlite3

from chatgui import limits
from chatgui.protocol.server.model import ServerConfig
from chatgui.store.fair_cut import fair_cut
from chatgui.store.rows import delete_rows


class Pruning:
    """The store's pruning state: rooms to count, and what the host was told."""

    def __init__(self, config: ServerConfig) -> None:
        self.config = config
        self.unchecked: set[str] = set()
        """Rooms written to since pruning last counted their messages."""
        self.notes: list[str] = []
        """Sentences for the host, not yet taken by the store's notes()."""
        self._told: set[tuple[str, str]] = set()
        """(room, address) whose lines went first, the host already told."""

    def trim_a_room(self, db: sqlite3.Connection) -> int:
        """Check one room written to since its last check: over its limit, the lines of
        whoever wrote the most go first, their oldest first (see fair_cut)."""
        if not self.unchecked:
            return 0
        room = self.unchecked.pop()
        counts = db.execute(
            "SELECT address, COUNT(*) FROM messages WHERE conversation = ? GROUP BY address",
            (room,),
        ).fetchall()
        excess = sum(count for _, count in counts) - self.config.history_per_room
        if excess <= 0:
            return 0
        address, over = fair_cut(dict(counts), excess)
        batch = min(over, limits.HISTORY_PRUNE_BATCH)
        if excess > batch:
            self.unchecked.add(room)  # the next step goes on with it
        return self._delete_oldest_of(db, room, address, batch)

    def make_room(self, db: sqlite3.Connection, lesson: int, at_once: bool = False) -> int:
        """Delete a batch if the file nears its size cap (at_once: whatever its size); how
        many went. Lessons other than `lesson` go first, oldest first; then, from it, the
        oldest lines of whoever wrote most lately."""
        size_cap = self.config.history_max_bytes * limits.HISTORY_PRUNE_START_FRACTION
        if not at_once and used_bytes(db) <= size_cap:
            return 0
        batch = limits.HISTORY_PRUNE_BATCH
        deleted = delete_rows(db, "lesson <> ?", (lesson,), batch, among_oldest=True)
        if deleted:
            return deleted
        recent = limits.HISTORY_PRUNE_SAMPLE
        biggest = db.execute(
            "SELECT conversation, address, COUNT(*) AS lines FROM"
            " (SELECT conversation, address FROM messages ORDER BY id DESC LIMIT ?)"
            " GROUP BY conversation, address ORDER BY lines DESC LIMIT 1",
            (recent,),
        ).fetchone()
        if biggest is None:
            return 0
        return self._delete_oldest_of(db, biggest[0], biggest[1], batch)

    def _delete_oldest_of(self, db: sqlite3.Connection, room: str, address: str, count: int) -> int:
        """Delete the oldest `count` lines `address` wrote in `room`; tell the host once."""
        theirs = "conversation = ? AND address = ? ORDER BY id"
        deleted = delete_rows(db, theirs, (room, address), count)
        if deleted and (room, address) not in self._told:
            self._told.add((room, address))
            self.notes.append(
                f"Most of what {room} keeps came from {address or 'the room itself'}; "
                "their oldest messages were removed first."
            )
        return deleted


def used_bytes(db: sqlite3.Connection) -> int:
    """What the size cap counts: the file's pages in use."""
    pages = db.execute("PRAGMA page_count").fetchone()[0]
    free = db.execute("PRAGMA freelist_count").fetchone()[0]
    size = db.execute("PRAGMA page_size").fetchone()[0]
    return int((pages - free) * size)
