"""Two programs for test_discovery_forgery_netns.py, each run inside a network namespace.

python tests/discovery/netns_forger.py find ROOM
    A Join page with no window: a RoomFinder on CHATGUI_DISCOVERY_INTERFACES that prints
    each RoomFound / RoomLost about the room titled ROOM as a JSON line, until killed.
python tests/discovery/netns_forger.py forge BROADCAST KIND FOUND_JSON
    A student's PC: sends forged broadcast packets about the room in FOUND_JSON (a line the
    finder printed) to BROADCAST:6667, ten of each, then exits. KIND is "same" (answers
    with the room's own record, from this PC's address, and goodbyes) or "twin" (answers
    with the same id, title and host name, and another key).
"""

from __future__ import annotations

import dataclasses
import json
import queue
import socket
import sys
import time

from chatgui import limits
from chatgui.discovery import RoomFinder, interfaces_from_env
from chatgui.events import ChatEvent, RoomFound, RoomLost
from chatgui.protocol.room_beacon import Answer, Goodbye, encode_packet
from chatgui.protocol.room_record import RoomRecord


def find(room: str) -> int:
    events: queue.Queue[ChatEvent] = queue.Queue()
    finder = RoomFinder(events, interfaces_from_env())
    finder.start()
    keys: set[str] = set()
    while True:
        event = events.get()
        if isinstance(event, RoomFound) and event.room == room:
            keys.add(event.key)
            line = {"kind": "found", **dataclasses.asdict(event)}
        elif isinstance(event, RoomLost) and event.key in keys:
            line = {"kind": "lost", "key": event.key}
        else:
            continue
        sys.stdout.write(json.dumps(line) + "\n")
        sys.stdout.flush()


def forge(broadcast: str, kind: str, found: dict[str, object]) -> int:
    key = str(found["key"])
    tls_port = found["tls_port"]
    assert isinstance(tls_port, int)
    record = RoomRecord(
        key, str(found["room"]), str(found["host"]), bool(found["password"]),
        str(found["version"]), tls_port, str(found["fingerprint"]), str(found["channel"]),
    )  # fmt: skip
    if kind == "twin":
        record = dataclasses.replace(record, fingerprint="5a" * 32)
    port = found["port"]
    assert isinstance(port, int)
    sender = bytes.fromhex(key)
    packets = [encode_packet(Answer(sender, port, record))]
    if kind == "same":
        packets.append(encode_packet(Goodbye(sender)))
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_BROADCAST, 1)
        for _ in range(10):
            for packet in packets:
                sock.sendto(packet, (broadcast, limits.DISCOVERY_PORT))
            time.sleep(0.1)
    return 0


if __name__ == "__main__":
    if sys.argv[1] == "find":
        sys.exit(find(sys.argv[2]))
    sys.exit(forge(sys.argv[2], sys.argv[3], json.loads(sys.argv[4])))
