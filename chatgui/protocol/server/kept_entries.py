"""A relayed message as the history keeps it (StoredMessage), and a kept entry as the lines
sent again: what CHATHISTORY, SEARCH and the replay on join all send.
"""

from datetime import UTC, datetime

from chatgui import limits
from chatgui.protocol.message import Message
from chatgui.protocol.server.message_store import MESSAGE_COMMANDS, StoredMessage


def format_time(at: float) -> str:
    """The IRCv3 server-time form: 2026-11-25T07:05:00.000Z."""
    stamp = datetime.fromtimestamp(at, UTC).isoformat(timespec="milliseconds")
    return stamp.replace("+00:00", "Z")


REPLAYED_CLIENT_TAGS = ("+draft/reply", "+draft/react", "+draft/channel-context")
"""The client tags a replay needs (a reply's target, a reaction): the only ones kept."""
_REPLAYED = frozenset(REPLAYED_CLIENT_TAGS)


def stored(conversation: str, message: Message, at: float, sender_key: str = "") -> StoredMessage:
    """The entry to keep for a message just relayed (its msgid and reply or reaction tags)."""
    tags = message.tags
    kept = () if _REPLAYED.isdisjoint(tags) else _kept_tags(tags)  # most: no reply, no reaction
    source = message.source or ""
    return StoredMessage(
        tags["msgid"],
        at,
        conversation,
        message.command,
        source,
        message.params,
        kept,
        sender_key=sender_key,
    )


def _kept_tags(tags: dict[str, str]) -> tuple[tuple[str, str], ...]:
    """The replayed client tags, up to HISTORY_MAX_TAG_BYTES in all: a student's 4 KB of
    made-up tags on every line must not fill the history file."""
    kept: list[tuple[str, str]] = []
    size = 0
    for key in REPLAYED_CLIENT_TAGS:
        value = tags.get(key)
        if value is None:
            continue
        size += len(key.encode()) + len(value.encode()) + 2
        if size > limits.HISTORY_MAX_TAG_BYTES:
            break
        kept.append((key, value))
    return tuple(kept)


def replayed(entry: StoredMessage, **tags: str) -> list[Message]:
    """An entry as the lines to send again: a multi-line message as its lines, the msgid on
    the first (as draft/multiline is sent to clients that did not ask for it)."""
    base = {**dict(entry.tags), "time": format_time(entry.at), **tags}
    if entry.command not in MESSAGE_COMMANDS or "\n" not in entry.text:
        full = {**base, "msgid": entry.msgid}
        return [Message(entry.command, entry.params, entry.source, full)]
    lines = [line for line in entry.text.split("\n") if line]
    out = []
    for index, line in enumerate(lines):
        line_tags = {**base, "msgid": entry.msgid} if index == 0 else base
        out.append(Message(entry.command, (entry.params[0], line), entry.source, line_tags))
    return out
