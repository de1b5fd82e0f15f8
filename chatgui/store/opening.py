"""Opening the history file: made the host's own, and brought up to this version's shape.

The store (sqlite_history.py) calls these once when a room opens, before it chooses its lesson.
"""

import contextlib
import os
import sqlite3
from pathlib import Path

from chatgui import limits
from chatgui.paths import private_file, private_folder
from chatgui.store.pending import SUFFIX as PENDING_SUFFIX
from chatgui.store.schema import (
    FILL_THE_WORDS,
    LESSON_INDEX,
    MESSAGES_INDEX,
    MIGRATION_FROM_1,
    MIGRATION_FROM_2,
    MIGRATION_FROM_3,
    MIGRATION_FROM_4,
    SCHEMA,
    SCHEMA_VERSION,
    WORDS,
)

FROM_VERSION_3 = [MIGRATION_FROM_3, LESSON_INDEX, MIGRATION_FROM_4, MESSAGES_INDEX]
STEPS = {
    0: [WORDS, LESSON_INDEX, MESSAGES_INDEX],
    1: [MIGRATION_FROM_1, MIGRATION_FROM_2, WORDS, FILL_THE_WORDS, *FROM_VERSION_3],
    2: [MIGRATION_FROM_2, *FROM_VERSION_3],
    3: FROM_VERSION_3,
    4: [MIGRATION_FROM_4, MESSAGES_INDEX],
    5: [MESSAGES_INDEX],
}
"""What brings a file of each earlier version (0: a new file) up to SCHEMA_VERSION."""


def make_private(path: Path) -> None:
    """The file, its folder and side files readable by the host's user only (0600 and
    0700): private messages are in it. SQLite gives its -wal and -shm files the mode of
    the file, so the file is made before SQLite opens it; files of earlier runs are
    tightened."""
    private_folder(path.parent)
    private_file(path)
    sides = [path.with_name(path.name + side) for side in ("-wal", "-shm")]
    sides += path.parent.glob(path.name + PENDING_SUFFIX + "*")
    for side in sides:
        with contextlib.suppress(FileNotFoundError):
            os.chmod(side, 0o600)


def prepare(db: sqlite3.Connection, max_bytes: int) -> tuple[int, set[str]]:
    """Bring the file up to SCHEMA_VERSION and set it up for the store: the size cap in
    pages, and every conversation in it (for pruning to count once)."""
    version = db.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        raise sqlite3.DatabaseError("the file was made by a newer chatgui")
    mode = db.execute("PRAGMA journal_mode=WAL").fetchone()[0]
    if mode != "wal":
        raise sqlite3.OperationalError(f"the file can't use write-ahead logging ({mode})")
    db.execute("PRAGMA synchronous=NORMAL")
    db.execute("PRAGMA temp_store=MEMORY")  # a batch on its way in (rows.py): no file for it
    # Checkpoints come with the store's own commits, on the history's writer thread.
    db.execute(f"PRAGMA wal_autocheckpoint={limits.HISTORY_CHECKPOINT_PAGES}")
    db.executescript(SCHEMA)
    if version < SCHEMA_VERSION:  # one transaction: a run killed halfway changed nothing
        steps = [*STEPS[version], f"PRAGMA user_version={SCHEMA_VERSION};"]
        db.executescript(f"BEGIN; {' '.join(steps)} COMMIT;")
    # The cap after the upgrade: a full file of version 1 grows by its words' index,
    # then makes room like any file that filled up.
    page_size = db.execute("PRAGMA page_size").fetchone()[0]
    cap_pages = max(1, max_bytes // page_size)
    db.execute(f"PRAGMA max_page_count={cap_pages}")
    rooms = db.execute("SELECT DISTINCT conversation FROM messages")
    return cap_pages, {room for (room,) in rooms}
