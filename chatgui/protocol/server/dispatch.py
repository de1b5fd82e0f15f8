"""Where every command goes: one table from command to handler, and the checks every line
passes before its handler runs.

A handler is `handler(server, person, message)`; it reads and changes the server through
context.ServerContext and queues its replies there. To add a command, write its handler in the
topic module and add one row below.
"""

from collections.abc import Callable
from dataclasses import dataclass

from chatgui import limits
from chatgui.protocol import numerics
from chatgui.protocol.message import Message
from chatgui.protocol.server import (
    channels,
    chathistory,
    hands,
    messaging,
    modes,
    monitor,
    queries,
    registration,
    room_charge,
    sasl,
    search,
)
from chatgui.protocol.server.context import ServerContext
from chatgui.protocol.server.guesses import password_matches
from chatgui.protocol.server.model import Person

Handler = Callable[[ServerContext, Person, Message], None]


@dataclass(frozen=True)
class Command:
    handler: Handler
    min_params: int = 0
    """Fewer parameters get ERR_NEEDMOREPARAMS."""
    registered: bool = True
    """The person must have finished NICK/USER first."""
    flood: bool = True
    """The line counts towards the person's own flood control (every line counts towards
    its address's share)."""
    weight: int = 1
    """Lines of flood control one use costs once registered: more where the server works more."""


COMMANDS: dict[str, Command] = {
    # Arriving and leaving (registration.py), proving who you are (sasl.py)
    "CAP": Command(registration.on_cap, min_params=1, registered=False, flood=False),
    "AUTHENTICATE": Command(sasl.on_authenticate, min_params=1, registered=False),
    "PASS": Command(registration.on_pass, min_params=1, registered=False),
    "NICK": Command(registration.on_nick, registered=False, weight=limits.FLOOD_WEIGHT_NICK),
    "USER": Command(registration.on_user, min_params=4, registered=False),
    "PING": Command(registration.on_ping, min_params=1, registered=False, flood=False),
    "PONG": Command(registration.on_pong, registered=False, flood=False),
    "QUIT": Command(registration.on_quit, registered=False),
    # Talking (messaging.py)
    "PRIVMSG": Command(messaging.on_message),
    "NOTICE": Command(messaging.on_message),
    "TAGMSG": Command(messaging.on_message),
    "BATCH": Command(messaging.on_batch, min_params=1),
    # Rooms (channels.py), their settings (modes.py), hands (hands.py), every room (room_charge.py)
    "JOIN": Command(channels.on_join, min_params=1),
    "PART": Command(channels.on_part, min_params=1),
    "TOPIC": Command(channels.on_topic, min_params=1),
    "NAMES": Command(channels.on_names),
    "LIST": Command(channels.on_list, weight=limits.FLOOD_WEIGHT_LIST),
    "KICK": Command(channels.on_kick, min_params=2),
    "INVITE": Command(channels.on_invite, min_params=2),
    "MODE": Command(modes.on_mode, min_params=1),
    "HAND": Command(hands.on_hand, min_params=1),
    "ROOMS": Command(room_charge.on_rooms, min_params=1),
    # History (chathistory.py, search.py)
    "CHATHISTORY": Command(
        chathistory.on_chathistory, min_params=1, weight=limits.FLOOD_WEIGHT_CHATHISTORY
    ),
    "SEARCH": Command(search.on_search, min_params=1, weight=limits.FLOOD_WEIGHT_SEARCH),
    # Asking about people and the server (queries.py), watching names (monitor.py)
    "WHO": Command(queries.on_who, weight=limits.FLOOD_WEIGHT_WHO),
    "WHOIS": Command(queries.on_whois, min_params=1),
    "WHOWAS": Command(queries.on_whowas, min_params=1),
    "ISON": Command(queries.on_ison, min_params=1),
    "USERHOST": Command(queries.on_userhost, min_params=1),
    "MONITOR": Command(monitor.on_monitor, min_params=1),
    "LUSERS": Command(queries.on_lusers),
    "INFO": Command(queries.on_info),
    "MOTD": Command(queries.on_motd),
    "TIME": Command(queries.on_time),
    "VERSION": Command(queries.on_version),
    "AWAY": Command(queries.on_away),
    "SETNAME": Command(queries.on_setname, min_params=1),
    "OPER": Command(queries.on_oper, min_params=2),
}


def paid_lines(person: Person, command: str) -> int:
    """Lines of flood control `command` cost `person`: its weight once they are registered,
    one before (and for a command nobody handles)."""
    known = COMMANDS.get(command)
    return known.weight if known is not None and person.registered else 1


def dispatch(server: ServerContext, person: Person, message: Message, size: int) -> None:
    """Charge the line (`size` bytes), check it may run, and run its command's handler."""
    command = COMMANDS.get(message.command)
    if command is None:
        server.charge(person, size_units(size))
        if person.registered:
            server.reply(person, numerics.ERR_UNKNOWNCOMMAND, message.command, "Unknown command")
        return
    if server.flood_control:  # else nobody is counted: nothing to work out
        weight = command.weight if person.registered else 1  # as paid_lines() says
        server.charge(person, weight - 1 + size_units(size), own=command.flood)
    if (
        person.host_only
        and message.command in ("NICK", "USER")
        and not shows_secret(server, person)
    ):
        server.close(person, "The room is full", "Closing link: The room is full")
        return
    if command.registered and not person.registered:
        server.reply(person, numerics.ERR_NOTREGISTERED, "You have not registered")
        return
    if len(message.params) < command.min_params:
        server.reply(person, numerics.ERR_NEEDMOREPARAMS, message.command, "Not enough parameters")
        return
    command.handler(server, person, message)


def shows_secret(server: ServerContext, person: Person) -> bool:
    """The person sent PASS with the host secret (compared in constant time)."""
    secret = server.config.host_secret
    return secret is not None and password_matches(person.password, secret)


def size_units(size: int) -> int:
    """Lines of work a line of `size` bytes counts for: one, and one more for every further
    FLOOD_LINE_BYTES (big client tags)."""
    return 1 + size // limits.FLOOD_LINE_BYTES
