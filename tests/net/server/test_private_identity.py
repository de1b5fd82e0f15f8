"""Private history belongs to the people who took part, not to their names.

With "keep private messages" on, a name taken later (by NICK, or after its owner quit) reads
none of the conversations had under it; someone who comes back with the same identity (SASL)
reads their own, under whatever name they now have; a plain client without an identity reads
only what it saw while connected.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from chatgui.protocol.server.message_store import FIRST, LAST, SearchQuery
from chatgui.protocol.server.model import ServerConfig
from chatgui.store import LessonPlan, SqliteHistory
from chatgui.store.schema import SCHEMA_VERSION
from tests.lineclient import LineClient
from tests.net.server.historykit import HISTORY_CAPS, HistoryRoom, open_room, read_batch, say, texts
from tests.net.server.saslkit import log_in
from tests.store.old_schema import WORDS_OF_VERSION_4

SEARCH_CAPS = HISTORY_CAPS + " soju.im/search"
ALL_TIME = "timestamp=2000-01-01T00:00:00Z timestamp=2100-01-01T00:00:00Z"


@pytest.fixture
def room(tmp_path: Path) -> Iterator[HistoryRoom]:
    running = open_room(tmp_path / "h.sqlite3", keep_private=True)
    yield running
    running.stop()


def _reads_nothing_of(client: LineClient, partner: str) -> None:
    for sub in (f"LATEST {partner} * 50", f"BEFORE {partner} timestamp=2100-01-01T00:00:00Z 50"):
        client.send(f"CHATHISTORY {sub}")
        assert read_batch(client) == [], sub
    client.send(f"CHATHISTORY AFTER {partner} timestamp=2000-01-01T00:00:00Z 50")
    assert read_batch(client) == []
    client.send(f"CHATHISTORY AROUND {partner} timestamp=2050-01-01T00:00:00Z 50")
    assert read_batch(client) == []
    client.send(f"CHATHISTORY BETWEEN {partner} {ALL_TIME} 50")
    assert read_batch(client) == []
    client.send(f"CHATHISTORY TARGETS {ALL_TIME} 50")
    assert read_batch(client, "draft/chathistory-targets") == []
    client.send("SEARCH text=locker")
    assert read_batch(client, "soju.im/search") == []


def test_an_early_connection_that_takes_the_name_reads_nothing(room: HistoryRoom) -> None:
    """The finding: a student connected before Sam waits for Sam to leave, takes the name."""
    mallory = room.connect("mallory", SEARCH_CAPS)
    teacher = room.connect("teacher", HISTORY_CAPS)
    sam = room.connect("sam", HISTORY_CAPS)
    say(sam, "teacher", "my locker code is 4711")
    teacher.expect("locker code")
    say(teacher, "sam", "keep it to yourself")
    sam.send("QUIT :bye")
    sam.expect("ERROR")
    mallory.send("NICK sam")
    mallory.expect(r" NICK :?sam")
    _reads_nothing_of(mallory, "teacher")
    teacher.send("CHATHISTORY LATEST sam * 10")  # the teacher still reads it
    assert texts(read_batch(teacher)) == ["my locker code is 4711", "keep it to yourself"]


def test_a_name_taken_by_nick_while_its_owner_is_away_reads_nothing(room: HistoryRoom) -> None:
    mallory = room.connect("mallory", SEARCH_CAPS)
    teacher = room.connect("teacher", HISTORY_CAPS)
    sam = room.connect("sam", HISTORY_CAPS)
    say(sam, "teacher", "my locker code is 4711")
    teacher.expect("locker code")
    sam.send("NICK sammy")
    sam.expect(r" NICK :?sammy")
    mallory.send("NICK sam")
    mallory.expect(r" NICK :?sam")
    _reads_nothing_of(mallory, "teacher")


def test_a_name_taken_after_a_quit_by_a_new_connection_reads_nothing(room: HistoryRoom) -> None:
    room.connect("teacher", HISTORY_CAPS)
    sam = room.connect("sam", HISTORY_CAPS)
    say(sam, "teacher", "my locker code is 4711")
    sam.send("QUIT :bye")
    sam.expect("ERROR")
    later = room.connect("sam", SEARCH_CAPS)
    _reads_nothing_of(later, "teacher")


def _signed_in(room: HistoryRoom, nick: str, password: str) -> tuple[LineClient, str]:
    client = LineClient(room.port)
    room.clients.append(client)
    return client, log_in(client, nick, password, SEARCH_CAPS)


def test_the_same_identity_reads_its_own_after_coming_back_under_another_name(
    room: HistoryRoom,
) -> None:
    teacher, teacher_account = _signed_in(room, "teacher", "teacher-window-secret")
    sam, sam_account = _signed_in(room, "sam", "sam-window-secret")
    assert sam_account != teacher_account
    say(sam, "teacher", "my locker code is 4711")
    teacher.expect("locker code")
    sam.send("QUIT :bye")
    sam.expect("ERROR")
    mallory, _ = _signed_in(room, "sam", "mallory-guess")  # the name, not the identity
    _reads_nothing_of(mallory, "teacher")
    back, again = _signed_in(room, "sammy", "sam-window-secret")
    assert again == sam_account
    back.send("CHATHISTORY LATEST teacher * 10")
    assert texts(read_batch(back)) == ["my locker code is 4711"]
    back.send(f"CHATHISTORY TARGETS {ALL_TIME} 10")
    assert [m.params[1] for m in read_batch(back, "draft/chathistory-targets")] == ["teacher"]
    back.send("SEARCH text=locker")
    assert texts(read_batch(back, "soju.im/search")) == ["my locker code is 4711"]


def test_an_offline_partner_is_named_by_the_nick_they_last_had(room: HistoryRoom) -> None:
    teacher, _ = _signed_in(room, "teacher", "teacher-window-secret")
    sam, _ = _signed_in(room, "sam", "sam-window-secret")
    say(sam, "teacher", "question about homework")
    teacher.send("QUIT :bye")
    teacher.expect("ERROR")
    sam.send(f"CHATHISTORY TARGETS {ALL_TIME} 10")
    assert [m.params[1] for m in read_batch(sam, "draft/chathistory-targets")] == ["teacher"]
    sam.send("CHATHISTORY LATEST teacher * 10")
    assert texts(read_batch(sam)) == ["question about homework"]


def test_a_private_history_survives_a_nick(room: HistoryRoom) -> None:
    teacher, _ = _signed_in(room, "teacher", "teacher-window-secret")
    kim = room.connect("kim", SEARCH_CAPS)  # no identity: this connection's own
    say(kim, "teacher", "before the rename")
    teacher.expect("before the rename")
    kim.send("NICK kimberly")
    kim.expect(r" NICK :?kimberly")
    say(kim, "teacher", "after the rename")
    teacher.expect("after the rename")
    kim.send("CHATHISTORY LATEST teacher * 10")
    assert texts(read_batch(kim)) == ["before the rename", "after the rename"]
    teacher.send("CHATHISTORY LATEST kimberly * 10")
    assert texts(read_batch(teacher)) == ["before the rename", "after the rename"]
    teacher.send("NICK ms_rivera")
    teacher.expect(r" NICK :?ms_rivera")
    kim.send("CHATHISTORY LATEST ms_rivera * 10")
    assert texts(read_batch(kim)) == ["before the rename", "after the rename"]


def test_a_client_without_identity_reads_only_what_it_saw_while_connected(
    room: HistoryRoom,
) -> None:
    _teacher, _ = _signed_in(room, "teacher", "teacher-window-secret")
    kim = room.connect("kim", SEARCH_CAPS)
    say(kim, "teacher", "first visit")
    kim.send("QUIT :bye")
    kim.expect("ERROR")
    again = room.connect("kim", SEARCH_CAPS)
    _reads_nothing_of(again, "teacher")
    again.send("CHATHISTORY LATEST teacher * 10")
    assert read_batch(again) == []
    say(again, "teacher", "second visit")
    again.send("CHATHISTORY LATEST teacher * 10")
    assert texts(read_batch(again)) == ["second visit"]


def test_identities_and_private_history_survive_a_restart_of_the_host(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite3"
    first = open_room(path, keep_private=True)
    try:
        teacher, teacher_account = _signed_in(first, "teacher", "teacher-window-secret")
        sam, _ = _signed_in(first, "sam", "sam-window-secret")
        say(sam, "teacher", "kept over the restart")
        teacher.expect("kept over")
    finally:
        first.stop()
    assert (path.parent / (path.name + "-account-key")).stat().st_mode & 0o777 == 0o600
    second = open_room(path, LessonPlan(last=True), keep_private=True)  # the lesson goes on
    try:
        teacher, account = _signed_in(second, "teacher", "teacher-window-secret")
        assert account == teacher_account
        teacher.send("CHATHISTORY LATEST sam * 10")
        assert texts(read_batch(teacher)) == ["kept over the restart"]
    finally:
        second.stop()


def test_a_file_of_version_2_keeps_its_rooms_and_loses_its_private_messages_by_name(
    tmp_path: Path,
) -> None:
    """Version 2 kept private messages under the two nicks: nobody can tell whose they were,
    so they go (the rooms' history stays), and a taken name reads nothing of them."""
    path = tmp_path / "h.sqlite3"
    old = sqlite3.connect(path)
    old.executescript(
        """
        CREATE TABLE messages (id INTEGER PRIMARY KEY, msgid TEXT NOT NULL, at REAL NOT NULL,
            conversation TEXT NOT NULL, command TEXT NOT NULL, sender TEXT NOT NULL,
            source TEXT NOT NULL, params TEXT NOT NULL, text TEXT NOT NULL, tags TEXT NOT NULL,
            address TEXT NOT NULL DEFAULT '', UNIQUE (conversation, msgid));
        CREATE INDEX messages_by_conversation ON messages (conversation, at, id);
        """
        + WORDS_OF_VERSION_4
        + """
        INSERT INTO messages VALUES (1, 'a', 1.0, '#class', 'PRIVMSG', 'sam',
            'sam!~s@10.0.0.9', '["#class"]', 'homework is page 12', '{}', '10.0.0.9');
        INSERT INTO messages VALUES (2, 'b', 2.0, 'sam,teacher', 'PRIVMSG', 'sam',
            'sam!~s@10.0.0.9', '["teacher"]', 'my locker code is 4711', '{}', '10.0.0.9');
        PRAGMA user_version=2;
        """
    )
    old.close()
    store = SqliteHistory.open(path, ServerConfig(rooms=("#class",)), LessonPlan(last=True))
    assert store.problem == ""
    assert [e.text for e in store.search(SearchQuery(("#class",), text="homework"))] == [
        "homework is page 12"
    ]
    assert store.search(SearchQuery((), private_of="sam", text="locker")) == []
    assert store.between("sam,teacher", FIRST, LAST, 10, newest=True, events=True) == []
    assert store._db is not None
    store._db.execute("INSERT INTO message_words (message_words) VALUES ('integrity-check')")
    store.close()
    again = sqlite3.connect(path)
    assert again.execute("PRAGMA user_version").fetchone() == (SCHEMA_VERSION,)
    assert again.execute("SELECT conversation FROM messages").fetchall() == [("#class",)]
    again.close()
