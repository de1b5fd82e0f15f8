"""Where the server's loop spends a relayed message: cProfile's top entries, and CPU per delivery
beside the floor relay and miniircd, measured in the same run.

    python -m bench.profile_server                      # classroom and fanout, ~2 minutes
    python -m bench.profile_server --label before       # also written to bench/results/
    python -m bench.profile_server --rounds 3 --classroom-s 10 --fanout-s 5

Each case starts every server fresh as its own process on 127.0.0.1 and drives it with the
load generator (bench/loadgen.py): classroom, 30 people each writing once a second; fanout,
50 members and one (then two) writers sending as fast as a window of 16 unread lines allows.
chatgui runs in-process of a small child (`--child`): a ChatServer with flood control off and
no history, as the peers run; once plain (its CPU from /proc), once under cProfile on its loop
thread (the profile, in the thread's CPU time, so waiting in select() or for a core shared with
others counts nothing; cProfile's own cost makes that run's CPU no figure). Nothing asserts.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import io
import os
import pstats
import queue
import resource
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from bench import peers
from bench.loadgen import LoadGen
from bench.report import Said
from bench.scenarios import drain, join_all, settle

FLOOR = peers.PROJECT.parent / "shared" / "bench" / "floor_relay.py"
"""The floor relay beside the project, as bench/peers.py finds the seed (or --floor)."""
WINDOW = 16
"""Lines a fanout writer may have in flight that the observer has not received yet."""


# --- the child: a ChatServer on the given port, optionally profiled ---


def child(port: int, profile_to: str | None) -> None:
    """Serve until SIGTERM; with `profile_to`, profile the loop thread and write the stats."""
    from chatgui.events import ChatEvent
    from chatgui.net.server import ChatServer, ServerConfig

    config = ServerConfig(flood_cost_s=0.0, address_flood_cost_s=0.0)
    server = ChatServer(config, queue.Queue[ChatEvent](), bind="127.0.0.1", port=port)
    profiler = cProfile.Profile(time.thread_time_ns, 1e-9)  # CPU, not waits or preemption
    done = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: done.set())
    server.start()
    if profile_to:
        server._loop.submit(profiler.enable)  # cProfile follows the thread that enables it
    done.wait()
    if profile_to:
        stopped = threading.Event()

        def stop_profiling() -> None:
            profiler.disable()
            stopped.set()

        server._loop.submit(stop_profiling)
        stopped.wait(5)
        profiler.dump_stats(profile_to)
    server.stop()


# --- the parent: servers as processes, the load generator in this one ---


def _raise_nofile() -> None:
    resource.setrlimit(resource.RLIMIT_NOFILE, (peers.NOFILE, peers.NOFILE))


@contextlib.contextmanager
def serving(argv: Callable[[int], list[str]], workdir: Path) -> Iterator[tuple[int, int]]:
    """Start a server made by argv(port), wait until it listens; (pid, port). Stopped after."""
    port = peers.free_port()
    with open(workdir / f"server-{port}.log", "wb") as log:
        proc = subprocess.Popen(
            argv(port),
            cwd=peers.PROJECT,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            preexec_fn=_raise_nofile,
            start_new_session=True,
        )
    try:
        deadline = time.monotonic() + 15
        while not peers.is_listening(port):
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"{argv(port)} did not start")
            time.sleep(0.05)
        yield proc.pid, port
    finally:
        peers.stop(proc)


def chatgui(profile_to: str | None = None) -> Callable[[int], list[str]]:
    extra = ["--profile", profile_to] if profile_to else []
    return lambda port: [sys.executable, "-m", "bench.profile_server", "--child", str(port), *extra]


def floor(script: Path) -> Callable[[int], list[str]]:
    return lambda port: [sys.executable, str(script), str(port)]


def miniircd(port: int) -> list[str]:
    argv = [sys.executable, "-m", "miniircd", "--listen", "127.0.0.1", "--ports", str(port)]
    return argv + (["--setuid", "nobody"] if os.geteuid() == 0 else [])


Case = Callable[[LoadGen, float, Callable[[], None]], int]
"""A load: (generator, seconds, called once everyone has joined) -> the members (for the loss)."""


def classroom(gen: LoadGen, seconds: float, joined: Callable[[], None]) -> int:
    """30 people, each writing once a second for `seconds`."""
    members, _ = join_all(gen, 30, 60)
    settle(gen, 0.5)
    gen.reset_stats()
    joined()
    gen.start_paced(gen.clients, 1.0, max(1, round(seconds)))
    gen.run_until(lambda: not gen.timers, seconds + 5)
    drain(gen, lambda: gen.total_sent * (members - 1), 10)
    return members


def fanout(writers: int) -> Case:
    """50 members; `writers` of them write as fast as a window of WINDOW unread lines allows."""

    def run(gen: LoadGen, seconds: float, joined: Callable[[], None]) -> int:
        members, _ = join_all(gen, 50, 60)
        settle(gen, 0.5)
        gen.reset_stats()
        joined()
        gen.start_window(gen.clients[:writers], gen.clients[writers], WINDOW)
        gen.run_until(None, seconds)
        gen.stop_window()
        drain(gen, lambda: gen.total_sent * (members - 1), 10)
        return members

    return run


def measure(
    argv: Callable[[int], list[str]],
    case: Case,
    seconds: float,
    workdir: Path,
) -> tuple[float, int, int]:
    """(server CPU µs per delivery, deliveries, lost) for one fresh server."""
    with serving(argv, workdir) as (pid, port):
        gen = LoadGen(port, raw=False)
        meter: list[peers.CpuMeter] = []
        try:
            members = case(gen, seconds, lambda: meter.append(peers.CpuMeter(pid)))
            cpu, _ = meter[0].stop()
        finally:
            gen.close_all()
        lost = gen.total_sent * (members - 1) - gen.delivered
        per = cpu * 1e6 / gen.delivered if gen.delivered else float("nan")
        return per, gen.delivered, lost


def top(path: str, count: int) -> str:
    out = io.StringIO()
    stats = pstats.Stats(path, stream=out)
    stats.strip_dirs().sort_stats("tottime").print_stats(count)
    text = out.getvalue()
    return text[text.find("   ncalls") :] if "   ncalls" in text else text


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--child", type=int, help=argparse.SUPPRESS)
    p.add_argument("--profile", help=argparse.SUPPRESS)
    p.add_argument("--label", default="", help="write the output to bench/results/ with this")
    p.add_argument("--rounds", type=int, default=3, help="CPU measurements per server and case")
    p.add_argument("--classroom-s", type=float, default=10.0)
    p.add_argument("--fanout-s", type=float, default=5.0)
    p.add_argument("--floor", type=Path, default=FLOOR, help="the floor relay's script")
    p.add_argument("--top", type=int, default=25, help="profile entries shown")
    a = p.parse_args()
    if a.child is not None:
        child(a.child, a.profile)
        return
    peers.raise_own_nofile()
    cases: list[tuple[str, Case, float]] = [
        ("classroom 30 x 1 msg/s", classroom, a.classroom_s),
        ("fanout 50, 1 writer", fanout(1), a.fanout_s),
        ("fanout 50, 2 writers", fanout(2), a.fanout_s),
    ]
    servers = [("chatgui", chatgui()), ("floor relay", floor(a.floor)), ("miniircd", miniircd)]
    say = Said("bench/profile_server.py", a.label)
    with tempfile.TemporaryDirectory(prefix="chatgui-profile-") as tmp:
        workdir = Path(tmp)
        say("server CPU per delivery, µs (each round a fresh server; lost in brackets)")
        for name, case, seconds in cases:
            say(f"  {name}:")
            for server, argv in servers:
                runs = [measure(argv, case, seconds, workdir) for _ in range(a.rounds)]
                figures = ", ".join(f"{per:.2f} ({lost})" for per, _, lost in runs)
                low, high = min(r[0] for r in runs), max(r[0] for r in runs)
                say(f"    {server:12} {low:6.2f}-{high:6.2f}   [{figures}]")
        for name, case, seconds in cases[:2]:
            stats = str(workdir / "loop.prof")
            per, delivered, lost = measure(chatgui(stats), case, seconds, workdir)
            say("")
            say(
                f"chatgui's loop thread under cProfile, {name}: {delivered} deliveries, {lost} lost"
            )
            say(f"(top {a.top} by tottime; cProfile inflates the CPU: {per:.2f} µs per delivery)")
            say(top(stats, a.top).rstrip())
    say.keep("profile-server")


if __name__ == "__main__":
    main()
