"""MONITOR (modern.ircdocs.horse): a person asks to be told when a name comes and goes.

A window uses it for a private message to someone who is not back yet after an outage: it is
told the moment they are (730) and sends the message then. Each person watches at most
MONITOR_MAX_NAMES names (ISUPPORT MONITOR=<limit>); the watch ends with their connection.
"""

from typing import TYPE_CHECKING

from chatgui import limits
from chatgui.protocol import names, numerics
from chatgui.protocol.message import Message

if TYPE_CHECKING:
    from chatgui.protocol.server.context import ServerContext
    from chatgui.protocol.server.model import Person


def on_monitor(server: "ServerContext", person: "Person", message: Message) -> None:
    action = message.param(0)
    targets = [t for t in message.param(1).split(",") if t] if len(message.params) > 1 else []
    watchers = server.watchers
    if action == "+":
        online: list[str] = []
        offline: list[str] = []
        for position, target in enumerate(targets):
            if not names.is_valid_nick(target) or not watchers.add(person.conn, target):
                rest = ",".join(targets[position:])
                limit = str(limits.MONITOR_MAX_NAMES)
                server.reply(person, numerics.ERR_MONLISTFULL, limit, rest, "Monitor list is full.")
                break
            other = server.find_person(target)
            (online if other is not None else offline).append(
                other.prefix if other is not None else target
            )
        _tell(server, person, numerics.RPL_MONONLINE, online)
        _tell(server, person, numerics.RPL_MONOFFLINE, offline)
    elif action == "-":
        for target in targets:
            watchers.remove(person.conn, target)
    elif action.upper() == "C":
        watchers.forget(person.conn)
    elif action.upper() == "L":
        _tell(server, person, numerics.RPL_MONLIST, watchers.of(person.conn))
        server.reply(person, numerics.RPL_ENDOFMONLIST, "End of MONITOR list")
    elif action.upper() == "S":
        watched = watchers.of(person.conn)
        here = [p.prefix for n in watched if (p := server.find_person(n)) is not None]
        _tell(server, person, numerics.RPL_MONONLINE, here)
        _tell(
            server,
            person,
            numerics.RPL_MONOFFLINE,
            [n for n in watched if not server.find_person(n)],
        )


def arrived(server: "ServerContext", person: "Person") -> None:
    """`person` now has their name (registered or renamed): their watchers are told."""
    for conn in sorted(server.watchers.by_name.get(names.casefold(person.nick), ())):
        watcher = server.people.get(conn)
        if watcher is not None and watcher is not person:
            server.reply(watcher, numerics.RPL_MONONLINE, person.prefix)


def went(server: "ServerContext", person: "Person", nick: str) -> None:
    """`nick` is nobody's now (its person left or took another): their watchers are told."""
    for conn in sorted(server.watchers.by_name.get(names.casefold(nick), ())):
        watcher = server.people.get(conn)
        if watcher is not None and watcher is not person:
            server.reply(watcher, numerics.RPL_MONOFFLINE, nick)


def _tell(server: "ServerContext", person: "Person", numeric: str, targets: list[str]) -> None:
    """targets as comma lists that fit a line (each name is short: NICK_MAX_CHARS)."""
    line: list[str] = []
    for target in targets:
        if line and len(",".join([*line, target])) > limits.MONITOR_LINE_CHARS:
            server.reply(person, numeric, ",".join(line))
            line = []
        line.append(target)
    if line:
        server.reply(person, numeric, ",".join(line))
