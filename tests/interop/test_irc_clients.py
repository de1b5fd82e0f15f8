"""Real IRC programs from Debian talk to `python -m chatgui serve` on 127.0.0.1.

irssi runs in a private tmux server and is typed at with send-keys; what it shows is read
with capture-pane. WeeChat runs headless: it is told what to do through its FIFO pipe and
what it received is read from its logger's files. A raw LineClient ("teacher") sits in the
room on the other side of every message. Each test keeps the programs' screens, logs and the
server's stderr in its tmp_path for debugging.

A program is skipped only when it is absent and cannot be installed (apt-get, as root).
Nothing here connects anywhere but 127.0.0.1, and every wait is bounded.
"""

from __future__ import annotations

import contextlib
import errno
import glob
import os
import re
import select
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.lineclient import LineClient

pytestmark = [pytest.mark.interop, pytest.mark.slow]

PROJECT = Path(__file__).resolve().parents[2]
WAIT_S = 15.0  # generous: a loaded 2-core machine starts irssi/WeeChat slowly
POLL_S = 0.1
STOP_S = 5.0
APT_TIMEOUT_S = 300.0
ROOM = "#class"
TOPIC = "Fractions today"
OPEN_LINE = re.compile(r"The room is open\. Others can join at (.*)")
WEECHAT_PLUGIN_DIRS = ("/usr/lib/*/weechat/plugins", "/usr/lib/weechat/plugins")


# --- programs: present, or installed once per session, or skipped with the reason -------------


def _apt_install(package: str) -> str | None:
    """Install `package` with apt-get (root only); None on success, else why not."""
    if os.geteuid() != 0:
        return "not running as root, so apt-get can't be used"
    apt = shutil.which("apt-get")
    if apt is None:
        return "apt-get is not available"
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    install = [apt, "install", "-y", "--no-install-recommends", "-o", "DPkg::Lock::Timeout=60"]
    deadline = time.monotonic() + APT_TIMEOUT_S
    output = ""
    for step in ([*install, package], [apt, "update"], [*install, package]):
        try:
            result = subprocess.run(
                step,
                env=env,
                stdin=subprocess.DEVNULL,
                capture_output=True,
                encoding="utf-8",
                errors="replace",
                timeout=max(1.0, deadline - time.monotonic()),
                check=False,
            )
        except subprocess.TimeoutExpired:
            return f"`{shlex.join(step)}` took longer than {APT_TIMEOUT_S:.0f}s"
        output = (result.stdout + result.stderr).strip()
        if step[1] == "install" and result.returncode == 0:
            return None
    last = output.splitlines()[-3:]
    return f"`apt-get install {package}` failed: " + " | ".join(last)


_INSTALL_PROBLEMS: dict[str, str | None] = {}


def _ensure(package: str, present: Callable[[], bool]) -> str | None:
    """None when `package` is usable (maybe after installing it); else the reason it is not.

    apt-get runs at most once per package per session.
    """
    if present():
        return None
    if package not in _INSTALL_PROBLEMS:
        problem = _apt_install(package)
        if problem is None and not present():
            problem = f"apt-get installed {package}, but it is still not usable"
        _INSTALL_PROBLEMS[package] = problem
    return _INSTALL_PROBLEMS[package]


def _program(name: str) -> Callable[[], bool]:
    return lambda: shutil.which(name) is not None


def _weechat_fifo_plugin() -> bool:
    return any(glob.glob(f"{folder}/fifo.so") for folder in WEECHAT_PLUGIN_DIRS)


def _require(program: str, package: str, present: Callable[[], bool] | None = None) -> None:
    problem = _ensure(package, present or _program(program))
    if problem is not None:
        pytest.skip(f"{program} is not installed and could not be installed: {problem}")


def _wait_until(check: Callable[[], bool], timeout: float = WAIT_S) -> bool:
    deadline = time.monotonic() + timeout
    while True:
        if check():
            return True
        if time.monotonic() >= deadline:
            return False
        time.sleep(POLL_S)


# --- the room: `python -m chatgui serve` as a subprocess --------------------------------------


@dataclass
class Serve:
    proc: subprocess.Popen[bytes]
    port: int
    stderr_path: Path

    def stop(self) -> int:
        """SIGTERM, as a service manager would; the exit status within STOP_S seconds."""
        self.proc.send_signal(signal.SIGTERM)
        try:
            return self.proc.wait(timeout=STOP_S)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=STOP_S)
            pytest.fail(f"chatgui serve did not exit within {STOP_S}s of SIGTERM")

    def stderr(self) -> str:
        return self.stderr_path.read_text(encoding="utf-8", errors="replace")

    def assert_no_errors_logged(self) -> None:
        text = self.stderr()
        bad = [line for line in text.splitlines() if " ERROR " in line or "Traceback" in line]
        assert not bad, "chatgui serve logged errors:\n" + text


def _read_open_line(proc: subprocess.Popen[bytes], timeout: float) -> str:
    """The first stdout line, read without blocking past `timeout`."""
    assert proc.stdout is not None
    fd = proc.stdout.fileno()
    data = b""
    deadline = time.monotonic() + timeout
    while b"\n" not in data:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            break
        ready, _, _ = select.select([fd], [], [], min(remaining, POLL_S))
        if ready:
            chunk = os.read(fd, 4096)
            if not chunk:
                break
            data += chunk
        elif proc.poll() is not None:
            break
    return data.decode("utf-8", errors="replace").partition("\n")[0]


def _port_from(line: str) -> int:
    match = OPEN_LINE.search(line)
    assert match, f"chatgui serve did not announce the room; its first line was {line!r}"
    address = match.group(1).split(",")[0].strip()
    assert address.startswith("127.0.0.1"), f"bound to 127.0.0.1 but announced {address!r}"
    _, colon, port = address.partition(":")
    return int(port) if colon else 6667  # the default port is announced without ":6667"


@pytest.fixture
def serve(tmp_path: Path) -> Iterator[Serve]:
    stderr_path = tmp_path / "serve.stderr"
    command = [sys.executable, "-m", "chatgui", "serve", "--bind", "127.0.0.1", "--port", "0"]
    with stderr_path.open("wb") as stderr:
        proc = subprocess.Popen(
            command, cwd=PROJECT, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=stderr
        )
    try:
        line = _read_open_line(proc, WAIT_S)
        if not OPEN_LINE.search(line):
            detail = stderr_path.read_text(encoding="utf-8", errors="replace")
            pytest.fail(f"chatgui serve did not open the room: {line!r}\nstderr:\n{detail}")
        yield Serve(proc, _port_from(line), stderr_path)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=STOP_S)
        assert proc.stdout is not None
        proc.stdout.close()


@pytest.fixture
def teacher(serve: Serve) -> Iterator[LineClient]:
    """A raw client that founds ROOM (so it is its operator) and sets TOPIC."""
    client = LineClient(serve.port)
    try:
        client.register("teacher")
        client.send(f"JOIN {ROOM}")
        client.expect(rf" 366 teacher {ROOM} ", WAIT_S)
        client.send(f"TOPIC {ROOM} :{TOPIC}")
        client.expect(rf"^:teacher!\S+ TOPIC {ROOM} :{TOPIC}$", WAIT_S)
        yield client
    finally:
        client.close()


def _child_env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("TMUX", "TMUX_PANE")}
    env.update(HOME=str(home), LANG="C.UTF-8", LC_ALL="C.UTF-8", TERM=env.get("TERM") or "xterm")
    return env


# --- irssi in tmux ----------------------------------------------------------------------------

IRSSI_NICK = "irssi_pupil"
IRSSI_CONFIG = f"""\
servers = ( );
chatnets = {{ }};
channels = ( );
settings = {{
  core = {{
    real_name = "Irssi Pupil";
    user_name = "pupil";
    nick = "{IRSSI_NICK}";
    rawlog_lines = "2000";
  }};
  "fe-common/core" = {{ autolog = "no"; }};
  # irssi's own flood guard holds each command after the first few for 2.2 s; the server
  # under test has its own limits, and the tests type a command at a time.
  "irc/core" = {{ cmd_queue_speed = "0"; }};
}};
"""


class Tmux:
    """One tmux server on a private socket, with one session whose pane runs a program."""

    def __init__(self, env: dict[str, str]) -> None:
        # A socket of our own, in a short path (sockets have a ~100-byte limit), removed at the end.
        self.folder = Path(tempfile.mkdtemp(prefix="chatgui-tmux-"))
        self.socket = str(self.folder / "socket")
        self.env = env
        self.target = "pupil"

    def run(self, *args: str) -> str:
        result = subprocess.run(
            ["tmux", "-S", self.socket, "-f", "/dev/null", *args],
            env=self.env,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            encoding="utf-8",
            errors="replace",
            timeout=WAIT_S,
            check=False,
        )
        if result.returncode != 0:
            raise AssertionError(f"tmux {shlex.join(args)} failed: {result.stderr.strip()}")
        return result.stdout

    def start(self, command: list[str]) -> None:
        # The shell keeps the pane (and so the session) alive after the program ends, showing
        # its exit status in the capture instead of losing the screen.
        shell = f'{shlex.join(command)}; echo "[exited with status $?]"; sleep 600'
        self.run("new-session", "-d", "-s", self.target, "-x", "200", "-y", "50", shell)

    def type(self, text: str) -> None:
        self.run("send-keys", "-t", self.target, "-l", text)
        self.run("send-keys", "-t", self.target, "Enter")

    def screen(self) -> str:
        return self.run("capture-pane", "-p", "-J", "-t", self.target)

    def wait_for(self, pattern: str, timeout: float = WAIT_S) -> str:
        regex = re.compile(pattern, re.MULTILINE)
        seen = ""

        def shows() -> bool:
            nonlocal seen
            seen = self.screen()
            return regex.search(seen) is not None

        if not _wait_until(shows, timeout):
            raise AssertionError(f"the screen never showed {pattern!r} in {timeout}s:\n{seen}")
        return seen

    def kill(self) -> None:
        subprocess.run(
            ["tmux", "-S", self.socket, "kill-server"],
            env=self.env,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            timeout=WAIT_S,
            check=False,
        )
        shutil.rmtree(self.folder, ignore_errors=True)


@pytest.fixture
def irssi(tmp_path: Path) -> Iterator[Tmux]:
    """irssi with a config of our own (no networks, no servers), running in a private tmux."""
    _require("tmux", "tmux")
    _require("irssi", "irssi")
    home = tmp_path / "irssi"
    home.mkdir()
    (home / "config").write_text(IRSSI_CONFIG, encoding="utf-8")
    tmux = Tmux(_child_env(home))
    try:
        tmux.start(["irssi", f"--home={home}", "--noconnect", "-n", IRSSI_NICK])
        yield tmux
    finally:
        tmux.kill()


def _save(path: Path, read: Callable[[], str]) -> None:
    try:
        path.write_text(read(), encoding="utf-8")
    except (AssertionError, OSError, subprocess.SubprocessError) as error:
        path.write_text(f"(could not read: {error})\n", encoding="utf-8")


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8", errors="replace") if path.exists() else ""


def _errors_after_welcome(rawlog: str) -> list[str]:
    """Error numerics (400-599) the server sent irssi after 001, from an irssi rawlog."""
    received = [line for line in rawlog.splitlines() if line.startswith(">> ")]
    welcome = next((i for i, line in enumerate(received) if re.search(r" 001 ", line)), None)
    assert welcome is not None, "irssi's rawlog has no 001 welcome:\n" + rawlog
    error = re.compile(r"^>> (?:@\S+ )?:\S+ [45]\d\d ")
    return [line for line in received[welcome:] if error.search(line)]


def test_irssi_chats_with_a_raw_client(
    serve: Serve, teacher: LineClient, irssi: Tmux, tmp_path: Path
) -> None:
    rawlog = tmp_path / "irssi-rawlog.txt"
    try:
        irssi.wait_for(r"Irssi v\d")
        irssi.type(f"/connect 127.0.0.1 {serve.port}")
        irssi.wait_for(r"End of /MOTD command")
        # irssi writes what it has kept of the connection so far, then every line as it goes.
        irssi.type(f"/rawlog open {rawlog}")
        irssi.type(f"/join {ROOM}")
        teacher.expect(rf"^:{IRSSI_NICK}!\S+@127\.0\.0\.1 JOIN :?{ROOM}$", WAIT_S)

        # irssi understood the replies to its JOIN: topic, who set it, and the names list.
        screen = irssi.wait_for(r"Total of 2 nicks \[1 ops, 0 halfops, 0 voices, 1 normal\]")
        assert re.search(rf"Topic for {ROOM}: {TOPIC}", screen), screen
        assert re.search(r"Topic set by teacher", screen), screen
        assert re.search(rf"\[@teacher\s*\].*\[ {IRSSI_NICK}\s*\]", screen), screen

        irssi.type("hello from irssi")
        teacher.expect(rf"^:{IRSSI_NICK}!\S+ PRIVMSG {ROOM} :hello from irssi$", WAIT_S)

        teacher.send(f"PRIVMSG {ROOM} :hello irssi")
        irssi.wait_for(r"<@teacher> hello irssi$")

        # irssi's own queries after a join (MODE, then WHO) get answers it understands.
        irssi.wait_for(rf"Channel {ROOM} created ")
        assert _wait_until(lambda: " 315 " in _read(rawlog)), "no WHO reply:\n" + _read(rawlog)
        errors = _errors_after_welcome(_read(rawlog))
        assert not errors, "the server answered irssi's own commands with errors:\n" + "\n".join(
            errors
        )
        _save(tmp_path / "irssi-screen.txt", irssi.screen)
        irssi.type("/window 1")  # the status window: registration, ISUPPORT, MOTD
        _save(tmp_path / "irssi-status-screen.txt", lambda: irssi.wait_for("End of /MOTD"))

        irssi.type("/quit bye from irssi")
        teacher.expect(rf"^:{IRSSI_NICK}!\S+ QUIT :.*bye from irssi", WAIT_S)
        irssi.wait_for(r"\[exited with status 0\]")
    finally:
        _save(tmp_path / "irssi-final-screen.txt", irssi.screen)

    serve.assert_no_errors_logged()
    assert serve.stop() == 0, serve.stderr()


def test_irssi_joining_late_sees_what_was_said_before(
    serve: Serve, teacher: LineClient, irssi: Tmux, tmp_path: Path
) -> None:
    """The host keeps the room's history: irssi, which does not ask for it, is sent the last
    messages after its JOIN, with their original time, and shows them like any other."""
    rawlog = tmp_path / "irssi-rawlog.txt"
    for text in ("said before irssi came", "and one more"):
        teacher.send(f"PRIVMSG {ROOM} :{text}")
    teacher.send("PING sync")
    teacher.expect("PONG", WAIT_S)
    try:
        irssi.wait_for(r"Irssi v\d")
        irssi.type(f"/connect 127.0.0.1 {serve.port}")
        irssi.wait_for(r"End of /MOTD command")
        irssi.type(f"/rawlog open {rawlog}")
        irssi.type(f"/join {ROOM}")
        screen = irssi.wait_for(r"<@?teacher> \[\d\d:\d\d\] and one more$")
        lines = screen.splitlines()
        joined = next(i for i, line in enumerate(lines) if f"has joined {ROOM}" in line)
        before = next(i for i, line in enumerate(lines) if "said before irssi came" in line)
        assert joined < before, screen  # shown in the room, after the join
        replayed = [line for line in _read(rawlog).splitlines() if "said before" in line]
        assert replayed, "the replay is not in irssi's rawlog:\n" + _read(rawlog)
        # irssi asks for server-time, so the original time travels as a tag; irssi shows the
        # time a line arrived, so it is in the text too.
        assert re.match(r">> @time=\d{4}-\d\d-\d\dT[\d:.]+Z ", replayed[0]), replayed[0]
        assert re.search(rf"PRIVMSG {ROOM} :\[\d\d:\d\d\] said before irssi came$", replayed[0])
    finally:
        _save(tmp_path / "irssi-history-screen.txt", irssi.screen)
    serve.assert_no_errors_logged()
    assert serve.stop() == 0, serve.stderr()


def test_irssi_muted_reaches_nobody_and_shows_why(
    serve: Serve, teacher: LineClient, irssi: Tmux, tmp_path: Path
) -> None:
    """The teacher mutes irssi (MODE +b m:nick): irssi shows the MODE line (and no notice
    repeating it), and what it types then reaches nobody; unmuted, it is heard again. Then
    irssi raises a hand (/hand, an alias for /quote HAND) and writes to the host and helpers
    only (/msg @#class)."""
    try:
        irssi.wait_for(r"Irssi v\d")
        irssi.type(f"/connect 127.0.0.1 {serve.port}")
        irssi.wait_for(r"End of /MOTD command")
        irssi.type(f"/rawlog open {tmp_path / 'irssi-muted-rawlog.txt'}")  # for debugging
        irssi.type(f"/join {ROOM}")
        teacher.expect(rf"^:{IRSSI_NICK}!\S+@127\.0\.0\.1 JOIN :?{ROOM}$", WAIT_S)
        irssi.wait_for(r"Total of 2 nicks")

        teacher.send(f"MODE {ROOM} +b m:{IRSSI_NICK}")
        irssi.wait_for(rf"mode/{ROOM} \[\+b m:{IRSSI_NICK}!\*@\*\] by teacher")
        irssi.type("can anyone hear me")
        irssi.wait_for(rf"You are muted in {ROOM}: only the host or a helper can unmute you")
        _save(tmp_path / "irssi-muted-room-screen.txt", irssi.screen)
        teacher.send(f"MODE {ROOM} -b m:{IRSSI_NICK}")
        irssi.wait_for(rf"mode/{ROOM} \[-b m:{IRSSI_NICK}!\*@\*\] by teacher")
        irssi.type("back again")
        teacher.expect(rf"^:{IRSSI_NICK}!\S+ PRIVMSG {ROOM} :back again$", WAIT_S)
        assert not any("can anyone hear me" in line for line in teacher.seen), teacher.seen

        # Asking for help from irssi: HAND (irssi does not send an unknown /hand to the server,
        # so an alias does: docs/protocol.md) and /msg @#class.
        irssi.type("/alias hand quote HAND $*")
        irssi.type(f"/hand {ROOM}")
        raised = f"{IRSSI_NICK} raised a hand (1st in line)."
        teacher.expect(rf"^(@\S+ )?:chatgui\.local NOTICE {ROOM} :{re.escape(raised)}$", WAIT_S)
        irssi.wait_for(re.escape(raised))
        irssi.type(f"/msg @{ROOM} may I go next?")
        teacher.expect(rf"^:{IRSSI_NICK}!\S+ PRIVMSG @{ROOM} :may I go next\?$", WAIT_S)
    finally:
        _save(tmp_path / "irssi-muted-screen.txt", irssi.screen)
    serve.assert_no_errors_logged()
    assert serve.stop() == 0, serve.stderr()


# --- WeeChat, headless, driven through its FIFO pipe ------------------------------------------

WEECHAT_NICK = "wee_pupil"


@dataclass
class WeeChat:
    proc: subprocess.Popen[bytes]
    home: Path

    @property
    def logs(self) -> Path:
        return self.home / "logs"

    def log(self, name: str) -> str:
        path = self.logs / f"{name}.weechatlog"
        return path.read_text(encoding="utf-8", errors="replace") if path.exists() else ""

    def wait_for_log(self, name: str, pattern: str, timeout: float = WAIT_S) -> str:
        regex = re.compile(pattern, re.MULTILINE)
        if not _wait_until(lambda: regex.search(self.log(name)) is not None, timeout):
            raise AssertionError(
                f"WeeChat's {name} log never showed {pattern!r} in {timeout}s:\n{self.log(name)}"
                f"\ncore log:\n{self.log('core.weechat')}"
            )
        return self.log(name)

    def fifo(self) -> Path:
        """The FIFO pipe WeeChat made in its --dir (named weechat_fifo_<pid>)."""
        found: list[Path] = []

        def created() -> bool:
            found[:] = sorted(self.home.glob("weechat_fifo_*"))
            return bool(found) or self.proc.poll() is not None

        _wait_until(created)
        assert found, (
            f"WeeChat made no FIFO pipe in {self.home}; core log:\n{self.log('core.weechat')}"
        )
        return found[0]

    def command(self, line: str) -> None:
        """Write one line to the FIFO pipe, failing rather than blocking if nobody reads it."""
        path = self.fifo()
        fd = -1

        def opened() -> bool:
            nonlocal fd
            try:
                fd = os.open(path, os.O_WRONLY | os.O_NONBLOCK)
            except OSError as error:
                if error.errno != errno.ENXIO:  # ENXIO: no reader yet
                    raise
                return False
            return True

        assert _wait_until(opened), f"WeeChat is not reading its FIFO pipe {path}"
        try:
            data = (line + "\n").encode("utf-8")
            assert os.write(fd, data) == len(data)
        finally:
            os.close(fd)


@pytest.fixture
def weechat(serve: Serve, teacher: LineClient, tmp_path: Path) -> Iterator[WeeChat]:
    """weechat-headless in a fresh --dir: only the irc, logger and fifo plugins, one server.

    It autojoins ROOM, so it starts only once the teacher is there to see it come in.
    """
    _require("weechat-headless", "weechat-headless")
    _require("WeeChat's fifo plugin", "weechat-plugins", _weechat_fifo_plugin)
    home = tmp_path / "weechat"
    home.mkdir()
    commands = [
        "/set logger.file.flush_delay 0",
        "/fifo enable",
        f"/server add local 127.0.0.1/{serve.port} -notls",
        f"/set irc.server.local.nicks {WEECHAT_NICK}",
        "/set irc.server.local.username wee",
        '/set irc.server.local.realname "Wee Pupil"',
        "/set irc.server.local.autoreconnect off",
        f"/set irc.server.local.autojoin {ROOM}",
        "/connect local",
    ]
    with running_weechat(home, commands, tmp_path / "weechat.out") as weechat:
        yield weechat


@contextlib.contextmanager
def running_weechat(home: Path, commands: list[str], out_path: Path) -> Iterator[WeeChat]:
    """weechat-headless in `home` with only the irc, logger and fifo plugins, running
    `commands` at start; stopped at the end whatever happened."""
    command = ["weechat-headless", "--dir", str(home), "--no-connect", "--no-script"]
    command += ["--plugins", "irc,logger,fifo", "--run-command", ";".join(commands)]
    with out_path.open("wb") as out:
        proc = subprocess.Popen(
            command,
            cwd=home,
            env=_child_env(home),
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        yield WeeChat(proc, home)
    finally:
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=STOP_S)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=STOP_S)


def test_weechat_chats_with_a_raw_client(
    serve: Serve, teacher: LineClient, weechat: WeeChat
) -> None:
    channel = f"irc.local.{ROOM}"
    teacher.expect(rf"^:{WEECHAT_NICK}!~?wee@127\.0\.0\.1 JOIN :?{ROOM}$", WAIT_S)

    # WeeChat understood the replies to its JOIN: topic, who set it, and the names list.
    log = weechat.wait_for_log(channel, rf"Channel {ROOM}: 2 nicks \(1 op, 0 voices, 1 normal\)")
    assert re.search(rf'Topic for {ROOM} is "{TOPIC}"', log), log
    assert re.search(r"Topic set by teacher", log), log

    weechat.command(f"{channel} *hello from weechat")
    teacher.expect(rf"^:{WEECHAT_NICK}!\S+ PRIVMSG {ROOM} :hello from weechat$", WAIT_S)

    teacher.send(f"PRIVMSG {ROOM} :hello weechat")
    weechat.wait_for_log(channel, r"\t@?teacher\thello weechat$")

    # WeeChat's own query after a join (MODE) got an answer it understood, and no reply
    # made it show an error: "=!=" is how it marks one.
    weechat.wait_for_log(channel, r"Channel created on ")
    for name in ("irc.server.local", channel):
        errors = [line for line in weechat.log(name).splitlines() if "\t=!=\t" in line]
        assert not errors, f"WeeChat showed errors in {name}:\n" + "\n".join(errors)

    weechat.command("irc.server.local */quit bye from weechat")
    teacher.expect(rf"^:{WEECHAT_NICK}!\S+ QUIT :.*bye from weechat", WAIT_S)
    try:
        assert weechat.proc.wait(timeout=WAIT_S) == 0
    except subprocess.TimeoutExpired:
        pytest.fail(f"WeeChat did not exit within {WAIT_S}s of /quit")

    serve.assert_no_errors_logged()
    assert serve.stop() == 0, serve.stderr()
