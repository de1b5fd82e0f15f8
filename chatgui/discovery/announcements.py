"""RoomAnnouncements: one RoomAnnouncer per room of a `serve`, as its rooms come and go.

A `serve` with no room announces nothing: a Join page must never list a room with nothing in
it. Each room is announced by its title, with its channel for the Join page to join
(room_record.py), and the TLS port and key fingerprint of the server when it listens with TLS.
Call from one thread (`serve`'s main thread).
"""

import queue
import secrets
import time

from chatgui import limits
from chatgui.discovery.announcer import RoomAnnouncer
from chatgui.events import ChatEvent
from chatgui.protocol.room_record import RoomRecord


class RoomAnnouncements:
    """The announcers of the rooms shown now, by channel."""

    def __init__(
        self,
        host: str,
        password: bool,
        version: str,
        port: int,
        addresses: tuple[str, ...],
        events: "queue.Queue[ChatEvent]",
        interfaces: tuple[str, ...] | None,
        *,
        tls_port: int | None = None,
        fingerprint: str | None = None,
    ) -> None:
        self._host, self._password, self._version = host, password, version
        self._tls_port, self._fingerprint = tls_port, fingerprint
        self._port, self._addresses = port, addresses
        self._events, self._interfaces = events, interfaces
        self._announcers: dict[str, RoomAnnouncer] = {}
        self._ending: list[RoomAnnouncer] = []  # stopped, perhaps still saying goodbye

    def show(self, rooms: dict[str, str]) -> None:
        """Announce exactly `rooms` (channel → title): start the new, say goodbye for the gone."""
        self._ending = [a for a in self._ending if not a.wait_ended(0)]
        for channel in [c for c in self._announcers if c not in rooms]:
            going = self._announcers.pop(channel)
            going.stop()
            self._ending.append(going)
        for channel, title in rooms.items():
            if channel not in self._announcers:
                record = RoomRecord(
                    secrets.token_hex(8),
                    title,
                    self._host,
                    self._password,
                    self._version,
                    self._tls_port,
                    self._fingerprint,
                    channel,
                )
                announcer = RoomAnnouncer(
                    record, self._port, self._addresses, self._events, self._interfaces
                )
                announcer.start()
                self._announcers[channel] = announcer

    def stop(self) -> None:
        """Goodbyes for every room, so Join pages drop them at once; returns once they are
        said (within DISCOVERY_STOP_TIMEOUT_S), as `serve` ends after."""
        self.show({})
        deadline = time.monotonic() + limits.DISCOVERY_STOP_TIMEOUT_S
        for announcer in self._ending:
            announcer.wait_ended(max(0.0, deadline - time.monotonic()))
