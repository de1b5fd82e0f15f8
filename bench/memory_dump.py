"""`python -m chatgui ...` in a process that, on SIGUSR1, writes where its memory is: glibc's
malloc_info (each heap's size and free space), pymalloc's arenas (sys._debugmallocstats),
SQLite's bytes in use and, when BENCH_TRACEMALLOC=<frames> is set, a tracemalloc snapshot.
bench/memory.py runs the room's server this way; files go to BENCH_DUMP.<n>.malloc, .pymalloc,
.sqlite and .trace.
"""

from __future__ import annotations

import ctypes
import os
import runpy
import signal
import sys
import tracemalloc
from pathlib import Path
from types import FrameType

_dumps = 0


def dump(signum: int = 0, frame: FrameType | None = None) -> None:
    """Write this process's allocator figures now (a signal handler: the main thread)."""
    global _dumps
    _dumps += 1
    base = f"{os.environ['BENCH_DUMP']}.{_dumps}"
    libc = ctypes.CDLL(None)
    libc.fopen.restype = ctypes.c_void_p
    stream = ctypes.c_void_p(libc.fopen(f"{base}.malloc".encode(), b"w"))
    libc.malloc_info(0, stream)
    libc.fclose(stream)
    stderr = os.dup(2)  # _debugmallocstats writes to the C stderr
    out = os.open(f"{base}.pymalloc", os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
    try:
        os.dup2(out, 2)
        sys._debugmallocstats()
    finally:
        os.dup2(stderr, 2)
        os.close(out)
        os.close(stderr)
    Path(f"{base}.sqlite").write_text(f"{sqlite_memory_used()}\n", encoding="utf-8")
    if tracemalloc.is_tracing():
        tracemalloc.take_snapshot().dump(f"{base}.trace")


def sqlite_memory_used() -> int:
    """Bytes SQLite holds (its page caches, statements, schema), from the library the sqlite3
    module uses: malloc'd by the history's writer thread, so in its glibc heap, unseen by
    tracemalloc and pymalloc. 0 when the library can't be loaded by that name."""
    try:
        library = ctypes.CDLL("libsqlite3.so.0")
    except OSError:
        return 0
    library.sqlite3_memory_used.restype = ctypes.c_int64
    return int(library.sqlite3_memory_used())


def main() -> None:
    frames = os.environ.get("BENCH_TRACEMALLOC")
    if frames:
        tracemalloc.start(int(frames))
    signal.signal(signal.SIGUSR1, dump)
    sys.argv = ["chatgui", *sys.argv[1:]]
    runpy.run_module("chatgui", run_name="__main__", alter_sys=True)


if __name__ == "__main__":
    main()
