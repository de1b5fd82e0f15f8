"""Names for the IRCv3 capabilities, batch types, tags and ISUPPORT tokens chatgui speaks.

Code says `caps.ECHO_MESSAGE`, never "echo-message", as it says `numerics.RPL_WELCOME`: a
misspelt name is then an error mypy finds, not a feature that silently never turns on.
Also the one rule both sides follow for a CAP ACK (acknowledge).
"""

from collections.abc import Iterable

# --- Capabilities (CAP LS / REQ / ACK) ---

MESSAGE_TAGS = "message-tags"
"""Client tags (+…) pass through the server: the clear-screen request travels in one."""
SERVER_TIME = "server-time"
"""Every line carries the time it was said (the `time` tag)."""
ECHO_MESSAGE = "echo-message"
"""Our own messages come back: that is when one counts as sent."""
BATCH = "batch"
"""Lines grouped under one reference (history, search, multiline, labeled replies)."""
LABELED_RESPONSE = "labeled-response"
"""Answers carry the `label` of the line they answer."""
MULTI_PREFIX = "multi-prefix"
"""NAMES and WHO show every status a member holds (~@+), not only the highest."""
USERHOST_IN_NAMES = "userhost-in-names"
"""NAMES gives nick!user@host: a ban by computer needs the address."""
AWAY_NOTIFY = "away-notify"
"""AWAY lines when people in our rooms go away or come back."""
INVITE_NOTIFY = "invite-notify"
"""Invitations given in a room are told to its host and helpers."""
CAP_NOTIFY = "cap-notify"
"""CAP NEW and CAP DEL while connected."""
STANDARD_REPLIES = "standard-replies"
"""FAIL, WARN and NOTE lines instead of free-text NOTICEs."""
SETNAME = "setname"
"""The real name can change while connected (SETNAME)."""
SASL = "sasl"
"""Proving an identity (AUTHENTICATE); its value lists the mechanisms."""
STS = "sts"
"""Strict transport security: come back over TLS, and only over TLS for a while."""
CHATHISTORY = "draft/chathistory"
"""A room's earlier messages on request (CHATHISTORY)."""
EVENT_PLAYBACK = "draft/event-playback"
"""History replays joins, parts and the like as well as messages."""
MULTILINE = "draft/multiline"
"""A message of several lines sent as one batch; its value says max-bytes and max-lines."""
SEARCH = "soju.im/search"
"""Searching a room's history (SEARCH); also the name of the batch of results."""
HANDS = "chatgui.invalid/hands"
"""chatgui's own: NOTE HAND replies; ".invalid" (RFC 2606) is a domain no other vendor can own."""


# --- Batch types and tags that belong to them ---

HISTORY_BATCH = "chathistory"
"""The batch type of a CHATHISTORY answer."""
TARGETS_BATCH = "draft/chathistory-targets"
"""The batch type of a CHATHISTORY TARGETS answer (the conversations with history)."""
MULTILINE_CONCAT = "draft/multiline-concat"
"""The tag of a multiline line that continues the previous one without a line break."""
CLEAR_SCREEN = "+chatgui.invalid/clear-screen"
"""The client tag of a TAGMSG asking the room's chatgui windows to clear it (docs/protocol.md)."""

# --- ISUPPORT tokens (005) the client reads ---

CHANMODES = "CHANMODES"
"""Which room modes take a parameter: lists, always, when set, never."""
PREFIX = "PREFIX"
"""Member mode letters and their symbols: (qov)~@+."""
STATUSMSG = "STATUSMSG"
"""Symbols that, before a room's name, send to members of that status only (@#room)."""
UTF8MAPPING = "UTF8MAPPING"
"""The server compares names of any letters (rfc8265); absent: names are plain ASCII."""
MONITOR = "MONITOR"
"""MONITOR is offered, with how many names one may watch."""
HISTORY_PAGE = "CHATHISTORY"
"""The most messages one CHATHISTORY request may ask for."""
NETWORK = "NETWORK"
"""The network's name: a chatgui room's title."""


def acknowledge(held: set[str], listed: Iterable[str]) -> None:
    """Apply a CAP ACK's list to the capabilities `held`: "-name" turns one off, "name" on.
    The client and the server keep the same set this way, each on its side."""
    for name in listed:
        if name.startswith("-"):
            held.discard(name[1:])
        else:
            held.add(name)
