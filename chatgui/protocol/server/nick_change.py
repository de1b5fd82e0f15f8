"""A registered person's name changes: told to them and everyone who shares a room, and said
in words in each room's history. Also the server's own rename of someone who holds a name
its person came back for (held_names.py), told to them in a sentence.
"""

from typing import TYPE_CHECKING

from chatgui import limits
from chatgui.protocol import names
from chatgui.protocol.message import Message
from chatgui.protocol.server.held_names import refusal
from chatgui.protocol.server.monitor import arrived, went
from chatgui.protocol.server.room_notices import tell

if TYPE_CHECKING:
    from chatgui.protocol.server.context import ServerContext
    from chatgui.protocol.server.model import Person


def rename(server: "ServerContext", person: "Person", nick: str) -> None:
    """`person` (registered) is now `nick`; the checks are the caller's."""
    change = Message("NICK", (nick,), person.prefix, server.server_tags())
    server.send(person, change)
    for other in server.neighbours(person):
        server.send(other, change)
    _remember_rename(server, person, change)
    server.nicks.pop(names.casefold(person.nick), None)
    old, person.nick = person.nick, nick
    server.nicks[names.casefold(nick)] = person
    if names.casefold(old) != names.casefold(nick):
        went(server, person, old)
    arrived(server, person)


def give_way(server: "ServerContext", holder: "Person", why: str) -> None:
    """`holder` has a name its person came back for: they get a free one, and are told `why`
    ("… came back"), with their new name."""
    new = _free_name(server, holder, holder.nick)
    rename(server, holder, new)
    tell(server, holder, f"{why}: you are now {new}.")


def _free_name(server: "ServerContext", holder: "Person", nick: str) -> str:
    """nick_2, nick_3…: the first that nobody has and nobody holds (the client's own way)."""
    base = nick[: limits.NICK_MAX_CHARS - 4]
    number = 2
    while True:
        candidate = f"{base}_{number}"
        if server.find_person(candidate) is None and refusal(server, holder, candidate) is None:
            return candidate
        number += 1


def _remember_rename(server: "ServerContext", person: "Person", change: Message) -> None:
    """Each room's history says the rename in words, under the NICK line's msgid and time:
    whoever reads the history later (a late joiner, irssi's replay) reads who became whom."""
    sentence = f"{person.nick} is now {change.params[0]}."
    for key in sorted(person.channels):
        channel = server.channels[key]
        server.remember(
            key, Message("NOTICE", (channel.name, sentence), server.config.name, change.tags)
        )
