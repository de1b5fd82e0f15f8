"""The client's connection gathers lines in a flood: after a read it reads again only once
limits.READ_GATHER_S has passed, so the lines that came meanwhile are followed in one turn of
its loop. Nothing is lost or reordered by the wait, writing goes on during it, and the end of
the connection is still noticed. Over a real socket on 127.0.0.1; the wait is made long here
(a second) so that what happens during it can be seen, never by timing how fast anything is.
"""

from __future__ import annotations

import queue
import socket
import time
from collections.abc import Iterator

import pytest

from chatgui import limits
from chatgui.net.connection import Closed, Connection
from chatgui.net.loop import NetLoop
from chatgui.protocol.client.address import Address
from chatgui.protocol.message import Message

GATHER_S = 1.0

Seen = tuple[str, float]  # a line's last parameter, and when the client followed it


class Link:
    """A Connection on its own loop, and the server's end of its socket."""

    def __init__(self) -> None:
        self.seen: queue.Queue[Seen] = queue.Queue()
        self.closed: queue.Queue[Closed] = queue.Queue()
        self.crashed: list[BaseException] = []
        self.listener = socket.create_server(("127.0.0.1", 0))
        port = self.listener.getsockname()[1]
        self.loop = NetLoop("test-client", self.crashed.append)
        self.connection = Connection(
            self.loop, Address("127.0.0.1", port, tls=False), self._on_line, self.closed.put
        )
        self.loop.start(self.connection.open)
        self.listener.settimeout(10)
        self.peer, _ = self.listener.accept()
        self.peer.settimeout(10)

    def _on_line(self, message: Message) -> None:
        self.seen.put((message.params[-1], time.monotonic()))
        if message.command == "PING":
            self.connection.write([Message("PONG", message.params)])

    def next_line(self) -> Seen:
        return self.seen.get(timeout=10)

    def close(self) -> None:
        self.loop.stop(5, self.connection.close)
        self.peer.close()
        self.listener.close()
        assert not self.crashed


@pytest.fixture
def link(monkeypatch: pytest.MonkeyPatch) -> Iterator[Link]:
    monkeypatch.setattr(limits, "READ_GATHER_S", GATHER_S)
    made = Link()
    yield made
    made.close()


def test_lines_that_come_during_the_wait_are_followed_after_it_all_in_order(link: Link) -> None:
    link.peer.sendall(b"PRIVMSG #class :first\r\n")
    first, first_at = link.next_line()
    assert first == "first"
    for number in range(2, 12):  # each on its own, as a server relays a flood
        link.peer.sendall(f"PRIVMSG #class :line {number}\r\n".encode())
        time.sleep(0.01)
    later = [link.next_line() for _ in range(10)]
    assert [text for text, _ in later] == [f"line {number}" for number in range(2, 12)]
    assert later[0][1] - first_at >= GATHER_S  # held until the wait ended: never sooner


def test_the_client_writes_while_it_waits_to_read(link: Link) -> None:
    link.peer.sendall(b"PING :one\r\n")
    assert link.next_line()[0] == "one"
    assert link.peer.recv(4096) == b"PONG one\r\n"  # at once, though reading waits


def test_a_server_that_hangs_up_during_the_wait_is_noticed_after_it(link: Link) -> None:
    link.peer.sendall(b"PRIVMSG #class :bye\r\n")
    assert link.next_line()[0] == "bye"
    link.peer.close()
    closed = link.closed.get(timeout=10)
    assert closed.reason == "lost"
