"""Text on the wire: decoding that never fails, and splitting long text into legal lines.

One invalid byte killed the whole classroom script this replaces (its recv(1024) cut a
'€' in half). Here bytes that are not UTF-8 become U+FFFD, the replacement character '�',
so the rest of the message still arrives and the damage stays visible where it happened.
"""

import re
import unicodedata

REPLACEMENT_CHARACTER = "\N{REPLACEMENT CHARACTER}"
FORMATTING_CODES = "\x02\x03\x04\x0f\x11\x16\x1d\x1e\x1f"
"""IRC formatting: bold, colour, hex colour, reset, monospace, reverse, italic, strike, underline"""
BLANK_LETTERS = "\u115f\u1160\u3164\uffa0"
"""The Hangul fillers: Unicode calls them letters, yet they are drawn as nothing at all."""
CTCP = "\x01"
"""Marks the start and end of a CTCP request: ACTION waves between two of them is /me waves."""
FORMATTING = re.compile(
    r"\x03(\d{1,2}(,\d{1,2})?)?"  # colour, with its foreground and background numbers
    r"|\x04([0-9A-Fa-f]{6}(,[0-9A-Fa-f]{6})?)?"  # hex colour
    r"|[\x02\x0f\x11\x16\x1d\x1e\x1f]"
)
"""One formatting code, with the numbers of a colour: what a client draws as nothing."""
_CONTROLS = [*range(0x00, 0x20), 0x7F, *range(0x80, 0xA0)]
_TERMINAL_ESCAPE = re.compile(
    r"(\x1b\[|\x9b)[0-?]*[ -/]*[@-~]?"  # CSI: clear the screen, move the cursor, colours
    r"|(\x1b[]PX^_]|[\x90\x98\x9d-\x9f])[^\x07\x1b\x9c]*(\x07|\x1b\\|\x9c)?"  # OSC…: a title
    r"|\x1b[ -/]*[0-~]?"  # any other escape
)
_ANY_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
"""Any character of _CONTROLS: every terminal escape starts with one, and only they change."""
_KEPT = FORMATTING_CODES + CTCP
_WITHOUT_CONTROLS = {c: None for c in _CONTROLS if chr(c) not in _KEPT} | {0x09: " "}
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_JOINERS = {"\N{ZERO WIDTH JOINER}", "\N{COMBINING GRAPHEME JOINER}"}


def decode_text(data: bytes) -> str:
    """UTF-8 to str; each invalid or cut sequence becomes one U+FFFD. Never raises."""
    return data.decode("utf-8", errors="replace")


def without_controls(text: str) -> str:
    """`text` as the server relays it: C0 and C1 control characters removed, ESC above all
    (it starts the terminal escapes that clear or rewrite a classmate's irssi screen). A whole
    escape sequence goes, so "[2J" is not left behind.

    The IRC formatting codes stay (clients draw them as bold, colours…), and so does the CTCP
    mark of "/me waves". A tab becomes one space: it keeps the words apart, but can't push text
    across someone else's screen.

    Text without any control character (nearly every message) is returned as it is: one
    search, where the escapes and the translation would look at every character again.
    """
    if _ANY_CONTROL.search(text) is None:
        return text
    return _TERMINAL_ESCAPE.sub("", text).translate(_WITHOUT_CONTROLS)


def is_number(text: str) -> bool:
    """Plain digits 0-9 only: str.isdigit() also says yes to "²" and "٣", which int() refuses."""
    return text.isascii() and text.isdigit()


def utf8_length(text: str) -> int:
    """How many bytes `text` takes on the wire."""
    return len(text.encode("utf-8", errors="surrogatepass"))


def cut_to_bytes(text: str, max_bytes: int) -> str:
    """The start of one line of `text` that fits in `max_bytes` UTF-8 bytes, cut between two
    characters (never inside one, or between a letter and its accent)."""
    return next(iter(split_text(text, max_bytes, at_spaces=False)), "")


def split_text(text: str, max_bytes: int, at_spaces: bool = True) -> list[str]:
    """Split a message into pieces of at most `max_bytes` UTF-8 bytes each.

    Every line of the message stays a piece of its own (empty lines are dropped). A long
    line is cut at the last space that fits when there is one in its second half, and
    otherwise between two characters, never inside a character or between a letter and
    its accent or an emoji and its joiner. With `at_spaces` False nothing is dropped: the
    pieces of one line join back into it exactly (for draft/multiline-concat).
    """
    if max_bytes < 4:
        raise ValueError("max_bytes must leave room for at least one character")
    pieces: list[str] = []
    for line in _LINE_BREAK.split(text):
        while utf8_length(line) > max_bytes:
            end, resume = _cut(line, max_bytes, at_spaces)
            pieces.append(line[:end])
            line = line[resume:]
        if line:
            pieces.append(line)
    return pieces


def _cut(line: str, max_bytes: int, at_spaces: bool) -> tuple[int, int]:
    """Where the first piece ends and the next one starts (a space at the cut is dropped)."""
    fits = 0
    used = 0
    for char in line:
        used += utf8_length(char)
        if used > max_bytes:
            break
        fits += 1
    cut = fits
    while cut > 0 and _glued(line[cut - 1], line[cut]):
        cut -= 1
    if cut == 0:
        cut = fits  # one cluster longer than a whole line: it has to be cut somewhere
    space = line.rfind(" ", 0, cut + 1) if at_spaces else -1
    if space > cut // 2:
        return space, space + 1
    return cut, cut


def _glued(before: str, after: str) -> bool:
    """True when cutting between these two characters would break what a reader sees."""
    if before in _JOINERS or after in _JOINERS:
        return True
    if unicodedata.combining(after) or unicodedata.category(after) == "Mn":
        return True
    return "\ufe00" <= after <= "\ufe0f" or "\U0001f3fb" <= after <= "\U0001f3ff"
