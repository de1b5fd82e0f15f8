"""Proves the test machine can show a real Tk window, type into it with xdotool, and screenshot it.

Uses only tkinter and the helpers in tests/support.py; imports nothing from chatgui.
"""

from __future__ import annotations

import subprocess
import tkinter
from pathlib import Path

from tests.support import find_window, screenshot, type_text, wait_until, wait_viewable

TITLE = "chatgui-xvfb-check"
GEOMETRY = (420, 160)
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def test_window_maps_takes_keystrokes_and_screenshots(tk_root: tkinter.Tk, tmp_path: Path) -> None:
    width, height = GEOMETRY
    tk_root.title(TITLE)
    tk_root.geometry(f"{width}x{height}+20+20")
    label = tkinter.Label(tk_root, text="Type here:", font=("DejaVu Sans", 14))
    label.pack(padx=10, pady=(16, 4))
    entry = tkinter.Entry(tk_root, width=30, font=("DejaVu Sans", 14))
    entry.pack(padx=10, pady=4)

    wait_viewable(tk_root, timeout=10)
    wrapper = find_window(f"^{TITLE}$", timeout=10, root=tk_root)

    # Tk needs both: X focus on the toplevel and a focus widget (feasibility §1.4, pitfalls 3, 4).
    tk_root.focus_force()
    entry.focus_set()
    tk_root.update()
    type_text(wrapper, "hello 😀", tk_root)
    wait_until(lambda: entry.get() == "hello 😀", 10, tk_root, what="the Entry to read 'hello 😀'")
    tk_root.update_idletasks()
    tk_root.update()

    shot = screenshot(tmp_path / "window.png", wrapper)
    data = shot.read_bytes()
    assert data.startswith(PNG_MAGIC), f"{shot} is not a PNG"
    assert len(data) > 1024, f"{shot} is only {len(data)} bytes"
    size = subprocess.run(
        ["identify", "-format", "%w %h", str(shot)],
        capture_output=True,
        encoding="utf-8",
        check=True,
        timeout=30,
    ).stdout.split()
    assert size == [str(width), str(height)], f"screenshot is {size}, window is {GEOMETRY}"
