"""Helpers for the server tests: clients for any server, many sockets read at once, PING
answering, the events a server posted so far, and the CPU time of the server's thread.

Everything talks to 127.0.0.x only, and every wait is bounded.
"""

from __future__ import annotations

import contextlib
import os
import queue
import re
import selectors
import socket
import struct
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from chatgui.events import ChatEvent
from chatgui.net.server import ChatServer
from tests.lineclient import LineClient

SEND_TIMEOUT_S = 10.0


@dataclass
class RunningServer:
    server: ChatServer
    port: int
    events: queue.Queue[ChatEvent]


StartServer = Callable[..., RunningServer]


class TunedClient(LineClient):
    """A LineClient whose socket options are set before it connects (e.g. a tiny SO_RCVBUF)."""

    def __init__(self, port: int, source: str | None = None, rcvbuf: int | None = None) -> None:
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        if rcvbuf is not None:
            self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
        if source is not None:
            self.sock.bind((source, 0))
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.sock.connect(("127.0.0.1", port))
        self.buffer = b""
        self.seen = []


class Dialer:
    """dial(port, nick=None, caps="", source=None, rcvbuf=None): clients closed at teardown."""

    def __init__(self) -> None:
        self.clients: list[LineClient] = []

    def __call__(
        self,
        port: int,
        nick: str | None = None,
        caps: str = "",
        source: str | None = None,
        rcvbuf: int | None = None,
    ) -> TunedClient:
        client = TunedClient(port, source=source, rcvbuf=rcvbuf)
        self.clients.append(client)
        if nick is not None:
            client.register(nick, caps)
        return client

    def close_all(self) -> None:
        for client in self.clients:
            client.close()


def drain(events: queue.Queue[ChatEvent]) -> list[ChatEvent]:
    """The events posted so far, taken off the queue; waits for none."""
    found = []
    with contextlib.suppress(queue.Empty):
        while True:
            found.append(events.get_nowait())
    return found


def join(channel: str, *clients: LineClient) -> None:
    """Each client joins `channel`, one after the other, and waits for its end of NAMES."""
    for client in clients:
        client.send(f"JOIN {channel}")
        client.expect(rf" 366 \S+ {re.escape(channel)} ")


def reset(client: LineClient) -> None:
    """Close with SO_LINGER 0: the kernel sends RST, as from a crashed PC."""
    client.sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    client.sock.close()


def expect_answering_pings(client: LineClient, pattern: str, timeout: float) -> str:
    """Like expect(), but answers every PING meanwhile, as a live client does."""
    regex = re.compile(pattern)
    deadline = time.monotonic() + timeout
    while (remaining := deadline - time.monotonic()) > 0:
        line = client.read_line(remaining)
        if line is None:
            continue
        if line.startswith("PING ") or " PING " in line:
            client.send("PONG " + line.split("PING ", 1)[1])
        if regex.search(line):
            return line
    raise AssertionError(f"no line matched {pattern!r} within {timeout}s; saw:\n  {client.seen}")


def thread_cpu_seconds(native_id: int) -> float:
    """CPU time used so far by one thread of this process (schedstat ns, else stat ticks)."""
    task = f"/proc/self/task/{native_id}"
    try:
        with open(f"{task}/schedstat", encoding="ascii") as stat:
            ns = int(stat.read().split()[0])
        if ns > 0:
            return ns / 1e9
    except (OSError, ValueError, IndexError):
        pass
    with open(f"{task}/stat", encoding="ascii") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    ticks = int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15 of stat)
    return ticks / os.sysconf("SC_CLK_TCK")


class MultiReader:
    """Reads many clients' sockets at once and keeps each raw line with its arrival time.

    Raw lines keep their bytes exactly (only the final CR LF is removed), so a test can look
    for stray CR or NUL bytes. The clients' own buffers are taken over.
    """

    def __init__(self, clients: Sequence[LineClient]) -> None:
        self.clients = list(clients)
        self.lines: list[list[tuple[float, bytes]]] = [[] for _ in clients]
        self.closed = [False] * len(clients)
        self._buffers = [client.buffer for client in clients]
        self._counted: dict[tuple[int, bytes], tuple[int, int]] = {}
        self._selector = selectors.DefaultSelector()
        for index, client in enumerate(clients):
            client.buffer = b""
            client.sock.settimeout(SEND_TIMEOUT_S)  # recv after select never waits; sendall may
            self._selector.register(client.sock, selectors.EVENT_READ, index)
        for index in range(len(clients)):
            self._split(index, time.monotonic())

    def pump(self, timeout: float) -> None:
        """Wait up to `timeout` for data, then read everything that is ready."""
        for key, _ in self._selector.select(timeout):
            index = int(key.data)
            try:
                data = self.clients[index].sock.recv(1 << 20)
            except TimeoutError:
                continue
            except ConnectionError:
                data = b""
            now = time.monotonic()
            if not data:
                self.closed[index] = True
                self._selector.unregister(key.fileobj)
                continue
            self._buffers[index] += data
            self._split(index, now)

    def until(self, done: Callable[[], bool], timeout: float, what: str) -> None:
        """Pump until `done()` is true; fail naming `what` after `timeout` seconds."""
        deadline = time.monotonic() + timeout
        while not done():
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                counts = [len(lines) for lines in self.lines]
                raise AssertionError(f"timed out after {timeout} s waiting for {what}; {counts=}")
            self.pump(min(remaining, 0.05))

    def count(self, index: int, needle: bytes) -> int:
        """How many of client `index`'s lines contain `needle` (counted incrementally)."""
        scanned, found = self._counted.get((index, needle), (0, 0))
        lines = self.lines[index]
        found += sum(1 for _, line in lines[scanned:] if needle in line)
        self._counted[index, needle] = (len(lines), found)
        return found

    def texts(self, index: int) -> list[str]:
        return [line.decode("utf-8", errors="replace") for _, line in self.lines[index]]

    def close(self) -> None:
        """Stop reading; give each client back what is still buffered."""
        self._selector.close()
        for index, client in enumerate(self.clients):
            client.buffer = self._buffers[index]

    def _split(self, index: int, now: float) -> None:
        buffer = self._buffers[index]
        if b"\n" not in buffer:
            return
        *complete, rest = buffer.split(b"\n")
        self._buffers[index] = rest
        self.lines[index].extend((now, line.removesuffix(b"\r")) for line in complete)
