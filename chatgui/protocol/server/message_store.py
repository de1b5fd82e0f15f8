"""What the server core needs from a message store, and the entries it keeps.

The core never touches a database: ServerState is given an object with these methods (the
host's SQLite store in chatgui.store, or a small in-memory one in a test) and calls it
to record messages and to answer CHATHISTORY, SEARCH and the replay on join. A store that
broke says why in `problem` and from then on records nothing and finds nothing.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple, Protocol

from chatgui.protocol import names

PRIVATE_SEPARATOR = ","
"""Joins two identity keys (history.identity_key) into the name of their private conversation:
a comma is never in a key, and a key never begins with a room's # or &."""

MESSAGE_COMMANDS = ("PRIVMSG", "NOTICE")
"""The entries that are messages: said, searched and played back to everyone. The others are
events (joins, parts...), played back only with draft/event-playback."""

Position = tuple[float, int]
"""Where an entry stands in a conversation: (time, order stored). Later is greater."""

FIRST: Position = (float("-inf"), 0)
LAST: Position = (float("inf"), 0)


class StoredMessage(NamedTuple):
    """One message or event as it was relayed: enough to send it again, later, unchanged.

    A named tuple, not a frozen dataclass: one is made for every message a room relays, on
    the room's loop, and a frozen dataclass sets each field through object.__setattr__
    (~1.3 µs against ~0.3)."""

    msgid: str
    at: float
    """Server time, seconds since the epoch."""
    conversation: str
    """The casefolded room name, or the identity keys of two people for a private
    conversation (private_conversation): a name is not a person."""
    command: str
    source: str
    """nick!user@host of the sender."""
    params: tuple[str, ...]
    """As relayed, never empty: for a message, the target and the text (its lines joined by
    LF when it was multiline)."""
    tags: tuple[tuple[str, str], ...] = ()
    """The client-only tags that travelled with it (reactions, replies)."""
    order: int = 0
    """Given by the store: the order entries were recorded in, which breaks equal times."""
    sender_key: str = ""
    """In a private conversation, the identity key of the one who wrote it (so the other's
    name can be told from it later); empty in a room."""

    @property
    def position(self) -> Position:
        return (self.at, self.order)

    @property
    def text(self) -> str:
        """What was said: the last parameter of a PRIVMSG or NOTICE, else empty."""
        return self.params[-1] if self.command in ("PRIVMSG", "NOTICE") else ""

    @property
    def sender(self) -> str:
        """The sender's nick, casefolded."""
        return names.casefold(self.source.partition("!")[0])


@dataclass(frozen=True)
class SearchQuery:
    """SEARCH's attributes (soju.im/search): what to look for, where and when."""

    conversations: tuple[str, ...]
    private_of: str = ""
    """Also the private conversations of this identity key (empty: none)."""
    text: str = ""
    sender: str = ""
    """The casefolded nick of the sender (empty: anyone)."""
    after: float = float("-inf")
    before: float = float("inf")
    limit: int = 100


class HistoryStore(Protocol):
    """A message store as the server core uses it. None of these methods raise."""

    @property
    def problem(self) -> str:
        """Empty while the store works; otherwise the sentence that says why it stopped."""
        ...

    def record(self, entry: StoredMessage) -> None:
        """Keep `entry` (its `order` is ignored and given by the store)."""
        ...

    def find(self, conversation: str, msgid: str) -> StoredMessage | None:
        """The entry with this msgid in this conversation, if it is kept."""
        ...

    def between(
        self,
        conversation: str,
        after: Position,
        before: Position,
        limit: int,
        newest: bool,
        events: bool,
    ) -> list[StoredMessage]:
        """Up to `limit` entries strictly between two positions, oldest first.

        newest: take the ones nearest `before` (else nearest `after`) when there are more.
        events: joins, parts, kicks, topics, modes and quits too, not only messages.
        """
        ...

    def targets(
        self, conversations: Sequence[str], private_of: str, after: float, before: float, limit: int
    ) -> list[tuple[str, float]]:
        """Conversations with entries in the time span, with the time of their latest one.

        The ones named, plus the private conversations of the identity key `private_of`;
        oldest first.
        """
        ...

    def search(self, query: SearchQuery) -> list[StoredMessage]:
        """Messages (PRIVMSG, NOTICE) matching `query`, oldest first, the newest kept."""
        ...


def private_conversation(key: str, other: str) -> str:
    """The conversation name of two people's identity keys: the same whichever of them asks."""
    return PRIVATE_SEPARATOR.join(sorted((key, other)))


def other_person(conversation: str, key: str) -> str:
    """In a private conversation, the identity key of the one who is not `key`."""
    first, _, second = conversation.partition(PRIVATE_SEPARATOR)
    return second if first == key else first
