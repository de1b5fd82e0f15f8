"""What follows a closed connection: said as failed, as closed, as left, or tried again later.

The ChatClient asks this each time its connection ends. A connection that never got in, or a
key that was refused, is never tried again; one that was in is tried again after a wait that
grows with the attempts: RECONNECT_BACKOFF_LAN_S for a room on this network, the longer
RECONNECT_BACKOFF_S for a server on the internet, each varied by a fifth so a class whose
room came back doesn't knock all at once. No sockets, no threads: the client does what it says.
"""

import random
from dataclasses import dataclass

from chatgui import limits
from chatgui.events import (
    FAILURE_REASONS,
    ChatEvent,
    ConnectFailed,
    ConnectionLost,
    Disconnected,
    RoomClosed,
)
from chatgui.net.connection import REFUSED_KEYS, Closed
from chatgui.protocol import numerics
from chatgui.protocol.client.address import Address
from chatgui.protocol.client.session import ClientSession


@dataclass(frozen=True)
class AfterClose:
    """The event that tells the window how the connection ended, and when to try again
    (seconds from now; None: never)."""

    said: ChatEvent
    retry_in: float | None = None


def after_close(
    closed: Closed,
    session: ClientSession | None,
    address: Address,
    *,
    quitting: bool,
    ever_connected: bool,
    attempt: int,
) -> AfterClose:
    """How a connection to `address` ends. `session`: the one that ran on it (None when none
    had started); `attempt`: the tries since the last time we were in, counting this one."""
    if quitting:
        return AfterClose(Disconnected())
    if session is not None and numerics.ROOM_CLOSED in (session.error_text or ""):
        return AfterClose(RoomClosed(session.error_text or numerics.ROOM_CLOSED))
    reason = (session.failure if session else None) or closed.reason
    if not ever_connected or reason in REFUSED_KEYS:
        # A server that hangs up before we are in, for a reason it does not name, is
        # "other" (ConnectFailed promises a word of FAILURE_REASONS, never "lost"); its
        # ERROR text, if it sent one, says more than "the server closed the connection".
        if reason not in FAILURE_REASONS:
            reason = "other"
        said = (session.failure_detail or session.error_text) if session else None
        return AfterClose(ConnectFailed(address.host, address.port, reason, said or closed.detail))
    delay = retry_delay(address, attempt)
    return AfterClose(ConnectionLost(reason, delay, closed.detail), delay)


def retry_delay(address: Address, attempt: int) -> float:
    """Seconds to wait before trying `address` again after `attempt` tries."""
    backoff = (
        limits.RECONNECT_BACKOFF_LAN_S if address.on_this_network else limits.RECONNECT_BACKOFF_S
    )
    return backoff[min(attempt, len(backoff) - 1)] * random.uniform(0.8, 1.2)
