"""chatgui's room next to the floor relay, miniircd, ngIRCd and InspIRCd: figures and ratios.

    python -m bench.server                 # full run, about 10 minutes
    python -m bench.server --quick         # smoke run, about 2.5 minutes
    python -m bench.server --servers chatgui,miniircd --scenarios classroom,fanout
    python -m bench.server --servers chatgui,chatgui-tls --scenarios classroom,joins   # TLS
    python -m bench.server --scenarios classroom,fanout,paced --rounds 5   # medians of 5

Every scenario starts each server fresh (flood control and per-address caps off, as far as
each allows), drives it from one single-threaded selectors loop in this process
(bench/loadgen.py), reads the server's CPU and memory from /proc, and stops it. All traffic
goes to 127.0.0.0/8; every loop is bounded in count and in time. Nothing here asserts: it
prints a table (and writes it to bench/results/), with the issue's targets for chatgui marked
PASS or MISS. With --rounds N each scenario runs N times, the servers taking turns, and each
figure is the median of its rounds, but a count of what went wrong (lost, duplicated...) is the
worst round's; the notes list every round's CPU per delivery, p99 and RSS per client, and any
such count a round has: one run of a server swings more than the targets' margins. See
bench/README.md for what each figure means.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import platform
import statistics
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from pathlib import Path

from bench import peers
from bench.loadgen import LoadGen
from bench.report import RESULTS, fmt_value, table
from bench.scenarios import SCENARIOS, Figures, Settings
from chatgui.net.tls_identity import pinning_context


def run_one(
    peer: peers.Peer, name: str, scenario: Callable[..., Figures], s: Settings
) -> tuple[Figures, list[str]]:
    notes: list[str] = []
    with peers.running(peer, s.workdir, s.seed_dir) as server:
        gen = LoadGen(
            server.port,
            raw=peer.proto == "raw",
            pad=s.pad,
            max_seq=s.max_per_sender,
            tls=pinning_context() if peer.tls else None,
        )
        try:
            figures = scenario(server, gen, s)
            if not server.alive():
                notes.append(f"{peer.name} {name}: the server process died:\n{server.log_tail()}")
            figures["gen_failures"] = sum(gen.failures.values())
            figures["gen_dropped"] = sum(gen.dropped.values())
            for why, n in (gen.failures + gen.dropped).most_common(3):
                notes.append(f"{peer.name} {name}: {n} client(s): {why}")
            for text, n in gen.numeric_errors.most_common(3):
                notes.append(f"{peer.name} {name}: {n} error numeric(s), e.g. {text}")
        finally:
            gen.close_all()
    return figures, notes


def run_all(
    servers: list[peers.Peer], scenarios: list[str], s: Settings, notes: list[str], rounds: int = 1
) -> dict[str, Figures]:
    """Every scenario on every server in turn, `rounds` times over (the servers taking turns
    within each round, so a slow minute of the machine lands on all of them), with progress;
    figures by server name, each the median of its rounds."""
    kept: dict[str, dict[str, list[float | int | str | None]]] = {p.name: {} for p in servers}
    runs = [
        (label, run, peer)
        for group in scenarios
        for label, run in SCENARIOS[group](s)
        for _ in range(rounds)
        for peer in servers
    ]
    began = time.perf_counter()
    for done, (label, scenario, peer) in enumerate(runs, 1):
        elapsed = time.perf_counter() - began
        print(
            f"[{time.strftime('%H:%M:%S')}] {done}/{len(runs)} {label} on {peer.name} "
            f"({elapsed:.0f} s in) ...",
            flush=True,
        )
        try:
            figures, more = run_one(peer, label, scenario, s)
        except Exception as error:  # noqa: BLE001  (report and go on with the others)
            notes.append(f"{peer.name} {label}: {type(error).__name__}: {error}")
            traceback.print_exc()
            continue
        notes += more
        for k, v in figures.items():
            kept[peer.name].setdefault(f"{label}.{k}", []).append(v)
        brief = ", ".join(
            f"{k}={fmt_value(v, '{:.3g}')}" for k, v in figures.items() if v is not None
        )
        print(f"    {brief}", flush=True)
    if rounds > 1:
        notes += spreads(kept)
    return {name: {k: middle(k, v) for k, v in by_key.items()} for name, by_key in kept.items()}


SPREAD_SHOWN = ("cpu_us_per_delivery", "p99_ms", "rss_per_client_kb")
"""The figures whose every round is listed in the notes when there are several."""

WORST_OF = ("lost", "dup", "reordered", "corrupt", "failed", "gen_failures", "gen_dropped")
"""Counts of what went wrong: over several rounds the worst round's, never a median that a
round which lost messages would hide behind."""


def middle(key: str, values: list[float | int | str | None]) -> float | int | str | None:
    """A figure over its rounds: the median of those that have it as a number (the worst for
    a count of what went wrong); a text, or a figure no round has, as the first round said."""
    numbers = [v for v in values if isinstance(v, (int, float))]
    if not numbers:
        return values[0]
    if key.rsplit(".", 1)[-1] in WORST_OF:
        return max(numbers)
    return statistics.median(numbers)


def spreads(kept: dict[str, dict[str, list[float | int | str | None]]]) -> list[str]:
    """Each round's value of the figures that decide the targets, in the order run, and of
    any count of what went wrong that some round has (a run that failed has no value here;
    its failure is in the notes too)."""
    lines = []
    for name, by_key in kept.items():
        for key, values in by_key.items():
            figure = key.rsplit(".", 1)[-1]
            went_wrong = figure in WORST_OF and any(values)
            if figure in SPREAD_SHOWN or went_wrong:
                shown = ", ".join(fmt_value(v, "{:.3g}") for v in values)
                lines.append(f"{name} {key}, each round: {shown}")
    return lines


def positive(text: str) -> int:
    """An argparse type: a whole number of at least 1."""
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"needs 1 or more, not {value}")
    return value


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m bench.server", description=__doc__.split("\n\n")[0])
    p.add_argument(
        "--quick", action="store_true", help="short smoke run: 2-3 s scenarios, 200 clients"
    )
    p.add_argument(
        "--servers",
        default="floor,miniircd,miniircd-nodelay,ngircd,inspircd,chatgui,chatgui-nohistory",
        help=f"comma-separated, of {','.join(peers.PEERS)} (chatgui-tls: joined over TLS)",
    )
    p.add_argument(
        "--scenarios",
        default="idle,classroom,fanout,paced,storm",
        help="comma-separated subset; also joins (30 and 500 at once, for TLS)",
    )
    p.add_argument("--idle-seconds", type=float)
    p.add_argument("--rss-clients", type=int)
    p.add_argument("--classroom-seconds", type=float)
    p.add_argument("--fanout-seconds", type=float)
    p.add_argument("--fanout-sizes", default="50", help="comma-separated room sizes (50)")
    p.add_argument("--fanout-writers", default="1,2", help="comma-separated writer counts (1,2)")
    p.add_argument("--window", type=int, default=16, help="messages in flight per fanout writer")
    p.add_argument("--max-per-sender", type=int, help="cap on each fanout sender's messages")
    p.add_argument("--paced-rate", type=float, default=10.0, help="msg/s per sender in 'paced'")
    p.add_argument("--storm", type=int, help="connections in the storm")
    p.add_argument("--pad", type=int, default=40, help="padding bytes in each message")
    p.add_argument(
        "--seed-dir", type=Path, default=Path(os.environ.get("SEED_DIR", peers.DEFAULT_SEED_DIR))
    )
    p.add_argument(
        "--floor-relay", type=Path, default=Path(os.environ.get("FLOOR_RELAY", peers.FLOOR_RELAY))
    )
    p.add_argument(
        "--rounds",
        type=positive,
        default=1,
        help="run each scenario this many times, the servers taking turns; figures are medians",
    )
    p.add_argument("--logs", type=Path, help="keep the servers' logs in this directory")
    p.add_argument(
        "--out", type=Path, help="results file (default bench/results/server-<date>.txt)"
    )
    return p.parse_args(argv)


def settings(a: argparse.Namespace, workdir: Path) -> Settings:
    q = a.quick
    return Settings(
        idle_s=a.idle_seconds or (1.0 if q else 5.0),
        idle_clients=30,
        rss_clients=a.rss_clients or (200 if q else 500),
        classroom_clients=30,
        classroom_s=a.classroom_seconds or (3.0 if q else 15.0),
        fanout_sizes=tuple(int(x) for x in a.fanout_sizes.split(",")),
        fanout_senders=10,
        fanout_s=a.fanout_seconds or (2.0 if q else 10.0),
        paced_rate=a.paced_rate,
        window=a.window,
        max_per_sender=a.max_per_sender or (10_000 if q else 50_000),
        storm=a.storm or (200 if q else 500),
        storm_timeout_s=5.0 if q else 30.0,
        drain_s=5.0 if q else 10.0,
        pad=a.pad,
        seed_dir=a.seed_dir.resolve(),
        workdir=workdir,
        fanout_writers=tuple(int(x) for x in a.fanout_writers.split(",")),
    )


def machine_info() -> str:
    load = Path("/proc/loadavg").read_text(encoding="ascii").split()[:3]
    return (
        f"{platform.node()} {platform.system()} {platform.release()}, {os.cpu_count()} CPUs, "
        f"Python {platform.python_version()}, load average {' '.join(load)}"
    )


def main(argv: list[str] | None = None) -> int:
    a = parse_args(argv)
    names = [n.strip() for n in a.servers.split(",") if n.strip()]
    unknown = [n for n in names if n not in peers.PEERS]
    scenarios = [x.strip() for x in a.scenarios.split(",") if x.strip()]
    bad = [x for x in scenarios if x not in SCENARIOS]
    if unknown or bad:
        print(f"unknown server(s) {unknown} or scenario(s) {bad}", file=sys.stderr)
        return 2
    limit = peers.raise_own_nofile()
    servers = dict(peers.PEERS)
    servers["floor"] = dataclasses.replace(servers["floor"], program=str(a.floor_relay.resolve()))
    started = time.strftime("%Y-%m-%d %H:%M:%S")
    out_path = (
        a.out
        or RESULTS / f"server-{time.strftime('%Y%m%d-%H%M%S')}{'-quick' if a.quick else ''}.txt"
    )
    notes: list[str] = []
    with tempfile.TemporaryDirectory(prefix="chatgui-bench-") as tmp:
        if a.logs:
            a.logs.mkdir(parents=True, exist_ok=True)
        s = settings(a, a.logs.resolve() if a.logs else Path(tmp))
        needed = max(s.rss_clients, s.storm, *s.fanout_sizes) + 64
        if limit < needed:
            notes.append(f"open-file limit {limit} < {needed}: some clients will fail")
        runnable = []
        for name in names:
            why = servers[name].missing(s.seed_dir)
            if why:
                notes.append(f"{name}: skipped, {why}")
            else:
                runnable.append(name)
        note = peers.ngircd_service_note() if "ngircd" in runnable else None
        if note:
            notes.append(note)
        if any(n.startswith("chatgui") for n in runnable) and not peers.serve_has_knobs():
            notes.append(
                "chatgui serve has no --flood/--max-per-address here: chatgui ran with its "
                "flood control and per-address cap on"
            )
        results = run_all([servers[n] for n in runnable], scenarios, s, notes, a.rounds)
    versions = ", ".join(servers[n].version() for n in runnable)
    report = [
        f"chatgui server benchmark, {started}{' (--quick)' if a.quick else ''}"
        + (f", each figure the median of {a.rounds} rounds" if a.rounds > 1 else ""),
        f"machine: {machine_info()}",
        f"servers: {versions}",
        f"command: python -m bench.server {' '.join(argv if argv is not None else sys.argv[1:])}",
        "",
        table(results, runnable, s, scenarios),
    ]
    if notes:
        report += ["", "notes:"] + [f"  - {n}" for n in notes]
    text = "\n".join(report) + "\n"
    print()
    print(text)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    out_path.write_text(text, encoding="utf-8")
    print(f"written to {out_path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
