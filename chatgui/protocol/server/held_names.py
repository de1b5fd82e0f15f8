"""Names held for their people: the host's name while the host is away, a helper's for a
grace period after they dropped. Nobody else may take a held name, and its person gets it
back (a helper gets their helper status back too, in the host's rooms, when they rejoin).

The host's name is whatever the host last registered or renamed to; it stays the host's for
HOST_NAME_HOLD_S after the host's last connection went (`serve --host NAME`: from the start,
until the host first comes). A helper is held for if the host (or a helper) made them one in a
room a student did not make: students can't make holds, so they can't reserve names. A helper
is known again by their identity (account); without one, by their computer, the one thing the
server can tell about a plain IRC program (on a network where many PCs share one address, that
is not a person: give helpers a chatgui window there).
"""

from typing import TYPE_CHECKING

from chatgui import limits
from chatgui.protocol import names
from chatgui.protocol.server.host_key import proves_host
from chatgui.protocol.server.model import HelperHold

if TYPE_CHECKING:
    from chatgui.protocol.server.context import ServerContext
    from chatgui.protocol.server.model import Person


def held_names(server: "ServerContext") -> list[str]:
    """The names held now (the host's while it is held, then the helpers'), as written."""
    _forget_expired(server)
    helpers = [hold.nick for hold in server.held.helpers.values()]
    host = server.held.host_nick
    return [host, *helpers] if host is not None and _host_name_held(server) else helpers


def refusal(server: "ServerContext", person: "Person", nick: str) -> str | None:
    """Why `person` may not take `nick` because it is held for someone else, or None."""
    folded = names.casefold(nick)
    if is_host_name(server, nick) and not (person.is_host or proves_host(server, person)):
        return f"{nick} is the host's name, kept for them: choose another name"
    _forget_expired(server)
    hold = server.held.helpers.get(folded)
    if hold is not None and not _same_person(hold, person):
        minutes = round(limits.HELPER_NAME_GRACE_S / 60)
        return (
            f"{nick} is kept for a helper who is reconnecting (for up to {minutes} minutes): "
            "choose another name"
        )
    return None


def is_host_name(server: "ServerContext", nick: str) -> bool:
    """`nick` is the host's name and is held now."""
    held = server.held.host_nick
    return (
        held is not None
        and names.casefold(held) == names.casefold(nick)
        and _host_name_held(server)
    )


def comes_back_for(server: "ServerContext", person: "Person", holder: "Person") -> str | None:
    """Why `person` may take the name `holder` has, or None: it is the host's name and they
    are the host, or `holder` is an older connection of the same identity (not yet seen gone,
    as after a pulled cable). The sentence tells `holder`."""
    nick = holder.nick
    if is_host_name(server, nick) and (person.is_host or proves_host(server, person)):
        return f"{nick} is the host's name and the host came back"
    if holder.account is not None and holder.account == person.account:
        return f"{nick} came back on a new connection"
    return None


def hand_over(server: "ServerContext", person: "Person", holder: "Person") -> None:
    """`person` takes the name from `holder`, an older connection of theirs: where `holder`
    is a helper, `person` will be one too when they join."""
    rooms = helper_rooms(server, holder)
    if rooms and holder.account is not None and holder.account == person.account:
        server.held.returning[person.conn] = set(rooms)


def took_name(server: "ServerContext", person: "Person") -> None:
    """`person` registered or renamed: the host's name follows the host; a helper coming
    back to their held name will be a helper again in those rooms."""
    held = server.held
    if person.is_host:
        held.host_nick = person.nick
        held.host_away_since = None
    hold = held.helpers.get(names.casefold(person.nick))
    if hold is not None and _same_person(hold, person):
        del held.helpers[names.casefold(person.nick)]
        held.returning[person.conn] = set(hold.rooms)


def helper_again(server: "ServerContext", person: "Person", room: str) -> bool:
    """`person` joins `room` (folded) where they were a helper before they dropped."""
    rooms = server.held.returning.get(person.conn)
    if rooms is None or room not in rooms:
        return False
    rooms.discard(room)
    return True


def departed(server: "ServerContext", person: "Person") -> None:
    """`person` is leaving the server (still in their rooms): hold the host's name from now,
    or a helper's for HELPER_NAME_GRACE_S."""
    held = server.held
    held.returning.pop(person.conn, None)
    if not person.registered:
        return
    if person.is_host:
        others = [p for p in server.people.values() if p.is_host and p.registered]
        if not any(p is not person for p in others):
            held.host_away_since = server.now
        return
    rooms = helper_rooms(server, person)
    if rooms:
        _hold_helper(server, person, rooms)


def helper_rooms(server: "ServerContext", person: "Person") -> frozenset[str]:
    """The rooms (folded) a student did not make where `person` is a helper."""
    return frozenset(
        key
        for key in person.channels
        if "o" in server.channels[key].members.get(person.conn, frozenset())
        and server.channels[key].made_by is None
    )


def _hold_helper(server: "ServerContext", person: "Person", rooms: frozenset[str]) -> None:
    helpers = server.held.helpers
    folded = names.casefold(person.nick)
    helpers.pop(folded, None)
    until = server.now + limits.HELPER_NAME_GRACE_S
    helpers[folded] = HelperHold(person.nick, person.account, person.computer, until, rooms)
    same = [key for key, hold in helpers.items() if hold.computer == person.computer]
    for key in same[: max(0, len(same) - limits.HELD_NAMES_PER_COMPUTER_MAX)]:
        del helpers[key]
    while len(helpers) > limits.HELD_NAMES_MAX:
        del helpers[next(iter(helpers))]


def _same_person(hold: HelperHold, person: "Person") -> bool:
    """The same identity when the helper had one; else the same computer."""
    if hold.account is not None:
        return person.account == hold.account
    return person.computer == hold.computer


def _host_name_held(server: "ServerContext") -> bool:
    held = server.held
    if held.host_nick is None:
        return False
    away = held.host_away_since
    return away is None or server.now - away < limits.HOST_NAME_HOLD_S


def _forget_expired(server: "ServerContext") -> None:
    helpers = server.held.helpers
    for key in [key for key, hold in helpers.items() if hold.until <= server.now]:
        del helpers[key]
