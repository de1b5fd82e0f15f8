"""The broadcast fallback's packets, for networks that block multicast DNS.

A Join page broadcasts a Query ("who hosts a room?"); every host broadcasts an Answer (its port
and its room record, room_record.py) and, when it closes the room, a Goodbye. Each packet
carries its sender's random id, so an endpoint can ignore its own. Layout (version 1):

    b"CGD1" kind(1: "?" query, "!" answer, "." goodbye) sender(8) [port(2, big-endian) record]

decode_packet() reads datagrams from anyone, so it returns None for anything odd, never raises.
Sans-IO: stdlib only, no clock.
"""

from dataclasses import dataclass

from chatgui.limits import DISCOVERY_MAX_PACKET_BYTES
from chatgui.protocol.room_record import RoomRecord, decode_record, encode_record

MAGIC = b"CGD1"
SENDER_BYTES = 8
_HEADER = len(MAGIC) + 1 + SENDER_BYTES


@dataclass(frozen=True)
class Query:
    """Who hosts a room? Every host that hears it answers (rate-limited)."""

    sender: bytes


@dataclass(frozen=True)
class Answer:
    """A host's room: joinable on `port` at the address the packet came from."""

    sender: bytes
    port: int
    record: RoomRecord


@dataclass(frozen=True)
class Goodbye:
    """The host `sender` closed its room."""

    sender: bytes


Packet = Query | Answer | Goodbye


def encode_packet(packet: Packet) -> bytes:
    """The datagram for `packet`. Raises ValueError for a malformed one (our own mistake)."""
    if len(packet.sender) != SENDER_BYTES:
        raise ValueError(f"the sender id must be {SENDER_BYTES} bytes")
    if isinstance(packet, Query):
        return MAGIC + b"?" + packet.sender
    if isinstance(packet, Goodbye):
        return MAGIC + b"." + packet.sender
    if not 0 < packet.port < 65536:
        raise ValueError(f"not a port: {packet.port}")
    data = MAGIC + b"!" + packet.sender + packet.port.to_bytes(2, "big")
    data += encode_record(packet.record)
    if len(data) > DISCOVERY_MAX_PACKET_BYTES:  # pragma: no cover - the record cap prevents it
        raise ValueError("the answer does not fit in one packet")
    return data


def decode_packet(data: bytes) -> Packet | None:
    """The packet in a datagram, or None if it is not a well-formed version 1 packet."""
    if len(data) > DISCOVERY_MAX_PACKET_BYTES or len(data) < _HEADER or data[:4] != MAGIC:
        return None
    kind, sender, body = data[4:5], data[5:_HEADER], data[_HEADER:]
    if kind == b"?" and not body:
        return Query(sender)
    if kind == b"." and not body:
        return Goodbye(sender)
    if kind != b"!" or len(body) < 3:
        return None
    port = int.from_bytes(body[:2], "big")
    record = decode_record(body[2:])
    if port == 0 or record is None or record.key != sender.hex():
        return None
    return Answer(sender, port, record)
