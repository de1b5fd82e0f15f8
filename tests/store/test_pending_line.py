"""A pending file's line (pending.py) is put together by hand on the room's loop: it must be
the JSON json.dumps would write, and read back as the very entry, whatever was said."""

from __future__ import annotations

import json

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from chatgui.protocol.server.message_store import StoredMessage
from chatgui.store.pending import PendingFile, read_entries

anything = st.text(max_size=30)
entries = st.builds(
    StoredMessage,
    msgid=anything,
    at=st.floats(0, 4e9),
    conversation=anything,
    command=st.sampled_from(["PRIVMSG", "NOTICE", "JOIN", "TAGMSG"]),
    source=anything,
    params=st.lists(anything, min_size=1, max_size=3).map(tuple),
    tags=st.lists(st.tuples(anything, anything), max_size=2).map(lambda p: tuple(dict(p).items())),
    order=st.just(0),  # given by the store, never written
    sender_key=anything.filter(bool),  # a private entry without its writer's key is skipped
)


@settings(max_examples=200, deadline=None)
@given(entry=entries)
@example(
    entry=StoredMessage(
        '"\\\0', 0.1, "#c", "PRIVMSG", "é!\u2028@h", ("#c", "\ud7ff"), (), sender_key="k"
    )
)
def test_a_line_is_json_and_reads_back_as_the_entry(
    tmp_path_factory: pytest.TempPathFactory, entry: StoredMessage
) -> None:
    folder = tmp_path_factory.mktemp("pending")
    pending = PendingFile(folder / "h.sqlite3", 1)
    assert pending.open()
    pending.append([entry])
    line = pending.path.read_bytes()
    pending.close(remove=False)
    e = entry
    expected = [e.msgid, e.at, e.conversation, e.command, e.source, e.params, dict(e.tags)]
    expected.append(e.sender_key)
    assert line == json.dumps(expected).encode("ascii") + b"\n"
    assert read_entries(pending.path) == [entry]
