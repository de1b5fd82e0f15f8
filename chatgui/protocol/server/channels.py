"""Rooms: JOIN, PART, TOPIC, NAMES, LIST, KICK and INVITE, and who is in charge of each room
(the host ~, helpers @: docs/protocol.md).

A secret room (+s) does not exist for those outside it. A room password is checked only when
the address is not waiting after wrong ones (guesses.py). The rooms one person, or one
address, may make are capped, so a student can't fill the server with rooms.
"""

from typing import TYPE_CHECKING

from chatgui import limits
from chatgui.protocol import caps, names, numerics
from chatgui.protocol.control_words import invite_words, kick_words, mode_words, topic_words
from chatgui.protocol.message import Message
from chatgui.protocol.server.guesses import count_wrong, password_matches, wait_sentence
from chatgui.protocol.server.held_names import helper_again
from chatgui.protocol.server.in_charge import NO_NEW_ROOMS, may_open_rooms
from chatgui.protocol.server.join_replay import replay_on_join
from chatgui.protocol.server.keys import hold_key, holder_of
from chatgui.protocol.server.model import Channel
from chatgui.protocol.server.moderation import RENAMES_OFF, allowed_reason, is_banned, is_muted
from chatgui.protocol.server.one_copy import one_copy
from chatgui.protocol.server.room_notices import remember_in_words
from chatgui.protocol.server.tags import takes
from chatgui.protocol.text import utf8_length, without_controls

if TYPE_CHECKING:
    from chatgui.protocol.server.context import ServerContext
    from chatgui.protocol.server.model import Person

_PREFIX_ORDER = (("q", "~"), ("o", "@"), ("v", "+"))
HOST_STATUS = frozenset("qo")
HELPER_STATUS = frozenset("o")
NO_STATUS: frozenset[str] = frozenset()
"""A member's status in a room; shared, as most members of a big room have none."""
"""The host's status in every room: q (shown "~", the one in charge) and o (an operator)."""


def member_prefix(status: frozenset[str], all_of_them: bool) -> str:
    """ "~" for the host, "@" for a helper (operator), "+" for voice; all of them ("~@")
    only with multi-prefix."""
    marks = [mark for mode, mark in _PREFIX_ORDER if mode in status]
    return "".join(marks) if all_of_them else "".join(marks[:1])


def is_operator(channel: Channel, person: "Person") -> bool:
    """The host, a helper (o) or a server operator: may use the room's controls."""
    status = channel.members.get(person.conn, frozenset())
    return "o" in status or "q" in status or "o" in person.modes


def is_room_host(channel: Channel, person: "Person") -> bool:
    return "q" in channel.members.get(person.conn, frozenset())


def hidden_from(channel: Channel, person: "Person") -> bool:
    """A secret room (+s) does not exist for those outside it: they get "No such channel".
    The host sees every room."""
    return "s" in channel.modes and person.conn not in channel.members and not person.is_host


def held_by_name(server: "ServerContext", person: "Person") -> Channel | None:
    """A room `person` is in where they are muted or banned, so may not change their name."""
    for key in sorted(person.channels):
        channel = server.channels[key]
        if not is_operator(channel, person) and (
            is_muted(channel, person) or is_banned(channel, person)
        ):
            return channel
    return None


def renames_stopped_in(server: "ServerContext", person: "Person") -> Channel | None:
    """A room `person` is in where the host turned renames off (+N) and they are no helper."""
    for key in sorted(person.channels):
        channel = server.channels[key]
        if RENAMES_OFF in channel.modes and not is_operator(channel, person):
            return channel
    return None


def may_appoint_helpers(server: "ServerContext", channel: Channel, person: "Person") -> bool:
    """Only the host gives or takes o. In a room a student made, with no host in it, its
    operators may, as on any IRC server; a room the host opened is the host's alone."""
    if is_room_host(channel, person):
        return True
    host_present = any("q" in status for status in channel.members.values())
    kept = _kept_open(server, names.casefold(channel.name))
    return not host_present and not kept and is_operator(channel, person)


def joined_channel(server: "ServerContext", person: "Person", name: str) -> Channel | None:
    """The channel if `person` is in it; otherwise replies with the reason and returns None."""
    channel = server.find_channel(name)
    if channel is None or hidden_from(channel, person):
        server.reply(person, numerics.ERR_NOSUCHCHANNEL, name, "No such channel")
        return None
    if person.conn not in channel.members:
        server.reply(person, numerics.ERR_NOTONCHANNEL, name, "You're not on that channel")
        return None
    return channel


def on_join(server: "ServerContext", person: "Person", message: Message) -> None:
    if message.params[0] == "0":
        for key in list(person.channels):
            part(server, person, server.channels[key], "Left all channels")
        return
    keys = message.param(1).split(",")
    for index, name in enumerate(message.params[0].split(",")):
        key = keys[index] if index < len(keys) else ""
        join(server, person, name, key)


def join(server: "ServerContext", person: "Person", name: str, key: str = "") -> None:
    """Put `person` in room `name` (made on first join), checking the room's modes."""
    problem = names.channel_problem(name)
    if problem is not None:
        server.reply(person, numerics.ERR_BADCHANMASK, name or "*", problem)
        return
    folded = names.casefold(name)
    if folded in person.channels:
        return
    if len(person.channels) >= limits.MAX_CHANNELS_PER_USER:
        server.reply(
            person, numerics.ERR_TOOMANYCHANNELS, name, "You have joined too many channels"
        )
        return
    channel = server.channels.get(folded)
    if channel is None:
        channel = _make_room(server, person, name, folded)
        if channel is None:
            return
    refusal = _refusal(server, channel, person, key)
    if refusal is not None:
        server.reply(person, refusal[0], channel.name, refusal[1])
        return
    founder = not channel.members and not _kept_open(server, folded)
    back = channel.made_by is None and helper_again(server, person, folded)  # the host's rooms
    given = HOST_STATUS if person.is_host else HELPER_STATUS if founder or back else NO_STATUS
    channel.join(person.conn, given, takes(person.caps))
    channel.invited.discard(person.conn)
    if channel.key is not None:
        hold_key(channel, person)
    person.channels = one_copy((*person.channels, one_copy(folded)))  # one for a class
    joined = Message("JOIN", (channel.name,), person.prefix, server.server_tags())
    server.send_to_channel(channel, joined)
    server.remember(folded, joined)
    if person.away is not None:  # away-notify: "when a user joins and has an away message set"
        away = Message("AWAY", (person.away,), person.prefix, server.server_tags())
        for conn in channel.members:
            other = server.people[conn]
            if other is not person and caps.AWAY_NOTIFY in other.caps:
                server.send(other, away)
    if back and not person.is_host:
        status = Message(
            "MODE", (channel.name, "+o", person.nick), server.config.name, server.server_tags()
        )
        server.send_to_channel(channel, status)
        back_words = mode_words(server.config.name, [("+", "o", person.nick)], by_the_room=True)
        remember_in_words(server, channel, status, back_words)
    if channel.topic:
        send_topic(server, person, channel)
    send_names(server, person, channel)
    replay_on_join(server, person, channel)


def _make_room(server: "ServerContext", person: "Person", name: str, folded: str) -> Channel | None:
    """A new room, unless `person` (or their address) has made too many that still exist;
    making one costs FLOOD_WEIGHT_NEW_ROOM lines of flood control."""
    kept = _kept_open(server, folded)
    if not kept and not may_open_rooms(server, person):
        server.reply(person, numerics.ERR_NEEDREGGEDNICK, name, NO_NEW_ROOMS)
        return None
    if not kept and not person.is_host:
        refusal = _too_many_rooms(server, person)
        if refusal is not None:
            server.reply(person, numerics.ERR_TOOMANYCHANNELS, name, refusal)
            return None
        server.charge(person, limits.FLOOD_WEIGHT_NEW_ROOM)
    channel = server.channels[folded] = Channel(name, server.now)
    server.rooms_changed += 1
    if kept:
        channel.key = server.config.room_key
    elif not person.is_host:
        channel.made_by = (person.conn, person.computer)
    return channel


def _too_many_rooms(server: "ServerContext", person: "Person") -> str | None:
    """Why `person` may not make another room now, or None."""
    makers = [channel.made_by for channel in server.channels.values() if channel.made_by]
    mine = sum(1 for conn, _ in makers if conn == person.conn)
    if mine >= limits.MAX_ROOMS_MADE_PER_PERSON:
        return (
            f"You have made {mine} rooms already: join one that exists, "
            "or wait until one of yours is empty"
        )
    same = sum(1 for _, computer in makers if computer == person.computer)
    if same >= limits.MAX_ROOMS_MADE_PER_ADDRESS:
        return "Your computer's address has made too many rooms: join one that exists"
    return None


def _kept_open(server: "ServerContext", folded: str) -> bool:
    """Rooms the host opened belong to the host: the first student in does not get to run them."""
    return folded in {names.casefold(room) for room in server.config.rooms}


def _refusal(
    server: "ServerContext", channel: Channel, person: "Person", key: str
) -> tuple[str, str] | None:
    """Why `person` may not join `channel` now, as (numeric, text), or None.

    An invitation lets a person past the lock, never past a ban. A room password is checked
    only when their address is not waiting after too many wrong ones (guesses.py).
    """
    if person.is_host:
        return None
    if is_banned(channel, person):
        return numerics.ERR_BANNEDFROMCHAN, "Cannot join channel (+b) - you are banned"
    if "i" in channel.modes and person.conn not in channel.invited:
        return numerics.ERR_INVITEONLYCHAN, "Cannot join channel (+i) - the room is locked"
    if channel.key is not None and holder_of(person) not in channel.key_holders:
        wait = wait_sentence(server, person)
        if wait is not None:
            return numerics.ERR_BADCHANNELKEY, f"Cannot join channel (+k) - {wait}"
        if not password_matches(key, channel.key):
            count_wrong(server, person, f"the room password of {channel.name}")
            return numerics.ERR_BADCHANNELKEY, "Cannot join channel (+k) - wrong room password"
    if channel.limit is not None and len(channel.members) >= channel.limit:
        return numerics.ERR_CHANNELISFULL, "Cannot join channel (+l) - the room is full"
    return None


def on_part(server: "ServerContext", person: "Person", message: Message) -> None:
    for name in message.params[0].split(","):
        channel = joined_channel(server, person, name)
        if channel is not None:
            reason = without_controls(message.param(1))
            if not is_operator(channel, person):
                reason = allowed_reason(server, person, reason)
            part(server, person, channel, reason)


def part(server: "ServerContext", person: "Person", channel: Channel, reason: str) -> None:
    params = (channel.name, reason) if reason else (channel.name,)
    parted = Message("PART", params, person.prefix, server.server_tags())
    server.send_to_channel(channel, parted)
    server.remember(names.casefold(channel.name), parted)
    server.leave_channel(person, names.casefold(channel.name))


def on_topic(server: "ServerContext", person: "Person", message: Message) -> None:
    """Asking needs no membership: a room anyone can find in LIST (a room the host keeps
    open too, before anyone is in it) answers 332 with its topic, or 331 with none."""
    name = message.params[0]
    if len(message.params) < 2:
        found = server.find_channel(name)
        if found is not None and not hidden_from(found, person):
            send_topic(server, person, found)
        elif found is None and _kept_open(server, names.casefold(name)):
            server.reply(person, numerics.RPL_NOTOPIC, name, "No topic is set")
        else:
            server.reply(person, numerics.ERR_NOSUCHCHANNEL, name, "No such channel")
        return
    channel = joined_channel(server, person, name)
    if channel is None:
        return
    if "t" in channel.modes and not is_operator(channel, person):
        server.reply(
            person, numerics.ERR_CHANOPRIVSNEEDED, channel.name, "You're not channel operator"
        )
        return
    channel.topic = without_controls(message.params[1])[: limits.TOPIC_MAX_CHARS]
    channel.topic_by = person.prefix
    channel.topic_at = server.now
    change = Message("TOPIC", (channel.name, channel.topic), person.prefix, server.server_tags())
    server.send_to_channel(channel, change)
    remember_in_words(server, channel, change, [topic_words(person.nick, channel.topic)])


def send_topic(server: "ServerContext", person: "Person", channel: Channel) -> None:
    if not channel.topic:
        server.reply(person, numerics.RPL_NOTOPIC, channel.name, "No topic is set")
        return
    server.reply(person, numerics.RPL_TOPIC, channel.name, channel.topic)
    at = str(int(channel.topic_at))
    server.reply(person, numerics.RPL_TOPICWHOTIME, channel.name, channel.topic_by, at)


def send_names(server: "ServerContext", person: "Person", channel: Channel) -> None:
    everything = caps.MULTI_PREFIX in person.caps
    whole = caps.USERHOST_IN_NAMES in person.caps  # nick!user@host: lets a helper ban by address
    entries = [
        (member_prefix(status, everything) if status else "")  # most have none
        + (server.people[conn].prefix if whole else server.people[conn].nick)
        for conn, status in channel.members.items()
    ]
    kind = "@" if "s" in channel.modes else "="
    # The line's own words take up to ~350 bytes with names of 4-byte letters: names fill the
    # rest, counted in bytes, so each 353 line stays within 512.
    fixed = utf8_length(f":{server.config.name} 353 {person.nick} {kind} {channel.name} :\r\n")
    room = max(limits.MAX_LINE_BYTES - fixed, 1)
    line: list[str] = []
    used = 0  # bytes of " ".join(line), counted as it grows: a room of hundreds is one pass
    for entry in entries:
        size = len(entry) if entry.isascii() else utf8_length(entry)
        if line and used + 1 + size > room:
            server.reply(person, numerics.RPL_NAMREPLY, kind, channel.name, " ".join(line))
            line, used = [], 0
        used += size + 1 if line else size
        line.append(entry)
    if line:
        server.reply(person, numerics.RPL_NAMREPLY, kind, channel.name, " ".join(line))
    server.reply(person, numerics.RPL_ENDOFNAMES, channel.name, "End of /NAMES list")


def on_names(server: "ServerContext", person: "Person", message: Message) -> None:
    for name in message.param(0).split(",") if message.params else []:
        channel = server.find_channel(name)
        if channel is not None and not hidden_from(channel, person):
            send_names(server, person, channel)
        else:
            server.reply(person, numerics.RPL_ENDOFNAMES, name, "End of /NAMES list")
    if not message.params:
        server.reply(person, numerics.RPL_ENDOFNAMES, "*", "End of /NAMES list")


def on_list(server: "ServerContext", person: "Person", message: Message) -> None:
    """Every room, with the host's kept rooms even while nobody is in them: a window that
    joins by address alone finds the room to join here."""
    wanted = {names.casefold(n) for n in message.param(0).split(",") if n}
    server.reply(person, numerics.RPL_LISTSTART, "Channel", "Users  Name")
    for room in server.config.rooms:
        key = names.casefold(room)
        if key not in server.channels and (not wanted or key in wanted):
            server.reply(person, numerics.RPL_LIST, room, "0", "")
    for key, channel in server.channels.items():
        if (not wanted or key in wanted) and not hidden_from(channel, person):
            count = str(len(channel.members))
            server.reply(person, numerics.RPL_LIST, channel.name, count, channel.topic)
    server.reply(person, numerics.RPL_LISTEND, "End of /LIST")


def on_kick(server: "ServerContext", person: "Person", message: Message) -> None:
    channel = joined_channel(server, person, message.params[0])
    if channel is None:
        return
    if not is_operator(channel, person):
        server.reply(
            person, numerics.ERR_CHANOPRIVSNEEDED, channel.name, "You're not channel operator"
        )
        return
    given = without_controls(message.param(2))
    reason = (given or person.nick)[: limits.KICK_REASON_MAX_CHARS]
    for nick in message.params[1].split(","):
        target = server.find_person(nick)
        if target is None or target.conn not in channel.members:
            server.reply(
                person,
                numerics.ERR_USERNOTINCHANNEL,
                nick,
                channel.name,
                "They aren't on that channel",
            )
            continue
        if is_room_host(channel, target) and not is_room_host(channel, person):
            server.reply(
                person,
                numerics.ERR_CHANOPRIVSNEEDED,
                channel.name,
                "Nobody can remove the host from the room",
            )
            continue
        kick = Message(
            "KICK", (channel.name, target.nick, reason), person.prefix, server.server_tags()
        )
        server.send_to_channel(channel, kick)
        words = kick_words(person.nick, target.nick, given[: limits.KICK_REASON_MAX_CHARS])
        remember_in_words(server, channel, kick, [words])
        server.leave_channel(target, names.casefold(channel.name))


def on_invite(server: "ServerContext", person: "Person", message: Message) -> None:
    nick, name = message.params[0], message.params[1]
    target = server.find_person(nick)
    if target is None:
        server.reply(person, numerics.ERR_NOSUCHNICK, nick, "No such nick/channel")
        return
    channel = joined_channel(server, person, name)
    if channel is None:
        return
    if target.conn in channel.members:
        server.reply(
            person, numerics.ERR_USERONCHANNEL, target.nick, channel.name, "is already on channel"
        )
        return
    if "i" in channel.modes and not is_operator(channel, person):
        server.reply(
            person, numerics.ERR_CHANOPRIVSNEEDED, channel.name, "You're not channel operator"
        )
        return
    if is_banned(channel, target):
        why = f"{target.nick} is banned from {channel.name}: remove the ban to let them in."
        server.fail(person, "INVITE", "BANNED", why, target.nick, channel.name)
        return
    locked = "i" in channel.modes
    if locked:  # unlocked, an invitation is only a "come and join us"
        channel.invited.add(target.conn)
    server.reply(person, numerics.RPL_INVITING, target.nick, channel.name)
    invite = Message("INVITE", (target.nick, channel.name), person.prefix, server.server_tags())
    if locked:
        remember_in_words(server, channel, invite, [invite_words(person.nick, target.nick, True)])
    server.send(target, invite)
    for conn, status in channel.members.items():
        other = server.people[conn]
        if other is not person and caps.INVITE_NOTIFY in other.caps and "o" in status:
            server.send(other, invite)
