"""The rooms a finder knows of, merged from its two sources ("mdns" and "broadcast").

Pure bookkeeping, the clock passed in: each change returns the event to post, or None when
nothing a person would see changed. A room stays listed while either source still has it, and
the table holds at most DISCOVERY_MAX_ROOMS rooms. Never imports tkinter.
"""

from dataclasses import dataclass, field

from chatgui import limits
from chatgui.events import RoomFound, RoomLost
from chatgui.protocol.room_record import RoomRecord

SOURCES = ("mdns", "broadcast")


@dataclass
class _Room:
    record: RoomRecord
    port: int
    addresses: dict[str, tuple[str, ...]] = field(default_factory=dict)  # by source
    heard: dict[str, float] = field(default_factory=dict)  # by source: when, for expiry
    shown: RoomFound | None = None


class RoomTable:
    """Rooms by key. Used by one thread only (the finder's)."""

    def __init__(self) -> None:
        self._rooms: dict[str, _Room] = {}

    def __len__(self) -> int:
        return len(self._rooms)

    def __contains__(self, key: str) -> bool:
        return key in self._rooms

    def seen(
        self, source: str, record: RoomRecord, port: int, addresses: tuple[str, ...], now: float
    ) -> RoomFound | None:
        """`source` reports the room; a RoomFound when it is new or looks different now."""
        room = self._rooms.get(record.key)
        if room is None:
            if len(self._rooms) >= limits.DISCOVERY_MAX_ROOMS:
                return None
            room = self._rooms[record.key] = _Room(record, port)
        room.record, room.port = record, port
        room.addresses[source] = addresses
        room.heard[source] = now
        found = _found(room)
        if found == room.shown:
            return None
        room.shown = found
        return found

    def gone(self, source: str, key: str) -> RoomLost | RoomFound | None:
        """`source` no longer has room `key`: RoomLost if no source has it, else maybe an update."""
        room = self._rooms.get(key)
        if room is None or source not in room.addresses:
            return None
        del room.addresses[source]
        room.heard.pop(source, None)
        if not room.addresses:
            del self._rooms[key]
            return RoomLost(key)
        room.shown = _found(room)
        return room.shown

    def expire(self, source: str, older_than: float) -> list[RoomLost | RoomFound]:
        """Forget what `source` last said before `older_than`: the rooms that went quiet."""
        stale = [k for k, r in self._rooms.items() if r.heard.get(source, older_than) < older_than]
        changes = [self.gone(source, key) for key in stale]
        return [change for change in changes if change is not None]


def _found(room: _Room) -> RoomFound:
    r = room.record
    via = tuple(s for s in SOURCES if s in room.addresses)
    addresses = tuple(dict.fromkeys(a for s in reversed(via) for a in room.addresses[s]))
    return RoomFound(
        r.key,
        r.room,
        r.host,
        r.password,
        addresses,
        room.port,
        r.app,
        via,
        r.tls_port,
        r.fingerprint,
        r.channel,
    )
