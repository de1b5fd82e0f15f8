"""bench/server.py's scenarios: each gets a fresh, running server and a load generator and
returns its figures (bench/README.md says what each one means). Nothing here asserts."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from bench import peers
from bench.loadgen import READY, Client, LoadGen, percentiles

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
    """Senders in the paced case (each at paced_rate)."""
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
    fanout_writers: tuple[int, ...] = (1, 2)
    """Writers in the fanout cases, each as fast as its window lets it (one case per count)."""


def settle(gen: LoadGen, seconds: float) -> None:
    """Let the loop run (answering PINGs) while nothing is sent."""
    gen.run_until(None, seconds)


JOIN_BATCH = 25
"""Clients that join together before a scenario starts, unless the server says (Peer.backlog):
the storm scenario, not this setup, measures joining all at once."""


def join_all(
    gen: LoadGen, count: int, timeout_s: float, batch: int = JOIN_BATCH
) -> tuple[int, int]:
    """Connect `count` clients in batches, register and join them; (joined, failed)."""
    ready = 0
    deadline = time.perf_counter() + timeout_s
    for start in range(0, count, batch):
        made = gen.connect(min(batch, count - start))
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
    ready, failed = join_all(gen, s.idle_clients, 60, server.peer.backlog)
    settle(gen, 1.0)
    cpu, wall, _ = cpu_during(server, gen, lambda: settle(gen, s.idle_s))
    f["cpu30_ms"] = cpu * 1e3
    f["cpu30_pct"] = 100 * cpu / wall
    rss30 = peers.rss_kb(server.pid)
    more, more_failed = join_all(gen, s.rss_clients - s.idle_clients, 120, server.peer.backlog)
    settle(gen, 1.0)
    rss_n = peers.rss_kb(server.pid)
    joined = ready + more
    cpu, wall, _ = cpu_during(server, gen, lambda: settle(gen, s.idle_s))
    f["cpu_n_ms"] = cpu * 1e3
    f["cpu_n_pct"] = 100 * cpu / wall
    f["addresses"] = len({c.src for c in gen.clients})
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
    members, failed = join_all(gen, s.classroom_clients, 60, server.peer.backlog)
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


def fanout(size: int, writers: int) -> Callable[[peers.Running, LoadGen, Settings], Figures]:
    """`writers` of `size` people write as fast as their window lets them (until each has
    sent max_per_sender, or fanout_s is up); the next member is the observer that acks."""

    def run(server: peers.Running, gen: LoadGen, s: Settings) -> Figures:
        members, failed = join_all(gen, size, 120, server.peer.backlog)
        settle(gen, 0.5)
        gen.reset_stats()
        senders = gen.clients[:writers]
        spent: list[float] = []

        def done() -> bool:
            return all(gen.sent[c.idx] >= s.max_per_sender or c.state != READY for c in senders)

        def body() -> None:
            start = time.perf_counter()
            gen.start_window(senders, gen.clients[writers], s.window)
            gen.run_until(done, s.fanout_s)
            gen.stop_window()
            spent.append(time.perf_counter() - start)
            drain(gen, lambda: gen.total_sent * (members - 1), s.drain_s)

        cpu, wall, gen_cpu = cpu_during(server, gen, body)
        f = traffic_figures(gen, members, cpu, wall, gen_cpu, spent[0])
        f["writer_msgs_per_s"] = gen.total_sent / spent[0] / writers if spent[0] else None
        f["failed"] = failed
        f["members"] = members
        return f

    return run


def paced(size: int) -> Callable[[peers.Running, LoadGen, Settings], Figures]:
    """fanout_senders of `size` people each send paced_rate messages a second: the same load
    on every server, so CPU per delivery compares like with like."""

    def run(server: peers.Running, gen: LoadGen, s: Settings) -> Figures:
        members, failed = join_all(gen, size, 120, server.peer.backlog)
        settle(gen, 0.5)
        gen.reset_stats()

        def body() -> None:
            senders = gen.clients[: s.fanout_senders]
            gen.start_paced(senders, s.paced_rate, round(s.paced_rate * s.fanout_s))
            gen.run_until(lambda: not gen.timers, s.fanout_s + 5)
            drain(gen, lambda: gen.total_sent * (members - 1), s.drain_s)

        cpu, wall, gen_cpu = cpu_during(server, gen, body)
        f = traffic_figures(gen, members, cpu, wall, gen_cpu, s.fanout_s)
        f["failed"] = failed
        f["members"] = members
        return f

    return run


def storm(server: peers.Running, gen: LoadGen, s: Settings) -> Figures:
    # The room open first, as a class finds it (and as joins_at_once waits): a port listens
    # before its server answers (chatgui with history: up to ~40 ms, opening the file), and
    # a storm begun then measured the start, not the registrations.
    settle(gen, 0.5)
    before = peers.tcp_counters()
    made = gen.connect(s.storm, join=False)
    gen.run_until(lambda: gen.settled(made), s.storm_timeout_s)
    after = peers.tcp_counters()
    done = sorted((c.t_ready - c.t_start) / 1e6 for c in made if c.state == READY)
    f: Figures = {"ok": len(done), "failed": s.storm - len(done)}
    f["addresses"] = len({c.src for c in made})
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
    "fanout": lambda s: [
        (f"fanout{n}-{w}w", fanout(n, w)) for n in s.fanout_sizes for w in s.fanout_writers
    ],
    "paced": lambda s: [(f"paced{max(s.fanout_sizes)}", paced(max(s.fanout_sizes)))],
    "storm": lambda s: [("storm", storm)],
    "joins": lambda s: [(f"joins{n}", joins_at_once(n)) for n in s.join_counts],
}
