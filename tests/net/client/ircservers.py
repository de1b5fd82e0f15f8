"""Real IRC servers as child processes for the client tests, and the client's events as a log.

IrcServer runs `chatgui serve`, ngIRCd or InspIRCd on a free port of 127.0.0.1 with a config it
generates in a temporary folder; it can stop, kill and start the program again on the same port.
Every wait here is bounded; a server that does not come up fails with the tail of its log.
"""

from __future__ import annotations

import os
import queue
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from chatgui.events import ChatEvent

HOST = "127.0.0.1"
PROJECT = Path(__file__).resolve().parents[3]
KINDS = ("chatgui", "ngircd", "inspircd")
START_TIMEOUT_S = 10.0
STOP_TIMEOUT_S = 5.0
SERVER_NAME = "irc.test"

NGIRCD = "/usr/sbin/ngircd"
INSPIRCD = "/usr/sbin/inspircd"

E = TypeVar("E")


def free_port() -> int:
    """A port on 127.0.0.1 that nobody listened on a moment ago."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        port: int = sock.getsockname()[1]
        return port


LINK_PASSWORD = "link-secret"


@dataclass(frozen=True)
class Link:
    """One server's half of a server-to-server link, both ends on HOST."""

    peer_name: str
    peer_port: int
    """Where the peer takes server links: its client port (ngIRCd) or its servers port."""
    link_port: int
    """Where this server takes server links (InspIRCd; ngIRCd takes them on its client port)."""
    dials: bool
    """This side connects; the other only accepts."""


def _ngircd_config(server: IrcServer) -> str:
    lines = [
        "[Global]",
        f"Name = {server.name}",
        "Info = chatgui test server",
        f"Listen = {HOST}",
        f"Ports = {server.port}",
        "MotdPhrase = ngIRCd for the chatgui tests",
        "[Limits]",
        "MaxConnectionsIP = 0",
        "MaxNickLength = 30",
        "[Options]",
        "PAM = no",
        "Ident = no",
        "DNS = no",
    ]
    if server.password:
        lines.insert(lines.index("[Limits]"), f"Password = {server.password}")
    if server.link is not None:
        lines += ["[Server]", f"Name = {server.link.peer_name}", f"Host = {HOST}"]
        lines += [f"MyPassword = {LINK_PASSWORD}", f"PeerPassword = {LINK_PASSWORD}"]
        if server.link.dials:
            lines.append(f"Port = {server.link.peer_port}")
    return "\n".join(lines) + "\n"


def _inspircd_config(server: IrcServer) -> str:
    # fakelag off and a high commandrate: the tests send bursts (an outbox after a reconnect)
    # that InspIRCd would otherwise slow to one line a second. No DNS or ident lookups.
    secret = f' password="{server.password}"' if server.password else ""
    folder = server.folder
    link = ""
    if server.link is not None:
        peer = server.link.peer_name
        link = f"""\
<bind address="{HOST}" port="{server.link.link_port}" type="servers">
<module name="spanningtree">
<link name="{peer}" ipaddr="{HOST}" port="{server.link.peer_port}" allowmask="127.0.0.0/8"
      sendpass="{LINK_PASSWORD}" recvpass="{LINK_PASSWORD}">
"""
        if server.link.dials:
            link += f'<autoconnect period="5s" server="{peer}">\n'
    return f"""\
<server name="{server.name}" description="chatgui test server" network="TestNet">
<admin name="Test" nick="test" email="test@{server.name}">
<bind address="{HOST}" port="{server.port}" type="clients">
<connect name="main" allow="*"{secret} timeout="20" pingfreq="120"
         localmax="1000" globalmax="1000" maxconnwarn="off" resolvehostnames="no"
         useident="no" fakelag="no" commandrate="100000" threshold="1000"
         recvq="65536" softsendq="65536" hardsendq="1048576">
<files motd="{folder}/motd.txt">
<pid file="{folder}/inspircd.pid">
<log method="file" type="* -USERINPUT -USEROUTPUT" level="default" target="{folder}/ircd.log">
<dns timeout="1">
<module name="cap">
<module name="ircv3">
<module name="ircv3_batch">
<module name="ircv3_capnotify">
<module name="ircv3_echomessage">
<module name="ircv3_msgid">
<module name="ircv3_servertime">
<module name="namesx">
{link}"""


def _thread_state(task: Path) -> str:
    """A thread's state letter from /proc/PID/task/TID/stat ("T": stopped by a signal)."""
    try:
        stat = (task / "stat").read_text(encoding="ascii", errors="replace")
    except OSError:
        return "X"  # gone
    return stat.rsplit(")", 1)[1].split()[0]


class IrcServer:
    """One server program on HOST:port, run as a child process we can stop and start again."""

    def __init__(
        self,
        kind: str,
        folder: Path,
        password: str | None = None,
        *,
        name: str = SERVER_NAME,
        port: int | None = None,
        link: Link | None = None,
    ) -> None:
        self.kind = kind
        self.host = HOST
        self.port = port or free_port()
        self.password = password
        self.name = name
        self.link = link
        self.folder = folder
        self.log_path = folder / "server.log"
        self.process: subprocess.Popen[bytes] | None = None
        self.frozen = False
        self.starts = 0
        self._command = self._prepare()

    def _prepare(self) -> list[str]:
        """Write the config (once: a restart reuses it, port included) and return the command."""
        if self.kind == "chatgui":
            command = [sys.executable, "-m", "chatgui", "serve", "--bind", HOST]
            command += ["--port", str(self.port), "--name", self.name]
            # The room's history in the test's folder, kept across restarts like a host's file.
            # No replay to raw peers on joining: they read every line, and the replay has tests
            # of its own (tests/net/server); chatgui clients ask with CHATHISTORY instead.
            command += ["--history", str(self.folder / "history.sqlite3"), "--replay", "0"]
            return command + (["--password", self.password] if self.password else [])
        if self.kind == "ngircd":
            config = self.folder / "ngircd.conf"
            config.write_text(_ngircd_config(self), encoding="utf-8")
            return [NGIRCD, "--nodaemon", "--config", str(config)]
        if self.kind == "inspircd":
            (self.folder / "motd.txt").write_text("InspIRCd for the chatgui tests\n", "utf-8")
            config = self.folder / "inspircd.conf"
            config.write_text(_inspircd_config(self), encoding="utf-8")
            command = [INSPIRCD, "--nofork", "--config", str(config)]
            # InspIRCd refuses to run as root unless told; as an unprivileged user it needs none.
            return command + (["--runasroot"] if os.geteuid() == 0 else [])
        raise ValueError(f"unknown server kind {self.kind!r}")

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def start(self) -> None:
        """Start the program and wait until it accepts connections on our port."""
        assert not self.running, "already running"
        self.starts += 1
        with self.log_path.open("ab") as log:
            log.write(f"\n--- start {self.starts}: {' '.join(self._command)}\n".encode())
            log.flush()
            self.process = subprocess.Popen(
                self._command,
                cwd=PROJECT if self.kind == "chatgui" else self.folder,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                env={**os.environ, "PYTHONUNBUFFERED": "1"},
            )
        self.wait_accepting(self.port)

    def wait_accepting(self, port: int) -> None:
        """Wait until the program accepts connections on `port` (killed if it never does)."""
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            if not self.running:
                raise AssertionError(f"{self.kind} exited at start:\n{self.log_tail()}")
            try:
                with socket.create_connection((HOST, port), timeout=0.5):
                    return
            except OSError:
                time.sleep(0.02)
        self.kill()
        raise AssertionError(
            f"{self.kind} did not listen on {port} within {START_TIMEOUT_S} s:\n{self.log_tail()}"
        )

    def stop(self) -> None:
        """SIGTERM, as an administrator (or Ctrl-C for `chatgui serve`) stops it; then wait."""
        if self.process is None:
            return
        if self.running:
            self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=STOP_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=STOP_TIMEOUT_S)
        self.process = None

    def kill(self) -> None:
        """SIGKILL: the process vanishes without a word, as in a crash or a power cut."""
        if self.process is None:
            return
        if self.running:
            self.process.kill()
        self.process.wait(timeout=STOP_TIMEOUT_S)
        self.process = None
        self.frozen = False

    def freeze(self) -> None:
        """SIGSTOP: the server hangs; what is sent to it waits, unread, in its socket buffers."""
        assert self.process is not None
        assert self.running
        self.process.send_signal(signal.SIGSTOP)
        self.frozen = True
        # The signal is delivered asynchronously: wait until every thread has really stopped,
        # or a line sent "after" the freeze could still be handled.
        tasks = Path(f"/proc/{self.process.pid}/task")
        deadline = time.monotonic() + STOP_TIMEOUT_S
        while not all(_thread_state(task) in ("T", "t") for task in tasks.iterdir()):
            assert time.monotonic() < deadline, f"{self.kind} did not stop on SIGSTOP"
            time.sleep(0.005)

    def restart(self, while_down: Callable[[], None] | None = None) -> None:
        """Stop the server, call `while_down` if given, and start it again on the same port.

        ngIRCd and InspIRCd get SIGTERM, as an administrator restarts them. `chatgui serve` is
        killed instead: its SIGTERM closes the room on purpose, which the client must not
        reconnect after (test_room_closed_on_purpose), so the restart it survives is a crash.
        A frozen server is killed too: it would not handle SIGTERM.
        """
        if self.kind == "chatgui" or self.frozen:
            self.kill()
        else:
            self.stop()
        if while_down is not None:
            while_down()
        self.start()

    def log_tail(self, lines: int = 40) -> str:
        try:
            text = self.log_path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return "(no log)"
        return "\n".join(text.splitlines()[-lines:])

    def __repr__(self) -> str:
        return f"<{self.kind} on {self.host}:{self.port}>"


StartServer = Callable[..., IrcServer]


def missing_program(kind: str) -> str | None:
    program = {"ngircd": NGIRCD, "inspircd": INSPIRCD}.get(kind)
    if program is not None and not (Path(program).exists() or shutil.which(kind)):
        return f"{program} is not installed: apt-get install {kind} (scripts/install-and-test)"
    return None


class Events:
    """The client's event queue, read like a transcript; every wait is bounded.

    wait_for() takes the oldest matching event not yet taken, so waiting for one kind of event
    never skips past another kind that a later wait_for() asks for.
    """

    def __init__(self) -> None:
        self.queue: queue.Queue[ChatEvent] = queue.Queue()
        self.seen: list[ChatEvent] = []
        self._taken: set[int] = set()
        self._floor = 0

    def _next(self, deadline: float) -> ChatEvent | None:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            return None
        try:
            event = self.queue.get(timeout=remaining)
        except queue.Empty:
            return None
        self.seen.append(event)
        return event

    def _take(
        self, kind: type[E], fields: dict[str, Any], where: Callable[[E], bool], start: int
    ) -> E | None:
        for index in range(start, len(self.seen)):
            event = self.seen[index]
            if index in self._taken or not isinstance(event, kind):
                continue
            if all(getattr(event, k) == v for k, v in fields.items()) and where(event):
                self._taken.add(index)
                return event
        return None

    def wait_for(
        self,
        kind: type[E],
        timeout: float = 5.0,
        where: Callable[[E], bool] = lambda event: True,
        **fields: Any,
    ) -> E:
        """The oldest event of type `kind`, not yet taken, with attributes equal to `fields`
        (and for which `where` is true)."""
        found = self._take(kind, fields, where, self._floor)
        deadline = time.monotonic() + timeout
        while found is None and self._next(deadline) is not None:
            found = self._take(kind, fields, where, len(self.seen) - 1)
        if found is None:
            recent = "\n  ".join(repr(e) for e in self.seen[self._floor :][-30:])
            raise AssertionError(
                f"no {kind.__name__} with {fields} within {timeout} s; saw:\n  {recent}"
            )
        return found

    def expect_none(self, kind: type[Any], within: float) -> None:
        """Fail if an event of type `kind` arrives within `within` seconds from now."""
        deadline = time.monotonic() + within
        while (event := self._next(deadline)) is not None:
            if isinstance(event, kind):
                raise AssertionError(f"unexpected {event!r}")

    def drain(self, within: float = 0.0) -> None:
        """Read whatever arrives within `within` seconds; later waits look only past it."""
        deadline = time.monotonic() + within
        while True:
            try:
                event = self.queue.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                break
            self.seen.append(event)
        self._floor = len(self.seen)

    def all(self, kind: type[E]) -> list[E]:
        """Every event of type `kind` seen so far, taken or not."""
        return [event for event in self.seen if isinstance(event, kind)]
