"""Which tags each person may see, and labeled-response: answers matched to their request.

A tag reaches only clients that asked for it (IRCv3): `time` needs server-time, `batch` needs
batch, `label` needs labeled-response, and everything else (msgid, client-only `+` tags)
needs message-tags. A message to many is serialized once per set of those capabilities
among its recipients (lines_for), not once per recipient; a room keeps its members grouped
by that set (Channel.readers), so a message to it looks at each group, not at each member.
"""

from collections.abc import Iterator
from typing import TYPE_CHECKING

from chatgui.limits import ROOM_GROUP_SIZE
from chatgui.protocol import caps
from chatgui.protocol.message import Message
from chatgui.protocol.server.outgoing import Written

if TYPE_CHECKING:
    from chatgui.protocol.server.context import ServerContext
    from chatgui.protocol.server.model import Person

_TAG_CAPS = {"time": caps.SERVER_TIME, "batch": caps.BATCH, "label": caps.LABELED_RESPONSE}

_ANY_TAG = frozenset({*_TAG_CAPS.values(), caps.MESSAGE_TAGS})
_NONE: frozenset[str] = frozenset()

Groups = tuple[tuple[frozenset[str], list[int]], ...]
"""Connections grouped by the tags they take (takes()); a group's list is never changed."""


def takes(held: frozenset[str]) -> frozenset[str]:
    """Of the capabilities `held`, those that decide which tags a person receives: people
    with the same ones get the same line of any message."""
    return held & _ANY_TAG


class Readers:
    """Everyone in a room a message goes to, as the room's groups (Channel.readers) when it
    was queued, but for one connection left out (`skip`: its sender; -1 for none)."""

    __slots__ = ("groups", "people", "skip")

    def __init__(self, groups: Groups, skip: int, people: dict[int, "Person"]) -> None:
        self.groups = groups
        self.skip = skip
        self.people = people

    def __iter__(self) -> Iterator["Person"]:
        """Each of them still connected (the few who look at everyone: labels, flood charges)."""
        for _, conns in self.groups:
            for conn in conns:
                person = self.people.get(conn)
                if conn != self.skip and person is not None:
                    yield person

    def __contains__(self, person: "Person") -> bool:
        conn = person.conn
        return conn != self.skip and any(conn in conns for _, conns in self.groups)

    def without(self, person: "Person") -> "Readers | list[Person]":
        """Them but `person`."""
        if self.skip == -1:
            return Readers(self.groups, person.conn, self.people)
        return [who for who in self if who is not person]


Queued = tuple["list[Person] | Readers", Message | Written]
"""A message waiting to be sent, and everyone it goes to; or lines written for one person."""


def lines_for(
    people: "list[Person] | Readers",
    message: Message,
    cache: dict[tuple[int, frozenset[str]], bytes],
) -> list[tuple[bytes, list[int]]]:
    """`message` as each of `people` may receive it: the lines, each with the connections it
    goes to. `cache` (by message and capabilities) keeps a message queued several times, for
    as long as it lives, from being serialized again."""
    if isinstance(people, Readers):
        return _room_lines(people, message, cache)
    if not people:
        return []
    tags = message.tags
    if not tags:  # most replies (a welcome is a dozen): the same line for everyone
        key = (id(message), _NONE)
        line = cache.get(key)
        if line is None:
            line = cache[key] = message.to_bytes()
        return [(line, [p.conn for p in people])]
    need = {name: _TAG_CAPS.get(name, caps.MESSAGE_TAGS) for name in tags}
    relevant = frozenset(need.values())
    # Usually everyone takes every tag, or none (as the first does): then one pass, and no
    # set made per recipient.
    if relevant <= people[0].caps:
        every = [p.conn for p in people if relevant <= p.caps]
        none = [] if len(every) == len(people) else _none_of(relevant, people)
    else:
        none = _none_of(relevant, people)
        every = [] if len(none) == len(people) else [p.conn for p in people if relevant <= p.caps]
    groups = {_NONE: none, relevant: every}  # with no tags, one key: everyone takes all
    if len(every) + len(none) < len(people):  # some take some of the tags
        for person in people:
            have = relevant & person.caps
            if have and have != relevant:
                groups.setdefault(have, []).append(person.conn)
    return [(_line(message, need, have, cache), conns) for have, conns in groups.items() if conns]


def _room_lines(
    readers: Readers, message: Message, cache: dict[tuple[int, frozenset[str]], bytes]
) -> list[tuple[bytes, list[int]]]:
    """lines_for a room: one line per group, the groups that see the same tags of `message`
    put together up to ROOM_GROUP_SIZE (a large room's groups are sent side by side, never
    copied into one list per message); only the group of the one left out is copied, without
    them."""
    need = {name: _TAG_CAPS.get(name, caps.MESSAGE_TAGS) for name in message.tags}
    relevant = frozenset(need.values())
    skip = readers.skip
    last: dict[frozenset[str], int] = {}  # tags seen -> where their last group is in `out`
    out: list[tuple[frozenset[str], list[int]]] = []
    for held, conns in readers.groups:
        if skip in conns:
            conns = conns.copy()
            conns.remove(skip)
            if not conns:
                continue
        have = relevant & held
        at = last.get(have)
        if at is not None and len(out[at][1]) + len(conns) <= ROOM_GROUP_SIZE:
            out[at] = (have, out[at][1] + conns)  # the groups' lists stay as they are
        else:
            last[have] = len(out)
            out.append((have, conns))
    return [(_line(message, need, have, cache), conns) for have, conns in out]


def _line(
    message: Message,
    need: dict[str, str],
    have: frozenset[str],
    cache: dict[tuple[int, frozenset[str]], bytes],
) -> bytes:
    """`message` with the tags whose capability is in `have`, serialized once per message."""
    key = (id(message), have)
    line = cache.get(key)
    if line is None:
        visible = {k: v for k, v in message.tags.items() if need[k] in have} if have else {}
        if len(visible) == len(message.tags):
            line = cache[key] = message.to_bytes()
        else:
            line = cache[key] = message.to_bytes_with(visible)
    return line


def _none_of(relevant: frozenset[str], people: list["Person"]) -> list[int]:
    """The connections of those who take none of the tags that need `relevant`."""
    return [p.conn for p in people if relevant.isdisjoint(p.caps)]


def label_responses(
    server: "ServerContext", person: "Person", label: str, queued: list[Queued]
) -> list[Queued]:
    """Mark the answers to `person` with `label`: ACK for none, a tag for one, a batch for more.
    Lines written as one piece (a welcome) are each a message of the answer."""
    mine: list[Message] = []
    others: list[Queued] = []
    for people, message in queued:
        if isinstance(message, Written):  # to one person (ServerState.send_written)
            if any(who is person for who in people):
                mine.extend(message.messages())
            else:
                others.append((people, message))
            continue
        if isinstance(people, Readers):
            if person in people:
                mine.append(message)
                others.append((people.without(person), message))
            else:
                others.append((people, message))
            continue
        if not any(who is person for who in people):
            others.append((people, message))
            continue
        mine.append(message)
        rest = [who for who in people if who is not person]
        if rest:
            others.append((rest, message))
    source = server.config.name
    if not mine:
        answer = [Message("ACK", (), source, {"label": label})]
    elif len(mine) == 1:
        answer = [_with_tags(mine[0], label=label)]
    elif _one_batch(mine):  # e.g. a multiline echo: its own BATCH carries the label
        answer = [_with_tags(mine[0], label=label), *mine[1:]]
    else:
        ref = f"L{server.server_tags()['msgid']}"
        start = Message("BATCH", (f"+{ref}", caps.LABELED_RESPONSE), source, {"label": label})
        inside = [m if "batch" in m.tags else _with_tags(m, batch=ref) for m in mine]
        answer = [start, *inside, Message("BATCH", (f"-{ref}",), source)]
    return [([person], message) for message in answer] + others


def _one_batch(messages: list[Message]) -> bool:
    """True when `messages` are exactly one batch: BATCH +ref, lines in it, BATCH -ref."""
    first, last = messages[0], messages[-1]
    if first.command != "BATCH" or last.command != "BATCH" or not first.param(0).startswith("+"):
        return False
    ref = first.param(0)[1:]
    inside = messages[1:-1]
    return last.param(0) == f"-{ref}" and all(m.tags.get("batch") == ref for m in inside)


def _with_tags(message: Message, **extra: str) -> Message:
    return _only_tags(message, {**message.tags, **extra})


def _only_tags(message: Message, tags: dict[str, str]) -> Message:
    return Message(message.command, message.params, message.source, tags)
