"""Fixtures for server tests: raw clients of the ChatServer that tests/net/conftest.py starts."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

import pytest

from tests.lineclient import LineClient
from tests.net.server.netsupport import Dialer, RunningServer, StartServer
from tests.net.server.tlskit import open_tls_room  # noqa: F401  (a fixture for the TLS tests)

if TYPE_CHECKING:
    from tests.net.server.teacherkit import Classroom


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
    from tests.net.server.teacherkit import HOST_SECRET, Classroom

    room = Classroom(start_server(host_secret=HOST_SECRET))
    yield room
    room.close()
