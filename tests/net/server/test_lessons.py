"""A lesson is a unit of history, over raw sockets with `chatgui serve` processes on one file.

A clean stop (SIGTERM) and a new start is a new lesson: a late joiner reads nothing of the
last one, whether it is replayed to (a plain client), asks with CHATHISTORY or SEARCHes.
`serve --continue` goes on with the last lesson; a host killed with SIGKILL goes on with its
lesson by itself. Two rooms of the same name hosted at once on one file never share a line.
"""

from __future__ import annotations

import os
import re
import signal
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.lineclient import LineClient
from tests.net.server.historykit import HISTORY_CAPS, read_batch, say, synced, texts
from tests.net.server.test_history_durability import Serve

SEARCH_CAPS = "soju.im/search batch server-time message-tags"


@dataclass(frozen=True)
class Read:
    """What a late joiner of #class gets of the room's past, three ways."""

    replayed: list[str]
    """Sent right after JOIN to a client that asks for nothing (the time in front removed)."""
    fetched: list[str]
    """CHATHISTORY LATEST."""
    found: list[str]
    """SEARCH for `word` in #class."""


def _late_joiner(port: int, word: str) -> Read:
    plain = LineClient(port)
    asking = LineClient(port)
    searching = LineClient(port)
    try:
        plain.register("plain")
        plain.send("JOIN #class")
        synced(plain)
        said = [line for line in plain.seen if " PRIVMSG #class :" in line]
        replayed = [re.sub(r"^\[\d\d:\d\d\] ", "", line.split(" :", 1)[1]) for line in said]
        asking.register("asking", HISTORY_CAPS)
        asking.send("JOIN #class")
        asking.expect(" 366 asking ")
        asking.send("CHATHISTORY LATEST #class * 100")
        fetched = texts(read_batch(asking))
        searching.register("searching", SEARCH_CAPS)
        searching.send("JOIN #class")
        searching.expect(" 366 searching ")
        searching.send(f"SEARCH in=#class;text={word}")
        found = texts(read_batch(searching, "soju.im/search"))
        return Read(replayed, fetched, found)
    finally:
        for client in (plain, asking, searching):
            client.close()


def _talk(port: int, nick: str, *lines: str) -> None:
    client = LineClient(port)
    try:
        client.register(nick)
        client.send("JOIN #class")
        client.expect(rf" 366 {nick} ")
        say(client, "#class", *lines)
    finally:
        client.close()


@pytest.fixture
def processes() -> Iterator[list[Serve]]:
    started: list[Serve] = []
    yield started
    for serve in started:
        serve.stop()


@pytest.fixture
def history(tmp_path: Path) -> str:
    return str(tmp_path / "history.sqlite3")


def _serve(processes: list[Serve], history: str, *args: str) -> Serve:
    processes.append(Serve("--history", history, *args))
    return processes[-1]


def test_a_clean_stop_then_a_start_is_a_new_lesson(processes: list[Serve], history: str) -> None:
    first = _serve(processes, history)
    assert "A new lesson begins" in first.lesson_line
    _talk(first.port, "ana", "period 1 homework is page 12")
    first.stop()
    second = _serve(processes, history)
    assert "A new lesson begins" in second.lesson_line
    assert _late_joiner(second.port, "homework") == Read([], [], [])
    _talk(second.port, "sam", "period 2 homework is page 40")
    read = _late_joiner(second.port, "homework")
    assert read == Read(*[["period 2 homework is page 40"]] * 3)


def test_serve_continue_goes_on_with_the_last_lesson(processes: list[Serve], history: str) -> None:
    first = _serve(processes, history)
    _talk(first.port, "ana", "homework is page 12")
    first.stop()
    second = _serve(processes, history, "--continue")
    assert "The last lesson goes on" in second.lesson_line
    _talk(second.port, "sam", "and page 13 homework")
    read = _late_joiner(second.port, "homework")
    assert read == Read(*[["homework is page 12", "and page 13 homework"]] * 3)


def test_a_host_killed_goes_on_with_its_lesson(processes: list[Serve], history: str) -> None:
    """A crash: nothing anyone saw is lost, and the next start continues the lesson. Closed
    cleanly after that, the lesson is over: the start after is a new one."""
    first = _serve(processes, history)
    _talk(first.port, "ana", "homework before the crash")
    os.kill(first.process.pid, signal.SIGKILL)
    first.process.wait(timeout=10)
    again = _serve(processes, history)
    assert "The last lesson goes on" in again.lesson_line
    assert _late_joiner(again.port, "homework") == Read(*[["homework before the crash"]] * 3)
    again.stop()
    after = _serve(processes, history)
    assert "A new lesson begins" in after.lesson_line
    assert _late_joiner(after.port, "homework") == Read([], [], [])


def test_two_rooms_of_one_name_at_once_never_share_a_line(
    processes: list[Serve], history: str
) -> None:
    """The same room name on two ports, one history file (one teacher's account): each room's
    late joiners read its own lines only, also when both were killed and started again."""
    one = _serve(processes, history)
    two = _serve(processes, history)
    _talk(one.port, "ana", "homework said on the first")
    _talk(two.port, "sam", "homework said on the second")
    first, second = ["homework said on the first"], ["homework said on the second"]
    assert _late_joiner(one.port, "homework") == Read(first, first, first)
    assert _late_joiner(two.port, "homework") == Read(second, second, second)
    for serve in (one, two):
        os.kill(serve.process.pid, signal.SIGKILL)
        serve.process.wait(timeout=10)
    one_again = _serve(processes, history)
    two_again = _serve(processes, history)
    reads = [_late_joiner(s.port, "homework") for s in (one_again, two_again)]
    assert sorted(read.replayed for read in reads) == [first, second]  # each goes on with one
    for read in reads:
        assert read.replayed == read.fetched == read.found
