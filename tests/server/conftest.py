"""Fixtures for server tests: a real ChatServer on 127.0.0.1, port 0, and raw clients."""

from __future__ import annotations

import queue
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

import pytest

from chatgui.events import ChatEvent, ServerStarted
from chatgui.net.server import ChatServer
from chatgui.protocol.server.model import ServerConfig
from tests.lineclient import LineClient
from tests.server.netsupport import Dialer
from tests.server.tlskit import open_tls_room  # noqa: F401  (a fixture for the TLS tests)

if TYPE_CHECKING:
    from tests.server.teacherkit import Classroom


@dataclass
class RunningServer:
    server: ChatServer
    port: int
    events: queue.Queue[ChatEvent]


StartServer = Callable[..., RunningServer]


@pytest.fixture
def start_server() -> Iterator[StartServer]:
    """start_server(**config_fields) → a RunningServer on 127.0.0.1 with a free port."""
    running: list[RunningServer] = []

    def start(**fields: Any) -> RunningServer:
        events: queue.Queue[ChatEvent] = queue.Queue()
        config = replace(ServerConfig(rooms=("#class",)), **fields)
        server = ChatServer(config, events, bind="127.0.0.1", port=0)
        server.start()
        started = events.get(timeout=5)
        assert isinstance(started, ServerStarted), started
        running.append(RunningServer(server, started.port, events))
        return running[-1]

    yield start
    for item in running:
        item.server.stop()


@pytest.fixture
def server(start_server: StartServer) -> RunningServer:
    return start_server()


@pytest.fixture
def connect(server: RunningServer) -> Iterator[Callable[..., LineClient]]:
    """connect(nick=None, caps="", source=None) → a LineClient, registered when nick is given."""
    clients: list[LineClient] = []

    def make(nick: str | None = None, caps: str = "", source: str | None = None) -> LineClient:
        client = LineClient(server.port, source=source)
        clients.append(client)
        if nick is not None:
            client.register(nick, caps)
        return client

    yield make
    for client in clients:
        client.close()


@pytest.fixture
def dial() -> Iterator[Dialer]:
    """dial(port, nick=None, caps="", source=None, rcvbuf=None) for servers with any config."""
    dialer = Dialer()
    yield dialer
    dialer.close_all()


@pytest.fixture
def classroom(start_server: StartServer) -> Iterator[Classroom]:
    """A server that keeps #class open, with the host secret HOST_SECRET; nobody in yet."""
    from tests.server.teacherkit import HOST_SECRET, Classroom

    room = Classroom(start_server(host_secret=HOST_SECRET))
    yield room
    room.close()
