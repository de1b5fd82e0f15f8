"""What the host and helpers ask of our window: come in (INVITE) and clear the screen.

An INVITE to a room we are not in becomes Invited, so the window can say who let us in and
offer to join. A TAGMSG to a room carrying the client tag controls.CLEAR_SCREEN becomes
ScreenCleared, but only from someone the room shows as its host or a helper: on a server that
relays any client tag (not chatgui's, which checks), a classmate's request is ignored.
"""

from chatgui.events import Invited, ScreenCleared
from chatgui.protocol import names
from chatgui.protocol.client.controls import CLEAR_SCREEN
from chatgui.protocol.client.rooms import BADGES, badge_of
from chatgui.protocol.client.session import ClientSession, on
from chatgui.protocol.message import Message


@on("INVITE")
def _on_invite(session: ClientSession, message: Message) -> None:
    """`:Ms_Rivera!… INVITE Sam #class`: to us, for a room we are not in (invite-notify's
    copies about others are no invitation of ours)."""
    channel, by = message.param(1), message.nick
    if not by or not session.is_me(message.param(0)) or not names.is_channel(channel):
        return
    if names.channel_problem(channel) is None and session.room(channel) is None:
        session.emit(Invited(channel, by))


@on("TAGMSG")
def _on_tag_message(session: ClientSession, message: Message) -> None:
    if CLEAR_SCREEN not in message.tags or "batch" in message.tags:
        return  # a reaction or typing, or a record of the past: nothing to clear
    room = session.room(message.param(0))
    by = message.nick
    if room is None or not by or badge_of(session, by, room.name) not in BADGES:
        return
    session.emit(ScreenCleared(room.name, by))
