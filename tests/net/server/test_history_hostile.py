"""One student against the lesson's history: they can't push the class's messages out, stop
the history for everyone, make SEARCH read the whole file, or read the host's files.

Real sockets on 127.0.0.1 (the attacker at 127.0.0.2), real SQLite files in tmp_path.
"""

from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from chatgui import limits
from chatgui.events import HistoryStatus, HostWarning, ServerStopped, WorkerCrashed
from chatgui.protocol.server.message_store import FIRST, LAST, SearchQuery, StoredMessage
from chatgui.protocol.server.model import ServerConfig
from chatgui.store import LessonPlan, SqliteHistory
from chatgui.store.schema import SCHEMA_VERSION
from chatgui.ui.settings import Settings, save_settings
from tests.lineclient import LineClient
from tests.net.server.historykit import (
    HISTORY_CAPS,
    HistoryRoom,
    as_if_killed,
    open_room,
    read_batch,
    say,
    synced,
    texts,
)

NOW = 1_800_000_000.0


@pytest.fixture
def room(tmp_path: Path) -> Iterator[HistoryRoom]:
    running = open_room(tmp_path / "history.sqlite3")
    yield running
    running.stop()


def _entry(n: int, text: str, address: str = "10.0.0.1", room: str = "#class") -> StoredMessage:
    source = f"pupil!~p@{address}"
    return StoredMessage(f"m{n}", NOW + n, room, "PRIVMSG", source, (room, text))


def _open(path: Path, plan: LessonPlan | None = None, **fields: object) -> SqliteHistory:
    store = SqliteHistory.open(path, replace(ServerConfig(), **fields), plan)
    assert store.problem == ""
    return store


def _kept(store: SqliteHistory, room: str = "#class") -> list[StoredMessage]:
    return store.between(room, FIRST, LAST, 1_000_000, newest=False, events=True)


def _steps_of(store: SqliteHistory, query: SearchQuery) -> tuple[list[str], int]:
    """What a search finds, and how many SQLite virtual-machine steps it took (a count of
    work done, not a time)."""
    db = store._db
    assert db is not None
    steps = 0

    def count() -> int:
        nonlocal steps
        steps += 1
        return 0

    db.set_progress_handler(count, 100)
    try:
        found = [entry.text for entry in store.search(query)]
    finally:
        db.set_progress_handler(None, 0)
    return found, steps * 100


# --- SEARCH reads the messages that have the words, never the whole file ---


def test_a_rare_word_is_found_without_reading_the_whole_file(tmp_path: Path) -> None:
    store = _open(tmp_path / "h.sqlite3")
    for n in range(20_000):
        store.record(_entry(n, f"homework page {n} fractions and lunch"))
    store.record(_entry(20_000, "a zebra at the zoo"))
    store.flush()
    found, steps = _steps_of(store, SearchQuery(("#class",), text="zebra"))
    assert found == ["a zebra at the zoo"]
    assert steps < 2_000  # reading 20,000 rows takes far more than that
    found, steps = _steps_of(store, SearchQuery(("#other",), text="homework"))
    assert found == []  # a common word in a room one is not in: a bounded read as well
    assert steps < limits.SEARCH_MAX_EXAMINED * 100
    for no_words in (SearchQuery(("#other",), text=":)"), SearchQuery(("#other",), sender="x")):
        found, steps = _steps_of(store, no_words)  # read from the room's own index
        assert found == []
        assert steps < 2_000
    store.close()


def test_search_finds_the_beginnings_of_words(room: HistoryRoom) -> None:
    alice = room.join("alice")
    say(alice, "#class", "the Homework is on page 12", "no homework tomorrow", "Élève café")
    bob = room.join("bob", "soju.im/search batch server-time message-tags")
    for words, expected in (
        ("home", ["the Homework is on page 12", "no homework tomorrow"]),
        (r"page\s12", ["the Homework is on page 12"]),
        (r"12\shomework", ["the Homework is on page 12"]),  # every word, in any order
        ("work", []),  # inside a word: not a word's beginning
        ("eleve", ["Élève café"]),  # accents aside
        (r"\"page", ["the Homework is on page 12"]),  # quotes are words, never syntax
        ("%", []),
    ):
        bob.send(f"SEARCH in=#class;text={words}")
        assert texts(read_batch(bob, "soju.im/search")) == expected, words


@pytest.fixture(scope="module")
def searched(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SqliteHistory]:
    store = _open(tmp_path_factory.mktemp("search") / "h.sqlite3")
    yield store
    store.close()


@settings(max_examples=200, deadline=None)
@given(text=st.text(max_size=60), word=st.from_regex(r"[A-Za-z]{1,12}", fullmatch=True))
@example(text='say "hi\0 there', word="Sam")  # a NUL once ended SQLite's query early
def test_whatever_is_searched_for_words_are_found_by_their_beginning(
    searched: SqliteHistory, text: str, word: str
) -> None:
    """Any text a student types (quotes, stars, NEAR, brackets, control characters) is only
    words to find, never a query that fails; a word said is found by its beginning, and not
    where it is only the inside of another word."""
    said = f"said: {text} and {word}!"
    glued = f"0{word}"  # one word that only ends with `word`
    for text_said in (said, glued):
        searched.record(_entry(searched.last_order() + 1, text_said))
    searched.search(SearchQuery(("#class",), text=text, limit=1))
    assert searched.problem == ""
    found = [e.text for e in searched.search(SearchQuery(("#class",), text=word[:3], limit=2))]
    assert searched.problem == ""
    assert said in found
    assert glued not in found


def test_a_file_of_an_earlier_version_gets_its_word_index(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite3"
    old = sqlite3.connect(path)
    old.executescript(
        """
        CREATE TABLE messages (id INTEGER PRIMARY KEY, msgid TEXT NOT NULL, at REAL NOT NULL,
            conversation TEXT NOT NULL, command TEXT NOT NULL, sender TEXT NOT NULL,
            source TEXT NOT NULL, params TEXT NOT NULL, text TEXT NOT NULL, tags TEXT NOT NULL,
            UNIQUE (conversation, msgid));
        CREATE INDEX messages_by_conversation ON messages (conversation, at, id);
        INSERT INTO messages VALUES (1, 'a', 1.0, '#class', 'PRIVMSG', 'sam',
            'sam!~s@10.0.0.9', '["#class"]', 'kept from last year', '{}');
        PRAGMA user_version=1;
        """
    )
    old.close()
    store = _open(path, LessonPlan(last=True), rooms=("#class",))  # its lesson, continued
    assert [e.text for e in store.search(SearchQuery(("#class",), text="year"))] == [
        "kept from last year"
    ]
    store.close()
    again = sqlite3.connect(path)
    assert again.execute("PRAGMA user_version").fetchone() == (SCHEMA_VERSION,)
    assert again.execute("SELECT address FROM messages").fetchall() == [("10.0.0.9",)]
    again.close()


def _check_the_word_index(store: SqliteHistory) -> None:
    """FTS5's own check that the word index matches the messages kept (raises if not)."""
    assert store._db is not None
    store._db.execute("INSERT INTO message_words (message_words) VALUES ('integrity-check')")


def test_the_word_index_follows_clearing_and_pruning(tmp_path: Path) -> None:
    store = _open(tmp_path / "h.sqlite3", history_days=1.0)
    store.record(_entry(0, "an old zebra")._replace(at=1.0))
    for n in range(1, 600):
        store.record(_entry(n, f"zebra number {n}"))
    store.record(_entry(600, "a zebra elsewhere", room="#other"))
    store.flush()
    while store.prune_step(NOW):
        pass
    assert "an old zebra" not in [
        e.text for e in store.search(SearchQuery(("#class",), text="old"))
    ]
    while store.clear_step("#class", store.last_order()):
        pass
    found = store.search(SearchQuery(("#class", "#other"), text="zebra"))
    assert [entry.text for entry in found] == ["a zebra elsewhere"]
    _check_the_word_index(store)
    store.close()


def test_a_floods_backlog_goes_in_by_parts_and_a_kill_between_loses_nothing(
    tmp_path: Path,
) -> None:
    """ChatServer moves at most HISTORY_FLUSH_BATCH messages at a time (the room is served
    between parts); the pending file keeps every line until all are in."""
    path = tmp_path / "h.sqlite3"
    store = _open(path)
    flood = 2 * limits.HISTORY_FLUSH_BATCH + 100
    for n in range(flood):
        store.record(_entry(n, f"line {n}"))
    store.flush(limits.HISTORY_FLUSH_BATCH)
    assert store.waiting() == flood - limits.HISTORY_FLUSH_BATCH
    as_if_killed(store)  # the first run's connection is never used again
    again = _open(path)
    assert [e.text for e in _kept(again)] == [f"line {n}" for n in range(flood)]
    again.close()


# --- Caps shared fairly ---


def test_a_flooding_computer_loses_its_own_oldest_lines_and_the_host_is_told(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(limits, "HISTORY_PRUNE_INTERVAL_S", 0.2)
    room = open_room(tmp_path / "history.sqlite3", history_per_room=100)
    try:
        pat = room.join("pat")
        say(pat, "#class", *[f"pat {n}" for n in range(30)])
        flooders = []
        for number in range(10):  # ten connections from one computer, taking turns
            flooder = LineClient(room.port, source="127.0.0.2")
            room.clients.append(flooder)
            flooder.register(f"flooder{number}")
            flooder.send("JOIN #class")
            flooders.append(flooder)
        for n in range(300):
            flooders[n % 10].send(f"PRIVMSG #class :flood {n}")
            if n % 10 == 9:
                say(flooders[n % 10], "#class")  # in order: each waits for the one before
        warning = room.events.get(timeout=10)
        assert isinstance(warning, HostWarning), warning
        assert warning.text == (
            "Most of what #class keeps came from 127.0.0.2; "
            "their oldest messages were removed first."
        )
        reader = room.join("reader", HISTORY_CAPS)
        for _ in range(50):  # pruning goes on in small steps: until it is done
            reader.send("CHATHISTORY LATEST #class * 100")
            kept = texts(read_batch(reader))
            if kept[0] == "pat 0":
                break
            time.sleep(0.1)
        assert kept[:30] == [f"pat {n}" for n in range(30)]  # every line of the class
        flood = kept[30:]  # the flood's newest: the cap (100) counts joins too
        assert 50 <= len(flood) <= 69
        numbers = [int(line.removeprefix("flood ")) for line in flood]
        assert min(numbers) >= 300 - len(flood) - 10  # the newest (ten at a time, any order)
    finally:
        room.stop()


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    writers=st.lists(st.integers(min_value=1, max_value=120), min_size=1, max_size=6),
    cap=st.integers(min_value=10, max_value=150),
    data=st.data(),
)
def test_whoever_wrote_no_more_than_a_fair_share_keeps_every_line(
    writers: list[int], cap: int, data: st.DataObject
) -> None:
    """Whatever mix of senders writes past the cap, in whatever order, the room keeps `cap`
    lines and a sender with at most cap / senders lines keeps all of theirs."""
    order = data.draw(st.permutations([w for w, count in enumerate(writers) for _ in range(count)]))
    with tempfile.TemporaryDirectory() as folder:
        store = _open(Path(folder) / "h.sqlite3", history_per_room=cap)
        for n, writer in enumerate(order):
            store.record(_entry(n, f"{writer} {n}", address=f"10.0.0.{writer}"))
        store.flush()
        for _ in range(10_000):
            if not store.prune_step(NOW):
                break
        kept = _kept(store)
        _check_the_word_index(store)
        store.close()
    assert len(kept) == min(cap, len(order))
    for writer, count in enumerate(writers):
        if count <= cap // len(writers):
            mine = [e for e in kept if e.source.endswith(f"@10.0.0.{writer}")]
            assert len(mine) == count


# --- The size cap: old lessons go before new lines are refused; no tag flood ---


def test_a_full_file_makes_room_from_earlier_lessons_and_keeps_the_new(tmp_path: Path) -> None:
    cap = 1024 * 1024
    earlier = _open(tmp_path / "h.sqlite3", history_max_bytes=cap)
    last_year = [
        StoredMessage(f"old{n}", 1_000_000.0 + n, "#class", "PRIVMSG", "a!~a@h", ("#class", "x"))
        for n in range(2000)
    ]
    for entry in last_year:
        earlier.record(entry)
    earlier.close()
    store = _open(tmp_path / "h.sqlite3", history_max_bytes=cap)
    for n in range(6000):  # about 2.5 MiB of this lesson: more than the cap
        store.record(_entry(n, f"{n} " + "y" * 400))
        if n % 50 == 49:
            store.flush()
    store.flush()
    assert store.problem == ""
    kept = _kept(store)
    assert kept[-1].text.startswith("5999 ")  # the newest is kept
    assert len(kept) > 1000
    assert store._db is not None
    (left,) = store._db.execute("SELECT COUNT(*) FROM messages WHERE msgid LIKE 'old%'").fetchone()
    assert left == 0  # last year's lesson went first
    store.close()


def test_a_tag_flood_past_the_size_cap_leaves_the_history_keeping_the_class(
    tmp_path: Path,
) -> None:
    """A student at 127.0.0.2 sends lines with 3 KB of made-up tags until far more than the
    file's cap went by: the class's lines said afterwards are still kept, and the host hears
    whose lines went first."""
    room = open_room(  # flood control off: this is about the history, not the flood rules
        tmp_path / "history.sqlite3", history_max_bytes=1024 * 1024, flood_cost_s=0.0
    )
    try:
        pat = room.join("pat")
        say(pat, "#class", "the class was here first")
        pat.send("QUIT :back later")  # gone meanwhile: nobody has to read the flood
        flooder = LineClient(room.port, source="127.0.0.2")
        room.clients.append(flooder)
        flooder.register("flooder", "message-tags")
        flooder.send("JOIN #class")
        junk = "j" * 3000
        for n in range(3000):  # lines of ~3.4 KB: about 10 MiB past a 1 MiB cap
            flooder.send(f"@+junk={junk} PRIVMSG #class :flood {n} " + "f" * 300)
            if n % 50 == 49:  # read as it goes: unread input past INBOX_MAX_BYTES is dropped
                synced(flooder)
        say(flooder, "#class", "the last of the flood")
        sam = room.join("sam")
        say(sam, "#class", "the class is still kept")
        reader = room.join("reader", HISTORY_CAPS)
        reader.send("CHATHISTORY LATEST #class * 5")
        assert texts(read_batch(reader))[-1] == "the class is still kept"
        events = []
        while not room.events.empty():
            events.append(room.events.get())
        assert not [e for e in events if isinstance(e, HistoryStatus)], events
        assert (
            HostWarning(
                "Most of what #class keeps came from 127.0.0.2; "
                "their oldest messages were removed first."
            )
            in events
        )
    finally:
        room.stop()


def test_only_reply_and_reaction_tags_are_kept(room: HistoryRoom) -> None:
    alice = room.join("alice", "message-tags")
    junk = "x" * 3000
    alice.send(f"@+draft/reply=abc;+junk={junk} PRIVMSG #class :hello")
    say(alice, "#class", "done")
    reader = room.join("reader", HISTORY_CAPS)
    reader.send("CHATHISTORY LATEST #class * 10")
    hello = read_batch(reader)[0]
    assert hello.params[-1] == "hello"
    assert hello.tags.get("+draft/reply") == "abc"
    assert "+junk" not in hello.tags


# --- A folder made read-only; a full disk ---


def _chattr(flag: str, path: Path) -> None:
    made = subprocess.run(["chattr", flag, str(path)], capture_output=True, check=False)
    if made.returncode != 0:
        pytest.skip(f"chattr is not possible here: {made.stderr.decode(errors='replace')}")


def test_closing_a_room_whose_history_folder_became_read_only(tmp_path: Path) -> None:
    """`chattr +i` on the folder: nothing can be made or removed in it (root included)."""
    folder = tmp_path / "data"
    room = open_room(folder / "history.sqlite3")
    alice = room.join("alice")
    say(alice, "#class", "written before the folder was locked")
    _chattr("+i", folder)
    try:
        say(alice, "#class", "and after")
        room.stop()
        events = [room.events.get(timeout=5)]
        while not isinstance(events[-1], ServerStopped | WorkerCrashed):
            events.append(room.events.get(timeout=5))
    finally:
        subprocess.run(["chattr", "-i", str(folder)], check=True)
    assert not [e for e in events if isinstance(e, WorkerCrashed)], events
    assert isinstance(events[-1], ServerStopped)


def test_a_file_that_stops_taking_writes_is_said_to_the_host_at_once(tmp_path: Path) -> None:
    """The pending file made immutable (`chattr +i`) while the room runs: the next message
    can't be kept, as on a full disk. The host hears it at once, not at the next pruning a
    minute later, and the room goes on."""
    path = tmp_path / "history.sqlite3"
    room = open_room(path)
    assert room.server._history.store is not None
    pending = path.with_name(f"{path.name}-pending-{room.server._history.store.lesson}")
    try:
        alice = room.join("alice")
        bob = room.join("bob")
        say(alice, "#class", "this one is kept")
        for _ in range(200):  # until the flush emptied it (HISTORY_FLUSH_INTERVAL_S)
            if pending.stat().st_size == 0:
                break
            time.sleep(0.05)
        _chattr("+i", pending)
        say(alice, "#class", "not kept")
        bob.expect("PRIVMSG #class :this one is kept$")
        bob.expect("PRIVMSG #class :not kept$")
        status = room.events.get(timeout=3)
        assert isinstance(status, HistoryStatus), status
        assert not status.kept
        assert f"The history file {path} can't be written" in status.problem
    finally:
        subprocess.run(["chattr", "-i", str(pending)], check=False)
        room.stop()


# --- The host's files are the host's ---


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_history_files_and_their_folder_are_the_hosts_only(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    path = folder / "history.sqlite3"
    old_umask = os.umask(0o022)
    try:
        room = open_room(path)
        alice = room.join("alice")
        say(alice, "#class", "a secret of the class")
        assert _mode(folder) == 0o700
        for name in ("history.sqlite3", "history.sqlite3-wal", "history.sqlite3-shm"):
            assert _mode(folder / name) == 0o600, name
        assert _mode(folder / "history.sqlite3-pending-1") == 0o600
        room.stop()
        for name in ("history.sqlite3-wal", "history.sqlite3-shm", "history.sqlite3-pending-1"):
            (folder / name).touch()
            os.chmod(folder / name, 0o644)  # as an earlier chatgui left them
        os.chmod(path, 0o644)
        again = open_room(path)
        for name in ("history.sqlite3", "history.sqlite3-wal", "history.sqlite3-shm"):
            assert _mode(folder / name) == 0o600, name
        assert _mode(folder / "history.sqlite3-pending-2") == 0o600
        again.stop()
    finally:
        os.umask(old_umask)


def test_the_settings_and_the_log_are_the_hosts_only(tmp_path: Path) -> None:
    old_umask = os.umask(0o022)
    try:
        settings_file = tmp_path / "config" / "settings.json"
        save_settings(Settings(), settings_file)
        assert _mode(settings_file.parent) == 0o700
        assert _mode(settings_file) == 0o600
        home = tmp_path / "home"
        (home / "data").mkdir(parents=True)  # made by an earlier chatgui, 0755
        started = subprocess.run(
            [
                sys.executable,
                "-c",
                "from chatgui.cli.main import _start_logging; _start_logging(True)",
            ],
            env={**os.environ, "CHATGUI_HOME": str(home)},
            capture_output=True,
            check=True,
        )
        assert started.returncode == 0
        assert _mode(home / "data") == 0o700
        assert _mode(home / "data" / "chatgui.log") == 0o600
    finally:
        os.umask(old_umask)
