"""Forged answers and goodbyes over real sockets on loopback: a real room with TLS (ChatServer),
announced by broadcast on a private port or by mDNS; a second loopback address (127.0.0.2)
plays the student who forges. Key checks are real TLS handshakes. Nothing leaves the machine.
"""

from __future__ import annotations

import queue
import socket
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from chatgui import limits
from chatgui.discovery import RoomAnnouncer, RoomFinder, RoomRecord
from chatgui.discovery.key_check import KeyChecks
from chatgui.discovery.mdns import open_zeroconf, publish, room_info, withdraw
from chatgui.events import ChatEvent, RoomFound, RoomLost
from chatgui.net.loop import NetLoop
from chatgui.protocol.room_beacon import Answer, Goodbye, encode_packet
from chatgui.protocol.room_record import encode_record
from tests.discovery.test_discovery import (
    a_record,
    events_about,
    found,
    free_udp_port,
    lost,
    wait_for,
)
from tests.net.server.tlskit import TlsRoom, start_tls_room

LOOPBACK = ("127.0.0.1",)
STUDENT = "127.0.0.2"


@pytest.fixture
def room(tmp_path: Path) -> Iterator[TlsRoom]:
    opened = start_tls_room(tmp_path / "key")
    yield opened
    opened.server.stop()


@pytest.fixture
def loop() -> Iterator[NetLoop]:
    running = NetLoop("test-key-checks", lambda error: None)
    running.start()
    yield running
    running.stop(2.0)


def check(loop: NetLoop, checks: KeyChecks, address: str, port: int) -> tuple[bool, str | None]:
    """Start one check on the loop; whether it started and what it saw."""
    seen: queue.Queue[str | None] = queue.Queue()
    started: list[bool] = []

    def begin() -> None:
        started.append(checks.start(address, port, seen.put))
        if not started[-1]:
            seen.put(None)

    loop.submit(begin)
    shown = seen.get(timeout=limits.DISCOVERY_KEY_CHECK_TIMEOUT_S + 2.0)
    return started[0], shown


def test_a_key_check_sees_the_rooms_key_and_nothing_where_there_is_none(
    room: TlsRoom, loop: NetLoop
) -> None:
    checks = KeyChecks(loop)
    started = room.started
    assert started.tls_port is not None
    assert check(loop, checks, "127.0.0.1", started.tls_port) == (True, started.fingerprint)
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        free = closed.getsockname()[1]
    began = time.monotonic()
    assert check(loop, checks, "127.0.0.1", free) == (True, None)  # refused
    assert time.monotonic() - began < 1.0
    assert check(loop, checks, "127.0.0.1", started.port) == (True, None)  # plain IRC: no key


def test_key_checks_are_bounded_at_once_and_per_second(loop: NetLoop) -> None:
    """A listener that never answers the handshake holds each check until its timeout."""
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(64)
        port = silent.getsockname()[1]
        checks = KeyChecks(loop)
        answers: queue.Queue[str | None] = queue.Queue()
        started: list[bool] = []

        def flood() -> None:
            for _ in range(20):
                started.append(checks.start("127.0.0.1", port, answers.put))

        loop.submit(flood)
        began = time.monotonic()
        for _ in range(limits.DISCOVERY_KEY_CHECKS_AT_ONCE):
            assert answers.get(timeout=limits.DISCOVERY_KEY_CHECK_TIMEOUT_S + 2.0) is None
        waited = time.monotonic() - began
        assert started.count(True) == limits.DISCOVERY_KEY_CHECKS_AT_ONCE
        assert waited >= limits.DISCOVERY_KEY_CHECK_TIMEOUT_S - 0.2  # the timeout, not sooner


def forge(data: bytes, port: int, source: str = STUDENT) -> None:
    """One datagram from the student's address to the loopback broadcast address."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_BROADCAST, 1)
        sock.bind((source, 0))
        sock.sendto(data, ("127.255.255.255", port))


@pytest.fixture
def workers() -> Iterator[list[RoomAnnouncer | RoomFinder]]:
    started: list[RoomAnnouncer | RoomFinder] = []
    yield started
    for worker in reversed(started):
        worker.stop()
    for worker in started:  # no thread of this test runs on into the next
        assert worker.wait_ended(limits.DISCOVERY_STOP_TIMEOUT_S * 2)


def test_forged_answers_and_goodbyes_leave_a_keyed_room_where_it_is(
    room: TlsRoom, workers: list[RoomAnnouncer | RoomFinder]
) -> None:
    started = room.started
    port = free_udp_port()
    record = RoomRecord(
        a_record().key, "Forgery lab", "Ms_Teacher", False, "0.1.0",
        started.tls_port, started.fingerprint, "#class",
    )  # fmt: skip
    events: queue.Queue[ChatEvent] = queue.Queue()
    finder = RoomFinder(events, LOOPBACK, mdns=False, port=port)
    workers.append(finder)
    finder.start()
    time.sleep(0.2)
    host = RoomAnnouncer(
        record, started.port, LOOPBACK, queue.Queue(), LOOPBACK, mdns=False, broadcast_port=port
    )
    workers.append(host)
    host.start()
    listed = wait_for(events, found(record.key), 2.0, "the real room")
    assert isinstance(listed, RoomFound)
    assert (listed.addresses, listed.fingerprint) == (LOOPBACK, started.fingerprint)
    sender = bytes.fromhex(record.key)
    for _ in range(5):
        forge(encode_packet(Answer(sender, started.port, record)), port)
        forge(encode_packet(Goodbye(sender)), port)
        forge(encode_packet(Goodbye(sender)), port, source="127.0.0.1")
        time.sleep(0.1)
    heard = events_about(events, record.key, within=1.5)
    assert heard == [], f"forged packets changed the list: {heard}"
    room.server.stop()  # the room really closes: its goodbye is believed at once
    host.stop()
    gone = wait_for(events, lost(record.key), 2.0, "the room to go")
    assert gone == RoomLost(record.key)


def test_a_forged_mdns_announcement_and_its_goodbye_leave_a_keyed_room_listed(
    room: TlsRoom, workers: list[RoomAnnouncer | RoomFinder], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another program publishes the room's record at the student's address by mDNS, under a
    name of its own, then withdraws it. mDNS only, with a short expiry, so nothing else keeps
    the room listed. The expiry leaves the finder 2.5 s past its ask-again 1.5 s after a
    goodbye to hear the real room again, as 10 s leaves it 8.5 s: with 2 s, a run sharing
    the machine's two cores with the rest of the suite once heard it too late."""
    monkeypatch.setattr(limits, "DISCOVERY_QUERY_INTERVAL_S", 0.3)
    monkeypatch.setattr(limits, "DISCOVERY_ROOM_EXPIRY_S", 4.0)
    started = room.started
    record = RoomRecord(
        a_record().key, f"Forgery lab {a_record().key[:6]}", "Ms_Teacher", False, "0.1.0",
        started.tls_port, started.fingerprint, "#class",
    )  # fmt: skip
    events: queue.Queue[ChatEvent] = queue.Queue()
    finder = RoomFinder(events, LOOPBACK, broadcast=False)
    workers.append(finder)
    finder.start()
    host = RoomAnnouncer(record, started.port, LOOPBACK, queue.Queue(), LOOPBACK, broadcast=False)
    workers.append(host)
    host.start()
    listed = wait_for(events, found(record.key), 5.0, "the real room by mDNS")
    assert isinstance(listed, RoomFound)
    assert listed.addresses == LOOPBACK
    forger = open_zeroconf(LOOPBACK)
    try:
        info = room_info(
            f"Not {record.room}", record.key, started.port, (STUDENT,), encode_record(record)
        )
        publish(forger, info).result(5.0)
        heard = events_about(events, record.key, within=1.5)
        assert heard == [], f"a forged mDNS answer changed the list: {heard}"
        withdraw(forger, info)
    finally:
        forger.close()
    heard = events_about(events, record.key, within=2 * limits.DISCOVERY_ROOM_EXPIRY_S)
    assert heard == [], f"a forged mDNS goodbye changed the list: {heard}"
