"""The room code: the part of a room's key fingerprint a teacher shows and a student checks.

Anyone on a school network can announce a room, so an announced key proves nothing by itself.
The teacher's screen shows the room code, and a chatgui client accepts a room only if the key
it sees gives the same code. The code is the first ROOM_CODE_BITS bits of the key's SHA-256
fingerprint, written in base32 (letters and the digits 2-7: no 0 or 1 to mistake for O or I)
in groups of four: "E5TN-WHGG-ZN77-YQ3A". 80 bits, because the host keeps its key for years:
a code short enough to match by grinding keys offline would be no check at all (a GPU finds
a 40-bit match in minutes; an 80-bit one is out of reach).
Sans-IO: stdlib only.
"""

import base64
import re

ROOM_CODE_BITS = 80
_CHARS = ROOM_CODE_BITS // 5
_GROUP = 4
_FINGERPRINT = re.compile(r"[0-9a-f]{64}")
_TYPED_BY_MISTAKE = str.maketrans({"0": "O", "1": "I", "8": "B"})


def room_code(fingerprint: str) -> str:
    """The code for a key's hex SHA-256 fingerprint, e.g. "E5TN-WHGG-ZN77-YQ3A"."""
    digest = bytes.fromhex(fingerprint)
    letters = base64.b32encode(digest).decode("ascii")[:_CHARS]
    return "-".join(letters[at : at + _GROUP] for at in range(0, _CHARS, _GROUP))


def fingerprint_shown(fingerprint: str) -> str:
    """The fingerprint as IRC programs show and take it: "FD:DC:AD:…" (irssi's
    -tls_pinned_pubkey wants exactly this)."""
    pairs = fingerprint.upper()
    return ":".join(pairs[at : at + 2] for at in range(0, len(pairs), 2))


def typed_code(text: str) -> str | None:
    """What a person typed as a code, written the way room_code writes it; None when it can't
    be one (wrong length or characters). Spaces, dashes and lower case are forgiven, and so
    are 0, 1 and 8 typed for O, I and B."""
    letters = re.sub(r"[\s-]", "", text).upper().translate(_TYPED_BY_MISTAKE)
    if len(letters) != _CHARS or not re.fullmatch(r"[A-Z2-7]+", letters):
        return None
    return "-".join(letters[at : at + _GROUP] for at in range(0, _CHARS, _GROUP))


def code_matches(text: str, fingerprint: str) -> bool:
    """Whether the typed `text` is the code of the key with this hex SHA-256 fingerprint."""
    if not _FINGERPRINT.fullmatch(fingerprint):
        return False
    return typed_code(text) == room_code(fingerprint)
