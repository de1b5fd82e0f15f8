"""Runs ruff and mypy inside the suite, so the one test command (= .ci/run) also checks them.

ruff with the project's config, and mypy --strict on chatgui and bench; each must exit 0.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent


def run_tool(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", *args],
        cwd=PROJECT,
        capture_output=True,
        encoding="utf-8",
        errors="replace",
        timeout=300,
        check=False,
    )


def test_ruff_check_is_clean() -> None:
    result = run_tool("ruff", "check", ".")
    assert result.returncode == 0, f"ruff check . failed:\n{result.stdout}{result.stderr}"


def test_mypy_strict_is_clean() -> None:
    result = run_tool("mypy", "--strict", "chatgui", "bench")
    assert result.returncode == 0, (
        f"mypy --strict chatgui bench failed:\n{result.stdout}{result.stderr}"
    )


def test_ruff_format_is_clean() -> None:
    result = run_tool("ruff", "format", "--check", ".")
    assert result.returncode == 0, f"ruff format --check . failed:\n{result.stdout}{result.stderr}"
