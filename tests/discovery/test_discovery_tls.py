"""Announcements carry the room's TLS port and key fingerprint, by mDNS and by broadcast alike:
from `serve` (also with its plain port off, when the announced port is the TLS one) and from
the window's DiscoveryLink. Real sockets on 127.0.0.1; finders limited to 127.0.0.1.
"""

from __future__ import annotations

import queue
import re
import secrets
from collections.abc import Iterator
from pathlib import Path

import pytest

from chatgui import limits
from chatgui.discovery import RoomFinder
from chatgui.events import ChatEvent, RoomFound
from chatgui.ui.discovery_link import DiscoveryLink
from tests.cli.test_serve_discovery import free_port, room_event, serve, stop, wait_for_line
from tests.discovery.test_discovery import found, wait_for

LOOPBACK = ("127.0.0.1",)
FINGERPRINT = re.compile(r"key fingerprint \(SHA-256\) is ((?:[0-9A-F]{2}:){31}[0-9A-F]{2})")
TLS_AT = re.compile(r"join with TLS \(encrypted\) at 127\.0\.0\.1:(\d+)")


@pytest.fixture
def finders() -> Iterator[dict[str, queue.Queue[ChatEvent]]]:
    """One finder by mDNS only, one by broadcast only."""
    queues: dict[str, queue.Queue[ChatEvent]] = {}
    workers = []
    for way in ("mdns", "broadcast"):
        queues[way] = queue.Queue()
        worker = RoomFinder(queues[way], LOOPBACK, mdns=way == "mdns", broadcast=way != "mdns")
        worker.start()
        workers.append(worker)
    yield queues
    for worker in workers:
        worker.stop()
    for worker in workers:
        assert worker.wait_ended(limits.DISCOVERY_STOP_TIMEOUT_S * 2)


@pytest.mark.parametrize("plain", [True, False])
def test_serve_announces_its_tls_port_and_key_both_ways(
    tmp_path: Path, finders: dict[str, queue.Queue[ChatEvent]], plain: bool
) -> None:
    room = f"TLS lab {secrets.token_hex(3)}"
    port = free_port()
    args = ["--port", str(port), "--tls-port", "0", "--room", room]
    args += ["--announce-interface", "127.0.0.1", *([] if plain else ["--no-plain"])]
    process = serve(tmp_path, *args)
    try:
        lines = "".join(wait_for_line(process, "is listed", 10.0))
        fingerprint = FINGERPRINT.search(lines)
        tls_port = TLS_AT.search(lines)
        assert fingerprint is not None, lines
        assert tls_port is not None, lines
        opened = "The room is open. Others" if plain else "The room is open, encrypted only"
        assert opened in lines
        for way, events in finders.items():
            seen = room_event(events, room, 5.0)
            assert seen is not None, f"not found by {way}"
            assert seen.via == (way,)
            assert seen.fingerprint == fingerprint.group(1).replace(":", "").lower()
            assert seen.tls_port == int(tls_port.group(1))
            assert seen.port == (port if plain else int(tls_port.group(1)))
            assert not seen.disputed
    finally:
        _, err = stop(process)
    assert process.returncode == 0, err


def test_the_window_announces_the_tls_port_and_key_it_is_given(
    finders: dict[str, queue.Queue[ChatEvent]],
) -> None:
    link = DiscoveryLink(queue.Queue())
    fingerprint = "c0" * 32
    try:
        link.announce(
            "Window room", "#window", "Ms_Teacher", False, 6667, LOOPBACK,
            tls_port=6697, fingerprint=fingerprint,
        )  # fmt: skip
        assert link.announcer is not None
        key = link.announcer.record.key
        for events in finders.values():
            seen = wait_for(events, found(key), 5.0, "the window's room")
            assert isinstance(seen, RoomFound)
            assert (seen.tls_port, seen.fingerprint) == (6697, fingerprint)
    finally:
        link.stop()
        assert link.wait_ended(limits.DISCOVERY_STOP_TIMEOUT_S * 2)
