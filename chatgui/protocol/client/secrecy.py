"""Passwords only over TLS or to this computer: the session's rule for what it may send.

Anyone on a school network can read a plain connection, so a server password (PASS), a room
password (a JOIN key, or setting one with MODE +k), an operator password (OPER) and the
window's identity (SASL, AUTHENTICATE) are never sent on one, unless it goes to loopback,
where nothing crosses a network. What was held back is said instead, with what to do.
"""

from typing import TYPE_CHECKING

from chatgui.protocol.message import Message

if TYPE_CHECKING:
    from chatgui.protocol.client.session import ClientSession

NOT_ENCRYPTED = "NOT_ENCRYPTED"
"""Problem.code of a password held back (ui/wording.py says it in classroom words)."""
SERVER_PASSWORD = "server password"
ROOM_PASSWORD = "room password"
OPERATOR_PASSWORD = "operator password"
IDENTITY = "identity"


def may_carry_secrets(tls: bool, on_loopback: bool) -> bool:
    """Whether passwords may go on a connection: encrypted, or to this computer itself."""
    return tls or on_loopback


def held_back(session: "ClientSession", message: Message) -> bool:
    """Whether `message` carries a password the session's connection may not: then it is
    said instead (Problem, NOT_ENCRYPTED), and a server password ends the attempt."""
    what = None if session.may_send_secrets else secret_in(message)
    if what == SERVER_PASSWORD:
        session.failure = "not encrypted"
    elif what is not None:
        room = message.param(0) if what == ROOM_PASSWORD else None
        session.problem(room, what, NOT_ENCRYPTED)
    return what is not None


def identity_held_back(session: "ClientSession", sasl_offered: bool) -> None:
    """The server offers SASL but the identity may not go on this connection: say so."""
    if sasl_offered and session.sasl_password is not None and not session.may_send_secrets:
        session.problem(None, IDENTITY, NOT_ENCRYPTED)


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
    if command == "MODE" and len(params) > 2 and _sets_key(params[1]):
        return ROOM_PASSWORD
    return None


def _sets_key(flags: str) -> bool:
    """Whether mode flags like "+lk" or "-o+k" set a room password (+k)."""
    adding = True
    for flag in flags:
        if flag in "+-":
            adding = flag == "+"
        elif flag == "k" and adding:
            return True
    return False
