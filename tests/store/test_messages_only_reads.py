"""A read of a room's messages without its joins and leaves (a late joiner's replay,
CHATHISTORY without event-playback, a search in one room without a word) costs what it
returns, however many joins and leaves the lesson has kept: counted in SQLite's own steps,
not in time."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

from chatgui.protocol.server.message_store import FIRST, LAST, SearchQuery, StoredMessage
from chatgui.protocol.server.model import ServerConfig
from chatgui.store import LessonPlan, SqliteHistory
from chatgui.store.schema import SCHEMA_VERSION

NOW = 1_800_000_000.0
STEPS_A_COUNT = 100
"""SQLite calls the counter once every this many of its virtual machine's instructions."""
SAID = [f"hi {n}" for n in range(50)]


def _said(n: int) -> StoredMessage:
    return StoredMessage(f"m-{n}", NOW + n, "#class", "PRIVMSG", "ann!~a@h", ("#class", SAID[n]))


def _joined(n: int) -> StoredMessage:
    return StoredMessage(f"j-{n}", NOW + 1000 + n, "#class", "JOIN", f"p{n}!~p@h", ("#class",))


def _store_with(tmp_path: Path, joins: int) -> SqliteHistory:
    """50 messages, then `joins` joins after them: the newest rows are all joins."""
    store = SqliteHistory.open(tmp_path / f"h{joins}.sqlite3", ServerConfig(rooms=("#class",)))
    for n in range(len(SAID)):
        store.record(_said(n))
    for n in range(joins):
        store.record(_joined(n))
    store.flush()
    return store


def _latest(store: SqliteHistory) -> list[str]:
    """The replay's read: the newest 50 messages, no joins or leaves."""
    found = store.between("#class", FIRST, LAST, 50, newest=True, events=False)
    return [entry.text for entry in found]


def _steps(store: SqliteHistory, read: Callable[[], object]) -> int:
    """SQLite's instructions (in hundreds) while `read()` runs on the store's connection."""
    db = store._db
    assert db is not None
    counted = [0]

    def count() -> int:
        counted[0] += 1
        return 0

    db.set_progress_handler(count, STEPS_A_COUNT)
    try:
        read()
    finally:
        db.set_progress_handler(None, STEPS_A_COUNT)
    return counted[0]


def test_a_replay_reads_the_messages_not_every_join_after_them(tmp_path: Path) -> None:
    few, many = _store_with(tmp_path, 20), _store_with(tmp_path, 4000)
    try:
        assert _latest(few) == _latest(many) == SAID
        assert _steps(many, lambda: _latest(many)) <= 2 * _steps(few, lambda: _latest(few)) + 5
    finally:
        few.close()
        many.close()


def test_a_search_in_one_room_without_a_word_examines_its_messages_not_its_joins(
    tmp_path: Path,
) -> None:
    """Without a word to look up (an empty text, or ":)"), a search reads the room's newest
    candidates: its newest messages, so joins neither use up the SEARCH_MAX_EXAMINED
    candidates nor cost their reading."""
    few, many = _store_with(tmp_path, 20), _store_with(tmp_path, 4000)
    try:
        anything = SearchQuery(conversations=("#class",), text="", limit=10)
        assert sorted(e.text for e in many.search(anything)) == SAID[-10:]  # the newest ten
        cost_many = _steps(many, lambda: many.search(anything))
        assert cost_many <= 2 * _steps(few, lambda: few.search(anything)) + 5
    finally:
        few.close()
        many.close()


def test_a_file_of_version_5_gets_the_index_and_keeps_its_messages(tmp_path: Path) -> None:
    """Version 5 was this shape without the index of messages: such a file is brought up
    to this version when a room opens it, and reads only its messages from then on."""
    store = _store_with(tmp_path, 4000)
    path = store.path
    store.close()
    with sqlite3.connect(path) as old:
        old.executescript("DROP INDEX messages_said; PRAGMA user_version=5;")
    old.close()
    again = SqliteHistory.open(path, ServerConfig(rooms=("#class",)), LessonPlan(last=True))
    few = _store_with(tmp_path, 20)
    try:
        assert again.problem == ""
        db = again._db
        assert db is not None
        assert db.execute("PRAGMA user_version").fetchone() == (SCHEMA_VERSION,)
        indexes = {name for (name,) in db.execute("SELECT name FROM sqlite_master")}
        assert "messages_said" in indexes
        assert _latest(again) == SAID
        assert _steps(again, lambda: _latest(again)) <= 2 * _steps(few, lambda: _latest(few)) + 5
    finally:
        again.close()
        few.close()
