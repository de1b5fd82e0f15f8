"""Nicks and channel names: RFC 8265 casemapping, and the sentences the start screen shows.

Each problem sentence is checked word for word where the issue quotes it, and every length
limit at N (fine) and N+1 (a problem).
"""

from __future__ import annotations

import ipaddress
import sys
import unicodedata

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from chatgui.limits import CHANNEL_MAX_CHARS, NICK_MAX_CHARS
from chatgui.protocol import names
from chatgui.protocol.names import (
    ascii_nick,
    casefold,
    channel_problem,
    computer_of,
    is_channel,
    is_valid_channel,
    is_valid_nick,
    nick_problem,
    spelled_plainly,
    suggest_nick,
)

# --- casefold ---


def test_casefold_folds_ascii_letters_only_among_ascii() -> None:
    assert casefold("Sam[]\\~") == "sam[]\\~"  # rfc1459's []\\~ and {}|^ pairs are gone
    assert casefold("Sam[1]") != casefold("sam{1}")
    assert casefold("sam_-`0") == "sam_-`0"


@pytest.mark.parametrize(
    ("name", "same"),
    [
        ("\u00c9MILE", "\u00e9mile"),
        ("ZO\u00cb", "zo\u00eb"),
        ("\u0418\u0412\u0410\u041d", "\u0438\u0432\u0430\u043d"),
        (
            "\u039f\u0394\u03a5\u03a3\u03a3\u0395\u03a5\u03a3",
            "\u03bf\u03b4\u03c5\u03c3\u03c3\u03b5\u03c5\u03c2",
        ),
        ("\uff33\uff41\uff4d", "sam"),  # full-width letters are the plain ones (RFC 8265)
        ("Zoe\u0308", "zo\u00eb"),  # NFC
    ],
    ids=ascii,
)
def test_casefold_compares_names_of_every_script(name: str, same: str) -> None:
    assert casefold(name) == casefold(same) == same


@given(st.text(max_size=40))
def test_casefold_is_stable(text: str) -> None:
    assert casefold(casefold(text)) == casefold(text)


# --- nick_problem ---


@pytest.mark.parametrize(
    "nick",
    [
        "Sam",
        "sam_L",
        "Zoe-2",
        "[away]",
        "`x",
        "a",
        "^_^",
        "A{1}|B",
        "Zo\u00eb",
        "Jos\u00e9",
        "M\u00fcller",
        "\u0141ukasz",
        "\u0418\u0432\u0430\u043d",
        "\u674e\u660e",
        "\u4f50\u3005\u6728",
        "\u30e9\u30fc\u30e1\u30f3",
        "\u0938\u0941\u0930\u0947\u0936",
        "\u0645\u062d\u0645\u062f",
        "\u5c71\u7530_Taro",
        "\u039d\u03af\u03ba\u03b7",
    ],
    ids=ascii,
)
def test_a_good_nick_has_no_problem(nick: str) -> None:
    assert nick_problem(nick) is None, nick
    assert is_valid_nick(nick)


def test_a_space_is_explained_with_a_suggestion() -> None:
    assert nick_problem("Sam L") == "Names can't contain spaces. Try Sam_L"
    assert nick_problem("Zo\u00eb Smith") == "Names can't contain spaces. Try Zo\u00eb_Smith"
    assert not is_valid_nick("Sam L")


def test_an_empty_nick() -> None:
    assert nick_problem("") == "Type a name first."


def test_the_nick_length_limit() -> None:
    assert nick_problem("a" * NICK_MAX_CHARS) is None
    assert nick_problem("\u00eb" * NICK_MAX_CHARS) is None  # characters, not bytes
    problem = nick_problem("a" * (NICK_MAX_CHARS + 1))
    assert problem == (
        f"Names can be at most {NICK_MAX_CHARS} characters long. Try {'a' * NICK_MAX_CHARS}"
    )


@pytest.mark.parametrize(
    ("nick", "suggestion"),
    [("2cool", "cool"), ("-sam", "sam"), ("\u0663ali", "ali"), ("\u0301Zoe", "Zoe")],
    ids=ascii,
)
def test_a_nick_must_start_with_a_letter(nick: str, suggestion: str) -> None:
    assert nick_problem(nick) == f"Names must start with a letter. Try {suggestion}"


def test_a_nick_of_digits_gets_no_suggestion() -> None:
    assert nick_problem("1234") == "Names must start with a letter."


@pytest.mark.parametrize(
    ("nick", "shown", "suggestion"),
    [
        ("sam!", "!", "sam"),
        ("a.b,c", ", .", "abc"),
        ("sam@home#1", "# @", "samhome1"),
        ("Zo\u00eb\u2665", "\u2665", "Zo\u00eb"),
    ],
    ids=ascii,
)
def test_invalid_characters_are_named(nick: str, shown: str, suggestion: str) -> None:
    problem = nick_problem(nick)
    assert problem is not None
    assert problem.startswith("Names can use letters, digits and - _ [ ] { } \\ | ^ ` only")
    assert problem.endswith(f", not {shown}. Try {suggestion}")


@given(st.text(min_size=1, max_size=30).filter(lambda t: " " not in t))
def test_a_letter_is_never_called_a_character_names_cannot_use(nick: str) -> None:
    problem = nick_problem(nick) or ""
    if ", not " in problem:
        named = problem.split(", not ", 1)[1].split(".")[0].split()
        assert not any(c.isalpha() or c.isdigit() for c in named), problem


@pytest.mark.parametrize(
    ("text", "nick"),
    [
        ("Zo\u00eb Smith", "Zo\u00eb_Smith"),
        ("  Sam   L  ", "Sam_L"),
        ("Jos\u00e9 Mar\u00eda", "Jos\u00e9_Mar\u00eda"),
        ("!!!", ""),
        ("\u5f20\u4f1f", "\u5f20\u4f1f"),
        ("a" * 40, "a" * NICK_MAX_CHARS),
        ("\uff33\uff41\uff4d", "Sam"),  # full-width letters fold to ASCII
        ("Zoe\u0308", "Zo\u00eb"),  # a letter and its accent become the accented letter
        ("S\u0430m", "Sm"),  # alphabets mixed: only the ASCII is kept
    ],
    ids=ascii,
)
def test_suggest_nick(text: str, nick: str) -> None:
    assert suggest_nick(text) == nick


@pytest.mark.parametrize(
    ("text", "nick"),
    [
        ("Zo\u00eb Smith", "Zoe_Smith"),
        ("Jos\u00e9 Mar\u00eda", "Jose_Maria"),
        ("\u0141ukasz", "Lukasz"),
        ("M\u00fcller", "Muller"),
        ("\u674e\u660e", ""),
    ],
    ids=ascii,
)
def test_ascii_nick(text: str, nick: str) -> None:
    assert ascii_nick(text) == nick


def test_a_suggestion_drops_leading_digits() -> None:
    suggestion = suggest_nick("42 Douglas")
    assert suggestion.endswith("Douglas")
    assert nick_problem(suggestion) is None


@given(st.text(max_size=60))
def test_a_suggestion_is_always_usable(text: str) -> None:
    for suggestion in (suggest_nick(text), ascii_nick(text)):
        assert suggestion == "" or nick_problem(suggestion) is None
    suggestion = suggest_nick(text)
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
    ("nick", "problem"),
    [
        ("Sam\u200b", "Names can't contain invisible characters (such as zero-width spaces"),
        ("Sam\u034f", "Names can't contain invisible characters"),  # a grapheme joiner
        ("Sam\x1b", "Names can't contain control characters: type the name again."),
        ("Sam\u0430\u202e", "Names can't contain invisible characters"),
        ("Zoe\u0308", "Names can't hold a letter and its accent as two characters"),
        ("\uff33am", "Names can't use styled or full-width letters"),
        ("S\u0430m", "Names can't mix Cyrillic and Latin letters, which can look the same"),
    ],
    ids=ascii,
)
def test_what_could_pass_for_another_name_is_refused_in_words(nick: str, problem: str) -> None:
    said = nick_problem(nick)
    assert said is not None
    assert said.startswith(problem)


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


@pytest.mark.parametrize(
    ("typed", "nick", "shown"),
    [
        ("Jos\u00e9", "Jose", True),
        ("Jos\u00e9", "Jose_2", True),
        ("Jose", "Jose", False),  # nothing to add
        ("Ms_Rivera", "Jose", False),  # a real name that says someone else's name
        ("Jos\u00e9", "Jose_x", False),
        ("\u674e\u660e", "Guest", False),  # no plain form: could be anyone's
    ],
    ids=ascii,
)
def test_a_real_name_is_shown_only_when_the_nick_spells_it(
    typed: str, nick: str, shown: bool
) -> None:
    assert spelled_plainly(typed, nick) == shown


@given(st.text(max_size=30), st.text(max_size=30))
def test_a_real_name_shown_is_a_name_and_its_nick_is_plain(typed: str, nick: str) -> None:
    if spelled_plainly(typed, nick):
        assert nick.isascii()
        assert nick_problem(nick) is None
        assert nick_problem(typed) is None


def test_a_name_already_folded_is_kept_as_the_same_string() -> None:
    """Hundreds of people are kept by their folded names: a name that folds to itself is not
    kept twice."""
    name = "".join(["sam", "_2"])  # made at run time, as a name from the network is
    assert casefold(name) is name
    assert casefold("".join(["Sam", "_2"])) == name


@given(
    st.text(st.characters(max_codepoint=127), max_size=NICK_MAX_CHARS + 2)
    | st.text(st.sampled_from("aZ09[]\\`_^{|}- :#~\x01"), max_size=NICK_MAX_CHARS + 2)
)
@example("a" * NICK_MAX_CHARS)
@example("a" * (NICK_MAX_CHARS + 1))
def test_a_plain_ascii_name_is_let_through_only_when_every_rule_would(text: str) -> None:
    """The short way for plain ASCII names (a class logging in at once) takes exactly what
    the full rules take: no name they refuse gets through it."""
    full = names._what_is_wrong_in_full(text) if text else "empty"
    assert (names._PLAIN_NICK.fullmatch(text) is not None) == (full is None)


# --- Plain names are checked without Unicode's tables (the first login would read them in) ---


def test_the_control_characters_found_without_the_tables_are_unicodes_own() -> None:
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        assert (names._CONTROLS.search(char) is not None) == (unicodedata.category(char) == "Cc"), (
            hex(code)
        )


def test_what_ascii_names_are_spared_looking_up_is_what_the_tables_say() -> None:
    """ASCII's only invisible character is the space, and its letters are all Latin."""
    for char in map(chr, range(128)):
        assert names._invisible(char) == (char == " "), repr(char)
        if char.isalpha():
            assert names._script(char) == "Latin"
            assert unicodedata.category(char) != "Lm"


def test_checking_plain_names_reads_no_unicode_table(monkeypatch: pytest.MonkeyPatch) -> None:
    """A class of plain names logs in without the room reading Unicode's tables in: of
    unicodedata, only normalize() is asked, which passes ASCII through untouched."""
    asked: list[str] = []

    class Spy:
        def __getattr__(self, name: str) -> object:
            asked.append(name)
            return getattr(unicodedata, name)

    monkeypatch.setattr(names, "unicodedata", Spy())
    assert names.nick_problem("Sam_2") is None
    assert names.nick_problem("Sam\x01") is not None
    assert names.nick_problem("two words") is not None
    assert names.channel_problem("#class-chat") is None
    assert names.channel_problem("#a\x7f") is not None
    assert set(asked) <= {"normalize"}
