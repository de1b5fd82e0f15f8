"""irssi 1.4 shows a refusal where the line was typed: in the room's window, not its status
window. irssi knows no IRCv3 standard replies, so chatgui answers it with IRC's own 404
(ERR_CANNOTSENDTOCHAN) naming the room: a filtered word, slow mode, and bytes that are not
UTF-8 (irssi sends what it is told to)."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.interop.test_irc_clients import (
    IRSSI_NICK,
    PROJECT,
    ROOM,
    STOP_S,
    WAIT_S,
    Tmux,
    _port_from,
    _read_open_line,
    _save,
    irssi,  # noqa: F401  (a fixture)
)
from tests.lineclient import LineClient

pytestmark = [pytest.mark.interop, pytest.mark.slow]

FILTERED = "it contains a word the host does not allow"
SLOW = "Slow mode is on in #class: wait"


@pytest.fixture
def filtered_room(tmp_path: Path) -> Iterator[int]:
    """`serve` on 127.0.0.1 whose word filter refuses "pineapple": its port."""
    words = tmp_path / "words.txt"
    words.write_text("pineapple\n", encoding="utf-8")
    command = [sys.executable, "-m", "chatgui", "serve", "--bind", "127.0.0.1", "--port", "0"]
    command += ["--filter-file", str(words), "--filter-action", "block"]
    command += ["--no-announce", "--no-history"]
    with (tmp_path / "serve.stderr").open("wb") as stderr:
        proc = subprocess.Popen(
            command, cwd=PROJECT, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=stderr
        )
    try:
        yield _port_from(_read_open_line(proc, WAIT_S))
    finally:
        proc.terminate()
        proc.wait(timeout=STOP_S)
        assert proc.stdout is not None
        proc.stdout.close()


def test_irssi_shows_slow_mode_and_word_filter_refusals_in_the_rooms_window(
    filtered_room: int,
    irssi: Tmux,  # noqa: F811  (the fixture imported above)
    tmp_path: Path,
) -> None:
    teacher = LineClient(filtered_room)
    try:
        teacher.register("teacher")
        teacher.send(f"JOIN {ROOM}")  # the first one in: its operator
        teacher.expect(rf" 366 teacher {ROOM} ", WAIT_S)
        irssi.wait_for(r"Irssi v\d")
        irssi.type(f"/connect 127.0.0.1 {filtered_room}")
        irssi.wait_for(r"End of /MOTD command")
        irssi.type(f"/join {ROOM}")
        teacher.expect(rf"^:{IRSSI_NICK}!\S+ JOIN :?{ROOM}$", WAIT_S)
        irssi.wait_for(r"Total of 2 nicks")

        irssi.type("I like pineapple pizza")  # typed in #class's window (window 2)
        irssi.wait_for(FILTERED)
        teacher.send(f"MODE {ROOM} +W 60")
        irssi.wait_for(r"\[\+W 60\] by teacher")
        irssi.type("first line")
        teacher.expect(rf"^:{IRSSI_NICK}!\S+ PRIVMSG {ROOM} :first line$", WAIT_S)
        irssi.type("second line, too soon")
        room = irssi.wait_for(SLOW)
        _save(tmp_path / "irssi-room-window.txt", lambda: room)
        assert "pineapple" not in " ".join(teacher.seen)
        assert "too soon" not in " ".join(teacher.seen)

        irssi.type("/window 1")  # the status window: the refusals are not here
        status = irssi.wait_for(r"End of /MOTD command")
        _save(tmp_path / "irssi-status-window.txt", lambda: status)
        assert FILTERED not in status, status
        assert SLOW not in status, status
        irssi.type("/window 2")
        back = irssi.wait_for(SLOW)
        assert FILTERED in back
    finally:
        _save(tmp_path / "irssi-screen.txt", irssi.screen)
        teacher.close()
