"""irssi joins a `serve` room over TLS, the room's key pinned with the fingerprint serve prints
(`-tls_pinned_pubkey`: the certificate is the room's own, so there is none to check), and talks
with a student on the plain port, both ways.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.interop.serving import serving
from tests.interop.test_irc_clients import (
    IRSSI_NICK,
    ROOM,
    WAIT_S,
    Tmux,
    irssi,  # noqa: F401  (a fixture)
)
from tests.lineclient import LineClient

pytestmark = [pytest.mark.interop, pytest.mark.slow]

OPENED = re.compile(
    r"Others can join at 127\.0\.0\.1:(\d+)\n"
    r"Others can join with TLS \(encrypted\) at 127\.0\.0\.1:(\d+)\n"
    r"The room's key fingerprint \(SHA-256\) is ((?:[0-9A-F]{2}:){31}[0-9A-F]{2})\n"
)


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[int, int, str]]:
    """`serve --room class` on 127.0.0.1 with TLS: (its plain port, its TLS port, its key's
    fingerprint as printed)."""
    args = ("--tls-port", "0", "--room", "class", "--no-announce", "--no-history")
    with serving(tmp_path, OPENED, *args) as found:
        yield int(found.group(1)), int(found.group(2)), found.group(3)


def test_irssi_joins_over_tls_and_talks_with_a_plain_student(
    served: tuple[int, int, str],
    irssi: Tmux,  # noqa: F811  (the fixture imported above)
    tmp_path: Path,
) -> None:
    plain_port, tls_port, fingerprint = served
    sam = LineClient(plain_port, source="127.0.0.2")
    try:
        sam.register("Sam")
        sam.send(f"JOIN {ROOM}")
        sam.expect(r" 366 Sam ")
        irssi.wait_for(r"Irssi v\d")
        irssi.type(f"/connect -tls -tls_pinned_pubkey {fingerprint} 127.0.0.1 {tls_port}")
        irssi.wait_for(r"End of /MOTD command")
        irssi.type(f"/join {ROOM}")
        sam.expect(rf"^:{IRSSI_NICK}!\S+ JOIN :?{ROOM}$", WAIT_S)
        irssi.type("hello over TLS")
        sam.expect(rf"^:{IRSSI_NICK}!\S+ PRIVMSG {ROOM} :hello over TLS$", WAIT_S)
        sam.send(f"PRIVMSG {ROOM} :hello in plain")
        irssi.wait_for(r"<.?Sam> hello in plain")
    finally:
        (tmp_path / "irssi-tls-screen.txt").write_text(irssi.screen(), encoding="utf-8")
        sam.close()
