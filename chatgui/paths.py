"""Where chatgui keeps its files in the user's folders: settings, logs, history.

Nothing is ever written next to the program (a lab's shared drive is read-only). The
folders follow each system's habit; CHATGUI_HOME, when set, holds everything (tests use it).
"""

import os
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
