"""MODE: a person's own modes (+i, +o) and a room's (+b +i +k +l +m +n +N +o +s +t +v +W).

Room modes change only by the room's operators (the host and helpers), and only the host
makes or removes helpers (+o/-o). Each accepted change is announced to the room in one MODE
line (its words are the windows' to draw, and the history's: room_notices), and each refused
one gets its own numeric. Our extensions, the mute extban (+b m:<mask>), slow mode
(+W <seconds>) and renames off (+N), are in docs/protocol.md.
"""

import math
import re
from dataclasses import replace
from typing import TYPE_CHECKING

from chatgui import limits
from chatgui.protocol import masks, names, numerics
from chatgui.protocol.control_words import mode_words
from chatgui.protocol.message import Message
from chatgui.protocol.server.channels import (
    hidden_from,
    is_operator,
    is_room_host,
    may_appoint_helpers,
)
from chatgui.protocol.server.keys import hold_key
from chatgui.protocol.server.model import Channel
from chatgui.protocol.server.moderation import (
    MUTE_PREFIX,
    RENAMES_OFF,
    remember_covered,
)
from chatgui.protocol.server.room_notices import remember_in_words
from chatgui.protocol.text import is_number

if TYPE_CHECKING:
    from chatgui.protocol.server.context import ServerContext
    from chatgui.protocol.server.model import Person

FLAG_MODES = set("imnst") | {RENAMES_OFF}
MEMBER_MODES = {"o", "v"}
SLOW_MODE = "W"
"""Slow mode's letter: unused by the common servers, "W" as in wait (docs/protocol.md)."""
MAX_CHANGES = 4


def on_mode(server: "ServerContext", person: "Person", message: Message) -> None:
    target = message.params[0]
    if names.is_channel(target):
        channel = server.find_channel(target)
        if channel is None or hidden_from(channel, person):
            server.reply(person, numerics.ERR_NOSUCHCHANNEL, target, "No such channel")
        elif len(message.params) == 1:
            _send_channel_modes(server, person, channel)
        else:
            _change_channel_modes(server, person, channel, message.params[1:])
    elif names.casefold(target) != names.casefold(person.nick):
        server.reply(person, numerics.ERR_USERSDONTMATCH, "Can't change mode for other users")
    elif len(message.params) == 1:
        server.reply(person, numerics.RPL_UMODEIS, "+" + "".join(sorted(person.modes)))
    else:
        _change_user_modes(server, person, message.params[1])


def _change_user_modes(server: "ServerContext", person: "Person", changes: str) -> None:
    adding = True
    applied = ""
    unknown = False
    for char in changes:
        if char in "+-":
            adding = char == "+"
        elif char == "i":
            if adding != ("i" in person.modes):
                person.modes ^= {"i"}
                applied += ("+" if adding else "-") + "i"
        elif char == "o" and not adding and "o" in person.modes:
            person.modes -= {"o"}
            server.opers.discard(person.conn)
            applied += "-o"
        elif char != "o":
            unknown = True
    if unknown:  # said once, however many unknown letters: not a line for each of 400
        server.reply(person, numerics.ERR_UMODEUNKNOWNFLAG, "Unknown MODE flag")
    if applied:
        server.send(person, Message("MODE", (person.nick, applied), person.prefix))


def _send_channel_modes(server: "ServerContext", person: "Person", channel: Channel) -> None:
    flags = "+" + "".join(sorted(channel.modes))
    params: list[str] = []
    if channel.key is not None:
        flags += "k"
        params.append(channel.key if is_operator(channel, person) else "*")  # never to students
    if channel.limit is not None:
        flags += "l"
        params.append(str(channel.limit))
    if channel.slow_s is not None:
        flags += SLOW_MODE
        params.append(str(channel.slow_s))
    server.reply(person, numerics.RPL_CHANNELMODEIS, channel.name, flags, *params)
    server.reply(person, numerics.RPL_CREATIONTIME, channel.name, str(int(channel.created)))


def _change_channel_modes(
    server: "ServerContext", person: "Person", channel: Channel, args: tuple[str, ...]
) -> None:
    changes, params = args[0], list(args[1:])
    if changes in ("b", "+b") and not params:
        _send_bans(server, person, channel)
        return
    if not is_operator(channel, person):
        server.reply(
            person, numerics.ERR_CHANOPRIVSNEEDED, channel.name, "You're not channel operator"
        )
        return
    applied: list[tuple[str, str, str | None]] = []
    adding = True
    for char in changes:
        if char in "+-":
            adding = char == "+"
        elif len(applied) >= MAX_CHANGES:
            break
        else:
            result = _apply(server, person, channel, adding, char, params)
            if result is not None:
                applied.append(("+" if adding else "-", char, result or None))
    if applied:
        _announce(server, person, channel, applied)


def _apply(
    server: "ServerContext",
    person: "Person",
    channel: Channel,
    adding: bool,
    char: str,
    params: list[str],
) -> str | None:
    """Apply one mode letter. Returns its parameter ("" for none), or None if nothing changed."""
    if char in FLAG_MODES:
        if adding == (char in channel.modes):
            return None
        channel.modes.symmetric_difference_update(char)
        if char == "i":  # invitations are for one lock: one made earlier opens no later lock
            channel.invited.clear()
        return ""
    if char in MEMBER_MODES or (char in "bklW" and (adding or char == "b")):
        if not params:
            server.reply(person, numerics.ERR_NEEDMOREPARAMS, "MODE", f"+{char} needs a parameter")
            return None
        argument = params.pop(0)
    else:
        argument = ""
    if char == "o" and not may_appoint_helpers(server, channel, person):
        why = "Only the host can make or remove helpers"
        server.reply(person, numerics.ERR_CHANOPRIVSNEEDED, channel.name, why)
        return None
    if char in MEMBER_MODES:
        return _set_member_mode(server, person, channel, adding, char, argument)
    if char == "b":
        return _set_ban(server, person, channel, adding, argument)
    if char == "k":
        return _set_key(server, person, channel, adding, argument)
    if char == "l":
        return _set_limit(server, person, channel, adding, argument)
    if char == SLOW_MODE:
        return _set_slow(server, person, channel, adding, argument)
    server.reply(person, numerics.ERR_UNKNOWNMODE, char, "is unknown mode char to me")
    return None


def _set_member_mode(
    server: "ServerContext", person: "Person", channel: Channel, adding: bool, char: str, nick: str
) -> str | None:
    target = server.find_person(nick)
    if target is None or target.conn not in channel.members:
        server.reply(
            person, numerics.ERR_USERNOTINCHANNEL, nick, channel.name, "They aren't on that channel"
        )
        return None
    status = channel.members[target.conn]
    if adding == (char in status):
        return None
    channel.set_status(target.conn, status ^ {char})
    return target.nick


def _full_mask(mask: str) -> str:
    """ "sam" → "sam!*@*"; a mute keeps its prefix: "m:sam" → "m:sam!*@*". A run of '*' is
    one '*' ("a***b" → "a*b", the same people): every message in the room is checked
    against each mask, so a mask of 400 stars must not cost 400 steps each time."""
    kind = MUTE_PREFIX if mask.startswith(MUTE_PREFIX) else ""
    who = re.sub(r"\*\*+", "*", mask.removeprefix(kind))
    if "!" not in who and "@" not in who:
        who += "!*@*"
    return kind + who


def _set_ban(
    server: "ServerContext", person: "Person", channel: Channel, adding: bool, mask: str
) -> str | None:
    mask = _full_mask(mask)
    if adding and (
        _names_nobody_here(server, person, channel, mask)
        or _mutes_self(server, person, channel, mask)
    ):
        return None
    if adding and _covers_the_host(server, channel, person, mask):
        why = "The host can't be banned or muted"
        server.reply(person, numerics.ERR_CHANOPRIVSNEEDED, channel.name, why)
        return None
    present = [entry for entry in channel.bans if names.casefold(entry[0]) == names.casefold(mask)]
    if adding and not present:
        if len(channel.bans) >= limits.LIST_MAX_BANS:
            server.reply(
                person, numerics.ERR_BANLISTFULL, channel.name, mask, "Channel ban list is full"
            )
            return None
        channel.bans.append((mask, person.nick, server.now))
        remember_covered(server, channel, mask)
        server.charge(person, limits.FLOOD_WEIGHT_BAN)  # it was matched against everyone
        return mask
    if not adding and present:
        channel.bans.remove(present[0])
        channel.covered.pop(present[0][0], None)
        channel.verdicts.clear()
        return mask
    return None


def named(mask: str) -> str | None:
    """The one name a mask is for ("Sam" for Sam!*@* or m:Sam!*@*), None for a pattern."""
    nick, _, rest = mask.removeprefix(MUTE_PREFIX).partition("!")
    if rest == "*@*" and nick and not any(c in nick for c in "*?"):
        return nick
    return None


def _names_nobody_here(
    server: "ServerContext", person: "Person", channel: Channel, mask: str
) -> bool:
    """A mute of one name that nobody in the room has is refused (and told): it would be
    announced as done to someone who isn't there. A ban by name stands, as on any IRC server:
    keeping out someone who isn't in now is what it is for."""
    nick = named(mask)
    if nick is None or not mask.startswith(MUTE_PREFIX):
        return False
    target = server.find_person(nick)
    if target is None:
        server.reply(person, numerics.ERR_NOSUCHNICK, nick, f"Nobody here is called {nick}")
        return True
    if target.conn not in channel.members:
        why = f"{target.nick} is not in {channel.name}"
        server.reply(person, numerics.ERR_USERNOTINCHANNEL, target.nick, channel.name, why)
        return True
    return False


def _mutes_self(server: "ServerContext", person: "Person", channel: Channel, mask: str) -> bool:
    """Muting or banning oneself by name is refused in words: the host and helpers would only
    be announced as muted while the room goes on hearing them."""
    nick = named(mask)
    if nick is None or names.casefold(nick) != names.casefold(person.nick):
        return False
    what = "mute" if mask.startswith(MUTE_PREFIX) else "ban"
    why = f"You can't {what} yourself"
    server.reply(person, numerics.ERR_CHANOPRIVSNEEDED, channel.name, why)
    return True


def _covers_the_host(
    server: "ServerContext", channel: Channel, person: "Person", mask: str
) -> bool:
    """True when a helper's ban or mute would cover the host, who is in charge of them."""
    if is_room_host(channel, person):
        return False
    covered = mask.removeprefix(MUTE_PREFIX)
    return any(
        "q" in status and masks.mask_matches(covered, server.people[conn].prefix)
        for conn, status in channel.members.items()
    )


def _set_key(
    server: "ServerContext", person: "Person", channel: Channel, adding: bool, key: str
) -> str | None:
    channel.key_holders.clear()  # a new password (or none) for everyone not in the room now
    if not adding:
        if channel.key is None:
            return None
        channel.key = None
        return "*"
    if not key or any(c in key for c in " ,:") or len(key) > 50:
        server.reply(person, numerics.ERR_INVALIDKEY, channel.name, "Key is not well-formed")
        return None
    channel.key = key
    for conn in channel.members:
        hold_key(channel, server.people[conn])
    return key


def _set_limit(
    server: "ServerContext", person: "Person", channel: Channel, adding: bool, value: str
) -> str | None:
    if not adding:
        if channel.limit is None:
            return None
        channel.limit = None
        return ""
    number = _whole_number(server, person, channel, "l", value, math.inf, "Not a number")
    if number is None:
        return None
    channel.limit = number
    return value


def _set_slow(
    server: "ServerContext", person: "Person", channel: Channel, adding: bool, value: str
) -> str | None:
    if not adding:
        if channel.slow_s is None:
            return None
        channel.slow_s = None
        channel.last_said.clear()
        return ""
    most = limits.SLOW_MODE_MAX_S
    why = f"Slow mode takes a number of seconds from 1 to {most}"
    number = _whole_number(server, person, channel, SLOW_MODE, value, most, why)
    if number is None:
        return None
    channel.slow_s = number
    return str(number)


def _whole_number(
    server: "ServerContext",
    person: "Person",
    channel: Channel,
    flag: str,
    value: str,
    most: float,
    why: str,
) -> int | None:
    """A mode's `value` as a whole number from 1 to `most`; None, and `why` said to `person`,
    when it is not one."""
    if is_number(value) and 1 <= int(value) <= most:
        return int(value)
    server.reply(person, numerics.ERR_INVALIDMODEPARAM, channel.name, flag, value, why)
    return None


def _announce(
    server: "ServerContext",
    person: "Person",
    channel: Channel,
    applied: list[tuple[str, str, str | None]],
) -> None:
    text = ""
    sign = ""
    params: list[str] = []
    kept: list[str] = []  # the same with a room password as "*": for students and the history
    for direction, char, argument in applied:
        if direction != sign:
            text += direction
            sign = direction
        text += char
        if argument is not None:
            params.append(argument)
            kept.append("*" if char == "k" else argument)
    change = Message("MODE", (channel.name, text, *params), person.prefix, server.server_tags())
    without_key = replace(change, params=(channel.name, text, *kept))
    for conn in channel.members:  # the room password: for the host and helpers alone
        member = server.people[conn]
        server.send(member, change if is_operator(channel, member) else without_key)
    remember_in_words(server, channel, change, mode_words(person.nick, applied))


def _send_bans(server: "ServerContext", person: "Person", channel: Channel) -> None:
    for mask, by, at in channel.bans:
        server.reply(person, numerics.RPL_BANLIST, channel.name, mask, by, str(int(at)))
    server.reply(person, numerics.RPL_ENDOFBANLIST, channel.name, "End of channel ban list")
