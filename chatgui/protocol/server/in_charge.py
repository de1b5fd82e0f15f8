"""Who is in charge of the whole server, not one room: the host, the host's helpers and the
server's operators. They see every room, may open rooms when students may not, close a
room, and choose whether students open their own (room_charge.py, docs/protocol.md).

A helper of the host is someone with o in a room the host opened; the operator of a room a
student made is in charge of that room only.
"""

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from chatgui.protocol.server.context import ServerContext
    from chatgui.protocol.server.model import Person

NO_NEW_ROOMS = (
    "Students can't open new rooms here: join a room that is open, or ask the teacher "
    "to open this one."
)
"""Said (with 477, as Solanum's createauthonly does) to a student whose JOIN would open a room."""


def in_charge_of_rooms(server: "ServerContext", person: "Person") -> bool:
    """The host, a server operator, or a helper in one of the host's rooms."""
    if person.is_host or "o" in person.modes:
        return True
    return any(
        server.channels[key].made_by is None
        and "o" in server.channels[key].members.get(person.conn, frozenset())
        for key in person.channels
    )


def may_open_rooms(server: "ServerContext", person: "Person") -> bool:
    """Whether a JOIN of a room that does not exist may open it for `person`."""
    return server.students_open_rooms or in_charge_of_rooms(server, person)
