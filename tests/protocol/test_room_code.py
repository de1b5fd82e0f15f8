"""The room code: 80 bits of the key's fingerprint, easy to read aloud and to type back."""

import hashlib

from hypothesis import given
from hypothesis import strategies as st

from chatgui.protocol.room_code import (
    ROOM_CODE_BITS,
    code_matches,
    fingerprint_shown,
    room_code,
    typed_code,
)

KEY = hashlib.sha256(b"a room's public key").hexdigest()
OTHER = hashlib.sha256(b"a student's public key").hexdigest()


def test_a_code_is_four_groups_of_four_without_0_or_1() -> None:
    code = room_code(KEY)
    groups = code.split("-")
    assert [len(g) for g in groups] == [4, 4, 4, 4]
    assert not set(code) & set("0189")
    assert len(code.replace("-", "")) * 5 == ROOM_CODE_BITS >= 64


def test_the_code_comes_from_the_start_of_the_fingerprint() -> None:
    changed_at_the_end = KEY[:-1] + ("0" if KEY[-1] != "0" else "1")
    assert room_code(changed_at_the_end) == room_code(KEY)
    changed_at_the_start = ("0" if KEY[0] != "0" else "1") + KEY[1:]
    assert room_code(changed_at_the_start) != room_code(KEY)


def test_typing_is_forgiven_spaces_case_and_digits_for_letters() -> None:
    code = room_code(KEY)
    assert code_matches(code, KEY)
    assert code_matches(code.lower().replace("-", " "), KEY)
    assert code_matches(code.replace("-", "").replace("O", "0").replace("I", "1"), KEY)
    assert not code_matches(code, OTHER)
    assert not code_matches(code[:-1], KEY)
    assert not code_matches(code, "not a fingerprint")


@given(st.text(max_size=40))
def test_anything_typed_is_a_code_or_none_and_never_raises(text: str) -> None:
    code = typed_code(text)
    assert code is None or typed_code(code) == code
    assert isinstance(code_matches(text, KEY), bool)


@given(st.binary(min_size=32, max_size=32))
def test_every_key_has_a_code_that_matches_it(digest: bytes) -> None:
    fingerprint = digest.hex()
    assert code_matches(room_code(fingerprint), fingerprint)


def test_the_fingerprint_is_shown_as_irc_programs_take_it() -> None:
    shown = fingerprint_shown(KEY)
    assert shown.replace(":", "").lower() == KEY
    assert len(shown.split(":")) == 32
    assert shown == shown.upper()
