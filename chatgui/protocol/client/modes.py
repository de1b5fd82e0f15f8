"""A room's settings: MODE changes, the RPL_CHANNELMODEIS answer and the list of mutes.

The window needs them to tick the Room menu's boxes (locked, password, only helpers and
voiced people talk, slow mode) and to offer Mute or Unmute. Which letters take a parameter
comes from the server (ISUPPORT CHANMODES and PREFIX), never from a list of our own.
"""

from chatgui import limits
from chatgui.events import RoomModesChanged
from chatgui.protocol import caps, names, numerics
from chatgui.protocol.client.state import Handlers, Room, SessionState
from chatgui.protocol.control_words import MUTE_PREFIX as MUTE_PREFIX  # controls.py uses it
from chatgui.protocol.control_words import Change
from chatgui.protocol.message import Message


def mode_groups(session: SessionState) -> tuple[str, str, str, str]:
    """The CHANMODES groups: A (lists), B (always a parameter), C (a parameter when set), D."""
    groups = [*session.isupport.get(caps.CHANMODES, "b,k,l,imnst").split(","), "", "", ""]
    return groups[0], groups[1], groups[2], groups[3]


def mode_changes(session: SessionState, flags: str, args: list[str]) -> list[Change]:
    """One MODE line's changes, each with its parameter: which letters take one comes from
    the server's CHANMODES and PREFIX. A parameter missing from the line is None."""
    member_modes = session.prefixes()
    lists, always, when_set, _ = mode_groups(session)
    waiting = list(args)
    changes: list[Change] = []
    sign = "+"
    for flag in flags:
        if flag in "+-":
            sign = flag
            continue
        takes_one = flag in member_modes or flag in lists or flag in always
        if takes_one or (flag in when_set and sign == "+"):
            changes.append((sign, flag, waiting.pop(0) if waiting else None))
        else:
            changes.append((sign, flag, None))
    return changes


def apply_modes(session: SessionState, room: Room, changes: list[Change], by: str = "") -> None:
    """Follow one MODE line by `by`: people's status (+o, +v …), mutes and bans, and the
    room's own modes."""
    member_modes = session.prefixes()
    lists, always, when_set, _ = mode_groups(session)
    for sign, flag, argument in changes:
        adding = sign == "+"
        if flag in member_modes:
            if argument is not None:
                _set_member_mode(room, argument, flag, adding)
        elif flag in lists:
            if argument is not None:
                _list_changed(room, flag, argument, adding, by)
        elif flag in always or (flag in when_set and adding):
            if argument is not None:
                _room_mode(room, flag, argument, adding)
        else:
            _room_mode(room, flag, "", adding)


def modes_event(room: Room) -> RoomModesChanged:
    return RoomModesChanged(
        room.name,
        tuple(sorted(room.modes.items())),
        tuple(sorted(room.mutes)),
        tuple(sorted(room.bans.items())),
    )


def _set_member_mode(room: Room, nick: str, flag: str, adding: bool) -> None:
    key = names.casefold(nick)
    if key in room.members:
        shown, modes = room.members[key]
        modes = modes.replace(flag, "") + (flag if adding else "")
        room.members[key] = (shown, modes)


def _list_changed(room: Room, flag: str, mask: str, adding: bool, by: str = "") -> None:
    """Follow the mutes and bans (the Bans… dialog lists them); other lists are the server's."""
    if flag != "b":
        return
    if mask.startswith(MUTE_PREFIX):
        if adding:
            room.mutes.add(mask[len(MUTE_PREFIX) :])
        else:
            room.mutes.discard(mask[len(MUTE_PREFIX) :])
    elif not adding:
        room.bans.pop(mask, None)
    elif mask in room.bans or len(room.bans) < limits.CLIENT_BANS_KEPT_MAX:
        room.bans[mask] = by or room.bans.get(mask, "")


def _room_mode(room: Room, flag: str, parameter: str, adding: bool) -> None:
    if adding:
        room.modes[flag] = parameter
    else:
        room.modes.pop(flag, None)


def _on_channel_modes(session: SessionState, message: Message) -> None:
    """The answer to `MODE #room`: every mode the room has now."""
    room = session.room(message.param(1))
    if room is None:
        return
    room.modes.clear()
    apply_modes(session, room, mode_changes(session, message.param(2), list(message.params[3:])))
    session.emit(modes_event(room))


def _on_ban_entry(session: SessionState, message: Message) -> None:
    room = session.room(message.param(1))
    if room is None:
        return
    mask, setter = message.param(2), message.param(3).partition("!")[0]
    if mask.startswith(MUTE_PREFIX):
        _list_changed(room, "b", mask, adding=True)
    elif room.listed_bans is None or len(room.listed_bans) < limits.CLIENT_BANS_KEPT_MAX:
        room.listed_bans = {**(room.listed_bans or {}), mask: setter}


def _on_ban_list_end(session: SessionState, message: Message) -> None:
    room = session.room(message.param(1))
    if room is not None:
        room.bans, room.listed_bans = room.listed_bans or {}, None  # the list as it is now
        session.emit(modes_event(room))


HANDLERS: Handlers = {
    numerics.RPL_CHANNELMODEIS: _on_channel_modes,
    numerics.RPL_BANLIST: _on_ban_entry,
    numerics.RPL_ENDOFBANLIST: _on_ban_list_end,
}
"""The commands this module takes, and their handlers (session.HANDLERS merges them)."""
