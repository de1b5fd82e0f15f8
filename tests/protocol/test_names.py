"""Nicks and channel names: RFC 1459 casemapping, and the sentences the start screen shows.

Each problem sentence is checked word for word where the issue quotes it, and every length
limit at N (fine) and N+1 (a problem).
"""

from __future__ import annotations

import ipaddress
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chatgui.limits import CHANNEL_MAX_CHARS, NICK_MAX_CHARS
from chatgui.protocol.names import (
    casefold,
    channel_problem,
    computer_of,
    is_channel,
    is_valid_channel,
    is_valid_nick,
    nick_problem,
    suggest_nick,
)

# --- casefold ---


def test_casefold_maps_the_rfc1459_specials() -> None:
    assert casefold("Sam[]\\~") == "sam{}|^"
    assert casefold("Sam[]\\~") == casefold("sam{}|^") == casefold("SAM{}|^")


def test_casefold_leaves_other_characters_alone() -> None:
    assert casefold("sam_-`0") == "sam_-`0"
    assert casefold("\u00c9MILE") == "\u00c9mile"  # only ASCII letters fold under rfc1459


# --- nick_problem ---


def test_a_good_nick_has_no_problem() -> None:
    for nick in ["Sam", "sam_L", "Zoe-2", "[away]", "`x", "a", "^_^", "A{1}|B"]:
        assert nick_problem(nick) is None, nick
        assert is_valid_nick(nick)


def test_a_space_is_explained_with_a_suggestion() -> None:
    assert nick_problem("Sam L") == "Names can't contain spaces. Try Sam_L"
    assert not is_valid_nick("Sam L")


def test_an_empty_nick() -> None:
    assert nick_problem("") == "Type a name first."


def test_the_nick_length_limit() -> None:
    assert nick_problem("a" * NICK_MAX_CHARS) is None
    problem = nick_problem("a" * (NICK_MAX_CHARS + 1))
    assert problem == (
        f"Names can be at most {NICK_MAX_CHARS} characters long. Try {'a' * NICK_MAX_CHARS}"
    )


@pytest.mark.parametrize(("nick", "suggestion"), [("2cool", "cool"), ("-sam", "sam")])
def test_a_nick_must_start_with_a_letter(nick: str, suggestion: str) -> None:
    assert nick_problem(nick) == f"Names must start with a letter. Try {suggestion}"


def test_a_nick_of_digits_gets_no_suggestion() -> None:
    assert nick_problem("1234") == "Names must start with a letter."


@pytest.mark.parametrize(
    ("nick", "shown", "suggestion"),
    [
        ("sam!", "!", "sam"),
        ("a.b,c", ", .", "abc"),
        ("Zo\u00eb", "\u00eb", "Zoe"),
        ("sam@home#1", "# @", "samhome1"),
    ],
)
def test_invalid_characters_are_named(nick: str, shown: str, suggestion: str) -> None:
    problem = nick_problem(nick)
    assert problem is not None
    assert problem.startswith("Names can use letters, digits and - _ [ ] { } \\ | ^ ` only")
    assert problem.endswith(f", not {shown}. Try {suggestion}")


@pytest.mark.parametrize(
    ("text", "nick"),
    [
        ("Zo\u00eb Smith", "Zoe_Smith"),
        ("  Sam   L  ", "Sam_L"),
        ("Jos\u00e9 Mar\u00eda", "Jose_Maria"),
        ("!!!", ""),
        ("\u5f20\u4f1f", ""),
        ("a" * 40, "a" * NICK_MAX_CHARS),
        ("\uff33\uff41\uff4d", "Sam"),  # full-width letters fold to ASCII
    ],
)
def test_suggest_nick(text: str, nick: str) -> None:
    assert suggest_nick(text) == nick


def test_a_suggestion_drops_leading_digits() -> None:
    suggestion = suggest_nick("42 Douglas")
    assert suggestion.endswith("Douglas")
    assert nick_problem(suggestion) is None


@given(st.text(max_size=60))
def test_a_suggestion_is_always_usable(text: str) -> None:
    suggestion = suggest_nick(text)
    assert suggestion == "" or nick_problem(suggestion) is None
    assert suggest_nick(suggestion) == suggestion


@given(st.text(min_size=1, max_size=40))
def test_a_problem_never_suggests_the_same_name(nick: str) -> None:
    problem = nick_problem(nick)
    if problem is not None:
        assert not problem.endswith(f" Try {nick}")


# --- channel_problem ---


def test_good_channels() -> None:
    for name in ["#class", "#class-chat", "&local", "#caf\u00e9", "#a"]:
        assert channel_problem(name) is None, name
        assert is_valid_channel(name)


def test_the_channel_length_limit() -> None:
    assert channel_problem("#" + "c" * (CHANNEL_MAX_CHARS - 1)) is None
    assert channel_problem("#" + "c" * CHANNEL_MAX_CHARS) == (
        f"Room names can be at most {CHANNEL_MAX_CHARS} characters long."
    )


@pytest.mark.parametrize("name", ["", "class", "class#", "+class", " #class"])
def test_a_channel_starts_with_a_hash(name: str) -> None:
    assert channel_problem(name) == "Room names on the wire start with #, for example #class-chat."
    assert not is_valid_channel(name)


def test_a_channel_needs_a_name_after_the_hash() -> None:
    assert channel_problem("#") == "A room name needs at least one character after the #."


@pytest.mark.parametrize(
    "name", ["#class chat", "#a,#b", "#ding\x07", "#a:b", "#a\rb", "#a\nb", "#a\0b"], ids=ascii
)
def test_forbidden_channel_characters(name: str) -> None:
    assert channel_problem(name) == (
        "Room names can't contain spaces, commas, colons or control characters."
    )


def test_is_channel() -> None:
    assert is_channel("#class")
    assert is_channel("&local")
    assert not is_channel("sam")
    assert not is_channel("")


# --- room names that pass for others (issue 14) ---

INVISIBLE = (
    "Room names can't contain invisible characters (such as zero-width spaces or right-to-left "
    "marks): type the name again."
)


@pytest.mark.parametrize(
    "name",
    [
        "#class\u200b",  # zero-width space: listed as a second "#class"
        "#cl\u00adass",  # soft hyphen
        "#class\u2060",  # word joiner
        "#\ufeffclass",
        "#ssalc\u202e",  # right-to-left override
        *[f"#a{chr(c)}b" for c in [*range(0x202A, 0x202F), *range(0x2066, 0x206A)]],
        "#a\u200eb",
        "#a\u200fb",
        "#a\u061cb",
        "#a\u00a0b",  # a space that is not a space
        "#a\u3000b",
        "#a\u3164b",  # the Hangul filler: a "letter" drawn as nothing
        "#a\ue000b",  # private use
    ],
    ids=ascii,
)
def test_invisible_characters_are_refused_in_room_names(name: str) -> None:
    assert channel_problem(name) == INVISIBLE


@pytest.mark.parametrize(
    "name", ["#a\x1bb", "#a\x01b", "#a\x7fb", "#a\x85b", "#a\x9bb", "#a\x02b"], ids=ascii
)
def test_every_c0_and_c1_control_is_refused_in_room_names(name: str) -> None:
    assert channel_problem(name) == (
        "Room names can't contain spaces, commas, colons or control characters."
    )


@pytest.mark.parametrize(
    ("name", "scripts"),
    [
        ("#\u0441lass", "Cyrillic and Latin"),  # a Cyrillic es among Latin letters
        ("#cl\u0430ss", "Cyrillic and Latin"),
        ("#\u03bfpen", "Greek and Latin"),  # a Greek omicron
        ("#\u043a\u043b\u0430\u0441\u0441\u03b1", "Cyrillic and Greek"),
    ],
    ids=ascii,
)
def test_mixed_alphabets_are_refused_in_room_names(name: str, scripts: str) -> None:
    assert channel_problem(name) == (
        f"Room names can't mix {scripts} letters, which can look the same: "
        "use letters of one alphabet."
    )


@pytest.mark.parametrize(
    "name",
    [
        "#\u043a\u043b\u0430\u0441\u0441-7\u0411",  # all Cyrillic, with digits and a dash
        "#\u03c4\u03ac\u03be\u03b7_2",  # all Greek
        "#caf\u00e9-\u00e0-la-cr\u00e8me",
        "#\u65e5\u672c\u8a9e\u306e\u30af\u30e9\u30b9",  # Japanese: kanji, hiragana, katakana
        "#\u65e5\u672c\u8a9e-class",
        "#\ud55c\uad6d\uc5b4",
        "#\u0645\u0631\u062d\u0628\u0627",
        "#year-7",
    ],
    ids=ascii,
)
def test_a_name_in_one_alphabet_is_fine(name: str) -> None:
    assert channel_problem(name) is None


def test_an_accent_typed_apart_from_its_letter_is_refused() -> None:
    assert channel_problem("#cafe\u0301") == (
        "Room names can't hold a letter and its accent as two characters (it looks the same "
        "as the accented letter): type the accented letter itself."
    )


@pytest.mark.parametrize("name", ["#\uff43\uff4c\uff41\uff53\uff53", "#\U0001d402lass"], ids=ascii)
def test_styled_letters_are_refused(name: str) -> None:
    assert channel_problem(name) == (
        "Room names can't use styled or full-width letters (such as \U0001d402 or \uff43): "
        "type them as plain letters."
    )


@given(st.text(min_size=1, max_size=20))
def test_an_accepted_room_name_looks_like_no_other(rest: str) -> None:
    """Whatever is accepted holds nothing invisible, no control, and one alphabet's letters."""
    name = "#" + rest
    if channel_problem(name) is None:
        assert all(unicodedata.category(c)[0] not in "CZ" for c in rest)
        assert unicodedata.normalize("NFKC", name) == name


@given(st.text(alphabet="#clas", min_size=1, max_size=8), st.sampled_from("\u200b\u202e\u200f"))
def test_an_invisible_character_anywhere_is_refused(name: str, hidden: str) -> None:
    for at in range(1, len(name) + 1):
        problem = channel_problem("#" + name[:at] + hidden + name[at:])
        assert problem is not None


@pytest.mark.parametrize(
    ("nick", "shown"),
    [
        ("Sam\u200b", "invisible or control characters"),
        ("Sam\x1b", "invisible or control characters"),
        ("Sam\u0430\u202e", "\u0430 or invisible or control characters"),
    ],
    ids=ascii,
)
def test_a_character_that_cannot_be_seen_is_named_not_shown(nick: str, shown: str) -> None:
    assert nick_problem(nick) == (
        f"Names can use letters, digits and - _ [ ] {{ }} \\ | ^ ` only, not {shown}. Try Sam"
    )


@given(
    st.integers(min_value=0, max_value=2**64 - 1),
    st.integers(min_value=0, max_value=2**64 - 1),
    st.integers(min_value=0, max_value=2**64 - 1),
)
def test_one_ipv6_computer_is_its_whole_64(network: int, one: int, other: int) -> None:
    """Addresses of one /64 are one computer; another /64, or any IPv4 address, is another."""
    first = str(ipaddress.IPv6Address(network << 64 | one))
    second = str(ipaddress.IPv6Address(network << 64 | other))
    neighbour = str(ipaddress.IPv6Address(((network + 1) % 2**64) << 64 | one))
    assert computer_of(first) == computer_of(second)
    assert computer_of(first) != computer_of(neighbour)
    assert computer_of("10.0.0.23") == "10.0.0.23"
    assert computer_of("10.0.0.23") != computer_of("10.0.0.24")
