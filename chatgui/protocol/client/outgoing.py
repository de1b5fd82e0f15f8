"""What we send when a person types: text split into legal lines, or one draft/multiline batch.

Each piece fits in 512 bytes even after the server puts ":nick!user@host " in front of it.
A message with several lines keeps them: as one batch where the server offers
draft/multiline, otherwise as one PRIVMSG per line.
"""

from chatgui import limits
from chatgui.events import MessageRefused, MessageSent
from chatgui.protocol import caps
from chatgui.protocol.client.state import PendingEcho, SessionState, count, is_word
from chatgui.protocol.message import Message
from chatgui.protocol.text import split_text, utf8_length


def line_budget(target: str, nick: str, action: bool = False) -> int:
    """Bytes of text that fit in one PRIVMSG to `target`, once the server put ":nick!user@host "
    in front: our nick in bytes (30 letters of another script can be 120), the rest allowed.
    A longer nick, which only a server that made it up could give us, counts as the longest a
    name can be: it must not leave us unable to write."""
    own = min(utf8_length(nick), limits.NICK_MAX_CHARS * 4)
    overhead = (
        own + utf8_length(f": PRIVMSG {target} :") + (len("\x01ACTION \x01") if action else 0)
    )
    return limits.MAX_LINE_BYTES - 2 - limits.RELAY_PREFIX_ALLOWANCE_BYTES - overhead


def say(session: SessionState, target: str, text: str, local_id: int, action: bool = False) -> bool:
    """Queue `text` to `target` (a room or a nick). False when there is nothing to send."""
    text = text.replace("\0", "").replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        return False
    budget = line_budget(target, session.nick, action)
    if budget < limits.SEND_MIN_TEXT_BYTES or not is_word(target):
        # A name a server made up (400 letters, or starting with ':') leaves no room for text.
        session.emit(MessageRefused(local_id, target, "Messages can't be sent to this name."))
        return False
    if not action and ("\n" in text.strip("\n") or utf8_length(text) > budget):
        batch = _multiline_batch(session, target, text.strip("\n"), local_id, budget)
        if batch is not None:
            _queue(session, batch, local_id, target, echoes=1)
            return True
    pieces = split_text(text, budget)
    if action:
        pieces = [f"\x01ACTION {piece}\x01" for piece in pieces]
    messages = [Message("PRIVMSG", (target, piece)) for piece in pieces]
    _queue(session, messages, local_id, target, echoes=len(messages))
    return bool(messages)


def _queue(
    session: SessionState, messages: list[Message], local_id: int, target: str, echoes: int
) -> None:
    for message in messages:
        session.send(message)
    if caps.ECHO_MESSAGE in session.caps:
        session.awaiting_echo.append(PendingEcho(local_id, target, echoes))
    else:
        session.emit(MessageSent(local_id, None, session.now))


def _multiline_batch(
    session: SessionState, target: str, text: str, local_id: int, budget: int
) -> list[Message] | None:
    """The message as one draft/multiline batch, or None when the server can't take it so."""
    if caps.MULTILINE not in session.caps or caps.BATCH not in session.caps:
        return None
    max_bytes, max_lines = _multiline_limits(session.caps_offered.get(caps.MULTILINE, ""))
    reference = f"ml{local_id}"
    lines: list[Message] = []
    for line in text.split("\n"):
        pieces = split_text(line, budget, at_spaces=False) or [""]
        for index, piece in enumerate(pieces):
            tags = (
                {"batch": reference, caps.MULTILINE_CONCAT: ""} if index else {"batch": reference}
            )
            lines.append(Message("PRIVMSG", (target, piece), tags=tags))
    if utf8_length(text) > max_bytes or len(lines) > max_lines:
        return None
    start = Message("BATCH", (f"+{reference}", caps.MULTILINE, target))
    return [start, *lines, Message("BATCH", (f"-{reference}",))]


def _multiline_limits(value: str) -> tuple[int, int]:
    """max-bytes and max-lines from the capability's value ("max-bytes=4096,max-lines=100")."""
    settings = dict(item.partition("=")[::2] for item in value.split(",") if "=" in item)
    return count(settings.get("max-bytes", ""), 4096), count(settings.get("max-lines", ""), 24)
