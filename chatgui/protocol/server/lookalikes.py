"""Names that could pass for someone else's, refused at registration and on NICK.

In a classroom the teacher's name is authority: a name that could be read as the host's or a
helper's ("Ms_Rivera_", "ms-rivera2", or with a Cyrillic M) is refused unless it is theirs. And two
people are never told apart only by a look-alike letter ("Ms_KeIIy" beside "Ms_Kelly"), while
two students called Sam stay possible as Sam and Sam_2 (lookalike.py has the rules).
"""

from dataclasses import dataclass
from typing import TYPE_CHECKING

from chatgui.protocol import numerics
from chatgui.protocol.lookalike import resemblances
from chatgui.protocol.server.held_names import comes_back_for, held_names, is_host_name, refusal
from chatgui.protocol.server.host_key import proves_host

if TYPE_CHECKING:
    from chatgui.protocol.server.context import ServerContext
    from chatgui.protocol.server.model import Person


@dataclass(frozen=True)
class Authority:
    """A name the room reads as authority: whose it is, and in which role."""

    name: str
    role: str
    """"teacher" (the host) or "helper", as the refusal says it."""
    conn: int
    """The connection it belongs to: that person may take names like it (NOBODY: a name held
    for someone away, whom held_names.refusal() recognises)."""


NOBODY = -1


@dataclass(frozen=True)
class Refusal:
    numeric: str
    sentence: str


def names_of_authority(server: "ServerContext") -> list[Authority]:
    """The host's name and each helper's (op status in one of the host's rooms), and
    the names held for a host or helpers who are away (held_names.py).

    The one place that says whose names are authority."""
    found: dict[int, Authority] = {}
    for conn in server.hosts:
        person = server.people[conn]
        if person.registered:
            found[conn] = Authority(person.nick, "teacher", conn)
    for channel in server.channels.values():
        if channel.made_by is not None:
            continue  # whoever made a room of their own runs it, but is no helper of the host's
        for conn in channel.ops:  # not everyone in it: a class may be logging in at once
            if conn not in found:
                found[conn] = Authority(server.people[conn].nick, "helper", conn)
    away = [
        Authority(nick, "teacher" if is_host_name(server, nick) else "helper", NOBODY)
        for nick in held_names(server)
    ]
    return [*found.values(), *away]


def look_alike_refusal(server: "ServerContext", person: "Person", nick: str) -> Refusal | None:
    """Why `person` can't be called `nick` here, or None: it could pass for the teacher's or
    a helper's name (432: no "_2" makes it another), or it looks exactly like the name of
    someone here (433, as a taken name: "Ms_KeIIy_2" is visibly someone else)."""
    if not (person.is_host or proves_host(server, person)):
        authorities = names_of_authority(server)
        mine = resemblances(nick) if authorities else frozenset()  # once, for all of them
        for authority in authorities:
            like = not mine.isdisjoint(resemblances(authority.name))
            if like and not _theirs(server, person, authority):
                return Refusal(
                    numerics.ERR_ERRONEUSNICKNAME,
                    f"That name could be mistaken for the {authority.role}'s, "
                    f"{authority.name}: pick another",
                )
    twin = server.nicks.twin_of(nick, person)
    if twin is not None:
        return Refusal(
            numerics.ERR_NICKNAMEINUSE,
            f"That name looks the same as {twin}, who is here: pick another",
        )
    return None


def _theirs(server: "ServerContext", person: "Person", authority: Authority) -> bool:
    """`authority` is `person`'s own name: their connection's, their older connection's that
    they came back for, or held for them."""
    if authority.conn == NOBODY:
        return refusal(server, person, authority.name) is None
    holder = server.people[authority.conn]
    return holder is person or comes_back_for(server, person, holder) is not None
