"""chatgui's room next to the seed chatroom, miniircd and ngIRCd: figures and ratios.

    python -m bench.server                 # full run, several minutes
    python -m bench.server --quick         # smoke run, about a minute
    python -m bench.server --servers chatgui,miniircd --scenarios classroom,fanout
    python -m bench.server --servers chatgui,chatgui-tls --scenarios classroom,joins   # TLS

Every scenario starts each server fresh, drives it from one single-threaded selectors loop
in this process (bench/loadgen.py), reads the server's CPU and memory from /proc, and stops
it. All traffic goes to 127.0.0.1; every loop is bounded in count and in time. Nothing here
asserts: it prints a table (and writes it to bench/results/), with the issue's targets for
chatgui marked PASS or MISS. See bench/README.md for what each figure means.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from bench import peers
from bench.loadgen import READY, Client, LoadGen, percentiles
from bench.report import fmt_value, table
from chatgui.net.tls_identity import pinning_context

RESULTS = Path(__file__).resolve().parent / "results"
Figures = dict[str, float | int | str | None]


@dataclass
class Settings:
    idle_s: float
    idle_clients: int
    rss_clients: int
    classroom_clients: int
    classroom_s: float
    fanout_sizes: tuple[int, ...]
    fanout_senders: int
    fanout_s: float
    paced_rate: float
    window: int
    max_per_sender: int
    storm: int
    storm_timeout_s: float
    drain_s: float
    pad: int
    seed_dir: Path
    workdir: Path
    join_counts: tuple[int, ...] = (30, 500)
    """People connecting at once in the joins scenario (the TLS handshakes' cost)."""


def settle(gen: LoadGen, seconds: float) -> None:
    """Let the loop run (answering PINGs) while nothing is sent."""
    gen.run_until(None, seconds)


JOIN_BATCH = 25
"""Clients that join together before a scenario starts: the storm scenario, not this setup,
measures joining all at once (miniircd listens with a backlog of 5, ngIRCd with 10)."""


def join_all(gen: LoadGen, count: int, timeout_s: float) -> tuple[int, int]:
    """Connect `count` clients in batches, register and join them; (joined, failed)."""
    ready = 0
    deadline = time.perf_counter() + timeout_s
    for start in range(0, count, JOIN_BATCH):
        made = gen.connect(min(JOIN_BATCH, count - start))
        gen.run_until(partial(gen.settled, made), max(0.0, deadline - time.perf_counter()))
        ready += sum(1 for c in made if c.state == READY)
    return ready, count - ready


def cpu_during(
    server: peers.Running, gen: LoadGen, body: Callable[[], None]
) -> tuple[float, float, float]:
    """(server CPU s, wall s, generator CPU s) while body() runs."""
    meter = peers.CpuMeter(server.pid)
    gen_cpu = time.process_time()
    body()
    cpu, wall = meter.stop()
    return cpu, wall, time.process_time() - gen_cpu


# --- scenarios: each gets a fresh, running server and returns its figures ---


def idle(server: peers.Running, gen: LoadGen, s: Settings) -> Figures:
    f: Figures = {}
    settle(gen, 1.0)
    f["rss0_kb"] = rss0 = peers.rss_kb(server.pid)
    cpu, wall, _ = cpu_during(server, gen, lambda: settle(gen, s.idle_s))
    f["cpu0_ms"] = cpu * 1e3
    f["cpu0_pct"] = 100 * cpu / wall
    ready, failed = join_all(gen, s.idle_clients, 60)
    settle(gen, 1.0)
    cpu, wall, _ = cpu_during(server, gen, lambda: settle(gen, s.idle_s))
    f["cpu30_ms"] = cpu * 1e3
    f["cpu30_pct"] = 100 * cpu / wall
    rss30 = peers.rss_kb(server.pid)
    more, more_failed = join_all(gen, s.rss_clients - s.idle_clients, 120)
    settle(gen, 1.0)
    rss_n = peers.rss_kb(server.pid)
    joined = ready + more
    f["joined"] = joined
    f["failed"] = failed + more_failed
    f["rss_n_kb"] = rss_n
    f["threads_n"] = peers.threads(server.pid)
    if joined:
        f["rss_per_client_kb"] = (rss_n - rss0) / joined
    if more:
        f["rss_marginal_kb"] = (rss_n - rss30) / more
    return f


def traffic_figures(
    gen: LoadGen, members: int, cpu: float, wall: float, gen_cpu: float, send_s: float
) -> Figures:
    """What every traffic scenario reports: loss, order, latency, CPU per delivery."""
    f: Figures = {}
    expected = gen.total_sent * (members - 1)
    f["sent"] = gen.total_sent
    f["expected"] = expected
    f["delivered"] = gen.delivered
    f["lost"] = expected - gen.delivered
    f["dup"] = gen.dups
    f["reordered"] = gen.reordered
    f["corrupt"] = gen.corrupt
    lat = percentiles(gen.lat)
    if lat:
        f["p50_ms"], f["p99_ms"], f["max_ms"] = lat
    if gen.delivered:
        f["cpu_us_per_delivery"] = cpu * 1e6 / gen.delivered
    span = (gen.last_delivery_ns - gen.first_send_ns) / 1e9 if gen.delivered else 0
    f["msgs_per_s"] = gen.total_sent / send_s if send_s else None
    f["deliveries_per_s"] = gen.delivered / span if span > 0 else None
    f["server_cpu_pct"] = 100 * cpu / wall
    f["gen_cpu_pct"] = 100 * gen_cpu / wall
    return f


def drain(gen: LoadGen, expected: Callable[[], int], limit_s: float) -> None:
    """After the last send: wait until everything arrived, or nothing has for 2 s, or limit_s."""
    end = time.perf_counter() + limit_s
    while time.perf_counter() < end:
        before = gen.delivered
        if gen.run_until(lambda: gen.delivered >= expected(), min(2.0, end - time.perf_counter())):
            return
        if gen.delivered == before:
            return


def classroom(server: peers.Running, gen: LoadGen, s: Settings) -> Figures:
    members, failed = join_all(gen, s.classroom_clients, 60)
    settle(gen, 0.5)
    gen.reset_stats()
    count = max(1, round(s.classroom_s))

    def body() -> None:
        gen.start_paced(gen.clients, 1.0, count)
        gen.run_until(lambda: not gen.timers, s.classroom_s + 5)
        drain(gen, lambda: gen.total_sent * (members - 1), s.drain_s)

    cpu, wall, gen_cpu = cpu_during(server, gen, body)
    f = traffic_figures(gen, members, cpu, wall, gen_cpu, s.classroom_s)
    f["failed"] = failed
    return f


def fanout(size: int, paced: bool) -> Callable[[peers.Running, LoadGen, Settings], Figures]:
    def run(server: peers.Running, gen: LoadGen, s: Settings) -> Figures:
        members, failed = join_all(gen, size, 120)
        settle(gen, 0.5)
        gen.reset_stats()
        senders = gen.clients[: s.fanout_senders]
        half: list[int] = []

        def body() -> None:
            start = time.perf_counter()
            gen.call_at(start + s.fanout_s / 2, lambda: half.append(gen.total_sent))
            if paced:
                gen.start_paced(senders, s.paced_rate, round(s.paced_rate * s.fanout_s))
                gen.run_until(lambda: not gen.timers, s.fanout_s + 5)
            else:
                gen.start_window(senders, gen.clients[s.fanout_senders], s.window)
                gen.run_until(None, s.fanout_s)
                gen.stop_window()
            drain(gen, lambda: gen.total_sent * (members - 1), s.drain_s)

        cpu, wall, gen_cpu = cpu_during(server, gen, body)
        f = traffic_figures(gen, members, cpu, wall, gen_cpu, s.fanout_s)
        if half:
            second_half = gen.total_sent - half[0]
            f["sender_rate_late"] = second_half / (s.fanout_s / 2) / len(senders)
        f["failed"] = failed
        f["members"] = members
        return f

    return run


def storm(server: peers.Running, gen: LoadGen, s: Settings) -> Figures:
    before = peers.tcp_counters()
    made = gen.connect(s.storm, join=False)
    gen.run_until(lambda: gen.settled(made), s.storm_timeout_s)
    after = peers.tcp_counters()
    done = sorted((c.t_ready - c.t_start) / 1e6 for c in made if c.state == READY)
    f: Figures = {"ok": len(done), "failed": s.storm - len(done)}
    # Connections still waiting at the timeout count as slower than it, not as absent.
    timeout = f"> {s.storm_timeout_s * 1e3:.0f}"
    last = s.storm - 1
    for name, q in (("p50_ms", 0.5), ("p99_ms", 0.99), ("max_ms", 1.0)):
        i = round(q * last)
        f[name] = done[i] if i < len(done) else timeout
    f["within_150ms"] = sum(1 for t in done if t <= 150)
    # Kernel counters (system-wide, but this is all that connects during the storm):
    # a full accept queue drops the SYN or the handshake's ACK, and the client retries after
    # 1 s, then 3 s, 7 s, 15 s...
    for key in ("ListenOverflows", "ListenDrops", "TCPSynRetrans"):
        f[key] = after.get(key, 0) - before.get(key, 0)
    return f


def joins_at_once(count: int) -> Callable[[peers.Running, LoadGen, Settings], Figures]:
    """`count` people connect at once and register: with TLS, what the handshakes cost."""

    def run(server: peers.Running, gen: LoadGen, s: Settings) -> Figures:
        settle(gen, 0.5)
        before = peers.tcp_counters()
        made: list[Client] = []

        def body() -> None:
            made.extend(gen.connect(count, join=False))
            gen.run_until(lambda: gen.settled(made), s.storm_timeout_s)

        cpu, _, gen_cpu = cpu_during(server, gen, body)
        after = peers.tcp_counters()
        done = sorted((c.t_ready - c.t_start) / 1e6 for c in made if c.state == READY)
        f: Figures = {"ok": len(done), "failed": count - len(done)}
        f["p50_ms"] = done[len(done) // 2] if done else None
        f["all_ms"] = done[-1] if len(done) == count else f"> {s.storm_timeout_s * 1e3:.0f}"
        f["server_cpu_ms"] = cpu * 1e3
        f["cpu_ms_per_join"] = cpu * 1e3 / len(done) if done else None
        f["gen_cpu_ms"] = gen_cpu * 1e3
        for key in ("ListenOverflows", "TCPSynRetrans"):
            f[key] = after.get(key, 0) - before.get(key, 0)
        return f

    return run


SCENARIOS: dict[str, Callable[[Settings], list[tuple[str, Callable[..., Figures]]]]] = {
    "idle": lambda s: [("idle", idle)],
    "classroom": lambda s: [("classroom", classroom)],
    "fanout": lambda s: [(f"fanout{n}", fanout(n, paced=False)) for n in s.fanout_sizes],
    "paced": lambda s: [(f"paced{max(s.fanout_sizes)}", fanout(max(s.fanout_sizes), paced=True))],
    "storm": lambda s: [("storm", storm)],
    "joins": lambda s: [(f"joins{n}", joins_at_once(n)) for n in s.join_counts],
}


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


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m bench.server", description=__doc__.split("\n\n")[0])
    p.add_argument(
        "--quick", action="store_true", help="short smoke run: 2 s scenarios, 100 clients"
    )
    p.add_argument(
        "--servers",
        default="seed,miniircd,ngircd,chatgui",
        help="comma-separated; chatgui-tls is chatgui joined over TLS",
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
    p.add_argument("--fanout-sizes", help="comma-separated room sizes (default 50,200)")
    p.add_argument("--window", type=int, default=16, help="messages in flight per fanout sender")
    p.add_argument("--max-per-sender", type=int, help="cap on each fanout sender's messages")
    p.add_argument("--paced-rate", type=float, default=10.0, help="msg/s per sender in 'paced'")
    p.add_argument("--storm", type=int, help="connections in the storm")
    p.add_argument("--pad", type=int, default=40, help="padding bytes in each message")
    p.add_argument(
        "--seed-dir", type=Path, default=Path(os.environ.get("SEED_DIR", peers.DEFAULT_SEED_DIR))
    )
    p.add_argument("--logs", type=Path, help="keep the servers' logs in this directory")
    p.add_argument(
        "--out", type=Path, help="results file (default bench/results/server-<date>.txt)"
    )
    return p.parse_args(argv)


def settings(a: argparse.Namespace, workdir: Path) -> Settings:
    q = a.quick
    sizes = tuple(int(x) for x in (a.fanout_sizes or ("50,100" if q else "50,200")).split(","))
    return Settings(
        idle_s=a.idle_seconds or (2.0 if q else 10.0),
        idle_clients=30,
        rss_clients=a.rss_clients or (100 if q else 500),
        classroom_clients=30,
        classroom_s=a.classroom_seconds or (2.0 if q else 15.0),
        fanout_sizes=sizes,
        fanout_senders=10,
        fanout_s=a.fanout_seconds or (2.0 if q else 15.0),
        paced_rate=a.paced_rate,
        window=a.window,
        max_per_sender=a.max_per_sender or (2000 if q else 20000),
        storm=a.storm or (100 if q else 500),
        storm_timeout_s=15.0 if q else 30.0,
        drain_s=5.0 if q else 10.0,
        pad=a.pad,
        seed_dir=a.seed_dir.resolve(),
        workdir=workdir,
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
            why = peers.PEERS[name].missing(s.seed_dir)
            if why:
                notes.append(f"{name}: skipped, {why}")
            else:
                runnable.append(name)
        note = peers.ngircd_service_note() if "ngircd" in runnable else None
        if note:
            notes.append(note)
        results: dict[str, Figures] = {n: {} for n in runnable}
        for group in scenarios:
            for label, scenario in SCENARIOS[group](s):
                for name in runnable:
                    print(f"[{time.strftime('%H:%M:%S')}] {label} on {name} ...", flush=True)
                    try:
                        figures, more = run_one(peers.PEERS[name], label, scenario, s)
                    except Exception as error:  # noqa: BLE001  (report and go on with the others)
                        notes.append(f"{name} {label}: {type(error).__name__}: {error}")
                        traceback.print_exc()
                        continue
                    notes += more
                    results[name].update({f"{label}.{k}": v for k, v in figures.items()})
                    brief = ", ".join(
                        f"{k}={fmt_value(v, '{:.3g}')}" for k, v in figures.items() if v is not None
                    )
                    print(f"    {brief}", flush=True)
    versions = ", ".join(peers.PEERS[n].version() for n in runnable)
    report = [
        f"chatgui server benchmark, {started}{' (--quick)' if a.quick else ''}",
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
