"""The server core with a store of its own: it asks the store to record and to find, and
knows nothing of SQLite. The store here is a list in memory, written for this test: it
implements the core's HistoryStore Protocol, so the core can be tested without a file."""

from __future__ import annotations

from collections.abc import Sequence

from chatgui.protocol.message import Message, parse
from chatgui.protocol.server.message_store import (
    PRIVATE_SEPARATOR,
    HistoryStore,
    Position,
    SearchQuery,
    StoredMessage,
)
from chatgui.protocol.server.model import ServerConfig
from chatgui.protocol.server.outgoing import Send
from chatgui.protocol.server.state import ServerState

NOW = 1_800_000_000.0


class MemoryHistory:
    """HistoryStore over a list: the simplest store that keeps its promises."""

    def __init__(self) -> None:
        self.entries: list[StoredMessage] = []
        self.problem = ""

    def record(self, entry: StoredMessage) -> None:
        order = len(self.entries) + 1
        self.entries.append(entry._replace(order=order))

    def find(self, conversation: str, msgid: str) -> StoredMessage | None:
        found = [e for e in self.entries if e.msgid == msgid and e.conversation == conversation]
        return found[0] if found else None

    def between(
        self,
        conversation: str,
        after: Position,
        before: Position,
        limit: int,
        newest: bool,
        events: bool,
    ) -> list[StoredMessage]:
        chosen = [
            e
            for e in self.entries
            if e.conversation == conversation
            and after < e.position < before
            and (events or e.command in ("PRIVMSG", "NOTICE"))
        ]
        return chosen[-limit:] if newest else chosen[:limit]

    def targets(
        self, conversations: Sequence[str], nick: str, after: float, before: float, limit: int
    ) -> list[tuple[str, float]]:
        latest: dict[str, float] = {}
        for e in self.entries:
            mine = e.conversation in conversations or nick in e.conversation.split(
                PRIVATE_SEPARATOR
            )
            if mine and after < e.at < before:
                latest[e.conversation] = e.at
        return sorted(latest.items(), key=lambda item: item[1])[:limit]

    def search(self, query: SearchQuery) -> list[StoredMessage]:
        found = [
            e
            for e in self.entries
            if e.conversation in query.conversations and query.text.lower() in e.text.lower()
        ]
        return found[-query.limit :]


def _sent(outgoing: list[object]) -> list[Message]:
    return [parse(item.line) for item in outgoing if isinstance(item, Send)]


def _server(store: HistoryStore, keep_private: bool = False) -> ServerState:
    server = ServerState(ServerConfig(rooms=("#class",), keep_private=keep_private), store)
    for conn, nick in enumerate(("alice", "bob")):
        server.connected(conn, "10.0.0.1", NOW)
        server.received(conn, f"NICK {nick}".encode(), NOW)
        server.received(conn, f"USER {nick} 0 * :{nick}".encode(), NOW)
        server.received(conn, b"JOIN #class", NOW)
    return server


def test_a_message_is_recorded_before_the_core_hands_out_its_bytes() -> None:
    store = MemoryHistory()
    server = _server(store)
    out = server.received(0, b"PRIVMSG #class :hello", NOW + 1)
    (relayed,) = [m for m in _sent(out) if m.command == "PRIVMSG"]
    kept = store.entries[-1]
    assert (kept.command, kept.conversation) == ("PRIVMSG", "#class")
    assert kept.params == ("#class", "hello")
    assert kept.at == NOW + 1
    assert kept.source.startswith("alice!")
    assert relayed.params == ("#class", "hello")


def test_joins_are_kept_as_events_and_private_messages_only_when_asked() -> None:
    store = MemoryHistory()
    server = _server(store)
    server.received(0, b"PRIVMSG bob :psst", NOW)
    assert [e.command for e in store.entries] == ["JOIN", "JOIN"]
    keeping = MemoryHistory()
    server = _server(keeping, keep_private=True)
    server.received(0, b"PRIVMSG bob :psst", NOW)
    kept = keeping.entries[-1]  # under who they are (their connections), not their names
    assert (kept.conversation, kept.sender_key) == ("session:m0,session:m1", "session:m0")


def test_chathistory_is_answered_from_the_store() -> None:
    store = MemoryHistory()
    server = _server(store)
    server.received(1, b"CAP REQ :draft/chathistory batch message-tags", NOW)
    for n in range(5):
        server.received(0, f"PRIVMSG #class :m{n}".encode(), NOW + n)
    request = b"CHATHISTORY BEFORE #class timestamp=2030-01-01T00:00:00Z 2"
    out = _sent(server.received(1, request, NOW))
    assert out[0].command == "BATCH"
    assert out[0].params[1:] == ("chathistory", "#class")
    assert [m.params[1] for m in out[1:-1]] == ["m3", "m4"]


def test_a_broken_store_makes_chathistory_fail_with_its_reason() -> None:
    store = MemoryHistory()
    server = _server(store)
    server.received(1, b"CAP REQ :draft/chathistory standard-replies", NOW)
    store.problem = "the disk is full"
    (fail,) = _sent(server.received(1, b"CHATHISTORY LATEST #class * 10", NOW))
    assert fail.params[:3] == ("CHATHISTORY", "MESSAGE_ERROR", "LATEST")
    assert "the disk is full" in fail.params[-1]
