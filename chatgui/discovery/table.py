"""The rooms a finder knows of, merged from its two sources ("mdns" and "broadcast").

Pure bookkeeping, the clock passed in: each change returns the events to post (none when
nothing a person would see changed). A room stays listed while either source still has it, and
the table holds at most DISCOVERY_MAX_ROOMS rooms.

Anyone on the network can send an answer or a goodbye with a room's id, so for a room announced
with its key's fingerprint (a host with TLS) the table believes only what can be proven:
- its record and ports are the first announcement's (a host's id is new each run, and its
  ports never change while it runs); a claim with another key is never taken, and marks the
  room disputed, as does another room with the same title and host name and another key;
- a claim that moves the room to an address not yet proven waits for a Check (a TLS handshake
  there, key_check.py) and is taken with the addresses that show the room's key only (an
  address that showed none is not checked again for DISCOVERY_ROOM_EXPIRY_S);
- a goodbye is obeyed only if a Check finds that the room's address no longer shows its key;
  otherwise that source's word is doubted, and it is forgotten unless heard again within
  DISCOVERY_ROOM_EXPIRY_S (a host that closed one of its rooms, but still runs, goes so).
Rooms announced with no fingerprint (hosts before TLS) have nothing to prove: the latest word
on them is taken, as before. The finder runs the checks take_checks() hands out and reports
each with checked() or skipped(). Never imports tkinter.
"""

from dataclasses import dataclass, field

from chatgui import limits
from chatgui.events import RoomFound, RoomLost
from chatgui.protocol.room_record import RoomRecord

SOURCES = ("mdns", "broadcast")
Change = RoomFound | RoomLost


@dataclass(frozen=True)
class Check:
    """Does `address`:`port` show room `key`'s key? Asked before a claim on it is believed."""

    key: str
    address: str
    port: int


@dataclass(frozen=True)
class _Claim:
    addresses: tuple[str, ...]
    waiting: frozenset[str]  # addresses not yet proven


@dataclass
class _Room:
    record: RoomRecord
    port: int
    addresses: dict[str, tuple[str, ...]] = field(default_factory=dict)  # by source
    heard: dict[str, float] = field(default_factory=dict)  # by source: when, for expiry
    proven: set[str] = field(default_factory=set)  # addresses that showed the key (or came first)
    failed: dict[str, float] = field(default_factory=dict)  # address → when it showed no key
    claims: dict[str, _Claim] = field(default_factory=dict)  # by source, waiting for checks
    goodbyes: set[str] = field(default_factory=set)  # sources whose goodbye waits for a check
    doubted: dict[str, float] = field(default_factory=dict)  # by source: goodbye not proven
    disputed: bool = False
    shown: RoomFound | None = None

    @property
    def check_port(self) -> int:
        """Where the room's key can be seen: its TLS port (the plain one may be off)."""
        return self.record.tls_port if self.record.tls_port is not None else self.port


class RoomTable:
    """Rooms by key. Used by one thread only (the finder's)."""

    def __init__(self) -> None:
        self._rooms: dict[str, _Room] = {}
        self._checks: list[Check] = []

    def __len__(self) -> int:
        return len(self._rooms)

    def __contains__(self, key: str) -> bool:
        return key in self._rooms

    def shown(self, key: str) -> RoomFound | None:
        """What the Join page was last told of room `key`."""
        room = self._rooms.get(key)
        return room.shown if room is not None else None

    def take_checks(self) -> list[Check]:
        """The checks asked for since the last call, for the finder to run."""
        checks, self._checks = self._checks, []
        return checks

    def seen(
        self, source: str, record: RoomRecord, port: int, addresses: tuple[str, ...], now: float
    ) -> list[Change]:
        """`source` reports the room: a RoomFound when it is new or looks different now."""
        room = self._rooms.get(record.key)
        if room is None:
            if len(self._rooms) >= limits.DISCOVERY_MAX_ROOMS:
                return []
            room = self._rooms[record.key] = _Room(record, port, proven=set(addresses))
            room.addresses[source], room.heard[source] = addresses, now
            return self._twins_of(room) + self._show(room)
        if room.record.fingerprint is None:  # nothing to prove: the latest word is taken
            room.record, room.port = record, port
            room.proven.update(addresses)
            return self._take(room, source, addresses, now)
        if record.fingerprint != room.record.fingerprint:
            room.disputed = True  # someone else claims this room: it never becomes theirs
            return self._show(room)
        if (port, record.tls_port) != (room.port, room.record.tls_port):
            return []  # not this run of the host: its ports never change
        recent = now - limits.DISCOVERY_ROOM_EXPIRY_S
        waiting = frozenset(
            a for a in addresses if a not in room.proven and room.failed.get(a, recent) <= recent
        )
        room.claims.pop(source, None)
        if not waiting:
            return self._take_proven(room, source, addresses, now)
        room.claims[source] = _Claim(addresses, waiting)
        self._checks += [Check(room.record.key, a, room.check_port) for a in sorted(waiting)]
        return []

    def gone(self, source: str, key: str) -> list[Change]:
        """`source` says room `key` closed: believed at once for a room with no key, else
        after a check of its address."""
        room = self._rooms.get(key)
        if room is None or source not in room.addresses:
            return []
        if room.record.fingerprint is None:
            return self._drop(room, source)
        if source not in room.goodbyes:
            room.goodbyes.add(source)
            self._checks.append(Check(key, room.addresses[source][0], room.check_port))
        return []

    def checked(self, check: Check, shown: str | None, now: float) -> list[Change]:
        """The check's answer: the fingerprint of the key `check.address` showed, or None
        when nothing answered there with a key (refused, timed out, not TLS)."""
        room = self._rooms.get(check.key)
        if room is None or check.port != room.check_port:
            return []
        proven = shown is not None and shown == room.record.fingerprint
        if proven:
            room.proven.add(check.address)
        else:
            recent = now - limits.DISCOVERY_ROOM_EXPIRY_S
            room.failed = {a: t for a, t in room.failed.items() if t > recent}
            room.failed[check.address] = now
        return self._settle(room, check.address, proven, now)

    def skipped(self, check: Check, now: float) -> list[Change]:
        """The check could not be made (too many at once, or an address discovery may not
        use): the address is not believed, and the goodbye only doubted."""
        room = self._rooms.get(check.key)
        return [] if room is None else self._settle(room, check.address, None, now)

    def _settle(self, room: _Room, address: str, proven: bool | None, now: float) -> list[Change]:
        """The claims and goodbyes that waited for `address`: it showed the room's key (True),
        did not (False), or was not checked (None)."""
        changes: list[Change] = []
        for source, claim in list(room.claims.items()):
            if address not in claim.waiting:
                continue
            del room.claims[source]
            left = claim.waiting - {address}
            if left:
                room.claims[source] = _Claim(claim.addresses, left)
            elif source not in room.goodbyes:
                changes += self._take_proven(room, source, claim.addresses, now)
        for source in list(room.goodbyes):
            if room.addresses.get(source, ("",))[0] != address:
                continue
            room.goodbyes.discard(source)
            if proven is False and room.record.key in self._rooms:
                changes += self._drop(room, source)  # the room no longer answers there
            else:
                room.doubted[source] = now
        return changes

    def expire(self, source: str, older_than: float) -> list[Change]:
        """Forget what `source` last said before `older_than`: the rooms that went quiet."""
        stale = [k for k, r in self._rooms.items() if r.heard.get(source, older_than) < older_than]
        changes: list[Change] = []
        for key in stale:
            changes += self._drop(self._rooms[key], source)
        return changes

    def expire_doubted(self, older_than: float) -> list[Change]:
        """Forget a source whose unproven goodbye came before `older_than`, unless it has
        spoken of the room since."""
        changes: list[Change] = []
        for room in list(self._rooms.values()):
            for source, when in list(room.doubted.items()):
                if when < older_than and room.record.key in self._rooms:
                    changes += self._drop(room, source)
        return changes

    def _take(
        self, room: _Room, source: str, addresses: tuple[str, ...], now: float
    ) -> list[Change]:
        room.addresses[source], room.heard[source] = addresses, now
        room.doubted.pop(source, None)
        return self._show(room)

    def _take_proven(
        self, room: _Room, source: str, addresses: tuple[str, ...], now: float
    ) -> list[Change]:
        """Take a checked claim with the addresses that showed the room's key, if any."""
        proven = tuple(a for a in addresses if a in room.proven)
        return self._take(room, source, proven, now) if proven else []

    def _drop(self, room: _Room, source: str) -> list[Change]:
        for state in (room.addresses, room.heard, room.claims, room.doubted):
            state.pop(source, None)
        room.goodbyes.discard(source)
        if room.addresses:
            return self._show(room)
        del self._rooms[room.record.key]
        return [RoomLost(room.record.key)]

    def _twins_of(self, new: _Room) -> list[Change]:
        """A new room with the title and host name of a listed one, but another key: both
        are disputed (one of them poses as the other)."""
        changes: list[Change] = []
        for room in self._rooms.values():
            r = room.record
            if room is new or (r.room, r.host) != (new.record.room, new.record.host):
                continue
            if r.fingerprint != new.record.fingerprint:
                new.disputed = room.disputed = True
                changes += self._show(room)
        return changes

    def _show(self, room: _Room) -> list[Change]:
        found = _found(room)
        if found == room.shown:
            return []
        room.shown = found
        return [found]


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
        disputed=room.disputed,
    )
