"""What a student with a packet sniffer reads of a class: nothing over TLS, everything in plain.

Two lab PCs are two network namespaces joined by a veth pair, with private 10.78.0.x addresses
that exist only inside them. `chatgui serve` hosts a room with a room password in one; in the
other, tcpdump captures the veth while a class of three (tests/net/netns_class.py, real
ChatClients) joins with the password, says a line each, and writes privately. Over TLS, with
the room's key checked, the capture holds none of what was typed, nor a word of IRC; the same
class over the plain port (in a room with no password: chatgui sends passwords over TLS only)
yields a capture that holds the lines, so the check can fail.

Needs root, `ip netns` and tcpdump (CI runs as root; scripts/install-and-test installs
tcpdump); skipped otherwise, saying why. The namespaces go, with their veth pair, even when
the test fails.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from chatgui.net.tls_identity import room_identity
from tests.netns_lab import Lab, two_pcs

PROJECT = Path(__file__).resolve().parents[2]
CLASS = Path(__file__).resolve().parent / "netns_class.py"
PLAIN_PORT, TLS_PORT = 6667, 6697
CLASS_TIMEOUT_S = 30.0
STEP_TIMEOUT_S = 20.0
ROOM = "#lab"

pytestmark = pytest.mark.slow


@pytest.fixture
def lab() -> Iterator[Lab]:
    with two_pcs("10.78.0", "cgc", "tcpdump") as made:
        yield made


class Background:
    """A command in a namespace, its output (stdout and stderr) read line by line."""

    def __init__(self, ns: str, argv: list[str], env: dict[str, str]) -> None:
        self.popen = subprocess.Popen(
            ["ip", "netns", "exec", ns, *argv],
            cwd=PROJECT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            encoding="utf-8",
            errors="replace",
        )
        self.output: list[str] = []
        self._new_line = threading.Condition()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.popen.stdout is not None
        for line in self.popen.stdout:
            with self._new_line:
                self.output.append(line)
                self._new_line.notify_all()

    def expect(self, text: str) -> None:
        with self._new_line:
            found = self._new_line.wait_for(
                lambda: any(text in line for line in self.output), STEP_TIMEOUT_S
            )
        assert found, f"no line with {text!r} within {STEP_TIMEOUT_S} s:\n{''.join(self.output)}"

    def stop(self) -> None:
        """SIGTERM (tcpdump then writes out what it holds), SIGKILL if it lingers."""
        if self.popen.poll() is None:
            self.popen.terminate()
        try:
            self.popen.wait(10)
        except subprocess.TimeoutExpired:
            self.popen.kill()
            self.popen.wait(5)
        self._reader.join(5)
        assert self.popen.stdout is not None
        self.popen.stdout.close()


@pytest.fixture
def background() -> Iterator[list[Background]]:
    started: list[Background] = []
    yield started
    for process in reversed(started):
        process.stop()


@dataclass(frozen=True)
class Typed:
    """What the class types: distinctive, so that a capture either holds it or does not."""

    key: str
    lines: dict[str, str]
    private: str

    @classmethod
    def fresh(cls) -> Typed:
        tag = secrets.token_hex(4)
        return cls(
            key=f"OpenSesame{tag}",
            lines={
                "Ana": f"the mitochondria is the powerhouse {tag}",
                "Ben": f"photosynthesis needs sunlight {tag}",
                "Cleo": f"my answer to question three is 42 {tag}",
            },
            private=f"Ben can you lend me your notes {tag}",
        )

    def everything(self) -> list[str]:
        return [self.key, *self.lines.values(), self.private]


@dataclass(frozen=True)
class Capture:
    data: bytes = field(repr=False)
    packets: int
    payload_bytes: int  # TCP payload to or from the port the class used


def capture_a_class(
    lab: Lab, background: list[Background], home: Path, typed: Typed, tls: bool
) -> Capture:
    """Start the room and tcpdump, run the class to the end, stop both; what was captured."""
    fingerprint = room_identity(home / "data").fingerprint  # serve reads this same key
    env = {**os.environ, "PYTHONPATH": str(PROJECT), "CHATGUI_HOME": str(home)}
    serve = [
        sys.executable, "-m", "chatgui", "serve", "--bind", lab.host_address,
        "--port", str(PLAIN_PORT), "--tls-port", str(TLS_PORT), "--room", ROOM,
        "--no-announce", "--no-history",
    ]  # fmt: skip
    if tls:  # chatgui sends a password only over TLS (or to its own computer)
        serve += ["--room-key", typed.key]
    room = Background(lab.host_ns, serve, env)
    background.append(room)
    room.expect("Others can join with TLS")
    pcap = home / "capture.pcap"
    sniffer = Background(
        lab.student_ns,
        ["tcpdump", "-i", lab.student_link, "-n", "--immediate-mode", "-U", "-w", str(pcap)],
        env,
    )
    background.append(sniffer)
    sniffer.expect("listening on")
    port = TLS_PORT if tls else PLAIN_PORT
    plan = {
        "host": lab.host_address,
        "port": port,
        "tls": tls,
        "fingerprint": fingerprint if tls else None,
        "room": ROOM,
        "key": typed.key if tls else "",
        "lines": typed.lines,
        "private": typed.private,
        "timeout_s": CLASS_TIMEOUT_S,
    }
    result = subprocess.run(
        ["ip", "netns", "exec", lab.student_ns, sys.executable, str(CLASS), json.dumps(plan)],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        encoding="utf-8",
        errors="replace",
        timeout=CLASS_TIMEOUT_S + 15,
        check=False,
    )
    assert result.returncode == 0, f"the class did not finish:\n{result.stdout}{result.stderr}"
    assert json.loads(result.stdout.splitlines()[-1])["joined"] == list(typed.lines)
    sniffer.stop()
    return Capture(pcap.read_bytes(), *_tcp_to_port(pcap, port))


def _tcp_to_port(pcap: Path, port: int) -> tuple[int, int]:
    """(packets, TCP payload bytes) to or from `port`, as tcpdump itself reads the file."""
    listing = subprocess.run(
        ["tcpdump", "-n", "-r", str(pcap), "tcp", "port", str(port)],
        capture_output=True,
        encoding="utf-8",
        timeout=20,
        check=True,
    ).stdout.splitlines()
    lengths = [re.search(r"length (\d+)$", line) for line in listing]
    return len(listing), sum(int(m.group(1)) for m in lengths if m)


def test_a_tls_class_gives_a_sniffer_nothing_it_typed(
    lab: Lab, background: list[Background], tmp_path: Path
) -> None:
    typed = Typed.fresh()
    capture = capture_a_class(lab, background, tmp_path, typed, tls=True)
    # The class's whole conversation went by: three joins, three lines, a private one.
    assert capture.packets > 20, capture
    assert capture.payload_bytes > 3000, capture
    for text in typed.everything():
        assert text.encode() not in capture.data, f"{text!r} can be read off the network"
    for word in (b"PRIVMSG", b"JOIN", b"NICK"):
        assert word not in capture.data, f"the IRC word {word!r} can be read off the network"


def test_the_same_class_in_plain_is_read_by_any_sniffer(
    lab: Lab, background: list[Background], tmp_path: Path
) -> None:
    """The other side of the TLS test: the same capture of a plain class holds every line, so
    the TLS test's "none of it" is a finding, not a capture that missed the conversation."""
    typed = Typed.fresh()
    capture = capture_a_class(lab, background, tmp_path, typed, tls=False)
    for text in [*typed.lines.values(), typed.private]:
        assert text.encode() in capture.data, f"{text!r} is missing from the plain capture"
    assert b"PRIVMSG" in capture.data
