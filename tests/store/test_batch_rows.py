"""A batch of messages goes into SQLite in one statement (rows.py): whatever a student wrote
comes back from the history exactly as it went in, in its order, and is found by its words."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from chatgui.protocol.server.message_store import FIRST, LAST, SearchQuery, StoredMessage
from chatgui.protocol.server.model import ServerConfig
from chatgui.store import LessonPlan, SqliteHistory
from chatgui.store.rows import STAGE_ROWS
from tests.store.old_schema import PRIVATE_PEOPLE_ADDED_BY_TRIGGER, WORDS_ADDED_BY_TRIGGER

NOW = 1_800_000_000.0
msgids = itertools.count()
"""Each example's msgids new: a msgid kept already is not stored again."""
said = st.text(max_size=40)
tags = st.lists(st.tuples(st.sampled_from(["+draft/reply", "+draft/react"]), said), max_size=2)


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SqliteHistory]:
    opened = SqliteHistory.open(tmp_path_factory.mktemp("rows") / "h.sqlite3", ServerConfig())
    assert opened.problem == ""
    yield opened
    opened.close()


@settings(max_examples=100, deadline=None)
@given(
    texts=st.lists(st.tuples(said, said, tags, st.floats(0, 1e9)), min_size=1, max_size=5),
)
@example(texts=[("a\0b", "x\0", [("+draft/reply", "\0")], 0.5)])  # SQLite's JSON stops at a NUL
@example(texts=[('\u2028"\\', "é\x7f\x01", [], 1e-7)])
def test_a_batch_comes_back_as_it_went_in(
    store: SqliteHistory, texts: list[tuple[str, str, list[tuple[str, str]], float]]
) -> None:
    conversation = f"#r{next(msgids)}"  # a room of its own
    batch = [
        StoredMessage(
            f"m{next(msgids)}",
            NOW + at,
            conversation,
            "PRIVMSG",
            f"{nick or 'x'}!~u@host{n}",
            (conversation, "second", text),
            tuple(dict(pairs).items()),
        )
        for n, (text, nick, pairs, at) in enumerate(texts)
    ]
    for entry in batch:
        store.record(entry)
    store.flush()
    back = store.between(conversation, FIRST, LAST, 100, newest=False, events=True)
    assert [e._replace(order=0) for e in back] == sorted(batch, key=lambda e: e.at)
    assert store.problem == ""


def test_a_batch_of_many_comes_back_in_its_order(tmp_path: Path) -> None:
    """Past STAGE_ROWS, rows go in STAGE_ROWS a statement, then the rest one by one."""
    store = SqliteHistory.open(tmp_path / "h.sqlite3", ServerConfig())
    count = 2 * STAGE_ROWS + 7
    batch = [
        StoredMessage(f"m{n}", NOW + n, "#c", "PRIVMSG", f"w{n % 3}!~u@h{n % 3}", ("#c", f"{n}"))
        for n in range(count)
    ]
    for entry in batch:
        store.record(entry)
    store.flush()
    back = store.between("#c", FIRST, LAST, count + 1, newest=False, events=True)
    assert [e._replace(order=0) for e in back] == batch
    assert [e.order for e in back] == list(range(1, count + 1))
    store.close()


def test_a_msgid_twice_in_one_batch_keeps_the_first_and_words_are_found(tmp_path: Path) -> None:
    store = SqliteHistory.open(tmp_path / "h.sqlite3", ServerConfig())
    first = StoredMessage("same", NOW, "#c", "PRIVMSG", "al!~a@h", ("#c", "homework today"))
    again = StoredMessage("same", NOW + 1, "#c", "PRIVMSG", "al!~a@h", ("#c", "other words"))
    store.record(first)
    store.record(again)
    store.flush()
    kept = store.between("#c", FIRST, LAST, 100, newest=False, events=True)
    assert [e.text for e in kept] == ["homework today"]
    assert [e.text for e in store.search(SearchQuery(("#c",), text="home"))] == ["homework today"]
    assert store.search(SearchQuery(("#c",), text="other")) == []
    assert store._db is not None  # the rows on their way in are not kept after the move
    assert store._db.execute("SELECT COUNT(*) FROM temp.staged").fetchone() == (0,)
    store.close()


def test_a_file_of_version_4_keeps_its_words_and_adds_a_batchs_without_triggers(
    tmp_path: Path,
) -> None:
    """Version 4 added each row's words and private people by a trigger on insert; opened
    now, the triggers are gone and the batch's own statements add them, as before."""
    path = tmp_path / "h.sqlite3"
    earlier = SqliteHistory.open(path, ServerConfig())
    assert earlier._db is not None
    earlier._db.executescript(
        WORDS_ADDED_BY_TRIGGER + PRIVATE_PEOPLE_ADDED_BY_TRIGGER + "PRAGMA user_version=4;"
    )
    earlier.record(StoredMessage("a", NOW, "#c", "PRIVMSG", "al!~a@h", ("#c", "homework")))
    earlier.close()
    store = SqliteHistory.open(path, ServerConfig(), LessonPlan(last=True))
    assert store._db is not None
    triggers = store._db.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
    assert sorted(name for (name,) in triggers) == [
        "message_words_removed",
        "private_people_gone",
    ]
    private = "key:al,key:bo"
    store.record(StoredMessage("b", NOW + 1, "#c", "PRIVMSG", "al!~a@h", ("#c", "homework 2")))
    store.record(
        StoredMessage(
            "c", NOW + 2, private, "PRIVMSG", "al!~a@h", ("bo", "homework?"), (), 0, "key:al"
        )
    )
    store.record(StoredMessage("b", NOW + 3, "#c", "PRIVMSG", "al!~a@h", ("#c", "homework 3")))
    found = store.search(SearchQuery(("#c",), private_of="key:bo", text="homework"))
    assert [e.msgid for e in found] == ["a", "b", "c"]  # a msgid twice: the first is kept
    assert store.targets((), "key:al", 0, NOW + 10, 10) == [(private, NOW + 2)]
    assert store._db.execute("SELECT COUNT(*) FROM message_words").fetchone() == (3,)
    store.close()


def test_batches_of_joins_of_messages_and_of_private_ones_each_index_their_own(
    tmp_path: Path,
) -> None:
    """A batch of joins alone adds no words and no private people; the batches after it add
    theirs: a room's words are found, and a private conversation is found under each of its
    two people."""
    store = SqliteHistory.open(tmp_path / "h.sqlite3", ServerConfig(keep_private=True))
    store.record(StoredMessage("j", NOW, "#c", "JOIN", "al!~a@h", ("#c",)))
    store.flush()
    store.record(StoredMessage("m", NOW + 1, "#c", "PRIVMSG", "al!~a@h", ("#c", "homework")))
    store.flush()
    private = StoredMessage("p", NOW + 2, "ka,kb", "PRIVMSG", "al!~a@h", ("bo", "secret plan"))
    store.record(private._replace(sender_key="ka"))
    store.flush()
    assert [e.text for e in store.search(SearchQuery(("#c",), text="home"))] == ["homework"]
    for person in ("ka", "kb"):
        found = store.search(SearchQuery((), private_of=person, text="secret"))
        assert [e.text for e in found] == ["secret plan"]
    store.close()
