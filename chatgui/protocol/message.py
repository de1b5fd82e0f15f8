"""One IRC message: tags, source, command and parameters, parsed from and serialized to bytes.

Follows the modern IRC client protocol (RFC 1459/2812 plus IRCv3 message-tags). Parsing
never raises anything but RemoteProtocolError; serializing refuses, with LocalProtocolError,
anything that could be read back differently (a space in a middle parameter, a CR or LF).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from chatgui.limits import MAX_PARAMS
from chatgui.protocol.errors import LocalProtocolError, RemoteProtocolError
from chatgui.protocol.text import decode_text

_TAG_ESCAPES = {";": "\\:", " ": "\\s", "\\": "\\\\", "\r": "\\r", "\n": "\\n"}
_TAG_UNESCAPES = {":": ";", "s": " ", "\\": "\\", "r": "\r", "n": "\n"}
_TAG_ESCAPE_TABLE = str.maketrans(_TAG_ESCAPES)
_NOT_IN_TAG_NAMES = frozenset("=; \r\n\0@")


@dataclass(frozen=True)
class Message:
    """An IRC message. `command` is upper-cased by parse(); params never include the ':'."""

    command: str
    params: tuple[str, ...] = ()
    source: str | None = None
    tags: dict[str, str] = field(default_factory=dict)

    @property
    def nick(self) -> str | None:
        """The nick part of the source ("sam" in "sam!u@host"), or None without a source."""
        if self.source is None:
            return None
        return self.source.split("!", 1)[0].split("@", 1)[0]

    def param(self, index: int, default: str = "") -> str:
        """The parameter at `index`, or `default` when the message is shorter."""
        return self.params[index] if index < len(self.params) else default

    def to_bytes(self) -> bytes:
        """The wire form, without CR LF. Raises LocalProtocolError for what can't be sent."""
        return self.to_bytes_with(self.tags)

    def to_bytes_with(self, tags: dict[str, str]) -> bytes:
        """to_bytes() with `tags` in place of the message's own: the line one recipient may
        see (tags.py), made without a copy of the message for them."""
        parts: list[str] = []
        if tags:
            parts.append("@" + ";".join([_format_tag(k, v) for k, v in tags.items()]))
        source = self.source
        if source is not None:
            if not source or " " in source or "\r" in source or "\n" in source or "\0" in source:
                why = "is empty or holds a space or line break"
                raise LocalProtocolError(f"the source {source!r} {why}")
            parts.append(":" + source)
        if not _is_command(self.command):
            raise LocalProtocolError(f"{self.command!r} is not an IRC command")
        parts.append(self.command)
        parts.extend(_format_params(self.params))
        try:
            return " ".join(parts).encode("utf-8")
        except UnicodeEncodeError as error:  # a lone surrogate, e.g. half of a pasted emoji
            raise LocalProtocolError(f"the message holds text that isn't UTF-8: {error}") from None


def parse(line: bytes) -> Message:
    """Parse one line (without CR LF). Raises RemoteProtocolError when it is malformed.

    Every received line passes here, on the client's thread that shares the GIL with the
    window's, so it is read in few steps: decoded once, whole (a space or a NUL, CR or LF is
    one byte that no UTF-8 sequence holds, so the parts come out as decoded one by one), and
    its parameters split in one go (tests/protocol/test_parse_reference.py)."""
    return parse_text(decode_text(line))


def parse_text(text: str) -> Message:
    """parse() of a line already decoded: the server decodes each line once, strictly, as
    it refuses what is not UTF-8, and parses that text."""
    if "\0" in text or "\r" in text or "\n" in text:
        raise RemoteProtocolError("the line contains a NUL, CR or LF character")
    tags: dict[str, str] = {}
    if text.startswith("@"):
        tag_text, _, text = text.partition(" ")
        tags = _parse_tags(tag_text[1:])
    text = text.lstrip(" ")
    source = None
    if text.startswith(":"):
        word, _, text = text.partition(" ")
        source = word[1:]
        if not source:
            raise RemoteProtocolError("the line has an empty source")
        text = text.lstrip(" ")
    command, _, text = text.partition(" ")
    if not _is_command(command):
        raise RemoteProtocolError(f"{command!r} is not an IRC command" if command else "no command")
    return Message(command.upper(), _parse_params(text), source, tags)


def refused_command(line: bytes) -> tuple[str, str]:
    """The command and first parameter of a line refused whole (its text is not UTF-8), so
    the refusal can name them: ("PRIVMSG", "#class"). ("*", "") when there is no command to
    read; "" for a first parameter that is not itself in the line as UTF-8."""
    try:
        message = parse(line)
    except RemoteProtocolError:
        return "*", ""
    first = message.param(0)
    return message.command, first if first and first.encode() in line else ""


def _parse_params(text: str) -> tuple[str, ...]:
    """Words split at spaces (a run of them is one), up to the first that starts with ':',
    which is the last parameter and holds the rest of the line, spaces and all."""
    text = text.lstrip(" ")
    if text.startswith(":"):
        return (text[1:],)
    middle, colon, trailing = text.partition(" :")
    params = middle.split(" ") if middle else []
    if "" in params:  # a run of spaces, or one before the last parameter
        params = [word for word in params if word]
    if colon:
        params.append(trailing)
    if len(params) > MAX_PARAMS:
        raise RemoteProtocolError(f"the line has more than {MAX_PARAMS} parameters")
    return tuple(params)


def _parse_tags(text: str) -> dict[str, str]:
    tags: dict[str, str] = {}
    for item in text.split(";"):
        key, _, value = item.partition("=")
        if key:
            tags[key] = unescape_tag_value(value) if "\\" in value else value
    return tags


def unescape_tag_value(value: str) -> str:
    """Undo IRCv3 tag escaping; an unknown escape stands for the character itself. Most
    values (msgids, times) have no escape: returned as they are, not rebuilt a character at
    a time (the client's thread shares the GIL with the window's, so a flood waits on it)."""
    if "\\" not in value:
        return value
    out: list[str] = []
    chars = iter(value)
    for char in chars:
        if char == "\\":
            escaped = next(chars, "")
            out.append(_TAG_UNESCAPES.get(escaped, escaped))
        else:
            out.append(char)
    return "".join(out)


def escape_tag_value(value: str) -> str:
    """IRCv3 tag escaping: ';', space, backslash, CR and LF become two-character escapes.
    One str.translate, not a look-up per character: every relayed message's time and msgid
    pass here."""
    return value.translate(_TAG_ESCAPE_TABLE)


def _format_tag(key: str, value: str) -> str:
    if not key or not _NOT_IN_TAG_NAMES.isdisjoint(key):
        raise LocalProtocolError(f"{key!r} is not a valid tag name")
    if "\0" in value:
        raise LocalProtocolError(f"the value of tag {key!r} can't contain NUL")
    return f"{key}={value.translate(_TAG_ESCAPE_TABLE)}" if value else key  # escape_tag_value


def _format_params(params: tuple[str, ...]) -> list[str]:
    """The parameters as written on the wire; every line sent passes here, so the checks are
    plain `in` tests (a welcome's 005 lines have a dozen parameters each)."""
    if len(params) > MAX_PARAMS:
        raise LocalProtocolError(f"a message has at most {MAX_PARAMS} parameters")
    out = list(params)
    last = len(out) - 1
    for index, param in enumerate(out):
        if "\r" in param or "\n" in param or "\0" in param:
            raise LocalProtocolError("a parameter can't contain CR, LF or NUL")
        if not param or " " in param or param[0] == ":":
            if index != last:
                raise LocalProtocolError(
                    f"only the last parameter may be empty or spaced: {param!r}"
                )
            out[index] = ":" + param
    return out


def _is_command(command: str) -> bool:
    """True for a command word: ASCII letters, or a three-digit numeric."""
    return command.isascii() and (command.isalpha() or (command.isdigit() and len(command) == 3))
