"""The Settings dialog on a school projector's 800x600 screen, the text made bigger: the
dialog stays on the screen with room for its title bar above it, Close is in view, and the
body scrolls to its end. On a screen with room (the session's 1280x800) it shows in full,
with no scrollbar. Real Tk windows under Xvfb."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tkinter
from collections.abc import Iterator
from pathlib import Path

import pytest

from chatgui.ui.app import ChatApp
from chatgui.ui.settings import Settings
from tests.conftest import XVFB_START_TIMEOUT_S, _read_display_number, _stop
from tests.ui.test_pages_start import cut_off

PROJECTOR = (800, 600)
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def projector() -> Iterator[str]:
    """An X display of its own, 800x600, as a school projector shows."""
    xvfb = shutil.which("Xvfb")
    assert xvfb is not None, "Xvfb is not installed"
    read_fd, write_fd = os.pipe()
    screen = f"{PROJECTOR[0]}x{PROJECTOR[1]}x24"
    proc = subprocess.Popen(
        [xvfb, "-displayfd", str(write_fd), "-screen", "0", screen, "-nolisten", "tcp"],
        pass_fds=(write_fd,),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write_fd)
    try:
        number = _read_display_number(read_fd, proc, XVFB_START_TIMEOUT_S)
    finally:
        os.close(read_fd)
    try:
        assert number.isdigit(), f"Xvfb did not start (exit {proc.returncode})"
        yield f":{number}"
    finally:
        _stop(proc)


def test_settings_fits_an_800x600_screen_with_its_title_bar_and_close_in_view(
    projector: str,
) -> None:
    env = dict(os.environ, DISPLAY=projector, PYTHONPATH=str(ROOT))
    run = subprocess.run(
        [sys.executable, "-m", "tests.ui.settings_on_screen"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        encoding="utf-8",
        timeout=60,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    said = json.loads(run.stdout.splitlines()[-1])
    assert said["screen"] == list(PROJECTOR)
    left, top, right, bottom = said["dialog"]
    assert top >= said["room_above"], f"no room above the dialog for its title bar: {said}"
    assert (left >= 0, right <= PROJECTOR[0], bottom <= PROJECTOR[1]) == (True, True, True), said
    assert said["close_shown"]
    assert said["close"][3] <= bottom, f"Close is cut off: {said}"
    assert said["scrolls"]
    assert said["body_end"][3] <= said["body_shown"][3], f"the body's end is out of reach: {said}"


def test_settings_shows_in_full_where_the_screen_has_room(
    tk_root: tkinter.Tk, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CHATGUI_HOME", str(tmp_path / "home"))
    app = ChatApp(tk_root, Settings(name="Ms_Rivera"))
    for _ in range(3):
        app.looks.zoom(1)
    app.open_settings()
    dialog = app.settings_dialog
    assert dialog is not None
    tk_root.update()
    assert tk_root.winfo_screenheight() >= 800
    assert not dialog.body.scrolls()
    assert not dialog.body.bar.winfo_ismapped()
    assert cut_off(dialog.window) == []
