"""wrap_if_connected over real sockets on 127.0.0.1: a connection reset before its TLS begins
is closed by us, not left to Python's collector (where the test run turns the
ResourceWarning into an error in whatever test runs next)."""

from __future__ import annotations

import gc
import socket
import ssl
import struct
import threading
import time
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from chatgui.net.tls_identity import pinning_context, room_identity
from chatgui.net.tls_wrap import close_what_wrap_left_open, wrap_if_connected


@pytest.fixture
def accepted() -> Iterator[tuple[socket.socket, socket.socket]]:
    """(the server's accepted socket, the client's), connected on 127.0.0.1."""
    with socket.create_server(("127.0.0.1", 0)) as listener:
        client = socket.create_connection(listener.getsockname())
        server, _ = listener.accept()
    yield server, client
    server.close()
    client.close()


def _reset(client: socket.socket) -> None:
    """The client hangs up with a reset (SO_LINGER 0), as a program killed mid-connect does."""
    client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    client.close()
    time.sleep(0.05)  # the reset reaches the server's socket


def _resource_warnings(action: Callable[[], object]) -> list[str]:
    """The ResourceWarnings (unclosed sockets) while `action` runs and garbage is collected."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        action()
        gc.collect()
    return [str(w.message) for w in caught if issubclass(w.category, ResourceWarning)]


def test_pythons_own_wrap_leaves_a_reset_connection_open(
    accepted: tuple[socket.socket, socket.socket], tmp_path: Path
) -> None:
    """Why the helper exists: the very case it handles, with wrap_socket alone."""
    server, client = accepted
    _reset(client)
    context = room_identity(tmp_path).server_context()

    def wrap() -> None:
        with pytest.raises(ConnectionResetError):
            context.wrap_socket(server, server_side=True, do_handshake_on_connect=False)

    assert any("unclosed <ssl.SSLSocket" in text for text in _resource_warnings(wrap))


def test_what_a_failed_wrap_left_open_is_closed(
    accepted: tuple[socket.socket, socket.socket], tmp_path: Path
) -> None:
    """The peer going between our question and wrap_socket's own: the TLS socket wrap_socket
    made is closed from its failure, so none is left for the collector."""
    server, client = accepted
    _reset(client)
    context = room_identity(tmp_path).server_context()

    def wrap_and_close_what_is_left() -> None:
        try:
            context.wrap_socket(server, server_side=True, do_handshake_on_connect=False)
        except ConnectionResetError as error:
            close_what_wrap_left_open(error)

    assert _resource_warnings(wrap_and_close_what_is_left) == []
    assert server.fileno() == -1


def test_a_reset_connection_is_closed_and_not_wrapped(
    accepted: tuple[socket.socket, socket.socket], tmp_path: Path
) -> None:
    server, client = accepted
    _reset(client)
    context = room_identity(tmp_path).server_context()
    wrapped: list[ssl.SSLSocket | None] = []
    warned = _resource_warnings(
        lambda: wrapped.append(wrap_if_connected(context, server, server_side=True))
    )
    assert wrapped == [None]
    assert server.fileno() == -1
    assert warned == []


def test_a_live_connection_is_wrapped_and_its_handshake_completes(
    accepted: tuple[socket.socket, socket.socket], tmp_path: Path
) -> None:
    server, client = accepted
    server_side = wrap_if_connected(
        room_identity(tmp_path).server_context(), server, server_side=True
    )
    client_side = wrap_if_connected(pinning_context(), client)
    assert isinstance(server_side, ssl.SSLSocket)
    assert isinstance(client_side, ssl.SSLSocket)
    server_side.settimeout(5)
    client_side.settimeout(5)
    shaking = threading.Thread(target=server_side.do_handshake)
    shaking.start()
    client_side.do_handshake()
    shaking.join(5)
    client_side.sendall(b"hello\r\n")
    assert server_side.recv(100) == b"hello\r\n"
    server_side.close()
    client_side.close()
