"""What the host and helpers ask of our window: clear the screen.

A TAGMSG to a room carrying the client tag caps.CLEAR_SCREEN becomes
ScreenCleared, but only from someone the room shows as its host or a helper: on a server that
relays any client tag (not chatgui's, which checks), a classmate's request is ignored.
"""

from chatgui.events import ScreenCleared
from chatgui.protocol import caps
from chatgui.protocol.client.rooms import BADGES, badge_of
from chatgui.protocol.client.state import Handlers, SessionState
from chatgui.protocol.message import Message


def _on_tag_message(session: SessionState, message: Message) -> None:
    if caps.CLEAR_SCREEN not in message.tags or "batch" in message.tags:
        return  # a reaction or typing, or a record of the past: nothing to clear
    room = session.room(message.param(0))
    by = message.nick
    if room is None or not by or badge_of(session, by, room.name) not in BADGES:
        return
    session.emit(ScreenCleared(room.name, by))


HANDLERS: Handlers = {
    "TAGMSG": _on_tag_message,
}
"""The commands this module takes, and their handlers (session.HANDLERS merges them)."""
