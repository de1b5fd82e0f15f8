"""The chat window under load: 10,000 messages from a real server into a real Tk window.

    python -m bench.ui             # full run: 10,000 messages, 10 s idle, 5 starts (~1 min)
    python -m bench.ui --quick     # 1,000 messages, 3 s idle, 3 starts

What it measures (a benchmark, not a test: it prints figures and PASS/MISS, asserts nothing):

- hosting: a ChatApp in this process hosts a room on 127.0.0.1, as on the teacher's PC (its
  room in a process of its own, its client thread in this one), with a class of 30 in the
  room (--class-size; their own process, a line a second each while the burst runs). A
  blaster, a process of its own registered with the room's host secret (so exempt from flood
  control, as the host is), writes N PRIVMSGs at once. Lines/s shown = (N - 1) / (time the
  N-th line was inserted in the transcript - time the first one was), counted by wrapping
  that transcript's add_message; a heartbeat root.after(5) records every gap of the Tk
  loop: stall = worst gap - 5 ms. Its stall is put beside the joined window's (target:
  100 ms with the class; bench/hostwin.py compares the ways to get there).
- joined: the same, into a window that joined a room hosted by another process (a student's
  PC): only the client thread shares the window's process.
- idle: CPU of the open window over --idle-seconds (the room with its lines, then the start
  screen), all threads (time.process_time) and the Tk thread alone (time.thread_time).
- start: `python -m chatgui` to its window being visible, polled with
  `xdotool search --onlyvisible` every 5 ms; the median of --starts runs.
- seed: the same burst into the seed's chatroom (chatroomlib.create_chatroom, SEED_PORT),
  sent as chat.py sends (one send() per line, no newline) and read as chat.py reads
  (recv(1024), each chunk printed as a line): how many of the N messages get a screen line
  of their own, and how many lines are glued.

Without DISPLAY it starts Xvfb on a free display. All traffic goes to 127.0.0.1 (the seed
clients bind 127.0.0.2 and 127.0.0.3 as their own address, because the seed keys people by
address), and room discovery is held to loopback (CHATGUI_DISCOVERY_INTERFACES=127.0.0.1);
every wait and loop is bounded. See bench/README.md for how to read the figures.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import os
import platform
import re
import select
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import tkinter as tk
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from chatgui.protocol.names import casefold
from chatgui.ui.app import ChatApp
from chatgui.ui.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).resolve().parent / "results"
HEARTBEAT_MS = 5
PAD = "the quick brown fox jumps over the lazy dog"
MARK = re.compile(r"~B (\d{6}) ")

TARGET_LINES_PER_S = 15000  # a joined window (issue 20); the hosting one has no rate target
TARGET_STALL_MS = 30
TARGET_HOST_STALL_MS = 100  # the host's window, with a class of 30 in the room
TARGET_IDLE_PCT = 1.0
TARGET_START_S = 0.5


def message(seq: int) -> str:
    return f"~B {seq:06d} {PAD}"


# --- the display ---


@contextlib.contextmanager
def display() -> Iterator[str]:
    """$DISPLAY, or a private Xvfb on a free display number for the length of the run."""
    existing = os.environ.get("DISPLAY")
    if existing:
        yield existing
        return
    xvfb = shutil.which("Xvfb")
    if xvfb is None:
        raise SystemExit("bench.ui: no DISPLAY and no Xvfb (apt-get install xvfb)")
    read_fd, write_fd = os.pipe()
    proc = subprocess.Popen(
        [xvfb, "-displayfd", str(write_fd), "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
        pass_fds=(write_fd,),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write_fd)
    number = b""
    deadline = time.monotonic() + 10
    while not number.endswith(b"\n") and time.monotonic() < deadline and proc.poll() is None:
        ready, _, _ = select.select([read_fd], [], [], 0.2)
        if ready:
            chunk = os.read(read_fd, 64)
            if not chunk:
                break
            number += chunk
    os.close(read_fd)
    if not number.strip().isdigit():
        proc.kill()
        raise SystemExit("bench.ui: Xvfb did not start")
    os.environ["DISPLAY"] = f":{number.decode().strip()}"
    try:
        yield os.environ["DISPLAY"]
    finally:
        del os.environ["DISPLAY"]
        proc.terminate()
        try:
            proc.wait(5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def pump_until(root: tk.Misc, done: Callable[[], bool], timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        root.update()
        if done():
            return True
        time.sleep(0.005)
    return False


# --- a raw IRC client for the blast, in a process of its own (like another PC) ---

BLASTER = r"""
import re, socket, sys, time
port, secret, channel, count = int(sys.argv[1]), sys.argv[2], sys.argv[3], int(sys.argv[4])
pad = sys.argv[5]
sock = socket.create_connection(("127.0.0.1", port), timeout=10)
sock.sendall(f"PASS {secret}\r\nNICK blaster\r\nUSER blaster 0 * :blaster\r\n"
             f"JOIN {channel}\r\n".encode())
seen = b""
deadline = time.monotonic() + 10
while f" 366 blaster {channel} ".encode() not in seen and time.monotonic() < deadline:
    seen += sock.recv(65536)
data = "".join(f"PRIVMSG {channel} :~B {n:06d} {pad}\r\n" for n in range(count)).encode()
print("ready", flush=True)
sys.stdin.readline()
sock.settimeout(120)
start = time.perf_counter()
sock.sendall(data)
print(start, time.perf_counter(), flush=True)
sys.stdin.readline()
sock.sendall(b"QUIT :done\r\n")
sock.close()
"""


class Blaster:
    """A process that registers with the host secret (no flood control, as for the host),
    joins the room, and writes `count` PRIVMSGs at once when told to."""

    def __init__(self, port: int, secret: str, channel: str, count: int) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-c", BLASTER, str(port), secret, channel, str(count), PAD],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            encoding="utf-8",
        )
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline()
        if line.strip() != "ready":
            self.proc.kill()
            raise SystemExit(f"bench.ui: the blaster did not get into the room ({line!r})")
        self.sent_at = 0.0
        self.done_at = 0.0

    def _tell(self) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write("\n")
        self.proc.stdin.flush()

    def blast(self) -> threading.Thread:
        """Start the burst; the thread only waits for the blaster's timestamps."""
        self._tell()

        def wait() -> None:
            assert self.proc.stdout is not None
            times = self.proc.stdout.readline().split()
            if len(times) == 2:
                self.sent_at, self.done_at = float(times[0]), float(times[1])

        thread = threading.Thread(target=wait, name="blaster-wait", daemon=True)
        thread.start()
        return thread

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self._tell()
        try:
            self.proc.wait(5)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(5)


# --- a class of 30 in the room while the burst runs (the hosting figures) ---

CLASS = r"""
import selectors, socket, sys, time
port, channel, size = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
selector = selectors.DefaultSelector()
names = {}
for n in range(size):
    sock = socket.create_connection(("127.0.0.1", port), timeout=10)
    nick = f"Student{n + 1:02d}"
    sock.sendall(f"NICK {nick}\r\nUSER {nick} 0 * :{nick}\r\nJOIN {channel}\r\n".encode())
    sock.setblocking(False)
    selector.register(sock, selectors.EVENT_READ, nick)
    names[nick] = b""
selector.register(sys.stdin, selectors.EVENT_READ, None)
joined, told, sent = set(), 0, 0
deadline = time.monotonic() + 20
next_send = {nick: 0.0 for nick in names}
while True:
    for key, _ in selector.select(0.02):
        if key.data is None:  # a line on stdin: start talking, then stop
            sys.stdin.readline()
            told += 1
            if told == 1:
                start = time.monotonic()
                for i, nick in enumerate(names):  # one message a second each, spread out
                    next_send[nick] = start + i / size
                continue
            print(sent, flush=True)
            raise SystemExit(0)
        try:
            data = key.fileobj.recv(262144)
        except BlockingIOError:
            continue
        if not data:
            raise SystemExit(f"{key.data} was disconnected")
        if key.data not in joined:
            names[key.data] = (names[key.data] + data)[-4096:]
            if f" 366 {key.data} {channel} ".encode() in names[key.data]:
                joined.add(key.data)
                if len(joined) == size:
                    print("ready", flush=True)
    if told == 1:
        now = time.monotonic()
        for key in list(selector.get_map().values()):
            if key.data and next_send[key.data] <= now:
                next_send[key.data] += 1.0
                key.fileobj.send(f"PRIVMSG {channel} :~C {sent:06d} a question\r\n".encode())
                sent += 1
    elif len(joined) < size and time.monotonic() > deadline:
        raise SystemExit("the class did not get into the room")
"""


class Classroom:
    """`size` students in a process of their own, each on its own connection (not flood
    exempt): they join the room, read everything, and once talk() is called each says a
    line a second until close()."""

    def __init__(self, port: int, channel: str, size: int) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-c", CLASS, str(port), channel, str(size)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            encoding="utf-8",
        )
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline()
        if line.strip() != "ready":
            self.proc.kill()
            raise SystemExit(f"bench.ui: the class did not get into the room ({line!r})")
        self.said = 0

    def _tell(self) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write("\n")
        self.proc.stdin.flush()

    def talk(self) -> None:
        self._tell()

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self._tell()
            assert self.proc.stdout is not None
            said = self.proc.stdout.readline().strip()
            self.said = int(said) if said.isdigit() else 0
        try:
            self.proc.wait(5)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(5)


# --- the window under the burst ---


@dataclass
class Burst:
    count: int
    inserted: list[float] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)
    gaps: list[float] = field(default_factory=list)
    drawn_at: float = 0.0
    sender_start: float = 0.0
    sender_done: float = 0.0
    lines_in_widget: int = 0
    timed_out: bool = False


ROOM = r"""
import queue, sys
from chatgui.net.server import ChatServer, ServerConfig
port, secret = int(sys.argv[1]), sys.argv[2]
events = queue.Queue()
config = ServerConfig(network="Bench room", host_secret=secret, rooms=("#bench-room",))
server = ChatServer(config, events, bind="127.0.0.1", port=port)
server.start()
print(type(events.get(timeout=10)).__name__, flush=True)
sys.stdin.readline()
server.stop()
"""


@contextlib.contextmanager
def room_elsewhere(port: int, secret: str) -> Iterator[None]:
    """A chatgui room in a process of its own, as on the teacher's PC when a student's
    window is the one measured."""
    proc = subprocess.Popen(
        [sys.executable, "-c", ROOM, str(port), secret],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        encoding="utf-8",
    )
    try:
        assert proc.stdout is not None
        started = proc.stdout.readline().strip()
        if started != "ServerStarted":
            raise SystemExit(f"bench.ui: the room process did not start ({started!r})")
        yield
    finally:
        with contextlib.suppress(OSError):
            assert proc.stdin is not None
            proc.stdin.write("\n")
            proc.stdin.flush()
        try:
            proc.wait(5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)


def run_burst(
    count: int, workdir: Path, port: int, hosting: bool = True, class_size: int = 0
) -> tuple[Burst, tk.Tk, ChatApp]:
    """Blast `count` messages into a real window: one that hosts the room (its server in this
    process), or one that joined a room hosted by another process; with `class_size`
    students in the room, talking while the burst runs (Classroom)."""
    os.environ["CHATGUI_HOME"] = str(workdir / ("host" if hosting else "join"))
    os.environ["CHATGUI_BIND"] = "127.0.0.1"
    os.environ["CHATGUI_PORT"] = str(port)  # the hosting window's room listens there
    root = tk.Tk(className="chatgui")
    root.geometry("900x620+0+0")
    me = "Ms_Bench" if hosting else "Sam_Bench"
    app = ChatApp(root, Settings(name=me))
    channel = "#bench-room"

    def members() -> list[str]:
        if app.page is None:
            return []
        return [m.nick for m in app.page.view.members.get(channel, ())]

    if hosting:
        app.start.host_now(me, "Bench room")
        if not pump_until(root, lambda: members() == [me], 20):
            raise SystemExit("bench.ui: the window did not open its room")
        blaster = Blaster(port, app.session.host_secret, channel, count)
    else:
        blaster = Blaster(port, "bench-secret", channel, count)
        app.start.join_now(me, f"127.0.0.1:{port}")
    if not pump_until(root, lambda: {me, "blaster"} <= set(members()), 10):
        raise SystemExit("bench.ui: the window and the blaster did not meet in the room")
    students = Classroom(port, channel, class_size) if class_size else None
    pump_until(root, lambda: False, 0.5)  # settle: the join notices drawn
    assert app.page is not None
    transcript = app.page.view.transcripts[casefold(channel)]

    result = Burst(count)
    original = transcript.add_message

    def counting(sender: str, text: str, *args: object, **kwargs: object) -> None:
        original(sender, text, *args, **kwargs)  # type: ignore[arg-type]
        if sender == "blaster":
            result.inserted.append(time.perf_counter())
            result.texts.append(text)

    transcript.add_message = counting  # type: ignore[method-assign]

    last = [time.perf_counter()]
    beating = [""]

    def beat() -> None:
        now = time.perf_counter()
        result.gaps.append(now - last[0])
        last[0] = now
        beating[0] = root.after(HEARTBEAT_MS, beat)

    deadline = time.monotonic() + max(60.0, count / 100)

    def check() -> None:
        if len(result.inserted) >= count:
            root.update_idletasks()  # the last lines drawn
            result.drawn_at = time.perf_counter()
            root.quit()
        elif time.monotonic() > deadline:
            result.timed_out = True
            root.quit()
        else:
            root.after(20, check)

    beating[0] = root.after(HEARTBEAT_MS, beat)
    root.after(20, check)
    started = time.perf_counter()
    if students is not None:
        students.talk()
    thread = blaster.blast()
    root.mainloop()
    root.after_cancel(beating[0])  # the idle figures must not count the heartbeat
    thread.join(5)
    result.sender_start = blaster.sent_at or started
    result.sender_done = blaster.done_at or started
    result.lines_in_widget = int(transcript.widget.index("end-1c").split(".")[0])
    transcript.add_message = original  # type: ignore[method-assign]
    if students is not None:
        students.close()
    blaster.close()
    pump_until(root, lambda: "blaster" not in members(), 5)
    return result, root, app


# --- idle CPU ---


def idle_cpu(root: tk.Tk, seconds: float) -> tuple[float, float]:
    """(% of a core used by the whole process, by the Tk thread) while the window idles."""
    pump_until(root, lambda: False, 1.0)
    process, thread, wall = time.process_time(), time.thread_time(), time.perf_counter()
    root.after(int(seconds * 1000), root.quit)
    root.mainloop()
    wall = time.perf_counter() - wall
    return (
        100 * (time.process_time() - process) / wall,
        100 * (time.thread_time() - thread) / wall,
    )


# --- start to window ---


def visible_windows(pattern: str) -> set[str]:
    out = subprocess.run(
        ["xdotool", "search", "--onlyvisible", "--name", pattern],
        capture_output=True,
        encoding="utf-8",
        timeout=5,
        check=False,
    ).stdout
    return {w for w in out.split() if w.isdigit()}


def start_to_window(runs: int, workdir: Path) -> tuple[list[float], float, float]:
    """Seconds from spawning `python -m chatgui` to its window being visible, per run; also
    the cost of one xdotool poll and of a bare `python -c pass`, for scale.

    Python keeps each module compiled in __pycache__ after its first start, as an installed
    program has it; a shell that says PYTHONDONTWRITEBYTECODE would make every start compile
    all of chatgui again (about 0.25 s here), so the package is compiled first."""
    env = {**os.environ, "CHATGUI_HOME": str(workdir / "start")}
    env.pop("CHATGUI_PORT", None)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", str(ROOT / "chatgui")], check=True, timeout=120
    )
    times: list[float] = []
    t = time.perf_counter()
    for _ in range(5):
        visible_windows("^chatgui$")
    poll = (time.perf_counter() - t) / 5
    t = time.perf_counter()
    subprocess.run([sys.executable, "-c", "pass"], check=True, timeout=30)
    bare = time.perf_counter() - t
    for _ in range(runs):
        before = visible_windows("^chatgui$")
        t0 = time.perf_counter()
        proc = subprocess.Popen(
            [sys.executable, "-m", "chatgui"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        seen = 0.0
        deadline = t0 + 20
        while time.perf_counter() < deadline and proc.poll() is None:
            if visible_windows("^chatgui$") - before:
                seen = time.perf_counter() - t0
                break
            time.sleep(0.005)
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)
        times.append(seen if seen else float("nan"))
    return times, poll, bare


# --- the seed ---


@dataclass
class SeedResult:
    chunks: list[str] = field(default_factory=list)
    error: str = ""


def seed_burst(count: int, seed_dir: Path, workdir: Path) -> SeedResult:
    """The same burst through the seed's chatroom, read as chat.py reads it."""
    result = SeedResult()
    if not (seed_dir / "chatroomlib.py").is_file():
        result.error = f"no chatroomlib.py in {seed_dir}"
        return result
    port = free_port()
    env = {**os.environ, "SEED_PORT": str(port)}
    with (workdir / "seed.log").open("wb") as log:
        host = subprocess.Popen(
            [
                sys.executable,
                "-c",
                "import chatroomlib; chatroomlib.create_chatroom(); import time; time.sleep(60)",
            ],
            cwd=seed_dir,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        return _seed_session(port, count, result)
    finally:
        host.kill()
        host.wait(5)


def _connect_from(source: str, port: int) -> socket.socket:
    deadline = time.monotonic() + 10
    while True:
        sock = socket.socket()
        sock.bind((source, 0))
        try:
            sock.connect(("127.0.0.1", port))
            return sock
        except ConnectionRefusedError:
            sock.close()
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def _seed_session(port: int, count: int, result: SeedResult) -> SeedResult:
    reader = _connect_from("127.0.0.3", port)  # the seed keys people by address: one each
    reader.settimeout(10)
    seen = ""
    while "127.0.0.3 has just joined" not in seen:
        seen += reader.recv(1024).decode("utf-8")
    sender = _connect_from("127.0.0.2", port)
    while "127.0.0.2 has just joined" not in seen:
        seen += reader.recv(1024).decode("utf-8")
    stop = threading.Event()

    def drain() -> None:  # the seed echoes everything to its sender too: keep reading it
        sender.settimeout(0.2)
        while not stop.is_set():
            try:
                if not sender.recv(65536):
                    return
            except TimeoutError:
                continue
            except OSError:
                return

    def send() -> None:
        for n in range(count):  # as chat.py does: one send() per typed line, no newline
            sender.send(message(n).encode("utf-8"))

    threads = [threading.Thread(target=f, daemon=True) for f in (drain, send)]
    for thread in threads:
        thread.start()
    last = message(count - 1)
    tail = ""
    deadline = time.monotonic() + max(30.0, count / 200)
    reader.settimeout(3)  # nothing for 3 s: the seed has sent all it will
    while last not in tail and time.monotonic() < deadline:
        try:
            chunk = reader.recv(1024).decode("utf-8", errors="replace")
        except TimeoutError:
            result.error = "the seed stopped sending (3 s silent)"
            break
        if not chunk:
            result.error = "the seed closed the connection"
            break
        result.chunks.append(chunk)  # chat.py: print(messages), one screen line per recv
        tail = (tail + chunk)[-2 * len(last) :]
    stop.set()
    for thread in threads:
        thread.join(5)
    sender.close()
    reader.close()
    return result


def screen_lines(lines: list[str], count: int) -> dict[str, int]:
    """How `count` messages landed on screen lines, as a reader sees them.

    The lines, joined, are the byte stream the reader got; each message is found in it, then
    placed: alone (one line holds exactly that message), cut (it spans two or more lines),
    or glued (it shares a line with another message). A glued line holds parts of two or
    more messages."""
    stream = "".join(lines)
    bounds: list[int] = []  # where each line ends in the stream
    end = 0
    for line in lines:
        end += len(line)
        bounds.append(end)
    per_line: list[int] = [0] * len(lines)
    alone = cut = glued = 0
    found: set[int] = set()
    position = 0
    for n in range(count):
        text = message(n)
        start = stream.find(text, position)
        if start < 0:
            start = stream.find(text)
            if start < 0:
                continue
        position = start + len(text)
        found.add(n)
        first = _line_of(bounds, start)
        last = _line_of(bounds, start + len(text) - 1)
        for index in range(first, last + 1):
            per_line[index] += 1
        if first != last:
            cut += 1
        elif lines[first] == text:
            alone += 1
    glued = sum(1 for n in per_line if n > 1)
    shared = sum(n for n in per_line if n > 1)
    return {
        "lines": sum(1 for n in per_line if n > 0),
        "alone": alone,
        "glued": glued,
        "in_glued": shared,
        "cut": cut,
        "distinct": len(found),
    }


def _line_of(bounds: list[int], offset: int) -> int:
    """The index of the line holding stream offset `offset` (bounds: each line's end)."""
    low, high = 0, len(bounds) - 1
    while low < high:
        middle = (low + high) // 2
        if bounds[middle] > offset:
            high = middle
        else:
            low = middle + 1
    return low


# --- the report ---


def verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


@dataclass
class BurstFigures:
    lines_per_s: float
    stall_ms: float
    gap_p50_ms: float
    gap_p99_ms: float
    span_s: float
    sender_s: float
    first_line_ms: float
    draw_ms: float
    widget_lines: int
    timed_out: bool
    screen: dict[str, int]


def burst_figures(burst: Burst) -> BurstFigures:
    times = burst.inserted
    nan = float("nan")
    span = times[-1] - times[0] if len(times) > 1 else nan
    gaps = sorted(g * 1000 for g in burst.gaps) or [nan]
    return BurstFigures(
        lines_per_s=(len(times) - 1) / span if len(times) > 1 else 0.0,
        stall_ms=max(0.0, gaps[-1] - HEARTBEAT_MS),
        gap_p50_ms=gaps[len(gaps) // 2],
        gap_p99_ms=gaps[int(len(gaps) * 0.99)],
        span_s=span,
        sender_s=burst.sender_done - burst.sender_start,
        first_line_ms=(times[0] - burst.sender_start) * 1000 if times else nan,
        draw_ms=(burst.drawn_at - times[-1]) * 1000 if burst.drawn_at and times else nan,
        widget_lines=burst.lines_in_widget,
        timed_out=burst.timed_out,
        screen=screen_lines(burst.texts, burst.count),
    )


@dataclass
class Figures:
    display: str = ""
    bursts: dict[str, BurstFigures] = field(default_factory=dict)
    idle_room: tuple[float, float] = (0.0, 0.0)
    idle_start: tuple[float, float] = (0.0, 0.0)
    starts: list[float] = field(default_factory=list)
    poll_ms: float = 0.0
    bare_ms: float = 0.0
    seed_screen: dict[str, int] = field(default_factory=dict)
    seed_error: str = ""


def report(a: argparse.Namespace, f: Figures) -> str:
    n = a.messages
    lines = [
        f"bench/ui.py {time.strftime('%Y-%m-%d %H:%M:%S')}  "
        f"{'quick' if a.quick else 'full'}: {n:,} messages, {a.idle_seconds:g} s idle, "
        f"{a.starts} starts",
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}, Tk {tk.TkVersion}, load average "
        f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}, DISPLAY {f.display}",
        "",
        "figure                                        value        target  result",
        "--------------------------------------------  -----------  ------  ------",
    ]

    def row(name: str, value: str, target: str = "", result: str = "") -> None:
        lines.append(f"{name:<44}  {value:>11}  {target:>6}  {result}".rstrip())

    for kind, b in f.bursts.items():
        joined = kind != "hosting"
        row(
            f"{kind}: lines/s shown in the window",
            f"{b.lines_per_s:,.0f}",
            f">={TARGET_LINES_PER_S // 1000}k" if joined else "",
            verdict(b.lines_per_s >= TARGET_LINES_PER_S) if joined else "",
        )
        stall_target = TARGET_HOST_STALL_MS if kind == "hosting" else TARGET_STALL_MS
        row(
            f"{kind}: worst event-loop stall",
            f"{b.stall_ms:.0f} ms",
            f"<={stall_target}",
            verdict(b.stall_ms <= stall_target),
        )
        row(f"{kind}: heartbeat gap p50 / p99", f"{b.gap_p50_ms:.0f} / {b.gap_p99_ms:.0f} ms")
        row(f"{kind}: first to last line", f"{b.span_s:.2f} s")
        row(f"{kind}: first line after the burst began", f"{b.first_line_ms:.0f} ms")
        row(f"{kind}: blaster done writing after", f"{b.sender_s:.2f} s")
        row(f"{kind}: last line on screen after inserted", f"{b.draw_ms:.1f} ms")
        row(f"{kind}: lines kept in the widget", f"{b.widget_lines:,}")
        if b.timed_out:
            row(f"{kind}: TIMED OUT, lines shown", f"{b.screen['lines']:,}")
    lines += stalls_side_by_side(a, f)
    room, start = f.idle_room, f.idle_start
    row(
        "idle, room open: CPU, whole process",
        f"{room[0]:.2f} %",
        f"<{TARGET_IDLE_PCT:g} %",
        verdict(room[0] < TARGET_IDLE_PCT),
    )
    row("idle, room open: CPU, Tk thread", f"{room[1]:.2f} %")
    row(
        "idle, start screen: CPU, whole process",
        f"{start[0]:.2f} %",
        f"<{TARGET_IDLE_PCT:g} %",
        verdict(start[0] < TARGET_IDLE_PCT),
    )
    median = statistics.median(f.starts) if f.starts else float("nan")
    row(
        "start to window, median",
        f"{median * 1000:.0f} ms",
        f"<{TARGET_START_S * 1000:.0f}",
        verdict(median < TARGET_START_S),
    )
    row("start to window, each run (ms)", " ".join(f"{s * 1000:.0f}" for s in f.starts))
    row("  for scale: one xdotool poll; python -c pass", f"{f.poll_ms:.0f}; {f.bare_ms:.0f} ms")

    ours = f.bursts["hosting"].screen if "hosting" in f.bursts else {}
    seed = f.seed_screen
    lines += ["", f"the same {n:,}-message burst on a reader's screen", ""]
    lines.append(f"{'':<40}  {'chatgui':>8}  {'seed':>8}  {'seed/chatgui':>12}")
    for key, label in (
        ("lines", "screen lines with messages on them"),
        ("alone", "messages alone on a line of their own"),
        ("glued", "glued lines (2+ messages on one line)"),
        ("in_glued", "messages on glued lines"),
        ("cut", "messages cut across two lines"),
        ("distinct", "distinct messages that arrived"),
    ):
        mine, theirs = ours.get(key, 0), seed.get(key, 0)
        ratio = f"{theirs / mine:.3f}" if mine else "-"
        lines.append(f"{label:<40}  {mine:>8,}  {theirs:>8,}  {ratio:>12}")
    ok = ours.get("glued", -1) == 0 and ours.get("alone") == n
    lines.append("")
    lines.append(
        f"glued lines: seed {seed.get('glued', 0):,}, chatgui {ours.get('glued', 0):,}  "
        f"({verdict(ok)}: every chatgui message on a line of its own)"
    )
    if f.seed_error:
        lines.append(f"seed note: {f.seed_error}")
    return "\n".join(lines) + "\n"


def stalls_side_by_side(a: argparse.Namespace, f: Figures) -> list[str]:
    """The host's window beside a student's: worst stall and lines/s, and the class the host
    had in its room while the burst ran."""
    host, joined = f.bursts.get("hosting"), f.bursts.get("joined")
    if host is None or joined is None:
        return []
    return [
        f"worst stall, hosting (class of {a.class_size}) vs joined: "
        f"{host.stall_ms:.0f} ms vs {joined.stall_ms:.0f} ms; lines/s "
        f"{host.lines_per_s:,.0f} vs {joined.lines_per_s:,.0f}"
    ]


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m bench.ui", description=__doc__.split("\n\n")[0])
    p.add_argument("--quick", action="store_true", help="1,000 messages, 3 s idle, 3 starts")
    p.add_argument("--messages", type=int, help="messages in the burst (default 10,000)")
    p.add_argument("--idle-seconds", type=float, help="idle CPU window (default 10)")
    p.add_argument("--starts", type=int, help="python -m chatgui runs (default 5)")
    p.add_argument(
        "--class-size",
        type=int,
        default=30,
        help="students talking (a line a second each) in the hosted room during its burst",
    )
    p.add_argument(
        "--seed-dir",
        type=Path,
        default=Path(os.environ.get("SEED_DIR") or ROOT.parent / "shared" / "seed"),
        help="the seed's folder (chat.py, chatroomlib.py)",
    )
    p.add_argument("--out", type=Path, help="results file (default bench/results/ui-<date>.txt)")
    p.add_argument("--no-save", action="store_true", help="print only")
    a = p.parse_args(argv)
    a.messages = a.messages or (1000 if a.quick else 10_000)
    a.idle_seconds = a.idle_seconds or (3.0 if a.quick else 10.0)
    a.starts = a.starts or (3 if a.quick else 5)
    return a


def main(argv: list[str] | None = None) -> int:
    a = parse_args(argv)
    # Room discovery (mDNS, UDP broadcast) on loopback only: nothing leaves this machine. Set
    # before any window or child process exists, so every one of them inherits it.
    os.environ["CHATGUI_DISCOVERY_INTERFACES"] = "127.0.0.1"
    f = Figures()
    with tempfile.TemporaryDirectory(prefix="bench-ui-") as tmp, display() as shown:
        workdir = Path(tmp)
        f.display = shown
        print(
            f"hosting: {a.messages:,} messages into the host's window, "
            f"{a.class_size} students talking…",
            flush=True,
        )
        burst, root, app = run_burst(
            a.messages, workdir, free_port(), hosting=True, class_size=a.class_size
        )
        f.bursts["hosting"] = burst_figures(burst)
        print(f"idle window, {a.idle_seconds:g} s with the room open…", flush=True)
        f.idle_room = idle_cpu(root, a.idle_seconds)
        app.leave()
        print(f"idle window, {a.idle_seconds:g} s on the start screen…", flush=True)
        f.idle_start = idle_cpu(root, a.idle_seconds)
        app.pump.stop()
        root.destroy()
        del app, root
        # The host's window is garbage in reference cycles: collected here, on the Tk thread,
        # not by chance on the next window's network thread, where each Tk object's __del__
        # waits a second for the Tk thread and holds the burst's lines back meanwhile.
        gc.collect()

        print(f"joined: {a.messages:,} messages into a student's window…", flush=True)
        port = free_port()
        with room_elsewhere(port, "bench-secret"):
            burst, root, app = run_burst(a.messages, workdir, port, hosting=False)
            f.bursts["joined"] = burst_figures(burst)
            app.leave()
            app.pump.stop()
            root.destroy()

        print(f"python -m chatgui to a visible window, {a.starts} times…", flush=True)
        f.starts, poll, bare = start_to_window(a.starts, workdir)
        f.poll_ms, f.bare_ms = poll * 1e3, bare * 1e3

        print(f"the seed with the same {a.messages:,} messages…", flush=True)
        seed = seed_burst(a.messages, a.seed_dir.resolve(), workdir)
        f.seed_screen = screen_lines(seed.chunks, a.messages) if seed.chunks else {}
        f.seed_error = seed.error
    text = report(a, f)
    print()
    print(text, end="")
    if not a.no_save:
        stamp = time.strftime("%Y%m%d-%H%M%S")
        out = a.out or RESULTS / f"ui-{stamp}{'-quick' if a.quick else ''}.txt"
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text, encoding="utf-8")
        print(f"written to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
