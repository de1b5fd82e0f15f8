"""Every limit and interval chatgui enforces, named in one place with the reason for it.

Imports nothing: the protocol core, the server, the client and the UI all read these names.
docs/limits.md lists them for people; tests check each one at N and N+1.
"""

# --- Lines on the wire (RFC 1459 §2.3, IRCv3 message-tags) ---
MAX_LINE_BYTES = 512
"""A line without its tags, CR LF included: the IRC limit every server and client expects."""
MAX_TAG_BYTES = 8191
"""The tag section, leading '@' and trailing space included (IRCv3 message-tags)."""
MAX_CLIENT_TAG_BYTES = 4094
"""Tags a client may send (IRCv3 message-tags), leaving room for the server's own tags."""
MAX_INCOMING_SERVER_LINE_BYTES = 4096
"""Lines a server sends us, tags excluded: servers add prefixes, so be generous but bounded."""
MAX_PARAMS = 15
"""Parameters in one message (RFC 1459 §2.3): more are refused as malformed."""

# --- Names (advertised in ISUPPORT) ---
NICK_MAX_CHARS = 30
"""Longest nick: long enough for "Firstname_Lastname", short enough for the member list."""
CHANNEL_MAX_CHARS = 50
"""Longest channel name, '#' included (RFC 2812 §1.3)."""
