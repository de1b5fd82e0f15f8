"""Nicks and channel names: comparing them as IRC does, and saying what is wrong with one.

The checks return a sentence a person can act on ("Names can't contain spaces. Try Sam_L"),
because the start screen shows them as the name is typed.
"""

import ipaddress
import unicodedata

from chatgui.limits import CHANNEL_MAX_CHARS, NICK_MAX_CHARS
from chatgui.protocol.text import BLANK_LETTERS

CASEMAPPING = "rfc1459"
_RFC1459_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ[]\\~", "abcdefghijklmnopqrstuvwxyz{}|^")
_NICK_SPECIALS = "[]\\`_^{|}"
CHANNEL_PREFIXES = "#&"
_CHANNEL_FORBIDDEN = " ,:"
# Scripts that are written together (Unicode TR 39, "highly restrictive"): Japanese mixes
# kanji and kana, Korean hanja and hangul, and each may hold Latin letters too.
_SCRIPTS_WRITTEN_TOGETHER = (
    {"Latin", "Han", "Hiragana", "Katakana"},
    {"Latin", "Han", "Bopomofo"},
    {"Latin", "Han", "Hangul"},
)


def casefold(name: str) -> str:
    """RFC 1459 casemapping: "Sam[1]" and "sam{1}" are the same nick."""
    return name.translate(_RFC1459_LOWER)


def nick_problem(nick: str) -> str | None:
    """Why `nick` can't be used, in words with a suggestion, or None when it is fine."""
    if not nick:
        return "Type a name first."
    suggestion = suggest_nick(nick)
    try_it = f" Try {suggestion}" if suggestion and suggestion != nick else ""
    if " " in nick:
        return "Names can't contain spaces." + try_it
    if len(nick) > NICK_MAX_CHARS:
        return f"Names can be at most {NICK_MAX_CHARS} characters long." + try_it
    if nick[0].isdigit() or nick[0] == "-":
        return "Names must start with a letter." + try_it
    bad = sorted({c for c in nick if not _nick_char(c)})
    if bad:
        shown = _named(bad)
        allowed = "letters, digits and - _ [ ] { } \\ | ^ `"
        return f"Names can use {allowed} only, not {shown}." + try_it
    return None


def suggest_nick(text: str) -> str:
    """The closest valid nick to `text` ("Zoë Smith" → "Zoe_Smith"), or "" if nothing is left."""
    plain = unicodedata.normalize("NFKD", text.strip())
    chars = ["_" if c.isspace() else c for c in plain if c.isspace() or _nick_char(c)]
    nick = "".join(chars).lstrip("-_0123456789")
    while "__" in nick:
        nick = nick.replace("__", "_")
    return nick[:NICK_MAX_CHARS]


def _named(characters: list[str]) -> str:
    """The characters as a reader can be shown them: those that can't be seen are named."""
    visible = [c for c in characters if c.isprintable() and not _invisible(c)]
    unseen = "invisible or control characters" if len(visible) < len(characters) else ""
    return " or ".join(part for part in (" ".join(visible), unseen) if part)


def is_valid_nick(nick: str) -> bool:
    return nick_problem(nick) is None


def _nick_char(char: str) -> bool:
    return char.isascii() and (char.isalnum() or char in _NICK_SPECIALS or char == "-")


def channel_problem(name: str) -> str | None:
    """Why `name` can't be a channel, in words, or None when it is fine."""
    if not name or name[0] not in CHANNEL_PREFIXES:
        return "Room names on the wire start with #, for example #class-chat."
    if len(name) > CHANNEL_MAX_CHARS:
        return f"Room names can be at most {CHANNEL_MAX_CHARS} characters long."
    if len(name) == 1:
        return "A room name needs at least one character after the #."
    if any(c in _CHANNEL_FORBIDDEN or unicodedata.category(c) == "Cc" for c in name):
        return "Room names can't contain spaces, commas, colons or control characters."
    return _look_alike_problem(name)


def _look_alike_problem(name: str) -> str | None:
    """Why `name` could pass for another room's name ("#class" and a zero-width space, or a
    Cyrillic "\\u0441" among Latin letters), or None when it can't."""
    if any(_invisible(c) for c in name):
        return (
            "Room names can't contain invisible characters (such as zero-width spaces "
            "or right-to-left marks): type the name again."
        )
    if unicodedata.normalize("NFC", name) != name:
        return (
            "Room names can't hold a letter and its accent as two characters "
            "(it looks the same as the accented letter): type the accented letter itself."
        )
    if unicodedata.normalize("NFKC", name) != name:
        return (
            "Room names can't use styled or full-width letters (such as \U0001d402 or \uff43): "
            "type them as plain letters."
        )
    scripts = sorted({_script(c) for c in name if c.isalpha()})
    if len(scripts) > 1 and not any(set(scripts) <= ok for ok in _SCRIPTS_WRITTEN_TOGETHER):
        return (
            f"Room names can't mix {' and '.join(scripts)} letters, which can look the same: "
            "use letters of one alphabet."
        )
    return None


def _invisible(char: str) -> bool:
    """True for what a reader can't see: format characters (zero-width space, bidi controls),
    spaces other than the plain one, and unassigned or private code points."""
    category = unicodedata.category(char)
    return category in ("Cf", "Cn", "Co", "Cs", "Zl", "Zp", "Zs") or char in BLANK_LETTERS


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
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address  # not an address (a test's name): counted as it is
    if parsed.version == 4:
        return address
    return str(ipaddress.ip_network(f"{parsed}/64", strict=False))


def mask_matches(mask: str, prefix: str) -> bool:
    """True when a ban mask like "sam*!*@10.0.0.*" covers `prefix` (nick!user@host).

    '*' stands for any run of characters and '?' for one; case follows RFC 1459.
    """
    if "!" not in mask and "@" not in mask:
        mask += "!*@*"
    return wildcard_match(casefold(mask), casefold(prefix))


def wildcard_match(mask: str, text: str) -> bool:
    """True when `mask` covers all of `text`: '*' is any run of characters, '?' exactly one.

    No regex: one built from "*a*a*a*a*b" backtracks for hours on a long nick, and any
    student may type a mask (WHO, or a ban in a room they made). Here each piece between two
    '*' is looked for once, at its first place after the piece before it (the earliest place
    leaves the most room for the rest), reading on from there: the text is read about once,
    and a mask of hundreds of '*' costs no more than one.
    """
    pieces = mask.split("*")
    if len(pieces) == 1:
        return len(mask) == len(text) and _fits(mask, text, 0)
    first, *middle, last = pieces
    end = len(text) - len(last)
    if sum(map(len, pieces)) > len(text) or not (_fits(first, text, 0) and _fits(last, text, end)):
        return False
    start = len(first)
    for piece in filter(None, middle):  # "**" leaves an empty piece, found anywhere: skipped
        found = _find(piece, text, start, end)
        if found < 0:
            return False
        start = found + len(piece)
    return True


def _fits(piece: str, text: str, at: int) -> bool:
    """True when `piece` ('?' for any one character) matches `text` from `at` on."""
    window = text[at : at + len(piece)]
    return len(window) == len(piece) and all(
        p in ("?", c) for p, c in zip(piece, window, strict=True)
    )


def _find(piece: str, text: str, start: int, end: int) -> int:
    """Where `piece` first fits in text[start:end], or -1, reading the text once.

    With a '?' in the piece, the shift-and method: bit i of `state` is set when the last i+1
    characters read match the first i+1 of the piece, so one step per character of text.
    """
    if "?" not in piece:
        return text.find(piece, start, end)
    wild = 0
    bits: dict[str, int] = {}
    for index, char in enumerate(piece):
        if char == "?":
            wild |= 1 << index
        else:
            bits[char] = bits.get(char, 0) | 1 << index
    whole = 1 << (len(piece) - 1)
    state = 0
    for at in range(start, end):
        state = ((state << 1) | 1) & (wild | bits.get(text[at], 0))
        if state & whole:
            return at - len(piece) + 1
    return -1
