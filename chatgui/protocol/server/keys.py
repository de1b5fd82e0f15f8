"""Who may come back into a room with a password without typing it again.

Only the host and helpers are shown a room's password (modes.py), so a student who was in the
room when it was set, or joined with it, could not rejoin after an outage. They are remembered
as the password's holders, by identity (an account) or else by their computer and name, until
the password changes or goes.
"""

from typing import TYPE_CHECKING

from chatgui import limits
from chatgui.protocol import names

if TYPE_CHECKING:
    from chatgui.protocol.server.model import Channel, Person


def holder_of(person: "Person") -> str:
    """What `person` is remembered by as a holder of a room password."""
    if person.account:
        return f"account:{person.account}"
    return f"{person.computer}/{names.casefold(person.nick)}"


def hold_key(channel: "Channel", person: "Person") -> None:
    """`person` is in `channel` under its password: remember them, up to KEY_HOLDERS_MAX (past
    it, latecomers type the password again after an outage)."""
    if len(channel.key_holders) < limits.KEY_HOLDERS_MAX:
        channel.key_holders.add(holder_of(person))
