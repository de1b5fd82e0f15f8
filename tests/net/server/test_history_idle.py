"""A quiet room keeping history wakes nothing: no thread of the history runs while nobody
talks. Seen through the writer's next_wake() (when it would wake by itself), never by timing.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from chatgui import limits
from chatgui.net.history_writer import HistoryWriter
from tests.net.server.historykit import HistoryRoom, open_room, synced

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


def test_a_new_room_with_nobody_in_it_has_nothing_to_wake_for(tmp_path: Path) -> None:
    room = open_room(tmp_path / "history.sqlite3")
    try:
        assert _writer(room).next_wake() is None
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
