"""The "System" theme follows the computer's dark mode, asked for real on this Linux machine:
GTK_THEME, and GNOME's color-scheme through Debian's own `gsettings` (with its keyfile backend
in a folder of the test's own). Windows' registry can't be read here; macOS' `defaults` is
stood in for by a small script of the same name, which checks our reading of its answer only.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import time
import tkinter
from pathlib import Path

import pytest

from chatgui import limits
from chatgui.ui.app import ChatApp
from chatgui.ui.settings import Settings, load_settings
from chatgui.ui.system_look import system_theme
from chatgui.ui.theme import PALETTES
from tests.ui.roomkit import stop_app

GSETTINGS = shutil.which("gsettings")
needs_gsettings = pytest.mark.skipif(
    GSETTINGS is None, reason="gsettings is not installed (Debian: libglib2.0-bin)"
)


@pytest.fixture
def gnome(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """GNOME's settings kept in a file of this test's own, no GTK_THEME."""
    monkeypatch.delenv("GTK_THEME", raising=False)
    monkeypatch.setenv("GSETTINGS_BACKEND", "keyfile")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    return tmp_path


def set_colour_scheme(value: str) -> None:
    assert GSETTINGS is not None
    command = [GSETTINGS, "set", "org.gnome.desktop.interface", "color-scheme", value]
    subprocess.run(command, check=True, timeout=10)


@pytest.mark.parametrize(
    ("gtk_theme", "theme"),
    [("Adwaita:dark", "dark"), ("Adwaita-dark:dark", "dark"), ("Adwaita", "light"), ("", "light")],
)
def test_gtk_theme_says_dark(monkeypatch: pytest.MonkeyPatch, gtk_theme: str, theme: str) -> None:
    monkeypatch.setenv("GTK_THEME", gtk_theme)
    monkeypatch.setenv("PATH", "")  # no gsettings: GTK_THEME alone decides
    assert system_theme("linux") == theme


@needs_gsettings
def test_gnome_prefer_dark(gnome: Path) -> None:
    assert system_theme("linux") == "light"  # 'default' until it is set
    set_colour_scheme("prefer-dark")
    assert system_theme("linux") == "dark"
    set_colour_scheme("prefer-light")
    assert system_theme("linux") == "light"


def stand_in(folder: Path, name: str, script: str) -> None:
    """A program called `name` on PATH that runs the shell `script`."""
    folder.mkdir(exist_ok=True)
    program = folder / name
    program.write_text(f"#!/bin/sh\n{script}\n", encoding="utf-8")
    program.chmod(0o755)


def test_a_hanging_system_is_given_up_on(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    stand_in(tmp_path / "bin", "gsettings", "exec sleep 30")
    monkeypatch.delenv("GTK_THEME", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    started = time.monotonic()
    assert system_theme("linux") == "light"
    waited = time.monotonic() - started
    assert waited < limits.SYSTEM_LOOK_TIMEOUT_S + 1.0, f"the window waited {waited:.1f} s"


@pytest.mark.parametrize(("printed", "theme"), [("Dark", "dark"), ("", "light")])
def test_macos_answer(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, printed: str, theme: str
) -> None:
    stand_in(tmp_path / "bin", "defaults", f"echo '{printed}'")
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    assert system_theme("darwin") == theme


def test_windows_elsewhere_is_light() -> None:
    """winreg exists on Windows only; anywhere else "win32" can't be asked, so light."""
    assert system_theme("win32") == "light"


def test_system_is_the_default_and_what_unknown_themes_become(tmp_path: Path) -> None:
    assert Settings().theme == "system"
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"theme": "purple"}), encoding="utf-8")
    assert load_settings(path).theme == "system"
    path.write_text(json.dumps({"theme": "dark"}), encoding="utf-8")
    assert load_settings(path).theme == "dark"


def test_the_window_opens_dark_on_a_dark_desktop(
    tk_root: tkinter.Tk, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GTK_THEME", "Adwaita:dark")
    app = ChatApp(tk_root, Settings(name="Sam"))
    try:
        assert app.looks.palette() == PALETTES["dark"]
        bar = tk_root.nametowidget(tk_root["menu"])
        assert tk_root.winfo_rgb(bar.cget("background")) == tk_root.winfo_rgb(
            PALETTES["dark"].surface
        )
        assert app.looks.theme_choice.get() == "system", "View menu: System theme ticked"
    finally:
        stop_app(app)


def test_picking_system_again_asks_again(
    tk_root: tkinter.Tk, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GTK_THEME", "Adwaita")
    app = ChatApp(tk_root, Settings(name="Sam"))
    try:
        assert app.looks.palette() == PALETTES["light"]
        monkeypatch.setenv("GTK_THEME", "Adwaita:dark")  # the desktop switched to dark
        app.looks.set_theme("system")
        assert app.looks.palette() == PALETTES["dark"]
    finally:
        stop_app(app)
