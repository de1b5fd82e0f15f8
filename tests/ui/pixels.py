"""What a window really shows: its pixels read back from the X server with ImageMagick's
`import` (as PPM, parsed here), for tests of sizes and colours as drawn, not as configured."""

from __future__ import annotations

import subprocess
import tkinter
from dataclasses import dataclass

IMPORT_TIMEOUT_S = 30.0


@dataclass(frozen=True)
class Pixels:
    """A window's pixels, row by row, as (r, g, b) tuples."""

    width: int
    height: int
    rgb: bytes

    def at(self, x: int, y: int) -> tuple[int, int, int]:
        i = 3 * (y * self.width + x)
        return self.rgb[i], self.rgb[i + 1], self.rgb[i + 2]


def grab(widget: tkinter.Misc, path: str | None = None) -> Pixels:
    """The pixels `widget` (or the widget at Tk `path`, such as the menu bar's clone, which has
    no Python object) shows now; it must be mapped."""
    widget.update()
    window = widget.tk.call("winfo", "id", path) if path else widget.winfo_id()
    ppm = subprocess.run(
        ["import", "-window", str(window), "-depth", "8", "ppm:-"],
        capture_output=True,
        check=True,
        timeout=IMPORT_TIMEOUT_S,
    ).stdout
    magic, width, height, depth, rgb = ppm.split(maxsplit=4)
    assert magic == b"P6", "import wrote no PPM"
    assert depth == b"255", "import wrote more than 8 bits a colour"
    return Pixels(int(width), int(height), rgb)


def hex_rgb(widget: tkinter.Misc, colour: str) -> tuple[int, int, int]:
    """`colour` (a name or #rrggbb) as the 8-bit (r, g, b) the screen shows."""
    r, g, b = widget.winfo_rgb(colour)
    return r >> 8, g >> 8, b >> 8


def drawn_box(pixels: Pixels, x0: int, x1: int) -> tuple[int, int]:
    """Width and height of what is drawn between columns x0 and x1 (not the background, which
    is the colour of the top-left pixel)."""
    background = pixels.at(0, 0)
    xs, ys = [], []
    for y in range(pixels.height):
        for x in range(x0, x1):
            if pixels.at(x, y) != background:
                xs.append(x)
                ys.append(y)
    assert xs, "nothing is drawn there"
    return max(xs) - min(xs) + 1, max(ys) - min(ys) + 1


def share_of(pixels: Pixels, colour: tuple[int, int, int]) -> float:
    """The share of the pixels that are exactly `colour`."""
    count = sum(1 for i in range(0, len(pixels.rgb), 3) if pixels.rgb[i : i + 3] == bytes(colour))
    return count / (pixels.width * pixels.height)
