"""Draw chatgui's icon, a speech bubble, into assets/ in every format the build needs.

    python scripts/make-icons.py            # rewrite assets/chatgui*.png, .ico, .icns
    python scripts/make-icons.py OUT_DIR    # write them somewhere else (the tests compare)

Standard library only. Each size is drawn on its own grid (not scaled down from a big one), so
small icons stay sharp. Shapes are signed distance functions: a pixel's distance to a shape's
edge gives its coverage, which is the anti-aliasing. The output is the same on every run.
"""

from __future__ import annotations

import math
import struct
import sys
import zlib
from collections.abc import Callable
from pathlib import Path

ASSETS = Path(__file__).resolve().parent.parent / "assets"

Point = tuple[float, float]
Shape = Callable[[float, float], float]  # (x, y) in 0..1 -> signed distance, negative inside
RGB = tuple[int, int, int]

BUBBLE: RGB = (37, 99, 235)  # a friendly blue that reads on light and dark task bars
DOTS: RGB = (255, 255, 255)

# Tk's iconphoto: a large and a small picture (the window manager picks one).
PNG_SIZES = {"chatgui.png": 256, "chatgui-32.png": 32}
# Windows: the sizes Explorer and the task bar ask for; 256 is stored as PNG, the rest as BMP.
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
# macOS: each ICNS entry type and its pixel size (the @2x types are the Retina versions).
ICNS_TYPES = (
    (b"icp4", 16),
    (b"icp5", 32),
    (b"icp6", 64),
    (b"ic07", 128),
    (b"ic08", 256),
    (b"ic09", 512),
    (b"ic10", 1024),
    (b"ic11", 32),
    (b"ic12", 64),
    (b"ic13", 256),
    (b"ic14", 512),
)


def rounded_box(center: Point, half: Point, radius: float) -> Shape:
    def distance(x: float, y: float) -> float:
        qx = abs(x - center[0]) - half[0] + radius
        qy = abs(y - center[1]) - half[1] + radius
        outside = math.hypot(max(qx, 0.0), max(qy, 0.0))
        return outside + min(max(qx, qy), 0.0) - radius

    return distance


def triangle(a: Point, b: Point, c: Point) -> Shape:
    corners = (a, b, c)

    def distance(x: float, y: float) -> float:
        nearest = math.inf
        sides = set()
        for (x0, y0), (x1, y1) in zip(corners, corners[1:] + corners[:1], strict=True):
            ex, ey = x1 - x0, y1 - y0
            vx, vy = x - x0, y - y0
            t = min(max((vx * ex + vy * ey) / (ex * ex + ey * ey), 0.0), 1.0)
            nearest = min(nearest, math.hypot(vx - ex * t, vy - ey * t))
            sides.add(ex * vy - ey * vx > 0)
        return -nearest if len(sides) == 1 else nearest  # inside: on the same side of every edge

    return distance


def circle(center: Point, radius: float) -> Shape:
    return lambda x, y: math.hypot(x - center[0], y - center[1]) - radius


def union(*shapes: Shape) -> Shape:
    return lambda x, y: min(shape(x, y) for shape in shapes)


# The drawing, on a 0..1 square (y grows downwards): a bubble with a tail, three "typing" dots.
BUBBLE_SHAPE = union(
    rounded_box((0.5, 0.43), (0.44, 0.31), 0.17),
    triangle((0.2, 0.6), (0.43, 0.66), (0.13, 0.92)),
)
DOTS_SHAPE = union(*(circle((x, 0.43), 0.07) for x in (0.29, 0.5, 0.71)))


def coverage(shape: Shape, x: float, y: float, size: int) -> float:
    """How much of the pixel the shape covers: 1 inside, 0 outside, a ramp one pixel wide."""
    return min(max(0.5 - shape(x, y) * size, 0.0), 1.0)


def render(size: int) -> list[bytes]:
    """Rows of RGBA bytes: the dots painted over the bubble, on a transparent ground."""
    rows = []
    for row in range(size):
        y = (row + 0.5) / size
        pixels = bytearray()
        for column in range(size):
            x = (column + 0.5) / size
            bubble = coverage(BUBBLE_SHAPE, x, y, size)
            dots = coverage(DOTS_SHAPE, x, y, size) * bubble
            rgb = (round(b + (d - b) * dots) for b, d in zip(BUBBLE, DOTS, strict=True))
            pixels += bytes((*rgb, round(bubble * 255)))
        rows.append(bytes(pixels))
    return rows


def png(rows: list[bytes]) -> bytes:
    """An 8-bit RGBA PNG, no filtering (the icons are small)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        checksum = zlib.crc32(kind + data)
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", checksum)

    size = len(rows)
    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)
    raw = b"".join(b"\0" + row for row in rows)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw, 9))
        + chunk(b"IEND", b"")
    )


def bmp(rows: list[bytes]) -> bytes:
    """An ICO entry's bitmap: BGRA rows bottom-up, then an all-zero AND mask (alpha rules)."""
    size = len(rows)
    header = struct.pack("<IiiHHIIiiII", 40, size, size * 2, 1, 32, 0, 0, 0, 0, 0, 0)
    pixels = bytearray()
    for row in reversed(rows):
        for i in range(0, len(row), 4):
            pixels += bytes((row[i + 2], row[i + 1], row[i], row[i + 3]))
    mask_row = ((size + 31) // 32) * 4
    return header + bytes(pixels) + b"\0" * mask_row * size


def ico(images: dict[int, list[bytes]]) -> bytes:
    entries = [(size, png(rows) if size >= 256 else bmp(rows)) for size, rows in images.items()]
    offset = 6 + 16 * len(entries)
    directory, data = b"", b""
    for size, blob in entries:
        side = size % 256  # 0 means 256
        directory += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(blob), offset)
        offset += len(blob)
        data += blob
    return struct.pack("<HHH", 0, 1, len(entries)) + directory + data


def icns(pngs: dict[int, bytes]) -> bytes:
    body = b"".join(
        kind + struct.pack(">I", 8 + len(pngs[size])) + pngs[size] for kind, size in ICNS_TYPES
    )
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


def make_icons(out: Path) -> list[Path]:
    sizes = sorted({*PNG_SIZES.values(), *ICO_SIZES, *(size for _, size in ICNS_TYPES)})
    images = {size: render(size) for size in sizes}
    pngs = {size: png(rows) for size, rows in images.items()}
    files = {name: pngs[size] for name, size in PNG_SIZES.items()}
    files["chatgui.ico"] = ico({size: images[size] for size in ICO_SIZES})
    files["chatgui.icns"] = icns(pngs)
    out.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        (out / name).write_bytes(data)
    return [out / name for name in files]


if __name__ == "__main__":
    for path in make_icons(Path(sys.argv[1]) if len(sys.argv) > 1 else ASSETS):
        print(f"wrote {path} ({path.stat().st_size:,} bytes)")
