"""Helpers for the TLS tests: a room listening with TLS on 127.0.0.1 (port 0) and a line
client that speaks TLS, checking the room's key the way chatgui's client does."""

from __future__ import annotations

import queue
import socket
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from chatgui.events import ChatEvent, ServerStarted
from chatgui.net.server import ChatServer
from chatgui.net.tls_identity import fingerprint_of_certificate, pinning_context, room_identity
from chatgui.protocol.server.model import ServerConfig
from tests.lineclient import LineClient


@dataclass
class TlsRoom:
    server: ChatServer
    started: ServerStarted
    events: queue.Queue[ChatEvent]


class TlsLineClient(LineClient):
    """A LineClient over TLS; `fingerprint` is the key the room showed."""

    def __init__(self, port: int, source: str | None = None) -> None:
        raw = socket.create_connection(
            ("127.0.0.1", port), timeout=5, source_address=(source or "127.0.0.1", 0)
        )
        self.sock = pinning_context().wrap_socket(raw)
        der = self.sock.getpeercert(binary_form=True)
        assert der is not None
        self.fingerprint = fingerprint_of_certificate(der)
        self.buffer = b""
        self.seen = []


def start_tls_room(key_folder: Path, plain: bool = True, host_secret: str | None = None) -> TlsRoom:
    """A room on 127.0.0.1 listening with TLS (and plain, unless told not to), its key kept in
    `key_folder`, hosted by a window with `host_secret` if given; the caller stops it."""
    events: queue.Queue[ChatEvent] = queue.Queue()
    config = ServerConfig(rooms=("#class",), host_secret=host_secret)
    tls = room_identity(key_folder)
    server = ChatServer(config, events, bind="127.0.0.1", port=0, tls=tls, tls_port=0, plain=plain)
    server.start()
    started = events.get(timeout=5)
    assert isinstance(started, ServerStarted), started
    return TlsRoom(server, started, events)


@pytest.fixture
def open_tls_room(tmp_path: Path) -> Iterator[Any]:
    """open_tls_room(plain=True) → a TlsRoom with its key kept in tmp_path/"key"."""
    rooms: list[TlsRoom] = []

    def open_room(plain: bool = True) -> TlsRoom:
        rooms.append(start_tls_room(tmp_path / "key", plain))
        return rooms[-1]

    yield open_room
    for room in rooms:
        room.server.stop()
