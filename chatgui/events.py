"""Everything that crosses a thread boundary: small frozen dataclasses.

Workers put these on a queue.Queue; the UI (or the `serve` command) takes them off on its
own thread. Imports nothing from chatgui, so every layer can use it.
"""

from dataclasses import dataclass
from typing import TypeAlias


@dataclass(frozen=True)
class HistoryStatus:
    """Whether the host keeps the rooms' messages, where, and for how long.

    Sent inside ServerStarted, and again on its own when it changes (the history stopped).
    `problem` is empty, or the sentence that says why there is no history although it was
    asked for (the file is corrupt, locked, unwritable or full); the room works without it.
    """

    kept: bool = False
    path: str = ""
    private_kept: bool = False
    retention_days: float = 0.0
    messages_per_room: int = 0
    problem: str = ""
    lesson: int = 0
    """The lesson this run keeps and answers from (history/lessons.py); 0 without history."""
    continued: bool = False
    """The lesson was begun by an earlier run (continued by choice, or after a crash)."""


@dataclass(frozen=True)
class HistoryCleared:
    """The host cleared the history of `room` (ChatServer.clear_history)."""

    room: str


@dataclass(frozen=True)
class ServerStarted:
    """The room is open: people can join at any of `addresses` on `port` (the plain port,
    or the TLS one when `plain` is off); with TLS on `tls_port` too, whose key has the
    hex SHA-256 `fingerprint`."""

    addresses: tuple[str, ...]
    port: int
    history: HistoryStatus = HistoryStatus()
    tls_port: int | None = None
    fingerprint: str = ""
    plain: bool = True


@dataclass(frozen=True)
class ServerFailed:
    """The room could not be opened; `reason` says why in words."""

    reason: str


@dataclass(frozen=True)
class ServerStopped:
    """The room is closed and its thread has finished."""


@dataclass(frozen=True)
class WorkerCrashed:
    """A worker thread met an error it could not handle; details are in the log."""

    role: str
    detail: str


@dataclass(frozen=True)
class HostWarning:
    """Something the host should know about their room, in words, e.g. "Someone at
    10.0.0.23 tried 20 wrong room passwords". The room goes on working."""

    text: str


@dataclass(frozen=True)
class RoomsOpen:
    """The rooms on the server changed: `rooms` are the channels there now, the ones the
    host keeps open first (only when asked for: `serve` announces each one)."""

    rooms: tuple[str, ...]


ServerEvent: TypeAlias = (
    ServerStarted
    | ServerFailed
    | ServerStopped
    | WorkerCrashed
    | HistoryStatus
    | HistoryCleared
    | HostWarning
    | RoomsOpen
)


# --- The client: what happened to our connection ---


@dataclass(frozen=True)
class Connecting:
    """A connection attempt started (`attempt` counts from 1 after a loss)."""

    host: str
    port: int
    attempt: int


@dataclass(frozen=True)
class Connected:
    """We are in: registered on `server` as `nick` (which may differ from the one asked for)."""

    server: str
    nick: str
    network: str
    caps: frozenset[str]


@dataclass(frozen=True)
class RoomKeySeen:
    """The room at `host`:`port` showed the TLS key with this hex SHA-256 `fingerprint`,
    and it was the one expected (or none was): nothing was sent before this check."""

    host: str
    port: int
    fingerprint: str


@dataclass(frozen=True)
class ConnectFailed:
    """The attempt gave up. `reason` is one of FAILURE_REASONS; `detail` is for the log."""

    host: str
    port: int
    reason: str
    detail: str


FAILURE_REASONS = (
    "refused",
    "timed out",
    "name not found",
    "no route",
    "server full",
    "wrong password",
    "wrong host key",
    "key changed",
    "wrong code",
    "not trusted",
    "wrong name",
    "expired",
    "not encrypted",
    "banned",
    "tls",
    "no answer",
    "nick unavailable",
    "name refused",
    "other",
)


@dataclass(frozen=True)
class ConnectionLost:
    """The connection broke; the client tries again in `retry_in` seconds (or sooner, when the
    room announces itself). `reason`: a word of FAILURE_REASONS or "lost"; `detail`: for logs."""

    reason: str
    retry_in: float
    detail: str = ""


@dataclass(frozen=True)
class RoomClosed:
    """The host closed the room on purpose; the client will not reconnect."""

    reason: str


@dataclass(frozen=True)
class Disconnected:
    """We left (quit() was called) and the connection is closed."""


# --- The client: people and rooms ---


@dataclass(frozen=True)
class RoomsListed:
    """The answer to LIST: every visible room with its member count and topic."""

    rooms: tuple[tuple[str, int, str], ...]


@dataclass(frozen=True)
class StudentRooms:
    """Whether students may open their own rooms on this server, as its host chose (told to
    the host and helpers: NOTE ROOMS STUDENTS); `text` says it, or who changed it."""

    allowed: bool
    text: str


@dataclass(frozen=True)
class Member:
    """One person in a room: `prefix` is their highest status: "~" for the host, "@" for
    helpers (operators), "+" for voice, "" otherwise. `address` is their host, when known."""

    nick: str
    prefix: str
    away: bool
    address: str = ""
    typed: str = ""
    """Their name as typed where the server made it plain ("Zoë" for "Zoe"), else ""."""


@dataclass(frozen=True)
class MembersChanged:
    """The full member list of `channel` after a join, leave, nick, mode or away change."""

    channel: str
    members: tuple[Member, ...]


@dataclass(frozen=True)
class Joined:
    channel: str
    nick: str
    is_me: bool


@dataclass(frozen=True)
class Parted:
    """Someone left `channel`: by PART, QUIT (`quit` True) or KICK (`by` the kicker)."""

    channel: str
    nick: str
    reason: str
    is_me: bool
    quit: bool = False
    by: str | None = None
    msgid: str | None = None  # a KICK's: the window says it once, also when it is replayed


@dataclass(frozen=True)
class NickChanged:
    """`old` is now called `new`; `rooms` are the rooms we share with them, where it is said."""

    old: str
    new: str
    is_me: bool
    rooms: tuple[str, ...] = ()


@dataclass(frozen=True)
class NameTaken:
    """The server gave us `given` because `wanted` was taken by someone else, or (with
    `plain_letters`) because it takes names in ASCII letters only ("Zoë" is "Zoe" there)."""

    wanted: str
    given: str
    plain_letters: bool = False


@dataclass(frozen=True)
class TopicChanged:
    """The topic of `channel`; `by` is None when it was only reported, not changed."""

    channel: str
    topic: str
    by: str | None


@dataclass(frozen=True)
class RoomModesChanged:
    """The settings of `channel` now: `modes` maps each mode letter that is on to its
    parameter ("" when it has none: {"i": "", "k": "secret", "m": ""}); `mutes` are the masks
    of people muted there (the m: extban, docs/protocol.md)."""

    channel: str
    modes: tuple[tuple[str, str], ...]
    mutes: tuple[str, ...]
    bans: tuple[tuple[str, str], ...] = ()
    """(mask, set by) of each ban, as the room's ban list last said (not the mutes)."""


@dataclass(frozen=True)
class Invited:
    """`by` let us into `channel`, a room we are not in (INVITE): past its lock, if locked."""

    channel: str
    by: str


@dataclass(frozen=True)
class ScreenCleared:
    """`by`, the host or a helper of `channel`, cleared everyone's screen there."""

    channel: str
    by: str


@dataclass(frozen=True)
class Hand:
    """A raised hand: who, and when (seconds since the epoch)."""

    nick: str
    raised_at: float


@dataclass(frozen=True)
class HandsChanged:
    """The queue of raised hands in `channel`, in the order they were raised; `news` is what
    changed, in words ("Sam raised a hand (2nd in line)."), or "" when nothing is to be said."""

    channel: str
    hands: tuple[Hand, ...]
    news: str = ""


@dataclass(frozen=True)
class AwayChanged:
    nick: str
    away: bool
    text: str


# --- The client: messages ---


@dataclass(frozen=True)
class MessageReceived:
    """A message in `conversation` (a channel, or the other person's nick when private).

    `kind` is "message", "action" (/me) or "notice". `own` is True for our own message
    coming back from the server (echo-message, or history). `to_helpers` is True for a
    message only the room's host and helpers see (sent to "@#room", ISUPPORT STATUSMSG).
    `badge` is "~" when the sender is the room's host, "@" when a helper, "" otherwise: from
    the status the server gave them (NAMES, MODE), never from their name. `from_server` is
    True only for the server's own lines (its name as source), never for a person's notice.
    """

    conversation: str
    sender: str
    text: str
    at: float
    msgid: str | None
    kind: str
    own: bool
    to_helpers: bool = False
    badge: str = ""
    from_server: bool = False


@dataclass(frozen=True)
class MessageQueued:
    """Our message `local_id` is waiting to be sent: we are not connected, or (`for_person`)
    the person it is for is not back yet after an outage."""

    local_id: int
    conversation: str
    text: str
    for_person: str = ""


@dataclass(frozen=True)
class MessageSent:
    """Our message `local_id` reached the server (its echo came back, or it was written)."""

    local_id: int
    msgid: str | None
    at: float


@dataclass(frozen=True)
class MessageRefused:
    """The server refused our message `local_id`; `reason` is its explanation, `code` its
    numeric or standard-reply code ("404", "FAIL PRIVMSG SLOW_MODE") for the window's wording."""

    local_id: int
    conversation: str
    reason: str
    code: str = ""


@dataclass(frozen=True)
class Problem:
    """Something the person should know, in words: "You can't talk in #class right now".

    `code` is the numeric or standard-reply code behind it, when the server sent one."""

    conversation: str | None
    text: str
    code: str = ""


@dataclass(frozen=True)
class ServerText:
    """Other text from the server worth showing (MOTD, WHOIS replies, notices)."""

    text: str


@dataclass(frozen=True)
class HistoryLoaded:
    """Messages of `room` from the server's history, oldest first, each one only once.

    `older` True: they come before everything shown (ChatClient.load_older), and `complete`
    says there is nothing earlier. `older` False: they are what was said before we joined or
    while we were away, and `complete` False says there were more than the client fetches
    (limits.HISTORY_CATCH_UP_MAX_MESSAGES), so some were not fetched.
    """

    room: str
    messages: tuple[MessageReceived, ...]
    older: bool
    complete: bool


@dataclass(frozen=True)
class SearchResults:
    """What the server's search (soju.im/search) found in `room` for `text`, oldest first.

    `problem` is empty, or the server's reason why the search could not run.
    """

    room: str
    text: str
    messages: tuple[MessageReceived, ...]
    problem: str = ""


@dataclass(frozen=True)
class RawLine:
    """One IRC line as it went over the wire, for the lesson view (ChatClient.show_lines).

    `direction` is "in" or "out"; secrets are already replaced by the protocol core's
    redact(), so this text is safe to show on a projector."""

    direction: str
    at: float
    text: str


ClientEvent: TypeAlias = (
    Connecting
    | Connected
    | RoomKeySeen
    | ConnectFailed
    | ConnectionLost
    | RoomClosed
    | Disconnected
    | MembersChanged
    | RoomsListed
    | StudentRooms
    | Joined
    | Parted
    | NickChanged
    | NameTaken
    | TopicChanged
    | RoomModesChanged
    | HandsChanged
    | Invited
    | ScreenCleared
    | AwayChanged
    | MessageReceived
    | MessageQueued
    | MessageSent
    | MessageRefused
    | Problem
    | ServerText
    | HistoryLoaded
    | SearchResults
    | RawLine
)

# --- Discovery: rooms announced on the network ---


@dataclass(frozen=True)
class RoomFound:
    """A room is announced on the network, or its announcement changed.

    `key` tells rooms apart (one per run of a host, even when two rooms share a name);
    `addresses` are the host's, the most likely to be reachable first; `via` is "mdns",
    "broadcast" or both, for the log and the tests.
    """

    key: str
    room: str
    host: str
    password: bool
    addresses: tuple[str, ...]
    port: int
    version: str
    via: tuple[str, ...]
    tls_port: int | None = None
    fingerprint: str | None = None
    channel: str | None = None
    """The channel to join for the room titled `room`; None from hosts that don't say."""
    disputed: bool = False
    """Another announcement claims this room, or the same title by the same host name, with a
    different key: one of them poses as the other, so only the room code tells them apart."""


@dataclass(frozen=True)
class RoomLost:
    """The room `key` is gone: its host closed it, or stopped answering."""

    key: str


@dataclass(frozen=True)
class RoomAnnounced:
    """Our room is now announced `via` "mdns" and/or "broadcast" (empty: neither worked)."""

    room: str
    via: tuple[str, ...]


DiscoveryEvent: TypeAlias = RoomFound | RoomLost | RoomAnnounced
ChatEvent: TypeAlias = ServerEvent | ClientEvent | DiscoveryEvent
"""Every event a worker posts: the window matches it (ChatApp.on_event, then ChatPage.on_event
for the chat page's, ending in assert_never), so an event added here and handled nowhere is a
mypy error."""
