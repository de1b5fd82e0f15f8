"""chatgui's client joins a chatgui room over TLS and checks the room's key before it sends
anything: the right key lets it in (and is reported), a different key ends the attempt with a
classroom sentence and not one line sent, which a raw TLS server proves by recording every
byte it received. Real sockets on 127.0.0.1, port 0.
"""

from __future__ import annotations

import os
import queue
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from chatgui.events import (
    ChatEvent,
    Connected,
    ConnectFailed,
    ConnectionLost,
    Joined,
    MessageReceived,
    RoomKeySeen,
    ServerStarted,
)
from chatgui.net.client import ChatClient
from chatgui.net.server import ChatServer
from chatgui.net.tls_identity import room_identity
from chatgui.protocol.client.address import ANY_KEY, Address
from chatgui.protocol.room_code import room_code
from chatgui.protocol.server.model import ServerConfig
from chatgui.ui.wording import connect_failed
from tests.lineclient import LineClient
from tests.net.client.ircservers import Events, free_port

WAIT_S = 10.0


@pytest.fixture
def room(tmp_path: Path) -> Iterator[ServerStarted]:
    """A chatgui room on 127.0.0.1 listening plain and with TLS."""
    events: queue.Queue[ChatEvent] = queue.Queue()
    tls = room_identity(tmp_path / "room-key")
    server = ChatServer(
        ServerConfig(rooms=("#class",)), events, bind="127.0.0.1", port=0, tls=tls, tls_port=0
    )
    server.start()
    started = events.get(timeout=5)
    assert isinstance(started, ServerStarted), started
    yield started
    server.stop()


def test_the_client_joins_over_tls_with_the_rooms_key_and_talks_with_a_plain_person(
    room: ServerStarted, client: ChatClient, events: Events
) -> None:
    assert room.tls_port is not None
    client.connect(Address("127.0.0.1", room.tls_port, True, room.fingerprint), "Ana")
    seen = events.wait_for(RoomKeySeen, WAIT_S)
    assert seen.fingerprint == room.fingerprint
    events.wait_for(Connected, WAIT_S)
    client.join("#class")
    events.wait_for(Joined, WAIT_S, channel="#class", is_me=True)
    ben = LineClient(room.port)
    try:
        ben.register("Ben")
        ben.send("JOIN #class")
        ben.expect(r" 366 ")
        client.say("#class", "hello over TLS")
        ben.expect(r"^:Ana!\S+ PRIVMSG #class :hello over TLS$", WAIT_S)
        ben.send("PRIVMSG #class :hello in plain")
        events.wait_for(MessageReceived, WAIT_S, where=lambda e: e.text == "hello in plain")
    finally:
        ben.close()


def test_a_first_join_takes_the_key_and_reports_it(
    room: ServerStarted, client: ChatClient, events: Events
) -> None:
    assert room.tls_port is not None
    client.connect(Address("127.0.0.1", room.tls_port, True, ANY_KEY), "Ana")
    assert events.wait_for(RoomKeySeen, WAIT_S).fingerprint == room.fingerprint
    events.wait_for(Connected, WAIT_S)


class RecordingTlsServer:
    """A TLS server with a key of its own that records every byte a client sends it (on
    `port`, say where a room listened before, or a free one)."""

    def __init__(self, key_folder: Path, port: int = 0) -> None:
        self.identity = room_identity(key_folder)
        self.listener = socket.create_server(("127.0.0.1", port))
        self.port = self.listener.getsockname()[1]
        self.received = b""
        self.handshake_done = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        self.listener.settimeout(WAIT_S)
        sock, _ = self.listener.accept()
        sock.settimeout(WAIT_S)
        with self.identity.server_context().wrap_socket(sock, server_side=True) as tls:
            self.handshake_done.set()
            try:
                while data := tls.recv(4096):
                    self.received += data
            except OSError:
                pass  # the client hung up without a TLS goodbye: everything it sent is here

    def close(self) -> None:
        self.thread.join(WAIT_S)
        self.listener.close()


def test_a_different_key_is_refused_before_a_single_line_is_sent(
    tmp_path: Path, client: ChatClient, events: Events
) -> None:
    impostor = RecordingTlsServer(tmp_path / "impostor-key")
    expected = room_identity(tmp_path / "teachers-key").fingerprint
    try:
        client.connect(Address("127.0.0.1", impostor.port, True, expected), "Ana", "secret")
        failed = events.wait_for(ConnectFailed, WAIT_S)
    finally:
        impostor.close()
    assert impostor.handshake_done.is_set()  # it did get as far as showing its key
    assert impostor.received == b""  # no NICK, no PASS, no CAP: nothing at all
    assert failed.reason == "key changed"
    said = connect_failed(failed)
    assert said.startswith("This room's key has changed since you last joined")
    assert "Ask your teacher for the room code" in said
    assert not events.all(RoomKeySeen)
    assert not events.all(ConnectionLost)  # and no trying again behind the person's back


def test_the_right_room_code_lets_the_client_in_and_reports_the_key(
    room: ServerStarted, client: ChatClient, events: Events
) -> None:
    assert room.tls_port is not None
    typed = room_code(room.fingerprint).lower().replace("-", " ")  # as a student may type it
    client.connect(Address("127.0.0.1", room.tls_port, True, ANY_KEY, code=typed), "Ana")
    assert events.wait_for(RoomKeySeen, WAIT_S).fingerprint == room.fingerprint
    events.wait_for(Connected, WAIT_S)


def test_a_wrong_room_code_is_refused_before_a_single_line_is_sent(
    tmp_path: Path, client: ChatClient, events: Events
) -> None:
    impostor = RecordingTlsServer(tmp_path / "impostor-key")
    teachers_code = room_code(room_identity(tmp_path / "teachers-key").fingerprint)
    try:
        address = Address("127.0.0.1", impostor.port, True, ANY_KEY, code=teachers_code)
        client.connect(address, "Ana", "secret")
        failed = events.wait_for(ConnectFailed, WAIT_S)
    finally:
        impostor.close()
    assert impostor.handshake_done.is_set()
    assert impostor.received == b""
    assert failed.reason == "wrong code"
    said = connect_failed(failed)
    assert "not the code you typed" in said
    assert "teacher" in said
    assert not events.all(RoomKeySeen)
    assert not events.all(ConnectionLost)


def test_after_a_first_join_the_client_comes_back_only_to_the_same_key(
    tmp_path: Path, client: ChatClient, events: Events
) -> None:
    """A room joined with any key (a first join) is pinned for the connection's life: when
    its computer vanishes and something else answers on its port, nothing is sent to it."""
    tls_port = free_port()
    command = [sys.executable, "-m", "chatgui", "serve", "--bind", "127.0.0.1", "--room", "class"]
    command += ["--port", str(free_port()), "--tls-port", str(tls_port), "--no-announce"]
    env = {**os.environ, "CHATGUI_HOME": str(tmp_path / "room")}
    room = subprocess.Popen([*command, "--no-history"], env=env, stdout=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 20
        while not listening(tls_port):
            assert time.monotonic() < deadline, "serve did not start"
            time.sleep(0.05)
        client.connect(Address("127.0.0.1", tls_port, True, ANY_KEY), "Ana")
        events.wait_for(Connected, WAIT_S)
        room.kill()  # the computer vanishes: no goodbye, the client will try again
        events.wait_for(ConnectionLost, WAIT_S)
    finally:
        room.kill()
        room.wait(10)
    impostor = RecordingTlsServer(tmp_path / "impostor-key", tls_port)
    try:
        client.retry_now()
        failed = events.wait_for(ConnectFailed, WAIT_S)
    finally:
        impostor.close()
    assert failed.reason == "key changed"
    assert impostor.received == b""


def listening(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0
