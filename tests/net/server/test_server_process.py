"""ServerProcess: the window's room in a child process, over real sockets on 127.0.0.1.

The room opens and relays, the window's calls (clear_history, set_word_filter) reach it, and
the child never outlives its use: it is gone once ServerStopped follows stop() (which never
waits for it: the window's thread calls it), after its parent is killed with SIGKILL (the
parent here is a subprocess of the test), and a child that dies unasked is told to the window
as WorkerCrashed.
"""

from __future__ import annotations

import logging
import os
import queue
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from chatgui import limits
from chatgui.events import (
    ChatEvent,
    HistoryCleared,
    ServerStarted,
    ServerStopped,
    WorkerCrashed,
)
from chatgui.net.server_process import ServerProcess
from chatgui.protocol.server.model import ServerConfig
from chatgui.store import LessonPlan
from tests.lineclient import LineClient
from tests.net.server.teacherkit import HOST_SECRET, ROOM, room_notice, who

PROJECT = Path(__file__).resolve().parents[3]
START_TIMEOUT_S = 20  # a spawned interpreter importing the server, on a busy machine
GONE_TIMEOUT_S = 5
ENDED_WITHIN_S = limits.SERVER_STOP_TIMEOUT_S + 2 * limits.SERVER_PROCESS_GRACE_S + GONE_TIMEOUT_S
"""Ample: the room's process ends, or is killed, within its grace (a bound, not a timing)."""


Room = tuple[ServerProcess, "queue.Queue[ChatEvent]", int]


def next_event(events: queue.Queue[ChatEvent], kind: type, timeout: float = 5) -> ChatEvent:
    """The first event of `kind`, skipping others."""
    deadline = time.monotonic() + timeout
    while True:
        event = events.get(timeout=max(0.01, deadline - time.monotonic()))
        if isinstance(event, kind):
            return event


def gone(pid: int) -> bool:
    """No such process, or only its zombie (ended, its exit status not yet collected)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii")
    except OSError:
        return True
    return stat.rsplit(")", 1)[1].split()[0] in ("Z", "X")


def children() -> set[int]:
    """This process's child processes that have not ended."""
    found = set()
    for task in Path("/proc/self/task").iterdir():
        try:
            listed = (task / "children").read_text(encoding="ascii")
        except FileNotFoundError:  # a thread that ended since the folder was listed
            continue
        found |= {int(p) for p in listed.split()}
    return {pid for pid in found if not gone(pid)}


def wait_gone(pid: int, timeout: float = GONE_TIMEOUT_S) -> bool:
    deadline = time.monotonic() + timeout
    while not gone(pid):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def refused(port: int, within: float = GONE_TIMEOUT_S) -> bool:
    """Nothing listens on `port`, or stops listening `within` seconds: a killed process's
    leader shows as ended while its other threads still hold its sockets."""
    deadline = time.monotonic() + within
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
        except OSError:
            return True
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)


@pytest.fixture
def clients() -> Iterator[list[LineClient]]:
    """Every LineClient a test puts here is closed after it."""
    made: list[LineClient] = []
    yield made
    for client in made:
        client.close()


def connect(clients: list[LineClient], port: int, *nicks: str) -> list[LineClient]:
    """`nicks` in the room, each on a connection of their own; a "Teacher" as its host."""
    for nick in nicks:
        client = LineClient(port)
        clients.append(client)
        if nick == "Teacher":
            client.send(f"PASS {HOST_SECRET}")
        client.register(nick)
        client.send(f"JOIN {ROOM}")
        client.expect(r" 366 ")
    return clients[-len(nicks) :]


@pytest.fixture
def room(tmp_path: Path) -> Iterator[Room]:
    """A ServerProcess room of #class on 127.0.0.1, keeping history in tmp_path."""
    events: queue.Queue[ChatEvent] = queue.Queue()
    config = ServerConfig(rooms=(ROOM,), host_secret=HOST_SECRET)
    server = ServerProcess(
        config, events, "127.0.0.1", 0, tmp_path / "history.sqlite3", LessonPlan(ROOM)
    )
    server.start()
    started = next_event(events, ServerStarted, START_TIMEOUT_S)
    assert isinstance(started, ServerStarted)
    pid = server.pid
    assert pid is not None
    yield server, events, started.port
    server.stop()
    assert wait_gone(pid, ENDED_WITHIN_S)


def test_a_class_chats_through_the_room_and_stop_ends_the_child(
    room: Room, clients: list[LineClient]
) -> None:
    server, events, port = room
    assert server.pid is not None
    others = children() - {server.pid}  # the resource tracker, and what other tests left
    sam, kim = connect(clients, port, "Sam", "Kim")
    sam.send(f"PRIVMSG {ROOM} :hello from another process")
    kim.expect(rf"^{who('Sam')} PRIVMSG {ROOM} :hello from another process$")
    pid = server.pid
    assert pid is not None
    assert not gone(pid)

    server.stop()
    kim.expect(r"^ERROR :Closing link: The host closed the room$", timeout=2)
    kim.expect_closed()
    assert isinstance(next_event(events, ServerStopped, ENDED_WITHIN_S), ServerStopped)
    assert children() <= others, "a process of the room outlived ServerStopped"
    assert gone(pid)
    assert refused(port)
    assert not any(isinstance(e, WorkerCrashed) for e in list(events.queue))
    server.stop()  # twice: harmless


def test_stop_never_waits_and_a_room_that_cannot_answer_is_ended_past_its_grace(
    room: Room, caplog: pytest.LogCaptureFixture
) -> None:
    """stop() is called on the window's thread: it asks and returns. A stopped child cannot
    end by itself, so it is still there when stop() returns; ServerStopped says when it is
    gone (killed), and only then: its port is free for the next room."""
    server, events, port = room
    pid = server.pid
    assert pid is not None
    os.kill(pid, signal.SIGSTOP)  # frozen: it can't say goodbye or end until it is killed
    with caplog.at_level(logging.INFO):
        server.stop()
        assert not gone(pid), "stop() waited for the room's process"
        assert isinstance(next_event(events, ServerStopped, ENDED_WITHIN_S), ServerStopped)
        assert gone(pid)
        assert refused(port)
    assert "did not end in time" in caplog.text
    assert "ended unasked" not in caplog.text
    assert not any(isinstance(e, WorkerCrashed) for e in list(events.queue))


def test_the_windows_calls_reach_the_room(room: Room, clients: list[LineClient]) -> None:
    server, events, port = room
    _, sam, kim = connect(clients, port, "Teacher", "Sam", "Kim")

    server.set_word_filter(["heck"], "mask")
    kim.expect(room_notice("The host set the word filter: 1 word, shown as ***."))
    sam.send(f"PRIVMSG {ROOM} :heck yes")
    kim.expect(rf"^{who('Sam')} PRIVMSG {ROOM} :\*\*\* yes$")
    with pytest.raises(ValueError, match="'oh no' is not a single word"):
        server.set_word_filter(["oh no"], "block")  # refused here, before it is sent

    server.clear_history(ROOM)
    cleared = next_event(events, HistoryCleared)
    assert isinstance(cleared, HistoryCleared)
    assert cleared.room == ROOM


def test_a_child_that_dies_is_a_crash_the_window_hears_of(room: Room) -> None:
    server, events, port = room
    assert server.pid is not None
    os.kill(server.pid, signal.SIGKILL)
    crashed = next_event(events, WorkerCrashed)
    assert isinstance(crashed, WorkerCrashed)
    assert crashed.role == "server"
    assert wait_gone(server.pid)
    assert refused(port)


PARENT = r"""
import queue, sys, time
from chatgui.net.server_process import ServerProcess
from chatgui.protocol.server.model import ServerConfig

def main():
    events = queue.Queue()
    server = ServerProcess(ServerConfig(rooms=("#class",)), events, "127.0.0.1", 0)
    server.start()
    started = events.get(timeout=20)
    print(server.pid, started.port, flush=True)
    time.sleep(60)

if __name__ == "__main__":
    main()
"""


def test_the_child_ends_when_its_window_is_killed(
    tmp_path: Path, clients: list[LineClient]
) -> None:
    script = tmp_path / "window.py"  # a file, as spawn imports the parent's main module again
    script.write_text(PARENT, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(PROJECT)}
    parent = subprocess.Popen(
        [sys.executable, str(script)], stdout=subprocess.PIPE, encoding="utf-8", env=env
    )
    try:
        assert parent.stdout is not None
        child, port = (int(word) for word in parent.stdout.readline().split())
        (watcher,) = connect(clients, port, "Watcher")
        parent.send_signal(signal.SIGKILL)
        parent.wait(5)
        assert wait_gone(child), "the room's process outlived its window"
        watcher.expect_closed()
        assert refused(port)
    finally:
        if parent.poll() is None:
            parent.kill()
            parent.wait(5)
        if parent.stdout is not None:
            parent.stdout.close()
