"""The window's identity: a secret kept in the settings folder, proved to each room with SASL
PLAIN under a password of that room's own, and never a reason for a connection to fail."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from chatgui import limits, paths
from chatgui.events import Connected, Problem, ServerText
from chatgui.net.client import ChatClient
from chatgui.protocol.client.address import parse_address
from chatgui.protocol.client.sasl import room_password
from chatgui.protocol.client.session import ClientSession, Result
from chatgui.protocol.message import parse
from chatgui.ui.settings import IDENTITY_FILE, load_identity
from tests.lineclient import LineClient
from tests.net.client.ircservers import Events, IrcServer, StartServer

IDENTITY = bytes(range(32))


def test_the_identity_is_made_once_readable_by_its_user_only() -> None:
    """In the settings folder (CHATGUI_HOME here, a test's own: tests/conftest.py)."""
    first = load_identity()
    assert first is not None
    assert len(first) == limits.IDENTITY_SECRET_BYTES
    path = paths.config_dir() / IDENTITY_FILE
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert load_identity() == first  # every later start
    os.chmod(path, 0o644)  # loosened by someone: tightened again
    assert load_identity() == first
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_a_garbled_identity_is_replaced_and_an_unwritable_folder_means_none(
    tmp_path: Path,
) -> None:
    path = tmp_path / "settings" / IDENTITY_FILE
    path.parent.mkdir()
    path.write_text("not hex at all", encoding="ascii")
    made = load_identity(path)
    assert made is not None
    assert load_identity(path) == made
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o500)
    if os.geteuid() != 0:  # root writes anywhere
        assert load_identity(locked / IDENTITY_FILE) is None


def test_each_room_gets_its_own_password() -> None:
    teacher = room_password(IDENTITY, "10.0.0.5")
    assert teacher == room_password(IDENTITY, "10.0.0.5")
    assert room_password(IDENTITY, "Lab-PC-1") == room_password(IDENTITY, "lab-pc-1")
    assert teacher != room_password(IDENTITY, "10.0.0.23")  # a student's room can't replay it
    assert teacher != room_password(bytes(32), "10.0.0.5")
    assert IDENTITY.hex() not in teacher


def _lines(result: Result) -> list[str]:
    return [m.to_bytes().decode() for m in result.lines]


def test_the_session_asks_for_sasl_only_when_offered_with_plain() -> None:
    session = ClientSession("amy", sasl_password="pw", may_send_secrets=True)
    session.start()
    asked = session.receive(parse(b":s CAP * LS :sasl=EXTERNAL server-time"), 0.0)
    assert "sasl" not in " ".join(_lines(asked))
    plain = ClientSession("amy", sasl_password="pw", may_send_secrets=True)
    plain.start()
    asked = plain.receive(parse(b":s CAP * LS :sasl=PLAIN,EXTERNAL server-time"), 0.0)
    assert _lines(asked) == ["CAP REQ :server-time sasl"]
    without = ClientSession("amy")  # no identity: never asks
    without.start()
    assert _lines(without.receive(parse(b":s CAP * LS :sasl=PLAIN"), 0.0)) == ["CAP END"]


def test_the_session_sends_chunks_and_registers_whatever_the_outcome() -> None:
    session = ClientSession(
        "amy", sasl_password="p" * (300 - len("\0chatgui\0")), may_send_secrets=True
    )
    session.start()
    session.receive(parse(b":s CAP * LS :sasl"), 0.0)
    acked = session.receive(parse(b":s CAP amy ACK :sasl"), 0.0)
    assert _lines(acked) == ["AUTHENTICATE PLAIN"]  # CAP END waits
    sent = _lines(session.receive(parse(b"AUTHENTICATE +"), 0.0))
    assert [len(line.split()[1]) for line in sent] == [400, 1]  # 400 bytes exactly, then "+"
    assert sent[1] == "AUTHENTICATE +"
    failed = session.receive(parse(b":s 904 * :SASL authentication failed"), 0.0)
    assert _lines(failed) == ["CAP END"]
    assert not [e for e in failed.events if isinstance(e, Problem | ServerText)]  # nothing scary
    assert session.account is None


@pytest.fixture
def identity_client(events: Events) -> Iterator[ChatClient]:
    chat = ChatClient(events.queue, IDENTITY)
    yield chat
    chat.close()


def _account_shown(server: IrcServer, nick: str) -> str | None:
    peer = LineClient(server.port, host=server.host)
    try:
        peer.register("watcher")
        peer.send(f"WHOIS {nick}")
        found = None
        while " 318 " not in (line := peer.expect(r" 330 | 318 ", 5.0)):
            found = line.split()[4]
        return found
    finally:
        peer.close()


def test_a_window_proves_its_identity_or_joins_without_one(
    irc_server: IrcServer, identity_client: ChatClient, events: Events
) -> None:
    """chatgui's room gives it an account; ngIRCd and InspIRCd, which offer no SASL here, are
    joined exactly as before, with nothing said."""
    address = parse_address(f"{irc_server.host}:{irc_server.port}")
    identity_client.connect(address, "amy")
    connected = events.wait_for(Connected, limits.CONNECT_TIMEOUT_S + 1)
    account = _account_shown(irc_server, connected.nick)
    if irc_server.kind == "chatgui":
        assert account is not None
        assert len(account) == 13
        assert "sasl" in connected.caps
    else:
        assert account is None
    assert not [e for e in events.seen if isinstance(e, Problem)]


def test_the_same_window_is_the_same_account_after_the_room_restarts(
    start_irc: StartServer, events: Events, identity_client: ChatClient
) -> None:
    server = start_irc("chatgui")
    identity_client.connect(parse_address(f"{server.host}:{server.port}"), "amy")
    events.wait_for(Connected, limits.CONNECT_TIMEOUT_S + 1)
    before = _account_shown(server, "amy")
    server.restart()
    events.wait_for(Connected, limits.RECONNECT_BACKOFF_S[-1] + limits.CONNECT_TIMEOUT_S + 5)
    assert _account_shown(server, "amy") == before
