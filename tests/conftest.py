"""Shared fixtures: a virtual X display for the Tk tests, and a fresh Tk root per test.

When DISPLAY is unset, the `display` fixture starts Xvfb itself (once per session, on a free
display number) and stops it at the end; a missing Xvfb fails the Tk tests loudly, never skips.
"""

from __future__ import annotations

import os
import select
import shutil
import subprocess
import time
import tkinter
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

# Tests never time: an example that is slow because the machine is busy (other workers, other
# programs) is no failure. A test's own @settings keeps these unless it names them.
settings.register_profile("chatgui", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("chatgui")

XVFB_SCREEN = "1280x800x24"
XVFB_START_TIMEOUT_S = 10.0
XVFB_MISSING = (
    "Xvfb is not installed: run scripts/install-and-test as root, or apt-get install xvfb"
)


def _read_display_number(fd: int, proc: subprocess.Popen[bytes], timeout: float) -> str:
    """Read the display number Xvfb writes to -displayfd (digits then a newline)."""
    deadline = time.monotonic() + timeout
    data = b""
    while not data.endswith(b"\n"):
        remaining = deadline - time.monotonic()
        if remaining <= 0 or proc.poll() is not None:
            break
        ready, _, _ = select.select([fd], [], [], remaining)
        if ready:
            chunk = os.read(fd, 64)
            if not chunk:
                break
            data += chunk
    return data.decode("ascii").strip()


def _stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)


@pytest.fixture(scope="session")
def display(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The X display the Tk tests use: $DISPLAY if set, else a private Xvfb started here."""
    existing = os.environ.get("DISPLAY")
    if existing:
        yield existing
        return
    xvfb = shutil.which("Xvfb")
    if xvfb is None:
        pytest.fail(XVFB_MISSING, pytrace=False)
    log_path: Path = tmp_path_factory.mktemp("xvfb") / "xvfb.log"
    read_fd, write_fd = os.pipe()
    with log_path.open("wb") as log:
        proc = subprocess.Popen(
            [xvfb, "-displayfd", str(write_fd), "-screen", "0", XVFB_SCREEN, "-nolisten", "tcp"],
            pass_fds=(write_fd,),
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=log,
        )
    os.close(write_fd)
    try:
        number = _read_display_number(read_fd, proc, XVFB_START_TIMEOUT_S)
    finally:
        os.close(read_fd)
    if not number.isdigit():
        _stop(proc)
        log_text = log_path.read_text(encoding="utf-8", errors="replace")
        pytest.fail(f"Xvfb did not start (exit {proc.returncode}); its output:\n{log_text}")
    name = f":{number}"
    os.environ["DISPLAY"] = name
    try:
        yield name
    finally:
        os.environ.pop("DISPLAY", None)
        _stop(proc)


@pytest.fixture
def tk_root(display: str) -> Iterator[tkinter.Tk]:
    """A fresh Tk root on the test display, destroyed after the test."""
    root = tkinter.Tk(screenName=display)
    try:
        yield root
    finally:
        root.destroy()


# --- Discovery stays on this machine (issue 7; docs/feasibility.md §4.2) ---

DISCOVERY_INTERFACES_VAR = "CHATGUI_DISCOVERY_INTERFACES"
if not os.environ.get(DISCOVERY_INTERFACES_VAR, "").strip():
    # Set at import, before any test or fixture runs, and inherited by every subprocess: no
    # window, `serve` or finder started by a test announces or broadcasts on a real interface.
    # A value set on purpose (the addresses of a test's own network namespace) is kept.
    os.environ[DISCOVERY_INTERFACES_VAR] = "127.0.0.1"


@pytest.fixture(autouse=True, scope="session")
def discovery_stays_on_this_machine() -> None:
    """Fails the run if something cleared the limit (an empty value means every interface)."""
    assert os.environ.get(DISCOVERY_INTERFACES_VAR, "").strip(), DISCOVERY_INTERFACES_VAR


@pytest.fixture(autouse=True)
def own_data_folder(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Each test's settings, log and history in a folder of its own, inherited by the `serve`
    and windows it starts: never the user's own, and never one test's history in another's."""
    monkeypatch.setenv("CHATGUI_HOME", str(tmp_path / "chatgui-home"))
