"""Passwords only over TLS or to this computer: the session's rule for what it may send.

Anyone on a school network can read a plain connection, so a server password (PASS), a room
password (a JOIN key, or setting one with MODE +k), an operator password (OPER) and the
window's identity (SASL, AUTHENTICATE) are never sent on one, unless it goes to loopback,
where nothing crosses a network. What was held back is said instead, with what to do.
"""

from chatgui.protocol.message import Message
from chatgui.protocol.redact import sets_key

NOT_ENCRYPTED = "NOT_ENCRYPTED"
"""Problem.code of a password held back (ui/wording.py says it in classroom words)."""
SERVER_PASSWORD = "server password"
ROOM_PASSWORD = "room password"
OPERATOR_PASSWORD = "operator password"
IDENTITY = "identity"


def may_carry_secrets(tls: bool, on_loopback: bool) -> bool:
    """Whether passwords may go on a connection: encrypted, or to this computer itself."""
    return tls or on_loopback


def held_back(message: Message, may_send_secrets: bool) -> str | None:
    """Which password `message` carries that this connection may not carry (one of the names
    above); None when it may go. The session says what was held back (state.py)."""
    return None if may_send_secrets else secret_in(message)


def secret_in(message: Message) -> str | None:
    """Which kind of password `message` carries, if any (one of the names above)."""
    command, params = message.command.upper(), message.params
    if command == "PASS":
        return SERVER_PASSWORD
    if command == "OPER":
        return OPERATOR_PASSWORD
    if command == "AUTHENTICATE":
        return IDENTITY
    if command == "JOIN" and any(params[1:2]):
        return ROOM_PASSWORD
    if command == "MODE" and len(params) > 2 and sets_key(params[1]):
        return ROOM_PASSWORD
    return None
