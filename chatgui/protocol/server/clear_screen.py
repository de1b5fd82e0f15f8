"""Clear everyone's screen: a chatgui-only request from the host or a helper to the room.

It is a TAGMSG to the room carrying the client tag caps.CLEAR_SCREEN (IRCv3 message-tags): chatgui
windows empty the room's view when the host or a helper of the room sends it, and IRC programs
never see it (a TAGMSG reaches only clients that asked for message-tags, and they ignore tags
they don't know). Like every TAGMSG it is not kept in the history. The server relays it only
from the room's host and helpers, at most once per CLEAR_SCREEN_GAP_S per person, with no
value; on any other message the tag is dropped.
"""

import math
from typing import TYPE_CHECKING

from chatgui import limits
from chatgui.protocol import caps, names
from chatgui.protocol.server.channels import is_operator

if TYPE_CHECKING:
    from chatgui.protocol.server.context import ServerContext
    from chatgui.protocol.server.model import Person


def checked_tags(
    server: "ServerContext", person: "Person", command: str, target: str, tags: dict[str, str]
) -> dict[str, str] | None:
    """The tags to relay, or None when a clear-screen request is refused (the sender is told)."""
    if caps.CLEAR_SCREEN not in tags:
        return tags
    rest = {key: value for key, value in tags.items() if key != caps.CLEAR_SCREEN}
    if command != "TAGMSG":
        return rest  # only a TAGMSG asks for it: a line of text never clears a screen
    channel = server.find_channel(target) if names.is_channel(target) else None
    if channel is None or not is_operator(channel, person):
        why = "Only the host and helpers of a room can clear everyone's screen there."
        server.fail(person, command, "CLEAR_SCREEN_REFUSED", why, target)
        return None
    wait = person.last_cleared + limits.CLEAR_SCREEN_GAP_S - server.now
    if wait > 0:
        seconds = math.ceil(wait)
        why = f"Everyone's screen was just cleared: wait {seconds} s before clearing it again."
        server.fail(person, command, "CLEAR_SCREEN_WAIT", why, channel.name, str(seconds))
        return None
    person.last_cleared = server.now
    return {**rest, caps.CLEAR_SCREEN: ""}
