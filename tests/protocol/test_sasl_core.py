"""SASL in the server core, against any AUTHENTICATE a student can type: the server never
crashes, nobody is logged in by malformed input, and everyone else is still served."""

from __future__ import annotations

import base64

from hypothesis import given, settings
from hypothesis import strategies as st

from chatgui import limits
from chatgui.protocol.message import parse
from chatgui.protocol.server.model import ServerConfig
from chatgui.protocol.server.outgoing import Send
from chatgui.protocol.server.sasl import account_for
from chatgui.protocol.server.state import ServerState

NOW = 1_800_000_000.0
KEY = b"k" * 32

# Every chunk is "+", "*", or holds a character base64 never has: whatever the chunks, what
# they add up to can't be a valid PLAIN payload.
_NOT_BASE64 = st.text(
    alphabet=st.characters(blacklist_characters="\r\n\0", blacklist_categories=("Cs",)),
    max_size=500,
).filter(lambda text: any(not (c.isascii() and (c.isalnum() or c in "+/=")) for c in text))
_CHUNK = st.one_of(st.sampled_from(["+", "*", "PLAIN", "plain", ""]), _NOT_BASE64)


def _server() -> ServerState:
    server = ServerState(ServerConfig(account_key=KEY))
    server.connected(1, "10.0.0.7", NOW)
    server.received(1, b"NICK teacher", NOW)
    server.received(1, b"USER teacher 0 * :Teacher", NOW)
    server.connected(2, "10.0.0.9", NOW)
    return server


def _answers_ping(server: ServerState, conn: int) -> bool:
    out = server.received(conn, b"PING alive", NOW + 1)
    return any(isinstance(o, Send) and parse(o.line).command == "PONG" for o in out)


@settings(max_examples=300, deadline=None)
@given(st.lists(_CHUNK, max_size=12))
def test_malformed_authenticate_never_logs_anyone_in(chunks: list[str]) -> None:
    server = _server()
    for chunk in chunks:
        server.received(2, f"AUTHENTICATE {chunk}".encode(), NOW)
        server.received(2, f"AUTHENTICATE :{chunk}".encode(), NOW)
    student = server.people[2]
    assert student.account is None
    assert student.sasl_said is None or len(student.sasl_said) <= limits.SASL_MAX_BYTES
    assert _answers_ping(server, 1)
    assert _answers_ping(server, 2)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.binary(max_size=600), max_size=6))
def test_any_bytes_after_authenticate_leave_the_server_serving(lines: list[bytes]) -> None:
    server = _server()
    server.received(2, b"AUTHENTICATE PLAIN", NOW)
    for line in lines:
        server.received(2, b"AUTHENTICATE " + line.replace(b"\r", b"").replace(b"\n", b""), NOW)
    assert _answers_ping(server, 1)
    assert 2 not in server.people or _answers_ping(server, 2)


@given(st.text(max_size=40), st.text(min_size=1, max_size=40))
def test_a_well_formed_pair_proves_its_account(name: str, password: str) -> None:
    name = name.replace("\0", "") or "sam"
    password = password.replace("\0", "") or "pw"
    server = _server()
    server.received(2, b"AUTHENTICATE PLAIN", NOW)
    payload = base64.b64encode(f"\0{name}\0{password}".encode()).decode()
    for start in range(0, len(payload), 400):
        server.received(2, f"AUTHENTICATE {payload[start : start + 400]}".encode(), NOW)
    if len(payload) % 400 == 0:
        server.received(2, b"AUTHENTICATE +", NOW)
    assert server.people[2].account == account_for(KEY, name, password)
