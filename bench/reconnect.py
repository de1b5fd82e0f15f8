"""How soon students are back in the room after the host's computer crashes and comes back.

    python -m bench.reconnect                 # 3 students, host down 10 s, 3 runs
    python -m bench.reconnect --down 5 --runs 5 --label before
    python -m bench.reconnect --no-finder     # the waits between tries alone

A real `chatgui serve` (a subprocess on 127.0.0.1, keeping its history) is SIGKILLed, stays
down --down seconds (a teacher restarting the program), and is started again on the same
port. Each student is a ChatClient driven as the window drives it: when the room is lost it
starts a RoomFinder (as the window does), and when the finder hears the room announce itself
again it calls retry_now(), where this version of the client has it (--no-finder: not at
all, as where announcements don't reach the students). The figure is the time
from the host's return (its port accepting connections again) to each student being back
(registered: Connected). Also: spawn to listening, for scale.

A benchmark, not a test: it prints figures and asserts nothing. Everything stays on 127.0.0.1
(discovery too: CHATGUI_DISCOVERY_INTERFACES=127.0.0.1 unless set). Results:
bench/results/reconnect-*.txt.
"""

from __future__ import annotations

import argparse
import os
import platform
import queue
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from chatgui import events, limits
from chatgui.discovery import RoomFinder, interfaces_from_env
from chatgui.net.client import ChatClient
from chatgui.protocol.client.address import Address

os.environ.setdefault("CHATGUI_DISCOVERY_INTERFACES", "127.0.0.1")  # read when used

from bench.report import RESULTS

ROOM = "#class"
BACK_TIMEOUT_S = 60.0
START_TIMEOUT_S = 20.0
CONNECT_POLL_S = 0.002


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Host:
    """`chatgui serve` on 127.0.0.1:port with its history in `folder`."""

    def __init__(self, folder: Path, port: int) -> None:
        self.port = port
        self.folder = folder
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> tuple[float, float]:
        """Spawn and wait until it listens; (spawned at, listening at), monotonic."""
        command = [sys.executable, "-m", "chatgui", "serve", "--bind", "127.0.0.1"]
        command += ["--port", str(self.port), "--room", ROOM, "--host", "Ms_Rivera"]
        command += ["--history", str(self.folder / "history.sqlite3")]
        env = {**os.environ, "CHATGUI_HOME": str(self.folder / "home")}
        spawned = time.monotonic()
        with (self.folder / "serve.log").open("ab") as log:
            self.process = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
        deadline = spawned + START_TIMEOUT_S
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    return spawned, time.monotonic()
            except OSError:
                time.sleep(CONNECT_POLL_S)
        raise SystemExit(f"serve did not listen within {START_TIMEOUT_S} s")

    def kill(self) -> None:
        if self.process is not None:
            self.process.kill()
            self.process.wait(5)
            self.process = None


class Student:
    """A ChatClient and, while the room is away, a RoomFinder: the window's behaviour."""

    def __init__(self, name: str, port: int, finder: bool) -> None:
        self.name = name
        self.port = port
        self.looks = finder
        self.events: queue.Queue[events.ChatEvent] = queue.Queue()
        self.found: queue.Queue[events.ChatEvent] = queue.Queue()
        self.client = ChatClient(self.events)
        self.finder: RoomFinder | None = None
        self.back_at: float | None = None
        self.retried_on_announcement = False

    def join(self) -> None:
        self.client.connect(Address("127.0.0.1", self.port, False), self.name)
        self.client.join(ROOM)
        self.wait_for(events.Joined, 10)

    def wait_for(self, kind: type, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                event = self.events.get(timeout=0.05)
            except queue.Empty:
                continue
            if isinstance(event, kind):
                return
        raise SystemExit(f"{self.name}: no {kind.__name__} within {timeout} s")

    def poll(self) -> None:
        """Handle what happened: lost (start looking), found (try now), back (stop looking)."""
        while True:
            try:
                event = self.events.get_nowait()
            except queue.Empty:
                break
            if isinstance(event, events.ConnectionLost) and self.looks and self.finder is None:
                self.finder = RoomFinder(self.found, interfaces_from_env())
                self.finder.start()
            elif isinstance(event, events.Connected):
                self.back_at = time.monotonic()
                self._stop_finder()
        while True:
            try:
                found = self.found.get_nowait()
            except queue.Empty:
                break
            ours = isinstance(found, events.RoomFound) and found.port == self.port
            if ours and self.back_at is None and hasattr(self.client, "retry_now"):
                self.retried_on_announcement = True
                self.client.retry_now()

    def _stop_finder(self) -> None:
        if self.finder is not None:
            self.finder.stop()
            self.finder = None

    def close(self) -> None:
        self._stop_finder()
        self.client.close()


def one_run(
    folder: Path, students: int, down: float, finder: bool
) -> tuple[float, list[float], int]:
    """(spawn to listening, each student's time from the host's return to back, retries on
    the announcement)."""
    host = Host(folder, free_port())
    host.start()
    people = [Student(f"student{n + 1}", host.port, finder) for n in range(students)]
    try:
        for person in people:
            person.join()
        host.kill()
        killed = time.monotonic()
        while time.monotonic() < killed + down:
            for person in people:
                person.poll()
            time.sleep(0.01)
        for person in people:
            person.back_at = None
        spawned, listening = host.start()
        deadline = listening + BACK_TIMEOUT_S
        while time.monotonic() < deadline and any(p.back_at is None for p in people):
            for person in people:
                person.poll()
            time.sleep(0.002)
        backs = [(p.back_at - listening) if p.back_at is not None else float("inf") for p in people]
        return listening - spawned, backs, sum(p.retried_on_announcement for p in people)
    finally:
        for person in people:
            person.close()
        host.kill()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--students", type=int, default=3)
    parser.add_argument("--down", type=float, default=10.0, help="seconds the host stays down")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-finder", action="store_true", help="no retry on announcement")
    parser.add_argument("--label", default="", help="added to the results file's name")
    parser.add_argument("--out", type=Path, default=None)
    a = parser.parse_args()

    lines = [
        f"bench/reconnect.py {time.strftime('%Y-%m-%d %H:%M:%S')}  {a.students} students, "
        f"host SIGKILLed and down {a.down:.0f} s, {a.runs} runs"
        + (", no finder" if a.no_finder else ""),
        f"machine: {platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}",
        f"client: retry_now {'yes' if hasattr(ChatClient, 'retry_now') else 'no'}; waits "
        f"{getattr(limits, 'RECONNECT_BACKOFF_LAN_S', None) or limits.RECONNECT_BACKOFF_S}",
        "",
        "run  listening  back after the host's return (s), each student   tried on announcement",
    ]
    print("\n".join(lines), flush=True)
    every: list[float] = []
    for run in range(1, a.runs + 1):
        with tempfile.TemporaryDirectory(prefix="bench-reconnect-") as folder:
            listening, backs, retried = one_run(Path(folder), a.students, a.down, not a.no_finder)
        every += backs
        shown = "  ".join(f"{b:6.2f}" for b in backs)
        line = f"{run:3d}  {listening:8.2f}s  {shown}   {retried}/{a.students}"
        print(line, flush=True)
        lines.append(line)
    summary = [
        "",
        f"back after the host's return: median {statistics.median(every):.2f} s, "
        f"max {max(every):.2f} s, over {len(every)} students",
    ]
    print("\n".join(summary))
    lines += summary
    label = f"-{a.label}" if a.label else ""
    out = a.out or RESULTS / f"reconnect-{time.strftime('%Y%m%d-%H%M%S')}{label}.txt"
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"written to {out}")


if __name__ == "__main__":
    main()
