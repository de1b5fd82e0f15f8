"""History's cost to the classroom p99, for two versions of chatgui side by side.

    python -m bench.history_ab /path/to/other/tree           # 10 runs each, ~9 minutes
    python -m bench.history_ab /path/to/other/tree --runs 15

A median of bench/history.py's runs moves from one run of it to the next by more than a change
to the loop's history work can (the machine's speed drifts within the hour), so a change is
judged here: `chatgui serve --no-history` from this tree, `chatgui serve --history` from the
other tree (a `git worktree` of the commit before, say) and from this one, taking turns in one
run, each history a copy of the same file of 100,000 messages (bench/history.py's fill). The
classroom is bench/server.py's: 30 clients x 1 msg/s x 15 s. Prints each run's p50 and p99,
and the medians with history's cost beside the run without. Nothing asserts.
"""

from __future__ import annotations

import argparse
import dataclasses
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from bench import peers
from bench.history import busy_settings, fill
from bench.report import RESULTS
from bench.scenarios import classroom
from bench.server import machine_info, run_one

MESSAGES = 100_000
"""In the history file every run starts from, as bench/history.py fills it."""


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.history_ab", description=__doc__)
    p.add_argument("other", type=Path, help="the other chatgui source tree")
    p.add_argument("--runs", type=int, default=10, help="classroom runs per server")
    p.add_argument("--out", type=Path, help="results file")
    a = p.parse_args(argv)
    peers.raise_own_nofile()
    lines = [
        f"chatgui history A/B, {time.strftime('%Y-%m-%d %H:%M:%S')}",
        f"machine: {machine_info()}",
        f"command: python -m bench.history_ab {' '.join(sys.argv[1:] if argv is None else argv)}",
        f"classroom 30 x 1 msg/s x 15 s, {a.runs} runs each, taking turns",
    ]
    with tempfile.TemporaryDirectory(prefix="chatgui-bench-history-ab-") as tmp:
        work = Path(tmp)
        s = busy_settings(work, quick=False, seed_dir=peers.DEFAULT_SEED_DIR)
        filled = work / "filled.sqlite3"
        fill(filled, MESSAGES)

        def keeping(project: Path | None) -> Callable[[], peers.Peer]:
            def peer() -> peers.Peer:
                copy = work / f"history-{time.monotonic_ns()}.sqlite3"
                shutil.copyfile(filled, copy)
                chatgui = peers.PEERS["chatgui"]
                return dataclasses.replace(chatgui, history=str(copy), project=project)

            return peer

        servers = {
            "no history": lambda: peers.PEERS["chatgui-nohistory"],
            "history, other": keeping(a.other.resolve()),
            "history, this": keeping(None),
        }
        p50s: dict[str, list[float]] = {name: [] for name in servers}
        p99s: dict[str, list[float]] = {name: [] for name in servers}
        for run in range(a.runs):
            for name, make in servers.items():
                figures, notes = run_one(make(), "classroom", classroom, s)
                p50, p99 = figures["p50_ms"], figures["p99_ms"]
                if not isinstance(p50, int | float) or not isinstance(p99, int | float):
                    raise RuntimeError(f"{name}: no latency measured, {figures}")
                p50s[name].append(p50)
                p99s[name].append(p99)
                said = (
                    f"run {run + 1} {name}: p50 {p50:.3f} p99 {p99:.3f} ms, lost {figures['lost']}"
                )
                print(f"[{time.strftime('%H:%M:%S')}] {said}", flush=True)
                lines += [said, *notes]
    base50 = statistics.median(p50s["no history"])
    base99 = statistics.median(p99s["no history"])
    lines.append("medians (history's cost beside the run without):")
    for name in servers:
        p50, p99 = statistics.median(p50s[name]), statistics.median(p99s[name])
        lines.append(
            f"  {name:15s} p50 {p50:.3f} ms ({p50 / base50 - 1:+.1%})"
            f"  p99 {p99:.3f} ms ({p99 / base99 - 1:+.1%})"
        )
    text = "\n".join(lines)
    print(text)
    out = a.out or RESULTS / f"history-ab-{time.strftime('%Y%m%d-%H%M%S')}.txt"
    out.write_text(text + "\n", encoding="utf-8")
    print(f"written to {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
