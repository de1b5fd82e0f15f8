"""Lessons: each time a room is hosted is a lesson, and a lesson is what a late joiner reads.

The history file keeps every lesson (the `lessons` table; each message names its lesson), and
the store answers CHATHISTORY, SEARCH and the replay from its own lesson only: period 2 never
reads period 1, and two rooms hosted at once on one file never read each other, whatever their
names. Which lesson a start opens is the host's choice (LessonPlan): a new one, or the room's
last one continued. A lesson that ended in a crash (never closed, its pending file no longer
locked) is continued by the next start of its room unless the host asks for a new one, so
nothing anyone saw is lost.
"""

import sqlite3
from dataclasses import dataclass
from pathlib import Path

from chatgui.store.pending import in_use
from chatgui.store.schema import MESSAGES_ONLY


@dataclass(frozen=True)
class LessonPlan:
    """Which lesson a room opens with."""

    title: str = ""
    """The room as the host named it ("Class chat"); empty: its IRC name."""
    continuing: int | None = None
    """Continue this lesson (the Host page's choice), if it is the room's and not in use."""
    last: bool = False
    """Continue the room's last lesson, however it ended (`serve --continue`)."""
    fresh: bool = False
    """A new lesson even if the last one ended in a crash (the Host page's other choice)."""


@dataclass(frozen=True)
class Lesson:
    """One lesson as the host's History… lists it."""

    id: int
    room: str
    title: str
    started: float
    ended: float | None
    """When the host closed it; None while it runs, or when it ended in a crash."""
    last: float
    """The time of its last message (its start when it has none)."""
    messages: int
    """Messages (not joins and leaves) said in its room."""


def choose(db: sqlite3.Connection, history: Path, room: str, plan: LessonPlan, now: float) -> int:
    """The lesson this run records into: one of the room's continued, else a new one.

    A host who asks for a new lesson closes the room's lessons that ended in a crash (at
    their last message): they are continued by no later start. Otherwise they stay, each for
    the next start of its room (two rooms of one name, both killed, go on with one each)."""
    crashed = [
        lesson
        for (lesson,) in db.execute(
            "SELECT id FROM lessons WHERE room = ? AND ended IS NULL ORDER BY id", (room,)
        )
        if not in_use(history, lesson)
    ]
    chosen = _to_continue(db, history, room, plan, crashed)
    for lesson in crashed if plan.fresh else []:
        if lesson != chosen:
            db.execute(
                "UPDATE lessons SET ended = coalesce((SELECT MAX(at) FROM messages"
                " WHERE lesson = lessons.id), started) WHERE id = ?",
                (lesson,),
            )
    if chosen is not None:
        db.execute("UPDATE lessons SET ended = NULL WHERE id = ?", (chosen,))
        return chosen
    cursor = db.execute(
        "INSERT INTO lessons (room, title, started) VALUES (?, ?, ?)",
        (room, plan.title or room, now),
    )
    assert cursor.lastrowid is not None
    return cursor.lastrowid


def _to_continue(
    db: sqlite3.Connection, history: Path, room: str, plan: LessonPlan, crashed: list[int]
) -> int | None:
    if plan.continuing is not None:
        row = db.execute(
            "SELECT id FROM lessons WHERE id = ? AND room = ?", (plan.continuing, room)
        ).fetchone()
        return None if row is None or in_use(history, row[0]) else int(row[0])
    if plan.last:
        last = last_lesson(db, history, room)
        return None if last is None else last.id
    if crashed and not plan.fresh:
        return crashed[-1]
    return None


def ended(db: sqlite3.Connection, lesson: int, now: float) -> None:
    """The host closed the room: the lesson ended now. One with nothing said in it goes
    (a room opened and closed again is no lesson to list or continue)."""
    said = db.execute(
        f"SELECT 1 FROM messages WHERE lesson = ? AND {MESSAGES_ONLY} LIMIT 1", (lesson,)
    ).fetchone()
    if said is None:
        db.execute("DELETE FROM messages WHERE lesson = ?", (lesson,))
        db.execute("DELETE FROM lessons WHERE id = ?", (lesson,))
    else:
        db.execute("UPDATE lessons SET ended = ? WHERE id = ?", (now, lesson))


def lessons_of(db: sqlite3.Connection, room: str) -> list[Lesson]:
    """The room's lessons, oldest first, with their messages counted."""
    rows = db.execute(
        "SELECT id, room, title, started, ended FROM lessons WHERE room = ? ORDER BY id", (room,)
    ).fetchall()
    found = []
    for lesson, room_key, title, started, ended_at in rows:
        count, last = db.execute(
            f"SELECT COUNT(*), MAX(at) FROM messages WHERE lesson = ? AND conversation = ?"
            f" AND {MESSAGES_ONLY}",
            (lesson, room_key),
        ).fetchone()
        found.append(Lesson(lesson, room_key, title, started, ended_at, last or started, count))
    return found


def last_lesson(db: sqlite3.Connection, history: Path, room: str) -> Lesson | None:
    """The room's newest lesson that no running room has open: the one `serve --continue`
    and the Host page continue (a lesson with nothing said in it was not kept: ended())."""
    for lesson in reversed(lessons_of(db, room)):
        if not in_use(history, lesson.id):
            return lesson
    return None
