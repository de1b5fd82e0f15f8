"""Where a crowd's memory goes in the room's server: RSS by mapping, glibc's heaps, pymalloc.

    python -m bench.memory                          # 200 people, 100 at a time, no history
    python -m bench.memory --clients 500 --history  # as bench/server.py's full idle run
    python -m bench.memory --batch 1                # one at a time: no turn's peak
    python -m bench.memory --tracemalloc 12         # also snapshots (BENCH_DUMP.<n>.trace)

The server runs as bench/server.py runs it (`chatgui serve`, flood control and the per-address
cap off), under bench/memory_dump.py, which writes its allocators' figures on SIGUSR1. The load
generator (bench/loadgen.py) joins the clients in batches, as the idle scenario does; /proc's
smaps is read with nobody there and again after the crowd, a second apart. Growth is split into
the pages of files (unicodedata's tables...), the glibc heaps of threads (64 MiB-aligned: how
much each grew and how much of it holds something, from malloc_info) and the rest of the
anonymous memory (pymalloc's arenas, mostly; its bytes in use from _debugmallocstats).
Loopback only; nothing asserts.
"""

from __future__ import annotations

import argparse
import os
import re
import signal
import subprocess
import tempfile
import time
from collections import Counter
from pathlib import Path

from bench import peers
from bench.loadgen import LoadGen
from bench.scenarios import join_all, settle

THREAD_HEAP_ALIGN = 64 << 20
"""glibc's heaps for threads other than the main one are mapped at 64 MiB boundaries."""


def mappings(pid: int) -> Counter[str]:
    """Resident KB by mapping: a file's path, or anon@<start> (hex)."""
    resident: Counter[str] = Counter()
    name = ""
    with open(f"/proc/{pid}/smaps", encoding="utf-8") as smaps:
        for line in smaps:
            head = re.match(r"([0-9a-f]+)-[0-9a-f]+ \S+ \S+ \S+ \S+ *(.*)$", line)
            if head:
                name = head[2].strip() or f"anon@{head[1]}"
            elif line.startswith("Rss:"):
                resident[name] += int(line.split()[1])
    return resident


def group(name: str) -> str:
    """Which part of the memory a mapping is (see the module's docstring)."""
    if name.startswith("anon@"):
        aligned = int(name[5:], 16) % THREAD_HEAP_ALIGN == 0
        return "glibc heaps of threads" if aligned else "pymalloc arenas and other anonymous"
    return "unicodedata" if "unicodedata" in name else "other mappings"


def pymalloc_in_use(path: Path) -> int:
    """Bytes in pymalloc's allocated blocks, from a _debugmallocstats dump."""
    found = re.search(r"# bytes in allocated blocks\s+=\s+([\d,]+)", path.read_text("utf-8"))
    return int(found[1].replace(",", "")) if found else 0


def sqlite_in_use(path: Path) -> int:
    """Bytes SQLite held, from bench/memory_dump.py's .sqlite file."""
    return int(path.read_text(encoding="utf-8"))


def thread_heaps(path: Path) -> list[tuple[int, int]]:
    """(size, bytes in use) of each glibc heap but the main one, from malloc_info."""
    text = path.read_text(encoding="utf-8")
    heaps = re.findall(
        r'<heap nr="(\d+)">.*?<total type="rest" count="\d+" size="(\d+)"/>'
        r'.*?<system type="current" size="(\d+)"/>',
        text,
        re.S,
    )
    return [(int(size), int(size) - int(free)) for nr, free, size in heaps if nr != "0"]


def measure(a: argparse.Namespace, dump: Path) -> str:
    peer = peers.PEERS["chatgui" if a.history else "chatgui-nohistory"]
    port = peers.free_port()
    argv, cwd, env = peer.command(port, dump.parent, Path(a.seed_dir))
    argv[1:3] = ["-m", "bench.memory_dump"]
    env["BENCH_DUMP"] = str(dump)
    if a.tracemalloc:
        env["BENCH_TRACEMALLOC"] = str(a.tracemalloc)
    with open(f"{dump}.log", "wb") as log:
        proc = subprocess.Popen(
            argv, cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=log, stderr=log
        )
    pause = 8.0 if a.tracemalloc else 0.5  # a snapshot of a whole server takes seconds
    gen = LoadGen(port, raw=False, pad=40, max_seq=100)
    try:
        deadline = time.monotonic() + 15
        while not peers.is_listening(port) and time.monotonic() < deadline:
            time.sleep(0.05)
        settle(gen, 1.0)
        before, rss0 = mappings(proc.pid), peers.rss_kb(proc.pid)
        os.kill(proc.pid, signal.SIGUSR1)
        settle(gen, pause)
        meter = peers.CpuMeter(proc.pid)
        joined, failed = join_all(gen, a.clients, 120, a.batch)
        join_cpu_s = meter.stop()[0]
        settle(gen, 1.0)
        after, rss = mappings(proc.pid), peers.rss_kb(proc.pid)
        os.kill(proc.pid, signal.SIGUSR1)
        settle(gen, pause)
    finally:
        gen.close_all()
        peers.stop(proc)
    grown: Counter[str] = Counter()
    for name in set(before) | set(after):
        grown[group(name)] += after[name] - before[name]
    live = pymalloc_in_use(Path(f"{dump}.2.pymalloc")) - pymalloc_in_use(Path(f"{dump}.1.pymalloc"))
    heaps = [
        f"{(s2 - s1) // 1024}/{(u2 - u1) // 1024}"
        for (s1, u1), (s2, u2) in zip(  # a heap made meanwhile is left out
            thread_heaps(Path(f"{dump}.1.malloc")),
            thread_heaps(Path(f"{dump}.2.malloc")),
            strict=False,
        )
    ]
    sqlite = sqlite_in_use(Path(f"{dump}.2.sqlite")) - sqlite_in_use(Path(f"{dump}.1.sqlite"))
    parts = ", ".join(f"{name} {kb:+d}" for name, kb in grown.most_common() if kb)
    return (
        f"{joined} joined ({failed} failed): RSS {rss0}->{rss} +{rss - rss0} KB = "
        f"{(rss - rss0) / max(joined, 1):.2f} KB a person | {parts} KB | pymalloc in use "
        f"+{live // 1024} KB ({live // max(joined, 1)} B a person) | SQLite in use "
        f"{sqlite // 1024:+d} KB | thread heaps grew/in use "
        f"KB: {' '.join(heaps)} | server CPU to join them {join_cpu_s * 1e3:.0f} ms"
    )


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.memory", description=__doc__.split("\n")[0])
    p.add_argument("--clients", type=int, default=200)
    p.add_argument("--batch", type=int, default=100, help="clients joining at once (100)")
    p.add_argument("--history", action="store_true", help="keep history, as 'chatgui' runs")
    p.add_argument("--runs", type=int, default=1)
    p.add_argument("--tracemalloc", type=int, default=0, help="frames kept (0: no snapshots)")
    p.add_argument("--keep", type=Path, help="keep the dumps in this directory")
    p.add_argument("--seed-dir", default=str(peers.DEFAULT_SEED_DIR))
    a = p.parse_args(argv)
    peers.raise_own_nofile()
    with tempfile.TemporaryDirectory(prefix="chatgui-memory-") as tmp:
        where = a.keep or Path(tmp)
        where.mkdir(parents=True, exist_ok=True)
        for run in range(1, a.runs + 1):
            print(f"run {run}: {measure(a, where.resolve() / f'dump-{run}')}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
