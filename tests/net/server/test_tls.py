"""The room also listens with TLS: its own key, made once and kept 0600; TLS and plain people
in one room; a host who turns the plain port off; and a student's flood of handshakes that
never finish, which holds one computer's places and no more, while the class talks.

Real sockets on 127.0.0.1, port 0.
"""

from __future__ import annotations

import contextlib
import socket
import ssl
import stat
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chatgui import limits
from chatgui.net.tls_identity import CERTIFICATE_FILE, KEY_FILE, room_identity
from tests.lineclient import LineClient
from tests.net.server.tlskit import TlsLineClient, TlsRoom, start_tls_room

S = r":chatgui\.local"


def test_a_tls_person_and_a_plain_person_talk_in_one_room(open_tls_room: Any) -> None:
    room = open_tls_room()
    started = room.started
    assert started.plain
    assert started.tls_port not in (None, started.port)
    ana = TlsLineClient(started.tls_port)
    assert ana.fingerprint == started.fingerprint
    ben = LineClient(started.port)
    try:
        ana.register("Ana")
        ben.register("Ben")
        for person in (ana, ben):
            person.send("JOIN #class")
            person.expect(r" 366 ")
        ana.send("PRIVMSG #class :hello from TLS")
        ben.expect(r"^:Ana!\S+ PRIVMSG #class :hello from TLS$")
        ben.send("PRIVMSG #class :hello from plain")
        ana.expect(r"^:Ben!\S+ PRIVMSG #class :hello from plain$")
        long_text = "x" * 400  # many lines at once: none held back inside TLS
        for n in range(50):
            ben.send(f"PRIVMSG #class :{n} {long_text}")
        ana.expect(rf"^:Ben!\S+ PRIVMSG #class :49 {long_text}$", timeout=20)
    finally:
        ana.close()
        ben.close()


def test_without_the_plain_port_only_tls_gets_in(open_tls_room: Any) -> None:
    room = open_tls_room(plain=False)
    started = room.started
    assert not started.plain
    assert started.port == started.tls_port
    plain = LineClient(started.tls_port)
    try:
        plain.send("NICK Sly")
        plain.send("USER Sly 0 * :Sly")
        plain.expect_closed(timeout=5)  # no TLS, no IRC: the line is never read as one
    finally:
        plain.close()
    ana = TlsLineClient(started.tls_port)
    try:
        ana.register("Ana")
    finally:
        ana.close()


def test_a_full_room_without_the_plain_port_still_lets_the_hosts_window_in(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With plain off the host's own window comes over TLS from 127.0.0.1: a room filled by
    students still keeps it a place (HOST_RESERVE_CONNECTIONS), as the plain port does."""
    monkeypatch.setattr(limits, "MAX_CONNECTIONS", 3)
    monkeypatch.setattr(limits, "RESERVED_CONNECTIONS", 0)
    room = start_tls_room(tmp_path / "key", plain=False, host_secret="k3y")
    port = room.started.port
    people: list[LineClient] = []
    try:
        for n in range(3):
            people.append(TlsLineClient(port, source="127.0.0.2"))
            people[-1].register(f"Student{n}")
        late = LineClient(port, source="127.0.0.3")
        people.append(late)
        late.expect_closed()  # full: closed before its handshake, without a word
        host = TlsLineClient(port)
        people.append(host)
        host.send("PASS k3y")
        host.register("Teacher")
        host.send("JOIN #class")
        host.expect(r" 366 Teacher #class ")
    finally:
        for person in people:
            person.close()
        room.server.stop()


def test_the_key_is_kept_0600_and_used_again(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    first = room_identity(folder)
    for name in (KEY_FILE, CERTIFICATE_FILE):
        assert stat.S_IMODE((folder / name).stat().st_mode) == 0o600, name
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    key_bytes = (folder / KEY_FILE).read_bytes()
    again = room_identity(folder)
    assert again.fingerprint == first.fingerprint
    assert (folder / KEY_FILE).read_bytes() == key_bytes
    assert len(first.fingerprint) == 64
    assert int(first.fingerprint, 16) >= 0
    (folder / KEY_FILE).chmod(0o644)  # loosened by someone: tightened again
    room_identity(folder)
    assert stat.S_IMODE((folder / KEY_FILE).stat().st_mode) == 0o600
    (folder / CERTIFICATE_FILE).write_bytes(b"garbled")  # half written: a new pair
    remade = room_identity(folder)
    assert remade.fingerprint != first.fingerprint
    assert room_identity(folder).fingerprint == remade.fingerprint


@pytest.fixture(scope="module")
def shared_room(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TlsRoom]:
    """One room for every example of a property."""
    room = start_tls_room(tmp_path_factory.mktemp("key"))
    yield room
    room.server.stop()


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.binary(min_size=1, max_size=700), min_size=1, max_size=4))
def test_any_bytes_at_the_tls_port_end_in_a_close_and_the_room_goes_on(
    shared_room: TlsRoom, chunks: list[bytes]
) -> None:
    """Garbage, a TLS record header with no record, plain IRC: whatever a client sends the
    TLS port before it hangs up, the server closes its side, and a TLS person still gets in."""
    port = shared_room.started.tls_port
    assert port is not None
    sock = socket.create_connection(("127.0.0.1", port), timeout=5)
    try:
        for chunk in chunks:
            with contextlib.suppress(OSError):  # the server may have closed already
                sock.sendall(chunk)
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_WR)
        deadline = time.monotonic() + 5
        while _still_reading(sock):
            assert time.monotonic() < deadline, "the server kept a dead handshake open"
    finally:
        sock.close()
    person = TlsLineClient(port, source="127.0.0.3")
    try:
        person.send("PING :still-here")
        person.expect(r"PONG .*still-here")
    finally:
        person.close()


def _still_reading(sock: socket.socket) -> bool:
    """Read what the server sent (an alert, perhaps); False once it closed its side."""
    try:
        return sock.recv(4096) != b""
    except TimeoutError:
        return True
    except OSError:
        return False


def _half_open(port: int, source: str, hello_bytes: bytes) -> socket.socket | None:
    """A connection to the TLS port that starts a handshake and never finishes it."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind((source, 0))
    sock.settimeout(5)
    try:
        sock.connect(("127.0.0.1", port))
        sock.sendall(hello_bytes)
    except OSError:
        sock.close()
        return None
    return sock


@pytest.mark.slow
def test_five_hundred_stalled_handshakes_from_one_computer_do_not_stall_the_class(
    open_tls_room: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """
    mallory@127.0.0.2> 500 x connect to the TLS port; half send 5 bytes of a ClientHello
    class@127.0.0.1>    8 people talk in #class, one line each every 0.1 s
    ana@127.0.0.3>      joins over TLS meanwhile
    → every line of the class arrives within a second; Ana gets in; after the handshake
      time limit every stalled one is closed, and Mallory's places are free again.
    """
    monkeypatch.setattr(limits, "TLS_HANDSHAKE_TIMEOUT_S", 3.0)
    room = open_tls_room()
    started = room.started
    class_ = [LineClient(started.port) for _ in range(8)]
    mallory: list[socket.socket] = []
    ana: TlsLineClient | None = None
    try:
        for n, person in enumerate(class_):
            person.register(f"P{n}")
            person.send("JOIN #class")
            person.expect(r" 366 ")
        record_header = b"\x16\x03\x01\x02\x00"  # a ClientHello of 512 bytes... that never comes
        for n in range(500):
            sock = _half_open(started.tls_port, "127.0.0.2", record_header if n % 2 else b"")
            if sock is not None:
                mallory.append(sock)
        ana = TlsLineClient(started.tls_port, source="127.0.0.3")
        ana.register("Ana")
        ana.send("JOIN #class")
        ana.expect(r" 366 ")
        for turn in range(5):
            sent = time.monotonic()
            class_[turn].send(f"PRIVMSG #class :turn {turn}")
            for listener in (*class_[:turn], *class_[turn + 1 :], ana):
                listener.expect(rf"PRIVMSG #class :turn {turn}$", timeout=1.0)
            assert time.monotonic() - sent < 1.0
            time.sleep(0.1)
        still_open = [s for s in mallory if _open(s)]
        assert len(still_open) <= limits.MAX_CONNECTIONS_PER_ADDRESS
        time.sleep(limits.TLS_HANDSHAKE_TIMEOUT_S + 1.0)
        assert not [s for s in mallory if _open(s)], "stalled handshakes outlived the limit"
        again = TlsLineClient(started.tls_port, source="127.0.0.2")  # places free again
        again.register("Mallory")
        again.close()
    finally:
        for sock in mallory:
            sock.close()
        for person in class_:
            person.close()
        if ana is not None:
            ana.close()


def _open(sock: socket.socket) -> bool:
    """Whether the server still holds this connection open (it sends nothing on it)."""
    sock.setblocking(False)
    try:
        return sock.recv(1) != b""
    except BlockingIOError:
        return True
    except (ConnectionResetError, ssl.SSLError):
        return False
