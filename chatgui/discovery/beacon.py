"""The broadcast fallback's UDP socket, for networks that block multicast DNS.

One socket on the fixed DISCOVERY_PORT, on the owner's NetLoop thread: it sends packets to the
Scope's directed broadcast addresses only (never 255.255.255.255), and hands on the packets it
hears that are well-formed, not too big, not our own, and from a network in the Scope. Never
imports tkinter.
"""

import contextlib
import logging
import socket
from collections.abc import Callable

from chatgui import limits
from chatgui.discovery.scope import Scope
from chatgui.net.loop import NetLoop
from chatgui.protocol.room_beacon import Packet, decode_packet, encode_packet

log = logging.getLogger(__name__)
PacketCallback = Callable[[Packet, str], None]
_READS_PER_WAKE = 32  # then back to the selector, so one flooding peer can't hog the thread


class Beacon:
    """A broadcast UDP endpoint. Every method runs on the loop's thread."""

    def __init__(
        self, loop: NetLoop, scope: Scope, port: int, sender: bytes, on_packet: PacketCallback
    ) -> None:
        self._loop = loop
        self._scope = scope
        self._port = port
        self._sender = sender
        self._on_packet = on_packet
        self._sock: socket.socket | None = None
        self._warned: set[str] = set()

    def open(self) -> bool:
        """Bind the port and start listening; False (logged) when this computer won't allow it."""
        sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        try:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            if hasattr(socket, "SO_REUSEPORT"):  # BSD and macOS need it to share the port
                with contextlib.suppress(OSError):
                    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_BROADCAST, 1)
            sock.bind(("", self._port))
            sock.setblocking(False)
        except OSError as error:
            sock.close()
            log.warning("discovery: no broadcast fallback on UDP port %d: %s", self._port, error)
            return False
        self._sock = sock
        self._loop.watch(sock, True, False, self._readable)
        return True

    def send(self, packet: Packet) -> None:
        """Broadcast `packet` on each network of the scope; failures are logged once each."""
        if self._sock is None:
            return
        data = encode_packet(packet)
        for address in self._scope.broadcasts:
            try:
                self._sock.sendto(data, (address, self._port))
            except OSError as error:
                self._warn_once(address, f"discovery: broadcast to {address} failed: {error}")

    def close(self) -> None:
        if self._sock is not None:
            self._loop.watch(self._sock, False, False, self._readable)
            self._sock.close()
            self._sock = None

    def _readable(self, mask: int) -> None:
        for _ in range(_READS_PER_WAKE):
            if self._sock is None:
                return
            try:
                data, source = self._sock.recvfrom(limits.DISCOVERY_MAX_PACKET_BYTES + 1)
            except (BlockingIOError, InterruptedError):
                return
            except OSError as error:  # e.g. an ICMP error reported on the socket: keep going
                log.debug("discovery: receive failed: %s", error)
                continue
            packet = decode_packet(data)
            address = str(source[0])
            if packet is None or packet.sender == self._sender:
                continue  # malformed, too big, another program's, or our own
            if not self._scope.allows(address):
                continue  # from an interface discovery was told not to use
            self._on_packet(packet, address)

    def _warn_once(self, key: str, text: str) -> None:
        """Repeated failures to the same place: one warning, then quiet (zeroconf QuietLogger)."""
        if key in self._warned:
            log.debug(text)
        else:
            self._warned.add(key)
            log.warning(text)
