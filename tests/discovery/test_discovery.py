"""Finding rooms over real sockets on loopback: DNS-SD by zeroconf on 127.0.0.1 only, broadcasts
to 127.255.255.255 only (docs/feasibility.md §4.2). Nothing here leaves the machine.

Each test's room has a random key and name, and events of other rooms are ignored, so another
test run on the same machine (or the lead's window) can't disturb it.
"""

from __future__ import annotations

import queue
import secrets
import socket
import threading
import time
from collections.abc import Callable, Iterator

import pytest
from zeroconf import ServiceBrowser, ServiceInfo, ServiceStateChange, Zeroconf

from chatgui import limits
from chatgui.discovery import SERVICE_TYPE, SUBTYPE, RoomAnnouncer, RoomFinder, RoomRecord
from chatgui.discovery.mdns import open_zeroconf, room_info
from chatgui.discovery.scope import interfaces_from_env, scope_for
from chatgui.discovery.table import RoomTable
from chatgui.events import ChatEvent, RoomAnnounced, RoomFound, RoomLost
from chatgui.protocol.room_beacon import Answer, Query, decode_packet, encode_packet
from chatgui.protocol.room_record import decode_record, encode_record

LOOPBACK = ("127.0.0.1",)
FOUND_WITHIN_S = 2.0
LOST_WITHIN_S = 5.0
ANNOUNCED_WITHIN_S = 5.0

Events = "queue.Queue[ChatEvent]"


def a_record(password: bool = False) -> RoomRecord:
    return RoomRecord(
        secrets.token_hex(8), f"Test room {secrets.token_hex(3)}", "Ms_Teacher", password, "0.1.0"
    )


def free_udp_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_for(
    events: queue.Queue[ChatEvent], match: Callable[[ChatEvent], bool], timeout: float, what: str
) -> ChatEvent:
    """The first event that matches within `timeout` seconds (others are dropped)."""
    deadline = time.monotonic() + timeout
    while (left := deadline - time.monotonic()) > 0:
        try:
            event = events.get(timeout=left)
        except queue.Empty:
            break
        if match(event):
            return event
    raise AssertionError(f"no {what} within {timeout} s")


def found(key: str) -> Callable[[ChatEvent], bool]:
    return lambda e: isinstance(e, RoomFound) and e.key == key


def lost(key: str) -> Callable[[ChatEvent], bool]:
    return lambda e: isinstance(e, RoomLost) and e.key == key


def events_about(events: queue.Queue[ChatEvent], key: str, within: float) -> list[ChatEvent]:
    """Every event about room `key` that arrives within `within` seconds."""
    seen: list[ChatEvent] = []
    deadline = time.monotonic() + within
    while (left := deadline - time.monotonic()) > 0:
        try:
            event = events.get(timeout=left)
        except queue.Empty:
            break
        if getattr(event, "key", None) == key:
            seen.append(event)
    return seen


@pytest.fixture
def stoppers() -> Iterator[list[RoomAnnouncer | RoomFinder]]:
    """Workers started by a test, stopped at its end whatever happened."""
    started: list[RoomAnnouncer | RoomFinder] = []
    yield started
    for worker in reversed(started):
        worker.stop()
    for worker in started:  # no thread of this test runs on into the next
        assert worker.wait_ended(limits.DISCOVERY_STOP_TIMEOUT_S * 2)


def announce(
    stoppers: list[RoomAnnouncer | RoomFinder],
    record: RoomRecord,
    *,
    mdns: bool = True,
    broadcast: bool = True,
    broadcast_port: int = limits.DISCOVERY_PORT,
) -> RoomAnnouncer:
    events: queue.Queue[ChatEvent] = queue.Queue()
    host = RoomAnnouncer(
        record, 6667, LOOPBACK, events, LOOPBACK,
        mdns=mdns, broadcast=broadcast, broadcast_port=broadcast_port,
    )  # fmt: skip
    stoppers.append(host)
    host.start()
    announced = wait_for(
        events, lambda e: isinstance(e, RoomAnnounced), ANNOUNCED_WITHIN_S, "RoomAnnounced"
    )
    expected = tuple(v for v, on in (("mdns", mdns), ("broadcast", broadcast)) if on)
    assert announced == RoomAnnounced(record.room, expected)
    return host


def find(
    stoppers: list[RoomAnnouncer | RoomFinder],
    *,
    mdns: bool = True,
    broadcast: bool = True,
    port: int = limits.DISCOVERY_PORT,
) -> queue.Queue[ChatEvent]:
    events: queue.Queue[ChatEvent] = queue.Queue()
    finder = RoomFinder(events, LOOPBACK, mdns=mdns, broadcast=broadcast, port=port)
    stoppers.append(finder)
    finder.start()
    return events


# --- Both ways at once, as the app runs ---


def test_a_room_is_found_within_2_s_and_dropped_within_5_s_of_closing(
    stoppers: list[RoomAnnouncer | RoomFinder],
) -> None:
    record = a_record(password=True)
    host = announce(stoppers, record)
    assert any(t.name == "chatgui-discovery" for t in threading.enumerate())
    events = find(stoppers)
    room = wait_for(events, found(record.key), FOUND_WITHIN_S, "the room")
    assert isinstance(room, RoomFound)
    assert (room.room, room.host, room.password, room.port) == (
        record.room,
        "Ms_Teacher",
        True,
        6667,
    )
    assert room.addresses == ("127.0.0.1",)
    assert room.version == "0.1.0"
    host.stop()
    wait_for(events, lost(record.key), LOST_WITHIN_S, "the room to be dropped")


# --- DNS-SD alone ---


def test_mdns_alone_finds_the_room_and_sees_it_go(
    stoppers: list[RoomAnnouncer | RoomFinder],
) -> None:
    record = a_record()
    host = announce(stoppers, record, broadcast=False)
    events = find(stoppers, broadcast=False)
    room = wait_for(events, found(record.key), FOUND_WITHIN_S, "the room by mDNS")
    assert isinstance(room, RoomFound)
    assert room.via == ("mdns",)
    host.stop()
    wait_for(events, lost(record.key), LOST_WITHIN_S, "the room to go by mDNS")


def test_a_room_closed_while_still_probing_stops_at_once(
    stoppers: list[RoomAnnouncer | RoomFinder],
) -> None:
    """stop() runs on Tk's thread when a host leaves: zeroconf's probing (about 1.6 s) is
    called off rather than waited for, and nothing is said announced afterwards."""
    events: queue.Queue[ChatEvent] = queue.Queue()
    host = RoomAnnouncer(a_record(), 6667, LOOPBACK, events, LOOPBACK, broadcast=False)
    stoppers.append(host)
    host.start()
    started = time.monotonic()
    host.stop()
    assert time.monotonic() - started < 0.5
    assert iter_queue(events) == []


def test_any_dns_sd_browser_sees_the_room_under_irc_and_its_record_decodes(
    stoppers: list[RoomAnnouncer | RoomFinder],
) -> None:
    record = a_record(password=True)
    announce(stoppers, record, broadcast=False)
    zc = Zeroconf(interfaces=list(LOOPBACK))
    names: queue.Queue[str] = queue.Queue()

    def seen(zeroconf: Zeroconf, service_type: str, name: str, state_change: object) -> None:
        if state_change is ServiceStateChange.Added:
            names.put(name)

    try:
        ServiceBrowser(zc, SERVICE_TYPE, handlers=[seen])
        deadline = time.monotonic() + FOUND_WITHIN_S + 1
        while True:
            name = names.get(timeout=max(0.01, deadline - time.monotonic()))
            info = zc.get_service_info(SERVICE_TYPE, name, timeout=2000)
            decoded = decode_record(info.text) if info is not None and info.text else None
            if decoded is not None and decoded.key == record.key:
                break
        assert name == f"{record.room}.{SERVICE_TYPE}"
        assert decoded == record
        assert info is not None
        assert info.port == 6667
        assert info.parsed_addresses() == ["127.0.0.1"]
    finally:
        zc.close()


def test_malformed_and_oversized_mdns_records_are_ignored(
    stoppers: list[RoomAnnouncer | RoomFinder],
) -> None:
    good = a_record()
    bad_texts = {
        "junk": b"\x05hello\x03a=b",
        "truncated": encode_record(good)[:-3],
        "oversized": encode_record(good) + b"\xffpad=" + b"p" * 251,
        "other version": encode_record(good).replace(b"\x03v=1", b"\x03v=9"),
    }
    zc = open_zeroconf(LOOPBACK)
    try:
        keys = {}
        for label, text in bad_texts.items():
            key = secrets.token_hex(8)
            info = room_info(f"Bad {label} {key}", key, 6667, LOOPBACK, text)
            sub = ServiceInfo(SUBTYPE, info.name, port=6667, properties=text, server=info.server,
                              addresses=info.addresses)  # fmt: skip
            zc.register_service(sub, cooperating_responders=True)  # no 1.6 s probing
            keys[label] = key
        events = find(stoppers, broadcast=False)
        announce(stoppers, good, broadcast=False)
        room = wait_for(events, found(good.key), FOUND_WITHIN_S + 1, "the good room")
        assert isinstance(room, RoomFound)
        others = [e for e in iter_queue(events) if isinstance(e, RoomFound)]
        assert not [e for e in others if e.key in keys.values() or e.room.startswith("Bad ")]
    finally:
        zc.close()


def iter_queue(events: queue.Queue[ChatEvent]) -> list[ChatEvent]:
    drained = []
    while True:
        try:
            drained.append(events.get_nowait())
        except queue.Empty:
            return drained


# --- The broadcast fallback alone (zeroconf off) ---


def test_broadcast_alone_finds_the_room_and_sees_it_go(
    stoppers: list[RoomAnnouncer | RoomFinder],
) -> None:
    record = a_record(password=True)
    host = announce(stoppers, record, mdns=False)
    events = find(stoppers, mdns=False)
    room = wait_for(events, found(record.key), FOUND_WITHIN_S, "the room by broadcast")
    assert isinstance(room, RoomFound)
    assert room.via == ("broadcast",)
    assert room.addresses == ("127.0.0.1",)
    assert (room.room, room.password, room.port) == (record.room, True, 6667)
    host.stop()
    wait_for(events, lost(record.key), LOST_WITHIN_S, "the room to go by broadcast")


def test_an_open_join_page_hears_a_new_host_at_once(
    stoppers: list[RoomAnnouncer | RoomFinder],
) -> None:
    events = find(stoppers, mdns=False)
    time.sleep(0.2)
    record = a_record()
    announce(stoppers, record, mdns=False)
    wait_for(events, found(record.key), 1.0, "the new room, before the next query")


def test_a_host_that_vanishes_without_a_goodbye_is_dropped_after_the_expiry(
    stoppers: list[RoomAnnouncer | RoomFinder], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(limits, "DISCOVERY_QUERY_INTERVAL_S", 0.3)
    monkeypatch.setattr(limits, "DISCOVERY_ROOM_EXPIRY_S", 1.0)
    port = free_udp_port()
    events = find(stoppers, mdns=False, port=port)
    record = a_record()
    answer = encode_packet(Answer(bytes.fromhex(record.key), 6667, record))
    heard: list[ChatEvent] = []
    deadline = time.monotonic() + 3.0
    while not heard and time.monotonic() < deadline:  # a host that answers, then dies
        send_raw(answer, port)
        heard = events_about(events, record.key, within=0.1)
    assert heard, "the room was never found"
    assert isinstance(heard[0], RoomFound)
    wait_for(events, lost(record.key), 3.0, "the silent room to expire")


def send_raw(data: bytes, port: int) -> None:
    """One datagram to the loopback broadcast address, as another program could send."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_BROADCAST, 1)
        sock.sendto(data, ("127.255.255.255", port))


def test_malformed_oversized_and_foreign_packets_are_ignored(
    stoppers: list[RoomAnnouncer | RoomFinder],
) -> None:
    port = free_udp_port()
    events = find(stoppers, mdns=False, port=port)
    time.sleep(0.2)
    good = a_record()
    sender = bytes.fromhex(good.key)
    answer = encode_packet(Answer(sender, 6667, good))
    impostor = a_record()
    for junk in (
        b"",
        b"hello",
        b"CGD1!" + sender,
        answer[:-1],  # truncated record
        answer + b"\x00" * (limits.DISCOVERY_MAX_PACKET_BYTES + 1 - len(answer)),  # too big
        answer + b"\xff" * 5000,
        answer.replace(b"CGD1", b"CGD9"),
        encode_packet(Answer(bytes.fromhex(impostor.key), 6667, good)),  # wrong sender
        answer.replace(b"\x03v=1", b"\x03v=7"),
    ):
        send_raw(junk, port)
    time.sleep(0.3)
    assert iter_queue(events) == []
    send_raw(answer, port)
    room = wait_for(events, found(good.key), 1.0, "the well-formed answer")
    assert isinstance(room, RoomFound)
    assert room.room == good.room


def test_a_host_answers_a_flood_of_queries_at_most_twice_a_second(
    stoppers: list[RoomAnnouncer | RoomFinder],
) -> None:
    port = free_udp_port()
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as listener:
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("", port))
        listener.settimeout(0.05)
        record = a_record()
        announce(stoppers, record, mdns=False, broadcast_port=port)
        flood_until = time.monotonic() + 1.2
        answers = 0
        while time.monotonic() < flood_until:
            send_raw(encode_packet(Query(secrets.token_bytes(8))), port)
            try:
                data = listener.recv(2048)
            except TimeoutError:
                continue
            if isinstance(decode_packet(data), Answer):
                answers += 1
    # The unsolicited answer at start, then at most one per DISCOVERY_ANSWER_MIN_GAP_S.
    assert 2 <= answers <= 1 + 1.2 / limits.DISCOVERY_ANSWER_MIN_GAP_S + 1


def test_a_finder_ignores_its_own_queries(stoppers: list[RoomAnnouncer | RoomFinder]) -> None:
    port = free_udp_port()
    events = find(stoppers, mdns=False, port=port)
    time.sleep(0.5)
    assert iter_queue(events) == []


# --- Where discovery may go ---


def test_the_test_suite_limits_discovery_to_loopback() -> None:
    interfaces = interfaces_from_env()
    assert interfaces is not None, "tests/conftest.py must set CHATGUI_DISCOVERY_INTERFACES"
    scope = scope_for(interfaces)
    assert all(b.startswith("127.") for b in scope.broadcasts), scope.broadcasts
    assert scope_for(LOOPBACK).broadcasts == ("127.255.255.255",)


@pytest.mark.parametrize(
    ("value", "expected"),
    [("", None), (" ", None), ("127.0.0.1", ("127.0.0.1",)),
     ("10.77.0.1, 127.0.0.1,10.77.0.1", ("10.77.0.1", "127.0.0.1"))],
)  # fmt: skip
def test_the_interfaces_variable_is_read(value: str, expected: tuple[str, ...] | None) -> None:
    assert interfaces_from_env({"CHATGUI_DISCOVERY_INTERFACES": value}) == expected


@pytest.mark.parametrize("value", ["eth0", "127.0.0.1,", "::1", "10.0.0.300"])
def test_an_unreadable_interfaces_variable_is_an_error_not_every_interface(value: str) -> None:
    with pytest.raises(ValueError, match="IPv4 address"):
        interfaces_from_env({"CHATGUI_DISCOVERY_INTERFACES": value})


def test_the_scope_filters_sources_and_orders_addresses() -> None:
    scope = scope_for(LOOPBACK)
    assert scope.allows("127.0.0.1")
    assert scope.allows("127.1.2.3")
    assert not scope.allows("192.0.2.7")
    assert not scope.allows("not an address")
    assert scope.order(["192.0.2.7", "127.0.0.1", "192.0.2.7"]) == ("127.0.0.1", "192.0.2.7")
    everything = scope_for(None)
    assert everything.allows("192.0.2.7")
    assert everything.interfaces is None
    assert all(
        not b.endswith(".255.255.255") or b.startswith("127.") for b in everything.broadcasts
    )


# --- The finder's table of rooms (pure) ---


def test_the_table_merges_both_sources_and_drops_a_room_when_neither_has_it() -> None:
    table = RoomTable()
    record = a_record()
    [first] = table.seen("mdns", record, 6667, ("10.0.0.5", "127.0.0.1"), 0.0)
    assert isinstance(first, RoomFound)
    assert first.via == ("mdns",)
    assert table.seen("mdns", record, 6667, ("10.0.0.5", "127.0.0.1"), 1.0) == []  # no news
    [both] = table.seen("broadcast", record, 6667, ("127.0.0.1",), 1.0)
    assert isinstance(both, RoomFound)
    assert both.via == ("mdns", "broadcast")
    assert both.addresses == ("127.0.0.1", "10.0.0.5")  # where an answer came from, first
    assert table.gone("broadcast", record.key) == [first]
    assert table.gone("mdns", record.key) == [RoomLost(record.key)]
    assert table.gone("mdns", record.key) == []
    assert len(table) == 0


def test_the_table_expires_only_the_source_that_went_quiet() -> None:
    table = RoomTable()
    quiet, chatty, both = a_record(), a_record(), a_record()
    table.seen("broadcast", quiet, 6667, ("127.0.0.1",), 0.0)
    table.seen("broadcast", chatty, 6667, ("127.0.0.1",), 5.0)
    table.seen("broadcast", both, 6667, ("127.0.0.1",), 0.0)
    table.seen("mdns", both, 6667, ("127.0.0.1",), 0.0)
    changes = table.expire("broadcast", older_than=1.0)
    assert RoomLost(quiet.key) in changes
    assert [c.key for c in changes] == [quiet.key, both.key]
    assert len(table) == 2


def test_the_table_holds_at_most_discovery_max_rooms() -> None:
    table = RoomTable()
    for _ in range(limits.DISCOVERY_MAX_ROOMS):
        assert table.seen("broadcast", a_record(), 6667, ("127.0.0.1",), 0.0) != []
    assert len(table) == limits.DISCOVERY_MAX_ROOMS
    assert table.seen("broadcast", a_record(), 6667, ("127.0.0.1",), 0.0) == []
    assert len(table) == limits.DISCOVERY_MAX_ROOMS


def test_a_look_up_asked_as_zeroconf_closes_is_dropped_quietly() -> None:
    """A finder hears a room just as it stops: the look-up for it finds zeroconf closed. It is
    not asked, and leaves no question behind that nobody awaited (Python warns of one, and the
    warning surfaced in whatever ran next)."""
    import gc
    import warnings

    from chatgui.discovery import mdns

    zc = open_zeroconf(LOOPBACK)
    zc.close()
    answered: list[ServiceInfo] = []
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        mdns.resolve(zc, f"gone.{SERVICE_TYPE}", answered.append)
        gc.collect()
    assert answered == []
    assert [str(w.message) for w in caught] == []
