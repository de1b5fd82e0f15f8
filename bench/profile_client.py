"""The client's network thread alone under a burst: its CPU per received line, and a profile.

    python -m bench.profile_client                  # 3 bursts of 10,000 in each case
    python -m bench.profile_client --profile NAME   # and one profiled burst a case:
                                                    # bench/results/profile-client-<date>-NAME.txt

A real ChatClient (its NetLoop thread, the sans-IO session) joins a room; then 10,000 channel
PRIVMSGs arrive at once, and this process's main thread takes the events off the queue as the
window's pump does, without Tk. Two cases:

- chatgui: a chatgui room in a process of its own (bench/ui.py's), written to by bench/ui.py's
  blaster: lines come with the tags a chatgui room sends (server-time, msgid, account).
- plain: a bare IRC server in a process of its own (PLAIN below) that writes the lines
  itself, without tags, as most other servers do.

CPU per line is the client thread's own (time.thread_time, read on that thread by a function
submitted to its loop before and after the burst), so the machine's load barely moves it; the
profile (cProfile enabled and disabled the same way) covers that thread only.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import io
import os
import pstats
import queue
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from bench.ui import PAD, RESULTS, ROOT, Blaster, free_port, room_elsewhere
from chatgui import limits
from chatgui.events import ChatEvent, Joined, MessageReceived
from chatgui.net.client import ChatClient
from chatgui.protocol.client.address import Address

CHANNEL = "#bench-room"
SECRET = "bench-secret"
TOP = 25

PLAIN = r"""
import socket, sys
port, channel, count, pad = int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), sys.argv[4]
listener = socket.create_server(("127.0.0.1", port))
print("listening", flush=True)
sock, _ = listener.accept()
sock.settimeout(10)
def wait_for(word):
    seen = b""
    while word not in seen:
        seen += sock.recv(65536)
    return seen
nick = wait_for(b"USER").split(b"NICK ", 1)[1].split(b"\r\n", 1)[0].decode()
sock.sendall(
    f":plain.example 001 {nick} :Welcome\r\n"
    f":plain.example 005 {nick} CHANTYPES=# PREFIX=(ov)@+ :are supported\r\n"
    f":plain.example 376 {nick} :End of MOTD\r\n".encode()
)
wait_for(b"JOIN")
sock.sendall(
    f":{nick}!u@127.0.0.1 JOIN {channel}\r\n"
    f":plain.example 353 {nick} = {channel} :{nick} blaster\r\n"
    f":plain.example 366 {nick} {channel} :End of NAMES\r\n".encode()
)
data = "".join(
    f":blaster!b@127.0.0.1 PRIVMSG {channel} :~B {n:06d} {pad}\r\n" for n in range(count)
).encode()
for _ in iter(sys.stdin.readline, ""):
    sock.sendall(data)
    print("sent", flush=True)
"""


class Measured:
    """The client thread's CPU and, optionally, its profile, between start() and stop()."""

    def __init__(self, client: ChatClient, profiler: cProfile.Profile | None) -> None:
        self._client = client
        self._profiler = profiler
        self.cpu = 0.0

    def _on_loop(self, function: Callable[[], None]) -> None:
        done = threading.Event()

        def run() -> None:
            function()
            done.set()

        self._client._loop.submit(run)  # the loop's thread is the one measured
        if not done.wait(10):
            raise SystemExit("bench.profile_client: the client's loop did not answer")

    def start(self) -> None:
        def begin() -> None:
            self.cpu = time.thread_time()
            if self._profiler is not None:
                self._profiler.enable()

        self._on_loop(begin)

    def stop(self) -> None:
        def end() -> None:
            if self._profiler is not None:
                self._profiler.disable()
            self.cpu = time.thread_time() - self.cpu

        self._on_loop(end)


def wait_for(
    events: queue.Queue[ChatEvent], done: Callable[[ChatEvent], bool], timeout: float
) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if done(events.get(timeout=0.2)):
                return
        except queue.Empty:
            pass
    raise SystemExit("bench.profile_client: timed out waiting for the client")


def drain(events: queue.Queue[ChatEvent], count: int) -> int:
    """Take events off the queue as the window's pump does (ui/pump.py: get_nowait, at most
    UI_BATCH_MAX a turn, the next turn 1 ms later while more wait, else UI_POLL_MS), until
    `count` of the blaster's messages came; how many came."""
    got = 0
    deadline = time.monotonic() + max(60.0, count / 100)
    while got < count and time.monotonic() < deadline:
        for _ in range(limits.UI_BATCH_MAX):
            try:
                event = events.get_nowait()
            except queue.Empty:
                break
            if isinstance(event, MessageReceived) and event.sender == "blaster":
                got += 1
        time.sleep(0.001 if not events.empty() else limits.UI_POLL_MS / 1000)
    return got


@contextlib.contextmanager
def joined_client(port: int, nick: str) -> Iterator[tuple[ChatClient, queue.Queue[ChatEvent]]]:
    events: queue.Queue[ChatEvent] = queue.Queue()
    client = ChatClient(events)
    try:
        client.connect(Address("127.0.0.1", port, tls=False), nick)
        client.join(CHANNEL)
        wait_for(events, lambda e: isinstance(e, Joined) and e.nick == nick, 10)
        yield client, events
    finally:
        client.quit()
        time.sleep(0.2)
        client.close()


def burst_chatgui(count: int, profiler: cProfile.Profile | None) -> tuple[float, int]:
    """CPU µs per line and lines received, from a chatgui room (tags as it sends them)."""
    port = free_port()
    with room_elsewhere(port, SECRET), joined_client(port, "Sam_Bench") as (client, events):
        blaster = Blaster(port, SECRET, CHANNEL, count)
        try:
            wait_for(events, lambda e: isinstance(e, Joined) and e.nick == "blaster", 10)
            measured = Measured(client, profiler)
            measured.start()
            thread = blaster.blast()
            got = drain(events, count)
            measured.stop()
            thread.join(5)
        finally:
            blaster.close()
    return measured.cpu / max(got, 1) * 1e6, got


def burst_plain(count: int, profiler: cProfile.Profile | None) -> tuple[float, int]:
    """The same from a bare server that sends the lines itself, without tags."""
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-c", PLAIN, str(port), CHANNEL, str(count), PAD],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        encoding="utf-8",
    )
    assert proc.stdin is not None
    assert proc.stdout is not None
    try:
        if proc.stdout.readline().strip() != "listening":
            raise SystemExit("bench.profile_client: the plain server did not start")
        with joined_client(port, "Sam_Bench") as (client, events):
            measured = Measured(client, profiler)
            measured.start()
            proc.stdin.write("\n")
            proc.stdin.flush()
            got = drain(events, count)
            measured.stop()
    finally:
        proc.stdin.close()
        try:
            proc.wait(5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)
    return measured.cpu / max(got, 1) * 1e6, got


CASES = {"chatgui": burst_chatgui, "plain": burst_plain}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=10_000, help="lines a burst (10,000)")
    parser.add_argument("--runs", type=int, default=3, help="bursts a case (3)")
    parser.add_argument("--cases", default="chatgui,plain", help="chatgui,plain")
    parser.add_argument(
        "--profile", metavar="NAME", help="one more burst a case, profiled; saved under NAME"
    )
    args = parser.parse_args()
    os.environ.setdefault("CHATGUI_DISCOVERY_INTERFACES", "127.0.0.1")
    report = io.StringIO()

    def say(text: str = "") -> None:
        print(text, flush=True)
        report.write(text + "\n")

    say(f"bench.profile_client: {args.count:,} lines a burst, {args.runs} bursts a case")
    say(f"python {sys.version.split()[0]}, load average {os.getloadavg()[0]:.2f} at start")
    profiles: dict[str, cProfile.Profile] = {}
    for case in args.cases.split(","):
        figures = []
        for _ in range(args.runs):
            us, got = CASES[case](args.count, None)
            figures.append(us)
            say(f"  {case}: {us:.1f} µs of client-thread CPU per line, {got:,} lines")
        say(f"{case}: {min(figures):.1f}-{max(figures):.1f} µs per line")
        if args.profile:  # one more burst, profiled: cProfile's own cost is not in the figures
            profiler = cProfile.Profile()
            us, got = CASES[case](args.count, profiler)
            say(f"  {case}: {us:.1f} µs per line under the profiler, {got:,} lines")
            profiles[case] = profiler
    say(f"load average {os.getloadavg()[0]:.2f} at the end")
    for case, profiler in profiles.items():
        out = io.StringIO()
        stats = pstats.Stats(profiler, stream=out)
        stats.sort_stats("tottime").print_stats(TOP)
        say(f"\n--- {case}: the client thread's profile, top {TOP} by tottime ---")
        say(out.getvalue().replace(f"{ROOT}/", ""))
    if args.profile:
        stamp = time.strftime("%Y%m%d-%H%M%S")
        path = RESULTS / f"profile-client-{stamp}-{args.profile}.txt"
        path.write_text(report.getvalue(), encoding="utf-8")
        print(f"saved {path.relative_to(Path(ROOT))}")


if __name__ == "__main__":
    main()
