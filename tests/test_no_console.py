"""chatgui with no console: sys.stdout and sys.stderr are None, as in a windowed build on Windows
or macOS. Nothing may crash, and nothing may reach the real output either.

Each case runs the entry point (chatgui/__main__.py, as the build does) in a subprocess that
first sets both streams to None; the subprocess's own output is captured and must stay empty.
An exception nobody caught would end it with status 1 and no word, hence the exact statuses.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.support import find_window, free_port

PROJECT = Path(__file__).resolve().parent.parent
NO_CONSOLE = (
    "import runpy, sys; sys.stdout = sys.stderr = None; "
    "runpy.run_module('chatgui', run_name='__main__', alter_sys=True)"
)
TIMEOUT_S = 20


def start(home: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", NO_CONSOLE, *args],
        cwd=PROJECT,
        env=dict(os.environ, CHATGUI_HOME=str(home)),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        encoding="utf-8",
        errors="replace",
    )


def finish(process: subprocess.Popen[str], stop: bool = True) -> int:
    """Stop it with SIGTERM (unless it ends by itself); its status, once nothing was printed."""
    if stop:
        process.send_signal(signal.SIGTERM)
    try:
        out, err = process.communicate(timeout=TIMEOUT_S)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    assert (out, err) == ("", ""), "something was written to the real stdout or stderr"
    return process.returncode


def listening(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
    except OSError:
        return False
    return True


@pytest.mark.parametrize(("args", "status"), [(["--version"], 0), (["--no-such-option"], 2)])
def test_command_line_messages(tmp_path: Path, args: list[str], status: int) -> None:
    assert finish(start(tmp_path, *args), stop=False) == status


def test_serve_logs_to_the_file_instead(tmp_path: Path) -> None:
    port = free_port()
    process = start(tmp_path, "serve", "--bind", "127.0.0.1", "--port", str(port), "--no-announce")
    deadline = time.monotonic() + TIMEOUT_S
    while not listening(port):
        assert process.poll() is None, "serve ended early"
        assert time.monotonic() < deadline, "serve never listened"
        time.sleep(0.05)
    assert finish(process) == 0
    log = (tmp_path / "data" / "chatgui.log").read_text(encoding="utf-8")
    assert f"room open on port {port}" in log


def test_the_window_opens_and_closes(tmp_path: Path, display: str) -> None:
    process = start(tmp_path)
    find_window("^chatgui$", TIMEOUT_S)
    assert finish(process) == 0
    log = (tmp_path / "data" / "chatgui.log").read_text(encoding="utf-8")
    assert "opening the window" in log
    assert "Traceback" not in log
