"""irssi 1.4 joining late reads this lesson's conversation with the time it was said.

irssi asks for server-time but, as set up out of the box (show_server_time OFF), stamps every
line with the time it arrived: the replay's own "[HH:MM]" is what shows when a line was said.
The history file is made beforehand: an earlier lesson closed cleanly, and a lesson whose host
was killed two hours ago (a join, a line, a leave), which `serve` continues.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from chatgui.protocol.server.message_store import StoredMessage
from chatgui.protocol.server.model import ServerConfig
from chatgui.store import SqliteHistory
from tests.interop.serving import serving
from tests.interop.test_irc_clients import (
    ROOM,
    Tmux,
    _save,
    irssi,  # noqa: F401  (a fixture)
)
from tests.net.server.historykit import as_if_killed

pytestmark = [pytest.mark.interop, pytest.mark.slow]

TWO_HOURS_AGO = time.time() - 2 * 3600
CONTINUED = re.compile(r"127\.0\.0\.1:(\d+)(?s:.*)The last lesson goes on")


def _said(msgid: str, at: float, nick: str, command: str, *params: str) -> StoredMessage:
    return StoredMessage(msgid, at, ROOM, command, f"{nick}!~{nick}@127.0.0.9", (ROOM, *params))


def _history_with_two_lessons(path: Path) -> None:
    config = replace(ServerConfig(), rooms=(ROOM,))
    earlier = SqliteHistory.open(path, config)
    earlier.record(_said("a1", TWO_HOURS_AGO - 3600, "ana", "PRIVMSG", "period one secret"))
    earlier.close()
    killed = SqliteHistory.open(path, config)
    killed.record(_said("b1", TWO_HOURS_AGO - 60, "ana", "JOIN"))
    killed.record(_said("b2", TWO_HOURS_AGO, "ana", "PRIVMSG", "said two hours ago"))
    killed.record(_said("b3", TWO_HOURS_AGO + 60, "bob", "PART", "off to lunch"))
    killed.flush()
    as_if_killed(killed)


@pytest.fixture
def served(tmp_path: Path) -> Iterator[int]:
    """`serve --room class` continuing the killed lesson: its port."""
    path = tmp_path / "history.sqlite3"
    _history_with_two_lessons(path)
    args = ("--room", ROOM, "--no-announce", "--history", str(path))
    with serving(tmp_path, CONTINUED, *args) as found:
        yield int(found.group(1))


def clock_of(at: float) -> str:
    """The replay's "HH:MM" for a line said at `at`, with its day before it when that was not
    today (two hours ago is yesterday for a test run just after midnight)."""
    said, today = time.localtime(at), time.localtime()
    day = "" if said[:3] == today[:3] else f"{said.tm_mday} {time.strftime('%b', said)} "
    return day + time.strftime("%H:%M", said)


def test_irssi_reads_the_lesson_with_the_time_each_line_was_said(
    served: int,
    irssi: Tmux,  # noqa: F811  (the fixture imported above)
    tmp_path: Path,
) -> None:
    said_at = clock_of(TWO_HOURS_AGO)
    try:
        irssi.wait_for(r"Irssi v\d")
        irssi.type(f"/connect 127.0.0.1 {served}")
        irssi.wait_for(r"End of /MOTD command")
        irssi.type(f"/join {ROOM}")
        screen = irssi.wait_for(rf"<\s*ana> \[{said_at}\] said two hours ago$")
        assert "period one secret" not in screen  # an earlier lesson
        assert "off to lunch" not in screen  # a leave is not the conversation
        assert "ana" not in screen.replace("<ana>", "").replace("< ana>", "")  # nor a join
    finally:
        _save(tmp_path / "irssi-lesson-screen.txt", irssi.screen)
