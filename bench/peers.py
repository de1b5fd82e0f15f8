"""The servers the benchmark runs side by side, and what it reads about them from /proc.

Each server is started fresh for every scenario, as its own process with a raised open-file
limit, listening on 127.0.0.1 (the seed chatroom binds every address, as written) on a port
chosen here, with its flood control and its connections-per-address cap off as far as its
config allows. Its output goes to a log file, never to a pipe nobody reads.
"""

from __future__ import annotations

import contextlib
import functools
import importlib.util
import os
import resource
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
DEFAULT_SEED_DIR = PROJECT.parent / "shared" / "seed"
FLOOR_RELAY = PROJECT.parent / "shared" / "bench" / "floor_relay.py"
"""The least a Python relay can do (answers NICK, JOIN, PING and PRIVMSG only): the floor."""
NGIRCD = "/usr/sbin/ngircd"
INSPIRCD = "/usr/sbin/inspircd"
NOFILE = 8192
"""Open-file limit given to every server (500 clients need more than the usual 1024)."""


@dataclass(frozen=True)
class Peer:
    """One server under test. `proto` is "irc", or "raw" for the seed's bytes-only chatroom."""

    name: str
    proto: str
    about: str
    history: str = "fresh"
    """chatgui only: "fresh" (a new history file for every start, in the work folder), "none"
    (--no-history), or the path of a history file to use."""
    rooms: tuple[str, ...] = ()
    """chatgui only: rooms it keeps open (--room)."""
    continue_lesson: bool = False
    """chatgui only: continue the history file's last lesson (--continue), so questions to the
    history read what was kept before this start (each start is a lesson of its own)."""
    tls: bool = False
    """chatgui only: the port given is its TLS port (--tls-port), and clients speak TLS to it."""
    limits_off: bool = True
    """chatgui only: serve with `--flood off --max-per-address off`, as the peers run, when
    this chatgui has those options (serve_has_knobs); its limits stay on otherwise."""
    program: str = ""
    """floor and InspIRCd: the script or binary to run (FLOOR_RELAY, INSPIRCD)."""
    backlog: int = 100
    """Connections that may wait for this server's accept() (its listen backlog, at most
    100): the setup joins its clients in batches of this many, so none waits on a SYN resent."""
    project: Path | None = None
    """chatgui only: the source tree `python -m chatgui` runs from (None: this one), so two
    versions can run side by side (bench/history_ab.py); it must have `serve --flood`."""

    def missing(self, seed_dir: Path) -> str | None:
        """Why this server can't run here, or None."""
        if self.name == "seed" and not (seed_dir / "chatroomlib.py").is_file():
            return f"no chatroomlib.py in {seed_dir} (use --seed-dir)"
        if self.name.startswith("miniircd") and importlib.util.find_spec("miniircd") is None:
            return "miniircd is not installed: pip install -e '.[bench]'"
        if self.name == "ngircd" and not os.access(NGIRCD, os.X_OK):
            return f"{NGIRCD} is missing: apt-get install ngircd (then: service ngircd stop)"
        if self.name == "inspircd" and not os.access(self.program, os.X_OK):
            return (
                f"{self.program} is missing: apt-get install inspircd (then: service inspircd stop)"
            )
        if self.name == "floor" and not Path(self.program).is_file():
            return f"{self.program} is missing (use --floor-relay)"
        return None

    def command(
        self, port: int, workdir: Path, seed_dir: Path
    ) -> tuple[list[str], Path, dict[str, str]]:
        """argv, working directory and environment that start this server on `port`."""
        env = dict(os.environ)
        if self.name == "seed":
            env["SEED_PORT"] = str(port)
            code = "import chatroomlib; chatroomlib.create_chatroom(); import time; time.sleep(1e9)"
            return [sys.executable, "-c", code], seed_dir, env
        if self.name.startswith("miniircd"):
            nodelay = self.name == "miniircd-nodelay"
            module = "bench.miniircd_nodelay" if nodelay else "miniircd"
            argv = [sys.executable, "-m", module, "--listen", "127.0.0.1", "--ports", str(port)]
            if os.geteuid() == 0:  # miniircd refuses root; ngIRCd also drops to nobody
                argv += ["--setuid", "nobody"]
            cwd = PROJECT if nodelay else workdir  # where `python -m bench...` finds it
            return argv, cwd, env
        if self.name == "ngircd":
            config = workdir / "ngircd.conf"
            config.write_text(NGIRCD_CONF.format(port=port), encoding="utf-8")
            return [NGIRCD, "-n", "-f", str(config)], workdir, env
        if self.name == "inspircd":
            config = workdir / f"inspircd-{port}.conf"
            config.write_text(INSPIRCD_CONF.format(port=port, folder=workdir), encoding="utf-8")
            argv = [self.program, "--nofork", "--config", str(config)]
            # InspIRCd refuses to run as root unless told; as an unprivileged user it needs none.
            return argv + (["--runasroot"] if os.geteuid() == 0 else []), workdir, env
        if self.name == "floor":
            return [sys.executable, self.program, str(port)], workdir, env
        env["CHATGUI_HOME"] = str(workdir / "chatgui-home")  # the room's TLS key, made once
        plain, tls = (free_port(), port) if self.tls else (port, free_port())
        argv = [
            sys.executable,
            "-m",
            "chatgui",
            "serve",
            "--bind",
            "127.0.0.1",
            "--port",
            str(plain),
            "--tls-port",
            str(tls),
            "--no-announce",
        ]
        for room in self.rooms:
            argv += ["--room", room]
        if self.limits_off and serve_has_knobs():
            argv += ["--flood", "off", "--max-per-address", "off"]
        if self.continue_lesson:
            argv.append("--continue")
        if self.history == "none":
            argv.append("--no-history")
        else:
            fresh = workdir / f"{self.name}-{port}.sqlite3"
            argv += ["--history", str(fresh if self.history == "fresh" else self.history)]
        return argv, self.project or PROJECT, env

    def version(self) -> str:
        if self.name == "ngircd" and os.access(NGIRCD, os.X_OK):
            out = subprocess.run(
                [NGIRCD, "--version"], capture_output=True, text=True, timeout=10, check=False
            ).stdout
            return out.splitlines()[0].split("-")[0] if out else "?"
        if self.name == "inspircd" and os.access(self.program, os.X_OK):
            out = subprocess.run(
                [self.program, "--version"], capture_output=True, text=True, timeout=10, check=False
            ).stdout
            return out.splitlines()[0].removesuffix("-debian") if out else "?"
        if self.name == "floor":
            return "floor_relay.py"
        if self.name.startswith("miniircd"):
            with contextlib.suppress(Exception):
                from importlib.metadata import version

                nodelay = ", TCP_NODELAY" if self.name == "miniircd-nodelay" else ""
                return f"miniircd {version('miniircd')}{nodelay}"
        if self.name.startswith("chatgui"):
            with contextlib.suppress(Exception):
                import chatgui

                tls = " over TLS" if self.tls else ""
                history = " --no-history" if self.history == "none" else ""
                return f"chatgui {chatgui.__version__}{tls}{history}"
        if self.name == "seed":
            return "chatroomlib.py (Python 3 port)"
        return "?"


NGIRCD_CONF = """\
# Generated by bench/peers.py: a minimal ngIRCd for a loopback benchmark.
[Global]
\tName = bench.ngircd
\tInfo = chatgui benchmark
\tAdminInfo1 = bench
\tAdminInfo2 = bench
\tAdminEMail = bench@localhost
\tListen = 127.0.0.1
\tPorts = {port}
\tMotdPhrase = bench
[Limits]
\tMaxConnections = 0
\tMaxConnectionsIP = 0
\tMaxJoins = 0
\tMaxNickLength = 30
\t# 0 turns ngIRCd's per-command penalty (its flood control) off
\tMaxPenaltyTime = 0
\tPingTimeout = 300
\tPongTimeout = 60
[Options]
\tDNS = no
\tIdent = no
\tPAM = no
"""

INSPIRCD_CONF = """\
# Generated by bench/peers.py: a minimal InspIRCd for a loopback benchmark. Its flood control
# (a penalty per command, drained at commandrate per second, over threshold: fakelag or a kill)
# and its per-address caps raised out of reach; no DNS or ident lookups, no modules; its
# resolver pointed at 127.0.0.1, so nothing leaves the machine. It completes a registration on
# its once-a-second timer (the storm's ~1 s), which no setting changes.
<server name="bench.inspircd" description="chatgui benchmark" network="Bench">
<admin name="bench" nick="bench" email="bench@localhost">
<bind address="127.0.0.1" port="{port}" type="clients">
<connect name="main" allow="*" timeout="60" pingfreq="300" maxchans="20"
         localmax="100000" globalmax="100000" maxconnwarn="no" limit="100000"
         resolvehostnames="no" useident="no" fakelag="no"
         commandrate="4000000000" threshold="1000000000"
         recvq="1048576" softsendq="1048576" hardsendq="16777216">
<dns server="127.0.0.1" timeout="1">
<pid file="{folder}/inspircd-{port}.pid">
"""

PEERS = {
    "seed": Peer("seed", "raw", "the classroom script: raw TCP, a thread per person", backlog=25),
    "floor": Peer(
        "floor", "irc", "the floor relay: the least a Python relay does", program=str(FLOOR_RELAY)
    ),
    "miniircd": Peer("miniircd", "irc", "miniircd (PyPI): select() loop, pure Python", backlog=5),
    "miniircd-nodelay": Peer(
        "miniircd-nodelay",
        "irc",
        "the same, TCP_NODELAY on its connections, as chatgui (bench/miniircd_nodelay.py)",
        backlog=5,
    ),
    "ngircd": Peer("ngircd", "irc", "ngIRCd (Debian): C, epoll", backlog=10),
    "inspircd": Peer("inspircd", "irc", "InspIRCd (Debian): C++, epoll", program=INSPIRCD),
    "chatgui": Peer("chatgui", "irc", "python -m chatgui serve (keeping history)"),
    "chatgui-tls": Peer(
        "chatgui-tls", "irc", "python -m chatgui serve, the same, joined over TLS", tls=True
    ),
    "chatgui-nohistory": Peer(
        "chatgui-nohistory", "irc", "python -m chatgui serve --no-history", history="none"
    ),
}


@functools.cache
def serve_has_knobs() -> bool:
    """True when this chatgui's `serve` takes --flood and --max-per-address (asked once)."""
    out = subprocess.run(
        [sys.executable, "-m", "chatgui", "serve", "--help"],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    ).stdout
    return "--flood" in out and "--max-per-address" in out


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _raise_nofile() -> None:
    resource.setrlimit(resource.RLIMIT_NOFILE, (NOFILE, NOFILE))


def raise_own_nofile(wanted: int = 16384) -> int:
    """Raise this process's soft open-file limit towards `wanted`; returns the new soft limit."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    target = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
    if soft < target:
        resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
    return resource.getrlimit(resource.RLIMIT_NOFILE)[0]


def is_listening(port: int) -> bool:
    """True when some socket on this machine listens on TCP `port` (read from /proc/net/tcp*)."""
    want = f":{port:04X}"
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with contextlib.suppress(OSError), open(table, encoding="ascii") as rows:
            next(rows)
            for row in rows:
                fields = row.split()
                if fields[1].endswith(want) and fields[3] == "0A":
                    return True
    return False


class Running:
    """A started server: its process, port and log."""

    def __init__(self, peer: Peer, proc: subprocess.Popen[bytes], port: int, log: Path) -> None:
        self.peer = peer
        self.proc = proc
        self.pid = proc.pid
        self.port = port
        self.log = log

    def alive(self) -> bool:
        return self.proc.poll() is None

    def log_tail(self, lines: int = 15) -> str:
        with contextlib.suppress(OSError):
            text = self.log.read_text(encoding="utf-8", errors="replace")
            return "\n".join(text.splitlines()[-lines:])
        return ""


@contextlib.contextmanager
def running(
    peer: Peer, workdir: Path, seed_dir: Path, startup_s: float = 15.0
) -> Iterator[Running]:
    """Start `peer` on a free port, wait until it listens, and stop it afterwards."""
    port = free_port()
    argv, cwd, env = peer.command(port, workdir, seed_dir)
    log = workdir / f"{peer.name}-{port}.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            argv,
            cwd=cwd,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            preexec_fn=_raise_nofile,  # the bench is single-threaded
            start_new_session=True,
        )
    server = Running(peer, proc, port, log)
    try:
        deadline = time.monotonic() + startup_s
        while not is_listening(port):
            if not server.alive():
                raise RuntimeError(f"{peer.name} exited on start:\n{server.log_tail()}")
            if time.monotonic() > deadline:
                raise RuntimeError(f"{peer.name} did not listen within {startup_s} s")
            time.sleep(0.05)
        yield server
    finally:
        stop(proc)


def stop(proc: subprocess.Popen[bytes]) -> None:
    """SIGTERM, then SIGKILL after 3 s: the process only, never its neighbours."""
    if proc.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(3)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                proc.kill()
            proc.wait(3)


# --- /proc readers ---

_TICK = os.sysconf("SC_CLK_TCK")


def stat_cpu_ns(pid: int) -> int:
    """utime+stime from /proc/PID/stat, in ns (10 ms resolution)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except OSError:
        return 0
    return (int(fields[11]) + int(fields[12])) * 1_000_000_000 // _TICK


class CpuMeter:
    """Server CPU over a stretch of time: precise ns from schedstat, checked against ticks."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.start_sched = self._sched()
        self.start_stat = stat_cpu_ns(pid)
        self.start_wall = time.perf_counter()

    def _sched(self) -> int:
        total = 0
        with contextlib.suppress(OSError):
            for task in os.listdir(f"/proc/{self.pid}/task"):
                path = f"/proc/{self.pid}/task/{task}/schedstat"
                with (
                    contextlib.suppress(OSError, ValueError, IndexError),
                    open(path, encoding="ascii") as f,
                ):
                    total += int(f.read().split()[0])
        return total

    def stop(self) -> tuple[float, float]:
        """(CPU seconds, wall seconds) since the meter started."""
        wall = time.perf_counter() - self.start_wall
        sched = (self._sched() - self.start_sched) / 1e9
        ticks = (stat_cpu_ns(self.pid) - self.start_stat) / 1e9
        # Threads that exited in between vanish from the schedstat sum; ticks still have them.
        cpu = ticks if ticks > sched + 0.05 else sched
        return max(0.0, cpu), wall


def tcp_counters() -> dict[str, int]:
    """The kernel's TcpExt counters from /proc/net/netstat (ListenOverflows, TCPSynRetrans...)."""
    try:
        with open("/proc/net/netstat", encoding="ascii") as netstat:
            rows = [line.split() for line in netstat if line.startswith("TcpExt:")]
    except OSError:
        return {}
    if len(rows) < 2:
        return {}
    return {k: int(v) for k, v in zip(rows[0][1:], rows[1][1:], strict=False)}


def rss_kb(pid: int) -> int:
    return _status_field(pid, "VmRSS")


def threads(pid: int) -> int:
    return _status_field(pid, "Threads")


def _status_field(pid: int, name: str) -> int:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith(name + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def ngircd_service_note() -> str | None:
    """A note when another ngIRCd (the Debian service, a test) runs; the bench leaves it alone."""
    if shutil.which("pgrep") is None:
        return None
    out = subprocess.run(
        ["pgrep", "-a", "-x", "ngircd"], capture_output=True, text=True, timeout=10, check=False
    ).stdout.strip()
    if not out:
        return None
    return f"other ngircd processes were running ({out}); the bench left them alone"
