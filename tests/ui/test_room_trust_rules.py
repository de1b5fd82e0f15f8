"""The window's rules for trusting a room (ui/room_trust.py), without a window: which address
and which key a join expects, for whatever a student types in the Room code field."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chatgui.events import ConnectFailed, RoomFound
from chatgui.protocol.client.address import ANY_KEY, Address
from chatgui.protocol.room_code import code_matches, room_code, typed_code
from chatgui.store.room_keys import RoomKeys
from chatgui.ui import wording
from chatgui.ui.room_trust import RoomTrust, TrustProblem, found_room
from chatgui.ui.validation import room_code_problem

KEY = hashlib.sha256(b"the teacher's key").hexdigest()
NEW_KEY = hashlib.sha256(b"the teacher's new key").hexdigest()
fingerprints = st.binary(min_size=1, max_size=8).map(lambda b: hashlib.sha256(b).hexdigest())


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("CHATGUI_HOME", str(tmp_path))
    return tmp_path


def found(fingerprint: str | None = KEY, tls_port: int | None = 6697, **more: bool) -> RoomFound:
    return RoomFound(
        "k",
        "Class chat",
        "Ms_Rivera",
        False,
        ("10.0.0.5",),
        6667,
        "t",
        ("mdns",),
        tls_port,
        fingerprint,
        "#class",
        **more,
    )


def mistyped(code: str, data: st.DataObject) -> str:
    """The code as a student may type it: any case, spaces or no dashes, 0/1/8 for O/I/B."""
    letters = [
        data.draw(st.sampled_from([c, c.lower(), {"O": "0", "I": "1", "B": "8"}.get(c, c)]))
        for c in code.replace("-", "")
    ]
    gap = data.draw(st.sampled_from(["", " ", "-", "  "]))
    return gap.join("".join(letters[n : n + 4]) for n in range(0, 16, 4))


@settings(max_examples=300, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(fingerprints, st.data())
def test_the_code_typed_any_usual_way_is_checked_against_the_key(
    fingerprint: str, data: st.DataObject
) -> None:
    typed = mistyped(room_code(fingerprint), data)
    assert room_code_problem(typed) is None
    address = RoomTrust().address_for("10.0.0.5", None, typed)
    assert address == Address("10.0.0.5", 6697, True, ANY_KEY, room_code(fingerprint))
    assert address.code is not None
    assert code_matches(address.code, fingerprint)


@settings(max_examples=300, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=30))
def test_anything_typed_is_refused_on_the_page_or_checked_as_a_code(text: str) -> None:
    problem = room_code_problem(text)
    if not text.strip():
        assert problem is None
        tried_first = Address("10.0.0.5", 6697, True, ANY_KEY)  # TLS before plain
        assert RoomTrust().address_for("10.0.0.5", None, text) == tried_first
    elif problem is not None:
        assert typed_code(text) is None
    else:
        address = RoomTrust().address_for("10.0.0.5:7000", None, text)
        assert address.port == 7000
        assert address.tls
        assert address.code == typed_code(text)
        assert re.fullmatch(r"[A-Z2-7]{4}(-[A-Z2-7]{4}){3}", address.code or "")


def test_a_typed_address_joined_with_the_code_later_expects_its_key() -> None:
    trust = RoomTrust()
    trust.address_for("10.0.0.5", None, room_code(KEY))
    trust.key_seen(KEY)
    again = RoomTrust().address_for("10.0.0.5", None, "")  # a later start of the window
    assert again == Address("10.0.0.5", 6697, True, KEY)


def test_a_found_room_expects_the_key_it_had_not_the_one_announced_now() -> None:
    trust = RoomTrust()
    assert trust.address_for("10.0.0.5", found(), "") == Address("10.0.0.5", 6697, True, KEY)
    trust.key_seen(KEY)
    other = found(NEW_KEY)
    assert trust.address_for("10.0.0.5", other, "").fingerprint == KEY
    with_code = trust.address_for("10.0.0.5", other, room_code(NEW_KEY))
    assert with_code.fingerprint == ANY_KEY
    trust.key_seen(NEW_KEY)
    assert RoomKeys().key_of(found_room(other)) == NEW_KEY


def test_a_room_that_had_a_key_and_offers_none_now_is_refused() -> None:
    trust = RoomTrust()
    trust.address_for("10.0.0.5", found(), "")
    trust.key_seen(KEY)
    with pytest.raises(TrustProblem, match="key has changed"):
        trust.address_for("10.0.0.5", found(None, None), "")
    assert RoomTrust().address_for("10.0.0.6:6670", None, "") == Address("10.0.0.6", 6670, False)


def test_a_disputed_room_needs_the_code() -> None:
    with pytest.raises(TrustProblem, match="room code"):
        RoomTrust().address_for("10.0.0.5", found(disputed=True), "")
    address = RoomTrust().address_for("10.0.0.5", found(disputed=True), room_code(KEY))
    assert address.code == room_code(KEY)


def refused(port: int, reason: str = "refused") -> ConnectFailed:
    return ConnectFailed("10.0.0.5", port, reason, "")


def test_a_typed_school_address_is_tried_with_tls_first_and_plain_only_if_none_is_there() -> None:
    trust = RoomTrust()
    assert trust.address_for("10.0.0.5", None, "") == Address("10.0.0.5", 6697, True, ANY_KEY)
    assert trust.plain_instead(refused(6697, "timed out")) is None  # the computer isn't there
    trust.address_for("10.0.0.5", None, "")
    assert trust.plain_instead(refused(6697)) == Address("10.0.0.5", 6667, False)
    assert trust.plain_instead(refused(6667)) is None  # plain refused too: that failure stands
    trust.address_for("10.0.0.5", None, "")
    assert trust.plain_instead(refused(6697, "tls")) == Address("10.0.0.5", 6667, False)
    trust.address_for("10.0.0.5", None, "")
    assert trust.plain_instead(refused(6697, "key changed")) is None


def test_the_key_a_typed_school_address_shows_first_is_kept_and_never_given_up_for_plain() -> None:
    trust = RoomTrust()
    trust.address_for("10.0.0.5", None, "")
    trust.key_seen(KEY)
    again = RoomTrust()
    assert again.address_for("10.0.0.5", None, "") == Address("10.0.0.5", 6697, True, KEY)
    assert again.plain_instead(refused(6697)) is None  # no falling back to plain past a key
    typed_tls = RoomTrust().address_for("10.0.0.7:6697", None, "")
    assert typed_tls == Address("10.0.0.7", 6697, True, ANY_KEY)


def test_a_public_server_is_left_to_its_certificate_and_a_port_of_its_own_to_plain() -> None:
    trust = RoomTrust()
    public = trust.address_for("irc.example.org", None, "")
    assert public == Address("irc.example.org", 6667, False)
    assert trust.address_for("ircs://irc.example.org", None, "") == Address(
        "irc.example.org", 6697, True
    )  # no fingerprint: its certificate is checked as usual
    assert trust.address_for("10.0.0.5:6670", None, "") == Address("10.0.0.5", 6670, False)
    assert trust.plain_instead(refused(6670)) is None


def test_the_status_bar_says_whether_the_network_can_read_the_room() -> None:
    assert wording.connected("10.0.0.5:6697", "Sam", True, False).startswith("Connected securely")
    plain = wording.connected("10.0.0.5", "Sam", False, True)
    assert "not encrypted: others on the network can read it" in plain
    assert wording.connected("your room", "Ms_Rivera", False, False) == (
        "Connected to your room as Ms_Rivera"
    )
