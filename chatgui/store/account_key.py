"""The room's account key, kept beside its history (history.sqlite3-account-key).

Accounts are keyed hashes under this secret (protocol/server/sasl.py) and private history is
kept under accounts, so the key lives as long as the history: a restart of the host keeps
both, and whoever may read the history file (the host's user) may read the key.
"""

from pathlib import Path

from chatgui import limits
from chatgui.paths import kept_secret

SUFFIX = "-account-key"


def account_key_beside(history: Path) -> bytes:
    """The key in the file beside `history`, made on first use (0600). Raises OSError."""
    return kept_secret(history.with_name(history.name + SUFFIX), limits.IDENTITY_SECRET_BYTES)
