"""What a command handler may use of the server: the model, the settings, the clock, and ways
to answer. ServerState is the one server that has all of it.

Handlers and the topic modules depend on this description, never on state.py, so state.py
can import them to build its command table (dispatch.py) without an import cycle. It names
only data (model.py and the modules it lists), never a module with handlers.
"""

from collections import deque
from typing import Protocol

from chatgui.protocol.message import Message
from chatgui.protocol.server.message_store import HistoryStore
from chatgui.protocol.server.model import (
    Channel,
    Departed,
    HeldNames,
    HostKey,
    Person,
    ServerConfig,
)
from chatgui.protocol.server.nick_table import NickTable
from chatgui.protocol.server.outgoing import Written
from chatgui.protocol.server.per_computer import GuessLimiter, KnownAccounts
from chatgui.protocol.server.watchers import Watchers
from chatgui.protocol.server.welcome import WelcomeCache
from chatgui.protocol.server.wordfilter import WordFilter


class ServerContext(Protocol):
    """The server as its handlers see it."""

    config: ServerConfig
    flood_control: bool
    """Whether anyone is ever slowed down (config.flood_control)."""
    now: float
    """The time of the event being handled, passed in by the network layer."""
    history: HistoryStore | None
    people: dict[int, Person]
    """Everyone connected, by connection."""
    nicks: NickTable
    """Everyone registered, by folded name (and by look: nick_table.py)."""
    opers: set[int]
    """Connections with the operator mode (o), counted by LUSERS."""
    hosts: set[int]
    """The host's connections, made by take_charge (host_key.py)."""
    welcome: WelcomeCache
    """The welcome's lines that are the same for everyone (welcome.py)."""
    channels: dict[str, Channel]
    """Every room, by folded name."""
    students_open_rooms: bool
    rooms_changed: int
    whowas: deque[Departed]
    word_filter: WordFilter
    guesses: GuessLimiter
    account_guesses: GuessLimiter
    known_accounts: KnownAccounts
    held: HeldNames
    host_key: HostKey | None
    watchers: Watchers

    def send(self, person: Person, message: Message) -> None: ...

    def send_written(self, person: Person, written: Written) -> None:
        """Lines to `person` written as one piece (welcome.py: a welcome, LUSERS, the MOTD)."""

    def send_to_all(self, people: list[Person], message: Message) -> None:
        """One message to each of `people`, serialized once per set of tags they take."""

    def send_to_channel(
        self, channel: Channel, message: Message, skip: Person | None = None
    ) -> None: ...

    def reply(self, person: Person, command: str, *params: str) -> None:
        """A numeric to `person`, who is its first parameter."""

    def fail(self, person: Person, command: str, code: str, text: str, *context: str) -> None:
        """An IRCv3 standard reply, or IRC's own answer to a client without them."""

    def charge(self, person: Person, units: int, own: bool = True) -> None:
        """Count `units` lines of work for `person`'s address and (`own`) their flood timer."""

    def alert(self, text: str) -> None:
        """Tell the host `text` (a sentence)."""

    def server_tags(self) -> dict[str, str]:
        """Tags of a relayed message: its time and a new msgid."""

    def remember(self, conversation: str, message: Message, sender_key: str = "") -> None:
        """Keep a relayed message or event in the history, if there is one."""

    def find_person(self, nick: str) -> Person | None: ...

    def find_channel(self, name: str) -> Channel | None: ...

    def close(self, person: Person, reason: str, error_text: str) -> None:
        """Send ERROR, tell the others the person quit with `reason`, and close."""

    def remove_person(self, person: Person, reason: str) -> None:
        """Take the person out of every room and tell those who shared one (QUIT)."""

    def neighbours(self, person: Person) -> list[Person]:
        """Everyone else who shares at least one room with `person`."""

    def leave_channel(self, person: Person, key: str) -> None:
        """Remove the membership; an empty room is forgotten unless kept open."""
