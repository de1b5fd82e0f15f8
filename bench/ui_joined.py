"""The joined window alone under bench/ui.py's burst, repeated, and profiled on its Tk thread.

    python -m bench.ui_joined                 # 3 bursts of 10,000: lines/s and stall each
    python -m bench.ui_joined --profile NAME  # also cProfile the Tk thread during the bursts:
                                              # bench/results/profile-ui-<date>-NAME.txt

A student's window joined to a room hosted by another process (bench/ui.py's "joined" case),
without the hosting, idle, start and seed parts, so the figure can be repeated quickly and
its ranges given. The profile covers the Tk thread only (cProfile sees the thread it runs
in) while the bursts are drawn: every pump turn, Tk call and redraw, top entries by tottime and
cumtime, and the Tk calls made per line shown. Its times are wall time: a Tk call's includes
waiting for the GIL after it (the client's thread takes it meanwhile), and the machine's load
shows; the CPU per line, measured beside it, is each thread's own.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import io
import os
import pstats
import sys
import tempfile
import time
import tkinter as tk
from dataclasses import dataclass
from pathlib import Path

from bench.ui import RESULTS, burst_figures, display, free_port, room_elsewhere, run_burst

TOP = 30


@dataclass
class Run:
    lines_per_s: float
    stall_ms: float
    tk_cpu_us: float  # the Tk thread's CPU per line during the burst
    other_cpu_us: float  # the other threads' (the client's network thread): CPU per line


def one_burst(count: int, workdir: Path, profiler: cProfile.Profile | None) -> Run:
    """One burst into a fresh joined window; the profiler (if any) and the CPU clocks run
    only while the burst is drawn (run_burst's mainloop), not while the window opens."""
    cpu: list[float] = []
    mainloop = tk.Tk.mainloop

    def measured(root: tk.Misc, n: int = 0) -> None:
        thread, process = time.thread_time(), time.process_time()
        if profiler is not None:
            profiler.enable()
        try:
            mainloop(root, n)
        finally:
            if profiler is not None:
                profiler.disable()
            cpu[:] = [time.thread_time() - thread, time.process_time() - process]

    port = free_port()
    tk.Tk.mainloop = measured  # type: ignore[method-assign,assignment]
    try:
        with room_elsewhere(port, "bench-secret"):
            burst, root, app = run_burst(count, workdir, port, hosting=False)
            figures = burst_figures(burst)
            app.leave()
            app.pump.stop()
            root.destroy()
    finally:
        tk.Tk.mainloop = mainloop  # type: ignore[method-assign]
    del app, root
    gc.collect()
    tk_cpu, all_cpu = cpu
    return Run(
        figures.lines_per_s,
        figures.stall_ms,
        tk_cpu / count * 1e6,
        (all_cpu - tk_cpu) / count * 1e6,
    )


def tk_calls(stats: pstats.Stats) -> int:
    """Calls into Tcl made from Python (tkapp.call and the like) in the profile."""
    total = 0
    for (path, _, name), (_, calls, *_rest) in stats.stats.items():  # type: ignore[attr-defined]
        if path == "~" and ("tkinter.tkapp" in name or "_tkinter" in name):
            total += calls
    return total


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(
        prog="python -m bench.ui_joined", description=__doc__.split("\n\n")[0]
    )
    p.add_argument("--messages", type=int, default=10_000, help="messages per burst")
    p.add_argument("--runs", type=int, default=3, help="bursts, each into a fresh window")
    p.add_argument("--profile", metavar="NAME", help="profile the Tk thread; results file suffix")
    a = p.parse_args(argv)
    os.environ["CHATGUI_DISCOVERY_INTERFACES"] = "127.0.0.1"
    # The profiler's clock is wall time: CPU time (time.thread_time, a system call per
    # function entered) would multiply the profiler's own cost by eight and swamp the figures.
    profiler = cProfile.Profile() if a.profile else None
    figures: list[Run] = []
    with tempfile.TemporaryDirectory(prefix="bench-ui-joined-") as tmp, display() as shown:
        for run in range(a.runs):
            figures.append(one_burst(a.messages, Path(tmp) / str(run), profiler))
            f = figures[-1]
            print(
                f"run {run + 1}: {f.lines_per_s:,.0f} lines/s, stall {f.stall_ms:.0f} ms, CPU "
                f"per line: Tk thread {f.tk_cpu_us:.1f} µs, other threads {f.other_cpu_us:.1f} µs"
            )
    rates = [f.lines_per_s for f in figures]
    stalls = [f.stall_ms for f in figures]
    tk_cpu = [f.tk_cpu_us for f in figures]
    other_cpu = [f.other_cpu_us for f in figures]
    head = [
        f"bench/ui_joined.py {time.strftime('%Y-%m-%d %H:%M:%S')}: {a.runs} bursts of "
        f"{a.messages:,} into a joined window, DISPLAY {shown}, load average "
        f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}"
        + (" (under cProfile: slower than without)" if profiler else ""),
        f"lines/s: {min(rates):,.0f}-{max(rates):,.0f}  ("
        + ", ".join(f"{r:,.0f}" for r in rates)
        + ")",
        f"worst stall: {min(stalls):.0f}-{max(stalls):.0f} ms  ("
        + ", ".join(f"{s:.0f}" for s in stalls)
        + ")",
        f"CPU per line, Tk thread: {min(tk_cpu):.1f}-{max(tk_cpu):.1f} µs; other threads "
        f"(the client's): {min(other_cpu):.1f}-{max(other_cpu):.1f} µs"
        + ("  (with the profiler's own cost)" if profiler else ""),
    ]
    text = "\n".join(head) + "\n"
    if profiler is not None:
        lines_shown = a.messages * a.runs
        out = io.StringIO()
        stats = pstats.Stats(profiler, stream=out)
        calls = tk_calls(stats)
        out.write(
            f"\nTk calls from Python: {calls:,} for {lines_shown:,} lines "
            f"({calls / lines_shown:.2f} per line)\n"
        )
        for order in ("tottime", "cumtime"):
            out.write(f"\n=== top {TOP} by {order} ===\n")
            stats.sort_stats(order).print_stats(TOP)
        text += out.getvalue()
        name = RESULTS / f"profile-ui-{time.strftime('%Y%m%d-%H%M%S')}-{a.profile}.txt"
        name.write_text(text, encoding="utf-8")
        print(f"written to {name}")
    print(text if profiler is None else "\n".join(head))
    return 0


if __name__ == "__main__":
    sys.exit(main())
