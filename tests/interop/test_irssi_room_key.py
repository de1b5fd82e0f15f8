"""irssi as a student in a room with a password: the room's modes (its own MODE query on
joining, answered by 324, and the +k line when the teacher sets one) show the password only
as "*", so it can't be read off a student's screen; the teacher's raw client reads it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.interop.test_irc_clients import (
    IRSSI_NICK,
    ROOM,
    WAIT_S,
    Serve,
    Tmux,
    _read,
    _wait_until,
    irssi,  # noqa: F401  (a fixture)
    serve,  # noqa: F401  (a fixture)
    teacher,  # noqa: F401  (a fixture)
)
from tests.lineclient import LineClient

pytestmark = [pytest.mark.interop, pytest.mark.slow]
KEY = "kangaroo42"


def test_irssi_never_sees_the_room_password(
    serve: Serve,  # noqa: F811
    teacher: LineClient,  # noqa: F811
    irssi: Tmux,  # noqa: F811
    tmp_path: Path,
) -> None:
    rawlog = tmp_path / "irssi-key-rawlog.txt"
    try:
        irssi.wait_for(r"Irssi v\d")
        irssi.type(f"/connect 127.0.0.1 {serve.port}")
        irssi.wait_for(r"End of /MOTD command")
        irssi.type(f"/rawlog open {rawlog}")
        irssi.type(f"/join {ROOM}")
        teacher.expect(rf"^:{IRSSI_NICK}!\S+ JOIN :?{ROOM}$", WAIT_S)
        irssi.wait_for(r"Total of 2 nicks")
        teacher.send(f"MODE {ROOM} +k {KEY}")
        teacher.expect(rf"MODE {ROOM} \+k {KEY}$", WAIT_S)  # the teacher (operator) reads it
        irssi.wait_for(rf"mode/{ROOM} \[\+k \*\] by teacher")
        irssi.type(f"/mode {ROOM}")  # answered by 324, as on joining
        assert _wait_until(lambda: f" 324 {IRSSI_NICK} {ROOM} " in _read(rawlog)), _read(rawlog)
        modes = next(line for line in _read(rawlog).splitlines() if " 324 " in line)
        assert modes.endswith(" *"), modes
        teacher.send(f"MODE {ROOM}")
        teacher.expect(rf" 324 teacher {ROOM} \+\w+ {KEY}$", WAIT_S)
        assert KEY not in irssi.screen(), irssi.screen()
        assert KEY not in _read(rawlog), _read(rawlog)
    finally:
        (tmp_path / "irssi-key-screen.txt").write_text(irssi.screen(), encoding="utf-8")
    serve.assert_no_errors_logged()
    assert serve.stop() == 0, serve.stderr()
