"""What a room keeping history holds once its talk stops: RSS, second by second, after a burst.

    python -m bench.quiet_after_talk                     # 20 people, 2 writers, 20,000 lines
    python -m bench.quiet_after_talk --lines 5000 --seconds 20

The room's server runs as bench/server.py runs it (`chatgui serve`, a new history file). Its
people join, two of them write as fast as a window of 50 lets them (bench/loadgen.py), then
nobody says anything while VmRSS is read every second: what SQLite kept of the talk (its page
cache, up to ~2 MB) stays in the history writer's heap (bench/results/histmem-20261207-*).
Loopback only; nothing asserts.
"""

from __future__ import annotations

import argparse
import subprocess
import tempfile
import time
from pathlib import Path

from bench import peers
from bench.loadgen import LoadGen
from bench.scenarios import join_all, settle


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--people", type=int, default=20)
    p.add_argument("--lines", type=int, default=20_000)
    p.add_argument("--seconds", type=int, default=14, help="how long to watch the quiet room")
    p.add_argument("--seed-dir", default=str(peers.DEFAULT_SEED_DIR))
    a = p.parse_args()
    port = peers.free_port()
    with tempfile.TemporaryDirectory() as folder:
        argv, cwd, env = peers.PEERS["chatgui"].command(port, Path(folder), Path(a.seed_dir))
        server = subprocess.Popen(
            argv,
            cwd=cwd,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        gen = LoadGen(port, raw=False, pad=40, max_seq=a.lines)
        try:
            deadline = time.monotonic() + 15
            while not peers.is_listening(port) and time.monotonic() < deadline:
                time.sleep(0.05)
            join_all(gen, a.people, 60)
            settle(gen, 1.0)
            print(f"{a.people} joined: RSS {peers.rss_kb(server.pid)} KB")
            gen.start_window(gen.clients[:2], gen.clients[2], 50)
            gen.run_until(lambda: gen.total_sent >= a.lines, 60)
            gen.stop_window()
            print(f"{gen.total_sent} lines sent: RSS {peers.rss_kb(server.pid)} KB; then quiet:")
            start = time.monotonic()
            for _ in range(a.seconds):
                settle(gen, 1.0)
                print(f"  {time.monotonic() - start:5.1f} s  RSS {peers.rss_kb(server.pid)} KB")
        finally:
            gen.close_all()
            peers.stop(server)


if __name__ == "__main__":
    main()
