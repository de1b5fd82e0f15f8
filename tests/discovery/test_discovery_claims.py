"""The finder's table against forged answers and goodbyes (pure: the clock and the key checks'
answers are passed in). A room announced with its key's fingerprint is only moved by a claim
that a key check proves, only dropped by a goodbye that a check confirms, and never taken over
by a claim with another key; rooms with no fingerprint keep the old, trusting behaviour.
"""

from __future__ import annotations

import dataclasses
import secrets

from hypothesis import given, settings
from hypothesis import strategies as st

from chatgui.discovery.table import Check, RoomTable
from chatgui.events import RoomFound, RoomLost
from chatgui.protocol.room_record import RoomRecord

TEACHER_KEY = "a" * 64
STUDENT_KEY = "b" * 64
TEACHER = "10.0.0.5"
STUDENT = "10.0.0.66"
PORT, TLS_PORT = 6667, 6697


def keyed(fingerprint: str | None = TEACHER_KEY, room: str = "Class chat") -> RoomRecord:
    return RoomRecord(
        secrets.token_hex(8), room, "Ms_Teacher", False, "0.1.0", TLS_PORT, fingerprint, "#class"
    )


def listed(record: RoomRecord, source: str = "broadcast") -> RoomTable:
    table = RoomTable()
    [found] = table.seen(source, record, PORT, (TEACHER,), 0.0)
    assert isinstance(found, RoomFound)
    assert (found.fingerprint, found.tls_port, found.disputed) == (TEACHER_KEY, TLS_PORT, False)
    return table


def test_a_claim_moving_a_keyed_room_waits_for_a_key_check_of_the_new_address() -> None:
    record = keyed()
    table = listed(record)
    assert table.seen("broadcast", record, PORT, (STUDENT,), 1.0) == []
    check = Check(record.key, STUDENT, TLS_PORT)
    assert table.take_checks() == [check]
    assert table.checked(check, None, 1.2) == []  # nothing with the key there: ignored
    assert table.seen("broadcast", record, PORT, (STUDENT,), 2.0) == []
    assert table.take_checks() == []  # it showed no key a moment ago: not asked again
    assert table.seen("broadcast", record, PORT, (STUDENT,), 12.0) == []
    assert table.take_checks() == [check]  # but later, yes
    assert table.checked(check, STUDENT_KEY, 12.1) == []  # another key there: ignored
    assert table.seen("broadcast", record, PORT, (TEACHER,), 13.0) == []  # the host, as before
    assert table.take_checks() == []
    room = table.shown(record.key)
    assert room is not None
    assert room.addresses == (TEACHER,)


def test_a_claim_is_taken_with_the_addresses_that_showed_the_key_only() -> None:
    record = keyed()
    table = listed(record, source="mdns")
    assert table.seen("mdns", record, PORT, (STUDENT, "10.0.0.6", TEACHER), 1.0) == []
    checks = table.take_checks()
    assert [c.address for c in checks] == ["10.0.0.6", STUDENT]
    assert table.checked(checks[0], TEACHER_KEY, 1.1) == []  # one still to come
    [room] = table.checked(checks[1], STUDENT_KEY, 1.2)
    assert isinstance(room, RoomFound)
    assert room.addresses == ("10.0.0.6", TEACHER)


def test_a_keyed_room_moves_once_the_new_address_shows_its_key() -> None:
    record = keyed()
    table = listed(record)
    table.seen("broadcast", record, PORT, ("10.0.0.6",), 1.0)
    [check] = table.take_checks()
    [moved] = table.checked(check, TEACHER_KEY, 1.1)
    assert isinstance(moved, RoomFound)
    assert moved.addresses == ("10.0.0.6",)
    assert table.seen("broadcast", record, PORT, (TEACHER,), 2.0) != []  # both are proven now
    assert table.take_checks() == []


def test_a_claim_with_other_ports_is_never_taken() -> None:
    record = keyed()
    table = listed(record)
    assert table.seen("broadcast", record, 7000, (TEACHER,), 1.0) == []
    other_tls = dataclasses.replace(record, tls_port=7001)
    assert table.seen("mdns", other_tls, PORT, (TEACHER,), 1.0) == []
    assert table.take_checks() == []


def test_a_goodbye_for_a_keyed_room_is_obeyed_only_when_the_room_stops_answering() -> None:
    record = keyed()
    table = listed(record)
    assert table.gone("broadcast", record.key) == []
    check = Check(record.key, TEACHER, TLS_PORT)
    assert table.take_checks() == [check]
    assert table.checked(check, TEACHER_KEY, 0.5) == []  # still there with its key: forged
    assert record.key in table
    table.gone("broadcast", record.key)
    [check] = table.take_checks()
    assert table.checked(check, None, 1.0) == [RoomLost(record.key)]  # closed: believed


def test_a_doubted_goodbye_is_forgotten_when_the_room_speaks_again_else_the_source_expires() -> (
    None
):
    record = keyed()
    table = listed(record)
    table.gone("broadcast", record.key)
    [check] = table.take_checks()
    table.checked(check, TEACHER_KEY, 1.0)
    table.seen("broadcast", record, PORT, (TEACHER,), 2.0)  # the host's next answer
    assert table.expire_doubted(older_than=12.0) == []
    table.gone("broadcast", record.key)  # a room closed on a host that still runs
    [check] = table.take_checks()
    table.checked(check, TEACHER_KEY, 13.0)
    assert table.expire_doubted(older_than=12.0) == []
    assert table.expire_doubted(older_than=24.0) == [RoomLost(record.key)]


def test_a_check_that_could_not_be_made_believes_nothing() -> None:
    record = keyed()
    table = listed(record)
    table.seen("broadcast", record, PORT, (STUDENT,), 1.0)
    table.gone("broadcast", record.key)
    for check in table.take_checks():
        assert table.skipped(check, 1.0) == []
    [room] = table.seen("mdns", record, PORT, (TEACHER,), 2.0)
    assert isinstance(room, RoomFound)
    assert room.addresses == (TEACHER,)


def test_a_claim_with_another_key_marks_the_room_disputed_and_never_replaces_it() -> None:
    record = keyed()
    table = listed(record)
    impostor = dataclasses.replace(record, fingerprint=STUDENT_KEY, host="Sam")
    [disputed] = table.seen("broadcast", impostor, PORT, (STUDENT,), 1.0)
    assert isinstance(disputed, RoomFound)
    assert disputed.disputed
    assert (disputed.host, disputed.fingerprint, disputed.addresses) == (
        "Ms_Teacher",
        TEACHER_KEY,
        (TEACHER,),
    )
    unkeyed = dataclasses.replace(record, fingerprint=None)
    assert table.seen("mdns", unkeyed, PORT, (STUDENT,), 1.0) == []  # already disputed
    assert table.take_checks() == []


def test_the_same_title_and_host_with_another_key_disputes_both_rooms() -> None:
    table = RoomTable()
    real, twin = keyed(), keyed(STUDENT_KEY)
    [first] = table.seen("broadcast", real, PORT, (TEACHER,), 0.0)
    assert isinstance(first, RoomFound)
    assert not first.disputed
    same_key = keyed()  # the host started again: the same key under a new id
    [again] = table.seen("mdns", same_key, PORT, (TEACHER,), 0.5)
    assert isinstance(again, RoomFound)
    assert not again.disputed
    changes = table.seen("broadcast", twin, PORT, (STUDENT,), 1.0)
    assert {c.key for c in changes if isinstance(c, RoomFound) and c.disputed} == {
        real.key,
        same_key.key,
        twin.key,
    }
    other_title = keyed(STUDENT_KEY, room="Maths")
    [other] = table.seen("mdns", other_title, PORT, (STUDENT,), 2.0)
    assert isinstance(other, RoomFound)
    assert not other.disputed


def test_rooms_with_no_fingerprint_keep_the_trusting_behaviour() -> None:
    old = keyed(None)
    table = RoomTable()
    table.seen("broadcast", old, PORT, (TEACHER,), 0.0)
    [moved] = table.seen("broadcast", old, PORT, (STUDENT,), 1.0)
    assert isinstance(moved, RoomFound)
    assert moved.addresses == (STUDENT,)
    assert table.gone("broadcast", old.key) == [RoomLost(old.key)]
    assert table.take_checks() == []


# --- Any sequence of packets from someone who is not the room's host ---

SOURCES = st.sampled_from(["broadcast", "mdns"])
ADDRESSES = st.lists(st.sampled_from([TEACHER, STUDENT, "10.0.0.67", "192.168.1.9"]), min_size=1)
FINGERPRINTS = st.sampled_from([TEACHER_KEY, STUDENT_KEY, None])
PORTS = st.sampled_from([PORT, TLS_PORT, 7000])
HOSTILE = st.one_of(
    st.tuples(st.just("answer"), SOURCES, FINGERPRINTS, PORTS, PORTS, ADDRESSES),
    st.tuples(st.just("goodbye"), SOURCES),
    st.tuples(st.just("host answers"), SOURCES),
    st.tuples(st.just("expire")),
)


def shown_by_the_real_room(check: Check) -> str | None:
    """What a key check sees: the teacher's key only at the teacher's address and TLS port;
    the student's own key, or nothing, anywhere else."""
    if (check.address, check.port) == (TEACHER, TLS_PORT):
        return TEACHER_KEY
    return STUDENT_KEY if check.address == STUDENT else None


@settings(max_examples=300, deadline=None)
@given(st.lists(HOSTILE, max_size=40), st.booleans())
def test_no_sequence_of_forged_packets_removes_or_redirects_a_keyed_room(
    packets: list[tuple[object, ...]], skip_some: bool
) -> None:
    real = keyed()
    table = RoomTable()
    table.seen("broadcast", real, PORT, (TEACHER,), 0.0)
    table.seen("mdns", real, PORT, (TEACHER,), 0.0)
    now = 0.0
    for n, packet in enumerate(packets):
        now += 0.5
        kind, *rest = packet
        if kind == "answer":
            source, fingerprint, port, tls_port, addresses = rest
            assert isinstance(source, str)
            assert isinstance(port, int)
            assert isinstance(tls_port, int)
            assert isinstance(addresses, list)
            assert fingerprint is None or isinstance(fingerprint, str)
            claim = dataclasses.replace(
                real, fingerprint=fingerprint, tls_port=tls_port, host=f"Sam{n % 2}"
            )
            table.seen(source, claim, port, tuple(addresses), now)
        elif kind == "goodbye":
            table.gone(str(rest[0]), real.key)
        elif kind == "host answers":  # the real host goes on announcing, as it does
            table.seen(str(rest[0]), real, PORT, (TEACHER,), now)
        else:  # the finder's regular expiry: the host answers more often than that
            table.seen("broadcast", real, PORT, (TEACHER,), now)
            table.expire("broadcast", now - 10.0)
            table.expire_doubted(now - 10.0)
        for i, check in enumerate(table.take_checks()):
            if skip_some and i % 2:
                table.skipped(check, now)
            else:
                table.checked(check, shown_by_the_real_room(check), now)
        room = table.shown(real.key)
        assert room is not None, "a forged packet removed the room"
        assert set(room.addresses) == {TEACHER}, "a forged packet redirected the room"
        assert (room.port, room.tls_port, room.fingerprint) == (PORT, TLS_PORT, TEACHER_KEY)
        assert (room.host, room.room) == (real.host, real.room)
