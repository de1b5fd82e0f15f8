"""Whose a private conversation is: its two people's identities, never their names.

A private conversation is kept under the identity keys of the two who took part (the account
each proved with SASL, else that one connection), so someone who takes a name later, by NICK
or after its owner left, can name none of it; whoever comes back with the same account reads
their own under any name. A conversation is asked for by the partner's nick: the person online
under it if the two have talked, else the partner who had it last (private_with).
"""

from typing import TYPE_CHECKING

from chatgui import limits
from chatgui.protocol import names
from chatgui.protocol.server.message_store import (
    FIRST,
    LAST,
    StoredMessage,
    other_person,
    private_conversation,
)

if TYPE_CHECKING:
    from chatgui.protocol.server.context import ServerContext
    from chatgui.protocol.server.model import Person


def identity_key(server: "ServerContext", person: "Person") -> str:
    """Whose private conversations these are: the account the person proved (SASL), which
    outlasts connections and names; else this one connection alone, for this run of the
    room (the msgid prefix is new each run), so a name taken later reads none of it."""
    if person.account is not None:
        return f"account:{person.account}"
    return f"session:{server.config.msgid_prefix}{person.conn}"


def private_with(server: "ServerContext", person: "Person", nick: str) -> str:
    """`person`'s private conversation with whoever `nick` is: with the one online under that
    name if they have talked; else with the partner who had that name last (who may have
    left, their name now someone else's); else with the one online. Whichever it is, it is
    one of `person`'s own: nobody ever gets a conversation they were not in."""
    mine = identity_key(server, person)
    other = server.find_person(nick)
    current = None if other is None else private_conversation(mine, identity_key(server, other))
    if current is not None and _latest(server, current) is not None:
        return current
    wanted = names.casefold(nick)
    for conversation in reversed(_private_conversations(server, mine)):
        if names.casefold(partner_nick(server, conversation, mine)) == wanted:
            return conversation
    return current or private_conversation(mine, "")


def _private_conversations(server: "ServerContext", key: str) -> list[str]:
    """The private conversations of identity `key`, the least recent first."""
    store = server.history
    assert store is not None
    most = limits.PRIVATE_PARTNERS_SEARCHED
    found = store.targets((), key, float("-inf"), float("inf"), most)
    return [conversation for conversation, _ in found]


def partner_nick(server: "ServerContext", conversation: str, mine: str) -> str:
    """The name the other person of a private conversation had in its latest message."""
    entry = _latest(server, conversation)
    if entry is None:
        return ""
    if entry.sender_key == other_person(conversation, mine):
        return entry.source.partition("!")[0]
    return entry.params[0]  # we wrote it: to them, by the name they had


def _latest(server: "ServerContext", conversation: str) -> StoredMessage | None:
    store = server.history
    assert store is not None
    found = store.between(conversation, FIRST, LAST, 1, newest=True, events=False)
    return found[0] if found else None
