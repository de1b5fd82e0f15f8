"""Helpers for the history tests: a ChatServer with a real SQLite file, raw clients, and
reading a batch off the wire."""

from __future__ import annotations

import queue
import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from chatgui.events import ChatEvent, ServerStarted
from chatgui.net.server import ChatServer
from chatgui.protocol.message import Message, parse
from chatgui.protocol.server.model import ServerConfig
from chatgui.store import LessonPlan, SqliteHistory
from tests.lineclient import LineClient

HISTORY_CAPS = "draft/chathistory batch server-time message-tags"


@dataclass
class HistoryRoom:
    """A running server that keeps its history in `path`, and the clients made for it."""

    server: ChatServer
    port: int
    path: Path
    started: ServerStarted
    events: queue.Queue[ChatEvent]
    clients: list[LineClient] = field(default_factory=list)

    def connect(self, nick: str, caps: str = "") -> LineClient:
        client = LineClient(self.port)
        self.clients.append(client)
        client.register(nick, caps)
        return client

    def join(self, nick: str, caps: str = "", room: str = "#class") -> LineClient:
        client = self.connect(nick, caps)
        client.send(f"JOIN {room}")
        client.expect(rf" 366 {re.escape(nick)} ")
        return client

    def stop(self) -> None:
        for client in self.clients:
            client.close()
        self.server.stop()


def open_room(path: Path | None, lesson: LessonPlan | None = None, **fields: Any) -> HistoryRoom:
    """A ChatServer on 127.0.0.1 (port 0) keeping #class open, with history in `path`
    (the lesson `lesson` plans: by default, a new one unless the last one crashed)."""
    events: queue.Queue[ChatEvent] = queue.Queue()
    config = replace(ServerConfig(rooms=("#class",), flood_allowance_s=1000.0), **fields)
    server = ChatServer(config, events, bind="127.0.0.1", port=0, history=path, lesson=lesson)
    server.start()
    started = events.get(timeout=5)
    assert isinstance(started, ServerStarted), started
    return HistoryRoom(server, started.port, path or Path(), started, events)


def as_if_killed(store: SqliteHistory) -> None:
    """What the end of a killed program does to a store: its files are closed (the lock on
    its lesson goes with them), and nothing else: the lesson is never ended."""
    assert store._pending_file._fd is not None
    store._pending_file.close(remove=False)


def synced(client: LineClient) -> None:
    """Wait until the server has handled everything `client` sent (PING is answered in order)."""
    client.send("PING sync")
    client.expect(r"PONG \S+ :?sync")


def say(client: LineClient, target: str, *texts: str) -> None:
    for text in texts:
        client.send(f"PRIVMSG {target} :{text}")
    synced(client)


def read_batch(client: LineClient, kind: str = "chathistory") -> list[Message]:
    """The messages of the next batch of `kind` the client receives (BATCH lines excluded)."""
    opening = parse(client.expect(rf"BATCH \+\S+ {re.escape(kind)}").encode())
    ref = opening.params[0][1:]
    inside: list[Message] = []
    while True:
        line = parse(client.expect(r".").encode())
        if line.command == "BATCH" and line.params[0] == f"-{ref}":
            return inside
        assert line.tags.get("batch") == ref, f"a line outside the batch: {line}"
        inside.append(line)


def texts(messages: list[Message]) -> list[str]:
    return [m.params[-1] for m in messages if m.command in ("PRIVMSG", "NOTICE")]


def fail_line(client: LineClient) -> Message:
    return parse(client.expect(r" FAIL ").encode())


def received(client: LineClient, count: int, target: str = "#class") -> Iterator[Message]:
    """The next `count` PRIVMSGs to `target` the client receives, as parsed messages."""
    for _ in range(count):
        yield parse(client.expect(rf" PRIVMSG {re.escape(target)} ").encode())
