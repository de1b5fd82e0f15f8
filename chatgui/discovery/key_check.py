"""KeyChecks: does an address show a room's key? One TLS handshake each, on the finder's loop.

Anyone can announce anything on a LAN, but only the room's host holds its key: a TLS handshake
to an address, with the peer's certificate read and its key's fingerprint taken
(tls_identity.py), proves whether the room is there. Nothing is sent but the handshake. The
handshake is stepped without blocking on the finder's NetLoop thread; at most
DISCOVERY_KEY_CHECKS_AT_ONCE run at once and DISCOVERY_KEY_CHECKS_PER_S start per second, so
a flood of forged claims can't make a Join page knock on many doors, and each gives up after
DISCOVERY_KEY_CHECK_TIMEOUT_S. Never imports tkinter.
"""

import errno
import socket
import ssl
import time
from collections.abc import Callable

from chatgui import limits
from chatgui.net.loop import NetLoop, Timer
from chatgui.net.tls_identity import fingerprint_of_certificate, pinning_context
from chatgui.net.tls_wrap import wrap_if_connected

Done = Callable[[str | None], None]
"""Called with the fingerprint of the key shown, or None when none was (refused, timed
out, not TLS)."""
_CONNECTING = (0, errno.EINPROGRESS, errno.EWOULDBLOCK, errno.EAGAIN)


class KeyChecks:
    """Runs key checks within the limits. Loop thread only."""

    def __init__(self, loop: NetLoop, clock: Callable[[], float] = time.monotonic) -> None:
        self._loop = loop
        self._clock = clock
        self._running: set[_Handshake] = set()
        self._started: list[float] = []  # when the checks of the last second started

    def start(self, address: str, port: int, done: Done) -> bool:
        """Check `address`:`port`, calling `done` later; False (and no call) when the limits
        allow no more checks now."""
        now = self._clock()
        self._started = [t for t in self._started if t > now - 1.0]
        busy = len(self._running) >= limits.DISCOVERY_KEY_CHECKS_AT_ONCE
        if busy or len(self._started) >= limits.DISCOVERY_KEY_CHECKS_PER_S:
            return False
        self._started.append(now)

        def finished(handshake: _Handshake, shown: str | None) -> None:
            self._running.discard(handshake)
            done(shown)

        handshake = _Handshake(self._loop, address, port, finished)
        self._running.add(handshake)
        handshake.begin()
        return True

    def close(self) -> None:
        """Abandon the checks under way (their callers are stopping too)."""
        for handshake in list(self._running):
            handshake.abandon()
        self._running.clear()


class _Handshake:
    """One connection: connect, TLS handshake, read the key, close."""

    def __init__(
        self,
        loop: NetLoop,
        address: str,
        port: int,
        done: Callable[["_Handshake", str | None], None],
    ) -> None:
        self._loop = loop
        self._target = (address, port)
        self._done = done
        self._sock: socket.socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._sock.setblocking(False)
        self._timer: Timer | None = None
        self._over = False

    def begin(self) -> None:
        self._timer = self._loop.call_later(
            limits.DISCOVERY_KEY_CHECK_TIMEOUT_S, lambda: self._finish(None)
        )
        try:
            code = self._sock.connect_ex(self._target)
        except OSError:  # e.g. an address that is not one
            code = -1
        if code not in _CONNECTING:
            self._loop.call_later(0, lambda: self._finish(None))  # `done` never runs re-entrantly
            return
        self._loop.watch(self._sock, False, True, self._connected)

    def abandon(self) -> None:
        self._over = True
        self._close()

    def _connected(self, mask: int) -> None:
        if self._sock.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR):
            self._finish(None)  # refused or unreachable
            return
        self._loop.watch(self._sock, False, False, self._connected)
        wrapped = wrap_if_connected(pinning_context(), self._sock)
        if wrapped is None:
            self._finish(None)  # it hung up at once
            return
        self._sock = wrapped
        self._step(0)

    def _step(self, mask: int) -> None:
        assert isinstance(self._sock, ssl.SSLSocket)
        try:
            if not self._loop.step_handshake(self._sock, self._step):
                return
        except (ssl.SSLError, OSError):
            self._finish(None)  # not TLS, or it hung up
            return
        der = self._sock.getpeercert(binary_form=True)
        try:
            shown = fingerprint_of_certificate(der) if der else None
        except ValueError:  # a certificate that can't be read shows no key
            shown = None
        self._finish(shown)

    def _finish(self, shown: str | None) -> None:
        if self._over:
            return
        self._over = True
        self._close()
        self._done(self, shown)

    def _close(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
        self._loop.watch(self._sock, False, False, self._step)
        self._sock.close()
