"""Becoming part of the server: capabilities, our name, the welcome and what ends an attempt.

The handlers here answer CAP, the numerics of registration (001, 005, the MOTD, a name or
password refused), ERROR and PING; sasl.py proves the identity in between.
"""

import re

from chatgui import limits
from chatgui.events import Connected, NameTaken, ServerText
from chatgui.protocol import caps, names, numerics
from chatgui.protocol.client import secrecy
from chatgui.protocol.client.state import Handlers, SessionState, is_word
from chatgui.protocol.message import Message
from chatgui.protocol.text import without_controls

WANTED_CAPS = frozenset(
    {
        caps.MESSAGE_TAGS,
        caps.SERVER_TIME,
        caps.ECHO_MESSAGE,
        caps.BATCH,
        caps.LABELED_RESPONSE,
        caps.MULTI_PREFIX,
        caps.USERHOST_IN_NAMES,
        caps.AWAY_NOTIFY,
        caps.INVITE_NOTIFY,
        caps.CAP_NOTIFY,
        caps.STANDARD_REPLIES,
        caps.SETNAME,
        caps.CHATHISTORY,
        caps.MULTILINE,
        caps.SEARCH,
        caps.HANDS,
    }
)

SASL_MECHANISM = "PLAIN"
"""Asked for only with a password to prove (sasl.py), so never from a server that can't."""


def sasl_wanted(session: SessionState) -> bool:
    """Ask for `sasl`: we have a password, may send it, and the server offers PLAIN (or
    names no list)."""
    if session.sasl_password is None or caps.SASL not in session.caps_offered:
        return False
    if not session.may_send_secrets:
        return False
    mechanisms = session.caps_offered[caps.SASL]
    return not mechanisms or SASL_MECHANISM in mechanisms.split(",")


def plain_name(name: str) -> str:
    """The ASCII form of a name for a server that takes no other letters; "Guest" when none of
    its letters has one (李明)."""
    return names.ascii_nick(name) or "Guest"


def _on_cap(session: SessionState, message: Message) -> None:
    sub = message.param(1).upper()
    listed = message.params[-1].split() if len(message.params) > 2 else []
    if sub == "LS":
        more = len(message.params) > 3 and message.param(2) == "*"
        for token in listed:
            name, _, value = token.partition("=")
            session.caps_offered[name] = value
        if not more and not session.registered:
            wanted = sorted(WANTED_CAPS & session.caps_offered.keys())
            if sasl_wanted(session):
                wanted.append(caps.SASL)
            else:
                _identity_held_back(session)
            if wanted:
                session.send(Message("CAP", ("REQ", " ".join(wanted))))
            else:
                session.send(Message("CAP", ("END",)))
    elif sub in ("ACK", "NAK"):
        if sub == "ACK":
            caps.acknowledge(session.caps, listed)
        if sub == "ACK" and caps.SASL in listed and sasl_wanted(session):
            session.sasl_pending = True  # CAP END once the server said how it went (sasl.py)
            session.send(Message("AUTHENTICATE", (SASL_MECHANISM,)))
        elif not session.registered:
            session.send(Message("CAP", ("END",)))
    elif sub == "NEW":
        offered = {t.partition("=")[0] for t in listed}
        session.caps_offered.update(dict.fromkeys(offered, ""))
        wanted = sorted((WANTED_CAPS & offered) - session.caps)
        if wanted:
            session.send(Message("CAP", ("REQ", " ".join(wanted))))
    elif sub == "DEL":
        for name in listed:
            session.caps.discard(name)


def _identity_held_back(session: SessionState) -> None:
    """The server offers SASL but the identity may not go on this connection: say so."""
    offered = caps.SASL in session.caps_offered
    if offered and session.sasl_password is not None and not session.may_send_secrets:
        session.problem(None, secrecy.IDENTITY, secrecy.NOT_ENCRYPTED)


def _on_welcome(session: SessionState, message: Message) -> None:
    session.registered = True
    if is_word(message.param(0)):  # the name the server gave us, if it says one
        session.nick = message.param(0)
    session.server_name = message.source or ""


def _on_isupport(session: SessionState, message: Message) -> None:
    for token in message.params[1:-1]:
        key, _, value = token.partition("=")
        session.isupport[key.upper()] = _isupport_unescape(value)


def _isupport_unescape(value: str) -> str:
    """ISUPPORT values write awkward characters as \\xHH ("Class\\x20chat"); control
    characters written that way are left out, as the window shows these values as names."""
    unescaped = re.sub(r"\\x([0-9A-Fa-f]{2})", lambda m: chr(int(m.group(1), 16)), value)
    return without_controls(unescaped)


def _on_ready(session: SessionState, message: Message) -> None:
    if session.connected or not session.registered:
        return  # once, and only after the welcome (001): before it we can't join anything
    session.connected = True
    network = session.isupport.get(caps.NETWORK, session.server_name)
    session.emit(Connected(session.server_name, session.nick, network, frozenset(session.caps)))
    if session.plain_letters or names.casefold(session.nick) != names.casefold(session.wanted_nick):
        session.emit(NameTaken(session.wanted_nick, session.nick, session.plain_letters))


def _on_motd(session: SessionState, message: Message) -> None:
    if len(message.params) > 1:  # ":server 372 nick :- text"; without the text, nothing to show
        session.emit(ServerText(message.param(1).removeprefix("- ")))


def _on_nick_refused(session: SessionState, message: Message) -> None:
    if session.registered:
        if not message.param(1):
            return  # which name, the line does not say
        reason = message.param(2, "the server refused it")
        session.problem(None, f"The name {message.param(1)} can't be used: {reason}")
        return
    if message.command == numerics.ERR_ERRONEUSNICKNAME:
        _name_refused(session, message.param(2))
        return
    if session.nick_attempt > limits.NICK_RETRIES:
        session.failure = "nick unavailable"
        session.send(Message("QUIT", ("No free name",)))
        return
    session.nick_attempt += 1
    base = plain_name(session.wanted_nick) if session.plain_letters else session.wanted_nick
    session.nick = f"{base[: limits.NICK_MAX_CHARS - 3]}_{session.nick_attempt}"
    session.send(Message("NICK", (session.nick,)))


def _name_refused(session: SessionState, reason: str) -> None:
    """The server refused the name itself (432). A name of other letters ("Zoë", "李明") on a
    server that takes only ASCII names (ngIRCd, InspIRCd) becomes its plain form ("Zoe"), the
    typed name staying our real name; any other refusal ends the attempt with its reason (a
    chatgui room: "That name could be mistaken for the teacher's …")."""
    if not session.plain_letters and not session.nick.isascii():
        session.plain_letters = True
        session.nick = plain_name(session.wanted_nick)
        session.send(Message("NICK", (session.nick,)))
        return
    session.failure = "name refused"
    session.failure_detail = without_controls(reason)
    session.send(Message("QUIT", ("Name refused",)))


def _on_bad_password(session: SessionState, message: Message) -> None:
    if not session.registered:
        said = message.params[-1].lower() if message.params else ""
        session.failure = "wrong host key" if "host key" in said else "wrong password"


def _on_banned(session: SessionState, message: Message) -> None:
    session.failure = "banned"


def _on_error(session: SessionState, message: Message) -> None:
    session.error_text = message.param(0)
    lowered = session.error_text.lower()
    if session.registered or session.failure:
        return
    if "full" in lowered or "too many" in lowered:
        session.failure = "server full"
    elif "password" in lowered or ("access denied" in lowered and session.password):
        # InspIRCd names no reason: a password that matches no <connect> block gets "Access
        # denied by configuration". We gave one, so that is the likely fault to point at.
        session.failure = "wrong password"
    elif "banned" in lowered or "k-lined" in lowered:
        session.failure = "banned"


def _on_ping(session: SessionState, message: Message) -> None:
    session.send(Message("PONG", message.params[-1:]))


def _on_pong(session: SessionState, message: Message) -> None:
    """Any line proves the server is there; the network layer notes the time."""


HANDLERS: Handlers = {
    "CAP": _on_cap,
    numerics.RPL_WELCOME: _on_welcome,
    numerics.RPL_ISUPPORT: _on_isupport,
    numerics.RPL_ENDOFMOTD: _on_ready,
    numerics.ERR_NOMOTD: _on_ready,
    numerics.RPL_MOTD: _on_motd,
    numerics.RPL_MOTDSTART: _on_motd,
    numerics.ERR_NICKNAMEINUSE: _on_nick_refused,
    numerics.ERR_ERRONEUSNICKNAME: _on_nick_refused,
    numerics.ERR_PASSWDMISMATCH: _on_bad_password,
    numerics.ERR_YOUREBANNEDCREEP: _on_banned,
    "ERROR": _on_error,
    "PING": _on_ping,
    "PONG": _on_pong,
}
"""The commands this module takes, and their handlers (session.HANDLERS merges them)."""
