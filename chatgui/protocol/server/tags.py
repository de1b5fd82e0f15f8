"""Which tags each person may see, and labeled-response: answers matched to their request.

A tag reaches only clients that asked for it (IRCv3): `time` needs server-time, `batch` needs
batch, `label` needs labeled-response, and everything else (msgid, client-only `+` tags)
needs message-tags.
"""

from typing import TYPE_CHECKING

from chatgui.protocol import caps
from chatgui.protocol.message import Message

if TYPE_CHECKING:
    from chatgui.protocol.server.context import ServerContext
    from chatgui.protocol.server.model import Person

_TAG_CAPS = {"time": caps.SERVER_TIME, "batch": caps.BATCH, "label": caps.LABELED_RESPONSE}


def deliverable_tags(acked: frozenset[str], tags: dict[str, str]) -> frozenset[str]:
    """The names of the tags in `tags` that a client with the capabilities `acked` may receive."""
    return frozenset(k for k in tags if _TAG_CAPS.get(k, caps.MESSAGE_TAGS) in acked)


def label_responses(
    server: "ServerContext",
    person: "Person",
    label: str,
    queued: list[tuple["Person", Message]],
) -> list[tuple["Person", Message]]:
    """Mark the answers to `person` with `label`: ACK for none, a tag for one, a batch for more."""
    mine = [message for who, message in queued if who is person]
    others = [(who, message) for who, message in queued if who is not person]
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
    return [(person, message) for message in answer] + others


def _one_batch(messages: list[Message]) -> bool:
    """True when `messages` are exactly one batch: BATCH +ref, lines in it, BATCH -ref."""
    first, last = messages[0], messages[-1]
    if first.command != "BATCH" or last.command != "BATCH" or not first.param(0).startswith("+"):
        return False
    ref = first.param(0)[1:]
    inside = messages[1:-1]
    return last.param(0) == f"-{ref}" and all(m.tags.get("batch") == ref for m in inside)


def _with_tags(message: Message, **extra: str) -> Message:
    return Message(message.command, message.params, message.source, {**message.tags, **extra})
