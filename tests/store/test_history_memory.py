"""A lesson's talk does not stay in the room's memory once it is in the history file: SQLite
keeps a copy of every page it writes (up to 2 MB), and the store lets go of them after each
move. Measured in SQLite's own count of the bytes it holds."""

from __future__ import annotations

import ctypes
import sqlite3
import sys
from pathlib import Path

import pytest

from chatgui.protocol.server.message_store import FIRST, LAST, StoredMessage
from chatgui.protocol.server.model import ServerConfig
from chatgui.store import SqliteHistory

NOW = 1_800_000_000.0
BATCH = 100
"""Messages moved in one flush, as a class's few seconds of talk."""

pytestmark = pytest.mark.skipif(
    sys.platform != "linux", reason="reads SQLite's count from the system's libsqlite3"
)


def _sqlite_bytes() -> int:
    """Bytes SQLite holds in this process (page caches, statements, schema), read from the
    system's library when it is the one the sqlite3 module uses (a Python with SQLite built
    in has its own, which this can't read: skipped)."""
    try:
        library = ctypes.CDLL("libsqlite3.so.0")
    except OSError:
        pytest.skip("no libsqlite3.so.0 to ask")
    library.sqlite3_libversion.restype = ctypes.c_char_p
    if library.sqlite3_libversion().decode() != sqlite3.sqlite_version:
        pytest.skip("the sqlite3 module has a SQLite of its own")
    library.sqlite3_memory_used.restype = ctypes.c_int64
    return int(library.sqlite3_memory_used())


def _said(n: int) -> StoredMessage:
    text = f"message {n}: " + "a sentence of a lesson's talk, " * 6
    return StoredMessage(
        f"m-{n}", NOW + n, "#class", "PRIVMSG", f"p{n % 30}!~p@h", ("#class", text)
    )


def _talk(store: SqliteHistory, first: int, count: int) -> None:
    for n in range(first, first + count):
        store.record(_said(n))
        if n % BATCH == BATCH - 1:
            store.flush()


def test_a_lessons_talk_does_not_stay_in_sqlites_memory(tmp_path: Path) -> None:
    store = SqliteHistory.open(tmp_path / "h.sqlite3", ServerConfig(rooms=("#class",)))
    _talk(store, 0, BATCH)  # the statements a flush uses are made once, here
    before = _sqlite_bytes()
    assert before > 0, "SQLite counts nothing: not the library the store uses"
    _talk(store, BATCH, 3000)  # ~1.5 MB of pages in SQLite's cache, had it kept them
    grew = _sqlite_bytes() - before
    assert grew < 200_000, f"SQLite holds {grew} bytes more after the talk"
    latest = store.between("#class", FIRST, LAST, 3, newest=True, events=False)
    assert [entry.msgid for entry in latest] == ["m-3097", "m-3098", "m-3099"]
    store.close()
