"""TLS handshakes in progress on the server's loop: none of them ever blocks it.

A connection to the TLS port is wrapped without a handshake; the handshake is then stepped
each time its socket is ready, like every other socket on the loop. One that is not done
within TLS_HANDSHAKE_TIMEOUT_S is closed. Until it is done it counts, per computer, with
the room's other connections (ChatServer asks from_computer()), so a student who opens
hundreds of handshakes and never finishes them holds no more than one computer's places.
Never imports tkinter.
"""

import logging
import socket
import ssl
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from chatgui import limits
from chatgui.net.loop import NetLoop, Timer
from chatgui.net.tls_wrap import wrap_if_connected

log = logging.getLogger(__name__)

Secure = Callable[[ssl.SSLSocket, str], None]


@dataclass(eq=False)
class _Handshake:
    sock: ssl.SSLSocket
    address: str
    computer: str
    timer: Timer | None = field(default=None)


class Handshakes:
    """The loop's TLS handshakes; `on_secure(sock, address)` gets each one that finishes."""

    def __init__(self, loop: NetLoop, context: ssl.SSLContext, on_secure: Secure) -> None:
        self._loop = loop
        self._context = context
        self._on_secure = on_secure
        self._pending: set[_Handshake] = set()
        self._per_computer: Counter[str] = Counter()

    def __len__(self) -> int:
        return len(self._pending)

    def from_computer(self, computer: str) -> int:
        """Handshakes in progress from `computer` (names.computer_of)."""
        return self._per_computer[computer]

    def begin(self, sock: socket.socket, address: str, computer: str) -> None:
        """Start the server's side of the handshake on an accepted socket."""
        sock.setblocking(False)
        wrapped = wrap_if_connected(self._context, sock, server_side=True)
        if wrapped is None:
            log.info("TLS from %s: gone before its handshake began", address)
            return
        handshake = _Handshake(wrapped, address, computer)
        self._pending.add(handshake)
        self._per_computer[computer] += 1
        handshake.timer = self._loop.call_later(
            limits.TLS_HANDSHAKE_TIMEOUT_S, lambda: self._give_up(handshake)
        )
        self._step(handshake, 0)

    def close_all(self) -> None:
        """Close every unfinished handshake (the room is closing)."""
        for handshake in list(self._pending):
            self._end(handshake)
            handshake.sock.close()

    def _step(self, handshake: _Handshake, mask: int) -> None:
        if handshake not in self._pending:
            return
        sock = handshake.sock
        try:
            if not self._loop.step_handshake(sock, lambda m: self._step(handshake, m)):
                return
        except OSError as error:  # ssl.SSLError too: not TLS, or a client that gave up
            log.info("TLS handshake from %s failed: %s", handshake.address, error)
            self._end(handshake)
            sock.close()
            return
        self._end(handshake)
        self._on_secure(sock, handshake.address)

    def _give_up(self, handshake: _Handshake) -> None:
        if handshake in self._pending:
            log.info("TLS handshake from %s took too long", handshake.address)
            self._end(handshake)
            handshake.sock.close()

    def _end(self, handshake: _Handshake) -> None:
        """Forget `handshake` (its socket stays open: the caller closes or keeps it)."""
        self._pending.discard(handshake)
        self._per_computer[handshake.computer] -= 1
        if self._per_computer[handshake.computer] <= 0:
            del self._per_computer[handshake.computer]
        if handshake.timer is not None:
            handshake.timer.cancel()
        self._loop.watch(handshake.sock, False, False, lambda m: None)
