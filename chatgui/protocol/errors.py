"""Protocol errors that say who is to blame.

LocalProtocolError: we tried something illegal (a bug or bad input from our own user).
RemoteProtocolError: the peer sent something illegal.
"""


class ProtocolError(Exception):
    """Base class: something in the conversation broke the IRC rules."""


class LocalProtocolError(ProtocolError):
    """Our side tried to do something the protocol forbids; nothing was sent."""


class RemoteProtocolError(ProtocolError):
    """The peer broke the rules."""
