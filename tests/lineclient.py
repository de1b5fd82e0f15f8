"""LineClient: a raw IRC connection for tests, read like a transcript.

`send()` writes one line; `expect(pattern)` reads until a line matches the regular
expression (and returns that line), failing with everything it saw when time runs out.
"""

from __future__ import annotations

import re
import socket
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor


class LineClient:
    """A blocking socket on 127.0.0.1 with line buffering and transcript-style expectations."""

    def __init__(self, port: int, host: str = "127.0.0.1", source: str | None = None) -> None:
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        try:
            if source is not None:
                self.sock.bind((source, 0))
            self.sock.connect((host, port))
        except OSError:
            self.sock.close()  # else the failure leaks it into whichever test runs next
            raise
        self.buffer = b""
        self.seen: list[str] = []

    def send(self, line: str) -> None:
        self.sock.sendall(line.encode("utf-8") + b"\r\n")

    def send_raw(self, data: bytes) -> None:
        self.sock.sendall(data)

    def register(self, nick: str, caps: str = "") -> None:
        """Log in as `nick`, asking for `caps` (space-separated) when given."""
        if caps:
            self.send("CAP LS 302")
            self.send(f"CAP REQ :{caps}")
            self.send("CAP END")
        self.send(f"NICK {nick}")
        self.send(f"USER {nick} 0 * :{nick}")
        self.expect(r" 376 | 422 ")

    def read_line(self, timeout: float) -> str | None:
        """The next line without CR LF, or None if nothing came within `timeout`."""
        deadline = time.monotonic() + timeout
        while b"\n" not in self.buffer:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return None
            self.sock.settimeout(remaining)
            try:
                data = self.sock.recv(65536)
            except TimeoutError:
                return None
            except ConnectionError:
                data = b""
            if not data:
                raise EOFError("the server closed the connection")
            self.buffer += data
        line, _, self.buffer = self.buffer.partition(b"\n")
        text = line.rstrip(b"\r").decode("utf-8", errors="replace")
        self.seen.append(text)
        return text

    def expect(self, pattern: str | Callable[[str], bool], timeout: float = 3.0) -> str:
        """Read until a line matches `pattern` (a regular expression, or a test of the line);
        return it."""
        matches = pattern if callable(pattern) else re.compile(pattern).search
        start = len(self.seen)
        deadline = time.monotonic() + timeout
        while (remaining := deadline - time.monotonic()) > 0:
            line = self.read_line(remaining)
            if line is not None and matches(line):
                return line
        recent = "\n  ".join(self.seen[start:][-20:])
        raise AssertionError(f"no line matched {pattern!r} within {timeout}s; saw:\n  {recent}")

    def expect_nothing(self, pattern: str, within: float = 0.5) -> None:
        """Fail if a line matching `pattern` arrives within `within` seconds."""
        regex = re.compile(pattern)
        deadline = time.monotonic() + within
        while (remaining := deadline - time.monotonic()) > 0:
            try:
                line = self.read_line(remaining)
            except EOFError:
                return
            if line is not None and regex.search(line):
                raise AssertionError(f"unexpected line matching {pattern!r}: {line}")

    def expect_closed(self, timeout: float = 3.0) -> None:
        """Read until the server closes the connection."""
        deadline = time.monotonic() + timeout
        try:
            while time.monotonic() < deadline:
                self.read_line(deadline - time.monotonic())
        except EOFError:
            return
        raise AssertionError("the server did not close the connection")

    def close(self) -> None:
        self.sock.close()


def expect_nothing_from(*watches: tuple[LineClient, str], within: float = 0.5) -> None:
    """expect_nothing(pattern, within) on each (client, pattern), over the same `within`
    seconds rather than one window after another."""
    with ThreadPoolExecutor(len(watches)) as pool:
        checks = [
            pool.submit(client.expect_nothing, pattern, within) for client, pattern in watches
        ]
        for check in checks:
            check.result()
