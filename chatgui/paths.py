"""Where chatgui keeps its files in the user's folders: settings, logs, history.

Nothing is ever written next to the program (a lab's shared drive is read-only). The
folders follow each system's habit; CHATGUI_HOME, when set, holds everything (tests use it).
"""

import contextlib
import os
import secrets
import sys
from pathlib import Path

APP = "chatgui"


def config_dir() -> Path:
    """Settings: %APPDATA%\\chatgui, ~/Library/Application Support/chatgui or ~/.config/chatgui."""
    return _home("config") or _system_dir("XDG_CONFIG_HOME", ".config")


def data_dir() -> Path:
    """Logs and history: the same on Windows and macOS, ~/.local/share/chatgui on Linux."""
    return _home("data") or _system_dir("XDG_DATA_HOME", ".local/share")


def _home(kind: str) -> Path | None:
    override = os.environ.get("CHATGUI_HOME")
    return Path(override) / kind if override else None


def _system_dir(xdg_variable: str, xdg_default: str) -> Path:
    if sys.platform == "win32":
        return Path(os.environ.get("APPDATA") or Path.home() / "AppData" / "Roaming") / APP
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Application Support" / APP
    return Path(os.environ.get(xdg_variable) or Path.home() / xdg_default) / APP


def private_folder(folder: Path) -> None:
    """Make `folder` if it is missing, readable by this user only (0700, whatever the umask).

    An existing folder is tightened only when it is chatgui's own (its data or settings
    folder): a history file put in a shared folder must not lock the others out of it.
    """
    if not folder.exists():
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        os.chmod(folder, 0o700)
    elif folder.resolve() in (data_dir().resolve(), config_dir().resolve()):
        os.chmod(folder, 0o700)


def private_file(path: Path) -> None:
    """Make `path` if it is missing (empty), readable and writable by this user only (0600).

    Messages, private ones included, and the log are the host's: no other user of a shared
    computer may read them.
    """
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600))
    os.chmod(path, 0o600)


def kept_secret(path: Path, size: int) -> bytes:
    """The random secret of `size` bytes kept in `path` (hex), made on first use; the file
    readable by this user only (0600, in a 0700 folder when it is chatgui's own).

    Two programs starting at once keep the same one: the first to put its file in place
    wins and the other reads it. A file cut short or garbled is replaced by a new secret.
    Raises OSError when the folder can't be written.
    """
    private_folder(path.parent)
    found = _read_secret(path, size)
    if found is not None:
        os.chmod(path, 0o600)
        return found
    made = secrets.token_bytes(size)
    new = path.with_name(f"{path.name}.{secrets.token_hex(4)}.new")
    fd = os.open(new, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        os.write(fd, made.hex().encode("ascii") + b"\n")
        os.fsync(fd)
    finally:
        os.close(fd)
    try:
        if path.exists():  # garbled: replaced
            os.replace(new, path)
            return made
        os.link(new, path)  # fails if another program put its own in place meanwhile
    except FileExistsError:
        pass
    finally:
        with contextlib.suppress(FileNotFoundError):
            new.unlink()
    return _read_secret(path, size) or made


def _read_secret(path: Path, size: int) -> bytes | None:
    try:
        found = bytes.fromhex(path.read_text(encoding="ascii").strip())
    except (FileNotFoundError, ValueError, UnicodeDecodeError):
        return None
    return found if len(found) == size else None
