"""Two lab PCs for a test: two network namespaces joined by a veth pair, on one /24.

The namespaces (and with them the veth pair) are deleted when the test ends, even when it
fails. Each test module passes a subnet and a name prefix of its own, so labs never share an
address or a name; the pid in every name keeps runs on one machine apart. Needs root and
`ip netns`; without them the test is skipped, saying why.
"""

from __future__ import annotations

import os
import secrets
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import pytest


def ip(*args: str) -> subprocess.CompletedProcess[str]:
    """The `ip` command (iproute2), its output kept for the message when it fails."""
    return subprocess.run(
        ["ip", *args], capture_output=True, encoding="utf-8", timeout=10, check=False
    )


@dataclass(frozen=True)
class Lab:
    """The host's PC and a student's, each a namespace with one end of the veth pair."""

    host_ns: str
    student_ns: str
    host_address: str
    student_address: str

    @property
    def host_link(self) -> str:
        return f"{self.host_ns}v"

    @property
    def student_link(self) -> str:
        return f"{self.student_ns}v"


def why_no_lab(*tools: str) -> str | None:
    """Why a lab (plus the named tools) can't be had here, or None when it can."""
    if os.geteuid() != 0:
        return "network namespaces need root (CI runs as root)"
    if shutil.which("ip") is None:
        return "the ip command (iproute2) is not installed"
    for tool in tools:
        if shutil.which(tool) is None:
            return f"{tool} is not installed (apt-get install {tool})"
    return None


@contextmanager
def two_pcs(subnet: str, prefix: str, *tools: str) -> Iterator[Lab]:
    """A lab with the host at `subnet`.1 and the student at `subnet`.2 ("10.77.0" gives
    10.77.0.1 and 10.77.0.2), namespaces named `prefix`h… and `prefix`s…; skips the test
    when there can be no lab (or no `tools`) here."""
    reason = why_no_lab(*tools)
    if reason:
        pytest.skip(reason)
    tag = f"{os.getpid() % 10000}{secrets.token_hex(1)}"  # unique: other runs may do the same
    lab = Lab(f"{prefix}h{tag}", f"{prefix}s{tag}", f"{subnet}.1", f"{subnet}.2")
    made: list[str] = []
    try:
        for ns in (lab.host_ns, lab.student_ns):
            result = ip("netns", "add", ns)
            if result.returncode != 0:
                pytest.skip(f"ip netns add failed here: {result.stderr.strip()}")
            made.append(ns)
        commands = [
            ("link", "add", lab.host_link, "type", "veth", "peer", "name", lab.student_link),
            ("link", "set", lab.host_link, "netns", lab.host_ns),
            ("link", "set", lab.student_link, "netns", lab.student_ns),
        ]
        for ns, link, address in (
            (lab.host_ns, lab.host_link, lab.host_address),
            (lab.student_ns, lab.student_link, lab.student_address),
        ):
            commands += [
                ("-n", ns, "addr", "add", f"{address}/24", "brd", "+", "dev", link),
                ("-n", ns, "link", "set", "lo", "up"),
                ("-n", ns, "link", "set", link, "up"),
            ]
        for command in commands:
            result = ip(*command)
            assert result.returncode == 0, f"ip {' '.join(command)}: {result.stderr}"
        yield lab
    finally:
        for ns in made:
            ip("netns", "del", ns)
