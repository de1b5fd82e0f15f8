"""What a room's settings and masks mean, for whoever reads RoomModesChanged: the mode letters
of the Room menu's settings, and whether a ban or mute mask covers a person.

Pure. The window reads these; controls.py writes the lines that change them.
"""

from chatgui.protocol import caps as capabilities
from chatgui.protocol import masks, names

LOCKED = "i"  # nobody new may join without an INVITE
PASSWORD = "k"
MODERATED = "m"  # only the host, helpers and voiced people talk
TOPIC_LOCK = "t"
RENAMES_OFF = "N"  # only the host and helpers may change name (docs/protocol.md)
SLOW = "W"
"""Slow mode, with the seconds between one person's messages (docs/protocol.md)."""


def nick_mask(nick: str) -> str:
    return f"{nick}!*@*"


def address_mask(address: str) -> str:
    return f"*!*@{address}"


def matches(mask: str, nick: str, address: str = "") -> bool:
    """True when the ban-style `mask` ("Sam!*@*", "*!*@10.0.0.7") covers this person."""
    whole = f"{nick}!*@{address or '*'}"  # the user name is never known: "*" stands for it
    return masks.wildcard_match(names.casefold(mask.lower()), names.casefold(whole.lower()))


def on_chatgui(server_caps: frozenset[str]) -> bool:
    """A chatgui server (it offers our own capability): it knows ROOMS, others don't."""
    return capabilities.HANDS in server_caps
