"""The host is killed with SIGKILL while people talk: every message anyone received is in
the history when it starts again on the same file, and new msgids never repeat old ones.

Runs `python -m chatgui serve --port 0 --history FILE` as a real process, and prints what
`serve` says about the history.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from chatgui.protocol.message import parse
from tests.lineclient import LineClient
from tests.net.server.historykit import HISTORY_CAPS, read_batch, synced

PROJECT = Path(__file__).resolve().parents[3]
SENDERS = 3
MESSAGES_EACH = 60  # under the flood allowance: all of them are read at once
KILL_AFTER = 90
"""The watcher kills the host as soon as it has received this many messages."""


HISTORY_LINE = re.compile(r"History is kept|No history is kept|The history file")
LAST_LINE = re.compile(
    r"A new lesson begins|The last lesson goes on|No history is kept|The history"
)
"""What serve prints last when it opens: which lesson, or why there is none."""


class Serve:
    """One `chatgui serve` process on 127.0.0.1: its port, and what it printed up to the
    line about the history (stdout and stderr together; the rest is read and dropped)."""

    def __init__(self, *args: str) -> None:
        command = [sys.executable, "-m", "chatgui", "serve", "--bind", "127.0.0.1"]
        command += ["--port", "0", "--no-announce", "--room", "#class", *args]
        self.process = subprocess.Popen(
            command,
            cwd=PROJECT,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            encoding="utf-8",
            errors="replace",
        )
        self.printed: list[str] = []
        self.port = 0
        output = self.process.stdout
        assert output is not None
        for line in output:
            self.printed.append(line)
            found = re.search(r"join at 127\.0\.0\.1:(\d+)", line)
            if found:
                self.port = int(found.group(1))
            if self.port and LAST_LINE.search(line):
                self._drain = threading.Thread(target=output.read, daemon=True)
                self._drain.start()
                return
        self.process.kill()
        self.process.wait()
        output.close()
        raise AssertionError(f"serve did not open the room: {self.printed}")

    @property
    def history_line(self) -> str:
        return [line for line in self.printed if HISTORY_LINE.search(line)][-1]

    @property
    def lesson_line(self) -> str:
        return self.printed[-1]

    def stop(self) -> None:
        """SIGTERM (a clean close) unless it has ended already, then its output closed."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._drain.join(timeout=10)
        assert self.process.stdout is not None
        self.process.stdout.close()


@pytest.fixture
def processes() -> Iterator[list[Serve]]:
    started: list[Serve] = []
    yield started
    for serve in started:
        serve.stop()


def _every_kept_msgid(port: int) -> list[str]:
    """All msgids of #class in the history, read page by page with CHATHISTORY AFTER."""
    reader = LineClient(port)
    try:
        reader.register("reader", HISTORY_CAPS)
        reader.send("JOIN #class")
        reader.expect(" 366 reader ")
        msgids: list[str] = []
        reference = "timestamp=2000-01-01T00:00:00.000Z"
        while True:
            reader.send(f"CHATHISTORY AFTER #class {reference} 100")
            page = [m for m in read_batch(reader) if m.command == "PRIVMSG"]
            if not page:
                return msgids
            msgids += [m.tags["msgid"] for m in page]
            reference = f"msgid={msgids[-1]}"
    finally:
        reader.close()


def test_every_message_received_before_a_sigkill_is_kept(
    tmp_path: Path, processes: list[Serve]
) -> None:
    path = tmp_path / "history.sqlite3"
    processes.append(Serve("--history", str(path)))
    first = processes[-1]
    assert f"History is kept in {path} (rooms only)" in first.history_line
    watcher = LineClient(first.port)
    watcher.register("watcher", "message-tags")
    watcher.send("JOIN #class")
    watcher.expect(" 366 watcher ")
    senders = []
    for n in range(SENDERS):
        sender = LineClient(first.port)
        sender.register(f"sender{n}")
        sender.send("JOIN #class")
        sender.expect(f" 366 sender{n} ")
        senders.append(sender)

    def talk(sender: LineClient, n: int) -> None:
        for k in range(MESSAGES_EACH):
            sender.send(f"PRIVMSG #class :sender {n} message {k}")

    talkers = [threading.Thread(target=talk, args=(s, n)) for n, s in enumerate(senders)]
    for talker in talkers:
        talker.start()
    received: list[str] = []
    while len(received) < KILL_AFTER:
        received.append(parse(watcher.expect(" PRIVMSG #class ").encode()).tags["msgid"])
    os.kill(first.process.pid, signal.SIGKILL)
    first.process.wait(timeout=10)
    try:  # whatever else reached the watcher before the kill counts as received too
        while line := watcher.read_line(1.0):
            if " PRIVMSG #class " in line:
                received.append(parse(line.encode()).tags["msgid"])
    except EOFError:
        pass
    for talker in talkers:
        talker.join(timeout=10)
    for client in [watcher, *senders]:
        client.close()
    assert first.process.returncode == -signal.SIGKILL

    processes.append(Serve("--history", str(path)))
    second = processes[-1]
    kept = _every_kept_msgid(second.port)
    missing = [msgid for msgid in received if msgid not in kept]
    assert not missing, f"{len(missing)} of {len(received)} received messages were lost"

    talker = LineClient(second.port)
    talker.register("late", "message-tags echo-message")
    talker.send("JOIN #class")
    talker.send("PRIVMSG #class :after the restart")
    new_msgid = parse(talker.expect(r"PRIVMSG #class :after the restart").encode()).tags["msgid"]
    synced(talker)
    talker.close()
    assert new_msgid not in kept


def test_serve_says_what_history_it_keeps(tmp_path: Path, processes: list[Serve]) -> None:
    processes.append(Serve("--no-history"))
    assert "No history is kept" in processes[-1].history_line
    processes.append(Serve("--history", str(tmp_path / "kept.sqlite3"), "--keep-private"))
    assert "(rooms and private messages)" in processes[-1].history_line
    damaged = tmp_path / "damaged.sqlite3"
    damaged.write_bytes(b"garbage" * 100)
    processes.append(Serve("--history", str(damaged)))
    line = processes[-1].history_line
    assert line.startswith(f"chatgui serve: The history file {damaged} is damaged")
    assert "runs without history" in line
