"""Names that could pass for someone else's, refused at registration and on NICK.

In a classroom the teacher's name is authority: a name that could be read as the host's or a
helper's ("Ms_Rivera_", "ms-rivera2", or with a Cyrillic M) is refused unless it is theirs. And two
people are never told apart only by a look-alike letter ("Ms_KeIIy" beside "Ms_Kelly"), while
two students called Sam stay possible as Sam and Sam_2 (lookalike.py has the rules).
"""

from dataclasses import dataclass
from typing import TYPE_CHECKING

from chatgui.protocol import numerics
from chatgui.protocol.lookalike import could_pass_for, twin_among
from chatgui.protocol.server.guesses import password_matches

if TYPE_CHECKING:
    from chatgui.protocol.server.model import Person
    from chatgui.protocol.server.state import ServerState


@dataclass(frozen=True)
class Authority:
    """A name the room reads as authority: whose it is, and in which role."""

    name: str
    role: str
    """"teacher" (the host) or "helper", as the refusal says it."""
    conn: int
    """The connection it belongs to: that person may take names like it."""


@dataclass(frozen=True)
class Refusal:
    numeric: str
    sentence: str


def names_of_authority(server: "ServerState") -> list[Authority]:
    """The host's name and each helper's (op status in a room), from the server's state.

    The one place that says whose names are authority: a name held for an absent host would be
    added here."""
    found: dict[int, Authority] = {}
    for person in server.people.values():
        if person.registered and person.is_host:
            found[person.conn] = Authority(person.nick, "teacher", person.conn)
    for channel in server.channels.values():
        for conn, status in channel.members.items():
            if "o" in status and conn not in found:
                found[conn] = Authority(server.people[conn].nick, "helper", conn)
    return list(found.values())


def look_alike_refusal(server: "ServerState", person: "Person", nick: str) -> Refusal | None:
    """Why `person` can't be called `nick` here, or None: it could pass for the teacher's or
    a helper's name (432: no "_2" makes it another), or it looks exactly like the name of
    someone here (433, as a taken name: "Ms_KeIIy_2" is visibly someone else)."""
    if not _is_the_host(server, person):
        for authority in names_of_authority(server):
            if authority.conn != person.conn and could_pass_for(nick, authority.name):
                return Refusal(
                    numerics.ERR_ERRONEUSNICKNAME,
                    f"That name could be mistaken for the {authority.role}'s, "
                    f"{authority.name}: pick another",
                )
    others = (p.nick for p in server.people.values() if p is not person and p.registered)
    twin = twin_among(nick, others)
    if twin is not None:
        return Refusal(
            numerics.ERR_NICKNAMEINUSE,
            f"That name looks the same as {twin}, who is here: pick another",
        )
    return None


def _is_the_host(server: "ServerState", person: "Person") -> bool:
    """The host, or the host's window coming back: it shows the host secret before it is in."""
    secret = server.config.host_secret
    return person.is_host or (secret is not None and password_matches(person.password, secret))
