"""Start-up of the one-file program (build.spec), side by side with `python -m chatgui`.

    python -m bench.startup                     # build into a temporary folder, 7 runs each
    python -m bench.startup --exe dist/chatgui  # measure a program built already
    python -m bench.startup --runs 3            # quicker

What it measures (a benchmark, not a test: it prints figures and PASS/MISS, asserts nothing):

- size: the built program's bytes (target <= 25 MB), and the build's own time.
- to window: from spawning the program to its window being mapped on the X display. The map
  is seen as an X event (`xev -root -event substructure` prints MapNotify when a top-level
  window is mapped; no window manager, so that is when it is shown), not by polling, so the
  measuring costs no CPU while the program starts (the machine has 2 cores). Target for the
  built program: <= 1.0 s.
- cold / warm: "cold" runs first evict the files involved from the page cache
  (posix_fadvise DONTNEED on the program, the Python installation and virtualenv, chatgui's
  sources, Tcl/Tk's libraries), as after a reboot, minus files other processes have mapped;
  "warm" runs follow at once. The built program unpacks itself into a new _MEI folder on every
  start, warm or cold.
- to listening: `serve` (built, and from source) and the seed chatroom (../shared/seed, the
  program chatgui replaces: `chatroomlib.create_chatroom()`), from spawning to accepting a
  connection on 127.0.0.1, polled with connect() every 2 ms. (The seed binds every address, as
  written; only 127.0.0.1 is contacted.)

Every figure is the median of --runs runs (min-max beside it). Without DISPLAY it starts its own
Xvfb. Everything stays on 127.0.0.1 (room discovery too). Results: bench/results/startup-*.txt.
"""

from __future__ import annotations

import _tkinter
import argparse
import os
import platform
import queue
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import tkinter
from dataclasses import dataclass, field
from pathlib import Path

from bench.peers import DEFAULT_SEED_DIR
from bench.ui import display, free_port

ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).resolve().parent / "results"
TARGET_SIZE_MB = 25
TARGET_WINDOW_S = 1.0
START_TIMEOUT_S = 20
STOP_TIMEOUT_S = 10
CONNECT_POLL_S = 0.002
MAP_NOTIFY = re.compile(r"^\s+event 0x[0-9a-f]+, window (0x[0-9a-f]+), override NO")


# --- preparing ---


def build(workdir: Path) -> tuple[Path, float]:
    """`pyinstaller build.spec` into `workdir`; the program and the seconds the build took."""
    t0 = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
         "--distpath", str(workdir / "dist"), "--workpath", str(workdir / "work"), "build.spec"],
        cwd=ROOT, check=True, timeout=600,
    )  # fmt: skip
    return workdir / "dist" / "chatgui", time.perf_counter() - t0


def files_to_evict(exe: Path) -> list[Path]:
    """Every file a start reads that a reboot would have dropped from memory."""
    tcl = tkinter.Tcl()
    folders = [
        Path(sys.base_prefix), Path(sys.prefix), ROOT / "chatgui", ROOT / "assets",
        Path(tcl.eval("info library")).parent,
    ]  # fmt: skip
    tkinter_so = Path(_tkinter.__file__)
    ldd = subprocess.run(
        ["ldd", str(tkinter_so)], capture_output=True, encoding="utf-8", check=False
    )
    libraries = [Path(p) for p in re.findall(r"=> (/\S+)", ldd.stdout)]
    files = [exe, tkinter_so, *libraries]
    for folder in folders:
        files += [p for p in folder.rglob("*") if p.is_file() and not p.is_symlink()]
    return files


def evict(files: list[Path]) -> None:
    """Drop these files' pages from the page cache (those no process has mapped)."""
    for path in files:
        try:
            fd = os.open(path, os.O_RDONLY)
        except OSError:
            continue
        try:
            os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
        finally:
            os.close(fd)


# --- measuring ---


class MapWatcher:
    """Top-level windows mapped on the display, as (arrival time, window id), from xev."""

    def __init__(self) -> None:
        self.maps: queue.Queue[tuple[float, str]] = queue.Queue()
        self._xev = subprocess.Popen(
            ["xev", "-root", "-event", "substructure"],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, encoding="utf-8", bufsize=1,
        )  # fmt: skip
        threading.Thread(target=self._read, daemon=True).start()
        time.sleep(0.3)  # let xev select its events before the first start

    def _read(self) -> None:
        assert self._xev.stdout is not None
        for line in self._xev.stdout:
            match = MAP_NOTIFY.match(line)
            if match:
                self.maps.put((time.perf_counter(), match.group(1)))

    def next_map(self, deadline: float) -> tuple[float, str] | None:
        try:
            return self.maps.get(timeout=max(0.0, deadline - time.perf_counter()))
        except queue.Empty:
            return None

    def close(self) -> None:
        self._xev.terminate()
        self._xev.wait(STOP_TIMEOUT_S)


def window_name(window: str) -> str:
    out = subprocess.run(
        ["xdotool", "getwindowname", str(int(window, 16))],
        capture_output=True, encoding="utf-8", timeout=5, check=False,
    )  # fmt: skip
    return out.stdout.strip()


def stop(process: subprocess.Popen[bytes]) -> None:
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(STOP_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(STOP_TIMEOUT_S)


def spawn(command: list[str], env: dict[str, str], cwd: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        command, cwd=cwd, env=env,
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip


def to_window(command: list[str], env: dict[str, str], watcher: MapWatcher) -> float:
    """Seconds from spawning `command` to its window "chatgui" being mapped (nan: never)."""
    while not watcher.maps.empty():
        watcher.maps.get()
    t0 = time.perf_counter()
    process = spawn(command, env, ROOT)
    try:
        deadline = t0 + START_TIMEOUT_S
        while (seen := watcher.next_map(deadline)) is not None:
            if window_name(seen[1]) == "chatgui":
                return seen[0] - t0
        return float("nan")
    finally:
        stop(process)


def to_listening(command: list[str], env: dict[str, str], port: int, cwd: Path) -> float:
    """Seconds from spawning `command` to 127.0.0.1:`port` accepting (nan: never)."""
    t0 = time.perf_counter()
    process = spawn(command, env, cwd)
    try:
        while time.perf_counter() - t0 < START_TIMEOUT_S and process.poll() is None:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                return time.perf_counter() - t0
            except OSError:
                time.sleep(CONNECT_POLL_S)
        return float("nan")
    finally:
        stop(process)


# --- the run ---


@dataclass
class Figures:
    display: str = ""
    size: int = 0
    build_s: float | None = None
    bare_python_s: float = 0.0
    times: dict[str, list[float]] = field(default_factory=dict)
    leftovers: int = 0


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def spread(values: list[float]) -> str:
    return f"{median(values):.3f} s ({min(values):.3f}-{max(values):.3f})"


def measure(a: argparse.Namespace, exe: Path, workdir: Path, f: Figures) -> None:
    env = {**os.environ, "CHATGUI_HOME": str(workdir / "home"), "TMPDIR": str(workdir / "tmp")}
    env.pop("CHATGUI_PORT", None)
    (workdir / "tmp").mkdir()
    source = [sys.executable, "-m", "chatgui"]
    files = files_to_evict(exe)
    watcher = MapWatcher()
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-c", "pass"], check=True)
    f.bare_python_s = time.perf_counter() - t0

    try:
        for run in range(a.runs):
            print(f"run {run + 1} of {a.runs}…", flush=True)
            for name, command in (("built", [str(exe)]), ("source", source)):
                evict(files)
                for temperature in ("cold", "warm"):
                    seconds = to_window(command, env, watcher)
                    f.times.setdefault(f"window, {name}, {temperature}", []).append(seconds)
            for name in ("built serve", "source serve", "seed"):
                port = free_port()
                serve = ["serve", "--bind", "127.0.0.1", "--no-announce", "--port", str(port)]
                command, cwd = {
                    "built serve": ([str(exe), *serve], ROOT),
                    "source serve": ([*source, *serve], ROOT),
                    "seed": ([sys.executable, "-c", SEED_MAIN], a.seed_dir),
                }[name]
                seconds = to_listening(command, {**env, "SEED_PORT": str(port)}, port, cwd)
                f.times.setdefault(f"listening, {name}", []).append(seconds)
    finally:
        watcher.close()
    f.leftovers = len(list((workdir / "tmp").glob("_MEI*")))


SEED_MAIN = "import chatroomlib, time; chatroomlib.create_chatroom(); time.sleep(3600)"


def verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


def report(a: argparse.Namespace, exe: Path, f: Figures) -> str:
    t = {name: median(values) for name, values in f.times.items()}
    lines = [
        f"bench/startup.py {time.strftime('%Y-%m-%d %H:%M:%S')}  {a.runs} runs each, program {exe}",
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}, load average "
        f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}, DISPLAY {f.display}",
        "",
        f"{'figure':<34}  {'median (min-max)':>24}  {'target':>7}  result",
        f"{'-' * 34}  {'-' * 24}  {'-' * 7}  ------",
    ]

    def row(name: str, value: str, target: str = "", result: str = "") -> None:
        lines.append(f"{name:<34}  {value:>24}  {target:>7}  {result}".rstrip())

    size_mb = f.size / 1e6
    row("size of the built program", f"{size_mb:.1f} MB ({f.size:,} B)",
        f"<={TARGET_SIZE_MB} MB", verdict(size_mb <= TARGET_SIZE_MB))  # fmt: skip
    if f.build_s is not None:
        row("build time (pyinstaller build.spec)", f"{f.build_s:.1f} s")
    for name, values in f.times.items():
        built_window = name.startswith("window, built")
        target = f"<={TARGET_WINDOW_S:g} s" if built_window else ""
        result = verdict(median(values) <= TARGET_WINDOW_S) if built_window else ""
        row(name, spread(values), target, result)
    row("for scale: python -c pass", f"{f.bare_python_s:.3f} s")
    lines += ["", "ratios (medians)"]
    for temperature in ("cold", "warm"):
        built, source = t[f"window, built, {temperature}"], t[f"window, source, {temperature}"]
        lines.append(f"  window {temperature}: built / source = {built / source:.2f}")
    seed = t["listening, seed"]
    for name in ("built serve", "source serve"):
        lines.append(f"  listening: {name} / seed = {t[f'listening, {name}'] / seed:.2f}")
    lines.append(f"_MEI folders left in TMPDIR after every run was stopped: {f.leftovers}")
    return "\n".join(lines) + "\n"


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.startup", description=__doc__)
    parser.add_argument("--exe", type=Path, help="a program built already (default: build one)")
    parser.add_argument("--runs", type=int, default=7, help="runs of each kind (default 7)")
    parser.add_argument(
        "--seed-dir", type=Path, default=Path(os.environ.get("SEED_DIR", DEFAULT_SEED_DIR))
    )
    parser.add_argument("--out", type=Path, help="where to write the results")
    parser.add_argument("--no-save", action="store_true", help="print only")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    a = parse_args(argv)
    os.environ["CHATGUI_DISCOVERY_INTERFACES"] = "127.0.0.1"  # nothing leaves this machine
    f = Figures()
    with tempfile.TemporaryDirectory(prefix="bench-startup-") as tmp, display() as shown:
        workdir = Path(tmp)
        f.display = shown
        exe = a.exe.resolve() if a.exe else None
        if exe is None:
            print("building the program (pyinstaller build.spec)…", flush=True)
            exe, f.build_s = build(workdir)
        f.size = exe.stat().st_size
        measure(a, exe, workdir, f)
    text = report(a, exe, f)
    print()
    print(text, end="")
    if not a.no_save:
        out = a.out or RESULTS / f"startup-{time.strftime('%Y%m%d-%H%M%S')}.txt"
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text, encoding="utf-8")
        print(f"written to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
