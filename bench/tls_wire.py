"""The client's side of TLS for the load generator: bytes in, bytes out, no socket of its own.

The generator's clients are plain non-blocking sockets on one selectors loop; with TLS each
keeps a TlsWire (an ssl.SSLObject between two memory buffers) and passes through it what
it reads and what it writes, so the loop and its accounting stay as they are. Like a chatgui
client, it takes whatever certificate the room shows (tls_identity.pinning_context): a
chatgui client checks the key's fingerprint itself, on its own side, which costs the room
nothing.
"""

from __future__ import annotations

import ssl


class TlsWire:
    """One connection's TLS: `start()` opens it, `received()` and `wrap()` carry the data."""

    def __init__(self, context: ssl.SSLContext) -> None:
        self._incoming = ssl.MemoryBIO()
        self._outgoing = ssl.MemoryBIO()
        self._tls = context.wrap_bio(self._incoming, self._outgoing, server_side=False)
        self.secure = False
        self._waiting = bytearray()  # written before the handshake was done

    def start(self) -> bytes:
        """The first handshake bytes to send (the ClientHello)."""
        self._handshake()
        return self._outgoing.read()

    def wrap(self, plain: bytes) -> bytes:
        """What to send for `plain`; nothing until the handshake is done (it waits till then)."""
        if not self.secure:
            self._waiting += plain
            return b""
        self._tls.write(plain)
        return self._outgoing.read()

    def received(self, data: bytes) -> tuple[bytes, bytes]:
        """(the plain text in `data`, bytes to send back). Raises ssl.SSLError on a bad peer."""
        self._incoming.write(data)
        if not self.secure:
            self._handshake()
            if self.secure and self._waiting:
                self._tls.write(bytes(self._waiting))
                self._waiting.clear()
        plain = bytearray()
        while self.secure:
            try:
                chunk = self._tls.read(262144)
            except (ssl.SSLWantReadError, ssl.SSLZeroReturnError):
                break
            if not chunk:
                break
            plain += chunk
        return bytes(plain), self._outgoing.read()

    def _handshake(self) -> None:
        try:
            self._tls.do_handshake()
        except ssl.SSLWantReadError:
            return
        self.secure = True
