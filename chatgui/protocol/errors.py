"""Protocol errors that say who is to blame.

LocalProtocolError: we tried something illegal (a bug or bad input from our own user).
RemoteProtocolError: the peer sent something illegal; it may carry the reply to send back.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from chatgui.protocol.message import Message


class ProtocolError(Exception):
    """Base class: something in the conversation broke the IRC rules."""


class LocalProtocolError(ProtocolError):
    """Our side tried to do something the protocol forbids; nothing was sent."""


class RemoteProtocolError(ProtocolError):
    """The peer broke the rules.

    `reply`, when set, is the answer the peer should get. It has no source, and its first
    parameter is "*": the server puts its own name and the person's nick there.
    """

    def __init__(self, text: str, reply: Message | None = None) -> None:
        super().__init__(text)
        self.reply = reply
