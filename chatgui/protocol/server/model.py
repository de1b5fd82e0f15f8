"""What the server knows: its settings, the people connected and the rooms.

Plain data, owned by ServerState. Each person is keyed by a connection id that the network
layer chooses, never by an address: two people on one PC are two connections.
"""

from collections import deque
from dataclasses import dataclass, field, replace
from typing import Generic, TypeVar, overload

from chatgui import limits
from chatgui.protocol.message import Message


@dataclass(frozen=True)
class ServerConfig:
    """Settings the host chooses; the limits default to chatgui.limits."""

    name: str = "chatgui.local"
    network: str = "chatgui"
    version: str = "0"
    password: str | None = None
    host_secret: str | None = None
    host_key: str | None = None
    """The one-time host key `serve` printed: whoever presents it first becomes the host."""
    host_name: str | None = None
    """The host's name, held for the host from the start (`serve --host NAME`)."""
    room_key: str | None = None
    """The key (+k) the kept rooms start with: people then join with JOIN #room <key>."""
    opers: tuple[tuple[str, str], ...] = ()
    motd: tuple[str, ...] = ("Welcome to the class chat. Be kind.",)
    rooms: tuple[str, ...] = ()
    students_open_rooms: bool = True
    """Whether people who are not the host or a helper of the host may open new rooms (a
    JOIN of a room that does not exist). On, as on any IRC server, unless the host says;
    the window and `serve --room` choose (docs/architecture.md, "Every room")."""
    msgid_prefix: str = "m"
    created: str = ""
    flood_cost_s: float = limits.FLOOD_COST_S
    """Penalty per line a person sends, 1 / the lines a second they may keep up; 0: no flood
    control at all, for a person or an address (with_flood)."""
    flood_allowance_s: float = limits.FLOOD_ALLOWANCE_S
    """Penalty a person may run up before their lines wait: their burst times the cost."""
    address_flood_cost_s: float = limits.ADDRESS_FLOOD_COST_S
    """Penalty per line on the sender's address, shared by all its connections. An address
    never gets less than one person (state.address_shares)."""
    address_flood_allowance_s: float = limits.ADDRESS_FLOOD_ALLOWANCE_S
    max_per_address: int | None = limits.MAX_CONNECTIONS_PER_ADDRESS
    """Connections one computer may have (admission.py); None: only MAX_CONNECTIONS bounds them."""
    ping_idle_s: float = limits.PING_IDLE_S
    ping_timeout_s: float = limits.PING_TIMEOUT_S
    registration_timeout_s: float = limits.REGISTRATION_TIMEOUT_S
    keep_private: bool = False
    """Keep private messages in the history too (off: only rooms are kept)."""
    replay_messages: int = limits.HISTORY_REPLAY_MESSAGES
    history_days: float = limits.HISTORY_RETENTION_DAYS
    history_per_room: int = limits.HISTORY_MAX_PER_ROOM
    history_max_bytes: int = limits.HISTORY_MAX_BYTES
    utc_offset_s: int = 0
    """The host's time zone, for the "[HH:MM] " of replays to clients without server-time."""
    word_filter: tuple[str, ...] = ()
    """Words refused or masked in messages from the start (ChatServer.set_word_filter later)."""
    word_filter_action: str = "block"
    """"block" refuses a message with a filtered word; "mask" shows it as ***."""
    account_key: bytes = field(default=b"", repr=False)  # a secret: never in a log line
    """The secret under which SASL PLAIN names and passwords become accounts (sasl.py). The
    same key gives the same accounts: ChatServer keeps it beside the history. Empty: no SASL."""

    def with_flood(self, pace: tuple[float, int] | None) -> "ServerConfig":
        """These settings with each person let `pace` = (lines a second, burst) through:
        the burst at once, then that many a second; None: no flood control (a benchmark,
        a trusted room)."""
        if pace is None:
            return replace(self, flood_cost_s=0.0, flood_allowance_s=0.0)
        lines_per_s, burst = pace
        return replace(self, flood_cost_s=1 / lines_per_s, flood_allowance_s=burst / lines_per_s)

    @property
    def flood_control(self) -> bool:
        """Whether anyone is ever slowed down (with_flood(None) turns it off)."""
        return self.flood_cost_s > 0


@dataclass
class Multiline:
    """A draft/multiline batch a person is sending, collected until BATCH -ref."""

    ref: str
    target: str
    command: str
    tags: dict[str, str]
    label: str = ""
    lines: list[tuple[str, bool]] = field(default_factory=list)
    size: int = 0
    failed: bool = False
    """Refused (FAIL sent): its remaining lines are dropped until BATCH -ref closes it."""


@dataclass(slots=True)
class Seldom:
    """What few people ever have: a password, an away text, an account, a SASL exchange...
    Made for a person the first time one of these is set (Person's fields of the same names),
    so an idle student's Person keeps one empty slot for all of them."""

    password: str | None = None
    away: str | None = None
    account: str | None = None
    """The identity this person proved (SASL), which outlasts the connection and the nick;
    None for someone who proved none."""
    sasl_said: str | None = None
    """The base64 of an AUTHENTICATE exchange under way, so far; None when none is."""
    sasl_tries: int = 0
    """AUTHENTICATE exchanges this connection started (sasl.py bounds them)."""
    host_only: bool = False
    """Let in over the room's limits for the host's own window: closed unless it shows the
    host secret before registering."""
    last_cleared: float = float("-inf")
    """When this person last cleared everyone's screen in a room (clear_screen.py)."""


_NONE_SELDOM = Seldom()
"""What a person who never set any of Seldom's fields has: read, never changed."""

_Field = TypeVar("_Field")


class _SeldomField(Generic[_Field]):
    """A Person field kept in its Seldom: reads the default while there is none, and setting
    the default makes none."""

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    @overload
    def __get__(self, person: None, owner: type) -> "_SeldomField[_Field]": ...
    @overload
    def __get__(self, person: "Person", owner: type) -> _Field: ...
    def __get__(self, person: "Person | None", owner: type) -> "_SeldomField[_Field] | _Field":
        if person is None:
            return self
        # Annotated rather than cast(): one call less on a read made for every message.
        value: _Field = getattr(person.seldom or _NONE_SELDOM, self.name)
        return value

    def __set__(self, person: "Person", value: _Field) -> None:
        if person.seldom is None:
            if value == getattr(_NONE_SELDOM, self.name):
                return
            person.seldom = Seldom()
        setattr(person.seldom, self.name, value)


@dataclass(slots=True)  # hundreds of these: no per-object __dict__
class Person:
    """One connection and who is behind it."""

    conn: int
    host: str
    connected_at: float
    nick: str = "*"
    user: str = ""
    realname: str = ""
    registered: bool = False
    cap_negotiating: bool = False
    cap_version: int = 0
    # Hundreds of people: what seldom changes is replaced whole, not kept as a set each (an
    # empty set is 216 bytes, the empty frozenset is shared), and rooms are a short tuple.
    caps: frozenset[str] = frozenset()
    modes: frozenset[str] = frozenset()
    channels: tuple[str, ...] = ()
    """The rooms joined (folded names, as server.channels keys them), in the order joined."""
    is_host: bool = False
    last_heard: float = 0.0
    last_spoke: float = 0.0
    ping_sent_at: float | None = None
    flood_timer: float = 0.0
    multiline: Multiline | None = None
    computer: str = ""
    """What this person's computer's limits are counted by (names.computer_of(host))."""
    seldom: Seldom | None = None
    """Their fields below, once one is set (most people never set any)."""

    password = _SeldomField[str | None]()
    away = _SeldomField[str | None]()
    account = _SeldomField[str | None]()
    sasl_said = _SeldomField[str | None]()
    sasl_tries = _SeldomField[int]()
    host_only = _SeldomField[bool]()
    last_cleared = _SeldomField[float]()

    @property
    def prefix(self) -> str:
        """nick!user@host, the source of everything this person does."""
        return f"{self.nick}!{self.user or '~u'}@{self.host}"


@dataclass(slots=True)
class Channel:
    """One room: members with their status, topic, modes and lists."""

    name: str
    created: float
    members: dict[int, frozenset[str]] = field(default_factory=dict)
    """Connection -> its status in the room ("o", "v"...; most have none: one shared empty);
    changed only through join(), set_status() and drop_member(), which keep `ops` and
    `readers` beside it."""
    readers: tuple[tuple[frozenset[str], list[int]], ...] = ()
    """The members grouped by the capabilities that decide the tags they get (tags.takes), at
    most ROOM_GROUP_SIZE a group (a large room has several groups taking the same): a message to
    the room is one line per set of tags, with no look at each member. A group's list is
    replaced, never changed, so a line queued before a join or a part keeps the people it had
    (a Send's conns); a join copies one small group, not the room."""
    ops: set[int] = field(default_factory=set)
    """The members whose status has "o": a new name is checked against the host's and
    helpers' without a look at everyone in the room (lookalikes.names_of_authority)."""
    topic: str = ""
    topic_by: str = ""
    topic_at: float = 0.0
    modes: set[str] = field(default_factory=lambda: {"n", "t"})
    key: str | None = None
    limit: int | None = None
    bans: list[tuple[str, str, float]] = field(default_factory=list)
    """(mask, set by, when): bans, and mutes as "m:<mask>" (the mute extban)."""
    covered: dict[str, set[int]] = field(default_factory=dict)
    """Each ban's or mute's mask -> the connections it matched when set: a new name or
    leaving and coming back does not get them out of it while they stay connected."""
    verdicts: dict[int, tuple[str, bool, bool]] = field(default_factory=dict)
    """Connection -> (the name it had, banned, muted): each message is not checked against
    every mask again; forgotten when the ban list changes."""
    key_holders: set[str] = field(default_factory=set)
    """Who was let in under the current room password (keys.holder_of): they come back after
    an outage without it, since only the host and helpers are shown it."""
    invited: set[int] = field(default_factory=set)
    """Connections the host or a helper let in past the current lock (+i)."""
    slow_s: int | None = None
    """Slow mode (+W): seconds each person must wait between messages, or None."""
    last_said: dict[int, float] = field(default_factory=dict)
    """When each member (by connection) last talked here, kept only while slow mode is on."""
    hands: dict[int, float] = field(default_factory=dict)
    """Raised hands: connection -> when raised, in the order they went up."""
    last_raised: dict[int, float] = field(default_factory=dict)
    """When each member last raised a hand here: again within HAND_RAISE_GAP_S is refused."""
    made_by: tuple[int, str] | None = None
    """(connection, computer) of the person who made the room; None for the host's rooms."""

    def set_status(self, conn: int, status: frozenset[str]) -> None:
        """`conn` is a member with `status` now (joining, or a mode change)."""
        self.members[conn] = status
        if "o" in status:
            self.ops.add(conn)
        else:
            self.ops.discard(conn)

    def join(self, conn: int, status: frozenset[str], takes: frozenset[str]) -> None:
        """`conn`, who takes the tags `takes` allows, is a member now, with `status`."""
        if conn not in self.members:
            self._seat(conn, takes)
        self.set_status(conn, status)

    def retake(self, conn: int, takes: frozenset[str]) -> None:
        """Member `conn` changed its capabilities: it takes the tags `takes` allows now."""
        if conn in self.members:
            self._unseat(conn)
            self._seat(conn, takes)

    def drop_member(self, conn: int) -> None:
        """`conn` is a member no more."""
        if self.members.pop(conn, None) is not None:
            self._unseat(conn)
        self.ops.discard(conn)

    def _seat(self, conn: int, takes: frozenset[str]) -> None:
        """Into the first group taking the same with room left, or a new one."""
        groups = list(self.readers)
        for i, (held, conns) in enumerate(groups):
            if held == takes and len(conns) < limits.ROOM_GROUP_SIZE:
                groups[i] = (held, [*conns, conn])
                break
        else:
            groups.append((takes, [conn]))
        self.readers = tuple(groups)

    def _unseat(self, conn: int) -> None:
        groups = (
            (k, [c for c in conns if c != conn] if conn in conns else conns)
            for k, conns in self.readers
        )
        self.readers = tuple((k, conns) for k, conns in groups if conns)


@dataclass(slots=True)
class HostKey:
    """The key `serve` printed, and who used it (None until it is used)."""

    key: str
    used_by: "tuple[str | None, str] | None" = None
    """(account, computer) of the person who presented it first."""


@dataclass(slots=True)
class HelperHold:
    """A helper's name, kept for them until `until`."""

    nick: str
    account: str | None
    computer: str
    until: float
    rooms: frozenset[str]
    """The host's rooms (folded) they were a helper in: given back when they rejoin."""


@dataclass
class HeldNames:
    """Every held name, and the rooms where returning helpers are helpers again."""

    host_nick: str | None = None
    host_away_since: float | None = None
    """When the host's last connection went; None while a host is here (or before one came)."""
    helpers: dict[str, HelperHold] = field(default_factory=dict)
    """Folded nick -> hold, oldest first."""
    returning: dict[int, set[str]] = field(default_factory=dict)
    """Connection -> rooms (folded) where it is a helper again when it joins."""


@dataclass(frozen=True)
class Departed:
    """Someone who left, for WHOWAS."""

    nick: str
    user: str
    host: str
    realname: str


def whowas_history() -> deque[Departed]:
    return deque(maxlen=limits.WHOWAS_HISTORY)


def numeric_reply(server: str, person: Person, error: Message) -> Message:
    """A core error's reply addressed to `person` from `server` (its "*" target filled in)."""
    return Message(error.command, (person.nick, *error.params[1:]), server)
