"""SessionState: what one connection knows, and the few things a handler may do with it.

Every handler of a server line (registration.py, rooms.py, incoming.py …) is a function of
(SessionState, Message): it reads and changes the state, and queues what it wants sent
(`send`) and what the window should learn (`emit`). ClientSession (session.py) builds on it
and hands both back as one Result per call; handlers never see that API.
"""

from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field

from chatgui.events import ChatEvent, MessageReceived, Problem
from chatgui.protocol import caps, names
from chatgui.protocol.client import secrecy
from chatgui.protocol.message import Message
from chatgui.protocol.text import is_number


@dataclass
class OpenBatch:
    """A batch the server started and has not ended yet."""

    kind: str
    tags: dict[str, str]
    target: str = ""  # what the batch is about (a chathistory batch's room)
    lines: list[Message] = field(default_factory=list)


@dataclass
class PendingEcho:
    """Our message `local_id` to `target`, sent; `echoes_left` answers must come back first.

    The server answers every line in order, with its echo or with an error numeric, so the
    oldest pending message is always the one an answer belongs to.
    """

    local_id: int
    target: str
    echoes_left: int


@dataclass
class RoomMarks:
    """The newest and oldest message of a room that the window shows, by msgid.

    Kept by the network layer across connections, so that a reconnect asks for exactly the
    messages after the newest, and "load older" for those before the oldest.
    """

    newest: str = ""
    oldest: str = ""


@dataclass
class Fetch:
    """A history request for one room, not answered in full yet (chathistory.py).

    `older`: messages before the oldest shown; otherwise the catch-up on joining, by LATEST
    or, when `after`, by AFTER page after page. Live messages of the room that arrive during
    a catch-up wait in `held`, so nothing comes out twice or out of order.
    """

    room: str
    older: bool
    asked: int
    after: bool = False
    got: list[MessageReceived] = field(default_factory=list)
    held: list[MessageReceived] = field(default_factory=list)
    then_older: bool = False
    asked_at: float = 0.0  # the session's `now` when the last page was asked for


@dataclass
class Room:
    """What we know of one channel we are in."""

    name: str
    members: dict[str, tuple[str, str]] = field(default_factory=dict)  # folded → (nick, modes)
    topic: str = ""
    names_complete: bool = True
    modes: dict[str, str] = field(default_factory=dict)  # letter → parameter ("" if none)
    mutes: set[str] = field(default_factory=set)  # masks of the m: extban, "Sam!*@*"
    bans: dict[str, str] = field(default_factory=dict)  # ban mask → who set it ("" unknown)
    listed_bans: dict[str, str] | None = None  # a ban list (367) being read, until its 368
    hands: dict[str, tuple[str, float]] = field(default_factory=dict)  # folded → (nick, time)


class SessionState:
    """Registration, capabilities, rooms and people for one connection."""

    def __init__(
        self,
        nick: str,
        password: str | None = None,
        version: str = "chatgui",
        marks: dict[str, RoomMarks] | None = None,
        sasl_password: str | None = None,
        realname: str = "",
        may_send_secrets: bool = False,
    ) -> None:
        """sasl_password: what to prove with SASL PLAIN when offered (sasl.py); None: never.
        may_send_secrets: the connection is TLS or to loopback (secrecy.py); else passwords
        are held back and said."""
        self.wanted_nick = nick
        self.nick = nick
        self.realname = realname or nick
        """The name as the person typed it ("Zoë"), sent with USER: the real name that other
        programs show beside the nick, even where the nick has to be plain ("Zoe")."""
        self.plain_letters = False
        """The server refused our name of other letters (432): we use its ASCII form."""
        self.failure_detail = ""
        self.password = password
        self.version = version
        self.registered = False
        self.connected = False
        self.server_name = ""
        self.caps_offered: dict[str, str] = {}
        self.caps: set[str] = set()
        self.isupport: dict[str, str] = {}
        self.rooms: dict[str, Room] = {}
        self.away: set[str] = set()
        self.addresses: dict[str, str] = {}  # folded nick → host, learned from JOIN and WHO
        self.typed_names: dict[str, str] = {}  # folded nick → "Zoë" for "Zoe" (rooms.py, WHO)
        self.error_text: str | None = None
        self.failure: str | None = None
        self.outgoing: list[Message] = []  # queued by handlers until the call ends
        self.events: list[ChatEvent] = []  # the same, for the window
        self.came_back: list[str] = []  # people MONITOR says are here again (monitor.py)
        self.batches: dict[str, OpenBatch] = {}
        self.listing: list[tuple[str, int, str]] = []
        self.awaiting_echo: deque[PendingEcho] = deque()
        self.watching: set[str] = set()  # folded nicks we asked MONITOR about (monitor.py)
        self.marks: dict[str, RoomMarks] = {} if marks is None else marks  # folded room → marks
        self.fetches: dict[str, Fetch] = {}  # folded room → its request in flight
        self.searches: deque[tuple[str, str]] = deque()  # (room, text) of searches asked, in order
        self.now = 0.0
        self.nick_attempt = 1
        self.sasl_password = sasl_password
        self.sasl_pending = False  # an AUTHENTICATE exchange under way: CAP END waits for it
        self.account: str | None = None  # the account the server says we proved
        self.may_send_secrets = may_send_secrets

    def send(self, message: Message) -> None:
        """Queue `message`, unless it carries a password this connection may not carry: then
        it is said instead (Problem, NOT_ENCRYPTED), and a server password ends the attempt."""
        what = secrecy.held_back(message, self.may_send_secrets)
        if what is None:
            self.outgoing.append(message)
        elif what == secrecy.SERVER_PASSWORD:
            self.failure = "not encrypted"
        else:
            room = message.param(0) if what == secrecy.ROOM_PASSWORD else None
            self.problem(room, what, secrecy.NOT_ENCRYPTED)

    def emit(self, event: ChatEvent) -> None:
        self.events.append(event)

    def problem(self, conversation: str | None, text: str, code: str = "") -> None:
        self.emit(Problem(conversation, text, code))

    def is_me(self, nick: str | None) -> bool:
        return nick is not None and names.casefold(nick) == names.casefold(self.nick)

    def room(self, channel: str) -> Room | None:
        return self.rooms.get(names.casefold(channel))

    def prefixes(self) -> dict[str, str]:
        """Member mode letter → prefix symbol, from ISUPPORT PREFIX (default (ov)@+)."""
        letters, _, symbols = self.isupport.get(caps.PREFIX, "(ov)@+").lstrip("(").partition(")")
        return dict(zip(letters, symbols, strict=False))


Handler = Callable[[SessionState, Message], None]
Handlers = dict[str, Handler]
"""Command (or numeric) → its handler: each handler module exports one as HANDLERS."""


def says_why(message: Message) -> bool:
    """True for an error numeric with its text (`<our nick> [<subject>] :<text>`): one cut
    short says nothing a person could act on, so it is ignored rather than shown as "401"."""
    return len(message.params) >= 2


def is_word(text: str) -> bool:
    """True when `text` can go back to the server as a middle parameter (a room, a name, an
    id): a server may send us anything, and we must never queue a line that can't be sent."""
    return bool(text) and " " not in text and not text.startswith(":")


def count(text: str, default: int = 0) -> int:
    """A number the server wrote ("50"), or `default` for anything else: "-1", "²", or a
    thousand digits (int() refuses more than 4300)."""
    return int(text) if is_number(text) and len(text) <= 9 else default
