"""The DNS-SD TXT record of a room: what a host tells the network about its room.

Wire format is RFC 6763 §6: length-prefixed "key=value" strings. Version 1 keys: v, id, room
(the room's title, "Class chat"), host, pw (0/1), app (chatgui's version), ch (the channel to
join, "#class-chat"; older hosts leave it out), and, once TLS exists, tls (port) and fp
(certificate fingerprint). The same bytes travel in the broadcast answer (room_beacon.py).
decode_record() reads bytes from anyone on the network, so it returns None for anything odd
and never raises.
Sans-IO: stdlib only, no clock.
"""

import re
import unicodedata
from dataclasses import dataclass

from chatgui.limits import ROOM_RECORD_FIELD_MAX_BYTES, ROOM_RECORD_MAX_BYTES
from chatgui.protocol.names import channel_problem, shown_text_problem

RECORD_VERSION = "1"
_ID = re.compile(r"[0-9a-f]{16}")
_APP = re.compile(r"[\x21-\x7e]{1,32}")
_FINGERPRINT = re.compile(r"[0-9A-Fa-f:]{1,95}")
_PORT = re.compile(r"[1-9][0-9]{0,4}")
# Bidirectional overrides and isolates: a name containing them can pass for another one.
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


@dataclass(frozen=True)
class RoomRecord:
    """A room as announced: `key` is random per run of the host, so equal names stay apart."""

    key: str
    room: str
    host: str
    password: bool
    app: str
    tls_port: int | None = None
    fingerprint: str | None = None
    channel: str | None = None
    """The channel behind the title, which a Join page joins; None: ask the room (LIST)."""


def encode_record(record: RoomRecord) -> bytes:
    """The TXT record for `record`; names are cut (at a character) to fit the size cap.

    Raises ValueError for values no reader would accept (our own mistake, not the network's).
    """
    fields = [
        ("v", RECORD_VERSION),
        ("id", record.key),
        ("room", _cut(record.room.strip())),
        ("host", _cut(record.host.strip())),
        ("pw", "1" if record.password else "0"),
        ("app", record.app),
    ]
    if record.channel is not None:
        fields.append(("ch", record.channel))
    if record.tls_port is not None:
        fields.append(("tls", str(record.tls_port)))
    if record.fingerprint is not None:
        fields.append(("fp", record.fingerprint))
    data = b"".join(_string(f"{key}={value}".encode()) for key, value in fields)
    if decode_record(data) is None:
        raise ValueError(f"not a valid room record: {record!r}")
    return data


def decode_record(data: bytes) -> RoomRecord | None:
    """The room in a TXT record, or None if it is malformed, too big or of another version."""
    if len(data) > ROOM_RECORD_MAX_BYTES:
        return None
    pairs = _pairs(data)
    if pairs is None or pairs.get("v") != RECORD_VERSION:
        return None
    key, room, host = pairs.get("id", ""), pairs.get("room", ""), pairs.get("host", "")
    password, app = pairs.get("pw"), pairs.get("app", "")
    tls, fingerprint, channel = pairs.get("tls"), pairs.get("fp"), pairs.get("ch")
    if not (_ID.fullmatch(key) and _APP.fullmatch(app) and password in ("0", "1")):
        return None
    if not (_good_name(room) and _good_name(host)):
        return None
    if tls is not None and not (_PORT.fullmatch(tls) and int(tls) <= 65535):
        return None
    if fingerprint is not None and not _FINGERPRINT.fullmatch(fingerprint):
        return None
    if channel is not None and channel_problem(channel) is not None:
        return None
    port = int(tls) if tls else None
    return RoomRecord(key, room, host, password == "1", app, port, fingerprint, channel)


def _pairs(data: bytes) -> dict[str, str] | None:
    """key → value of each "key=value" string; the first of a repeated key counts (§6.4)."""
    pairs: dict[str, str] = {}
    at = 0
    while at < len(data):
        end = at + 1 + data[at]
        if end > len(data):
            return None  # a length running past the end: truncated or not a TXT record
        key, equals, value = data[at + 1 : end].partition(b"=")
        at = end
        if not (equals and key) or not key.isascii():
            continue  # a boolean attribute, or an empty string: none is ours
        try:
            pairs.setdefault(key.decode("ascii").lower(), value.decode("utf-8"))
        except UnicodeDecodeError:
            return None
    return pairs


def _good_name(text: str) -> bool:
    """A name worth showing: not blank, no line breaks or control characters, not too long,
    and nothing that lets it pass for another room's (invisible characters, a letter and its
    accent apart, styled letters, alphabets that look alike mixed: names.shown_text_problem)."""
    if not text.strip() or len(text.encode()) > ROOM_RECORD_FIELD_MAX_BYTES:
        return False
    if any(
        unicodedata.category(c) in ("Cc", "Cs", "Zl", "Zp") or c in _BIDI_CONTROLS for c in text
    ):
        return False
    return shown_text_problem(text, "Room names") is None


def _cut(text: str) -> str:
    data = text.encode()[:ROOM_RECORD_FIELD_MAX_BYTES]
    return data.decode("utf-8", errors="ignore")


def _string(data: bytes) -> bytes:
    if len(data) > 255:
        raise ValueError(f"a TXT string holds at most 255 bytes, not {len(data)}")
    return bytes((len(data),)) + data
