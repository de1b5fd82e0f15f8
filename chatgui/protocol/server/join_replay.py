"""The replay on join: the lesson's last messages, sent to a client that does not ask for
history itself (no draft/chathistory), with their time in front of the text.
"""

from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING

from chatgui.protocol import caps, names
from chatgui.protocol.message import Message
from chatgui.protocol.server.chathistory import parse_time, readable_from, send_batch
from chatgui.protocol.server.kept_entries import replayed
from chatgui.protocol.server.message_store import LAST

if TYPE_CHECKING:
    from chatgui.protocol.server.context import ServerContext
    from chatgui.protocol.server.model import Channel, Person


def replay_on_join(server: "ServerContext", person: "Person", channel: "Channel") -> None:
    """The lesson's last messages (never joins and leaves), right after the JOIN burst, to a
    client without chathistory.

    The text starts with their original time ("[10:05] "), and with server-time they carry
    it as a tag too: irssi, for one, asks for server-time but shows when a line arrived.
    """
    store = server.history
    wanted = server.config.replay_messages
    if store is None or caps.CHATHISTORY in person.caps or wanted <= 0:
        return
    key = names.casefold(channel.name)
    floor = readable_from(server, person, key)
    entries = store.between(key, floor, LAST, wanted, newest=True, events=False)
    offset = server.config.utc_offset_s
    lines = [_with_clock(line, offset, server.now) for entry in entries for line in replayed(entry)]
    if not lines:
        return
    if caps.BATCH in person.caps:
        send_batch(server, person, (caps.HISTORY_BATCH, channel.name), lines)
    else:
        for line in lines:
            server.send(person, line)


def _with_clock(line: Message, utc_offset_s: int, now: float) -> Message:
    """The line with "[HH:MM] " (the host's local time) in front of its text; a line of a
    continued lesson from another day with its day too ("[3 Dec 10:05] ")."""
    zone = timezone(timedelta(seconds=utc_offset_s))
    local = datetime.fromtimestamp(parse_time(line.tags["time"]), zone)
    today = datetime.fromtimestamp(now, zone).date()
    day = "" if local.date() == today else f"{local.day} {local:%b} "
    clock = f"[{day}{local:%H:%M}] "
    text = line.params[-1]
    if text.startswith("\x01ACTION "):  # /me: the time goes after the word ACTION
        text = "\x01ACTION " + clock + text.removeprefix("\x01ACTION ")
    else:
        text = clock + text
    return Message(line.command, (*line.params[:-1], text), line.source, line.tags)
