"""Fixtures for the client tests: three real IRC servers on 127.0.0.1, and a ChatClient.

`irc_server` is parametrized over `chatgui serve` (a subprocess, as a host runs it), ngIRCd and
InspIRCd (Debian's packages, installed by scripts/install-and-test). Each is started by the test
itself with a generated config in a temporary folder, on a free port of 127.0.0.1, as a process of
its own that the test can stop, kill and start again on the same port. A server program that is
not installed makes its tests skip, saying which package is missing.

Every wait here is bounded; a server that does not come up fails with the tail of its log.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from chatgui.net.client import ChatClient
from tests.lineclient import LineClient
from tests.net.client.ircservers import (
    KINDS,
    Events,
    IrcServer,
    Link,
    StartServer,
    free_port,
    missing_program,
)


@pytest.fixture(params=KINDS)
def irc_kind(request: pytest.FixtureRequest) -> str:
    """Which server program the test runs against."""
    kind: str = request.param
    reason = missing_program(kind)
    if reason is not None:
        pytest.skip(reason)
    return kind


@pytest.fixture
def start_irc(tmp_path: Path) -> Iterator[StartServer]:
    """start_irc(kind, password=None) → a running IrcServer; all are stopped after the test."""
    servers: list[IrcServer] = []

    def start(kind: str, password: str | None = None) -> IrcServer:
        folder = tmp_path / f"{kind}-{len(servers)}"
        folder.mkdir()
        server = IrcServer(kind, folder, password)
        servers.append(server)
        server.start()
        return server

    yield start
    for server in servers:
        server.kill()


@pytest.fixture
def start_linked(tmp_path: Path) -> Iterator[Callable[[str], tuple[IrcServer, IrcServer]]]:
    """start_linked(kind) → servers a.irc.test and b.irc.test, a set to link to b.

    The link itself comes up a moment later (ngIRCd about 1 s, InspIRCd's autoconnect 5 s):
    wait for it before relying on it.
    """
    servers: list[IrcServer] = []

    def start(kind: str) -> tuple[IrcServer, IrcServer]:
        reason = missing_program(kind)
        if reason is not None:
            pytest.skip(reason)
        ports = {side: (free_port(), free_port()) for side in "ab"}  # clients, servers

        def link_port(side: str) -> int:
            return ports[side][0 if kind == "ngircd" else 1]

        for side, other in ("ab", "ba"):
            link = Link(f"{other}.irc.test", link_port(other), ports[side][1], side == "a")
            folder = tmp_path / f"{kind}-{side}"
            folder.mkdir()
            server = IrcServer(
                kind, folder, name=f"{side}.irc.test", port=ports[side][0], link=link
            )
            servers.append(server)
        servers[-1].start()  # b first, so a finds it at its first try
        servers[-2].start()
        return servers[-2], servers[-1]

    yield start
    for server in servers:
        server.kill()


@pytest.fixture
def irc_server(irc_kind: str, start_irc: StartServer) -> IrcServer:
    """A running server of each kind in turn: `chatgui serve`, ngIRCd, InspIRCd."""
    return start_irc(irc_kind)


@pytest.fixture
def events() -> Events:
    return Events()


@pytest.fixture
def client(events: Events) -> Iterator[ChatClient]:
    """A ChatClient posting to `events`; closed (thread ended) after the test."""
    chat = ChatClient(events.queue)
    yield chat
    chat.close()
    assert not chat._loop.thread.is_alive(), "the client's thread did not end within 1 s"


@pytest.fixture
def make_peer() -> Iterator[Callable[..., LineClient]]:
    """make_peer(server, nick, caps="") → a LineClient registered as `nick` on `server`."""
    peers: list[LineClient] = []

    def make(server: IrcServer, nick: str, caps: str = "") -> LineClient:
        peer = LineClient(server.port, host=server.host)
        peers.append(peer)
        peer.register(nick, caps)
        return peer

    yield make
    for peer in peers:
        peer.close()
