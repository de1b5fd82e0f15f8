"""Nicks and channel names: comparing them, and saying what is wrong with one.

The checks return a sentence a person can act on ("Names can't contain spaces. Try Sam_L"),
because the start screen shows them as the name is typed.
"""

import ipaddress
import re
import unicodedata
from collections.abc import Callable

from chatgui.limits import CHANNEL_MAX_CHARS, NICK_MAX_CHARS
from chatgui.protocol.text import BLANK_LETTERS

CASEMAPPING = "ascii"
"""ISUPPORT CASEMAPPING: ASCII letters compare without case, as everywhere; with UTF8MAPPING,
the rest of Unicode too (as Ergo advertises its PRECIS mapping), so irssi and WeeChat, which
know only ascii and rfc1459, compare the ASCII part of names exactly as the server does."""
UTF8MAPPING = "rfc8265"
"""ISUPPORT UTF8MAPPING: beyond ASCII, names compare as RFC 8265's UsernameCaseMapped profile
prepares them (full-width to plain, lower case, NFC): see casefold()."""
_NICK_SPECIALS = "[]\\`_^{|}-"
_NAME_CATEGORIES = {"Lu", "Ll", "Lt", "Lm", "Lo", "Mn", "Mc", "Nd"}
"""Letters, the marks some scripts write letters with (Devanagari, Thai), and digits."""
_PLAIN_NICK = re.compile(
    f"[A-Za-z{re.escape(_NICK_SPECIALS.replace('-', ''))}]"
    f"[A-Za-z0-9{re.escape(_NICK_SPECIALS)}]{{0,{NICK_MAX_CHARS - 1}}}"
)
"""A name of ASCII letters, digits and IRC's specials, starting with no digit or '-': fine by
every rule below, so known to be fine without them."""
_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f]")
"""Unicode's control characters (category Cc: C0, DEL and C1), found without its tables."""
CHANNEL_PREFIXES = "#&"
_CHANNEL_FORBIDDEN = " ,:"
# Scripts that are written together (Unicode TR 39, "highly restrictive"): Japanese mixes
# kanji and kana, Korean hanja and hangul, and each may hold Latin letters too.
_SCRIPTS_WRITTEN_TOGETHER = (
    {"Latin", "Han", "Hiragana", "Katakana"},
    {"Latin", "Han", "Bopomofo"},
    {"Latin", "Han", "Hangul"},
)
_IGNORABLE_MARKS = frozenset(
    "\u034f\u17b4\u17b5\u180b\u180c\u180d\u180f"
    + "".join(map(chr, range(0xFE00, 0xFE10)))
    + "".join(map(chr, range(0xE0100, 0xE01F0)))
)
"""Default-ignorable marks (grapheme joiner, variation selectors, Khmer inherent vowels):
drawn as nothing, though Unicode files them as combining marks."""
_CASEFOLD_ROUNDS = 4
"""RFC 8264 §7: the preparation is applied again until it stops changing, at most 4 times."""


def casefold(name: str) -> str:
    """The form two names are compared in: "Zoë" and "ZOË" are one name, as are "Sam" and
    "SAM". RFC 8265's UsernameCaseMapped preparation: full-width letters as plain ones, Unicode
    lower case, NFC; repeated until stable (RFC 8264 §7). ASCII letters fold as ASCII only."""
    if name.isascii():
        folded = name.lower()
        return name if folded == name else folded  # a room of hundreds keeps each name once
    folded = name
    for _ in range(_CASEFOLD_ROUNDS):
        again = unicodedata.normalize("NFC", _width_folded(folded).lower())
        if again == folded:
            break
        folded = again
    return folded


def _width_folded(text: str) -> str:
    """Full-width and half-width forms as their plain characters (RFC 8265 §3.3.1 step 1)."""
    return "".join(
        unicodedata.normalize("NFKC", c)
        if unicodedata.decomposition(c).startswith(("<wide>", "<narrow>"))
        else c
        for c in text
    )


def nick_problem(nick: str) -> str | None:
    """Why `nick` can't be used, in words with a suggestion, or None when it is fine.

    Letters and digits of any script are names ("Zoë", "Иван", "李明"); what could make one
    person's name pass for another's is not: invisible characters, a letter and its accent as
    two characters, styled letters, and letters of alphabets that aren't written together."""
    if not nick:
        return "Type a name first."
    problem = _what_is_wrong(nick)
    if problem is None:
        return None
    suggestion = suggest_nick(nick)  # only now: a whole class may log in at once
    return problem + (f" Try {suggestion}" if suggestion and suggestion != nick else "")


def _what_is_wrong(nick: str) -> str | None:
    """nick_problem()'s sentence without its suggestion, or None when `nick` is fine."""
    if _PLAIN_NICK.fullmatch(nick):  # most names: a class logging in is hundreds at once
        return None
    return _what_is_wrong_in_full(nick)


def _what_is_wrong_in_full(nick: str) -> str | None:
    """Every rule of names in turn (a plain ASCII name passes them all: _PLAIN_NICK)."""
    if " " in nick:
        return "Names can't contain spaces."
    if len(nick) > NICK_MAX_CHARS:
        return f"Names can be at most {NICK_MAX_CHARS} characters long."
    if _CONTROLS.search(nick):
        return "Names can't contain control characters: type the name again."
    unseen = _unseen_problem(nick, "Names")
    if unseen is not None:
        return unseen
    if not _starts_a_name(nick[0]):
        return "Names must start with a letter."
    bad = sorted({c for c in nick if not _nick_char(c)})
    if bad:
        allowed = "letters, digits and - _ [ ] { } \\ | ^ `"
        return f"Names can use {allowed} only, not {' '.join(bad)}."
    return _mixed_scripts_problem(nick, "Names")


def suggest_nick(text: str) -> str:
    """The closest valid nick to `text` ("Zoë Smith" → "Zoë_Smith", full-width "Sam" → "Sam"),
    or its ASCII form when the letters can't stay (a Cyrillic letter among Latin ones), or ""
    if nothing is left."""
    kept = _cleaned(unicodedata.normalize("NFKC", text.strip()), _nick_char)
    unseen = _unseen_problem(kept, "Names")
    if kept and unseen is None and _mixed_scripts_problem(kept, "Names") is None:
        return kept
    return ascii_nick(text)


def ascii_nick(text: str) -> str:
    """`text` as a nick of ASCII letters only ("Zoë Smith" → "Zoe_Smith", "李明" → ""): what a
    server that takes only ASCII names (CASEMAPPING=ascii without UTF8MAPPING) accepts."""
    plain = unicodedata.normalize("NFKD", text.strip()).translate(_UNACCENTED)
    return _cleaned(plain, lambda c: c.isascii() and _nick_char(c))


_UNACCENTED = str.maketrans(
    {"Ł": "L", "ł": "l", "Ø": "O", "ø": "o", "Đ": "D", "đ": "d", "ß": "ss", "Æ": "AE", "æ": "ae"}
    | {"Œ": "OE", "œ": "oe", "Þ": "Th", "þ": "th", "Ð": "D", "ð": "d", "Ħ": "H", "ħ": "h"}
    | {"\u0131": "i"}  # dotless i
)
"""Latin letters that Unicode does not write as a plain letter and an accent (NFKD leaves
them whole), with the ASCII people write them in."""


def spelled_plainly(typed: str, nick: str) -> bool:
    """True when `nick` is the name `typed` in plain letters ("Zoe" or "Zoe_2" for "Zoë"), as a
    server of plain names makes it: only then may a window show the typed name beside the nick,
    since any other real name could say anyone's name, the teacher's too."""
    plain = ascii_nick(typed)
    base, _, number = nick.rpartition("_")
    same = nick == plain or (base == plain and number.isdigit() and number.isascii())
    return bool(plain) and same and typed != nick and nick_problem(typed) is None


def _cleaned(text: str, allowed: Callable[[str], bool]) -> str:
    """The `allowed` characters of `text`, spaces as "_", starting with a letter, cut to size."""
    chars = ["_" if c.isspace() else c for c in text if c.isspace() or allowed(c)]
    nick = "".join(chars)
    while nick and (nick[0] == "_" or not _starts_a_name(nick[0])):
        nick = nick[1:]
    while "__" in nick:
        nick = nick.replace("__", "_")
    return nick[:NICK_MAX_CHARS]


def is_valid_nick(nick: str) -> bool:
    return nick_problem(nick) is None


def _nick_char(char: str) -> bool:
    if char.isascii():
        return char.isalnum() or char in _NICK_SPECIALS
    return unicodedata.category(char) in _NAME_CATEGORIES and char not in _IGNORABLE_MARKS


def _starts_a_name(char: str) -> bool:
    """A name starts with a letter (of any script) or one of IRC's specials, never with a
    digit, a '-' or a combining mark (RFC 2812 §2.3.1)."""
    return char.isalpha() or (char in _NICK_SPECIALS and char != "-")


def channel_problem(name: str) -> str | None:
    """Why `name` can't be a channel, in words, or None when it is fine."""
    if not name or name[0] not in CHANNEL_PREFIXES:
        return "Room names on the wire start with #, for example #class-chat."
    if len(name) > CHANNEL_MAX_CHARS:
        return f"Room names can be at most {CHANNEL_MAX_CHARS} characters long."
    if len(name) == 1:
        return "A room name needs at least one character after the #."
    if any(c in _CHANNEL_FORBIDDEN for c in name) or _CONTROLS.search(name):
        return "Room names can't contain spaces, commas, colons or control characters."
    return _unseen_problem(name, "Room names") or _mixed_scripts_problem(name, "Room names")


def shown_text_problem(text: str, what: str) -> str | None:
    """Why a name read in words (a room's title, with its spaces, or a host's name on a Join
    page) could pass for another one, or None: the rules of names, plain spaces allowed."""
    return _unseen_problem(text.replace(" ", ""), what) or _mixed_scripts_problem(text, what)


def _unseen_problem(name: str, what: str) -> str | None:
    """Why `name` could pass for another name by what a reader can't see ("#class" and a
    zero-width space, "e" and an accent for "é", a styled letter), or None when it can't.
    `what`: "Names" or "Room names"."""
    # ASCII's one invisible character is the space: a plain name is checked without Unicode's
    # tables, which the first person to log in would otherwise read in (~150 KB of memory).
    if " " in name if name.isascii() else any(_invisible(c) for c in name):
        return (
            f"{what} can't contain invisible characters (such as zero-width spaces "
            "or right-to-left marks): type the name again."
        )
    if unicodedata.normalize("NFC", name) != name:
        return (
            f"{what} can't hold a letter and its accent as two characters "
            "(it looks the same as the accented letter): type the accented letter itself."
        )
    if unicodedata.normalize("NFKC", name) != name:
        return (
            f"{what} can't use styled or full-width letters (such as \U0001d402 or \uff43): "
            "type them as plain letters."
        )
    return None


def _mixed_scripts_problem(name: str, what: str) -> str | None:
    """Why `name` mixes alphabets that look alike (a Cyrillic "\\u0441" among Latin letters),
    or None. Modifier letters (々, ー) belong to every script and are not counted."""
    if name.isascii():
        return None  # Latin letters only, known without looking their names up
    scripts = sorted({_script(c) for c in name if c.isalpha() and unicodedata.category(c) != "Lm"})
    if len(scripts) > 1 and not any(set(scripts) <= ok for ok in _SCRIPTS_WRITTEN_TOGETHER):
        return (
            f"{what} can't mix {' and '.join(scripts)} letters, which can look the same: "
            "use letters of one alphabet."
        )
    return None


def _invisible(char: str) -> bool:
    """True for what a reader can't see: format characters (zero-width space, bidi controls),
    spaces other than the plain one, ignorable marks, and unassigned or private code points."""
    category = unicodedata.category(char)
    return (
        category in ("Cf", "Cn", "Co", "Cs", "Zl", "Zp", "Zs")
        or char in BLANK_LETTERS
        or char in _IGNORABLE_MARKS
    )


def _script(letter: str) -> str:
    """The alphabet of a letter, from its Unicode name: "Latin", "Cyrillic", "Greek", "Han"…
    (an accented letter is named after its plain one: é is Latin)."""
    plain = unicodedata.normalize("NFD", letter)[:1]
    first_word = unicodedata.name(plain, "UNKNOWN").split()[0]
    return "Han" if first_word == "CJK" else first_word.title()


def is_valid_channel(name: str) -> bool:
    return channel_problem(name) is None


def is_channel(target: str) -> bool:
    """True when a message target names a channel rather than a person."""
    return bool(target) and target[0] in CHANNEL_PREFIXES


def computer_of(address: str) -> str:
    """What one computer's limits are counted by: an IPv4 address, or an IPv6 address's /64
    network, since a computer picks its own addresses in its /64 (privacy addresses, or
    thousands added by hand) and each would otherwise get limits of its own."""
    if ":" not in address:  # IPv4, or not an address: counted as it is, without a parse
        return address
    try:
        parsed = ipaddress.IPv6Address(address)
    except ValueError:
        return address  # not an address: counted as it is
    return str(ipaddress.ip_network(f"{parsed}/64", strict=False))
