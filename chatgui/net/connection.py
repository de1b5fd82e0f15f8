"""Connection: the client's socket on the NetLoop: connect, TLS, lines in and out, liveness.

It knows bytes and lines, not IRC meaning: complete Messages go to `on_line`, and the end
of the connection, for whatever reason, goes once to `on_closed` as a Closed with a reason
word that the window turns into advice. Never imports tkinter.
"""

import contextlib
import errno
import logging
import selectors
import socket
import ssl
import time
from collections.abc import Callable
from dataclasses import dataclass

from chatgui import limits
from chatgui.net.loop import NetLoop, Timer
from chatgui.net.tls_identity import fingerprint_of_certificate, pinning_context, verifying_context
from chatgui.net.tls_wrap import wrap_if_connected
from chatgui.protocol.client.address import ANY_KEY, Address
from chatgui.protocol.errors import RemoteProtocolError
from chatgui.protocol.framing import LineDecoder, LineEncoder, LineTooLong
from chatgui.protocol.message import Message, parse
from chatgui.protocol.room_code import code_matches

log = logging.getLogger(__name__)

_ERRNO_REASONS = {
    errno.ECONNREFUSED: "refused",
    errno.ETIMEDOUT: "timed out",
    errno.ENETUNREACH: "no route",
    errno.EHOSTUNREACH: "no route",
    errno.EADDRNOTAVAIL: "no route",
}
# A server's certificate refused, by OpenSSL's X509_V_ERR_* code; any other code: "not trusted".
_CERTIFICATE_REASONS = {
    9: "expired",  # not yet valid: the same advice (check the clock, ask the school)
    10: "expired",
    62: "wrong name",
    64: "wrong name",  # made for another IP address
}
REFUSED_KEYS = ("key changed", "wrong code", "not trusted", "wrong name", "expired")
"""Reasons a server's key or certificate was refused: trying again can't help."""


@dataclass(frozen=True)
class Closed:
    """Why a connection ended: `reason` is a word from events.FAILURE_REASONS or "lost"."""

    reason: str
    detail: str


class Connection:
    """One TCP (or TLS) connection, driven by the loop's readiness callbacks."""

    def __init__(
        self,
        loop: NetLoop,
        address: Address,
        on_line: Callable[[Message], None],
        on_closed: Callable[[Closed], None],
    ) -> None:
        self._loop = loop
        self._address = address
        self._on_line = on_line
        self._on_closed = on_closed
        self._sock: socket.socket | None = None
        self._decoder = LineDecoder(max_line_bytes=limits.MAX_INCOMING_SERVER_LINE_BYTES)
        self._encoder = LineEncoder()
        self._handshaking = False
        self._last_heard = time.monotonic()
        self._pinged = False
        self._liveness: Timer | None = None
        self._gathering: Timer | None = None  # while set, reading waits (see _gather)
        self.established = False
        self._finished = False
        self.on_raw: Callable[[str, bytes], None] | None = None
        """Told of every line in ("in") and out ("out") while set: the lesson view."""
        self.on_key: Callable[[str], None] | None = None
        """Told the fingerprint of a chatgui room's key once it is checked (for pinning)."""

    def open(self) -> None:
        """Resolve and connect without blocking; what is written meanwhile waits until it is up."""
        try:
            family, kind, proto, _, sockaddr = socket.getaddrinfo(
                self._address.host, self._address.port, type=socket.SOCK_STREAM
            )[0]
        except (socket.gaierror, UnicodeError) as error:
            closed = Closed("name not found", str(error))
            self._loop.call_later(0, lambda: self._finish(closed))
            return
        self._sock = socket.socket(family, kind, proto)
        self._sock.setblocking(False)
        code = self._sock.connect_ex(sockaddr)
        if code not in (0, errno.EINPROGRESS, errno.EWOULDBLOCK):
            self._loop.call_later(0, lambda: self._failed_errno(code))
            return
        self._loop.watch(self._sock, False, True, self._on_connect_ready)

    def write(self, messages: list[Message]) -> None:
        """Queue messages and send what the socket takes now."""
        self._queue(messages)
        if self.established and not self._handshaking:
            self._flush()

    def _queue(self, messages: list[Message]) -> None:
        for message in messages:
            line = message.to_bytes()
            self._encoder.write_line(line)
            if self.on_raw is not None:
                self.on_raw("out", line)

    def close(self) -> None:
        """Close without telling anyone (the caller decides what happened)."""
        if self._liveness is not None:
            self._liveness.cancel()
        if self._gathering is not None:
            self._gathering.cancel()
        if self._sock is not None:
            self._loop.watch(self._sock, False, False, self._ignore)
            if self.established and not self._handshaking:  # never to a key not yet checked
                with contextlib.suppress(OSError):
                    self._sock.send(self._encoder.pending())
            self._sock.close()
            self._sock = None

    # --- loop callbacks ---

    def _on_connect_ready(self, mask: int) -> None:
        assert self._sock is not None
        code = self._sock.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)
        if code:
            self._failed_errno(code)
            return
        self.established = True
        self._sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self._liveness = self._loop.call_later(limits.PING_IDLE_S / 2, self._check_liveness)
        if self._address.tls:
            pinned = self._address.fingerprint is not None or self._address.code is not None
            try:
                context = pinning_context() if pinned else verifying_context()
            except (OSError, ssl.SSLError) as error:
                self._finish(Closed("tls", f"the trusted certificates could not be read: {error}"))
                return
            wrapped = wrap_if_connected(context, self._sock, server_hostname=self._address.host)
            if wrapped is None:
                self._finish(Closed("tls", "the room hung up before the secure connection began"))
                return
            self._sock = wrapped
            self._handshaking = True
            self._handshake(0)
        else:
            self._flush()

    def _handshake(self, mask: int) -> None:
        assert isinstance(self._sock, ssl.SSLSocket)
        try:
            if not self._loop.step_handshake(self._sock, self._handshake):
                return
        except ssl.SSLCertVerificationError as error:
            reason = _CERTIFICATE_REASONS.get(error.verify_code, "not trusted")
            self._finish(Closed(reason, error.verify_message))
            return
        except (ssl.SSLError, OSError) as error:
            self._finish(Closed("tls", str(error)))
            return
        checked = self._address.fingerprint is not None or self._address.code is not None
        if checked and not self._key_expected(self._sock):
            return
        self._handshaking = False
        self._flush()

    def _key_expected(self, sock: ssl.SSLSocket) -> bool:
        """Whether the room's key is the one expected; nothing is sent before this says yes.
        A key that does not give the typed room code ends the connection ("wrong code"), and
        so does a different key than the one expected ("key changed")."""
        der = sock.getpeercert(binary_form=True)
        seen = fingerprint_of_certificate(der) if der else ""
        code, expected = self._address.code, self._address.fingerprint
        if code is not None and not code_matches(code, seen):
            self._finish(Closed("wrong code", f"the room's key {seen} does not give {code}"))
            return False
        if expected not in (ANY_KEY, None) and seen != expected.lower():
            self._finish(Closed("key changed", f"expected key {expected}, the room showed {seen}"))
            return False
        if self.on_key is not None:
            self.on_key(seen)
        return True

    def _on_ready(self, mask: int) -> None:
        if mask & selectors.EVENT_WRITE:
            self._flush()
        if mask & selectors.EVENT_READ and self._sock is not None:
            self._read()

    def _read(self) -> None:
        assert self._sock is not None
        try:
            data = self._sock.recv(limits.RECV_CHUNK_BYTES)
        except (BlockingIOError, ssl.SSLWantReadError, ssl.SSLWantWriteError):
            return
        except OSError as error:
            self._finish(Closed("lost", error.strerror or str(error)))
            return
        if not data:
            self._finish(Closed("lost", "the server closed the connection"))
            return
        self._last_heard = time.monotonic()
        self._pinged = False
        for item in self._decoder.feed(data):
            if self._sock is None:
                return  # a handler closed us
            if isinstance(item, LineTooLong):
                log.warning("the server sent an over-long line; skipped")
                continue
            if self.on_raw is not None:
                self.on_raw("in", item)
            try:
                message = parse(item)
            except RemoteProtocolError as error:
                log.warning("skipped a malformed line from the server: %s", error)
                continue
            self._on_line(message)
        self._gather()

    def _gather(self) -> None:
        """Read no more for limits.READ_GATHER_S after a read: in a flood, the lines that come
        meanwhile are read and followed in one turn of the loop, not one turn for every line
        or two (a turn costs more than a line: the thread woken, two system calls, the GIL
        taken back from the window's thread). A line after a quiet time is read at once."""
        if self._sock is None or self._gathering is not None:
            return
        self._loop.watch(self._sock, False, len(self._encoder) > 0, self._on_ready)
        self._gathering = self._loop.call_later(limits.READ_GATHER_S, self._read_again)

    def _read_again(self) -> None:
        self._gathering = None
        if self._sock is not None:
            self._loop.watch(self._sock, True, len(self._encoder) > 0, self._on_ready)

    def _flush(self) -> None:
        if self._sock is None:
            return
        try:
            while len(self._encoder):
                self._encoder.pop(self._sock.send(self._encoder.pending()))
        except (BlockingIOError, ssl.SSLWantReadError, ssl.SSLWantWriteError):
            pass
        except OSError as error:
            self._finish(Closed("lost", error.strerror or str(error)))
            return
        reading = self._gathering is None
        self._loop.watch(self._sock, reading, len(self._encoder) > 0, self._on_ready)

    def _check_liveness(self) -> None:
        """Ping a quiet server; a server that does not answer is gone (limits.PING_*)."""
        if self._sock is None:
            return
        quiet = time.monotonic() - self._last_heard
        if self._pinged and quiet > limits.PING_IDLE_S + limits.PING_TIMEOUT_S:
            self._finish(Closed("lost", f"no answer from the server for {quiet:.0f} s"))
            return
        if quiet > limits.PING_IDLE_S and not self._pinged:
            self._pinged = True
            self.write([Message("PING", ("chatgui",))])
        self._liveness = self._loop.call_later(limits.PING_IDLE_S / 2, self._check_liveness)

    def _failed_errno(self, code: int) -> None:
        self._finish(
            Closed(_ERRNO_REASONS.get(code, "other"), errno.errorcode.get(code, str(code)))
        )

    def _finish(self, closed: Closed) -> None:
        """Close and report, once, however many paths lead here."""
        if self._finished:
            return
        self._finished = True
        self.close()
        self._on_closed(closed)

    def _ignore(self, mask: int) -> None:
        """A closed socket's last readiness: nothing to do."""
