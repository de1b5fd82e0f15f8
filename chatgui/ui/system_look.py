"""Whether the computer is in dark mode, for the "System" theme: "dark" where the system
says so, "light" everywhere else (and whenever asking fails or takes too long).

- Windows: the registry's AppsUseLightTheme (HKCU, …\\Themes\\Personalize) is 0.
- macOS: `defaults read -g AppleInterfaceStyle` prints "Dark".
- Linux and other Unix: GTK_THEME ends in ":dark", or GNOME's
  `gsettings get org.gnome.desktop.interface color-scheme` says 'prefer-dark'.

Asked once at start; a program that hangs is given up after SYSTEM_LOOK_TIMEOUT_S.
"""

import logging
import os
import subprocess
import sys
from collections.abc import Mapping

from chatgui.limits import SYSTEM_LOOK_TIMEOUT_S

log = logging.getLogger(__name__)
PERSONALIZE = r"Software\Microsoft\Windows\CurrentVersion\Themes\Personalize"


def system_theme(platform: str = sys.platform, environ: Mapping[str, str] = os.environ) -> str:
    """ "dark" or "light", as the system says."""
    if platform == "win32":
        dark = _windows_dark()
    elif platform == "darwin":
        dark = _answer(["defaults", "read", "-g", "AppleInterfaceStyle"]) == "Dark"
    else:
        dark = _unix_dark(environ)
    return "dark" if dark else "light"


def _unix_dark(environ: Mapping[str, str]) -> bool:
    if environ.get("GTK_THEME", "").lower().endswith(":dark"):
        return True
    scheme = _answer(["gsettings", "get", "org.gnome.desktop.interface", "color-scheme"])
    return scheme == "'prefer-dark'"


def _windows_dark() -> bool:
    if sys.platform != "win32":  # (for mypy: winreg is Windows' only)
        return False
    import winreg

    try:
        with winreg.OpenKey(winreg.HKEY_CURRENT_USER, PERSONALIZE) as key:
            value, _ = winreg.QueryValueEx(key, "AppsUseLightTheme")
    except OSError:  # no such value before Windows 10 1809: light
        return False
    return bool(value == 0)


def _answer(command: list[str]) -> str:
    """What `command` prints, stripped; "" if it is missing, fails or takes too long."""
    try:
        done = subprocess.run(
            command,
            capture_output=True,
            encoding="utf-8",
            errors="replace",
            timeout=SYSTEM_LOOK_TIMEOUT_S,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as problem:
        log.info("the system's dark mode could not be read (%s); using the light theme", problem)
        return ""
    return done.stdout.strip() if done.returncode == 0 else ""
