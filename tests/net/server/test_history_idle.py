"""A quiet room keeping history wakes nothing: no thread of the history runs while nobody
talks, but once, after the talk, to give back what SQLite kept of it. Seen through the writer's
next_wake() (when it would wake by itself), never by timing, and SQLite's own count of the
memory it holds.
"""

from __future__ import annotations

import ctypes
import threading
import time
from pathlib import Path

import pytest

from chatgui import limits
from chatgui.net.history_writer import HistoryWriter
from tests.net.server.historykit import HistoryRoom, open_room, say, synced

DAY = 86400.0


def _writer(room: HistoryRoom) -> HistoryWriter:
    writer = room.server._history._writer
    writer.ask(lambda: None)  # behind the open and the first pruning
    return writer


def _settled(writer: HistoryWriter, beyond: float) -> float | None:
    """The writer's next wake once it is `beyond` seconds away or none (10 s at most)."""
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        wake = writer.ask(writer.next_wake)
        if wake is None or wake > beyond:
            return wake
        time.sleep(0.05)
    return writer.ask(writer.next_wake)


def test_a_new_room_with_nobody_in_it_has_nothing_to_wake_for(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Once HISTORY_REST_S after its first pruning (here 1 s), to give back the pages
    opening read; then nothing."""
    monkeypatch.setattr(limits, "HISTORY_REST_S", 1.0)
    room = open_room(tmp_path / "history.sqlite3")
    try:
        writer = _writer(room)
        wake = writer.next_wake()
        assert wake is not None
        assert wake <= 1.0
        assert _settled(writer, 1.0) is None
        history_threads = [t.name for t in threading.enumerate() if "history" in t.name]
        assert history_threads == ["chatgui-history-writer"]  # no checkpoints of its own
    finally:
        room.stop()


def test_after_talk_the_next_wake_is_when_the_oldest_message_expires(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """New lines bring one pruning HISTORY_PRUNE_INTERVAL_S later (here at once); after it,
    nothing until the first message passes the retention."""
    monkeypatch.setattr(limits, "HISTORY_FLUSH_INTERVAL_S", 0.0)
    monkeypatch.setattr(limits, "HISTORY_PRUNE_INTERVAL_S", 0.0)
    monkeypatch.setattr(limits, "HISTORY_REST_S", 0.0)
    room = open_room(tmp_path / "history.sqlite3", history_days=30.0)
    try:
        alice = room.join("alice")
        alice.send("PRIVMSG #class :hello")
        synced(alice)
        wake = _settled(_writer(room), DAY)
        assert wake is not None
        assert 29 * DAY < wake <= 30 * DAY
    finally:
        room.stop()


def test_a_message_after_a_flush_keeps_the_cache_for_the_next(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A flush with nothing more handed over sets the rest HISTORY_REST_S later; a message
    before it takes it back: the writer next wakes for that message's flush instead."""
    monkeypatch.setattr(limits, "HISTORY_REST_S", 1800.0)
    monkeypatch.setattr(limits, "HISTORY_FLUSH_INTERVAL_S", 3600.0)
    monkeypatch.setattr(limits, "HISTORY_PRUNE_INTERVAL_S", 7200.0)
    room = open_room(tmp_path / "history.sqlite3")
    try:
        alice = room.join("alice")
        writer = _writer(room)
        writer.ask(writer._flush)
        wake = writer.ask(writer.next_wake)
        assert wake is not None
        assert 1700 < wake <= 1800
        say(alice, "#class", "one more")
        wake = writer.ask(writer.next_wake)
        assert wake is not None
        assert 3500 < wake <= 3600
    finally:
        room.stop()


def _sqlite_bytes() -> int:
    """What SQLite holds in this process (0 when its library can't be loaded by name)."""
    try:
        library = ctypes.CDLL("libsqlite3.so.0")
    except OSError:
        return 0
    library.sqlite3_memory_used.restype = ctypes.c_int64
    return int(library.sqlite3_memory_used())


def test_a_room_gone_quiet_gives_back_what_sqlite_kept_of_its_talk(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """600 lines moved into SQLite leave their pages in its cache (~0.3 KB a line); once
    HISTORY_REST_S (here 0.5 s) passed with nothing more said, they are given back."""
    monkeypatch.setattr(limits, "HISTORY_REST_S", 0.5)
    monkeypatch.setattr(limits, "HISTORY_FLUSH_INTERVAL_S", 3600.0)
    room = open_room(tmp_path / "history.sqlite3")
    try:
        alice = room.join("alice")
        say(alice, "#class", *(f"line {n} of the lesson's talk" for n in range(600)))
        writer = _writer(room)
        writer.ask(writer._flush)
        talked = writer.ask(_sqlite_bytes)
        if not talked:
            pytest.skip("SQLite's library is not loadable as libsqlite3.so.0 here")
        assert _settled(writer, 0.5) is not None  # the next pruning, after the rest
        rested = writer.ask(_sqlite_bytes)
        assert rested is not None
        assert talked is not None
        assert talked - rested > 100_000
    finally:
        room.stop()
