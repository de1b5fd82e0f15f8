"""What keeping the history costs a busy room, thread by thread: chatgui with and without it.

    python -m bench.history_cost                       # fanout and classroom, 3 rounds each
    python -m bench.history_cost --label after         # also written to bench/results/
    python -m bench.history_cost --profile-writer      # and cProfile of the writer thread

Each round starts two fresh servers as processes of their own (`--child`: a ChatServer with
flood control off, one keeping its history in a new file, one keeping none), one after the
other, and drives each with the same load (bench/profile_server.py's cases). The child reads
each of its threads' CPU time (pthread_getcpuclockid) when everyone has joined and when the
parent stops it, so the table says which thread spent what on the talk alone: the loop
(parsing, relaying and the pending file's append), the history's writer (SQLite, with the
move of the talk's last lines, which would otherwise wait past the end) and any other. Per
message: the server's CPU divided by the messages sent. Nothing asserts.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import queue
import signal
import sys
import tempfile
import threading
import time
from pathlib import Path

from bench import peers
from bench.loadgen import LoadGen
from bench.profile_server import Case, classroom, fanout, serving, top
from bench.report import Said

MAIN_THREADS = ("chatgui-server", "chatgui-history-writer")
HEADER = (
    "  round  msgs h/n     loop h / n   writer h  other h / n   total h / n    h-n  µs/deliv h / n"
)


def thread_cpu() -> dict[str, float]:
    """CPU seconds of each live thread of this process, by thread name."""
    spent: dict[str, float] = {}
    for thread in threading.enumerate():
        if thread.ident is None:
            continue
        try:
            clock = time.pthread_getcpuclockid(thread.ident)
            spent[thread.name] = spent.get(thread.name, 0.0) + time.clock_gettime(clock)
        except OSError:  # ended meanwhile
            continue
    return spent


def child(port: int, history: str, report: str, profile_to: str) -> None:
    """Serve until SIGTERM; SIGUSR1 marks the start of the talk. Writes the threads' CPU
    between the two (and the writer's profile, when asked) to `report`."""
    from chatgui.events import ChatEvent
    from chatgui.net.server import ChatServer, ServerConfig

    config = ServerConfig(flood_cost_s=0.0, address_flood_cost_s=0.0)
    path = Path(history) if history else None
    server = ChatServer(config, queue.Queue[ChatEvent](), "127.0.0.1", port, history=path)
    marks: list[dict[str, float]] = []
    done = threading.Event()
    profiler = cProfile.Profile(time.thread_time_ns, 1e-9)
    writer = server._history._writer

    def mark(*_: object) -> None:
        marks.append(thread_cpu())
        if profile_to:
            writer._jobs.put(profiler.enable)  # a job runs on the writer's thread

    signal.signal(signal.SIGUSR1, mark)
    signal.signal(signal.SIGTERM, lambda *_: done.set())
    server.start()
    done.wait()
    store = server._history.store
    if store is not None:  # the talk's last lines into SQLite too: counted with the rest
        writer.ask(store.flush)
    if profile_to:
        writer.ask(profiler.disable)
    marks.append(thread_cpu())
    if profile_to:
        profiler.dump_stats(profile_to)
    server.stop()
    before, after = marks[0], marks[-1]
    spent = {name: after[name] - before.get(name, 0.0) for name in after}
    Path(report).write_text(json.dumps(spent), encoding="utf-8")


def run_case(
    case: Case, seconds: float, history: bool, workdir: Path, profile: str = ""
) -> dict[str, float]:
    """One fresh server through `case`: its threads' CPU during the talk and the counts."""
    report = workdir / f"report-{time.monotonic_ns()}.json"
    file = str(workdir / f"h-{time.monotonic_ns()}.sqlite3") if history else ""

    def argv(port: int) -> list[str]:
        args = [sys.executable, "-m", "bench.history_cost", "--child", str(port)]
        return [*args, "--history", file, "--report", str(report), "--profile-to", profile]

    with serving(argv, workdir) as (pid, port):
        gen = LoadGen(port, raw=False)
        try:
            members = case(gen, seconds, lambda: os.kill(pid, signal.SIGUSR1))
        finally:
            gen.close_all()
        os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + 20
        while not report.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
    spent = json.loads(report.read_text(encoding="utf-8")) if report.exists() else {}
    return {
        "sent": gen.total_sent,
        "delivered": gen.delivered,
        "lost": gen.total_sent * (members - 1) - gen.delivered,
        "loop": spent.get("chatgui-server", 0.0),
        "writer": spent.get("chatgui-history-writer", 0.0),
        "other": sum(v for k, v in spent.items() if k not in MAIN_THREADS),
    }


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--child", type=int, help=argparse.SUPPRESS)
    p.add_argument("--history", default="", help=argparse.SUPPRESS)
    p.add_argument("--report", default="", help=argparse.SUPPRESS)
    p.add_argument("--profile-to", default="", help=argparse.SUPPRESS)
    p.add_argument("--label", default="", help="write the output to bench/results/ with this")
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--classroom-s", type=float, default=10.0)
    p.add_argument("--fanout-s", type=float, default=5.0)
    p.add_argument("--profile-writer", action="store_true", help="cProfile the writer thread")
    a = p.parse_args()
    if a.child is not None:
        child(a.child, a.history, a.report, a.profile_to)
        return
    peers.raise_own_nofile()
    cases: list[tuple[str, Case, float]] = [
        ("fanout 50, 1 writer", fanout(1), a.fanout_s),
        ("fanout 50, 2 writers", fanout(2), a.fanout_s),
        ("classroom 30 x 1 msg/s", classroom, a.classroom_s),
    ]
    say = Said(
        "bench/history_cost.py",
        a.label,
        "CPU during the talk, µs per message sent (h = history kept, n = none; h-n = history's"
        " share); loop = chatgui-server, writer = chatgui-history-writer, other = the rest",
    )
    with tempfile.TemporaryDirectory(prefix="chatgui-history-cost-") as tmp:
        workdir = Path(tmp)
        for name, case, seconds in cases:
            say(f"{name}:")
            say(HEADER + "  lost")
            for r in range(a.rounds):
                h = run_case(case, seconds, True, workdir)
                n = run_case(case, seconds, False, workdir)

                def per(x: dict[str, float], key: str) -> float:
                    return x[key] * 1e6 / x["sent"] if x["sent"] else float("nan")

                th = per(h, "loop") + per(h, "writer") + per(h, "other")
                tn = per(n, "loop") + per(n, "writer") + per(n, "other")
                dh = (h["loop"] + h["writer"] + h["other"]) * 1e6 / max(1, h["delivered"])
                dn = (n["loop"] + n["writer"] + n["other"]) * 1e6 / max(1, n["delivered"])
                say(
                    f"  {r + 1:5}  {h['sent']:5}/{n['sent']:<5}"
                    f" {per(h, 'loop'):6.1f} / {per(n, 'loop'):6.1f}"
                    f"   {per(h, 'writer'):6.1f}   {per(h, 'other'):5.1f} / {per(n, 'other'):4.1f}"
                    f"  {th:6.1f} / {tn:6.1f}  {th - tn:+6.1f}   {dh:5.2f} / {dn:5.2f}"
                    f"  {h['lost']}/{n['lost']}"
                )
        if a.profile_writer:
            for name, case, seconds in cases[:1] + cases[2:]:
                stats = str(workdir / "writer.prof")
                h = run_case(case, seconds, True, workdir, stats)
                say("")
                say(f"the writer thread under cProfile, {name}: {h['sent']} messages")
                say(top(stats, 25).rstrip())
    say.keep("history-cost")


if __name__ == "__main__":
    main()
