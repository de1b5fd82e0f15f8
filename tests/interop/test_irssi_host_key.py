"""irssi takes a `serve` room in charge with the host key `serve` printed, given as the
password of `/connect` (IRC's PASS): it becomes the room's host (~), and a student's raw
client sees it so. The key is then dead for another computer.
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

S = r":chatgui\.local"
OPENED = re.compile(r"Others can join at 127\.0\.0\.1:(\d+)\n.*The host key is (\S+):", re.DOTALL)


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[int, str]]:
    """`serve --room class --host irssi_pupil` on 127.0.0.1: (its port, the host key)."""
    args = ("--room", "class", "--host", IRSSI_NICK, "--no-announce", "--no-history")
    with serving(tmp_path, OPENED, *args) as found:
        yield int(found.group(1)), found.group(2)


def test_irssi_becomes_the_host_with_the_key_as_its_password(
    served: tuple[int, str],
    irssi: Tmux,  # noqa: F811  (the fixture imported above)
    tmp_path: Path,
) -> None:
    port, key = served
    sam = LineClient(port, source="127.0.0.2")
    try:
        sam.register("Sam")
        sam.send(f"JOIN {ROOM}")
        sam.expect(rf"^{S} 366 Sam {ROOM} ")
        irssi.wait_for(r"Irssi v\d")
        irssi.type(f"/connect 127.0.0.1 {port} {key}")
        irssi.wait_for(r"End of /MOTD command")
        irssi.type(f"/join {ROOM}")
        sam.expect(rf"^:{IRSSI_NICK}!\S+ JOIN :?{ROOM}$", WAIT_S)
        sam.send(f"NAMES {ROOM}")
        sam.expect(rf"^{S} 353 Sam = {ROOM} :(Sam ~{IRSSI_NICK}|~{IRSSI_NICK} Sam)$")
        irssi.type(f"/mode {ROOM} +b m:Sam")
        sam.expect(rf"^:{IRSSI_NICK}!\S+ MODE {ROOM} \+b m:Sam!\*@\*$", WAIT_S)
        irssi.wait_for(r"mode/#\S+ \[\+b m:Sam!\*@\*\] by " + IRSSI_NICK)
        (tmp_path / "irssi-host-screen.txt").write_text(irssi.screen(), encoding="utf-8")
        again = LineClient(port, source="127.0.0.3")
        again.send(f"PASS {key}")
        again.send("NICK Tom")
        again.send("USER Tom 0 * :Tom")
        again.expect(rf"^{S} 464 Tom :That host key is not right, or was used already")
        again.close()
    finally:
        sam.close()
