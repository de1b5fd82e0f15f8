"""A history file that can't be used: the room opens anyway, without history, and says why.

Real files in tmp_path: garbage bytes, a lock held by another connection, a folder that is
a regular file, a file made immutable with `chattr +i` (the tests run as root, for whom
chmod does not stop writes), and a size cap reached while the room is busy.
"""

from __future__ import annotations

import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from chatgui import limits
from chatgui.events import HistoryStatus
from tests.net.server.historykit import HistoryRoom, open_room, say


def _room_still_works(room: HistoryRoom) -> None:
    """Two people can still talk in the room."""
    pat = room.join("pat")
    sam = room.join("sam")
    say(pat, "#class", "still here")
    sam.expect(r"PRIVMSG #class :still here$")


@pytest.fixture
def opened() -> Iterator[list[HistoryRoom]]:
    rooms: list[HistoryRoom] = []
    yield rooms
    for room in rooms:
        room.stop()


def _open(opened: list[HistoryRoom], path: Path, **fields: object) -> HistoryRoom:
    opened.append(open_room(path, **fields))
    return opened[-1]


def test_a_corrupt_file(tmp_path: Path, opened: list[HistoryRoom]) -> None:
    path = tmp_path / "history.sqlite3"
    path.write_bytes(b"this is not a database, just garbage bytes\x00\xff" * 200)
    room = _open(opened, path)
    status = room.started.history
    assert not status.kept
    assert "is damaged" in status.problem
    assert str(path) in status.problem
    _room_still_works(room)
    assert path.read_bytes().startswith(b"this is not a database")  # left as it was


def test_a_file_locked_by_another_program(tmp_path: Path, opened: list[HistoryRoom]) -> None:
    path = tmp_path / "history.sqlite3"
    locker = sqlite3.connect(path, isolation_level=None)
    locker.execute("CREATE TABLE other (x)")
    locker.execute("BEGIN EXCLUSIVE")
    try:
        room = _open(opened, path)
        assert "locked by another program" in room.started.history.problem
        _room_still_works(room)
    finally:
        locker.close()


def test_a_lock_taken_while_the_room_runs(tmp_path: Path, opened: list[HistoryRoom]) -> None:
    path = tmp_path / "history.sqlite3"
    room = _open(opened, path)
    assert room.started.history.kept
    locker = sqlite3.connect(path, isolation_level=None)
    locker.execute("BEGIN EXCLUSIVE")
    try:
        _room_still_works(room)
        status = room.events.get(timeout=limits.HISTORY_FLUSH_INTERVAL_S + 5)  # the next flush
        assert isinstance(status, HistoryStatus)
        assert not status.kept
        assert "locked by another program" in status.problem
    finally:
        locker.close()


def test_a_folder_that_is_a_regular_file(tmp_path: Path, opened: list[HistoryRoom]) -> None:
    (tmp_path / "data").write_text("a file, not a folder", encoding="utf-8")
    room = _open(opened, tmp_path / "data" / "history.sqlite3")
    assert "a file is in the way of its folder" in room.started.history.problem
    _room_still_works(room)


def test_a_file_that_cannot_be_written(tmp_path: Path, opened: list[HistoryRoom]) -> None:
    path = tmp_path / "history.sqlite3"
    sqlite3.connect(path).close()
    made = subprocess.run(["chattr", "+i", str(path)], capture_output=True, check=False)
    if made.returncode != 0:
        pytest.skip(f"chattr +i is not possible here: {made.stderr.decode(errors='replace')}")
    try:
        room = _open(opened, path)
        assert "can't be written" in room.started.history.problem
        _room_still_works(room)
    finally:
        subprocess.run(["chattr", "-i", str(path)], check=True)


def test_the_size_cap_stops_the_history_not_the_room(
    tmp_path: Path, opened: list[HistoryRoom]
) -> None:
    room = _open(opened, tmp_path / "history.sqlite3", history_max_bytes=64 * 1024)
    alice = room.join("alice")
    bob = room.join("bob")
    say(alice, "#class", *[f"{n} " + "x" * 400 for n in range(400)])
    status = room.events.get(timeout=limits.HISTORY_FLUSH_INTERVAL_S + 5)  # the next flush
    assert isinstance(status, HistoryStatus)
    assert "is full (its cap is 0.0625 MiB" in status.problem
    say(alice, "#class", "after the cap")
    bob.expect(r"PRIVMSG #class :after the cap$")
    late = room.join("carol", "draft/chathistory batch standard-replies")
    late.send("CHATHISTORY LATEST #class * 10")
    assert " FAIL CHATHISTORY MESSAGE_ERROR " in late.expect(" FAIL ")
