"""Lessons in the history file itself: a file of version 3 opened by this chatgui, lessons
taken by a running room, a lesson with nothing said, and the host's LessonBook."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from pathlib import Path

from chatgui.protocol.server.message_store import FIRST, LAST, SearchQuery, StoredMessage
from chatgui.protocol.server.model import ServerConfig
from chatgui.store import LessonPlan, SqliteHistory
from chatgui.store.lesson_book import LessonBook
from chatgui.store.schema import SCHEMA_VERSION
from tests.net.server.historykit import as_if_killed
from tests.store.old_schema import WORDS_OF_VERSION_4

CONFIG = replace(ServerConfig(), rooms=("#class",))


def _line(n: int, text: str, room: str = "#class") -> StoredMessage:
    return StoredMessage(f"m{n}", 1000.0 + n, room, "PRIVMSG", "sam!~s@10.0.0.9", (room, text))


def _texts(store: SqliteHistory, room: str = "#class") -> list[str]:
    return [e.text for e in store.between(room, FIRST, LAST, 100, newest=False, events=True)]


def test_a_file_of_version_3_becomes_one_ended_lesson_per_room(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite3"
    old = sqlite3.connect(path)
    old.executescript(
        """
        CREATE TABLE messages (id INTEGER PRIMARY KEY, msgid TEXT NOT NULL, at REAL NOT NULL,
            conversation TEXT NOT NULL, command TEXT NOT NULL, sender TEXT NOT NULL,
            source TEXT NOT NULL, params TEXT NOT NULL, text TEXT NOT NULL, tags TEXT NOT NULL,
            address TEXT NOT NULL DEFAULT '', sender_key TEXT NOT NULL DEFAULT '',
            UNIQUE (conversation, msgid));
        CREATE INDEX messages_by_conversation ON messages (conversation, at, id);
        """
        + WORDS_OF_VERSION_4
        + """
        INSERT INTO messages VALUES (1, 'a', 1.0, '#class', 'PRIVMSG', 'sam', 'sam!~s@10.0.0.9',
            '["#class"]', 'homework is page 12', '{}', '10.0.0.9', '');
        INSERT INTO messages VALUES (2, 'b', 2.0, '#other', 'PRIVMSG', 'sam', 'sam!~s@10.0.0.9',
            '["#other"]', 'homework elsewhere', '{}', '10.0.0.9', '');
        INSERT INTO messages VALUES (3, 'c', 3.0, 'account:a,account:b', 'PRIVMSG', 'sam',
            'sam!~s@10.0.0.9', '["teacher"]', 'a private homework question', '{}',
            '10.0.0.9', 'account:a');
        PRAGMA user_version=3;
        """
    )
    old.close()
    new = SqliteHistory.open(path, CONFIG)  # a new lesson: last year's talk is not in it
    assert new.problem == ""
    assert _texts(new) == []
    assert new.search(SearchQuery(("#class",), text="homework")) == []
    new.close()
    book = LessonBook(path)
    (lesson,) = book.lessons("#class")
    assert (lesson.title, lesson.messages, lesson.ended) == ("#class", 1, 1.0)
    assert [m.text for m in book.messages(lesson)] == ["homework is page 12"]
    assert [m.text for m in book.messages(book.lessons("#other")[0])] == ["homework elsewhere"]
    went_on = SqliteHistory.open(path, CONFIG, LessonPlan(continuing=lesson.id))
    assert _texts(went_on) == ["homework is page 12"]
    found = went_on.search(SearchQuery(("#class",), text="homework"))
    assert [e.text for e in found] == ["homework is page 12"]
    went_on.close()
    again = sqlite3.connect(path)
    assert again.execute("PRAGMA user_version").fetchone() == (SCHEMA_VERSION,)
    lessons = again.execute("SELECT room FROM lessons ORDER BY id").fetchall()
    assert lessons == [("#class",), ("#other",), ("",)]  # the private messages: one of their own
    again.execute("INSERT INTO message_words (message_words) VALUES ('integrity-check')")
    again.close()


def test_a_lesson_a_running_room_holds_is_never_continued_by_another(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite3"
    running = SqliteHistory.open(path, CONFIG)
    running.record(_line(1, "said in the running room"))
    running.flush()
    assert LessonBook(path).to_continue("#class") is None  # in use: not offered
    other = SqliteHistory.open(path, CONFIG, LessonPlan(continuing=running.lesson))
    assert other.lesson != running.lesson
    assert _texts(other) == []
    also = SqliteHistory.open(path, CONFIG, LessonPlan(last=True))
    assert also.lesson not in (running.lesson, other.lesson)
    for store in (running, other, also):
        store.close()


def test_a_lesson_with_nothing_said_is_not_kept(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite3"
    store = SqliteHistory.open(path, CONFIG)
    store.record(_line(1, "")._replace(command="JOIN", params=("#class",)))
    store.close()
    assert LessonBook(path).lessons("#class") == []


def test_the_host_picks_a_new_lesson_after_a_crash(tmp_path: Path) -> None:
    """The crashed lesson is ended at its last line: no later start continues it by itself."""
    path = tmp_path / "h.sqlite3"
    crashed = SqliteHistory.open(path, CONFIG)
    crashed.record(_line(1, "before the crash"))
    crashed.flush()
    as_if_killed(crashed)
    offered = LessonBook(path).to_continue("#class")
    assert offered is not None
    assert (offered.ended, offered.messages) == (None, 1)
    fresh = SqliteHistory.open(path, CONFIG, LessonPlan(fresh=True))
    assert _texts(fresh) == []
    fresh.close()
    (lesson,) = LessonBook(path).lessons("#class")
    assert lesson.ended == 1001.0
    later = SqliteHistory.open(path, CONFIG)
    assert _texts(later) == []
    later.close()


def test_the_host_deletes_a_lesson_but_not_one_in_use(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite3"
    first = SqliteHistory.open(path, CONFIG)
    for n in range(450):
        first.record(_line(n, f"line {n}"))
    first.close()
    running = SqliteHistory.open(path, CONFIG)
    running.record(_line(1000, "now"))
    running.flush()
    book = LessonBook(path)
    now, earlier = book.lessons("#class")
    assert not book.delete(now)
    assert book.delete(earlier)
    assert [lesson.id for lesson in book.lessons("#class")] == [now.id]
    assert _texts(running) == ["now"]
    running.close()
