"""PendingFile: a lesson's messages on their way into the history, safe from a crash meanwhile.

Putting a message into SQLite takes about 0.1 ms of the server's thread, and it must be safe
before anyone receives it. So each message is first appended to this small file, one line
of JSON, with a single write(): once write() returns, the operating system has it, and a
program killed the next moment loses nothing. The store moves the lines into SQLite a moment
later, many in one transaction, after the message has gone out, and empties the file; lines
still here when the program starts again are moved in then.

Each running lesson has its own file (history.sqlite3-pending-12), locked by the program
that runs it while it is open. The lock is how another room on the same history file knows
the lesson is in use (never to continue it, nor move its lines), and the operating system
lets go of it when that program ends in any way: a file that is not locked belongs to a
lesson that ended, cleanly (the file was removed) or not (the next start moves its lines in).

Two threads share it in a room server: the loop appends (before anyone receives the message)
while the history's writer moves lines into SQLite and empties the file. A lock keeps the
writer from emptying it of a line it has not moved yet.
"""

import errno
import json
import os
import sys
import threading
from collections.abc import Sequence
from json.encoder import encode_basestring_ascii as _quoted
from pathlib import Path

from chatgui.protocol.server.message_store import StoredMessage

SUFFIX = "-pending"
"""The file's name is the history's with this and the lesson after it (history.sqlite3-pending-12).
Without a lesson: the one file of a chatgui from before lessons."""


class PendingFile:
    """An append-only file of one lesson's entries, locked while open; raises OSError."""

    def __init__(self, history: Path, lesson: int) -> None:
        self.path = pending_path(history, lesson)
        self._fd: int | None = None
        self._lock = threading.Lock()
        self._lines = 0
        """Lines appended since the file was last emptied."""

    def left_over(self) -> list[StoredMessage]:
        """The entries a run that ended abruptly left here (a torn last line is skipped)."""
        return read_entries(self.path)

    def open(self) -> bool:
        """Start empty, locked (what was left over must have been moved into the history
        first). False, and nothing changed, when another program has the lesson open."""
        fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        if not _lock(fd):
            os.close(fd)
            return False
        os.ftruncate(fd, 0)
        os.chmod(self.path, 0o600)  # one left by an earlier run keeps its mode otherwise
        self._fd = fd
        return True

    def append(self, entries: Sequence[StoredMessage]) -> None:
        """Any thread: once this returns, the operating system has the entries (a loop
        turn's, in one write())."""
        data = b"".join(map(_line, entries))
        with self._lock:
            if self._fd is None:  # the history stopped meanwhile
                raise OSError(errno.EBADF, "the pending file is closed")
            os.write(self._fd, data)
            self._lines += len(entries)

    def empty(self, moved: int) -> bool:
        """Empty the file if its lines are the `moved` ones, all in the history now; False
        (nothing changed) when more were appended meanwhile: they still wait here."""
        with self._lock:
            if self._fd is None or self._lines != moved:
                return False
            os.ftruncate(self._fd, 0)
            self._lines = 0
            return True

    def close(self, remove: bool) -> None:
        """Close (the lock goes with it); `remove`: the lesson ended cleanly, the file goes first,
        so nobody finds it unlocked with lines in it."""
        with self._lock:
            if self._fd is not None:
                if remove:
                    self.path.unlink(missing_ok=True)
                os.close(self._fd)
                self._fd = None


def pending_path(history: Path, lesson: int | None) -> Path:
    """The pending file of `lesson` (None: the single file of an earlier chatgui)."""
    tail = SUFFIX if lesson is None else f"{SUFFIX}-{lesson}"
    return history.with_name(history.name + tail)


def in_use(history: Path, lesson: int) -> bool:
    """True while a running room (this program's or another's) has `lesson` open."""
    try:
        fd = os.open(pending_path(history, lesson), os.O_RDONLY)
    except OSError:
        return False  # no file: the lesson is not running
    try:
        if not _lock(fd):
            return True
        _unlock(fd)
        return False
    finally:
        os.close(fd)


def left_behind(history: Path) -> list[int]:
    """Lessons whose pending file is there and not in use: their program ended abruptly."""
    prefix = history.name + SUFFIX + "-"
    found = []
    for path in history.parent.glob(prefix + "*"):
        number = path.name.removeprefix(prefix)
        if number.isdigit() and not in_use(history, int(number)):
            found.append(int(number))
    return sorted(found)


def read_entries(path: Path) -> list[StoredMessage]:
    """The entries in a pending file (none when it is missing; a torn last line is skipped)."""
    if not path.exists():
        return []
    entries = []
    for line in path.read_bytes().splitlines():
        try:
            entries.append(_entry(json.loads(line)))
        except (ValueError, TypeError):
            continue  # half written when the power went: that message never went out
    return entries


if sys.platform == "win32":
    import msvcrt

    def _lock(fd: int) -> bool:
        os.lseek(fd, 0, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _lock(fd: int) -> bool:
        """An exclusive lock of the open file (flock: two opens in one program exclude
        each other too, so a window hosting two rooms tells its own lessons apart)."""
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)


def _line(entry: StoredMessage) -> bytes:
    """One JSON list, as json.dumps writes it, but put together from its strings: on a room's
    loop, between messages, json.dumps's machinery is out of the cache and costs ~50 µs
    where this costs ~25 (~2 µs either way back to back); most entries have no tags, and
    skip their join."""
    params = ", ".join(map(_quoted, entry.params))
    tags = ", ".join([f"{_quoted(k)}: {_quoted(v)}" for k, v in entry.tags]) if entry.tags else ""
    return (
        f"[{_quoted(entry.msgid)}, {float(entry.at)!r}, {_quoted(entry.conversation)},"
        f" {_quoted(entry.command)}, {_quoted(entry.source)}, [{params}], {{{tags}}},"
        f" {_quoted(entry.sender_key)}]\n"
    ).encode("ascii")


def _entry(fields: object) -> StoredMessage:
    """An entry from its line. Lines of an earlier chatgui have no sender_key (7 fields);
    their private messages are named by nicks, which say nothing of who wrote them: skipped."""
    if not isinstance(fields, list) or len(fields) not in (7, 8):
        raise TypeError("not an entry")
    msgid, at, conversation, command, source, params, tags, *sender_key = fields
    if not isinstance(params, list) or not isinstance(tags, dict):
        raise TypeError("not an entry")
    if not sender_key and str(conversation)[:1] not in ("#", "&"):
        raise TypeError("a private message kept by name")
    return StoredMessage(
        str(msgid),
        float(at),
        str(conversation),
        str(command),
        str(source),
        tuple(str(p) for p in params),
        tuple((str(k), str(v)) for k, v in tags.items()),
        sender_key=str(sender_key[0]) if sender_key else "",
    )
