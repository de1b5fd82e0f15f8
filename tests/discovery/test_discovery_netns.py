"""Two lab PCs as two network namespaces joined by a veth pair (docs/feasibility.md §4.1).

`chatgui serve` hosts a room in one; a real chatgui window in the other lists it on its Join page,
joins it with Enter, and drops it when the host closes it. Then the same with multicast blocked
(the PCs can't join multicast groups: net.ipv4.igmp_max_memberships=0 in each namespace), so
only the broadcast query finds the room. Every packet stays inside the two namespaces: they have
no route anywhere else, and discovery is limited to their veth addresses.

Needs root and `ip netns` (CI runs as root); skipped otherwise, saying why.
"""

from __future__ import annotations

import json
import os
import queue
import secrets
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.netns_lab import Lab, two_pcs

PROJECT = Path(__file__).resolve().parents[2]
HELPER = Path(__file__).resolve().parent / "netns_join_page.py"
STEP_TIMEOUT_S = 20.0
LISTED_WITHIN_S = 2.0
DROPPED_WITHIN_S = 5.0

pytestmark = pytest.mark.slow


@pytest.fixture
def lab() -> Iterator[Lab]:
    with two_pcs("10.77.0", "cg") as made:
        yield made


def block_multicast(lab: Lab) -> None:
    """Neither PC can join a multicast group, as on a network that filters multicast."""
    for ns in (lab.host_ns, lab.student_ns):
        subprocess.run(
            ["ip", "netns", "exec", ns, "sysctl", "-qw", "net.ipv4.igmp_max_memberships=0"],
            check=True,
            timeout=10,
        )


class Process:
    """A command in a namespace; its stdout lines arrive on a queue (read by a thread)."""

    def __init__(self, ns: str, argv: list[str], env: dict[str, str], log: Path) -> None:
        self.log = log
        with log.open("wb") as stderr:
            self.popen = subprocess.Popen(
                ["ip", "netns", "exec", ns, *argv],
                cwd=PROJECT,
                env=env,
                stdout=subprocess.PIPE,
                stderr=stderr,
                encoding="utf-8",
                errors="replace",
            )
        self.lines: queue.Queue[str] = queue.Queue()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.popen.stdout is not None
        for line in self.popen.stdout:
            self.lines.put(line)

    def expect(self, text: str, timeout: float = STEP_TIMEOUT_S) -> str:
        deadline = time.monotonic() + timeout
        while (left := deadline - time.monotonic()) > 0:
            try:
                line = self.lines.get(timeout=left)
            except queue.Empty:
                break
            if text in line:
                return line
        detail = self.log.read_text(encoding="utf-8", errors="replace")[-3000:]
        raise AssertionError(f"no line with {text!r} within {timeout} s; stderr:\n{detail}")

    def stop(self) -> int:
        if self.popen.poll() is None:
            self.popen.send_signal(signal.SIGTERM)
        try:
            code = self.popen.wait(10)
        except subprocess.TimeoutExpired:
            self.popen.kill()
            code = self.popen.wait(5)
        self._reader.join(5)  # it ends at the pipe's end of file
        assert self.popen.stdout is not None
        self.popen.stdout.close()
        return code


@pytest.fixture
def processes() -> Iterator[list[Process]]:
    started: list[Process] = []
    yield started
    for process in started:
        process.stop()


def run_lab(lab: Lab, processes: list[Process], tmp_path: Path, display: str) -> dict[str, object]:
    """Host in one namespace, student window in the other; the steps the window reported."""
    room = f"#lab-{secrets.token_hex(3)}"
    base = {**os.environ, "DISPLAY": display, "PYTHONPATH": str(PROJECT)}
    host_env = {**base, "CHATGUI_DISCOVERY_INTERFACES": lab.host_address}
    serve = [
        sys.executable, "-m", "chatgui", "serve", "--bind", lab.host_address,
        "--room", room, "--name", "PC1", "--announce-interface", lab.host_address,
    ]  # fmt: skip
    host = Process(lab.host_ns, serve, host_env, tmp_path / "host.log")
    processes.append(host)
    host.expect("is listed on Join pages")  # the host is up and announced
    student_env = {
        **base,
        "CHATGUI_DISCOVERY_INTERFACES": lab.student_address,
        "CHATGUI_HOME": str(tmp_path / "student"),
    }
    helper = [sys.executable, str(HELPER), room, str(STEP_TIMEOUT_S)]
    student = Process(lab.student_ns, helper, student_env, tmp_path / "student.log")
    processes.append(student)
    listed = json.loads(student.expect('"listed"'))
    sources = json.loads(student.expect('"sources"'))["via"]
    joined = json.loads(student.expect('"joined"'))
    student.expect('"relisted"')
    closed = time.monotonic()
    assert host.stop() == 0
    json.loads(student.expect('"dropped"'))
    dropped_after = time.monotonic() - closed
    assert student.popen.wait(10) == 0
    return {
        "room": room,
        "listed": listed,
        "sources": sources,
        "joined": joined,
        "dropped_after": dropped_after,
    }


def test_a_room_hosted_on_one_pc_is_listed_joined_and_dropped_on_another(
    lab: Lab, processes: list[Process], tmp_path: Path, display: str
) -> None:
    seen = run_lab(lab, processes, tmp_path, display)
    listed = seen["listed"]
    assert isinstance(listed, dict)
    assert listed["after"] < LISTED_WITHIN_S
    assert listed["address"] == lab.host_address
    assert seen["sources"] == ["mdns", "broadcast"]  # both ways work between the two PCs
    assert seen["joined"] == {
        "step": "joined",
        "channel": seen["room"],
        "address": lab.host_address,
    }
    assert isinstance(seen["dropped_after"], float)
    assert seen["dropped_after"] < DROPPED_WITHIN_S


def test_with_multicast_blocked_the_broadcast_query_still_finds_the_room(
    lab: Lab, processes: list[Process], tmp_path: Path, display: str
) -> None:
    block_multicast(lab)
    seen = run_lab(lab, processes, tmp_path, display)
    listed = seen["listed"]
    assert isinstance(listed, dict)
    assert listed["via"] == ["broadcast"]
    assert seen["sources"] == ["broadcast"]  # and mDNS found nothing in the meantime
    assert listed["after"] < LISTED_WITHIN_S
    assert seen["joined"] == {
        "step": "joined",
        "channel": seen["room"],
        "address": lab.host_address,
    }
    assert isinstance(seen["dropped_after"], float)
    assert seen["dropped_after"] < DROPPED_WITHIN_S
