"""Checkpointer: copies the history's write-ahead log into its file, on a thread of its own.

A checkpoint ends with an fsync, which takes milliseconds. Done by SQLite automatically, it
would happen inside a commit on the server's loop thread, and every message in the room
would wait for it. So the store turns automatic checkpoints off, and this thread runs one
a few seconds after the store wrote something, with its own connection (SQLite lets a
checkpoint run while the server goes on writing). In a quiet room it sleeps. Committed
messages are safe in the log meanwhile.
"""

import contextlib
import sqlite3
import threading
from pathlib import Path

from chatgui import limits


class Checkpointer:
    """The thread "chatgui-history". start() and stop() are called by the store's owner."""

    def __init__(self, path: Path) -> None:
        self._path = path
        self._stopping = threading.Event()
        self._written = threading.Event()
        self._thread = threading.Thread(target=self._run, name="chatgui-history", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def wrote(self) -> None:
        """Any thread: the store committed, so a checkpoint is due."""
        self._written.set()

    def stop(self) -> None:
        """End the thread; a checkpoint under way is finished first."""
        self._stopping.set()
        self._written.set()
        if self._thread.is_alive():
            self._thread.join(limits.SERVER_STOP_TIMEOUT_S)

    def _run(self) -> None:
        try:
            db = sqlite3.connect(
                self._path, timeout=limits.HISTORY_BUSY_TIMEOUT_S, isolation_level=None
            )
        except sqlite3.Error:
            return  # the store's own connection meets the same trouble and reports it
        with contextlib.closing(db):
            while True:
                self._written.wait()
                self._written.clear()
                # Wait a little first: one checkpoint then covers everything written meanwhile.
                if self._stopping.wait(limits.HISTORY_CHECKPOINT_INTERVAL_S):
                    return
                # Busy or failing now: the next write brings another try. PASSIVE never
                # waits for the server's writes, and never makes it wait.
                with contextlib.suppress(sqlite3.Error):
                    db.execute("PRAGMA wal_checkpoint(PASSIVE)")
