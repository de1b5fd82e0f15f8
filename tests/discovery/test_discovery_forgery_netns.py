"""Forged answers and goodbyes from a second network namespace change nothing on a Join page.

A real `chatgui serve` with TLS hosts a room in one namespace, with a Join page (a RoomFinder,
netns_forger.py) beside it; a student's PC in the other namespace, across the veth pair,
broadcasts answers carrying the room's own id and record (so they point at the student's PC),
and goodbyes for it. The room stays where it is and stays listed; a twin with another key marks
it disputed; when the host really closes, it goes within seconds. Every packet stays inside the
two namespaces (tests/netns_lab.py makes them, and deletes them even on failure).

Needs root and `ip netns` (CI runs as root); skipped otherwise, saying why.
"""

from __future__ import annotations

import json
import os
import queue
import secrets
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.discovery import test_discovery_netns as netns
from tests.discovery.test_discovery_netns import PROJECT, Process
from tests.netns_lab import Lab, two_pcs

processes = netns.processes

FORGER = Path(__file__).resolve().parent / "netns_forger.py"
DROPPED_WITHIN_S = 5.0

pytestmark = pytest.mark.slow


@pytest.fixture
def lab() -> Iterator[Lab]:
    with two_pcs("10.79.0", "cgf") as made:
        yield made


def heard_within(process: Process, seconds: float) -> list[dict[str, object]]:
    """Every line the finder printed within `seconds`."""
    heard: list[dict[str, object]] = []
    deadline = time.monotonic() + seconds
    while (left := deadline - time.monotonic()) > 0:
        try:
            heard.append(json.loads(process.lines.get(timeout=left)))
        except queue.Empty:
            break
    return heard


def forge(lab: Lab, kind: str, found: dict[str, object]) -> None:
    broadcast = lab.student_address.rsplit(".", 1)[0] + ".255"
    command = ["ip", "netns", "exec", lab.student_ns, sys.executable, str(FORGER), "forge"]
    env = {**os.environ, "PYTHONPATH": str(PROJECT)}
    result = subprocess.run(
        [*command, broadcast, kind, json.dumps(found)],
        cwd=PROJECT, env=env, capture_output=True, encoding="utf-8", timeout=30, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr


def test_forged_answers_and_goodbyes_from_another_pc_change_nothing_in_the_list(
    lab: Lab, processes: list[Process], tmp_path: Path
) -> None:
    room = f"Forgery lab {secrets.token_hex(3)}"
    env = {
        **os.environ,
        "PYTHONPATH": str(PROJECT),
        "CHATGUI_DISCOVERY_INTERFACES": lab.host_address,
        "CHATGUI_HOME": str(tmp_path / "host"),
    }
    serve = [
        sys.executable, "-m", "chatgui", "serve", "--bind", lab.host_address, "--tls-port", "0",
        "--room", room, "--name", "PC1", "--announce-interface", lab.host_address,
    ]  # fmt: skip
    host = Process(lab.host_ns, serve, env, tmp_path / "host.log")
    processes.append(host)
    host.expect("is listed on Join pages")
    finder = [sys.executable, str(FORGER), "find", room]
    join_page = Process(lab.host_ns, finder, env, tmp_path / "finder.log")
    processes.append(join_page)
    listed = json.loads(join_page.expect('"found"'))
    assert listed["addresses"] == [lab.host_address]
    assert isinstance(listed["fingerprint"], str)
    settled = heard_within(join_page, 2.0)  # the other way of finding it, if not yet
    listed = settled[-1] if settled else listed
    assert listed["via"] == ["mdns", "broadcast"]

    forge(lab, "same", listed)
    changes = heard_within(join_page, 3.0)
    assert changes == [], f"forged answers and goodbyes changed the list: {changes}"

    forge(lab, "twin", listed)
    [disputed] = heard_within(join_page, 2.0)
    assert disputed == {**listed, "disputed": True}  # still the teacher's, at the teacher's

    closed = time.monotonic()
    assert host.stop() == 0
    gone = json.loads(join_page.expect('"lost"', timeout=DROPPED_WITHIN_S))
    assert gone == {"kind": "lost", "key": listed["key"]}
    assert time.monotonic() - closed < DROPPED_WITHIN_S
