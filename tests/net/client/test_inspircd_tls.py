"""InspIRCd (Debian's package) with TLS and a certificate from a CA made by the test: the
client verifies it with that CA (CHATGUI_CA_FILE) and chats; the same certificate asked for
by another name (127.0.0.1: it was made for "localhost") is refused with the clear reason;
and its sts module upgrades a plain connection. Each test starts its own InspIRCd on free
ports of 127.0.0.1 and skips, saying which package, where it is not installed.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from chatgui.events import Connected, ConnectFailed, Connecting, Joined
from chatgui.net.client import ChatClient
from chatgui.net.tls_identity import CA_FILE_VARIABLE
from chatgui.protocol.client.address import parse_address
from chatgui.ui.wording import connect_failed
from tests.certificates import Issued, TestCa
from tests.lineclient import LineClient
from tests.net.client.ircservers import HOST, Events, IrcServer, free_port, missing_program

pytestmark = pytest.mark.slow
WAIT_S = 10.0
MODULES = Path("/usr/lib/inspircd/modules")


class TlsInspircd(IrcServer):
    """InspIRCd listening plain on `port` and with TLS (ssl_gnutls) on `tls_port`, with the
    sts module offering that port to plain connections and 300 s to verified ones."""

    def __init__(self, folder: Path, issued: Issued) -> None:
        self.issued = issued
        self.tls_port = free_port()
        super().__init__("inspircd", folder)

    def _prepare(self) -> list[str]:
        command = super()._prepare()
        config = self.folder / "inspircd.conf"
        certificate, key = self.issued.certificate, self.issued.key
        tls = f"""\
<module name="ssl_gnutls">
<sslprofile name="test" provider="gnutls" certfile="{certificate}" keyfile="{key}" dhfile=""
            requestclientcert="no">
<bind address="{HOST}" port="{self.tls_port}" type="clients" sslprofile="test">
<module name="ircv3_sts">
<sts host="localhost" port="{self.tls_port}" duration="300">
"""
        config.write_text(config.read_text(encoding="utf-8") + tls, encoding="utf-8")
        return command

    def start(self) -> None:
        """Start it and wait for both ports: the TLS one opens once ssl_gnutls has loaded, a
        moment after the plain one accepts (a test that connected then was refused)."""
        super().start()
        self.wait_accepting(self.tls_port)


@pytest.fixture
def inspircd(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[TlsInspircd]:
    reason = missing_program("inspircd")
    if reason is None and not (MODULES / "m_ssl_gnutls.so").exists():
        reason = "InspIRCd's ssl_gnutls module is missing (apt-get install inspircd)"
    if reason is not None:
        pytest.skip(reason)
    ca = TestCa(tmp_path)
    monkeypatch.setenv(CA_FILE_VARIABLE, str(ca.path))
    folder = tmp_path / "inspircd"
    folder.mkdir()
    server = TlsInspircd(folder, ca.issue(["localhost"], "inspircd"))
    server.start()
    yield server
    server.kill()


def test_the_client_verifies_inspircd_with_the_schools_ca_and_chats(
    inspircd: TlsInspircd, client: ChatClient, events: Events
) -> None:
    client.connect(parse_address(f"ircs://localhost:{inspircd.tls_port}"), "amy", None)
    events.wait_for(Connected, WAIT_S)
    client.join("#class", "cat")  # TLS: the room password may go
    events.wait_for(Joined, WAIT_S, channel="#class", is_me=True)
    bob = LineClient(inspircd.port)
    try:
        bob.register("bob")
        bob.send("JOIN #class cat")
        bob.expect(r" 366 ", WAIT_S)
        client.say("#class", "hello over a verified certificate")
        bob.expect(r"PRIVMSG #class :hello over a verified certificate$", WAIT_S)
    finally:
        bob.close()


def test_a_certificate_for_another_name_is_refused_with_the_reason(
    inspircd: TlsInspircd, client: ChatClient, events: Events
) -> None:
    client.connect(parse_address(f"ircs://127.0.0.1:{inspircd.tls_port}"), "amy")
    failed = events.wait_for(ConnectFailed, WAIT_S)
    assert failed.reason == "wrong name", failed
    assert "made for another name" in connect_failed(failed)


def test_inspircd_sts_upgrades_a_plain_connection(
    inspircd: TlsInspircd, tmp_path: Path, events: Events
) -> None:
    if not (MODULES / "m_ircv3_sts.so").exists():
        pytest.skip("InspIRCd's ircv3_sts module is missing")
    client = ChatClient(events.queue, sts_file=tmp_path / "sts.json")
    try:
        client.connect(parse_address(f"localhost:{inspircd.port}"), "amy")
        events.wait_for(Connected, WAIT_S)
        attempts = [(e.port, e.attempt) for e in events.all(Connecting)]
        assert attempts == [(inspircd.port, 1), (inspircd.tls_port, 2)]
        assert "localhost" in (tmp_path / "sts.json").read_text(encoding="utf-8")
    finally:
        client.close()
