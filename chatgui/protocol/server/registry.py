"""The table of command handlers: each topic module registers its commands here.

A handler is `handler(server, person, message)`; it reads and changes the ServerState and
queues replies through it. Keeping them in a table keyed by command means there is no giant
if/elif chain: to add a command, write one function and decorate it.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from chatgui import limits

if TYPE_CHECKING:
    from chatgui.protocol.message import Message
    from chatgui.protocol.server.model import Person
    from chatgui.protocol.server.state import ServerState

Handler = Callable[["ServerState", "Person", "Message"], None]


@dataclass(frozen=True)
class Command:
    handler: Handler
    min_params: int
    needs_registration: bool
    costs_flood: bool
    weight: int
    """Lines of flood control one use costs once registered: more where the server works more."""


COMMANDS: dict[str, Command] = {}

WEIGHTS = {
    "NICK": limits.FLOOD_WEIGHT_NICK,
    "SEARCH": limits.FLOOD_WEIGHT_SEARCH,
    "CHATHISTORY": limits.FLOOD_WEIGHT_CHATHISTORY,
    "LIST": limits.FLOOD_WEIGHT_LIST,
    "WHO": limits.FLOOD_WEIGHT_WHO,
}
"""Commands that cost the server more than a line; every other command costs one."""


def handles(
    *names: str, min_params: int = 0, registered: bool = True, flood: bool = True
) -> Callable[[Handler], Handler]:
    """Register the decorated function for `names`.

    min_params: fewer parameters get ERR_NEEDMOREPARAMS. registered: the person must have
    finished NICK/USER first. flood: the line counts towards the person's own flood control
    (every line counts towards its address's share). The weight comes from WEIGHTS.
    """

    def register(handler: Handler) -> Handler:
        for name in names:
            if name in COMMANDS:  # two handlers for one command: one would be lost
                raise ValueError(f"{name} already has a handler: {COMMANDS[name].handler}")
            COMMANDS[name] = Command(handler, min_params, registered, flood, WEIGHTS.get(name, 1))
        return handler

    return register
