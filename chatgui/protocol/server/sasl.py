"""Proving who you are: SASL PLAIN (IRCv3 sasl-3.1 and 3.2), before registering.

There is nothing to register: the account a (name, password) pair proves is a keyed hash of
the pair under the server's secret (ServerConfig.account_key), shown as 13 base32 letters. The
same pair always proves the same account under the same key, and the name gives nobody the
password (nor the means to test one without the key). A chatgui window proves a password of
its own for each room (chatgui/identity.py), so its person keeps their private history over
reconnects and restarts; a plain IRC client may prove any pair it likes, or none.

Bounded: AUTHENTICATE text (limits.SASL_MAX_BYTES), exchanges per connection, and accounts
never seen before per computer (a window that reconnects proves a known one, never counted).
"""

import base64
import binascii
import hashlib
import hmac
import math
from typing import TYPE_CHECKING

from chatgui import limits
from chatgui.protocol import numerics
from chatgui.protocol.message import Message

if TYPE_CHECKING:
    from chatgui.protocol.server.context import ServerContext
    from chatgui.protocol.server.model import Person

MECHANISM = "PLAIN"
CHUNK_BYTES = 400
"""AUTHENTICATE carries base64 in chunks of 400 bytes; a shorter one (or "+") ends it."""


def account_for(key: bytes, name: str, password: str) -> str:
    """The account (name, password) proves under `key`: HMAC-SHA256, cut and in base32."""
    proof = name.encode() + b"\0" + password.encode()
    digest = hmac.new(key, proof, hashlib.sha256).digest()[: limits.ACCOUNT_NAME_BYTES]
    return base64.b32encode(digest).decode().rstrip("=").lower()


def on_authenticate(server: "ServerContext", person: "Person", message: Message) -> None:
    said = message.params[0]
    if not server.config.account_key:
        _fail(server, person, "This room has no accounts")
    elif person.account is not None:
        server.reply(person, numerics.ERR_SASLALREADY, "You have already authenticated using SASL")
    elif person.registered:
        _fail(server, person, "Log in before registering")
    elif person.sasl_said is None:
        _start(server, person, said)
    elif said == "*":
        person.sasl_said = None
        server.reply(person, numerics.ERR_SASLABORTED, "SASL authentication aborted")
    else:
        _go_on(server, person, said)


def abort_exchange(server: "ServerContext", person: "Person") -> None:
    """Registration went on (CAP END) in the middle of an exchange: it ends, unproven."""
    if person.sasl_said is not None:
        person.sasl_said = None
        server.reply(person, numerics.ERR_SASLABORTED, "SASL authentication aborted")


def _start(server: "ServerContext", person: "Person", mechanism: str) -> None:
    if mechanism == "*":
        server.reply(person, numerics.ERR_SASLABORTED, "SASL authentication aborted")
        return
    if person.sasl_tries >= limits.SASL_TRIES_PER_CONNECTION:
        _fail(server, person, "Too many tries on this connection; connect again")
        return
    person.sasl_tries += 1
    if mechanism.upper() != MECHANISM:
        server.reply(person, numerics.RPL_SASLMECHS, MECHANISM, "are available SASL mechanisms")
        _fail(server, person)
        return
    person.sasl_said = ""
    server.send(person, Message("AUTHENTICATE", ("+",)))


def _go_on(server: "ServerContext", person: "Person", chunk: str) -> None:
    """One more chunk: kept while they come 400 bytes long, then the whole is checked."""
    assert person.sasl_said is not None
    size = len(chunk.encode())
    if size > CHUNK_BYTES or len(person.sasl_said) + size > limits.SASL_MAX_BYTES:
        person.sasl_said = None
        server.reply(person, numerics.ERR_SASLTOOLONG, "SASL message too long")
        return
    if chunk != "+":
        person.sasl_said += chunk
    if size == CHUNK_BYTES:
        return
    whole, person.sasl_said = person.sasl_said, None
    pair = _plain(whole)
    if pair is None:
        _fail(server, person)
        return
    authzid, name, password = pair
    account = account_for(server.config.account_key, name, password)
    if authzid not in ("", name, account):  # asking to act as someone else (irssi and
        # WeeChat send the name itself as the authzid: that is the same person)
        _fail(server, person)
        return
    if _must_wait(server, person, account):
        return
    server.known_accounts.add(person.computer, account)
    person.account = account
    server.reply(
        person,
        numerics.RPL_LOGGEDIN,
        person.prefix,
        account,
        f"You are now logged in as {account}",
    )
    server.reply(person, numerics.RPL_SASLSUCCESS, "SASL authentication successful")


def _plain(text: str) -> tuple[str, str, str] | None:
    """(authzid, name, password) from SASL PLAIN's base64 (RFC 4616), or None if malformed."""
    try:
        raw = base64.b64decode(text, validate=True)
        fields = raw.decode("utf-8").split("\0")
    except (binascii.Error, ValueError):
        return None
    if len(fields) != 3 or not fields[1] or not fields[2]:
        return None
    authzid, name, password = fields
    return authzid, name, password


def _must_wait(server: "ServerContext", person: "Person", account: str) -> bool:
    """An account new to this computer counts as a guess: past the free ones, each waits
    longer (per_computer.GuessLimiter). A known one (a window reconnecting) never waits."""
    if (person.computer, account) in server.known_accounts:
        return False
    wait = server.account_guesses.wait_s(person.computer, server.now)
    if wait > 0:
        seconds = max(1, math.ceil(wait))
        _fail(server, person, f"Too many new logins from your computer; wait {seconds} s")
        return True
    count = server.account_guesses.wrong(person.computer, server.now)
    if count == limits.SASL_FREE_NEW_ACCOUNTS:
        server.alert(
            f"Someone at {person.host} logged in as {count} different people in a short time; "
            "each further new one from there now has to wait longer."
        )
    return False


def _fail(server: "ServerContext", person: "Person", why: str = "") -> None:
    text = f"SASL authentication failed: {why}" if why else "SASL authentication failed"
    server.reply(person, numerics.ERR_SASLFAIL, text)
