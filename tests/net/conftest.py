"""Fixtures for the network tests: a real ChatServer on 127.0.0.1, port 0 (start_server)."""

from __future__ import annotations

import queue
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

import pytest

from chatgui.events import ChatEvent, ServerStarted
from chatgui.net.server import ChatServer
from chatgui.protocol.server.model import ServerConfig
from tests.net.server.netsupport import RunningServer, StartServer


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
