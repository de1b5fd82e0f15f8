"""What the host's and helpers' controls send: mute, remove, ban, helpers, room settings.

Pure: each function returns the IRC messages for one action; ChatClient's intent methods
(requests.py) send them. The server checks every one (docs/protocol.md), so a plain IRC client
typing the same lines gets the same result.
"""

from chatgui.protocol import caps
from chatgui.protocol.client.modes import MUTE_PREFIX
from chatgui.protocol.client.room_settings import PASSWORD, address_mask, nick_mask
from chatgui.protocol.message import Message


def mute(channel: str, nick: str) -> list[Message]:
    return [Message("MODE", (channel, "+b", MUTE_PREFIX + nick_mask(nick)))]


def unmute(channel: str, mutes: list[str]) -> list[Message]:
    """Lift the mutes whose masks are given (those that cover the person)."""
    return [Message("MODE", (channel, "-b", MUTE_PREFIX + mask)) for mask in mutes]


def voice(channel: str, nick: str, on: bool) -> list[Message]:
    """In a moderated room, let `nick` talk (+v) or not (-v)."""
    return [Message("MODE", (channel, "+v" if on else "-v", nick))]


def remove(channel: str, nick: str, reason: str) -> list[Message]:
    return [Message("KICK", (channel, nick, reason) if reason else (channel, nick))]


def ban(channel: str, nick: str, reason: str, address: str = "") -> list[Message]:
    """Keep `nick` out for the rest of the session, then remove them: by name, or, given
    their computer's `address`, by name and by computer (everyone sharing that address)."""
    masks = [nick_mask(nick)] + ([address_mask(address)] if address else [])
    return [Message("MODE", (channel, "+b", mask)) for mask in masks] + remove(
        channel, nick, reason
    )


def unban(channel: str, masks: list[str]) -> list[Message]:
    """Lift the bans whose masks are given."""
    return [Message("MODE", (channel, "-b", mask)) for mask in masks]


def list_bans(channel: str) -> list[Message]:
    """Ask for the room's ban list (367 … 368): the Bans… dialog shows it."""
    return [Message("MODE", (channel, "b"))]


def invite(channel: str, nick: str) -> list[Message]:
    """Let `nick` into a locked room (or, unlocked, ask them in)."""
    return [Message("INVITE", (nick, channel))]


def clear_screen(channel: str) -> list[Message]:
    """Ask every chatgui window in the room to clear the room's view (host and helpers)."""
    return [Message("TAGMSG", (channel,), tags={caps.CLEAR_SCREEN: ""})]


def helper(channel: str, nick: str, on: bool) -> list[Message]:
    """Make `nick` a helper (+o) or not; only the host may."""
    return [Message("MODE", (channel, "+o" if on else "-o", nick))]


def room_mode(channel: str, flag: str, on: bool, parameter: str = "") -> list[Message]:
    """Switch one room setting: LOCKED, MODERATED, RENAMES_OFF, PASSWORD (with the password),
    SLOW (with the seconds)."""
    if on:
        return [
            Message(
                "MODE", (channel, f"+{flag}", parameter) if parameter else (channel, f"+{flag}")
            )
        ]
    if flag == PASSWORD:
        return [Message("MODE", (channel, "-k", "*"))]
    return [Message("MODE", (channel, f"-{flag}"))]


def pin(channel: str, text: str) -> list[Message]:
    """The pinned announcement is the room's topic; "" removes it."""
    return [Message("TOPIC", (channel, text))]


def raise_hand(channel: str) -> list[Message]:
    return [Message("HAND", (channel,))]


def lower_hand(channel: str, nick: str = "") -> list[Message]:
    """Lower our own hand, or (host and helpers) someone else's."""
    return [Message("HAND", (channel, "-", nick) if nick else (channel, "-"))]


def list_rooms() -> list[Message]:
    """Every room on the server with how many are in it (the host sees secret ones too)."""
    return [Message("LIST")]


def close_room(channel: str, reason: str) -> list[Message]:
    """Close a room: everyone in it leaves it, told why (the host and helpers, chatgui's
    ROOMS command, docs/protocol.md)."""
    return [Message("ROOMS", ("CLOSE", channel, reason) if reason else ("CLOSE", channel))]


def student_rooms(allowed: bool | None = None) -> list[Message]:
    """Let students open their own rooms, or not; None asks which it is now."""
    if allowed is None:
        return [Message("ROOMS", ("STUDENTS",))]
    return [Message("ROOMS", ("STUDENTS", "ON" if allowed else "OFF"))]


def to_helpers(channel: str) -> str:
    """Where a question for the host and helpers only goes: "@#room" (ISUPPORT STATUSMSG)."""
    return f"@{channel}"
