"""DiscoveryLink: the window's side of room discovery (docs/discovery.md).

A RoomFinder runs while the Join page shows, a RoomAnnouncer while this window hosts a room;
their events reach the window through its event queue. CHATGUI_DISCOVERY_INTERFACES is read
here: a value that can't be used turns discovery off (the window still joins by address).
chatgui.discovery (and so zeroconf, ~60 ms) is imported on first use, not at start-up.
Tk thread only: the workers' start() and stop() only ask, and never wait for their threads
(stopping ends them, their sockets closed, on their own); wait_ended() is for the end of the
program, once the window has gone.
"""

from __future__ import annotations

import logging
import queue
import secrets
import time
from typing import TYPE_CHECKING

from chatgui import __version__, events, limits

if TYPE_CHECKING:
    from chatgui.discovery import RoomAnnouncer, RoomFinder

log = logging.getLogger(__name__)
_OFF = "off"


class DiscoveryLink:
    """Starts and stops the window's finder and announcer."""

    def __init__(self, event_queue: queue.Queue[events.ChatEvent]) -> None:
        self._events = event_queue
        self.finder: RoomFinder | None = None
        self.announcer: RoomAnnouncer | None = None
        self._ending: list[RoomFinder | RoomAnnouncer] = []  # stopped, perhaps not ended yet

    def _interfaces(self) -> tuple[str, ...] | str | None:
        from chatgui.discovery import ENV_VAR, interfaces_from_env

        try:
            return interfaces_from_env()
        except ValueError as problem:
            log.warning("room discovery is off: %s %s", ENV_VAR, problem)
            return _OFF

    def start_finding(self) -> None:
        """List the rooms on the network (no-op when already listing)."""
        from chatgui.discovery import RoomFinder

        if self.finder is not None:
            return
        interfaces = self._interfaces()
        if not isinstance(interfaces, str):
            self.finder = RoomFinder(self._events, interfaces)
            self.finder.start()

    def stop_finding(self) -> None:
        """Stop listing rooms; returns at once (the finder's thread ends by itself)."""
        if self.finder is not None:
            self.finder.stop()
            self._keep_until_ended(self.finder)
            self.finder = None

    def announce(
        self,
        room: str,
        channel: str,
        host: str,
        password: bool,
        port: int,
        addresses: tuple[str, ...],
        *,
        tls_port: int | None = None,
        fingerprint: str | None = None,
    ) -> None:
        """Tell the network about the room titled `room` this window hosts, on `channel`,
        with its TLS port and key's fingerprint when it has them (RoomAnnounced follows)."""
        from chatgui.discovery import RoomAnnouncer, RoomRecord

        interfaces = self._interfaces()
        if isinstance(interfaces, str):
            return
        self.stop_announcing()
        record = RoomRecord(
            secrets.token_hex(8),
            room,
            host,
            password,
            __version__,
            tls_port=tls_port,
            fingerprint=fingerprint,
            channel=channel,
        )
        ipv4 = tuple(a for a in addresses if ":" not in a)
        try:
            self.announcer = RoomAnnouncer(record, port, ipv4, self._events, interfaces)
        except ValueError as problem:  # a name the record can't carry: join by address only
            log.warning("the room can't be announced: %s", problem)
            return
        self.announcer.start()

    def stop_announcing(self) -> None:
        """Say goodbye, so Join pages drop the room at once; returns at once (the goodbye
        takes the announcer's thread about a quarter of a second, then it ends)."""
        if self.announcer is not None:
            self.announcer.stop()
            self._keep_until_ended(self.announcer)
            self.announcer = None

    def stop(self) -> None:
        self.stop_finding()
        self.stop_announcing()

    def wait_ended(self, timeout: float = limits.DISCOVERY_STOP_TIMEOUT_S) -> bool:
        """Wait up to `timeout` s for every stopped worker's thread to end: their goodbyes
        said, their sockets closed. Never on a window's turn: when the window has gone,
        before the program ends. True when all have ended."""
        deadline = time.monotonic() + timeout
        self._ending = [
            w for w in self._ending if not w.wait_ended(max(0.0, deadline - time.monotonic()))
        ]
        return not self._ending

    def _keep_until_ended(self, worker: RoomFinder | RoomAnnouncer) -> None:
        """Keep `worker` until its thread has ended (the ended ones are let go)."""
        self._ending = [w for w in self._ending if not w.wait_ended(0)]
        self._ending.append(worker)
