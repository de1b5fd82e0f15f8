"""Proving the window's identity to a room: SASL PLAIN (IRCv3 sasl-3.1), when offered.

The window keeps one secret (ui/settings.py load_identity); each room gets its own password
derived from it and the room's address, HMAC(secret, address), so a room a student hosts
learns nothing it could replay to the teacher's room. The account the room makes of it is
what keeps this person's private history theirs (protocol/server/sasl.py). A server without
SASL, or one that refuses, is joined without an identity, as before: nothing is said.
"""

import base64
import hashlib
import hmac

from chatgui.protocol import numerics
from chatgui.protocol.client.state import Handlers, SessionState
from chatgui.protocol.message import Message

NAME = "chatgui"
"""The SASL name every window gives: who it is lies in the password alone."""
CHUNK_BYTES = 400


def room_password(identity: bytes, host: str) -> str:
    """The password this identity proves to the room at `host` (its address, any case)."""
    return hmac.new(identity, host.lower().encode(), hashlib.sha256).hexdigest()


def _on_authenticate(session: SessionState, message: Message) -> None:
    if not session.sasl_pending or message.param(0) != "+" or session.sasl_password is None:
        return
    said = f"\0{NAME}\0{session.sasl_password}".encode()
    payload = base64.b64encode(said).decode()
    chunks = [payload[i : i + CHUNK_BYTES] for i in range(0, len(payload), CHUNK_BYTES)]
    if len(payload) % CHUNK_BYTES == 0:
        chunks.append("+")  # a last chunk of exactly 400 bytes says more may come
    for chunk in chunks:
        session.send(Message("AUTHENTICATE", (chunk,)))


def _on_logged_in(session: SessionState, message: Message) -> None:
    if len(message.params) >= 4:
        session.account = message.params[2]


def _on_outcome(session: SessionState, message: Message) -> None:
    """Proven or not, registration goes on: without an identity, as any IRC program may."""
    if session.sasl_pending:
        session.sasl_pending = False
        if not session.registered:
            session.send(Message("CAP", ("END",)))


HANDLERS: Handlers = {
    "AUTHENTICATE": _on_authenticate,
    numerics.RPL_LOGGEDIN: _on_logged_in,
    numerics.RPL_SASLSUCCESS: _on_outcome,
    numerics.ERR_SASLFAIL: _on_outcome,
    numerics.ERR_SASLTOOLONG: _on_outcome,
    numerics.ERR_SASLABORTED: _on_outcome,
    numerics.ERR_SASLALREADY: _on_outcome,
}
"""The commands this module takes, and their handlers (session.HANDLERS merges them)."""
