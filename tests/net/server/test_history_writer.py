"""The history's writer thread, over real sockets: the loop keeps each message safe before
anyone has it, the answers see every message delivered, a close keeps what was in flight, and
a history that fails or crashes leaves the room talking.

A running room's SQLite is read with a read-only connection of the test's own (WAL lets it
read while the writer writes).
"""

from __future__ import annotations

import select
import socket
import sqlite3
import subprocess
import threading
import time
from pathlib import Path
from typing import TypeVar

import pytest

from chatgui import limits
from chatgui.events import HistoryStatus, ServerStopped, WorkerCrashed
from chatgui.net.history_writer import HistoryWriter
from chatgui.store import SqliteHistory
from chatgui.store.pending import pending_path, read_entries
from tests.lineclient import LineClient
from tests.net.server.historykit import (
    HISTORY_CAPS,
    HistoryRoom,
    open_room,
    read_batch,
    say,
    texts,
)

BURST = 80
"""Under CHATHISTORY_MAX_PER_REQUEST, so one request can ask for all of it."""
ASKING = f"{HISTORY_CAPS} standard-replies"
E = TypeVar("E")


def _kept_in_sqlite(path: Path) -> list[str]:
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
        kept = db.execute("SELECT text FROM messages WHERE command = 'PRIVMSG' ORDER BY id")
        return [text for (text,) in kept]


def _pending_texts(room: HistoryRoom) -> list[str]:
    assert room.server._history.store is not None
    pending = pending_path(room.path, room.server._history.store.lesson)
    return [entry.text for entry in read_entries(pending)]


def _wait_for(room: HistoryRoom, kind: type[E]) -> E:
    """The next event of `kind` the room puts (the others before it are skipped); a move
    into SQLite may be a whole HISTORY_FLUSH_INTERVAL_S away."""
    while True:
        event = room.events.get(timeout=limits.HISTORY_FLUSH_INTERVAL_S + 5)
        if isinstance(event, kind):
            return event


def _each_line_on_disk_when_bob_has_it(room: HistoryRoom, bob: LineClient) -> None:
    """As each line of the burst reaches bob, it is in the pending file or SQLite already."""
    for n in range(BURST):
        bob.expect(rf"PRIVMSG #class :line {n}$")
        on_disk = _pending_texts(room) + _kept_in_sqlite(room.path)
        assert f"line {n}" in on_disk, f"line {n} reached bob before the disk"


def test_a_message_is_on_disk_before_anyone_receives_it(tmp_path: Path) -> None:
    """Read as soon as the recipient's recv returns it: each message of a burst is in the
    pending file already (or moved on into SQLite, which empties the file after)."""
    room = open_room(tmp_path / "history.sqlite3")
    try:
        alice = room.join("alice")
        bob = room.join("bob")
        alice.send_raw(b"".join(f"PRIVMSG #class :line {n}\r\n".encode() for n in range(BURST)))
        _each_line_on_disk_when_bob_has_it(room, bob)
    finally:
        room.stop()


class _WatchedJobs:
    """The writer's job queue, as it is, with a look at bob's socket when the loop wakes
    the writer for "hello there" (on the loop's thread, in put)."""

    def __init__(self, writer: HistoryWriter, bob: LineClient) -> None:
        self._jobs = writer._jobs
        self._writer = writer
        self._bob = bob
        self.bob_had_it: list[bool] = []

    def put(self, job: object) -> None:
        handed = [entry.text for entry in self._writer._handed]
        if "hello there" in handed and threading.current_thread().name == "chatgui-server":
            # Woken after the send, the line is at bob's (at once, or a moment later from
            # the kernel's queue); woken before, it can't be sent while this waits.
            readable, _, _ = select.select([self._bob.sock], [], [], 1.0)
            waiting = self._bob.sock.recv(65536, socket.MSG_PEEK) if readable else b""
            self.bob_had_it.append(b"PRIVMSG #class :hello there" in waiting)
        self._jobs.put(job)

    def get(self, timeout: float | None = None) -> object:
        return self._jobs.get(timeout=timeout)


def test_the_writer_is_woken_only_once_the_room_has_the_message(tmp_path: Path) -> None:
    """The loop wakes the writer thread (once a flush) after the turn's sends: woken before
    them, it took the GIL from them, and the message reached the last of the room late."""
    room = open_room(tmp_path / "history.sqlite3")
    try:
        alice = room.join("alice")
        bob = room.join("bob")
        writer = room.server._history._writer
        writer.ask(writer._flush)  # the joins moved in: the next message wakes the writer
        watched = _WatchedJobs(writer, bob)
        writer._jobs = watched  # type: ignore[assignment]
        alice.send("PRIVMSG #class :hello there")
        deadline = time.monotonic() + 5
        while not watched.bob_had_it and time.monotonic() < deadline:
            time.sleep(0.01)
        assert watched.bob_had_it == [True]
        bob.expect(r"PRIVMSG #class :hello there$")
    finally:
        room.stop()


def test_a_burst_sent_before_its_writer_leaves_is_on_disk_first(tmp_path: Path) -> None:
    """The QUIT in the same read sends the turn's lines at once, before its socket closes
    (not at the turn's end): they are on disk before that send too."""
    room = open_room(tmp_path / "history.sqlite3")
    try:
        alice = room.join("alice")
        bob = room.join("bob")
        burst = [f"PRIVMSG #class :line {n}\r\n".encode() for n in range(BURST)]
        alice.send_raw(b"".join([*burst, b"QUIT :bye\r\n"]))
        _each_line_on_disk_when_bob_has_it(room, bob)
    finally:
        room.stop()


def test_a_full_batch_goes_into_sqlite_without_waiting_for_the_interval(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A trickle waits HISTORY_FLUSH_INTERVAL_S (here an hour) in the pending file; the
    message that makes HISTORY_FLUSH_BATCH waiting has them all moved at once."""
    monkeypatch.setattr(limits, "HISTORY_FLUSH_INTERVAL_S", 3600.0)
    monkeypatch.setattr(limits, "HISTORY_FLUSH_BATCH", 10)
    room = open_room(tmp_path / "history.sqlite3")
    try:
        alice = room.join("alice")
        writer = room.server._history._writer
        writer.ask(writer._flush)  # the join's entry in, so nothing else waits
        say(alice, "#class", *(f"line {n}" for n in range(9)))
        writer.ask(lambda: None)  # it has taken all nine
        assert _kept_in_sqlite(room.path) == []
        assert len(_pending_texts(room)) == 9
        say(alice, "#class", "line 9")
        deadline = time.monotonic() + 5
        while len(_kept_in_sqlite(room.path)) < 10 and time.monotonic() < deadline:
            time.sleep(0.02)
        assert _kept_in_sqlite(room.path) == [f"line {n}" for n in range(10)]
    finally:
        room.stop()


def test_chathistory_right_after_a_burst_has_all_of_it(tmp_path: Path) -> None:
    """The question comes in the same read as the burst, long before the writer's next
    move into SQLite: the answer still has every message."""
    room = open_room(tmp_path / "history.sqlite3")
    try:
        alice = room.join("alice", HISTORY_CAPS)
        burst = [f"PRIVMSG #class :burst {n}\r\n".encode() for n in range(BURST)]
        alice.send_raw(b"".join([*burst, b"CHATHISTORY LATEST #class * 100\r\n"]))
        assert texts(read_batch(alice)) == [f"burst {n}" for n in range(BURST)]
        bob = room.join("bob", "soju.im/search batch server-time message-tags")
        bob.send("SEARCH in=#class;text=burst;limit=100")
        assert len(texts(read_batch(bob, "soju.im/search"))) == BURST
    finally:
        room.stop()


def test_closing_with_messages_in_flight_keeps_them_all(tmp_path: Path) -> None:
    """stop() within the second the writer waits before moving them: all are in SQLite
    when the room says it stopped, and the pending file is gone (a clean close)."""
    room = open_room(tmp_path / "history.sqlite3")
    alice = room.join("alice")
    bob = room.join("bob")
    alice.send_raw(b"".join(f"PRIVMSG #class :last {n}\r\n".encode() for n in range(BURST)))
    bob.expect(rf"PRIVMSG #class :last {BURST - 1}$")
    assert room.server._history.store is not None
    lesson = room.server._history.store.lesson
    room.stop()
    _wait_for(room, ServerStopped)
    assert _kept_in_sqlite(room.path) == [f"last {n}" for n in range(BURST)]
    assert not pending_path(room.path, lesson).exists()


def test_sqlite_failing_on_the_writer_leaves_the_room_talking(tmp_path: Path) -> None:
    """The write-ahead log made immutable (`chattr +i`; the tests run as root): the writer's
    next move into SQLite fails. The host hears why, the room goes on, in order, and a
    question is refused in words instead of waiting for an answer."""
    room = open_room(tmp_path / "history.sqlite3")
    wal = room.path.with_name(room.path.name + "-wal")
    try:
        alice = room.join("alice")
        bob = room.join("bob", ASKING)
        made = subprocess.run(["chattr", "+i", str(wal)], capture_output=True, check=False)
        if made.returncode != 0:
            pytest.skip(f"chattr is not possible here: {made.stderr.decode(errors='replace')}")
        alice.send("PRIVMSG #class :not kept")
        bob.expect("PRIVMSG #class :not kept$")
        status = _wait_for(room, HistoryStatus)
        assert status.problem
        assert not status.kept
        alice.send_raw(b"".join(f"PRIVMSG #class :after {n}\r\n".encode() for n in range(20)))
        for n in range(20):
            bob.expect(rf"PRIVMSG #class :after {n}$")
        bob.send("CHATHISTORY LATEST #class * 10")
        assert " FAIL CHATHISTORY MESSAGE_ERROR " in bob.expect(" FAIL ")
    finally:
        subprocess.run(["chattr", "-i", str(wal)], check=False)
        room.stop()


def test_a_crash_of_the_writer_is_reported_and_the_room_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A bug in the writer (here: flush() raising) is a WorkerCrashed("history") for the
    window, as every worker's crash is; the room talks on without history, and closes."""

    def broken(self: SqliteHistory, most: int | None = None) -> None:
        raise RuntimeError("a bug in the history")

    room = open_room(tmp_path / "history.sqlite3")
    monkeypatch.setattr(SqliteHistory, "flush", broken)
    try:
        alice = room.join("alice")
        bob = room.join("bob", ASKING)
        alice.send("PRIVMSG #class :before the crash")
        assert _wait_for(room, WorkerCrashed).role == "history"
        alice.send("PRIVMSG #class :after the crash")
        bob.expect("PRIVMSG #class :after the crash$")
        bob.send("CHATHISTORY LATEST #class * 10")
        assert " FAIL CHATHISTORY MESSAGE_ERROR " in bob.expect(" FAIL ")
    finally:
        room.stop()
    _wait_for(room, ServerStopped)
