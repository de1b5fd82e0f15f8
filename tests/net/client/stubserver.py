"""StubServer: a small IRC server by hand on 127.0.0.1 (port 0), plain or TLS, that records
every line it is sent, so a test can prove what the client did (and did not) send.

It offers the capabilities it is given, welcomes any registration, and accepts one
connection after another. Every wait is bounded.
"""

from __future__ import annotations

import contextlib
import socket
import ssl
import threading
import time

WAIT_S = 10.0


class StubServer:
    """Listens on `host` (port 0 unless given); with `tls`, a server context with its
    certificate."""

    def __init__(
        self,
        caps: str = "",
        tls: ssl.SSLContext | None = None,
        host: str = "127.0.0.1",
        port: int = 0,
    ) -> None:
        self.caps = caps
        self.tls = tls
        self.listener = socket.create_server((host, port))
        self.listener.settimeout(0.2)
        self.port: int = self.listener.getsockname()[1]
        self.heard: list[bytes] = []
        self.connections = 0
        self.handshake_errors: list[str] = []
        self._closing = False
        self._current: socket.socket | None = None
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while not self._closing:
            try:
                sock, _ = self.listener.accept()
            except OSError:
                continue
            self.connections += 1
            sock.settimeout(WAIT_S)
            self._current = sock
            try:
                if self.tls is not None:
                    sock = self._current = self.tls.wrap_socket(sock, server_side=True)
                self._talk(sock)
            except (OSError, ssl.SSLError) as error:
                self.handshake_errors.append(str(error))
            finally:
                sock.close()

    def _talk(self, sock: socket.socket) -> None:
        buffer = b""
        while not self._closing:
            data = sock.recv(4096)
            if not data:
                return
            self.heard.append(data)
            buffer += data
            *lines, buffer = buffer.split(b"\r\n")
            for line in lines:
                self._answer(sock, line.decode("utf-8", "replace"))

    def _answer(self, sock: socket.socket, line: str) -> None:
        words = line.split(" ")
        if words[:2] == ["CAP", "LS"]:
            sock.sendall(f":stub CAP * LS :{self.caps}\r\n".encode())
        elif words[0] == "USER":
            sock.sendall(b":stub 001 amy :Welcome\r\n:stub 376 amy :End of MOTD\r\n")
        elif words[0] == "JOIN":
            sock.sendall(f":amy!a@h JOIN {words[1]}\r\n".encode())

    def all_heard(self) -> bytes:
        return b"".join(self.heard)

    def wait_heard(self, text: bytes, timeout: float = WAIT_S) -> None:
        deadline = time.monotonic() + timeout
        while text not in self.all_heard():
            assert time.monotonic() < deadline, f"never heard {text!r}: {self.all_heard()!r}"
            time.sleep(0.02)

    def close(self) -> None:
        self._closing = True
        self.listener.close()
        if self._current is not None:
            with contextlib.suppress(OSError):
                self._current.shutdown(socket.SHUT_RDWR)
        self._thread.join(timeout=WAIT_S)


def server_context(certificate: str, key: str) -> ssl.SSLContext:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(certificate, key)
    return context
