"""SqliteHistory on its own, on a real file: pruning by age, by count per room and by size,
in small batches; clearing one room; msgid prefixes of earlier runs."""

from __future__ import annotations

import itertools
import threading
from dataclasses import replace
from pathlib import Path

from chatgui import limits
from chatgui.protocol.server.message_store import FIRST, LAST, StoredMessage
from chatgui.protocol.server.model import ServerConfig
from chatgui.store import SqliteHistory
from tests.net.server.historykit import as_if_killed

DAY = 86400.0
NOW = 1_800_000_000.0


def _entry(n: int, room: str = "#class", at: float = NOW, text: str = "") -> StoredMessage:
    params = (room, text or f"message {n}")
    return StoredMessage(f"run1-{room}-{n}", at, room, "PRIVMSG", "alice!~a@h", params)


def _open(path: Path, **fields: object) -> SqliteHistory:
    store = SqliteHistory.open(path, replace(ServerConfig(), **fields))
    assert store.problem == ""
    return store


def _prune_all(store: SqliteHistory) -> int:
    """Run prune steps until nothing is waiting; how many steps it took."""
    steps = 1
    while store.prune_step(NOW):
        steps += 1
    return steps


def _kept(store: SqliteHistory, room: str = "#class") -> list[str]:
    found = store.between(room, FIRST, LAST, 100_000, newest=False, events=True)
    return [entry.text for entry in found]


def test_messages_older_than_the_retention_go(tmp_path: Path) -> None:
    store = _open(tmp_path / "h.sqlite3", history_days=30.0)
    for n in range(3):
        store.record(_entry(n, at=NOW - 31 * DAY))
    store.record(_entry(3, at=NOW - 29 * DAY))
    store.flush()
    _prune_all(store)
    assert _kept(store) == ["message 3"]


def test_each_room_keeps_its_newest_messages_in_small_batches(tmp_path: Path) -> None:
    store = _open(tmp_path / "h.sqlite3", history_per_room=100)
    over = limits.HISTORY_PRUNE_BATCH * 2 + 50
    for n in range(100 + over):
        store.record(_entry(n))
    store.record(_entry(0, room="#other"))
    store.flush()
    sizes = [len(_kept(store))]
    while store.prune_step(NOW):
        sizes.append(len(_kept(store)))
    sizes.append(len(_kept(store)))
    steps = [before - after for before, after in itertools.pairwise(sizes)]
    assert max(steps) <= limits.HISTORY_PRUNE_BATCH  # never more than one batch at a time
    assert _kept(store) == [f"message {n}" for n in range(over, 100 + over)]
    assert _kept(store, "#other") == ["message 0"]


def test_the_oldest_go_when_the_file_nears_its_size_cap(tmp_path: Path) -> None:
    cap = 1024 * 1024
    path = tmp_path / "h.sqlite3"
    store = _open(path, history_max_bytes=cap)
    count = 0
    while store.bytes_in_use() / cap < 0.95:
        for _ in range(20):
            store.record(_entry(count, text=f"{count} " + "x" * 400))
            count += 1
        store.flush()
    assert store.problem == ""
    _prune_all(store)
    after = _kept(store)
    assert 0 < len(after) < count
    assert after[-1].startswith(f"{count - 1} ")  # the newest stay
    assert store.bytes_in_use() / cap < limits.HISTORY_PRUNE_START_FRACTION
    for n in range(count, count + 100):  # room again: the freed pages are used
        store.record(_entry(n, text=f"{n} " + "x" * 400))
    store.flush()
    assert store.problem == ""


def test_clearing_a_room_leaves_the_others_and_later_messages(tmp_path: Path) -> None:
    store = _open(tmp_path / "h.sqlite3")
    for n in range(limits.HISTORY_PRUNE_BATCH + 10):
        store.record(_entry(n))
    store.record(_entry(0, room="#other"))
    store.flush()
    up_to = store.last_order()
    store.record(_entry(99_999, text="said while clearing"))
    store.flush()
    assert store.clear_step("#class", up_to) is True
    assert store.clear_step("#class", up_to) is False
    assert _kept(store) == ["said while clearing"]
    assert _kept(store, "#other") == ["message 0"]


def test_the_msgid_prefixes_of_earlier_runs_are_known(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite3"
    store = _open(path)
    store.record(_entry(1))
    store.close()
    again = _open(path)
    assert again.uses_msgid_prefix("run1-")
    assert not again.uses_msgid_prefix("run2-")
    assert _kept(again) == []  # a new lesson


def test_the_log_is_copied_into_the_file_while_the_store_runs(tmp_path: Path) -> None:
    """The store's own commits copy the write-ahead log into the file once it holds
    HISTORY_CHECKPOINT_PAGES (on the writer's thread in a room), so the log stays bounded and
    the main file grows while the store is still open; with no thread of its own."""
    path = tmp_path / "h.sqlite3"
    log = path.with_name(path.name + "-wal")
    store = _open(path)
    empty = path.stat().st_size
    page = 4096
    text = "x" * 2000
    count = 2 * limits.HISTORY_CHECKPOINT_PAGES * page // len(text)
    for n in range(count):
        store.record(_entry(n, text=f"{n} {text}"))
        if n % 100 == 99:
            store.flush()
            assert log.stat().st_size < 2 * limits.HISTORY_CHECKPOINT_PAGES * page
    assert path.stat().st_size > empty + limits.HISTORY_CHECKPOINT_PAGES * page // 2
    assert [t.name for t in threading.enumerate() if t.name.startswith("chatgui")] == []
    store.close()


def test_recorded_messages_wait_in_the_pending_file_until_the_next_run(tmp_path: Path) -> None:
    """A program killed before flush() loses nothing: the next run moves the lines in, and
    skips a last line torn in half."""
    path = tmp_path / "h.sqlite3"
    killed = _open(path)
    for n in range(3):
        killed.record(_entry(n))
    assert killed.waiting() == 3
    pending = path.with_name(f"{path.name}-pending-{killed.lesson}")
    with pending.open("ab") as file:
        file.write(b'{"msgid": "torn-in-ha')
    assert len(pending.read_bytes().splitlines()) == 4
    as_if_killed(killed)  # the killed run's connection is simply never used again
    again = _open(path)
    assert again.lesson == killed.lesson  # a lesson that ended in a crash goes on
    assert _kept(again) == ["message 0", "message 1", "message 2"]
    assert pending.read_bytes() == b""
    again.close()
    assert not pending.exists()
