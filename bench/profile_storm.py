"""What a storm of registrations costs the server: CPU per registration and a profile.

    python -m bench.profile_storm                    # 3 rounds of 500, history on and off
    python -m bench.profile_storm --label before     # also written to bench/results/
    python -m bench.profile_storm --rounds 5 --storm 500 --top 30

Each round starts a fresh ChatServer in a small child process (`--child`), as `serve --flood
off --max-per-address off` runs it, once keeping history (a new file) and once not, and lets
500 connections register at once from 500 addresses (bench/loadgen.py, NICK + USER until 001).
The CPU is read from /proc's schedstat (ns): the loop thread's alone, and the whole process's
(the history's writer thread included), divided by the registrations; waiting for a core
shared with others counts nothing, so these are steadier than the storm's wall-clock p99
(printed beside them). Then one more storm each under cProfile on the loop thread (its CPU
clock), top entries by tottime. Loopback only; nothing asserts.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import queue
import signal
import sys
import tempfile
import threading
import time
from pathlib import Path

from bench import peers
from bench.loadgen import READY, LoadGen
from bench.profile_server import serving, top
from bench.report import Said


def child(port: int, history: str | None, profile_to: str | None, tid_file: str) -> None:
    """Serve until SIGTERM; write the loop thread's id to `tid_file` once it runs."""
    from chatgui.events import ChatEvent
    from chatgui.net.server import ChatServer, ServerConfig, new_host_key

    config = ServerConfig(host_key=new_host_key(), max_per_address=None).with_flood(None)
    events = queue.Queue[ChatEvent]()
    path = Path(history) if history else None
    server = ChatServer(config, events, bind="127.0.0.1", port=port, history=path)
    profiler = cProfile.Profile(time.thread_time_ns, 1e-9)  # CPU, not waits or preemption
    done = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: done.set())

    def stop_profile() -> None:
        profiler.disable()
        profiler.dump_stats(f"{profile_to}.part")
        os.replace(f"{profile_to}.part", str(profile_to))  # whole, or not there yet

    # SIGUSR1: the storm is over; what comes after (everyone leaving) is not profiled
    signal.signal(signal.SIGUSR1, lambda *_: server._loop.submit(stop_profile))
    threading.Thread(target=lambda: [events.get() for _ in iter(int, 1)], daemon=True).start()
    server.start()
    ready = threading.Event()

    def first() -> None:
        Path(tid_file).write_text(str(threading.get_native_id()), encoding="ascii")
        if profile_to:
            profiler.enable()  # cProfile follows the thread that enables it
        ready.set()

    server._loop.submit(first)
    ready.wait(10)
    done.wait()
    server.stop()


def schedstat_ns(pid: int, tid: int | None) -> int:
    """CPU ns of one thread of `pid`, or of all its threads (tid None)."""
    tasks = [str(tid)] if tid is not None else os.listdir(f"/proc/{pid}/task")
    total = 0
    for task in tasks:
        with open(f"/proc/{pid}/task/{task}/schedstat", encoding="ascii") as f:
            total += int(f.read().split()[0])
    return total


def storm_once(
    history: bool, count: int, workdir: Path, profile_to: str | None = None
) -> tuple[float, float, float, int]:
    """(loop thread µs, whole process µs per registration, p99 ms, registered)."""
    tid_file = workdir / "tid"
    tid_file.unlink(missing_ok=True)
    extra = ["--history", str(workdir / f"h{time.monotonic_ns()}.sqlite")] if history else []
    if profile_to:
        extra += ["--profile", profile_to]

    def argv(port: int) -> list[str]:
        me = [sys.executable, "-m", "bench.profile_storm", "--child", str(port)]
        return [*me, "--tid-file", str(tid_file), *extra]

    with serving(argv, workdir) as (pid, port):
        deadline = time.monotonic() + 10
        while not tid_file.exists() or not tid_file.read_text(encoding="ascii"):
            if time.monotonic() > deadline:
                raise RuntimeError("the child never said its loop thread")
            time.sleep(0.02)
        tid = int(tid_file.read_text(encoding="ascii"))
        gen = LoadGen(port, raw=False)
        try:
            gen.run_until(None, 0.5)
            loop0, all0 = schedstat_ns(pid, tid), schedstat_ns(pid, None)
            made = gen.connect(count, join=False)
            gen.run_until(lambda: gen.settled(made), 20)
            gen.run_until(None, 0.3)  # what the history does after the burst counts too
            loop1, all1 = schedstat_ns(pid, tid), schedstat_ns(pid, None)
            if profile_to:
                os.kill(pid, signal.SIGUSR1)
                deadline = time.monotonic() + 10
                while not Path(profile_to).exists() and time.monotonic() < deadline:
                    time.sleep(0.05)
            done = sorted((c.t_ready - c.t_start) / 1e6 for c in made if c.state == READY)
        finally:
            gen.close_all()
        ok = len(done)
        p99 = done[round(0.99 * (ok - 1))] if ok else float("nan")
        per = max(ok, 1) * 1e3
        return (loop1 - loop0) / per, (all1 - all0) / per, p99, ok


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--child", type=int, help=argparse.SUPPRESS)
    p.add_argument("--history", help=argparse.SUPPRESS)
    p.add_argument("--profile", help=argparse.SUPPRESS)
    p.add_argument("--tid-file", help=argparse.SUPPRESS)
    p.add_argument("--label", default="", help="write the output to bench/results/ with this")
    p.add_argument("--rounds", type=int, default=3, help="storms per variant")
    p.add_argument("--storm", type=int, default=500, help="connections at once")
    p.add_argument("--top", type=int, default=25, help="profile entries shown (0: no profile)")
    a = p.parse_args()
    if a.child is not None:
        child(a.child, a.history, a.profile, a.tid_file)
        return
    peers.raise_own_nofile()
    say = Said("bench/profile_storm.py", a.label)
    variants = (("history on", True), ("history off", False))
    with tempfile.TemporaryDirectory(prefix="chatgui-storm-") as tmp:
        workdir = Path(tmp)
        say(f"storm of {a.storm}: CPU µs per registration, loop thread / whole process; p99 ms")
        runs: dict[str, list[tuple[float, float, float, int]]] = {n: [] for n, _ in variants}
        for _ in range(a.rounds):  # alternated, so a busy moment lands on both
            for name, history in variants:
                runs[name].append(storm_once(history, a.storm, workdir))
        for name, _ in variants:
            got = runs[name]
            each = ", ".join(f"{lp:.0f}/{al:.0f}/{p99:.0f}ms({ok})" for lp, al, p99, ok in got)
            loop = f"{min(r[0] for r in got):.0f}-{max(r[0] for r in got):.0f}"
            whole = f"{min(r[1] for r in got):.0f}-{max(r[1] for r in got):.0f}"
            say(f"  {name:12} loop {loop} µs, process {whole} µs   [{each}]")
        for name, history in variants if a.top > 0 else ():
            stats = str(workdir / f"loop-{history}.prof")
            lp, _, _, ok = storm_once(history, a.storm, workdir, stats)
            say("")
            say(f"chatgui's loop thread under cProfile, {name}: {ok} registered")
            say(
                f"(top {a.top} by tottime; cProfile inflates the CPU: {lp:.0f} µs per registration)"
            )
            say(top(stats, a.top).rstrip())
    say.keep("profile-storm")


if __name__ == "__main__":
    main()
