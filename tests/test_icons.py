"""The icon files in assets/ are what scripts/make-icons.py draws, and each format is well formed.

Keeps the script runnable: if it breaks or drifts from the committed files, this fails.
The 512 and 1024 pixel pictures (macOS only) are not redrawn here, to keep the test fast.
"""

from __future__ import annotations

import importlib.util
import secrets
import struct
import subprocess
import tkinter
from pathlib import Path
from types import ModuleType

import pytest

from chatgui.resources import asset_path
from tests.support import find_window

ICON_VALUES = 2 + 256 * 256 + 2 + 32 * 32  # width, height, pixels; for both pictures
XPROP_NO_LIMIT = "100000000"  # xprop's default length limit would cut the big picture short
SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "make-icons.py"


@pytest.fixture(scope="module")
def icons() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_icons", SCRIPT)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def png_size(data: bytes) -> tuple[int, int]:
    assert data.startswith(b"\x89PNG\r\n\x1a\n"), data[:8]
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def test_the_pngs_are_what_the_script_draws(icons: ModuleType) -> None:
    for name, size in icons.PNG_SIZES.items():
        assert asset_path(name).read_bytes() == icons.png(icons.render(size)), name


def test_the_ico_is_what_the_script_draws(icons: ModuleType) -> None:
    images = {size: icons.render(size) for size in icons.ICO_SIZES}
    data = asset_path("chatgui.ico").read_bytes()
    assert data == icons.ico(images)
    reserved, kind, count = struct.unpack("<HHH", data[:6])
    assert (reserved, kind, count) == (0, 1, len(icons.ICO_SIZES))
    sides = [data[6 + 16 * i] or 256 for i in range(count)]
    assert sides == list(icons.ICO_SIZES)


def test_the_icns_holds_a_png_of_the_right_size_per_entry(icons: ModuleType) -> None:
    data = asset_path("chatgui.icns").read_bytes()
    assert data[:4] == b"icns"
    assert struct.unpack(">I", data[4:8])[0] == len(data)
    entries, offset = [], 8
    while offset < len(data):
        kind = data[offset : offset + 4]
        (length,) = struct.unpack(">I", data[offset + 4 : offset + 8])
        entries.append((kind, png_size(data[offset + 8 : offset + length])[0]))
        offset += length
    assert entries == list(icons.ICNS_TYPES)
    small = dict(icons.ICNS_TYPES)[b"icp5"]
    assert data.count(icons.png(icons.render(small))) == 2  # icp5 and ic11 are both 32 pixels


def test_tk_reads_the_window_icons(tk_root: tkinter.Tk) -> None:
    from chatgui.ui.window import ICON_FILES

    sizes = [tkinter.PhotoImage(master=tk_root, file=asset_path(n)).width() for n in ICON_FILES]
    assert sizes == [256, 32]


def test_the_window_shows_the_icon(tk_root: tkinter.Tk) -> None:
    from chatgui.ui.window import set_icon

    title = f"icon-test-{secrets.token_hex(4)}"
    tk_root.title(title)
    set_icon(tk_root)
    window = find_window(f"^{title}$", 10, tk_root)
    icon = subprocess.run(
        ["xprop", "-len", XPROP_NO_LIMIT, "-id", str(window), "-notype", "32c", "_NET_WM_ICON"],
        capture_output=True, encoding="utf-8", timeout=10, check=True,
    )  # fmt: skip
    numbers = [int(n) for n in icon.stdout.partition("=")[2].split(",")]
    assert numbers[:2] == [256, 256]
    assert numbers[2 + 256 * 256 : 4 + 256 * 256] == [32, 32]  # the small picture
    assert len(numbers) == ICON_VALUES


def test_a_missing_icon_costs_only_the_icon(
    tk_root: tkinter.Tk, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    from chatgui.ui import window

    monkeypatch.setattr(window, "ICON_FILES", ("no-such-icon.png",))
    window.set_icon(tk_root)
    assert "no window icon" in caplog.text
