"""What the room is told by the server itself, and how its controls are kept in history.

A control (MODE, KICK, TOPIC, INVITE) is said once, as IRC's own line; windows draw its
words (control_words.py). The room's history keeps those words instead of the line, as a
NOTICE with the line's own msgid and time (`remember_in_words`), so every replay says it
and a window that saw the line live skips it by its msgid. A NOTICE to the whole room is
only for what IRC has no line for (the word filter changed).
"""

from collections.abc import Sequence
from typing import TYPE_CHECKING

from chatgui.protocol import names
from chatgui.protocol.message import Message

if TYPE_CHECKING:
    from chatgui.protocol.server.context import ServerContext
    from chatgui.protocol.server.model import Channel, Person


def room_notice(server: "ServerContext", channel: "Channel", text: str) -> None:
    """A NOTICE from the server to everyone in `channel`, with a time and msgid for history."""
    notice = Message("NOTICE", (channel.name, text), server.config.name, server.server_tags())
    server.send_to_channel(channel, notice)
    server.remember(names.casefold(channel.name), notice)


def remember_in_words(
    server: "ServerContext", channel: "Channel", control: Message, words: Sequence[str]
) -> None:
    """Keep `control` in the room's history as its words, under its own msgid and time."""
    if words:
        said = Message("NOTICE", (channel.name, " ".join(words)), server.config.name, control.tags)
        server.remember(names.casefold(channel.name), said)


def tell(server: "ServerContext", person: "Person", text: str) -> None:
    """A NOTICE from the server to one person."""
    server.send(person, Message("NOTICE", (person.nick, text), server.config.name))


def ordinal(number: int) -> str:
    """1st, 2nd, 3rd, 4th … 11th, 12th, 13th … 21st."""
    if 10 <= number % 100 <= 20:
        suffix = "th"
    else:
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"
