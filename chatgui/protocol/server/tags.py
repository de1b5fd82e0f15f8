"""Which tags each person may see, and labeled-response: answers matched to their request.

A tag reaches only clients that asked for it (IRCv3): `time` needs server-time, `batch` needs
batch, `label` needs labeled-response, and everything else (msgid, client-only `+` tags)
needs message-tags. A message to many is serialized once per set of those capabilities
among its recipients (lines_for), not once per recipient.
"""

from operator import attrgetter
from typing import TYPE_CHECKING

from chatgui.protocol import caps
from chatgui.protocol.message import Message

if TYPE_CHECKING:
    from chatgui.protocol.server.context import ServerContext
    from chatgui.protocol.server.model import Person

_TAG_CAPS = {"time": caps.SERVER_TIME, "batch": caps.BATCH, "label": caps.LABELED_RESPONSE}

_NONE: frozenset[str] = frozenset()

_caps_of = attrgetter("caps")
_conn_of = attrgetter("conn")
"""A person's capabilities and connection, read in map() without a Python step per person."""

Queued = tuple[list["Person"], Message]
"""A message waiting to be sent, and everyone it goes to."""


def lines_for(
    people: list["Person"], message: Message, cache: dict[tuple[int, frozenset[str]], bytes]
) -> list[tuple[bytes, list[int]]]:
    """`message` as each of `people` may receive it: the lines, each with the connections it
    goes to, in the order of `people`. `cache` (by message and capabilities) keeps a message
    queued several times, for as long as it lives, from being serialized again.

    People come in few kinds (the same capabilities), so what each kind may see is worked
    out once per kind, not per person; usually it is the same for all, and everyone's
    connection is listed in one pass with no test per person."""
    if not people:
        return []
    tags = message.tags
    if not tags:  # most replies (a welcome is a dozen): the same line for everyone
        key = (id(message), _NONE)
        line = cache.get(key)
        if line is None:
            line = cache[key] = message.to_bytes()
        return [(line, list(map(_conn_of, people)))]
    need = {name: _TAG_CAPS.get(name, caps.MESSAGE_TAGS) for name in tags}
    relevant = frozenset(need.values())
    shown = {kind: relevant & kind for kind in set(map(_caps_of, people))}
    if len(shown) == 1 or len(set(shown.values())) == 1:  # all may see the same: one line
        have = next(iter(shown.values()))
        return [(_line(message, have, need, cache), list(map(_conn_of, people)))]
    groups: dict[frozenset[str], list[int]] = {}
    for person in people:
        groups.setdefault(shown[person.caps], []).append(person.conn)
    return [(_line(message, have, need, cache), conns) for have, conns in groups.items()]


def _line(
    message: Message,
    have: frozenset[str],
    need: dict[str, str],
    cache: dict[tuple[int, frozenset[str]], bytes],
) -> bytes:
    """`message` serialized with the tags whose capability is in `have`, made once (`cache`)."""
    key = (id(message), have)
    line = cache.get(key)
    if line is None:
        tags = message.tags
        visible = {name: value for name, value in tags.items() if need[name] in have}
        shown = message if len(visible) == len(tags) else _only_tags(message, visible)
        line = cache[key] = shown.to_bytes()
    return line


def label_responses(
    server: "ServerContext", person: "Person", label: str, queued: list[Queued]
) -> list[Queued]:
    """Mark the answers to `person` with `label`: ACK for none, a tag for one, a batch for more."""
    mine: list[Message] = []
    others: list[Queued] = []
    for people, message in queued:
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
