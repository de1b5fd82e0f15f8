"""The room's DNS-SD TXT record and the broadcast packets: round trips, caps at N and N+1, and
bytes from the network (malformed, oversized, fuzzed) giving None, never an exception.
"""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from chatgui.limits import (
    DISCOVERY_MAX_PACKET_BYTES,
    ROOM_RECORD_FIELD_MAX_BYTES,
    ROOM_RECORD_MAX_BYTES,
)
from chatgui.protocol.room_beacon import (
    MAGIC,
    Answer,
    Goodbye,
    Query,
    decode_packet,
    encode_packet,
)
from chatgui.protocol.room_record import RoomRecord, decode_record, encode_record

KEY = "0123456789abcdef"
SENDER = bytes.fromhex(KEY)
RECORD = RoomRecord(KEY, "Class chat", "Ms_Teacher", True, "0.1.0")


def txt(*strings: bytes) -> bytes:
    """A TXT record's wire form: each string preceded by its length (RFC 6763 §6.1)."""
    return b"".join(bytes((len(s),)) + s for s in strings)


BASE = (b"v=1", b"id=" + KEY.encode(), b"room=Class chat", b"host=Ms_Teacher", b"pw=0", b"app=0.1")


def test_a_record_round_trips_in_the_txt_wire_format() -> None:
    data = encode_record(RECORD)
    assert data.startswith(b"\x03v=1\x13id=0123456789abcdef")
    assert decode_record(data) == RECORD


def test_tls_port_and_fingerprint_are_carried_when_there_are_some() -> None:
    fingerprint = ":".join(["AB"] * 32)
    record = RoomRecord(KEY, "Maths 7B", "Mr_K", False, "0.1.0", 6697, fingerprint)
    assert decode_record(encode_record(record)) == record


def test_the_record_is_read_as_rfc_6763_says() -> None:
    mixed_case = txt(b"V=1", b"ID=" + KEY.encode(), b"Room=Class chat", *BASE[3:])
    assert decode_record(mixed_case) is not None  # keys are case-insensitive (§6.4)
    first_wins = txt(*BASE, b"room=Other")  # only the first of a repeated key counts (§6.4)
    assert decode_record(first_wins) == RoomRecord(KEY, "Class chat", "Ms_Teacher", False, "0.1")
    extras = txt(b"future", b"", b"later=1", *BASE, b"\xff\xfe=x")
    assert decode_record(extras) is not None  # unknown keys and boolean attributes: ignored


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"\x00",
        txt(*BASE[1:]),  # no version
        txt(b"v=2", *BASE[1:]),  # a version this app can't read
        txt(*BASE[:-1]),  # no app version
        txt(*(s for s in BASE if not s.startswith(b"pw"))),
        txt(*BASE[:4], b"pw=yes", BASE[5]),
        txt(b"v=1", b"id=0123", *BASE[2:]),
        txt(b"v=1", b"id=0123456789ABCDEF", *BASE[2:]),  # ids are lowercase hex
        txt(*BASE[:2], b"room=", *BASE[3:]),
        txt(*BASE[:2], b"room=   ", *BASE[3:]),
        txt(*BASE[:2], b"room=Class\nchat", *BASE[3:]),
        txt(*BASE[:2], "room=Class\u202echat".encode(), *BASE[3:]),  # a bidi override
        txt(*BASE[:2], b"room=Class \xff", *BASE[3:]),  # not UTF-8
        txt(*BASE[:3], b"host=\x07", *BASE[4:]),
        txt(*BASE, b"tls=0"),
        txt(*BASE, b"tls=65536"),
        txt(*BASE, b"tls=+443"),
        txt(*BASE, b"fp=not hex"),
        txt(*BASE)[:-1],  # truncated: the last length runs past the end
        b"\xff" + txt(*BASE),
    ],
)
def test_a_malformed_record_is_none(data: bytes) -> None:
    assert decode_record(data) is None


def padded_to(data: bytes, size: int) -> bytes:
    """`data` with boolean attributes ("zzz…", ignored by readers) added up to `size` bytes."""
    while len(data) < size:
        content = min(size - len(data) - 1, 255)
        data += txt(b"z" * content)
    return data


def test_the_record_size_cap_at_n_and_n_plus_1() -> None:
    at_cap = padded_to(txt(*BASE), ROOM_RECORD_MAX_BYTES)
    assert len(at_cap) == ROOM_RECORD_MAX_BYTES
    assert decode_record(at_cap) is not None
    assert decode_record(padded_to(txt(*BASE), ROOM_RECORD_MAX_BYTES + 1)) is None


def test_names_are_cut_at_a_character_to_keep_the_record_within_its_cap() -> None:
    long_names = RoomRecord(KEY, "😀" * 40, "é" * 80, False, "x" * 32, 65535, "F" * 95)
    data = encode_record(long_names)
    assert len(data) <= ROOM_RECORD_MAX_BYTES
    decoded = decode_record(data)
    assert decoded is not None
    assert decoded.room == "😀" * (ROOM_RECORD_FIELD_MAX_BYTES // 4)
    assert decoded.host == "é" * (ROOM_RECORD_FIELD_MAX_BYTES // 2)


def test_a_name_field_at_n_and_n_plus_1_bytes() -> None:
    at = "a" * ROOM_RECORD_FIELD_MAX_BYTES
    assert decode_record(txt(*BASE[:2], b"room=" + at.encode(), *BASE[3:])) is not None
    over = txt(*BASE[:2], b"room=" + at.encode() + b"a", *BASE[3:])
    assert decode_record(over) is None


def test_encoding_a_record_no_reader_would_accept_is_our_mistake() -> None:
    with pytest.raises(ValueError, match="not a valid room record"):
        encode_record(RoomRecord("nothex", "Room", "Host", False, "0.1"))
    with pytest.raises(ValueError, match="not a valid room record"):
        encode_record(RoomRecord(KEY, " ", "Host", False, "0.1"))


# --- The broadcast packets ---


def test_packets_round_trip() -> None:
    for packet in (Query(SENDER), Goodbye(SENDER), Answer(SENDER, 6667, RECORD)):
        assert decode_packet(encode_packet(packet)) == packet
    assert encode_packet(Query(SENDER)) == b"CGD1?" + SENDER


@pytest.mark.parametrize(
    "data",
    [
        b"",
        MAGIC,
        b"CGD2?" + SENDER,  # another version
        b"CGD1?" + SENDER[:7],
        b"CGD1?" + SENDER + b"x",
        b"CGD1." + SENDER + b"x",
        b"CGD1*" + SENDER,
        b"CGD1!" + SENDER,
        b"CGD1!" + SENDER + b"\x00\x00" + encode_record(RECORD),  # port 0
        b"CGD1!" + SENDER + b"\x1a\x0b" + b"\x00",
        b"CGD1!" + b"\x00" * 8 + b"\x1a\x0b" + encode_record(RECORD),  # sender is not the room
    ],
)
def test_a_malformed_packet_is_none(data: bytes) -> None:
    assert decode_packet(data) is None


def test_the_packet_size_cap_at_n_and_n_plus_1() -> None:
    largest = b"CGD1!" + SENDER + b"\x1a\x0b" + padded_to(txt(*BASE), ROOM_RECORD_MAX_BYTES)
    assert len(largest) <= DISCOVERY_MAX_PACKET_BYTES
    assert isinstance(decode_packet(largest), Answer)
    at_cap = largest + b"\x00" * (DISCOVERY_MAX_PACKET_BYTES - len(largest))
    assert decode_packet(at_cap) is None  # the record inside is over its own cap
    over = b"CGD1?" + SENDER + b"\x00" * (DISCOVERY_MAX_PACKET_BYTES + 1 - 13)
    assert len(over) == DISCOVERY_MAX_PACKET_BYTES + 1
    assert decode_packet(over) is None
    assert decode_packet(over[:DISCOVERY_MAX_PACKET_BYTES]) is None  # a query has no body


def test_encoding_a_bad_packet_is_our_mistake() -> None:
    with pytest.raises(ValueError, match="sender id"):
        encode_packet(Query(b"short"))
    with pytest.raises(ValueError, match="port"):
        encode_packet(Answer(SENDER, 70000, RECORD))


# --- Fuzz: anything from the network gives a record/packet or None, never an exception ---

_TXT_PIECES = [b"v=1", b"id=" + KEY.encode(), b"room=", b"host=", b"pw=1", b"app=1", b"tls=1"]
_TXT_PIECES += [b"fp=AB", b"=", b"\xff", b"\xc3\xa9", b"\n", b"\x00", b"\x7f", b" ", b"x" * 120]
txt_strings = st.lists(st.sampled_from(_TXT_PIECES), max_size=4).map(b"".join)
txt_like = st.lists(txt_strings.filter(lambda s: len(s) < 256), max_size=12).map(
    lambda strings: txt(*strings)
)


@settings(deadline=None, max_examples=500)
@given(st.one_of(st.binary(max_size=600), txt_like))
@example(txt(*BASE))
def test_decode_record_never_raises(data: bytes) -> None:
    record = decode_record(data)
    if record is not None:
        assert len(data) <= ROOM_RECORD_MAX_BYTES
        assert decode_record(encode_record(record)) == record


@settings(deadline=None, max_examples=500)
@given(
    st.one_of(st.binary(max_size=700), txt_like.map(lambda t: b"CGD1!" + SENDER + b"\x1a\x0b" + t))
)
def test_decode_packet_never_raises(data: bytes) -> None:
    packet = decode_packet(data)
    if packet is not None:
        assert len(data) <= DISCOVERY_MAX_PACKET_BYTES


def _one_alphabet(letters: str) -> st.SearchStrategy[str]:
    """Titles in one alphabet, with digits, spaces, punctuation and emoji, as people type them."""
    return st.text(st.sampled_from(letters + "0123456789 -!?'😀🎉"), min_size=1, max_size=60)


names = st.one_of(
    _one_alphabet("abcdefghijklmnopqrstuvwxyzABCXYZéèüßøłŒ"),
    _one_alphabet("абвгдежзийклмнопрстуфхцчшщыэюяЖЯ"),
    _one_alphabet("李明学校教室数学中文"),
    _one_alphabet("αβγδεζηθλμνξπρσΩ"),
).filter(lambda s: s.strip() and s.strip() == s.strip(" ") and s.strip()[0] != "-")


@pytest.mark.parametrize(
    "title",
    [
        "Class chat\u200b",  # a zero-width space: a twin of "Class chat"
        "\u0421lass chat",  # a Cyrillic capital Es among Latin letters
        "Cla\u0301ss chat",  # a letter and its accent as two characters
        "\U0001d402lass chat",  # a styled letter
        "Class\u00a0chat",  # a space that is not the plain one
    ],
)
def test_a_title_that_could_pass_for_another_is_not_listed(title: str) -> None:
    twin = RoomRecord(KEY, title, "Ms_Rivera", False, "0.1.0")
    with pytest.raises(ValueError, match="not a valid room record"):
        encode_record(twin)  # our own host never announces one (the Host page refuses it)
    honest = encode_record(RoomRecord(KEY, "Class chat", "Ms_Rivera", False, "0.1.0"))
    assert decode_record(_retold(honest, "room", title)) is None  # a record from anyone
    assert decode_record(honest) is not None


def _retold(record: bytes, key: str, value: str) -> bytes:
    """`record` with `key` set to `value`, its strings' lengths right (as a forger sends it)."""
    strings, at = [], 0
    while at < len(record):
        end = at + 1 + record[at]
        strings.append(record[at + 1 : end])
        at = end
    told = [f"{key}={value}".encode() if s.startswith(f"{key}=".encode()) else s for s in strings]
    return b"".join(bytes((len(s),)) + s for s in told)


@settings(deadline=None)
@given(names, names, st.booleans(), st.none() | st.integers(1, 65535))
def test_any_sensible_record_round_trips_within_the_cap(
    room: str, host: str, password: bool, tls: int | None
) -> None:
    record = RoomRecord(KEY, room, host, password, "0.1.0", tls)
    data = encode_record(record)
    assert len(data) <= ROOM_RECORD_MAX_BYTES
    decoded = decode_record(data)
    assert decoded is not None
    assert room.strip().startswith(decoded.room.strip()[:1])
    assert (decoded.password, decoded.tls_port) == (password, tls)
