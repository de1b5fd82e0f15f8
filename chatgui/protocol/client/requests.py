"""RoomRequests: what a person asks of the room, one method each, named for what they mean.

ChatClient inherits these as its intent methods, so the window never builds an IRC line: each
method builds its lines here (controls.py) and hands them to `_send_lines`, which the client
runs on its loop. Pure: nothing here touches a socket or a thread.
"""

from collections.abc import Sequence

from chatgui.protocol.client import controls
from chatgui.protocol.client.room_settings import (
    LOCKED,
    MODERATED,
    PASSWORD,
    RENAMES_OFF,
    SLOW,
)
from chatgui.protocol.message import Message


class RoomRequests:
    """The teacher's controls, hands, the room list and the raw /mode: each one request."""

    def _send_lines(self, lines: list[Message]) -> None:
        """Send `lines` on the connection (ChatClient: on its loop; dropped while away)."""
        raise NotImplementedError

    # --- people ---

    def mute(self, channel: str, nick: str, take_voice: bool = False) -> None:
        """Mute `nick`; `take_voice`: in a quiet room, their voice goes too."""
        voice = controls.voice(channel, nick, False) if take_voice else []
        self._send_lines(controls.mute(channel, nick) + voice)

    def unmute(self, channel: str, mutes: Sequence[str], give_voice: str = "") -> None:
        """Lift the `mutes` (masks) that cover a person; `give_voice`: their name, to let
        them talk in a quiet room too."""
        voice = controls.voice(channel, give_voice, True) if give_voice else []
        self._send_lines(controls.unmute(channel, list(mutes)) + voice)

    def remove(self, channel: str, nick: str, reason: str = "") -> None:
        """Remove `nick` from the room; they read `reason`."""
        self._send_lines(controls.remove(channel, nick, reason))

    def ban(self, channel: str, nick: str, reason: str = "", address: str = "") -> None:
        """Keep `nick` out (and, given `address`, their computer) and remove them."""
        self._send_lines(controls.ban(channel, nick, reason, address))

    def lift_bans(self, channel: str, masks: Sequence[str]) -> None:
        self._send_lines(controls.unban(channel, list(masks)))

    def list_bans(self, channel: str) -> None:
        """Ask for the room's bans; RoomModesChanged.bans follows."""
        self._send_lines(controls.list_bans(channel))

    def let_in(self, channel: str, nick: str) -> None:
        """Let `nick` in past the lock (INVITE)."""
        self._send_lines(controls.invite(channel, nick))

    def make_helper(self, channel: str, nick: str, helper: bool = True) -> None:
        """Make `nick` a helper, or (`helper=False`) not any more."""
        self._send_lines(controls.helper(channel, nick, helper))

    # --- the room's settings ---

    def lock_room(self, channel: str, locked: bool) -> None:
        self._send_lines(controls.room_mode(channel, LOCKED, locked))

    def set_room_password(self, channel: str, password: str) -> None:
        """The password people joining need; "" removes it."""
        self._send_lines(controls.room_mode(channel, PASSWORD, bool(password), password))

    def quiet_room(self, channel: str, quiet: bool) -> None:
        """Only the host, helpers and people given a voice talk (quiet), or everyone."""
        self._send_lines(controls.room_mode(channel, MODERATED, quiet))

    def stop_renames(self, channel: str, stopped: bool) -> None:
        self._send_lines(controls.room_mode(channel, RENAMES_OFF, stopped))

    def slow_mode(self, channel: str, seconds: int) -> None:
        """Each person waits `seconds` between messages; 0 turns slow mode off."""
        self._send_lines(controls.room_mode(channel, SLOW, seconds > 0, str(seconds)))

    def set_topic(self, channel: str, text: str) -> None:
        """Pin an announcement (the room's topic); "" removes it."""
        self._send_lines(controls.pin(channel, text))

    def clear_screen(self, channel: str) -> None:
        """Ask every chatgui window in the room to clear the room's view."""
        self._send_lines(controls.clear_screen(channel))

    def set_modes(self, params: Sequence[str]) -> None:
        """/mode as typed: a MODE line with these parameters."""
        self._send_lines([Message("MODE", tuple(params))])

    # --- hands ---

    def raise_hand(self, channel: str) -> None:
        self._send_lines(controls.raise_hand(channel))

    def lower_hand(self, channel: str, nick: str = "") -> None:
        """Lower our own hand, or (the host and helpers) `nick`'s."""
        self._send_lines(controls.lower_hand(channel, nick))

    # --- every room on the server ---

    def list_rooms(self) -> None:
        """Every room with how many are in it; RoomsListed follows."""
        self._send_lines(controls.list_rooms())

    def close_room(self, channel: str, reason: str = "") -> None:
        """Everyone in `channel` leaves it, told why."""
        self._send_lines(controls.close_room(channel, reason))

    def ask_student_rooms(self) -> None:
        """Ask whether students may open their own rooms; StudentRooms follows."""
        self._send_lines(controls.student_rooms())

    def let_students_open_rooms(self, allowed: bool) -> None:
        self._send_lines(controls.student_rooms(allowed))
