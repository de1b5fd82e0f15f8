"""Helpers for tests that drive real Tk windows under X: bounded waits, xdotool input, screenshots.

Every wait here is bounded and raises AssertionError with a message on timeout. Never call Tk's
wait_visibility(): after an update() it can hang forever (docs/feasibility §1.4, pitfall 5).
"""

from __future__ import annotations

import re
import socket
import subprocess
import time
import tkinter
from collections.abc import Callable
from pathlib import Path

POLL_S = 0.01
WINDOW_POLL_S = 0.02
XDOTOOL_TIMEOUT_S = 10.0
KEY_PUMP_S = 0.002
ASCII_DELAY_MS = 10
NON_ASCII_DELAY_MS = 100


def wait_until(
    predicate: Callable[[], object],
    timeout: float,
    root: tkinter.Misc | None = None,
    *,
    what: str | None = None,
) -> None:
    """Poll `predicate` until it is true, pumping `root.update()` (if given) and sleeping 10 ms.

    Raises AssertionError naming `what` (or the predicate) after `timeout` seconds.
    """
    deadline = time.monotonic() + timeout
    while True:
        if root is not None:
            root.update()
        if predicate():
            return
        if time.monotonic() >= deadline:
            label = what or getattr(predicate, "__name__", repr(predicate))
            raise AssertionError(f"timed out after {timeout} s waiting for: {label}")
        time.sleep(POLL_S)


def wait_viewable(root: tkinter.Misc, timeout: float) -> None:
    """Pump Tk until `root` is mapped and viewable (a bounded loop, not wait_visibility())."""
    wait_until(
        lambda: bool(root.winfo_viewable()),
        timeout,
        root,
        what=f"window {root!s} to become viewable",
    )


def _run(args: list[str], timeout: float = XDOTOOL_TIMEOUT_S) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        args, capture_output=True, encoding="utf-8", errors="replace", timeout=timeout, check=False
    )


def _checked(args: list[str], timeout: float = XDOTOOL_TIMEOUT_S) -> str:
    result = _run(args, timeout)
    if result.returncode != 0:
        raise AssertionError(
            f"{' '.join(args)!r} exited with {result.returncode}:\n{result.stdout}{result.stderr}"
        )
    return result.stdout


def screenshot(path: Path | str, window_id: int | str | None = None) -> Path:
    """Save a PNG of the whole screen (or of one X window) with ImageMagick's `import`."""
    target = Path(path)
    window = "root" if window_id is None else str(window_id)
    _checked(["import", "-window", window, str(target)], timeout=30.0)
    if not target.is_file():
        raise AssertionError(f"`import -window {window}` wrote no file at {target}")
    return target


def find_window(title_regex: str, timeout: float, root: tkinter.Misc | None = None) -> int:
    """The X id of the first visible window whose title matches, polled every 20 ms.

    For a Tk toplevel this is its wrapper window, the one to give keyboard focus to. Pass `root`
    to keep pumping Tk while waiting.
    """
    re.compile(title_regex)  # a bad pattern fails here, not as "window not found"
    deadline = time.monotonic() + timeout
    while True:
        if root is not None:
            root.update()
        result = _run(["xdotool", "search", "--onlyvisible", "--name", title_regex])
        ids = [line for line in result.stdout.split() if line.isdigit()]
        if ids:
            return int(ids[0])
        if time.monotonic() >= deadline:
            raise AssertionError(
                f"no visible window titled /{title_regex}/ after {timeout} s "
                f"(xdotool: {result.stderr.strip() or 'no match'})"
            )
        time.sleep(WINDOW_POLL_S)


def focus_window(window_id: int | str) -> None:
    """Give X keyboard focus to `window_id` (there is no window manager, so no windowactivate).

    Use the wrapper id from find_window(), not winfo_id(), and also give Tk a focus widget
    (`widget.focus_set()`), or the keystrokes are lost.
    """
    _checked(["xdotool", "windowfocus", "--sync", str(window_id)])


def _run_pumping(args: list[str], root: tkinter.Misc | None, timeout: float) -> None:
    """Run `args`, pumping `root` meanwhile so Tk reads each key event while it is still valid."""
    with subprocess.Popen(
        args, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, encoding="utf-8", errors="replace"
    ) as proc:
        deadline = time.monotonic() + timeout
        while proc.poll() is None:
            if time.monotonic() >= deadline:
                proc.kill()
                proc.communicate()
                raise AssertionError(f"{' '.join(args)!r} still running after {timeout} s")
            if root is not None:
                root.update()
            time.sleep(KEY_PUMP_S)
        output, _ = proc.communicate()
    if proc.returncode != 0:
        raise AssertionError(f"{' '.join(args)!r} exited with {proc.returncode}:\n{output}")
    if root is not None:
        root.update()  # Tk's update does an XSync: every key sent so far is handled after this


def type_text(window_id: int | str, text: str, root: tkinter.Misc | None = None) -> None:
    """Type `text` as real keystrokes into the focused widget of `window_id`.

    Pass the in-process Tk `root` (if any): it is pumped while xdotool types. A character that is
    not on the keyboard map (anything outside ASCII, e.g. an emoji) is typed by xdotool binding a
    spare keycode and unbinding it about delay/2 ms after the key-up; a Tk that reads the event
    only after that sees no character. So such characters are typed NON_ASCII_DELAY_MS apart, and
    Tk must be pumped meanwhile (measured: with a 10 ms delay and a busy machine, most are lost).
    """
    focus_window(window_id)
    for run in re.findall(r"[\x20-\x7e]+|[^\x20-\x7e]+", text):
        delay = ASCII_DELAY_MS if run.isascii() else NON_ASCII_DELAY_MS
        timeout = XDOTOOL_TIMEOUT_S + len(run) * delay / 1000
        _run_pumping(["xdotool", "type", "--delay", str(delay), "--", run], root, timeout)


def press_key(window_id: int | str, key: str, root: tkinter.Misc | None = None) -> None:
    """Press one key or chord in xdotool's names (e.g. "Return", "ctrl+e") into `window_id`."""
    focus_window(window_id)
    _run_pumping(["xdotool", "key", "--", key], root, XDOTOOL_TIMEOUT_S)


def free_port() -> int:
    """A port of 127.0.0.1 that nothing listens on (bound, then closed)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_for_port(port: int, root: tkinter.Misc, timeout: float = 20) -> None:
    """Pump Tk until something accepts connections on 127.0.0.1:`port`."""

    def accepting() -> bool:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
        except OSError:
            return False
        return True

    wait_until(accepting, timeout, root, what=f"a room listening on port {port}")
