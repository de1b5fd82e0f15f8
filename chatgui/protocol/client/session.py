"""ClientSession: one connection's IRC conversation, as a state machine without I/O.

The network layer hands it each Message received and gets back events for the window;
what the session wants sent waits in `outgoing` until the network layer takes it. Handlers
for incoming commands live in rooms.py and incoming.py, registered in the table below.
"""

import re
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field

from chatgui import limits
from chatgui.events import (
    ChatEvent,
    Connected,
    MessageReceived,
    NameTaken,
    Problem,
    ServerText,
)
from chatgui.protocol import names, numerics
from chatgui.protocol.client import secrecy
from chatgui.protocol.message import Message
from chatgui.protocol.text import is_number, without_controls

HAND_CAP = "chatgui.invalid/hands"
"""Asks a chatgui server for raised hands in a form made to be parsed (hands.py); a vendor
capability, so named after a domain, as IRCv3 asks (docs/protocol.md)."""

WANTED_CAPS = frozenset(
    {
        "message-tags",
        "server-time",
        "echo-message",
        "batch",
        "labeled-response",
        "multi-prefix",
        "userhost-in-names",
        "away-notify",
        "invite-notify",
        "cap-notify",
        "standard-replies",
        "setname",
        "draft/chathistory",
        "draft/multiline",
        "soju.im/search",
        HAND_CAP,
    }
)

SASL_CAP = "sasl"
SASL_MECHANISM = "PLAIN"
"""Asked for only with a password to prove (sasl.py), so never from a server that can't."""

Handler = Callable[["ClientSession", Message], None]
HANDLERS: dict[str, Handler] = {}


def on(*commands: str) -> Callable[[Handler], Handler]:
    """Register the decorated function as the handler of incoming `commands`."""

    def register(handler: Handler) -> Handler:
        for command in commands:
            if command in HANDLERS:  # two handlers for one command: one would be lost
                raise ValueError(f"{command} already has a handler: {HANDLERS[command]}")
            HANDLERS[command] = handler
        return handler

    return register


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


class ClientSession:
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
        self.outgoing: list[Message] = []
        self.events: list[ChatEvent] = []
        self.batches: dict[str, OpenBatch] = {}
        self.listing: list[tuple[str, int, str]] = []
        self.awaiting_echo: deque[PendingEcho] = deque()
        self.came_back: list[str] = []  # people MONITOR says are here again, for the client
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

    # --- What the network layer calls ---

    def start(self) -> list[Message]:
        """The first lines to send: capability negotiation, then the person's name."""
        self.send(Message("CAP", ("LS", "302")))
        if self.password:
            self.send(Message("PASS", (self.password,)))
        self.send(Message("NICK", (self.nick,)))
        self.send(Message("USER", (_user_name(self.nick), "0", "*", self.realname)))
        return self.take_outgoing()

    def receive(self, message: Message, now: float) -> list[ChatEvent]:
        """Handle one message from the server; return what the window should learn."""
        self.now = now
        handler = HANDLERS.get(message.command)
        if handler is not None:
            handler(self, message)
        elif message.command.isdigit() and "400" <= message.command < "600" and says_why(message):
            target = message.param(1)
            conversation = target if names.is_channel(target) else None
            text = message.params[-1]
            self.problem(conversation, text, message.command)
        events, self.events = self.events, []
        return events

    def take_outgoing(self) -> list[Message]:
        out, self.outgoing = self.outgoing, []
        return out

    # --- What handlers call ---

    def send(self, message: Message) -> None:
        if not secrecy.held_back(self, message):  # a password on a plain connection: said
            self.outgoing.append(message)

    def emit(self, event: ChatEvent) -> None:
        self.events.append(event)

    def problem(self, conversation: str | None, text: str, code: str = "") -> None:
        self.emit(Problem(conversation, text, code))

    def is_me(self, nick: str | None) -> bool:
        return nick is not None and names.casefold(nick) == names.casefold(self.nick)

    def room(self, channel: str) -> Room | None:
        return self.rooms.get(names.casefold(channel))

    def rename(self, nick: str) -> list[Message]:
        """The lines that change our name to `nick` as typed: on a server of plain names, its
        ASCII form, and SETNAME (where offered) so the typed name stays our real name."""
        if not self.plain_letters or nick.isascii():
            return [Message("NICK", (nick,))]
        setname = [Message("SETNAME", (nick,))] if "setname" in self.caps else []
        return [Message("NICK", (_plain(nick),)), *setname]

    def prefixes(self) -> dict[str, str]:
        """Member mode letter → prefix symbol, from ISUPPORT PREFIX (default (ov)@+)."""
        letters, _, symbols = self.isupport.get("PREFIX", "(ov)@+").lstrip("(").partition(")")
        return dict(zip(letters, symbols, strict=False))


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


def sasl_wanted(session: ClientSession) -> bool:
    """Ask for `sasl`: we have a password, may send it, and the server offers PLAIN (or
    names no list)."""
    if session.sasl_password is None or SASL_CAP not in session.caps_offered:
        return False
    if not session.may_send_secrets:
        return False
    mechanisms = session.caps_offered[SASL_CAP]
    return not mechanisms or SASL_MECHANISM in mechanisms.split(",")


def _user_name(nick: str) -> str:
    return "".join(c for c in nick if c.isascii() and c.isalnum())[:10] or "chatgui"


@on("CAP")
def _on_cap(session: ClientSession, message: Message) -> None:
    sub = message.param(1).upper()
    listed = message.params[-1].split() if len(message.params) > 2 else []
    if sub == "LS":
        more = len(message.params) > 3 and message.param(2) == "*"
        for token in listed:
            name, _, value = token.partition("=")
            session.caps_offered[name] = value
        if not more and not session.registered:
            wanted = sorted(WANTED_CAPS & session.caps_offered.keys())
            if sasl_wanted(session):
                wanted.append(SASL_CAP)
            else:
                secrecy.identity_held_back(session, SASL_CAP in session.caps_offered)
            if wanted:
                session.send(Message("CAP", ("REQ", " ".join(wanted))))
            else:
                session.send(Message("CAP", ("END",)))
    elif sub in ("ACK", "NAK"):
        if sub == "ACK":
            for name in listed:
                if name.startswith("-"):
                    session.caps.discard(name[1:])
                else:
                    session.caps.add(name)
        if sub == "ACK" and SASL_CAP in listed and sasl_wanted(session):
            session.sasl_pending = True  # CAP END once the server said how it went (sasl.py)
            session.send(Message("AUTHENTICATE", (SASL_MECHANISM,)))
        elif not session.registered:
            session.send(Message("CAP", ("END",)))
    elif sub == "NEW":
        offered = {t.partition("=")[0] for t in listed}
        session.caps_offered.update(dict.fromkeys(offered, ""))
        wanted = sorted((WANTED_CAPS & offered) - session.caps)
        if wanted:
            session.send(Message("CAP", ("REQ", " ".join(wanted))))
    elif sub == "DEL":
        for name in listed:
            session.caps.discard(name)


@on(numerics.RPL_WELCOME)
def _on_welcome(session: ClientSession, message: Message) -> None:
    session.registered = True
    if is_word(message.param(0)):  # the name the server gave us, if it says one
        session.nick = message.param(0)
    session.server_name = message.source or ""


@on(numerics.RPL_ISUPPORT)
def _on_isupport(session: ClientSession, message: Message) -> None:
    for token in message.params[1:-1]:
        key, _, value = token.partition("=")
        session.isupport[key.upper()] = _isupport_unescape(value)


def _isupport_unescape(value: str) -> str:
    """ISUPPORT values write awkward characters as \\xHH ("Class\\x20chat"); control
    characters written that way are left out, as the window shows these values as names."""
    unescaped = re.sub(r"\\x([0-9A-Fa-f]{2})", lambda m: chr(int(m.group(1), 16)), value)
    return without_controls(unescaped)


@on(numerics.RPL_ENDOFMOTD, numerics.ERR_NOMOTD)
def _on_ready(session: ClientSession, message: Message) -> None:
    if session.connected or not session.registered:
        return  # once, and only after the welcome (001): before it we can't join anything
    session.connected = True
    network = session.isupport.get("NETWORK", session.server_name)
    session.emit(Connected(session.server_name, session.nick, network, frozenset(session.caps)))
    if session.plain_letters or names.casefold(session.nick) != names.casefold(session.wanted_nick):
        session.emit(NameTaken(session.wanted_nick, session.nick, session.plain_letters))


@on(numerics.RPL_MOTD, numerics.RPL_MOTDSTART)
def _on_motd(session: ClientSession, message: Message) -> None:
    if len(message.params) > 1:  # ":server 372 nick :- text"; without the text, nothing to show
        session.emit(ServerText(message.param(1).removeprefix("- ")))


@on(numerics.ERR_NICKNAMEINUSE, numerics.ERR_ERRONEUSNICKNAME)
def _on_nick_refused(session: ClientSession, message: Message) -> None:
    if session.registered:
        if not message.param(1):
            return  # which name, the line does not say
        reason = message.param(2, "the server refused it")
        session.problem(None, f"The name {message.param(1)} can't be used: {reason}")
        return
    if message.command == numerics.ERR_ERRONEUSNICKNAME:
        _name_refused(session, message.param(2))
        return
    if session.nick_attempt > limits.NICK_RETRIES:
        session.failure = "nick unavailable"
        session.send(Message("QUIT", ("No free name",)))
        return
    session.nick_attempt += 1
    base = _plain(session.wanted_nick) if session.plain_letters else session.wanted_nick
    session.nick = f"{base[: limits.NICK_MAX_CHARS - 3]}_{session.nick_attempt}"
    session.send(Message("NICK", (session.nick,)))


def _name_refused(session: ClientSession, reason: str) -> None:
    """The server refused the name itself (432). A name of other letters ("Zoë", "李明") on a
    server that takes only ASCII names (ngIRCd, InspIRCd) becomes its plain form ("Zoe"), the
    typed name staying our real name; any other refusal ends the attempt with its reason (a
    chatgui room: "That name could be mistaken for the teacher's …")."""
    if not session.plain_letters and not session.nick.isascii():
        session.plain_letters = True
        session.nick = _plain(session.wanted_nick)
        session.send(Message("NICK", (session.nick,)))
        return
    session.failure = "name refused"
    session.failure_detail = without_controls(reason)
    session.send(Message("QUIT", ("Name refused",)))


def _plain(name: str) -> str:
    """The ASCII form of a name for a server that takes no other letters; "Guest" when none of
    its letters has one (李明)."""
    return names.ascii_nick(name) or "Guest"


@on(numerics.ERR_PASSWDMISMATCH)
def _on_bad_password(session: ClientSession, message: Message) -> None:
    if not session.registered:
        said = message.params[-1].lower() if message.params else ""
        session.failure = "wrong host key" if "host key" in said else "wrong password"


@on(numerics.ERR_YOUREBANNEDCREEP)
def _on_banned(session: ClientSession, message: Message) -> None:
    session.failure = "banned"


@on("ERROR")
def _on_error(session: ClientSession, message: Message) -> None:
    session.error_text = message.param(0)
    lowered = session.error_text.lower()
    if session.registered or session.failure:
        return
    if "full" in lowered or "too many" in lowered:
        session.failure = "server full"
    elif "password" in lowered or ("access denied" in lowered and session.password):
        # InspIRCd names no reason: a password that matches no <connect> block gets "Access
        # denied by configuration". We gave one, so that is the likely fault to point at.
        session.failure = "wrong password"
    elif "banned" in lowered or "k-lined" in lowered:
        session.failure = "banned"


@on("PING")
def _on_ping(session: ClientSession, message: Message) -> None:
    session.send(Message("PONG", message.params[-1:]))


@on("PONG")
def _on_pong(session: ClientSession, message: Message) -> None:
    """Any line proves the server is there; the network layer notes the time."""
