"""Stopping discovery leaves nothing behind: no task pending on zeroconf's loop, no socket
open, no thread running. Real sockets on 127.0.0.1 only."""

from __future__ import annotations

import gc
import logging
import queue
import secrets
import time

import pytest
from zeroconf import ServiceInfo
from zeroconf._protocol.outgoing import DNSOutgoing

from chatgui import limits
from chatgui.discovery import SERVICE_TYPE, SUBTYPE, RoomFinder
from chatgui.discovery.mdns import RESOLVE_TIMEOUT_MS, open_zeroconf
from chatgui.events import ChatEvent

LOOPBACK = ("127.0.0.1",)
_RESPONSE_FLAGS = 0x8000 | 0x0400


def a_room_with_no_answer() -> None:
    """Announce a room's name (the subtype's PTR record) and nothing else, so a finder that
    hears it asks the network for the rest and waits up to RESOLVE_TIMEOUT_MS."""
    name = f"Nobody {secrets.token_hex(3)}.{SERVICE_TYPE}"
    info = ServiceInfo(SUBTYPE, name, port=6667, server="nobody.local.", addresses=[b"\x7f\0\0\1"])
    out = DNSOutgoing(_RESPONSE_FLAGS)
    out.add_answer_at_time(info.dns_pointer(), 0)
    zc = open_zeroconf(LOOPBACK)
    try:
        zc.send(out)
    finally:
        zc.close()


def test_a_finder_stopped_while_it_resolves_a_name_leaves_no_task_pending(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """The finder heard a room and is asking for its address when the Join page closes:
    its question ends with zeroconf, and asyncio has nothing to say about it."""
    caplog.set_level(logging.ERROR, logger="asyncio")
    events: queue.Queue[ChatEvent] = queue.Queue()
    finder = RoomFinder(events, LOOPBACK, broadcast=False)
    finder.start()
    time.sleep(0.5)  # its browser is listening
    a_room_with_no_answer()
    time.sleep(0.5)  # heard, and asking: well within RESOLVE_TIMEOUT_MS
    assert RESOLVE_TIMEOUT_MS >= 2000
    finder.stop()
    assert finder.wait_ended(limits.DISCOVERY_STOP_TIMEOUT_S * 2)
    del finder
    gc.collect()
    pending = [
        r.getMessage() for r in caplog.records if "destroyed but it is pending" in r.getMessage()
    ]
    assert pending == []
