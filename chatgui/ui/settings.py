"""The person's settings, remembered between runs in a small JSON file in the config folder.

A missing or damaged file means the defaults: settings are a convenience, never a reason
for the program not to start.
"""

import json
import logging
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path

from chatgui import limits
from chatgui.net.server import check_word_filter
from chatgui.paths import config_dir, kept_secret, private_file, private_folder

log = logging.getLogger(__name__)
RECENT_ROOMS_MAX = 8
THEMES = ("system", "light", "dark", "high contrast")
""""system" follows the computer's dark mode (system_look.py); the default."""
FILTER_ACTIONS = ("block", "mask")
NOTIFY_ABOUT = ("mentions", "everything", "nothing")
"""What Settings' "Notify me about" may say: mentions and private messages (the default),
every message, or nothing."""


@dataclass
class Settings:
    name: str = ""
    room_name: str = "Class chat"
    theme: str = "system"
    font_size: int = 11
    recent_addresses: list[str] = field(default_factory=list)
    word_filter: list[str] = field(default_factory=list)
    """Words the host's rooms refuse or mask (Room → Word filter…)."""
    word_filter_action: str = "block"
    """"block" refuses a message with a filtered word; "mask" shows the word as ***."""
    students_open_rooms: bool = False
    """Whether students may open rooms of their own in the host's room (Room menu)."""
    encrypted_only: bool = False
    """Whether the host's rooms take encrypted (TLS) connections only (the Host page)."""
    slow_down_floods: bool = True
    """Whether the host's room slows down people who send too fast (`serve --flood`); the
    host and helpers never are."""
    flood_lines_per_s: int = limits.FLOOD_LINES_PER_S
    """How many lines a second each person may keep sending when slowed down..."""
    flood_burst_lines: int = limits.FLOOD_BURST_LINES
    """...after this many at once."""
    cap_per_computer: bool = True
    """Whether connections from one computer are capped (`serve --max-per-address`)."""
    max_per_computer: int = limits.MAX_CONNECTIONS_PER_ADDRESS
    """The cap, when on."""
    notify_about: str = "mentions"
    """What notifies when the window is behind (one of NOTIFY_ABOUT; ui/notify.py)."""
    notify_desktop: bool = True
    """Desktop notifications, where this computer has them (ui/desktop_alerts.py)."""
    notify_sound: bool = True
    """A sound for a mention or a private message."""
    notify_flash: bool = True
    """The taskbar button flashes (Windows) or the Dock icon bounces (macOS)."""

    def remember_address(self, address: str) -> None:
        """Put `address` first in the recent list, without repeats."""
        self.recent_addresses = [address] + [a for a in self.recent_addresses if a != address]
        del self.recent_addresses[RECENT_ROOMS_MAX:]


def settings_path() -> Path:
    return config_dir() / "settings.json"


def load_settings(path: Path | None = None) -> Settings:
    path = path or settings_path()
    try:
        stored = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Settings()
    except (OSError, ValueError) as error:
        log.warning("settings in %s could not be read (%s); using defaults", path, error)
        return Settings()
    known = {f.name for f in fields(Settings)}
    settings = Settings(**{k: v for k, v in stored.items() if k in known})
    if settings.theme not in THEMES:
        settings.theme = "system"
    if not isinstance(settings.font_size, int) or not 8 <= settings.font_size <= 32:
        settings.font_size = 11
    if not isinstance(settings.word_filter, list) or not all(
        isinstance(word, str) for word in settings.word_filter
    ):
        settings.word_filter = []
    if not isinstance(settings.students_open_rooms, bool):
        settings.students_open_rooms = False
    if not isinstance(settings.encrypted_only, bool):
        settings.encrypted_only = False
    for switch in ("notify_desktop", "notify_sound", "notify_flash", "slow_down_floods"):
        if not isinstance(getattr(settings, switch), bool):
            setattr(settings, switch, True)
    _keep_within(settings, "flood_lines_per_s", limits.SETTINGS_PACE_MAX_LINES)
    _keep_within(settings, "flood_burst_lines", limits.SETTINGS_PACE_MAX_LINES)
    _keep_within(settings, "max_per_computer", limits.MAX_CONNECTIONS)
    if not isinstance(settings.cap_per_computer, bool):
        settings.cap_per_computer = True
    if settings.notify_about not in NOTIFY_ABOUT:
        settings.notify_about = "mentions"
    if settings.word_filter_action not in FILTER_ACTIONS:
        settings.word_filter_action = "block"
    try:
        check_word_filter(settings.word_filter, settings.word_filter_action)
    except ValueError as problem:  # edited by hand: hosting must not fail because of it
        log.warning("the word filter in %s could not be used (%s); starting without", path, problem)
        settings.word_filter = []
    return settings


def _keep_within(settings: Settings, name: str, most: int) -> None:
    """A number edited by hand that isn't a whole number from 1 to `most`: the default."""
    value = getattr(settings, name)
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= most:
        setattr(settings, name, getattr(Settings(), name))


def save_settings(settings: Settings, path: Path | None = None) -> None:
    path = path or settings_path()
    try:
        private_folder(path.parent)
        private_file(path)  # the word filter and room addresses are the host's own
        path.write_text(json.dumps(asdict(settings), indent=2), encoding="utf-8")
    except OSError as error:
        log.warning("settings could not be saved to %s: %s", path, error)


IDENTITY_FILE = "identity"
"""The window's identity (a random secret, hex) in the settings folder, readable by this user
only: what the window proves to every room it joins (protocol/client/sasl.py)."""


def load_identity(path: Path | None = None) -> bytes | None:
    """This user's identity, made on the first start and the same on every later one.

    None when it can't be kept (a read-only settings folder): the window then joins rooms
    without one, as any IRC program may, and only its private history is not kept for it.
    """
    path = path or config_dir() / IDENTITY_FILE
    try:
        return kept_secret(path, limits.IDENTITY_SECRET_BYTES)
    except OSError as error:
        log.warning("no identity: %s could not be kept (%s)", path, error)
        return None
