"""PendingFile: messages on their way into the history, safe from a crash in the meantime.

Putting a message into SQLite takes about 0.1 ms of the server's thread, and it must be safe
before anyone receives it. So each message is first appended to this small file, one line
of JSON, with a single write(): once write() returns, the operating system has it, and a
program killed the next moment loses nothing. The store moves the lines into SQLite a moment
later, many in one transaction, after the message has gone out, and empties the file; lines
still here when the program starts again are moved in then.
"""

import json
import os
from pathlib import Path

from chatgui.protocol.server.history_store import StoredMessage

SUFFIX = "-pending"
"""The file's name is the history's with this after it (history.sqlite3-pending)."""


class PendingFile:
    """An append-only file of entries; raises OSError like any file."""

    def __init__(self, history: Path) -> None:
        self.path = history.with_name(history.name + SUFFIX)
        self._fd: int | None = None

    def left_over(self) -> list[StoredMessage]:
        """The entries a run that ended abruptly left here (a torn last line is skipped)."""
        if not self.path.exists():
            return []
        entries = []
        for line in self.path.read_bytes().splitlines():
            try:
                entries.append(_entry(json.loads(line)))
            except (ValueError, TypeError):
                continue  # half written when the power went: that message never went out
        return entries

    def open(self) -> None:
        """Start empty (what was left over must have been moved into the history first)."""
        flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_APPEND
        self._fd = os.open(self.path, flags, 0o600)
        os.chmod(self.path, 0o600)  # one left by an earlier run keeps its mode otherwise

    def append(self, entry: StoredMessage) -> None:
        assert self._fd is not None
        os.write(self._fd, _line(entry))

    def empty(self) -> None:
        """Everything here is in the history now."""
        assert self._fd is not None
        os.ftruncate(self._fd, 0)

    def close(self, remove: bool) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None
            if remove:
                self.path.unlink(missing_ok=True)


def _line(entry: StoredMessage) -> bytes:
    """One JSON list (a list and plain ASCII: the quickest for json to write)."""
    fields = [entry.msgid, entry.at, entry.conversation, entry.command, entry.source]
    line = [*fields, entry.params, dict(entry.tags), entry.sender_key]
    return json.dumps(line).encode("ascii") + b"\n"


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
