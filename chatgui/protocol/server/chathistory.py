"""The room's past: CHATHISTORY (IRCv3 draft/chathistory). SEARCH (search.py) and the replay
a plain client gets when it joins (join_replay.py) read it with the same rules.

Everything is read from the store the server was given (see message_store.py); without one,
these commands are unknown and nothing is replayed. Replies go in a batch, every message with
its original `time` and `msgid`, so a client can place it and never show it twice.
"""

from collections.abc import Iterable
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from chatgui import limits
from chatgui.protocol import caps, names, numerics
from chatgui.protocol.message import Message
from chatgui.protocol.server.conversation_owners import identity_key, partner_nick, private_with
from chatgui.protocol.server.kept_entries import format_time, replayed
from chatgui.protocol.server.message_store import (
    FIRST,
    LAST,
    HistoryStore,
    Position,
    StoredMessage,
    other_person,
)
from chatgui.protocol.text import is_number

if TYPE_CHECKING:
    from chatgui.protocol.server.context import ServerContext
    from chatgui.protocol.server.model import Person

PARAMETERS = {"LATEST": 4, "BEFORE": 4, "AFTER": 4, "AROUND": 4, "BETWEEN": 5, "TARGETS": 4}
"""How many parameters each CHATHISTORY subcommand takes, the subcommand's own included."""


class BadRequest(Exception):
    """A CHATHISTORY or SEARCH parameter that can't be used; the text says which."""


def parse_time(text: str) -> float:
    """Seconds since the epoch from an IRCv3 timestamp; raises BadRequest."""
    try:
        stamp = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise BadRequest(f"{text!r} is not a timestamp like 2026-01-31T12:00:00.000Z") from None
    if stamp.tzinfo is None:
        stamp = stamp.replace(tzinfo=UTC)
    return stamp.timestamp()


def send_batch(
    server: "ServerContext",
    person: "Person",
    kind: tuple[str, ...],
    lines: Iterable[Message],
) -> None:
    """`lines` to `person` inside a batch of `kind` (e.g. ("chathistory", "#class"))."""
    ref = "h" + server.server_tags()["msgid"]
    server.send(person, Message("BATCH", (f"+{ref}", *kind), server.config.name))
    for line in lines:
        tags = {**line.tags, "batch": ref}
        server.send(person, Message(line.command, line.params, line.source, tags))
    server.send(person, Message("BATCH", (f"-{ref}",), server.config.name))


# --- CHATHISTORY ---


def on_chathistory(server: "ServerContext", person: "Person", message: Message) -> None:
    store = server.history
    if store is None:
        server.reply(person, numerics.ERR_UNKNOWNCOMMAND, "CHATHISTORY", "Unknown command")
        return
    sub = message.params[0].upper()
    needed = PARAMETERS.get(sub)
    if needed is None:
        server.fail(person, "CHATHISTORY", "UNKNOWN_COMMAND", "Unknown subcommand", sub)
        return
    if len(message.params) < needed:
        server.fail(person, "CHATHISTORY", "NEED_MORE_PARAMS", "Missing parameters", sub)
        return
    target = message.params[1]
    if store.problem:
        why = f"Messages could not be retrieved: {store.problem}"
        server.fail(person, "CHATHISTORY", "MESSAGE_ERROR", why, sub, target)
        return
    try:
        if sub == "TARGETS":
            _targets(server, person, list(message.params[1:4]))
        else:
            _messages(server, person, sub, list(message.params[1:needed]))
    except BadRequest as error:  # the target too: a client waiting on two rooms knows which
        server.fail(person, "CHATHISTORY", "INVALID_PARAMS", str(error), sub, target)


def _messages(server: "ServerContext", person: "Person", sub: str, params: list[str]) -> None:
    target, *references, limit_text = params
    limit = request_limit(limit_text, limits.CHATHISTORY_MAX_PER_REQUEST)
    conversation = readable_conversation(server, person, target)
    if conversation is None:
        why = "Messages could not be retrieved: join the room first"
        server.fail(person, "CHATHISTORY", "INVALID_TARGET", why, sub, target)
        return
    floor = readable_from(server, person, conversation)
    events = caps.EVENT_PLAYBACK in person.caps
    found = _select(server, conversation, sub, references, limit, events, floor)
    name = _display_name(server, target)
    lines = [line for entry in found for line in replayed(entry)]
    send_batch(server, person, (caps.HISTORY_BATCH, name), lines)


def _select(
    server: "ServerContext",
    conversation: str,
    sub: str,
    references: list[str],
    limit: int,
    events: bool,
    floor: Position,
) -> list[StoredMessage]:
    """The entries a CHATHISTORY subcommand asks for, oldest first, none before `floor`."""
    store = server.history
    assert store is not None
    positions = [_position(server, conversation, ref, sub) for ref in references]
    if any(p is None for p in positions):
        return []  # a msgid that is not (or no longer) kept: nothing to show around it
    first = positions[0]
    assert first is not None
    first = max(first, floor)
    if sub == "LATEST":
        return store.between(conversation, first, LAST, limit, newest=True, events=events)
    if sub == "BEFORE":
        return store.between(conversation, floor, first, limit, newest=True, events=events)
    if sub == "AFTER":
        return store.between(conversation, first, LAST, limit, newest=False, events=events)
    if sub == "AROUND":
        return _around(store, conversation, first, limit, events, floor)
    second = positions[1]
    assert second is not None
    low, high = sorted((first, max(second, floor)))
    # BETWEEN: the messages nearest the first reference, whichever way the span runs.
    return store.between(conversation, low, high, limit, newest=first > second, events=events)


def _around(
    store: HistoryStore,
    conversation: str,
    middle: Position,
    limit: int,
    events: bool,
    floor: Position,
) -> list[StoredMessage]:
    """Half the limit before the reference, the rest from it on (the reference included)."""
    before = store.between(conversation, floor, middle, limit // 2, newest=True, events=events)
    just_before = (middle[0], middle[1] - 1)
    rest = limit - len(before)
    after = store.between(conversation, just_before, LAST, rest, newest=False, events=events)
    return before + after


def _position(
    server: "ServerContext", conversation: str, reference: str, sub: str
) -> Position | None:
    """Where a reference points: `*` (LATEST only), msgid=..., or timestamp=...

    A timestamp stands between entries, so it excludes those at exactly that time on the
    side it bounds; a msgid that is not kept gives None.
    """
    kind, _, value = reference.partition("=")
    if reference == "*" and sub == "LATEST":
        return FIRST
    if kind == "msgid" and value:
        store = server.history
        assert store is not None
        entry = store.find(conversation, value)
        return None if entry is None else entry.position
    if kind == "timestamp" and value:
        at = parse_time(value)
        return (at, -1) if sub == "BEFORE" else (at, 2**62)
    raise BadRequest(f"{reference!r} is not a reference: use msgid=… or timestamp=…")


def request_limit(text: str, most: int) -> int:
    """A request's `limit`, at most `most`; raises BadRequest."""
    if not is_number(text) or int(text) < 1:
        raise BadRequest(f"{text!r} is not a limit: give a whole number from 1 to {most}")
    return min(int(text), most)


def readable_from(server: "ServerContext", person: "Person", conversation: str) -> Position:
    """The oldest entry of `conversation` that `person` may read.

    A room the host keeps open: all of it. A room someone made: only since it was made, as
    an earlier room of that name (locked, or with a password) is not theirs to read. A private
    conversation: all of it, as it is named by its two people's identities (identity_key),
    never by a name someone else may take: whoever can name it took part.
    """
    if names.is_channel(conversation):
        if conversation in {names.casefold(room) for room in server.config.rooms}:
            return FIRST
        channel = server.find_channel(conversation)
        return LAST if channel is None else (channel.created, -1)
    return FIRST


def readable_conversation(server: "ServerContext", person: "Person", target: str) -> str | None:
    """The stored conversation `person` may read as `target`, or None when they may not."""
    if names.is_channel(target):
        key = names.casefold(target)
        return key if key in person.channels else None
    if not names.is_valid_nick(target):
        return None
    return private_with(server, person, target)


def _display_name(server: "ServerContext", target: str) -> str:
    channel = server.find_channel(target) if names.is_channel(target) else None
    return channel.name if channel is not None else target


def _targets(server: "ServerContext", person: "Person", params: list[str]) -> None:
    first_text, second_text, limit_text = params
    first, second = (_timestamp_reference(text) for text in (first_text, second_text))
    limit = request_limit(limit_text, limits.CHATHISTORY_MAX_PER_REQUEST)
    store = server.history
    assert store is not None
    low, high = sorted((first, second))
    rooms = sorted(person.channels)
    mine = identity_key(server, person)
    found = store.targets(rooms, mine, low, high, limit)
    online: dict[str, str] | None = None
    lines = []
    for conversation, latest in found:
        if (latest, 2**62) < readable_from(server, person, conversation):
            continue  # only older than what this person may read
        if names.is_channel(conversation):
            name = _display_name(server, conversation)
        else:
            if online is None:  # who is here, by identity: their nick fetches it now
                online = {
                    identity_key(server, p): p.nick for p in server.people.values() if p.registered
                }
            other = other_person(conversation, mine)
            name = online.get(other) or partner_nick(server, conversation, mine)
        reply = ("TARGETS", name, format_time(latest))
        lines.append(Message("CHATHISTORY", reply, server.config.name))
    send_batch(server, person, (caps.TARGETS_BATCH,), lines)


def _timestamp_reference(text: str) -> float:
    kind, _, value = text.partition("=")
    if kind != "timestamp" or not value:
        raise BadRequest(f"{text!r}: TARGETS takes timestamp=… references only")
    return parse_time(value)
