"""LessonBook: the host's window reads the lessons of its history file, and deletes one.

The Host page asks which lesson of the room could be continued; History… lists the room's
lessons, reads one and deletes one. Each question opens the file for itself and closes it
again (never creating it), so it works beside a running room, whose own connection writes.
A file that can't be read answers nothing: the page then simply offers no lesson.
"""

import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path

from chatgui import limits
from chatgui.protocol.server.message_store import StoredMessage
from chatgui.store.lessons import Lesson, lessons_of
from chatgui.store.pending import in_use
from chatgui.store.rows import as_entry, delete_rows
from chatgui.store.schema import COLUMNS, MESSAGES_ONLY


@dataclass(frozen=True)
class Said:
    """One line of a lesson as the host reads it: `kind` "message", "action" (/me) or
    "notice" (the room's own words, with no sender)."""

    at: float
    sender: str
    text: str
    kind: str


def said(message: StoredMessage) -> Said:
    nick, person, _ = message.source.partition("!")
    text = message.text
    if text.startswith("\x01ACTION ") and text.endswith("\x01"):
        return Said(message.at, nick, text[8:-1], "action")
    if not person:  # the room's own words
        return Said(message.at, "", text, "notice")
    return Said(message.at, nick, text, "message")


class LessonBook:
    """The lessons kept in the history file at `path`. Never raises for a file it can't use."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def lessons(self, room: str) -> list[Lesson]:
        """The room's lessons (its casefolded IRC name), newest first."""
        try:
            with self._open("ro") as db:
                return lessons_of(db, room)[::-1]
        except sqlite3.Error:
            return []

    def to_continue(self, room: str) -> Lesson | None:
        """The room's newest lesson with something said in it that no running room has open."""
        for lesson in self.lessons(room):
            if not in_use(self.path, lesson.id):
                return lesson if lesson.messages else None
        return None

    def in_use(self, lesson: Lesson) -> bool:
        """True while a running room (this window's or another) has the lesson open."""
        return in_use(self.path, lesson.id)

    def messages(self, lesson: Lesson) -> list[Said]:
        """What was said in the lesson's room, oldest first (not joins and leaves)."""
        try:
            with self._open("ro") as db:
                rows = db.execute(
                    f"SELECT {COLUMNS} FROM messages WHERE lesson = ? AND conversation = ?"
                    f" AND {MESSAGES_ONLY} ORDER BY at, id",
                    (lesson.id, lesson.room),
                ).fetchall()
        except sqlite3.Error:
            return []
        return [said(as_entry(row)) for row in rows]

    def delete(self, lesson: Lesson) -> bool:
        """Forget the lesson and everything said in it (its private messages too); False when
        it is open in a running room or the file can't be changed."""
        if in_use(self.path, lesson.id):
            return False
        try:
            with self._open("rw") as db:
                batch = limits.HISTORY_PRUNE_BATCH
                while delete_rows(db, "lesson = ?", (lesson.id,), batch) >= batch:
                    db.execute("COMMIT")
                db.execute("DELETE FROM lessons WHERE id = ?", (lesson.id,))
                db.execute("COMMIT")
        except sqlite3.Error:
            return False
        return True

    @contextmanager
    def _open(self, mode: str) -> Iterator[sqlite3.Connection]:
        """A connection of our own (mode "ro" or "rw"; the file is never created here)."""
        uri = f"{self.path.resolve().as_uri()}?mode={mode}"
        db = sqlite3.connect(
            uri, uri=True, timeout=limits.LESSON_BOOK_BUSY_TIMEOUT_S, isolation_level=None
        )
        with closing(db):
            yield db
