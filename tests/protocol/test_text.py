"""Text: decoding that never fails, and splitting long messages into legal pieces.

The script this replaces died on a '\u20ac' cut in half by recv(1024); these tests cut it
everywhere. Splitting must keep every piece within its byte budget and valid UTF-8, and keep
what a reader sees as one character (accent, emoji sequence) in one piece when it can.
"""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chatgui.protocol.text import (
    REPLACEMENT_CHARACTER,
    decode_text,
    split_text,
    utf8_length,
    without_controls,
)

EURO = "\u20ac"
EURO_BYTES = EURO.encode("utf-8")
WOMAN_TECHNOLOGIST = "\U0001f469\u200d\U0001f4bb"
THUMBS_UP_MEDIUM = "\U0001f44d\U0001f3fd"
WOMAN_TECHNOLOGIST_MEDIUM = "\U0001f469\U0001f3fd\u200d\U0001f4bb"
FAMILY = "\U0001f468\u200d\U0001f469\u200d\U0001f467\u200d\U0001f466"
RED_HEART = "\u2764\ufe0f"
E_ACUTE = "e\u0301"


# --- decode_text ---


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


@pytest.mark.parametrize("cut", range(len(EURO_BYTES) + 1))
def test_a_euro_cut_at_every_byte_decodes(cut: int) -> None:
    head, tail = EURO_BYTES[:cut], EURO_BYTES[cut:]
    text = decode_text(b"price " + head) + decode_text(tail + b" ok")
    if cut in (0, len(EURO_BYTES)):
        assert text == f"price {EURO} ok"
    else:
        assert decode_text(b"price " + head) == "price " + REPLACEMENT_CHARACTER
        assert decode_text(tail + b" ok").endswith(" ok")
        assert decode_text(tail + b" ok").startswith(REPLACEMENT_CHARACTER)
        assert set(text) - set("price ok") == {REPLACEMENT_CHARACTER}


@pytest.mark.parametrize(
    "data",
    [
        b"\xff",
        b"\xfe\xff",
        b"\x80",
        b"\xc0\xaf",  # overlong '/'
        b"\xed\xa0\x80",  # an encoded surrogate
        b"\xf4\x90\x80\x80",  # past U+10FFFF
        b"\xe2\x82",  # cut
        b"\xf0\x9f\x91",  # cut emoji
    ],
    ids=ascii,
)
def test_invalid_bytes_become_replacement_characters(data: bytes) -> None:
    text = decode_text(b"a" + data + b"b")
    assert text.startswith("a")
    assert text.endswith("b")
    assert REPLACEMENT_CHARACTER in text
    assert set(text[1:-1]) == {REPLACEMENT_CHARACTER}
    assert not _is_utf8(data)
    text.encode("utf-8")  # what decode_text returns can always be sent on


def test_every_byte_value_alone_decodes() -> None:
    for value in range(256):
        text = decode_text(bytes([value]))
        assert len(text) == 1
        assert (text == chr(value)) if value < 0x80 else (text == REPLACEMENT_CHARACTER)


def test_valid_utf8_is_kept() -> None:
    text = f"caf\u00e9 {EURO} {WOMAN_TECHNOLOGIST} {E_ACUTE}"
    assert decode_text(text.encode("utf-8")) == text
    assert _is_utf8(text.encode("utf-8"))


def test_utf8_length() -> None:
    assert utf8_length("") == 0
    assert utf8_length("abc") == 3
    assert utf8_length(EURO) == 3
    assert utf8_length(WOMAN_TECHNOLOGIST) == 11
    assert utf8_length("\ud83d") == 3  # a lone surrogate is counted, not raised on


# --- split_text: the byte budget ---


def test_400_euros_in_100_byte_pieces() -> None:
    text = EURO * 400
    pieces = split_text(text, 100)
    assert "".join(pieces) == text
    for piece in pieces:
        encoded = piece.encode("utf-8")
        assert len(encoded) <= 100
        assert _is_utf8(encoded)
    assert len(pieces) == 13  # 33 euros (99 bytes) per piece: nothing wasted


def test_short_text_is_one_piece() -> None:
    assert split_text("hello", 100) == ["hello"]
    assert split_text("x" * 100, 100) == ["x" * 100]
    assert split_text("x" * 101, 100) == ["x" * 100, "x"]


def test_empty_text_is_no_pieces() -> None:
    assert split_text("", 100) == []
    assert split_text("\n\r\n", 100) == []


def test_max_bytes_must_hold_any_character() -> None:
    four_byte = "\U0001f600" * 3
    assert split_text(four_byte, 4) == ["\U0001f600"] * 3
    with pytest.raises(ValueError, match="max_bytes"):
        split_text(four_byte, 3)


# --- split_text: where it cuts ---


def test_splitting_prefers_a_space_in_the_second_half() -> None:
    text = "a" * 30 + " " + "b" * 60 + " " + "c" * 40
    assert split_text(text, 100) == ["a" * 30 + " " + "b" * 60, "c" * 40]


def test_a_space_in_the_first_half_is_not_used() -> None:
    text = "a" * 20 + " " + "b" * 100
    pieces = split_text(text, 100)
    assert pieces == [text[:100], text[100:]]


def test_words_are_kept_whole() -> None:
    words = [f"word{i}" for i in range(200)]
    pieces = split_text(" ".join(words), 50)
    assert all(utf8_length(p) <= 50 for p in pieces)
    assert " ".join(pieces).split(" ") == words


def test_a_multi_line_message_keeps_its_lines() -> None:
    text = "first line\r\nsecond\n\nthird\rfourth\n"
    assert split_text(text, 100) == ["first line", "second", "third", "fourth"]


def test_a_long_line_inside_a_multi_line_message() -> None:
    pieces = split_text("short\n" + "x" * 250 + "\nend", 100)
    assert pieces == ["short", "x" * 100, "x" * 100, "x" * 50, "end"]


@pytest.mark.parametrize("code", ["\x02", "\x03", "\x0f", "\x11", "\x16", "\x1d", "\x1e", "\x1f"])
def test_irc_formatting_codes_are_not_line_breaks(code: str) -> None:
    # str.splitlines() would cut at \x1d (italics) and \x1e (strikethrough).
    text = f"some {code}styled{code} text"
    assert split_text(text, 100) == [text]


# --- split_text: what a reader sees as one character stays whole ---


def _clusters_whole(pieces: list[str], cluster: str) -> bool:
    return all(piece == cluster * (len(piece) // len(cluster)) for piece in pieces)


@pytest.mark.parametrize("max_bytes", range(4, 40))
def test_combining_accents_stay_with_their_letter(max_bytes: int) -> None:
    text = E_ACUTE * 40
    pieces = split_text(text, max_bytes)
    assert "".join(pieces) == text
    assert all(utf8_length(p) <= max_bytes for p in pieces)
    assert _clusters_whole(pieces, E_ACUTE)
    assert all(not unicodedata.combining(p[0]) for p in pieces)


@pytest.mark.parametrize(
    "cluster",
    [WOMAN_TECHNOLOGIST, THUMBS_UP_MEDIUM, WOMAN_TECHNOLOGIST_MEDIUM, RED_HEART, "a\u0301\u0323"],
    ids=ascii,
)
@pytest.mark.parametrize("max_bytes", [15, 16, 20, 23, 25, 31, 50, 99, 100])
def test_emoji_sequences_are_not_cut_apart(cluster: str, max_bytes: int) -> None:
    assert utf8_length(cluster) <= max_bytes
    text = cluster * 30
    pieces = split_text(text, max_bytes)
    assert "".join(pieces) == text
    assert all(utf8_length(p) <= max_bytes for p in pieces)
    assert _clusters_whole(pieces, cluster)


def test_emoji_sequences_next_to_words() -> None:
    text = ("hi " + WOMAN_TECHNOLOGIST + THUMBS_UP_MEDIUM) * 20
    for max_bytes in range(20, 60):
        pieces = split_text(text, max_bytes)
        assert all(utf8_length(p) <= max_bytes for p in pieces)
        for piece in pieces:
            assert not piece.startswith(("\u200d", "\U0001f3fd", "\U0001f4bb"))
            assert not piece.endswith("\u200d")


def test_a_cluster_longer_than_a_piece_is_cut_rather_than_lost() -> None:
    assert utf8_length(FAMILY) == 25
    pieces = split_text(FAMILY * 2, 10)
    assert "".join(pieces) == FAMILY * 2
    assert all(utf8_length(p) <= 10 for p in pieces)
    assert all(_is_utf8(p.encode("utf-8")) for p in pieces)


# --- without_controls: what the server relays ---


@pytest.mark.parametrize(
    ("text", "relayed"),
    [
        ("hi\x1b[2J\x1b[Hyou", "hiyou"),  # ESC would clear a classmate's terminal
        ("\x1b]0;pwned\x07title", "title"),  # sets the terminal's title
        ("a\x1b[1;31", "a"),  # a sequence cut short
        ("a\x9b2Jb", "ab"),  # the one-character CSI of C1
        ("bell\x07 and nul\x00", "bell and nul"),
        ("\x01ACTION waves\x01", "\x01ACTION waves\x01"),  # /me waves
        ("a\x85b\x9b0c\x7fd", "abd"),  # C1 controls (NEL, CSI with its sequence) and DEL
        ("col\tumn", "col umn"),
        ("\x02bold\x02 \x0304red\x03 \x1ditalic\x0f", "\x02bold\x02 \x0304red\x03 \x1ditalic\x0f"),
        (
            "caf\u00e9 \u2764\ufe0f \u05e9\u05dc\u05d5\u05dd",
            "caf\u00e9 \u2764\ufe0f \u05e9\u05dc\u05d5\u05dd",
        ),
    ],
    ids=ascii,
)
def test_controls_are_removed_and_formatting_stays(text: str, relayed: str) -> None:
    assert without_controls(text) == relayed


@given(st.text())
def test_nothing_that_drives_a_terminal_is_left(text: str) -> None:
    kept = without_controls(text)
    controls = {c for c in kept if unicodedata.category(c) == "Cc"}
    assert controls <= set("\x01\x02\x03\x04\x0f\x11\x16\x1d\x1e\x1f")
    if not any(c == "\x1b" or "\x80" <= c <= "\x9f" for c in text):  # no escape to remove
        visible = [c for c in text.replace("\t", " ") if unicodedata.category(c) != "Cc"]
        assert [c for c in kept if unicodedata.category(c) != "Cc"] == visible
