"""irssi as a student in a `serve --room "Class chat"` room: the welcome names the room by
its title, and `/join #new` (a room of its own) is refused with 477 and a classroom
sentence that irssi shows, with no window left open for a room that does not exist. When
the host lets students open rooms (ROOMS STUDENTS ON), the same `/join` works.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.interop.test_irc_clients import (
    IRSSI_NICK,
    Tmux,
    irssi,  # noqa: F401  (a fixture)
)
from tests.interop.test_irssi_host_key import OPENED
from tests.lineclient import LineClient

pytestmark = [pytest.mark.interop, pytest.mark.slow]

REFUSED = "Students can't open new rooms here: join a room that is open, or ask the teacher"


def test_irssi_may_not_open_a_room_until_the_host_lets_it(
    irssi: Tmux,  # noqa: F811  (the fixture imported above)
    tmp_path: Path,
) -> None:
    import os
    import select
    import subprocess
    import sys
    import time

    from tests.interop.test_irc_clients import PROJECT, WAIT_S

    command = [sys.executable, "-m", "chatgui", "serve", "--bind", "127.0.0.1", "--port", "0"]
    command += ["--room", "Class chat", "--no-announce", "--no-history"]
    proc = subprocess.Popen(
        command, cwd=PROJECT, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    assert proc.stdout is not None
    printed = b""
    deadline = time.monotonic() + WAIT_S
    try:
        while (found := OPENED.search(printed.decode("utf-8", "replace"))) is None:
            assert time.monotonic() < deadline, f"serve printed only {printed!r}"
            if select.select([proc.stdout.fileno()], [], [], 0.1)[0]:
                printed += os.read(proc.stdout.fileno(), 4096)
        port, key = int(found.group(1)), found.group(2)
        irssi.wait_for(r"Irssi v\d")
        irssi.type(f"/connect 127.0.0.1 {port}")
        irssi.wait_for(rf"Welcome to Class chat, {IRSSI_NICK}!")
        irssi.type("/join #class-chat")
        irssi.wait_for(r"#class-chat")
        irssi.type("/join #secret-club")
        irssi.type("/window 1")  # irssi shows a join refusal in its status window
        irssi.wait_for(re.escape(REFUSED))
        screen = irssi.screen()
        (tmp_path / "irssi-refused.txt").write_text(screen, encoding="utf-8")
        assert "[#secret-club]" not in screen  # no window for a room that is not there

        teacher = LineClient(port)
        teacher.send(f"PASS {key}")
        teacher.register("Ms_Rivera")
        teacher.send("ROOMS STUDENTS ON")
        teacher.expect(r"NOTICE Ms_Rivera :Ms_Rivera let students open their own rooms\.")
        irssi.type("/join #secret-club")
        for _ in range(50):
            teacher.send("LIST #secret-club")
            line = teacher.expect(r" (322|323) Ms_Rivera ")
            if " 322 " in line:
                break
            time.sleep(0.1)
        else:
            raise AssertionError("irssi's room never opened once students were let")
        teacher.close()
    finally:
        proc.terminate()
        proc.wait(timeout=WAIT_S)
        proc.stdout.close()
