"""A `chatgui serve` process for the interop tests: started on 127.0.0.1 (port 0), read until
it prints what the test needs, and always ended."""

from __future__ import annotations

import os
import re
import select
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.interop.test_irc_clients import PROJECT, WAIT_S


@contextmanager
def serving(tmp_path: Path, until: re.Pattern[str], *args: str) -> Iterator[re.Match[str]]:
    """`serve --bind 127.0.0.1 --port 0 <args>`; the match of `until` in what it printed."""
    command = [sys.executable, "-m", "chatgui", "serve", "--bind", "127.0.0.1", "--port", "0"]
    with (tmp_path / "serve.stderr").open("wb") as stderr:
        proc = subprocess.Popen(
            [*command, *args],
            cwd=PROJECT,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=stderr,
        )
    assert proc.stdout is not None
    printed = b""
    deadline = time.monotonic() + WAIT_S
    try:
        while (found := until.search(printed.decode("utf-8", "replace"))) is None:
            assert time.monotonic() < deadline, f"serve printed only {printed!r}"
            if select.select([proc.stdout.fileno()], [], [], 0.1)[0]:
                printed += os.read(proc.stdout.fileno(), 4096)
        yield found
    finally:
        proc.terminate()
        proc.wait(timeout=WAIT_S)
        proc.stdout.close()
