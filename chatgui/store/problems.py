"""Why the history stopped, in words the host can act on (never a traceback)."""

import errno
import sqlite3
from pathlib import Path


def explain(error: sqlite3.Error | OSError, path: Path, cap_bytes: int) -> str:
    """The sentence for `error`, met while opening or writing the history file at `path`."""
    if isinstance(error, (FileExistsError, NotADirectoryError)):
        return (
            f"The history file {path} can't be created: a file is in the way of its folder, "
            "so the room runs without history. Choose another place for it."
        )
    name = getattr(error, "sqlite_errorname", "")
    full = isinstance(error, OSError) and error.errno in (errno.ENOSPC, errno.EFBIG, errno.EDQUOT)
    if isinstance(error, OSError) and not full:
        detail = error.strerror or str(error)
        return (
            f"The history file {path} can't be written ({detail}), so the room runs without "
            "history. Choose a folder you can write to."
        )
    if name.startswith(("SQLITE_NOTADB", "SQLITE_CORRUPT")):
        return (
            f"The history file {path} is damaged, so the room runs without history. "
            "Move the file away (a new one is made) or restore a copy."
        )
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
        return (
            f"The history file {path} is locked by another program, so the room runs without "
            "history. Close the other program (or the other chatgui) and open the room again."
        )
    if name.startswith("SQLITE_FULL") or full:
        mebibytes = cap_bytes / 1_048_576
        return (
            f"The history file {path} is full (its cap is {mebibytes:g} MiB, or the disk is "
            "full), so new messages are no longer kept. Clear a room's history or free disk "
            "space, then open the room again."
        )
    if name.startswith(("SQLITE_CANTOPEN", "SQLITE_READONLY", "SQLITE_PERM", "SQLITE_IOERR")):
        return (
            f"The history file {path} can't be written ({error}), so the room runs without "
            "history. Choose a folder you can write to."
        )
    return f"The history file {path} could not be used ({error}), so the room runs without history."
