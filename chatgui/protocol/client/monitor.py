"""MONITOR, the client's side: ask to be told when someone comes back, and hear it.

Used only where the server offers it (ISUPPORT MONITOR=<limit>); elsewhere the rooms' JOINs
tell the client instead. Who came back is left in `session.came_back`, which the session
hands on (Result.back).
"""

from chatgui.protocol import caps, names, numerics
from chatgui.protocol.client.state import Handlers, SessionState, count, is_word
from chatgui.protocol.message import Message


def watch(session: SessionState, nick: str) -> None:
    """Ask to be told when `nick` is here (730): at once if they already are."""
    if caps.MONITOR not in session.isupport or names.casefold(nick) in session.watching:
        return
    limit = count(session.isupport[caps.MONITOR], default=0)  # no number: no limit said
    if limit and len(session.watching) >= limit:
        return  # the room's JOINs will tell
    session.watching.add(names.casefold(nick))
    session.send(Message("MONITOR", ("+", nick)))


def unwatch(session: SessionState, nick: str) -> None:
    if names.casefold(nick) in session.watching:
        session.watching.discard(names.casefold(nick))
        session.send(Message("MONITOR", ("-", nick)))


def _on_online(session: SessionState, message: Message) -> None:
    for target in (message.params[-1] if message.params else "").split(","):
        nick = target.partition("!")[0]
        if is_word(nick) and names.casefold(nick) in session.watching:
            session.came_back.append(nick)


def _on_not_here(session: SessionState, message: Message) -> None:
    """Not here yet, or our list: nothing to do until they come."""


def _on_list_full(session: SessionState, message: Message) -> None:
    """The server's list is full: those names are not watched, and the JOINs will tell."""
    for nick in message.param(2).split(","):
        session.watching.discard(names.casefold(nick))


HANDLERS: Handlers = {
    numerics.RPL_MONONLINE: _on_online,
    numerics.RPL_MONOFFLINE: _on_not_here,
    numerics.RPL_MONLIST: _on_not_here,
    numerics.RPL_ENDOFMONLIST: _on_not_here,
    numerics.ERR_MONLISTFULL: _on_list_full,
}
"""The commands this module takes, and their handlers (session.HANDLERS merges them)."""
