"""RoomKeys: the key of every room this student joined over TLS, so a changed key is noticed.

Anyone on a school network can announce a room, so the window remembers the key a room had
the first time (its fingerprint, hex SHA-256) and expects it ever after; only the room code
typed from the teacher's screen replaces it. Kept in the data folder as JSON, written whole to
a new file and moved into place, so a crash never leaves half a file. A damaged file is an
empty store and a line in the log: the next join is a first join again, never a crash.
No Tk, no sockets: the window (ui/room_trust.py) decides which room is which.
"""

import contextlib
import json
import logging
import os
import re
import secrets
from pathlib import Path

from chatgui import limits
from chatgui.paths import data_dir, private_folder

log = logging.getLogger(__name__)
ROOM_KEYS_FILE = "room-keys.json"
_FINGERPRINT = re.compile(r"[0-9a-f]{64}")


def room_keys_path() -> Path:
    return data_dir() / ROOM_KEYS_FILE


class RoomKeys:
    """Room name → key fingerprint, the most recently joined last; read once, saved on change."""

    def __init__(self, path: Path | None = None) -> None:
        self._path = path or room_keys_path()
        self._keys = _read(self._path)

    def __len__(self) -> int:
        return len(self._keys)

    def rooms(self) -> list[str]:
        return list(self._keys)

    def key_of(self, room: str) -> str | None:
        return self._keys.get(room)

    def remember(self, room: str, fingerprint: str) -> None:
        """Keep `fingerprint` as `room`'s key (replacing any other) and save at once, with
        what another window of this user kept meanwhile."""
        self._keys = _read(self._path)
        self._keys.pop(room, None)
        self._keys[room] = fingerprint.lower()
        while len(self._keys) > limits.ROOM_KEYS_MAX:
            del self._keys[next(iter(self._keys))]
        try:
            _write(self._path, self._keys)
        except OSError as error:
            log.warning("room keys could not be saved to %s: %s", self._path, error)


def _read(path: Path) -> dict[str, str]:
    try:
        if path.stat().st_size > limits.ROOM_KEYS_FILE_MAX_BYTES:
            raise ValueError("the file is too large")
        rooms = json.loads(path.read_text(encoding="utf-8"))["rooms"]
        if not isinstance(rooms, list):
            raise ValueError("no list of rooms")
    except FileNotFoundError:
        return {}
    except (OSError, ValueError, KeyError, TypeError) as error:
        log.warning("room keys in %s could not be read (%s); starting with none", path, error)
        return {}
    keys: dict[str, str] = {}
    for entry in rooms[-limits.ROOM_KEYS_MAX :]:
        if _is_entry(entry):
            keys.pop(entry[0], None)
            keys[entry[0]] = entry[1]
    return keys


def _is_entry(entry: object) -> bool:
    """[room name, fingerprint]: anything else in the file is skipped."""
    return (
        isinstance(entry, list)
        and len(entry) == 2
        and isinstance(entry[0], str)
        and isinstance(entry[1], str)
        and bool(_FINGERPRINT.fullmatch(entry[1]))
    )


def _write(path: Path, keys: dict[str, str]) -> None:
    private_folder(path.parent)
    text = json.dumps({"rooms": [[room, key] for room, key in keys.items()]}, indent=1)
    new = path.with_name(f"{path.name}.{secrets.token_hex(4)}.new")
    fd = os.open(new, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as file:
            file.write(text)
            file.flush()
            os.fsync(file.fileno())
        os.replace(new, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            new.unlink()
