"""Hiding secrets in an IRC line before anyone sees it: the lesson view shows raw lines on a
projector, and a room password or the host secret must never be among them.

Hidden: the parameter of PASS and AUTHENTICATE, OPER's password, the keys of JOIN, the
parameters of a MODE (or RPL_CHANNELMODEIS) that sets +k, the words of a private message (to a
person, or to a room's host and helpers: "@#room"), and every parameter that is one of the
strings in `secrets` (the host secret, room keys).

Only whole parameters are hidden, never a piece of a word: with the room password "cat",
"concatenate" shown as "con***enate" would tell the whole class the password.
"""

from collections.abc import Iterable

from chatgui.protocol import numerics

HIDDEN = "***"

# Command → index of its first secret parameter (every parameter from there on is hidden).
_SECRET_FROM = {"PASS": 0, "AUTHENTICATE": 0, "OPER": 1, "JOIN": 1}
# Commands whose mode flags may set a room key: command → index of the flags parameter.
_MODE_FLAGS_AT = {"MODE": 1, numerics.RPL_CHANNELMODEIS: 2}
_MESSAGES = {"PRIVMSG", "NOTICE"}
_ROOM_PREFIXES = ("#", "&")  # a room's messages are seen by everyone in it anyway


def redact(line: str, secrets: Iterable[str] = ()) -> str:
    """`line` (one IRC line, without CR LF) with its secrets replaced by ***."""
    tokens = line.split(" ")
    start = 0
    while start < len(tokens) and start < 2 and tokens[start][:1] in ("@", ":"):
        start += 1  # skip the tags and the source
    if start >= len(tokens):
        return line
    command = tokens[start].upper()
    params = start + 1
    shown = _without_secrets(tokens[params:], {secret for secret in secrets if secret})
    first_hidden = _first_hidden(command, shown)
    if first_hidden is not None:
        shown = shown[:first_hidden] + _hidden(shown[first_hidden:])
    return " ".join(tokens[:params] + shown)


def _without_secrets(params: list[str], secrets: set[str]) -> list[str]:
    """The parameters with each one that is a secret hidden (a trailing one as a whole)."""
    shown: list[str] = []
    for index, token in enumerate(params):
        if token.startswith(":"):
            trailing = " ".join(params[index:])[1:]
            return [*shown, ":" + (HIDDEN if trailing in secrets else trailing)]
        shown.append(HIDDEN if token in secrets else token)
    return shown


def _hidden(tokens: list[str]) -> list[str]:
    """*** for each parameter; a trailing one (":…", spaces and all) is one parameter."""
    shown: list[str] = []
    for token in tokens:
        if token.startswith(":"):
            return [*shown, ":" + HIDDEN]
        shown.append(HIDDEN)
    return shown


def _first_hidden(command: str, params: list[str]) -> int | None:
    """Index (in `params`) of the first parameter to hide, or None when none is secret."""
    if command in _SECRET_FROM:
        return _SECRET_FROM[command]
    if command in _MESSAGES and params and not params[0].startswith(_ROOM_PREFIXES):
        return 1  # private: who it is to may show, what it says may not
    flags_at = _MODE_FLAGS_AT.get(command)
    if flags_at is None or len(params) <= flags_at:
        return None
    if sets_key(params[flags_at].lstrip(":")):
        return flags_at + 1
    return None


def sets_key(flags: str) -> bool:
    """True when mode flags like "+ik" or "-m+k" set the key (k in a + section)."""
    adding = True
    for flag in flags:
        if flag in "+-":
            adding = flag == "+"
        elif flag == "k" and adding:
            return True
    return False
