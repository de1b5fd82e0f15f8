"""The table of command handlers: each topic module registers its commands here.

A handler is `handler(server, person, message)`; it reads and changes the ServerState and
queues replies through it. Keeping them in a table keyed by command means there is no giant
if/elif chain: to add a command, write one function and decorate it.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

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


COMMANDS: dict[str, Command] = {}


def handles(
    *names: str, min_params: int = 0, registered: bool = True, flood: bool = True
) -> Callable[[Handler], Handler]:
    """Register the decorated function for `names`.

    min_params: fewer parameters get ERR_NEEDMOREPARAMS. registered: the person must have
    finished NICK/USER first. flood: the line counts towards flood control.
    """

    def register(handler: Handler) -> Handler:
        for name in names:
            if name in COMMANDS:  # two handlers for one command: one would be lost
                raise ValueError(f"{name} already has a handler: {COMMANDS[name].handler}")
            COMMANDS[name] = Command(handler, min_params, registered, flood)
        return handler

    return register
