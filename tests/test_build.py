"""The one-file program built by build.spec: it hosts, announces, opens its window, and leaves
nothing behind.

One PyInstaller build per run (into a temporary folder), then the program is started as a
person would start it: from its own folder, with a home folder of its own and a TMPDIR of its
own, so the `_MEI*` folder it unpacks into can be looked for afterwards. A one-file program runs
as two processes (PyInstaller's bootloader and, as its child, the Python program): the tests
stop one or the other with SIGTERM and check that both end and the unpacked folder is gone.
"""

from __future__ import annotations

import os
import queue
import re
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from chatgui.discovery import RoomFinder
from chatgui.events import ChatEvent, RoomFound
from tests.lineclient import LineClient
from tests.support import find_window, free_port

pytestmark = pytest.mark.slow

PROJECT = Path(__file__).resolve().parent.parent
BUILD_TIMEOUT_S = 300
START_TIMEOUT_S = 30
STOP_TIMEOUT_S = 15


@pytest.fixture(scope="module")
def program(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """dist/chatgui, built once for this module with `pyinstaller build.spec`."""
    try:
        import PyInstaller  # noqa: F401
    except ImportError:
        pytest.fail("PyInstaller is missing: pip install -e '.[build]' (install-and-test does)")
    out = tmp_path_factory.mktemp("build")
    command = [
        sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
        "--distpath", str(out / "dist"), "--workpath", str(out / "work"), "build.spec",
    ]  # fmt: skip
    env = dict(os.environ, PYINSTALLER_CONFIG_DIR=str(out / "cache"))  # no shared cache
    result = subprocess.run(
        command,
        cwd=PROJECT,
        env=env,
        capture_output=True,
        encoding="utf-8",
        errors="replace",
        timeout=BUILD_TIMEOUT_S,
    )
    assert result.returncode == 0, f"pyinstaller failed:\n{result.stdout}{result.stderr}"
    exe = out / "dist" / "chatgui"
    assert exe.is_file(), sorted(p.name for p in (out / "dist").iterdir())
    return exe


@dataclass
class Running:
    """One started copy of the program: its bootloader process and the folders it may use."""

    process: subprocess.Popen[bytes]
    tmpdir: Path
    home: Path
    output: Path

    def child(self) -> int:
        """The Python process the bootloader started (its only child)."""
        children: list[str] = []
        deadline = time.monotonic() + START_TIMEOUT_S
        while not children and time.monotonic() < deadline:
            path = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
            children = path.read_text(encoding="ascii").split()
            time.sleep(0.05)
        assert len(children) == 1, f"bootloader children: {children}"
        return int(children[0])

    def survivors(self) -> list[int]:
        """Processes still in the session the bootloader started (its child, or theirs)."""
        found = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text(encoding="ascii", errors="replace").rpartition(")")[2]
            except OSError:
                continue  # ended meanwhile
            if int(fields.split()[3]) == self.process.pid:  # state ppid pgrp session …
                found.append(int(stat.parent.name))
        return found

    def unpacked(self) -> list[str]:
        return sorted(p.name for p in self.tmpdir.glob("_MEI*"))

    def stop(self, pid: int | None = None) -> int:
        """SIGTERM to `pid` (the bootloader by default); the exit status of the bootloader."""
        os.kill(pid or self.process.pid, signal.SIGTERM)
        return self.wait()

    def ctrl_c(self) -> int:
        """SIGINT to both processes at once, as Ctrl-C in a terminal sends it."""
        os.killpg(self.process.pid, signal.SIGINT)
        return self.wait()

    def wait(self) -> int:
        try:
            return self.process.wait(timeout=STOP_TIMEOUT_S)
        finally:
            if self.process.poll() is None:
                os.killpg(self.process.pid, signal.SIGKILL)  # both processes
                self.process.wait()

    def printed(self) -> str:
        return self.output.read_text(encoding="utf-8", errors="replace")


Start = Callable[..., Running]  # start(*args, env=None): a copy of the program, started


@pytest.fixture
def start(program: Path, tmp_path: Path, display: str) -> Iterator[Start]:
    """start(*args) runs the program as a person would; everything started is stopped after."""
    started: list[Running] = []

    def run(*args: str, env: dict[str, str] | None = None) -> Running:
        folder = tmp_path / f"copy{len(started)}"
        tmpdir, home = folder / "tmp", folder / "home"
        tmpdir.mkdir(parents=True)
        home.mkdir()
        environment = {
            k: v for k, v in os.environ.items() if not k.startswith(("CHATGUI_HOME", "XDG_"))
        }
        environment.update(HOME=str(home), TMPDIR=str(tmpdir), DISPLAY=display, **(env or {}))
        output = folder / "output.txt"
        with output.open("wb") as sink:
            process = subprocess.Popen(
                [str(program), *args], cwd=program.parent, env=environment,
                stdin=subprocess.DEVNULL, stdout=sink, stderr=subprocess.STDOUT,
                start_new_session=True,
            )  # fmt: skip
        started.append(Running(process, tmpdir, home, output))
        return started[-1]

    yield run
    for copy in started:
        if copy.process.poll() is None:
            copy.stop()


LEFTOVER_GRACE_S = 3.0
"""How long a helper process the program started may take to end after the window did."""


def wait_for(predicate: Callable[[], bool], what: str, timeout: float = START_TIMEOUT_S) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.05)


def assert_left_nothing(copy: Running, program: Path) -> None:
    """Nothing of the program is left: no process (a helper it started, such as the system's
    settings reader, may take a moment to end after it), no unpacked folder, no file."""
    leftover = "a process of the program still running after the window ended"
    wait_for(lambda: copy.survivors() == [], leftover, timeout=LEFTOVER_GRACE_S)
    assert copy.unpacked() == [], "the unpacked _MEI folder was left behind"
    assert sorted(p.name for p in program.parent.iterdir()) == ["chatgui"], "wrote beside itself"


def test_serve_relays_messages(start: Start, program: Path) -> None:
    port = free_port()
    copy = start("serve", "--bind", "127.0.0.1", "--port", str(port), "--no-announce")
    wait_for(lambda: "The room is open" in copy.printed(), "the room to open")
    alice, bob = LineClient(port), LineClient(port)
    try:
        alice.register("alice")
        bob.register("bob")
        alice.send("JOIN #lab")
        alice.expect(r" 366 ")
        bob.send("JOIN #lab")
        bob.expect(r" 366 ")
        alice.send("PRIVMSG #lab :hello from the bundle")
        bob.expect(r"^:alice!\S+ PRIVMSG #lab :hello from the bundle$")
    finally:
        alice.close()
        bob.close()
    assert copy.stop() == 0, copy.printed()
    assert "Closing the room" in copy.printed()
    assert_left_nothing(copy, program)


@pytest.mark.parametrize("what", ["serve", "window"])
def test_ctrl_c_in_a_terminal_closes_it_once(start: Start, program: Path, what: str) -> None:
    """The bootloader forwards the SIGINT its child got already: the second must do no harm."""
    if what == "serve":
        port = str(free_port())
        copy = start("serve", "--bind", "127.0.0.1", "--port", port, "--room", "ctrl-c")
        wait_for(lambda: "listed on Join pages" in copy.printed(), "the room to be announced")
    else:
        copy = start()
        find_window("^chatgui$", START_TIMEOUT_S)
    assert copy.ctrl_c() == 0, copy.printed()
    assert "Traceback" not in copy.printed()
    assert_left_nothing(copy, program)


def test_serve_announces_with_the_bundled_zeroconf(start: Start, program: Path) -> None:
    events: queue.Queue[ChatEvent] = queue.Queue()
    finder = RoomFinder(events, ("127.0.0.1",), broadcast=False)  # mDNS only
    finder.start()
    try:
        port = free_port()
        copy = start("serve", "--bind", "127.0.0.1", "--port", str(port), "--room", "bundled")
        wait_for(lambda: "listed on Join pages" in copy.printed(), "the room to be announced")
        assert "bundled is listed on Join pages nearby (by mdns" in copy.printed()
        deadline = time.monotonic() + START_TIMEOUT_S
        found = None
        while found is None:
            event = events.get(timeout=max(0.01, deadline - time.monotonic()))
            if isinstance(event, RoomFound) and event.room == "bundled":  # its title
                found = event
        assert found.port == port
        assert found.channel == "#bundled"
        assert "mdns" in found.via
    finally:
        finder.stop()
    assert copy.stop() == 0, copy.printed()
    assert_left_nothing(copy, program)


def test_window_opens_with_its_icon_and_sigterm_cleans_up(start: Start, program: Path) -> None:
    copy = start()
    window = find_window("^chatgui$", START_TIMEOUT_S)
    icon = subprocess.run(
        ["xprop", "-id", str(window), "-notype", "32c", "_NET_WM_ICON"],
        capture_output=True, encoding="utf-8", timeout=10, check=True,
    )  # fmt: skip
    assert icon.stdout.startswith("_NET_WM_ICON = 256, 256, "), icon.stdout[:200]
    assert len(copy.unpacked()) == 1, "a one-file program unpacks into one _MEI folder"
    assert copy.stop() == 0, copy.printed()
    assert_left_nothing(copy, program)
    log = copy.home / ".local" / "share" / "chatgui" / "chatgui.log"
    assert "opening the window" in log.read_text(encoding="utf-8")


def test_sigterm_to_the_python_process_also_cleans_up(start: Start, program: Path) -> None:
    copy = start()
    find_window("^chatgui$", START_TIMEOUT_S)
    child = copy.child()
    assert copy.stop(child) == 0, copy.printed()
    assert not Path(f"/proc/{child}").exists()
    assert_left_nothing(copy, program)


def test_two_copies_host_and_join_on_one_pc(start: Start, program: Path) -> None:
    port = free_port()
    room = {"CHATGUI_BIND": "127.0.0.1", "CHATGUI_PORT": str(port)}
    host = start("--name", "Teacher", "--host", "Demo", env=room)
    wait_for(lambda: "room open on port" in host.printed(), "the host's room to open")
    guest = start("--name", "Student", "--join", f"127.0.0.1:{port}")
    watcher = LineClient(port)
    try:
        watcher.register("watcher")
        watcher.send("JOIN #demo")
        watcher.expect(r" 366 ")
        deadline = time.monotonic() + START_TIMEOUT_S
        names = ""
        while not (re.search(r"\bTeacher\b", names) and re.search(r"\bStudent\b", names)):
            assert time.monotonic() < deadline, f"both windows not in #demo: {names!r}"
            watcher.send("NAMES #demo")
            names = watcher.expect(r" 353 ")
            time.sleep(0.2)
    finally:
        watcher.close()
    assert guest.stop() == 0, guest.printed()
    assert host.stop() == 0, host.printed()
    for copy in (host, guest):
        assert_left_nothing(copy, program)
