"""The room under a hostile student: a class of 30 chats while one PC attacks the server.

    python -m bench.hostile                      # every attack, 15 s each: about 5 minutes
    python -m bench.hostile --quick              # 5 s attacks, fewer connections: ~2.5 minutes
    python -m bench.hostile --only who-mask,privmsg-flood

For each attack a fresh `chatgui serve` (keeping its history in a new file) gets the classroom
of bench/server.py (30 people from 127.1.0.x, one message a second each, in #bench) and a
person in no room who sends PING every 0.2 s; the attack runs from 127.0.0.2 in a process of
its own (bench/attackers.py). Reported: the class's latency and losses, the server loop's
worst stall (the slowest PONG), the server's CPU and RSS, the class messages missing from the
history file, and what the attacker achieved. Every wait is bounded; the server is always
stopped (SIGKILL when SIGTERM is not enough). Nothing asserts: it prints a table with the
issue's targets and writes it to bench/results/hostile-<date>-<time>.txt.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import traceback
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from bench import peers
from bench.attackers import ATTACKER
from bench.loadgen import READ, LoadGen
from bench.report import RESULTS
from bench.scenarios import Figures, join_all
from bench.server import machine_info

CLASS_SIZE = 30
ARCHIVE_MESSAGES = 50_000
PING_EVERY_S = 0.2
FLUSH_WAIT_S = 2.5
"""After the drain: the server moves messages into SQLite once a second (limits.py)."""
ROOM_KEY = "500000"
"""#locked's key, the OPER and the server password: the attacker tries keys from 000000 up,
so it finds this one halfway through."""
P99_TARGET_MS = 100.0
RSS_TARGET_MB = 10.0


@dataclass(frozen=True)
class Spec:
    """One attack: what it does, its size (quick, full), and what the server needs for it."""

    about: str
    connections: tuple[int, int] = (1, 1)
    lines: tuple[int, int] = (1, 1)
    server: str = ""
    """"archive": a 50,000-message #archive the host keeps; "locked": a +k room #locked;
    "oper": an OPER password for teacher; "password": a server password (the class has it)."""


ATTACKS: dict[str, Spec] = {
    "none": Spec("no attack: the class alone, for reference"),
    "privmsg-flood": Spec(
        "connections in #bench, each writing PRIVMSGs as fast as the server reads",
        (100, 200),
        (1000, 3000),
    ),
    "nick-flood": Spec(
        "connections in #bench, each changing its nick as fast as the server reads",
        (100, 200),
        (1000, 3000),
    ),
    "join-flood": Spec(
        "connections joining new rooms (JOIN 0 every 20) as fast as the server reads",
        (100, 200),
        (1000, 3000),
    ),
    "tag-flood": Spec(
        "connections in #bench, PRIVMSGs each carrying a 4,000-byte client tag",
        (100, 200),
        (200, 1000),
    ),
    "search-flood": Spec(
        f"connections in #archive ({ARCHIVE_MESSAGES:,} messages), SEARCH for a missing word",
        (100, 200),
        (200, 1000),
        server="archive",
    ),
    "who-mask": Spec("one line: WHO *a*a*a...*b (512 bytes), from a nick of 30 a's"),
    "ban-mask": Spec(
        "MODE #den +b *a*a*...*b (512-byte line) in a room the attacker made, a's inside",
        (2, 2),
    ),
    "connections": Spec("connections opened at once, registered, then idle", (1000, 1000)),
    "slowloris": Spec("connections writing NICK/USER one byte a second", (100, 200)),
    "churn": Spec("parallel loops: connect, register, QUIT", (10, 20), (10_000, 10_000)),
    "room-key": Spec(
        "connections guessing #locked's 6-digit key, 32 a line (JOIN #locked,... k1,...)",
        (50, 200),
        (2000, 2000),
        server="locked",
    ),
    "oper-guess": Spec(
        "connections guessing the OPER password of teacher (6 digits), one a line",
        (50, 200),
        (2000, 2000),
        server="oper",
    ),
    "server-password": Spec(
        "parallel loops guessing the server password (6 digits): connect, PASS, NICK, USER",
        (10, 20),
        (100_000, 100_000),
        server="password",
    ),
    "raw-close": Spec(
        "a raw client writes PRIVMSG lines to #bench in one go, then closes its socket",
        (1, 1),
        (3000, 3000),
    ),
}


@dataclass(frozen=True)
class Settings:
    quick: bool
    seconds: float
    drain_s: float
    workdir: Path

    def size(self, pair: tuple[int, int]) -> int:
        return pair[0] if self.quick else pair[1]


# --- the server ---


@contextlib.contextmanager
def chatgui_serve(workdir: Path, history: Path, extra: list[str]) -> Iterator[peers.Running]:
    """`chatgui serve` on 127.0.0.1 and a free port, no announcements, keeping `history`."""
    port = peers.free_port()
    argv = [sys.executable, "-m", "chatgui", "serve", "--bind", "127.0.0.1", "--port", str(port)]
    argv += ["--no-announce", "--history", str(history), *extra]
    log = workdir / f"serve-{port}.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            argv,
            cwd=peers.PROJECT,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            preexec_fn=peers._raise_nofile,
            start_new_session=True,
        )
    server = peers.Running(peers.PEERS["chatgui"], proc, port, log)
    try:
        deadline = time.monotonic() + 15
        while not peers.is_listening(port):
            if not server.alive():
                raise RuntimeError(f"chatgui serve exited on start:\n{server.log_tail()}")
            if time.monotonic() > deadline:
                raise RuntimeError("chatgui serve did not listen within 15 s")
            time.sleep(0.05)
        yield server
    finally:
        peers.stop(proc)


def fill_archive(path: Path) -> None:
    """#archive's 50,000 messages, written with the server's own store before it starts."""
    from chatgui.protocol.server.message_store import StoredMessage
    from chatgui.protocol.server.model import ServerConfig
    from chatgui.store import SqliteHistory

    store = SqliteHistory.open(path, ServerConfig())
    if store.problem:
        raise RuntimeError(store.problem)
    start = time.time() - ARCHIVE_MESSAGES
    for n in range(ARCHIVE_MESSAGES):
        who = f"pupil{n % 30}"
        text = f"page {n % 97} of the homework, question {n % 13} (message {n})"
        source = f"{who}!~{who}@10.0.0.{n % 30}"
        store.record(
            StoredMessage(f"fill-{n}", start + n, "#archive", "PRIVMSG", source, ("#archive", text))
        )
        if n % 1000 == 999:
            store.flush()
    store.close()


def history_bytes(path: Path) -> int:
    return sum(p.stat().st_size for p in (path, path.with_name(path.name + "-wal")) if p.exists())


def kept_class_messages(path: Path) -> set[tuple[int, int]] | None:
    """(sender, seq) of the class messages in the history file, read only; None if unreadable."""
    try:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=2)
        try:
            rows = db.execute(
                "SELECT text FROM messages WHERE conversation = '#bench' AND text LIKE '~B %'"
            ).fetchall()
        finally:
            db.close()
    except sqlite3.Error:
        return None
    kept = set()
    for (text,) in rows:
        fields = text.split(" ", 3)
        with contextlib.suppress(ValueError, IndexError):
            kept.add((int(fields[2]), int(fields[1])))
    return kept


# --- the person in no room who measures the loop ---


class Pinger:
    """Sends PING every 0.2 s on the generator's loop; the slowest PONG is the worst stall."""

    def __init__(self, gen: LoadGen, port: int, password: str) -> None:
        self.gen = gen
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=5)
        login = f"PASS {password}\r\n" if password else ""
        self.sock.sendall(f"{login}NICK pinger\r\nUSER pinger 0 * :pinger\r\n".encode())
        welcome = b""
        deadline = time.monotonic() + 5
        while b" 001 " not in welcome and time.monotonic() < deadline:
            data = self.sock.recv(65536)
            if not data:
                raise ConnectionError("the server closed the pinger's connection")
            welcome += data
        self.sock.setblocking(False)
        gen.sel.register(self.sock, READ, self)
        self.buffer = b""
        self.waiting: dict[int, float] = {}
        self.worst = 0.0
        self.answered = 0
        self.active = False

    def start(self) -> None:
        self.active = True
        self._tick()

    def _tick(self) -> None:
        if not self.active:
            return
        token = len(self.waiting) + self.answered
        self.waiting[token] = time.perf_counter()
        with contextlib.suppress(BlockingIOError):
            self.sock.send(b"PING :%d\r\n" % token)
        self.gen.call_at(time.perf_counter() + PING_EVERY_S, self._tick)

    def on_event(self, mask: int) -> None:
        try:
            data = self.sock.recv(65536)
        except (BlockingIOError, InterruptedError):
            return
        except OSError:
            data = b""
        if not data:
            self.gen.sel.unregister(self.sock)
            return
        now = time.perf_counter()
        lines = (self.buffer + data).split(b"\n")
        self.buffer = lines.pop()
        for line in lines:
            words = line.split()
            if len(words) >= 2 and words[1] == b"PONG":
                with contextlib.suppress(ValueError, KeyError):
                    sent = self.waiting.pop(int(words[-1].lstrip(b":")))
                    self.answered += 1
                    self.worst = max(self.worst, now - sent)
            elif words[:1] == [b"PING"]:
                with contextlib.suppress(BlockingIOError):
                    self.sock.send(b"PONG " + b" ".join(words[1:]) + b"\r\n")

    def stop(self) -> tuple[float, int]:
        """(worst stall in ms, PINGs never answered); an unanswered one counts from its send."""
        self.active = False
        now = time.perf_counter()
        oldest = min(self.waiting.values(), default=now)
        return max(self.worst, now - oldest) * 1e3, len(self.waiting)

    def close(self) -> None:
        with contextlib.suppress(KeyError, ValueError):
            self.gen.sel.unregister(self.sock)
        self.sock.close()


# --- one attack ---


def spawn_attacker(
    name: str, spec: Spec, s: Settings, port: int
) -> tuple[subprocess.Popen[bytes], Path]:
    out = s.workdir / f"attack-{name}.json"
    argv = [sys.executable, "-m", "bench.attackers", name, "--port", str(port)]
    argv += ["--seconds", str(s.seconds), "--connections", str(s.size(spec.connections))]
    argv += ["--lines", str(s.size(spec.lines)), "--out", str(out)]
    with open(out.with_suffix(".log"), "wb") as log:
        proc = subprocess.Popen(
            argv, cwd=peers.PROJECT, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT
        )
    return proc, out


def run_attack(name: str, spec: Spec, s: Settings, archive: Path) -> Figures:
    history = s.workdir / f"history-{name}.sqlite3"
    extra: list[str] = []
    if spec.server == "archive":
        shutil.copyfile(archive, history)
        extra = ["--room", "#archive"]
    elif spec.server == "locked":
        extra = ["--room", "#locked", "--room-key", ROOM_KEY]
    elif spec.server == "oper":
        extra = ["--oper", f"teacher:{ROOM_KEY}"]
    elif spec.server == "password":
        extra = ["--password", ROOM_KEY]
    password = ROOM_KEY if spec.server == "password" else ""
    f: Figures = {}
    with chatgui_serve(s.workdir, history, extra) as server:
        gen = LoadGen(server.port, raw=False, max_seq=1000, password=password)
        pinger: Pinger | None = None
        attacker: subprocess.Popen[bytes] | None = None
        try:
            members, failed = join_all(gen, CLASS_SIZE, 30)
            pinger = Pinger(gen, server.port, password)
            gen.run_until(None, 1.0)
            f["rss_before_mb"] = peers.rss_kb(server.pid) / 1024
            size_before = history_bytes(history)
            gen.reset_stats()
            meter = peers.CpuMeter(server.pid)
            gen_cpu = time.process_time()
            pinger.start()
            start = time.perf_counter()
            report = None
            if name != "none":
                attacker, report = spawn_attacker(name, spec, s, server.port)
            gen.start_paced(gen.clients, 1.0, round(s.seconds))

            def attack_over() -> bool:
                elapsed = time.perf_counter() - start
                return elapsed >= s.seconds and (attacker is None or attacker.poll() is not None)

            gen.run_until(attack_over, s.seconds + 10)
            if attacker is not None and attacker.poll() is None:
                f["attacker"] = "killed: still running 10 s after its time"
                attacker.kill()
            expected = gen.total_sent * (members - 1)
            gen.run_until(lambda: gen.delivered >= expected, s.drain_s)
            gen.run_until(None, FLUSH_WAIT_S)
            f["stall_ms"], f["pings_unanswered"] = pinger.stop()
            cpu, wall = meter.stop()
            f["cpu_pct"] = 100 * cpu / wall
            f["gen_cpu_pct"] = 100 * (time.process_time() - gen_cpu) / wall
            f["rss_after_mb"] = peers.rss_kb(server.pid) / 1024
            f["history_growth_mb"] = (history_bytes(history) - size_before) / 1e6
            f.update(class_figures(gen, members, failed, s))
            f.update(history_figures(gen, history))
            if report is not None:
                f["achieved"] = read_report(report)
            if not server.alive():
                f["server"] = f"the server died:\n{server.log_tail()}"
        finally:
            if attacker is not None and attacker.poll() is None:
                attacker.kill()
            if attacker is not None:
                with contextlib.suppress(subprocess.TimeoutExpired):
                    attacker.wait(5)
            if pinger is not None:
                pinger.close()
            gen.close_all()
    return f


def class_figures(gen: LoadGen, members: int, failed: int, s: Settings) -> Figures:
    """Latency (messages never delivered count as slower than the drain), losses."""
    expected = gen.total_sent * (members - 1)
    lost = max(0, expected - gen.delivered)
    f: Figures = {"members": members, "join_failed": failed, "sent": gen.total_sent, "lost": lost}
    f["dropped"] = sum(gen.dropped.values())
    for why, n in gen.dropped.most_common(2):
        f[f"dropped: {why}"] = n
    total = len(gen.lat) + lost
    if not gen.lat:
        return f
    ordered = sorted(gen.lat)
    for key, q in (("p50_ms", 0.5), ("p99_ms", 0.99), ("max_ms", 1.0)):
        i = round(q * (total - 1))
        f[key] = ordered[i] / 1e6 if i < len(ordered) else f"> {s.drain_s * 1e3:.0f}"
    return f


def history_figures(gen: LoadGen, history: Path) -> Figures:
    """Class messages missing from the history file, and how many of those someone received."""
    kept = kept_class_messages(history)
    if kept is None:
        return {"history_lost": "unreadable"}
    sent = {(c.idx, seq) for c in gen.clients for seq in range(gen.sent[c.idx])}
    missing = sent - kept
    delivered = {
        (sender, seq)
        for c in gen.clients
        for sender, bits in c.seen.items()
        for seq in range(len(bits))
        if bits[seq]
    }
    return {"history_lost": len(missing), "history_lost_delivered": len(missing & delivered)}


def read_report(path: Path) -> str:
    """The attacker's figures, or the end of its log when it wrote none."""
    try:
        figures = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        log = path.with_suffix(".log")
        tail = log.read_text("utf-8", "replace").strip().splitlines()[-3:] if log.exists() else []
        return "no report (killed, or it failed): " + " | ".join(tail)
    return ", ".join(f"{k} {_num(v)}" for k, v in figures.items())


def _num(value: object) -> str:
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


# --- the report ---


def verdict(f: Figures) -> str:
    misses = []
    p99 = f.get("p99_ms")
    if not isinstance(p99, float) or p99 >= P99_TARGET_MS:
        misses.append("p99")
    lost = [f.get(k) for k in ("lost", "dropped", "join_failed", "history_lost")]
    if any(v != 0 for v in lost):
        misses.append("lost")
    before, after = f.get("rss_before_mb"), f.get("rss_after_mb")
    if (
        not isinstance(before, float)
        or not isinstance(after, float)
        or after - before > RSS_TARGET_MB
    ):
        misses.append("rss")
    return "PASS" if not misses else "MISS " + ",".join(misses)


COLUMNS = (
    ("p50_ms", "p50 ms", "{:.1f}"),
    ("p99_ms", "p99 ms", "{:.1f}"),
    ("max_ms", "max ms", "{:.0f}"),
    ("lost", "lost", "{:,}"),
    ("stall_ms", "stall ms", "{:,.0f}"),
    ("cpu_pct", "CPU %", "{:.0f}"),
    ("rss", "RSS MB before>after", ""),
    ("history_lost", "hist lost", "{:,}"),
    ("history_growth_mb", "hist +MB", "{:.1f}"),
    ("verdict", "target", ""),
)


def cell(f: Figures, key: str, fmt: str) -> str:
    if key == "rss":
        before, after = f.get("rss_before_mb"), f.get("rss_after_mb")
        if isinstance(before, float) and isinstance(after, float):
            return f"{before:.0f}>{after:.0f} ({after - before:+.1f})"
        return "-"
    if key == "verdict":
        return "bench error" if "error" in f else verdict(f)
    value = f.get(key)
    if value is None:
        return "-"
    if key == "lost" and f.get("dropped"):
        return f"{value:,} ({f['dropped']} gone)"
    if key == "history_lost" and f.get("history_lost_delivered"):
        return f"{value:,} ({f['history_lost_delivered']:,} seen)"
    return value if isinstance(value, str) else fmt.format(value)


def table(results: dict[str, Figures]) -> list[str]:
    header = ["attack", *[label for _, label, _ in COLUMNS]]
    rows = [[name, *[cell(f, k, fmt) for k, _, fmt in COLUMNS]] for name, f in results.items()]
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]

    def line(cells: list[str]) -> str:
        return "  ".join(
            c.ljust(w) if i == 0 else c.rjust(w)
            for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        )

    return [line(header), "  ".join("-" * w for w in widths), *[line(r) for r in rows]]


def details(results: dict[str, Figures], s: Settings) -> list[str]:
    out = []
    for name, f in results.items():
        spec = ATTACKS[name]
        size = s.size(spec.connections)
        about = f"{size:,} {spec.about}" if spec.connections != (1, 1) else spec.about
        out.append(f"{name}: {about}")
        if "error" in f:
            out.append(f"    bench error: {f['error']}")
        if "achieved" in f:
            out.append(f"    attacker: {f['achieved']}")
        for key in ("attacker", "server"):
            if key in f:
                out.append(f"    {key}: {f[key]}")
        out.append(
            f"    class: {f.get('members', '-')} in #bench, {_num(f.get('sent', '-'))} sent, "
            f"{_num(f.get('lost', '-'))} lost, {f.get('dropped', 0)} disconnected; "
            f"PINGs unanswered at the end {f.get('pings_unanswered', '-')}; "
            f"generator CPU {_fmt(f.get('gen_cpu_pct'), '{:.0f}')} %"
        )
        for key, value in f.items():
            if key.startswith("dropped: "):
                out.append(f"    {value} classmate(s) {key}")
    return out


def _fmt(value: object, fmt: str) -> str:
    return "-" if value is None else fmt.format(value) if not isinstance(value, str) else value


def check_attacker_address() -> str | None:
    """None when a socket bound to 127.0.0.2 reaches 127.0.0.1, else why not."""
    try:
        with socket.socket() as listener, socket.socket() as probe:
            listener.bind(("127.0.0.1", 0))
            listener.listen(1)
            probe.settimeout(2)
            probe.bind((ATTACKER, 0))
            probe.connect(listener.getsockname())
    except OSError as error:
        return f"{ATTACKER} can't reach 127.0.0.1 ({error}); on Linux all of 127/8 is local"
    return None


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.hostile", description=__doc__.split("\n")[0])
    p.add_argument("--quick", action="store_true", help="5 s attacks and fewer connections")
    p.add_argument("--only", help=f"comma-separated attacks, of: {', '.join(ATTACKS)}")
    p.add_argument("--out", type=Path, help="results file")
    a = p.parse_args(argv)
    names = [n.strip() for n in (a.only or ",".join(ATTACKS)).split(",") if n.strip()]
    unknown = [n for n in names if n not in ATTACKS]
    if unknown:
        print(f"unknown attack(s): {', '.join(unknown)}", file=sys.stderr)
        return 2
    problem = check_attacker_address()
    if problem:
        print(problem, file=sys.stderr)
        return 2
    peers.raise_own_nofile()
    started = time.strftime("%Y-%m-%d %H:%M:%S")
    results: dict[str, Figures] = {}
    with tempfile.TemporaryDirectory(prefix="chatgui-bench-hostile-") as tmp:
        s = Settings(a.quick, 5.0 if a.quick else 15.0, 5.0 if a.quick else 10.0, Path(tmp))
        archive = s.workdir / "archive.sqlite3"
        if any(ATTACKS[n].server == "archive" for n in names):
            print(f"[{time.strftime('%H:%M:%S')}] filling #archive ...", flush=True)
            fill_archive(archive)
        for name in names:
            print(f"[{time.strftime('%H:%M:%S')}] {name} ...", flush=True)
            try:
                results[name] = run_attack(name, ATTACKS[name], s, archive)
            except Exception as error:  # noqa: BLE001  (report it and go on with the next)
                traceback.print_exc()
                results[name] = {"error": f"{type(error).__name__}: {error}"}
            print("    " + "  ".join(table({name: results[name]})[2].split()), flush=True)
    report = [
        f"chatgui under a hostile student, {started}{' (--quick)' if a.quick else ''}",
        f"machine: {machine_info()}",
        f"command: python -m bench.hostile {' '.join(sys.argv[1:] if argv is None else argv)}",
        f"class: {CLASS_SIZE} people in #bench, 1 message/s each, for the {s.seconds:g} s of each "
        f"attack; then up to {s.drain_s:g} s for what is late, {FLUSH_WAIT_S:g} s more for the "
        "history",
        f"attacker: {ATTACKER}, its own process (nice 10); a fresh chatgui serve for each attack",
        f"targets: class p99 < {P99_TARGET_MS:g} ms, 0 lost (class, history), RSS back within "
        f"{RSS_TARGET_MB:g} MB",
        "",
        *table(results),
        "",
        *details(results, s),
        "",
        "p50/p99/max: class messages, sending to receiving; one never received counts as later "
        "than the drain (> N). lost: deliveries missing after the drain ((n gone): classmates "
        "the server disconnected). stall: the slowest PONG to a PING sent every 0.2 s by someone "
        "in no room (unanswered ones count until the end). CPU: the server's, during the attack "
        "and the drain. hist lost: class messages missing from the history file at the end "
        "((n seen): of them, ones a classmate received). hist +MB: growth of the history file.",
    ]
    text = "\n".join(report) + "\n"
    print()
    print(text)
    suffix = "-quick" if a.quick else ""
    out = a.out or RESULTS / f"hostile-{time.strftime('%Y%m%d-%H%M%S')}{suffix}.txt"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")
    print(f"written to {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
