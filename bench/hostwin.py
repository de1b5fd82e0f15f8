"""The host's window under a class of 30 and a burst: the ways to keep it responsive, side by side.

    python -m bench.hostwin                 # 3 runs of each option, 10,000 lines, class of 30
    python -m bench.hostwin --runs 1 --messages 2000 --options thread,process

Each run is bench/ui.py's hosting run (run_burst with a Classroom talking): a ChatApp hosts a
room on 127.0.0.1, 30 students each say a line a second, and a flood-exempt blaster writes N
lines at once. The options:

- thread: the room's server on a thread of the window's process (ChatServer).
- switch=S: the same, with sys.setswitchinterval(S) set before the window opens.
- process: the room in a child process (ServerProcess).
- profile: thread, with cProfile on the server's and the client's threads (one run; its
  stall figures mean nothing, its top entries show where each line's time goes).

Per run: the window's worst stall, lines/s shown, and the CPU time of each thread of this
process and of the room's process during the burst (/proc, Linux), per line of the burst.
Then, outside any window, the room's start-up (start() returning, ServerStarted arriving) and
the room process's memory. Benchmarks assert nothing. Heavy imports live in functions: the
room's process, started with spawn, imports this module again as its __main__.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import platform
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.report import RESULTS

TICKS = os.sysconf("SC_CLK_TCK")
OPTIONS = "thread,switch=0.001,switch=0.0005,switch=0.002,process"


@dataclass
class Run:
    option: str
    stall_ms: float
    lines_per_s: float
    cpu_s: dict[str, float] = field(default_factory=dict)
    lines: int = 0
    worst: Gap | None = None  # the worst gap of our own heartbeat, taken apart
    waited_ms: float = 0.0  # the longest the Tk thread sat neither running nor runnable
    queued_ms: float = 0.0  # the longest it waited for a core (other programs, our threads)
    gil_ms: tuple[float, float] = (0.0, 0.0)  # GilProbe: p99 and worst wait for the GIL


@dataclass
class Gap:
    """One gap between two heartbeats of the Tk thread, from its /proc schedstat: time on a
    core (its own work), runnable but waiting for a core (the machine's load), and the rest,
    neither: asleep until the next timer (<= HEARTBEAT_MS) or waiting for the GIL."""

    wall_ms: float
    cpu_ms: float
    queued_ms: float

    @property
    def waited_ms(self) -> float:
        return max(0.0, self.wall_ms - self.cpu_ms - self.queued_ms)


class GilProbe:
    """A thread of the window's process that sleeps 1 ms at a time and times its return: the
    time it takes to get the GIL back, less any wait for a core (its schedstat), is what any
    thread of the window, the Tk thread too, waits for the GIL then."""

    def __init__(self) -> None:
        self.waits_ms: list[float] = []
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._run, name="gil-probe", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        path = f"/proc/self/task/{threading.get_native_id()}/schedstat"
        while not self._done.is_set():
            queued = int(Path(path).read_text(encoding="ascii").split()[1])
            start = time.perf_counter()
            time.sleep(0.001)
            late = (time.perf_counter() - start) * 1e3 - 1.0
            queued = int(Path(path).read_text(encoding="ascii").split()[1]) - queued
            self.waits_ms.append(max(0.0, late - queued / 1e6))

    def stop(self) -> None:
        self._done.set()
        self._thread.join(5)


class SchedBeat:
    """A heartbeat of its own on the Tk loop that reads the Tk thread's schedstat each beat."""

    def __init__(self, root: Any, every_ms: int) -> None:
        self._path = f"/proc/self/task/{threading.get_native_id()}/schedstat"
        self._root, self._every = root, every_ms
        self.gaps: list[Gap] = []
        self._last = self._read()
        self._after = root.after(every_ms, self._beat)

    def _read(self) -> tuple[float, int, int]:
        cpu, queued, _ = Path(self._path).read_text(encoding="ascii").split()
        return time.perf_counter(), int(cpu), int(queued)

    def _beat(self) -> None:
        now = self._read()
        then, self._last = self._last, now
        wall = (now[0] - then[0]) * 1e3
        self.gaps.append(Gap(wall, (now[1] - then[1]) / 1e6, (now[2] - then[2]) / 1e6))
        self._after = self._root.after(self._every, self._beat)

    def stop(self) -> None:
        self._root.after_cancel(self._after)


def cpu_of(path: str) -> float:
    """utime + stime of one /proc stat file, in seconds."""
    try:
        fields = Path(path).read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / TICKS


def snapshot(room_pid: Callable[[], int | None]) -> dict[str, float]:
    """CPU seconds so far of each thread of this process (by name), and of the room's process."""
    cpu = {
        t.name: cpu_of(f"/proc/self/task/{t.native_id}/stat")
        for t in threading.enumerate()
        if t.native_id is not None
    }
    pid = room_pid()
    if pid:
        cpu["room process"] = cpu_of(f"/proc/{pid}/stat")
    return cpu


def use_server(kind: str) -> None:
    """Make the window host with a ChatServer thread or a ServerProcess."""
    from chatgui.net.server import ChatServer
    from chatgui.net.server_process import ServerProcess
    from chatgui.ui import hosting

    chosen = ServerProcess if kind == "process" else ChatServer
    for name in ("ChatServer", "ServerProcess"):
        if hasattr(hosting, name):
            setattr(hosting, name, chosen)


def one_run(option: str, a: argparse.Namespace, workdir: Path, profile_to: Path | None) -> Run:
    import bench.ui as ui
    from chatgui.ui.app import ChatApp

    use_server("process" if option == "process" else "thread")
    switch = float(option.split("=")[1]) if option.startswith("switch=") else 0.005
    sys.setswitchinterval(switch)
    apps: list[Any] = []
    before: dict[str, float] = {}
    original_blast = ui.Blaster.blast
    original_connect = ChatApp._connect

    def room_pid() -> int | None:
        rooms = [p.pid for p in multiprocessing.active_children() if p.name == "chatgui-room"]
        return rooms[0] if rooms else None

    def connect(self: ChatApp, *args: Any) -> None:
        apps.append(self)  # the window under measure, for the profile option
        original_connect(self, *args)

    beats: list[SchedBeat] = []
    probes: list[GilProbe] = []

    def blast(self: Any) -> threading.Thread:
        if profile_to is not None:
            start_profiles(apps[0])
        before.update(snapshot(room_pid))
        beats.append(SchedBeat(apps[0].root, ui.HEARTBEAT_MS))
        probes.append(GilProbe())
        return original_blast(self)

    ui.Blaster.blast = blast  # type: ignore[method-assign]
    ChatApp._connect = connect  # type: ignore[method-assign, assignment]
    try:
        burst, root, app = ui.run_burst(
            a.messages, workdir, ui.free_port(), hosting=True, class_size=a.class_size
        )
        after = snapshot(room_pid)
        beats[0].stop()
        probes[0].stop()
        if profile_to is not None:
            stop_profiles(app, profile_to)
    finally:
        ui.Blaster.blast = original_blast  # type: ignore[method-assign]
        ChatApp._connect = original_connect  # type: ignore[method-assign]
        sys.setswitchinterval(0.005)
    figures = ui.burst_figures(burst)
    app.leave()
    app.pump.stop()
    root.destroy()
    del app, root, apps[:]
    import gc

    gc.collect()
    cpu = {name: after[name] - before.get(name, 0.0) for name in after}
    gaps = beats[0].gaps
    gil = sorted(probes[0].waits_ms) or [0.0]
    return Run(
        option,
        figures.stall_ms,
        figures.lines_per_s,
        cpu,
        len(burst.inserted),
        max(gaps, key=lambda g: g.wall_ms, default=None),
        max((g.waited_ms for g in gaps), default=0.0),
        max((g.queued_ms for g in gaps), default=0.0),
        (gil[int(len(gil) * 0.99)], gil[-1]),
    )


# --- cProfile on the workers' threads (the profile option) ---

PROFILES: dict[str, Any] = {}


def start_profiles(app: Any) -> None:
    import cProfile

    for name, worker in (("server", app.server), ("client", app.client)):
        profile = PROFILES[name] = cProfile.Profile()
        worker._loop.submit(profile.enable)  # runs on the worker's own thread


def stop_profiles(app: Any, out: Path) -> None:
    import io
    import pstats

    done = threading.Event()
    for name, worker in (("server", app.server), ("client", app.client)):
        worker._loop.submit(PROFILES[name].disable)
    app.client._loop.submit(done.set)
    done.wait(5)
    time.sleep(0.2)
    text = io.StringIO()
    for name, profile in PROFILES.items():
        text.write(f"--- {name} thread, top 15 by tottime ---\n")
        pstats.Stats(profile, stream=text).sort_stats("tottime").print_stats(15)
    out.write_text(text.getvalue(), encoding="utf-8")


# --- start-up and memory, outside any window ---

STARTUP = r"""
import queue, sys, time
from pathlib import Path
from chatgui.net.server import ChatServer, ServerConfig
from chatgui.net.server_process import ServerProcess

def rss_kb(pid):
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0

kind = sys.argv[1]
events = queue.Queue()
config = ServerConfig(network="Bench room", rooms=("#bench-room",))
server = (ServerProcess if kind == "process" else ChatServer)(
    config, events, bind="127.0.0.1", port=0)
t0 = time.perf_counter()
server.start()
t1 = time.perf_counter()
started = type(events.get(timeout=20)).__name__
t2 = time.perf_counter()
room = rss_kb(server.pid) if kind == "process" else 0
tasks = Path("/proc/self/task").iterdir()
children = [int(p) for task in tasks for p in (task / "children").read_text().split()]
others = sum(rss_kb(p) for p in children if p != getattr(server, "pid", None))
server.stop()
t3 = time.perf_counter()
print(started, t1 - t0, t2 - t0, t3 - t2, room, others, rss_kb("self"))
"""


def startup(kind: str) -> list[str]:
    root = Path(__file__).resolve().parent.parent
    out = subprocess.run(
        [sys.executable, "-c", STARTUP, kind],
        cwd=root,
        capture_output=True,
        encoding="utf-8",
        timeout=60,
        check=False,
    )
    return out.stdout.split() or [f"failed: {out.stderr[-300:]!r}"]


# --- the report ---


def spread(values: list[float], fmt: str) -> str:
    if not values:
        return "-"
    low, high = min(values), max(values)
    return f"{low:{fmt}}" if len(values) == 1 else f"{low:{fmt}}-{high:{fmt}}"


def report(a: argparse.Namespace, runs: list[Run], starts: dict[str, list[list[str]]]) -> str:
    lines = [
        f"bench/hostwin.py {time.strftime('%Y-%m-%d %H:%M:%S')}: {a.messages:,}-line burst, "
        f"class of {a.class_size} at 1 line/s each, {a.runs} runs per option",
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}, load average "
        f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}",
        "",
        "option          worst stall ms   lines/s shown   CPU us per burst line: Tk / server "
        "thread / client thread / room process",
    ]
    for option in dict.fromkeys(r.option for r in runs):
        mine = [r for r in runs if r.option == option]

        def per_line(name: str, mine: list[Run] = mine) -> str:
            values = [1e6 * r.cpu_s.get(name, 0.0) / max(1, r.lines) for r in mine]
            return spread(values, ".0f") if any(values) else "-"

        lines.append(
            f"{option:<15} {spread([r.stall_ms for r in mine], '.0f'):>14}   "
            f"{spread([r.lines_per_s for r in mine], ',.0f'):>13}   "
            f"{per_line('MainThread')} / {per_line('chatgui-server')} / "
            f"{per_line('chatgui-client')} / {per_line('room process')}"
        )
        lines.append(
            f"{'':<15} Tk thread's longest wait neither running nor runnable (GIL, timer): "
            f"{spread([r.waited_ms for r in mine], '.0f')} ms; longest wait for a core: "
            f"{spread([r.queued_ms for r in mine], '.0f')} ms"
        )
        lines.append(
            f"{'':<15} a thread's wait for the GIL (GilProbe), p99: "
            f"{spread([r.gil_ms[0] for r in mine], '.1f')} ms, worst: "
            f"{spread([r.gil_ms[1] for r in mine], '.1f')} ms"
        )
        for r in mine:
            w = r.worst
            apart = (
                f" = {w.cpu_ms:.0f} running + {w.queued_ms:.0f} waiting for a core + "
                f"{w.waited_ms:.0f} neither"
                if w
                else ""
            )
            lines.append(
                f"  run: stall {r.stall_ms:.0f} ms, {r.lines_per_s:,.0f} lines/s; worst gap "
                f"{w.wall_ms if w else 0:.0f} ms{apart}"
            )
    lines += [
        "",
        "room start-up, outside a window (s: start() returns; ServerStarted; stop())  "
        "RSS KB: room process, other children (resource tracker), this process",
    ]
    for kind, results in starts.items():
        for result in results:
            lines.append(f"  {kind:<8} {' '.join(result)}")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.hostwin", description=__doc__.split("\n")[0])
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--messages", type=int, default=10_000)
    p.add_argument("--class-size", type=int, default=30)
    p.add_argument("--options", default=OPTIONS, help=f"comma-separated (default {OPTIONS})")
    p.add_argument("--profile", action="store_true", help="also one cProfile run (thread)")
    p.add_argument("--out", type=Path, help="results file")
    a = p.parse_args(argv)
    import bench.ui as ui

    os.environ["CHATGUI_DISCOVERY_INTERFACES"] = "127.0.0.1"
    stamp = time.strftime("%Y%m%d-%H%M%S")
    out = a.out or RESULTS / f"hostwin-options-{stamp}.txt"
    runs: list[Run] = []
    with tempfile.TemporaryDirectory(prefix="bench-hostwin-") as tmp, ui.display():
        for n in range(a.runs):  # interleaved: each option meets the same load of the machine
            for option in a.options.split(","):
                print(f"run {n + 1}: {option}…", flush=True)
                runs.append(one_run(option, a, Path(tmp) / f"{option}-{n}", None))
        if a.profile:
            print("profile run…", flush=True)
            profile_out = out.with_name(out.stem + "-profile.txt")
            runs.append(one_run("profile", a, Path(tmp) / "profile", profile_out))
    starts = {kind: [startup(kind) for _ in range(3)] for kind in ("thread", "process")}
    text = report(a, runs, starts)
    print(text, end="")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")
    print(f"written to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
