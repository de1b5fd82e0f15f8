"""The host's history under load: what keeping it costs a busy room, and how fast it answers.

    python -m bench.history            # full run, about five minutes
    python -m bench.history --quick    # smoke run, about a minute

1. fill: 100,000 messages in four rooms through SqliteHistory (record() each, as the server
   does, and flush() every 100): messages/s, and the file's size per message.
2. classroom and paced (bench/server.py's scenarios) on the seed chatroom (the baseline that
   keeps nothing), `chatgui serve --no-history`, and `chatgui serve` keeping its history in a
   copy of the filled file: latency and CPU per delivery, with and without the store. The
   classroom runs are repeated, the servers taking turns, and the medians compared.
3. over the wire, on the filled file: CHATHISTORY LATEST 100, BEFORE deep in a room, SEARCH
   over all 100,000 messages; and the same queries on the store in-process.

All traffic goes to 127.0.0.1; every loop is bounded in count and time. Nothing here asserts:
it prints a table and writes it to bench/results/history-<date>-<time>.txt.
"""

from __future__ import annotations

import argparse
import dataclasses
import shutil
import socket
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from bench import peers
from bench.report import RESULTS
from bench.scenarios import Figures, Settings, classroom, paced
from bench.server import machine_info, run_one
from chatgui import limits
from chatgui.protocol.server.message_store import FIRST, LAST, SearchQuery, StoredMessage
from chatgui.protocol.server.model import ServerConfig
from chatgui.store import LessonPlan, SqliteHistory

ROOMS = ("#room0", "#room1", "#room2", "#room3")
WORDS = [
    "fractions",
    "homework",
    "page",
    "question",
    "answer",
    "lunch",
    "maths",
    "test",
    "tomorrow",
    "today",
    "teacher",
    "group",
    "work",
    "reading",
    "history",
    "science",
    "project",
    "deadline",
    "python",
    "loop",
    "variable",
    "list",
]
RARE_WORD = "zebra"
"""One message in 10,000 has it: a search that finds little."""
COMMON_WORD = "homework"
FLUSH_EVERY = 100
"""The fill moves messages into SQLite in batches of this many (the server: once a second)."""
ERGO_NOTE = (
    "ergo: not compared. Debian's package named ergo is a quantum chemistry program "
    "(ErgoSCF 3.8); the ergo IRC server is not packaged in Debian, so it can't be run here "
    "quickly, and soju (a bouncer) would need an upstream server behind it."
)


# --- 1. filling the store ---


def message(n: int, now: float, count: int) -> StoredMessage:
    """Message `n` of `count`: spread over the last 100 days, in four rooms, 30 speakers."""
    room = ROOMS[n % len(ROOMS)]
    words = " ".join(WORDS[(n * 7 + k * 3) % len(WORDS)] for k in range(8))
    if n % 10_000 == 5_000:
        words += f" {RARE_WORD}"
    text = f"{words} (message {n})"
    sender = f"pupil{n % 30}"
    at = now - (count - n) * (100 * 86400 / count)
    return StoredMessage(
        f"fill-{n}", at, room, "PRIVMSG", f"{sender}!~{sender}@10.0.0.{n % 30}", (room, text)
    )


def fill(path: Path, count: int) -> Figures:
    """`count` messages into a new file, as the server stores them; the rate and the size. The
    lesson is the kept rooms' (a lesson belongs to its first room), so a room started with
    them can continue it (over_the_wire, in_process)."""
    config = ServerConfig(rooms=ROOMS)
    store = SqliteHistory.open(path, config)
    if store.problem:
        raise RuntimeError(store.problem)
    now = time.time()
    entries = [message(n, now, count) for n in range(count)]
    started = time.perf_counter()
    for n, entry in enumerate(entries, 1):
        store.record(entry)
        if n % FLUSH_EVERY == 0:
            store.flush()
    store.flush()
    elapsed = time.perf_counter() - started
    store.close()  # checkpoints the WAL into the file
    size = path.stat().st_size + _size(path.with_name(path.name + "-wal"))
    return {
        "count": count,
        "seconds": elapsed,
        "inserts_per_s": count / elapsed,
        "us_per_insert": elapsed * 1e6 / count,
        "file_mb": size / 1e6,
        "bytes_per_message": size / count,
        "text_bytes_per_message": sum(len(e.params[1].encode()) for e in entries) / count,
    }


def _size(path: Path) -> int:
    return path.stat().st_size if path.exists() else 0


# --- 2. the busy room, with and without the store ---


def busy_room(
    filled: Path, s: Settings, repeats: int, seed: bool
) -> tuple[dict[str, Figures], list[str]]:
    """Classroom runs (taking turns, `repeats` each) and one paced run per server."""
    copies = s.workdir / "copies"
    copies.mkdir(exist_ok=True)
    servers: dict[str, Callable[[], peers.Peer]] = {}
    if seed:
        servers["seed"] = lambda: peers.PEERS["seed"]
    servers["chatgui-nohistory"] = lambda: peers.PEERS["chatgui-nohistory"]

    def with_history() -> peers.Peer:
        copy = copies / f"history-{time.monotonic_ns()}.sqlite3"
        shutil.copyfile(filled, copy)  # the same 100,000 messages every run, never #bench
        return dataclasses.replace(peers.PEERS["chatgui"], history=str(copy))

    servers["chatgui"] = with_history
    results: dict[str, Figures] = {name: {} for name in servers}
    notes: list[str] = []
    p99s: dict[str, list[float]] = {name: [] for name in servers}
    p50s: dict[str, list[float]] = {name: [] for name in servers}
    cpus: dict[str, list[float]] = {name: [] for name in servers}
    for run in range(repeats):
        for name, make in servers.items():
            print(f"[{time.strftime('%H:%M:%S')}] classroom {run + 1}/{repeats} on {name}")
            figures, more = run_one(make(), "classroom", classroom, s)
            notes += more
            lost = int(figures.get("lost") or 0) + int(figures.get("failed") or 0)
            if lost:
                notes.append(f"{name} classroom run {run + 1}: {lost} lost or failed")
            for store, key in ((p99s, "p99_ms"), (p50s, "p50_ms"), (cpus, "cpu_us_per_delivery")):
                value = figures.get(key)
                if isinstance(value, int | float):
                    store[name].append(float(value))
    for name in servers:
        if p99s[name]:
            results[name]["classroom.p99_runs"] = " ".join(f"{v:.3f}" for v in p99s[name])
            results[name]["classroom.p99_ms"] = statistics.median(p99s[name])
            results[name]["classroom.p50_ms"] = statistics.median(p50s[name])
        if cpus[name]:
            results[name]["classroom.cpu_us_per_delivery"] = statistics.median(cpus[name])
    size = max(s.fanout_sizes)
    for name, make in servers.items():
        print(f"[{time.strftime('%H:%M:%S')}] paced{size} on {name}")
        figures, more = run_one(make(), f"paced{size}", paced(size), s)
        notes += more
        for key in ("msgs_per_s", "p50_ms", "p99_ms", "cpu_us_per_delivery", "lost"):
            results[name][f"paced.{key}"] = figures.get(key)
    return results, notes


# --- 3. answering: over the wire and in-process ---


class Asker:
    """A blocking IRC client that times one request until the end of its batch."""

    def __init__(self, port: int, caps: str) -> None:
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=30)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.buffer = b""
        self.send(f"CAP LS 302\r\nCAP REQ :{caps}\r\nCAP END\r\nNICK asker\r\nUSER a 0 * :a")
        self.read_until(b" 376 ", b" 422 ")
        for room in ROOMS:
            self.send(f"JOIN {room}")
            self.read_until(b" 366 ")

    def send(self, text: str) -> None:
        self.sock.sendall(text.encode() + b"\r\n")

    def read_until(self, *marks: bytes) -> list[bytes]:
        """The lines up to and including the first that holds one of `marks`."""
        lines: list[bytes] = []
        while True:
            while b"\n" in self.buffer:
                line, _, self.buffer = self.buffer.partition(b"\n")
                lines.append(line)
                if any(mark in line for mark in marks):
                    return lines
            data = self.sock.recv(262144)
            if not data:
                raise ConnectionError("the server closed the connection")
            self.buffer += data

    def timed(self, request: str, times: int) -> tuple[list[float], int]:
        """Milliseconds for each of `times` requests (to the batch's end), and lines in one."""
        elapsed: list[float] = []
        lines = 0
        for _ in range(times):
            started = time.perf_counter()
            self.send(request)
            reply = self.read_until(b"BATCH -")
            elapsed.append((time.perf_counter() - started) * 1e3)
            lines = sum(1 for line in reply if b" PRIVMSG " in line)
            time.sleep(limits.FLOOD_COST_S)  # under flood control: it must not delay the next
        return elapsed, lines

    def close(self) -> None:
        self.sock.close()


def over_the_wire(filled: Path, s: Settings, count: int, times: int) -> Figures:
    copy = s.workdir / "wire.sqlite3"
    shutil.copyfile(filled, copy)
    # The filled rooms are the host's own (--room), and the room continues the filled lesson
    # (--continue): each start is a lesson of its own, and questions read their lesson only.
    peer = dataclasses.replace(
        peers.PEERS["chatgui"], history=str(copy), rooms=ROOMS, continue_lesson=True
    )
    f: Figures = {}
    with peers.running(peer, s.workdir, s.seed_dir) as server:
        caps = "draft/chathistory batch server-time message-tags soju.im/search"
        asker = Asker(server.port, caps)
        try:
            middle = f"fill-{count // 2 - (count // 2) % len(ROOMS)}"
            requests = {
                "latest": ("CHATHISTORY LATEST #room0 * 100", times),
                "before": (f"CHATHISTORY BEFORE #room0 msgid={middle} 100", times),
                "search_rare": (f"SEARCH text={RARE_WORD}", max(5, times // 10)),
                "search_common": (f"SEARCH text={COMMON_WORD};limit=100", max(5, times // 10)),
            }
            for key, (request, repeat) in requests.items():
                elapsed, lines = asker.timed(request, repeat)
                f[f"{key}.p50_ms"] = statistics.median(elapsed)
                f[f"{key}.p99_ms"] = sorted(elapsed)[round(0.99 * (len(elapsed) - 1))]
                f[f"{key}.lines"] = lines
        finally:
            asker.close()
    return f


def in_process(filled: Path, count: int, times: int) -> Figures:
    copy = filled.with_name("in-process.sqlite3")
    shutil.copyfile(filled, copy)
    store = SqliteHistory.open(copy, ServerConfig(rooms=ROOMS), LessonPlan(last=True))
    rooms = tuple(ROOMS)
    queries: dict[str, Callable[[], list[StoredMessage]]] = {
        "latest": lambda: store.between("#room0", FIRST, LAST, 100, newest=True, events=False),
        "search_rare": lambda: store.search(SearchQuery(rooms, text=RARE_WORD)),
        "search_common": lambda: store.search(SearchQuery(rooms, text=COMMON_WORD, limit=100)),
        "search_sender": lambda: store.search(SearchQuery(rooms, sender="pupil7", limit=100)),
        "search_elsewhere": lambda: store.search(SearchQuery(("#empty",), text=COMMON_WORD)),
    }
    f: Figures = {}
    for key, query in queries.items():
        elapsed = []
        for _ in range(times if key == "latest" else max(5, times // 10)):
            started = time.perf_counter()
            found = query()
            elapsed.append((time.perf_counter() - started) * 1e3)
        f[f"{key}.p50_ms"] = statistics.median(elapsed)
        f[f"{key}.found"] = len(found)
    store.close()
    return f


# --- the report ---


def report(
    fill_f: Figures,
    busy: dict[str, Figures],
    wire: Figures,
    local: Figures,
    s: Settings,
    repeats: int,
) -> list[str]:
    out = [
        f"== fill: {fill_f['count']:,} messages in {len(ROOMS)} rooms: record() each (the "
        f"pending file), flush() every {FLUSH_EVERY}",
        f"messages stored/s                           {fill_f['inserts_per_s']:,.0f}",
        f"  = us per message                          {fill_f['us_per_insert']:.1f}",
        f"file size                                   {fill_f['file_mb']:.1f} MB",
        f"bytes per message (file / messages)         {fill_f['bytes_per_message']:.0f}",
        f"  of which the text itself                  {fill_f['text_bytes_per_message']:.0f}",
        "",
    ]
    names = list(busy)
    header = "".join(n.rjust(20) for n in names)
    out.append(
        f"== classroom ({s.classroom_clients} clients x 1 msg/s x {s.classroom_s:g} s; "
        f"median of {repeats} runs, the servers taking turns)"
    )
    out.append(f"{'':38}{header}")
    rows = (
        ("classroom.p50_ms", "latency p50 (ms)", "{:.3f}"),
        ("classroom.p99_ms", "latency p99 (ms)", "{:.3f}"),
        ("classroom.cpu_us_per_delivery", "server CPU-us per delivery", "{:.2f}"),
    )
    size = max(s.fanout_sizes)
    paced_rows = (
        ("paced.msgs_per_s", "messages/s (= inserts/s with history)", "{:.0f}"),
        ("paced.p50_ms", "latency p50 (ms)", "{:.3f}"),
        ("paced.p99_ms", "latency p99 (ms)", "{:.3f}"),
        ("paced.cpu_us_per_delivery", "server CPU-us per delivery", "{:.2f}"),
        ("paced.lost", "lost", "{:.0f}"),
    )
    for key, label, fmt in rows:
        out.append(f"{label:38}" + "".join(_cell(busy[n].get(key), fmt) for n in names))
    for name in names:
        out.append(f"  p99 of each run, {name} (ms): {busy[name].get('classroom.p99_runs', '-')}")
    out.append(
        f"== paced{size} ({size} clients, {s.fanout_senders} senders x {s.paced_rate:g} msg/s, "
        f"{s.fanout_s:g} s)"
    )
    out.append(f"{'':38}{header}")
    for key, label, fmt in paced_rows:
        out.append(f"{label:38}" + "".join(_cell(busy[n].get(key), fmt) for n in names))
    with_h = busy.get("chatgui", {})
    without = busy.get("chatgui-nohistory", {})
    out.append("")
    out.append("ratios, chatgui keeping history / chatgui --no-history")
    verdict = ""
    for key, label in (
        ("classroom.p50_ms", "classroom p50"),
        ("classroom.p99_ms", "classroom p99"),
        ("classroom.cpu_us_per_delivery", "classroom CPU per delivery"),
        ("paced.p99_ms", f"paced{size} p99"),
        ("paced.cpu_us_per_delivery", f"paced{size} CPU per delivery"),
    ):
        a, b = with_h.get(key), without.get(key)
        if isinstance(a, int | float) and isinstance(b, int | float) and b:
            ratio = a / b
            out.append(f"  {label:34}{ratio:8.2f}x")
            if key == "classroom.p99_ms":
                ok = abs(ratio - 1) < 0.10
                verdict = f"  target: classroom p99 differs by < 10 %  {ratio - 1:+.1%}  " + (
                    "PASS" if ok else "MISS"
                )
    if verdict:
        out.append(verdict)
    out += [
        "",
        f"== answers on the filled file ({fill_f['count']:,} messages; "
        "over the wire: request to the end of its batch)",
        f"{'':38}{'over the wire':>16}{'p99':>10}{'in-process':>14}{'lines':>8}",
    ]
    for key, label in (
        ("latest", "CHATHISTORY LATEST 100"),
        ("before", "CHATHISTORY BEFORE 100 (mid-room)"),
        ("search_rare", f"SEARCH text={RARE_WORD} (all rooms)"),
        ("search_common", f"SEARCH text={COMMON_WORD} limit=100"),
        ("search_sender", "search from=pupil7 limit=100"),
        ("search_elsewhere", f"search text={COMMON_WORD} in an empty room"),
    ):
        out.append(
            f"{label:38}"
            + _cell(wire.get(f"{key}.p50_ms"), "{:.2f} ms", 16)
            + _cell(wire.get(f"{key}.p99_ms"), "{:.2f}", 10)
            + _cell(local.get(f"{key}.p50_ms"), "{:.2f} ms", 14)
            + _cell(wire.get(f"{key}.lines", local.get(f"{key}.found")), "{}", 8)
        )
    out.append("seed: keeps nothing, so it has no history to ask for (the baseline above).")
    return out


def _cell(value: object, fmt: str, width: int = 20) -> str:
    if value is None:
        return "-".rjust(width)
    return fmt.format(value).rjust(width)


def busy_settings(workdir: Path, quick: bool, seed_dir: Path) -> Settings:
    """The busy room's scenarios as this benchmark runs them (bench/history_ab.py too)."""
    return Settings(
        idle_s=0,
        idle_clients=0,
        rss_clients=0,
        classroom_clients=30,
        classroom_s=3.0 if quick else 15.0,
        fanout_sizes=(200,),
        fanout_senders=10,
        fanout_s=3.0 if quick else 15.0,
        paced_rate=10.0,
        window=16,
        max_per_sender=20000,
        storm=0,
        storm_timeout_s=0,
        drain_s=5.0 if quick else 10.0,
        pad=40,
        seed_dir=seed_dir,
        workdir=workdir,
    )


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.history", description=__doc__.split("\n")[0])
    p.add_argument("--quick", action="store_true", help="10,000 messages, short runs")
    p.add_argument("--messages", type=int, help="messages to fill (default 100,000)")
    p.add_argument("--repeats", type=int, help="classroom runs per server (default 3)")
    p.add_argument("--no-seed", action="store_true", help="leave the seed chatroom out")
    p.add_argument("--out", type=Path, help="results file")
    a = p.parse_args(argv)
    count = a.messages or (10_000 if a.quick else 100_000)
    repeats = a.repeats or (1 if a.quick else 3)
    times = 50 if a.quick else 200
    peers.raise_own_nofile()
    seed_dir = peers.DEFAULT_SEED_DIR
    notes: list[str] = [ERGO_NOTE]
    seed = not a.no_seed and peers.PEERS["seed"].missing(seed_dir) is None
    if not a.no_seed and not seed:
        notes.append(f"seed: skipped, {peers.PEERS['seed'].missing(seed_dir)}")
    started = time.strftime("%Y-%m-%d %H:%M:%S")
    with tempfile.TemporaryDirectory(prefix="chatgui-bench-history-") as tmp:
        work = Path(tmp)
        s = busy_settings(work, a.quick, seed_dir)
        filled = work / "filled.sqlite3"
        print(f"[{time.strftime('%H:%M:%S')}] filling {count:,} messages ...", flush=True)
        fill_f = fill(filled, count)
        print(f"    {fill_f}", flush=True)
        print(f"[{time.strftime('%H:%M:%S')}] answers over the wire and in-process ...")
        wire = over_the_wire(filled, s, count, times)
        local = in_process(filled, count, times)
        busy, more = busy_room(filled, s, repeats, seed)
        notes += more
    text = "\n".join(
        [
            f"chatgui history benchmark, {started}{' (--quick)' if a.quick else ''}",
            f"machine: {machine_info()}",
            f"command: python -m bench.history {' '.join(sys.argv[1:] if argv is None else argv)}",
            "",
            *report(fill_f, busy, wire, local, s, repeats),
            "",
            "notes:",
            *[f"  - {n}" for n in notes],
        ]
    )
    print()
    print(text)
    suffix = "-quick" if a.quick else ""
    out = a.out or RESULTS / f"history-{time.strftime('%Y%m%d-%H%M%S')}{suffix}.txt"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text + "\n", encoding="utf-8")
    print(f"written to {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
