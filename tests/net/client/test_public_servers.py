"""Public IRC servers: certificates checked as any program checks them, a refused one said in
classroom words (and nothing sent to it), and `sts` (IRCv3 Strict Transport Security) obeyed
only where the certificate was verified. Real TLS on 127.0.0.1, port 0, with a CA made by the
test and given to the client through CHATGUI_CA_FILE.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from chatgui import limits
from chatgui.events import Connected, ConnectFailed, ConnectionLost
from chatgui.net.client import ChatClient
from chatgui.net.sts_policies import StsPolicies
from chatgui.net.tls_identity import CA_FILE_VARIABLE
from chatgui.protocol.client.address import ANY_KEY, Address, parse_address
from chatgui.ui.wording import connect_failed
from tests.certificates import TestCa
from tests.net.client.ircservers import Events
from tests.net.client.stubserver import StubServer, server_context

WAIT_S = 10.0


@pytest.fixture
def ca(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> TestCa:
    """A CA the client trusts (as a school's own would be, through CHATGUI_CA_FILE)."""
    authority = TestCa(tmp_path)
    monkeypatch.setenv(CA_FILE_VARIABLE, str(authority.path))
    return authority


def tls_stub(ca: TestCa, names: list[str], caps: str = "", expired: bool = False) -> StubServer:
    issued = ca.issue(names, f"server-{len(list(ca.folder.iterdir()))}", expired)
    return StubServer(caps, server_context(str(issued.certificate), str(issued.key)))


def test_a_certificate_from_a_trusted_authority_is_verified_and_the_server_joined(
    ca: TestCa, client: ChatClient, events: Events
) -> None:
    server = tls_stub(ca, ["localhost"])
    try:
        client.connect(parse_address(f"ircs://localhost:{server.port}"), "amy", "serverpw")
        events.wait_for(Connected, WAIT_S)
        server.wait_heard(b"PASS serverpw\r\n")  # TLS: the password may go
    finally:
        server.close()


@pytest.mark.parametrize(
    ("names", "expired", "trusted", "reason", "words"),
    [
        (["irc.school.example"], False, True, "wrong name", "made for another name"),
        (["localhost"], True, True, "expired", "out of date"),
        (["localhost"], False, False, "not trusted", "no trusted authority"),
    ],
)
def test_a_refused_certificate_is_said_clearly_and_nothing_is_sent(
    tmp_path: Path,
    ca: TestCa,
    client: ChatClient,
    events: Events,
    names: list[str],
    expired: bool,
    trusted: bool,
    reason: str,
    words: str,
) -> None:
    if trusted:
        server = tls_stub(ca, names, expired=expired)
    else:
        (tmp_path / "other").mkdir()
        server = tls_stub(TestCa(tmp_path / "other", "someone else's CA"), names)
    try:
        client.connect(parse_address(f"ircs://localhost:{server.port}"), "amy", "serverpw")
        failed = events.wait_for(ConnectFailed, WAIT_S)
        assert failed.reason == reason, failed
        said = connect_failed(failed)
        assert words in said, said
        assert "verify" not in said
        assert "errno" not in said.lower()
        assert server.heard == []  # not one byte of IRC, and no password
        events.expect_none(ConnectFailed, 0.5)  # not tried again
        assert server.connections == 1
    finally:
        server.close()


def test_a_certificate_refused_on_a_reconnect_ends_the_tries(
    ca: TestCa, client: ChatClient, events: Events
) -> None:
    """The server comes back with a certificate for another name: said, and not tried again."""
    first = tls_stub(ca, ["localhost"])
    client.connect(parse_address(f"ircs://localhost:{first.port}"), "amy")
    events.wait_for(Connected, WAIT_S)
    first.close()
    events.wait_for(ConnectionLost, WAIT_S)
    other = ca.issue(["irc.school.example"], "other")
    context = server_context(str(other.certificate), str(other.key))
    second = StubServer(tls=context, port=first.port)
    try:
        failed = events.wait_for(ConnectFailed, WAIT_S)
        assert failed.reason == "wrong name", failed
        events.expect_none(ConnectionLost, max(limits.RECONNECT_BACKOFF_LAN_S) * 1.5)
        assert second.connections == 1
        assert second.heard == []
    finally:
        second.close()


def test_a_plain_connection_is_upgraded_when_the_server_offers_sts(
    tmp_path: Path, ca: TestCa, events: Events
) -> None:
    secure = tls_stub(ca, ["localhost"], "sts=port=1,duration=300")
    plain = StubServer(f"sts=port={secure.port},duration=999")
    policies = tmp_path / "sts.json"
    client = ChatClient(events.queue, sts_file=policies)
    try:
        client.connect(parse_address(f"localhost:{plain.port}"), "amy")
        events.wait_for(Connected, WAIT_S)
        secure.wait_heard(b"USER ")
        assert b"CAP REQ" not in plain.all_heard()  # left as soon as it said sts
        assert b"CAP END" not in plain.all_heard()
        kept = json.loads(policies.read_text(encoding="utf-8"))
        assert kept["localhost"][0] == secure.port  # the verified TLS port, for 300 s
    finally:
        client.close()
    again = ChatClient(events.queue, sts_file=policies)  # the next lesson: TLS straight away
    try:
        events.drain()
        again.connect(parse_address(f"localhost:{plain.port}"), "amy", "serverpw")
        events.wait_for(Connected, WAIT_S)
        assert plain.connections == 1
        assert secure.connections == 2
        secure.wait_heard(b"PASS serverpw")
    finally:
        again.close()
        plain.close()
        secure.close()


def test_sts_is_never_taken_from_a_key_that_was_only_pinned(tmp_path: Path, events: Events) -> None:
    """A chatgui room known by its key (here: any key, a first join) is not verified by an
    authority: its sts is not remembered."""
    room = TestCa(tmp_path, "a student's room")
    stub = tls_stub(room, ["localhost"], "sts=port=1,duration=300")
    policies = tmp_path / "sts.json"
    client = ChatClient(events.queue, sts_file=policies)
    try:
        client.connect(Address("localhost", stub.port, True, ANY_KEY), "amy")
        events.wait_for(Connected, WAIT_S)
        assert not policies.exists()
    finally:
        client.close()
        stub.close()


def test_policies_are_kept_for_host_names_bounded_and_written_whole(tmp_path: Path) -> None:
    path = tmp_path / "sts.json"
    policies = StsPolicies(path)
    for number in range(limits.STS_POLICIES_MAX + 5):
        address = Address(f"irc{number}.school.example", 6697, True)
        policies.heard(address, f"duration={1000 + number}", 0.0)
    policies.heard(Address("10.0.0.5", 6697, True), "duration=1000", 0.0)  # an IP: not kept
    kept = json.loads(path.read_text(encoding="utf-8"))
    assert len(kept) == limits.STS_POLICIES_MAX
    assert "irc0.school.example" not in kept  # the soonest to end went first
    assert "10.0.0.5" not in kept
    assert [p.name for p in tmp_path.iterdir()] == ["sts.json"]  # no half-written file left
    reread = StsPolicies(path)
    plain = Address("irc104.school.example", 6667, False)
    assert reread.secure(plain, 500.0) == Address("irc104.school.example", 6697, True)
    assert reread.secure(plain, 2000.0) == plain  # ended
    reread.heard(Address("irc104.school.example", 6697, True), "duration=0", 1.0)
    assert StsPolicies(path).secure(plain, 500.0) == plain  # duration=0: forgotten
    path.write_text("{garbled", encoding="utf-8")
    assert StsPolicies(path).secure(plain, 500.0) == plain


def test_a_huge_duration_is_cut_to_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "sts.json"
    StsPolicies(path).heard(Address("irc.school.example", 6697, True), "duration=" + "9" * 10, 0.0)
    kept = json.loads(path.read_text(encoding="utf-8"))
    assert kept["irc.school.example"][1] == limits.STS_DURATION_MAX_S
