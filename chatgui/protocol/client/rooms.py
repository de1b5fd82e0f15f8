"""Rooms and the people in them: JOIN, PART, KICK, QUIT, NICK, NAMES, TOPIC, MODE, INVITE
and AWAY.

After each change the whole member list of the room goes out as one MembersChanged event,
so the window simply replaces what it shows. A control (MODE, KICK, TOPIC, INVITE) is also
said in words, once, as a MessageReceived of kind "control" (control_words.py) with the
line's msgid: the room's history keeps the same words under it, so a replay skips it.
"""

from chatgui import limits
from chatgui.events import (
    AwayChanged,
    Invited,
    Joined,
    Member,
    MembersChanged,
    MessageReceived,
    NickChanged,
    Parted,
    RoomsListed,
    TopicChanged,
)
from chatgui.protocol import caps, names, numerics
from chatgui.protocol.client import chathistory
from chatgui.protocol.client.hands import hands_event
from chatgui.protocol.client.modes import apply_modes, mode_changes, modes_event
from chatgui.protocol.client.state import Handlers, Room, SessionState, count, is_word
from chatgui.protocol.control_words import (
    invite_words,
    kick_words,
    mode_words,
    topic_words,
)
from chatgui.protocol.message import Message

BADGES = ("~", "@")
"""The statuses a line is marked with, highest first: the host's and a helper's."""


def members_event(session: SessionState, room: Room) -> MembersChanged:
    """The room's members, operators first, then voiced, then everyone, by name."""
    prefixes = session.prefixes()
    symbols = "".join(prefixes.values())
    members = []
    for nick, modes in room.members.values():
        held = [symbol for mode, symbol in prefixes.items() if mode in modes]
        folded = names.casefold(nick)
        address = session.addresses.get(folded, "")
        typed = session.typed_names.get(folded, "")
        away = folded in session.away
        members.append(Member(nick, held[0] if held else "", away, address, typed))

    def rank(member: Member) -> tuple[int, str]:
        position = symbols.index(member.prefix) if member.prefix else len(symbols)
        return position, names.casefold(member.nick)

    return MembersChanged(room.name, tuple(sorted(members, key=rank)))


def badge_of(session: SessionState, nick: str, conversation: str) -> str:
    """ "~" when `nick` is the host, "@" when a helper, "" for everyone else: from the status
    the server gave them (NAMES, MODE), never from the name, so "Ms_Rivera_" gets none.

    In a room, their status there; in a private conversation, the highest they hold in any
    room we share. A line from history gets the status its writer has now if they are here,
    and no badge when they are gone: what they were then, the client can't know."""
    folded = names.casefold(nick)
    if names.is_channel(conversation):
        room = session.room(conversation)
        member = room.members.get(folded) if room is not None else None
        modes = member[1] if member is not None else ""
    else:
        modes = "".join(r.members[folded][1] for r in session.rooms.values() if folded in r.members)
    if not modes:
        return ""  # most people hold no status: a line of theirs costs no more than this
    prefixes = session.prefixes()
    held = {prefixes[mode] for mode in modes if mode in prefixes}
    return next((badge for badge in BADGES if badge in held), "")


def _on_join(session: SessionState, message: Message) -> None:
    channel, nick = message.param(0), message.nick or ""
    if not (names.is_channel(channel) and is_word(channel) and nick):
        return  # no room, or nobody: nothing we could follow or ask about
    if session.is_me(nick) and _one_room_too_many(session, channel):
        return
    _note_address(session, message)
    if session.is_me(nick):
        room = session.rooms[names.casefold(channel)] = Room(channel, names_complete=False)
        # Ask for the room's settings and its mutes: the Room menu and the member menu show them.
        session.send(Message("MODE", (channel,)))
        session.send(Message("MODE", (channel, "b")))
        if caps.HANDS in session.caps:
            session.send(Message("HAND", (channel, "?")))
        # Who is Zoë on a server of plain names, and who was away before we came
        # (away-notify tells only of changes): the answer to WHO.
        if caps.UTF8MAPPING not in session.isupport or caps.AWAY_NOTIFY in session.caps:
            session.send(Message("WHO", (channel,)))
    else:
        found = session.room(channel)
        if found is None:
            return
        room = found
        room.members[names.casefold(nick)] = (nick, "")
    session.emit(Joined(room.name, nick, session.is_me(nick)))
    if room.names_complete:
        session.emit(members_event(session, room))
    if session.is_me(nick):
        chathistory.catch_up(session, room.name)


def _one_room_too_many(session: SessionState, channel: str) -> bool:
    """A server putting us in a new room while we follow SERVER_ROOMS_MAX already: each room
    is a view in the window and questions sent to the server, so one that joins us to
    thousands must not get them; the room is not followed."""
    new = names.casefold(channel) not in session.rooms
    return new and len(session.rooms) >= limits.SERVER_ROOMS_MAX


def _note_address(session: SessionState, message: Message) -> None:
    """Remember where a person connects from (nick!user@host): a ban can name the address."""
    source = message.source or ""
    if "@" in source and message.nick:
        session.addresses[names.casefold(message.nick)] = source.rpartition("@")[2]


def _on_names(session: SessionState, message: Message) -> None:
    room = session.room(message.param(2))
    if room is None:
        return
    if room.names_complete:
        room.members.clear()
        room.names_complete = False
    symbols = {symbol: mode for mode, symbol in session.prefixes().items()}
    for entry in message.param(3).split():
        modes = ""
        while entry and entry[0] in symbols:
            modes += symbols[entry[0]]
            entry = entry[1:]
        nick, _, user_host = entry.partition("!")
        if not nick:
            continue
        room.members[names.casefold(nick)] = (nick, modes)
        if user_host:  # userhost-in-names: the address a ban by address needs
            session.addresses[names.casefold(nick)] = user_host.rpartition("@")[2]


def _on_names_end(session: SessionState, message: Message) -> None:
    room = session.room(message.param(1))
    if room is not None:
        room.names_complete = True
        session.emit(members_event(session, room))


def _remove(session: SessionState, room: Room, nick: str) -> None:
    if session.is_me(nick):
        del session.rooms[names.casefold(room.name)]
        session.marks.pop(names.casefold(room.name), None)  # a later join starts afresh
    else:
        room.members.pop(names.casefold(nick), None)
        session.emit(members_event(session, room))
        if room.hands.pop(names.casefold(nick), None) is not None:
            session.emit(hands_event(room))
    _forget_addresses_of_people_gone(session)


def _forget_addresses_of_people_gone(session: SessionState) -> None:
    """Keep addresses only of people in a room we are in: a ban needs no others, and in a
    long lesson the comings and goings would otherwise pile up."""
    present = {folded for room in session.rooms.values() for folded in room.members}
    for folded in [folded for folded in session.addresses if folded not in present]:
        del session.addresses[folded]


def _on_part(session: SessionState, message: Message) -> None:
    room = session.room(message.param(0))
    nick = message.nick or ""
    if room is not None and nick:
        session.emit(Parted(room.name, nick, message.param(1), session.is_me(nick)))
        _remove(session, room, nick)


def _on_kick(session: SessionState, message: Message) -> None:
    room = session.room(message.param(0))
    nick = message.param(1)
    if room is not None and nick:
        reason = message.param(2)
        if not session.is_me(nick):  # our own window says it in its own words ("removed you")
            words = kick_words(actor(message), nick, reason)
            said_in_words(session, room.name, message, words)
        msgid = chathistory.message_id(message.tags)
        me = session.is_me(nick)
        session.emit(Parted(room.name, nick, reason, me, by=message.nick, msgid=msgid))
        _remove(session, room, nick)


def _on_quit(session: SessionState, message: Message) -> None:
    nick = message.nick or ""
    if not nick:
        return
    for room in list(session.rooms.values()):
        if names.casefold(nick) in room.members:
            session.emit(Parted(room.name, nick, message.param(0), False, quit=True))
            _remove(session, room, nick)
    session.away.discard(names.casefold(nick))
    session.addresses.pop(names.casefold(nick), None)
    session.typed_names.pop(names.casefold(nick), None)


def _on_nick(session: SessionState, message: Message) -> None:
    old, new = message.nick or "", message.param(0)
    if not (old and is_word(new)):
        return  # who changed, or to what, is not said: keep the names we know
    is_me = session.is_me(old)
    if is_me:
        session.nick = new
    shared = [room for room in session.rooms.values() if names.casefold(old) in room.members]
    session.emit(NickChanged(old, new, is_me, tuple(room.name for room in shared)))
    msgid = chathistory.message_id(message.tags)
    address = session.addresses.pop(names.casefold(old), None)
    if address is not None:
        session.addresses[names.casefold(new)] = address
    marks = session.marks.pop(names.casefold(old), None)  # a private conversation's, by name
    if marks is not None:
        session.marks.setdefault(names.casefold(new), marks)
    fetch = session.fetches.get(names.casefold(old))  # its answer names the old name still
    if fetch is not None:
        fetch.room = new
    typed = session.typed_names.pop(names.casefold(old), "")
    if names.spelled_plainly(typed, new):
        session.typed_names[names.casefold(new)] = typed
    for room in shared:
        entry = room.members.pop(names.casefold(old))
        room.members[names.casefold(new)] = (new, entry[1])
        chathistory.note_newest(session, room.name, msgid)  # its history has the rename: seen
        session.emit(members_event(session, room))


def _on_topic(session: SessionState, message: Message) -> None:
    room = session.room(message.param(0))
    if room is not None:
        room.topic = message.param(1)
        session.emit(TopicChanged(room.name, room.topic, message.nick))
        said_in_words(session, room.name, message, topic_words(actor(message), room.topic))


def _on_topic_reply(session: SessionState, message: Message) -> None:
    room = session.room(message.param(1))
    if room is not None:
        room.topic = message.param(2)
        session.emit(TopicChanged(room.name, room.topic, None))


def _on_mode(session: SessionState, message: Message) -> None:
    room = session.room(message.param(0))
    if room is None or not message.param(1):
        return  # another room's change, or no change at all
    changes = mode_changes(session, message.param(1), list(message.params[2:]))
    apply_modes(session, room, changes, message.nick or "")
    by_the_room = "!" not in (message.source or "")  # the server's own change
    words = mode_words(actor(message), changes, by_the_room)
    if words:  # one line, one msgid: its sentences together, as the room's history keeps them
        said_in_words(session, room.name, message, " ".join(words))
    session.emit(members_event(session, room))
    session.emit(modes_event(room))


def _on_invite(session: SessionState, message: Message) -> None:
    """An invitation for us to a room we are not in (Invited: the window says who let us in
    and offers to join), or, with invite-notify, one the host or a helper gave in a room we
    are in (said in that room)."""
    target, channel = message.param(0), message.param(1)
    if not (target and names.is_channel(channel)):
        return
    room = session.room(channel)
    if session.is_me(target):
        if room is None and message.nick and names.channel_problem(channel) is None:
            session.emit(Invited(channel, message.nick))  # the window says it and offers to join
    elif room is not None:
        words = invite_words(actor(message), target, locked="i" in room.modes)
        said_in_words(session, room.name, message, words)


def _on_inviting(session: SessionState, message: Message) -> None:
    """`341 me Leo #room`: our own invitation went out; said in the room, as the others
    in charge read it (invite-notify never comes back to the one who invited)."""
    target, channel = message.param(1), message.param(2)
    room = session.room(channel)
    if target and room is not None:
        words = invite_words(session.nick, target, locked="i" in room.modes)
        said_in_words(session, room.name, message, words)


def actor(message: Message) -> str:
    """Who did it: the person's name, or the server's for its own changes."""
    return message.nick or message.source or "The room"


def said_in_words(session: SessionState, conversation: str, message: Message, words: str) -> None:
    """A control in words, under the line's msgid: seen, so a replay or catch-up skips it."""
    msgid = chathistory.message_id(message.tags)
    own = session.is_me(message.nick or "")
    at = chathistory.message_time(session, message.tags)
    said = MessageReceived(conversation, actor(message), words, at, msgid, "control", own)
    chathistory.deliver(session, said)


def _on_away(session: SessionState, message: Message) -> None:
    """away-notify: someone in our rooms went away (with a reason) or came back."""
    nick = message.nick or ""
    if nick:
        _away_is(session, nick, bool(message.param(0)), message.param(0))


def _on_own_away(session: SessionState, message: Message) -> None:
    """306 / 305, the server's answer to our AWAY: we are away, or back. Our own name in
    the member lists shows it as anyone's (no server tells us our own away-notify)."""
    _away_is(session, session.nick, message.command == numerics.RPL_NOWAWAY, "")


def _away_is(session: SessionState, nick: str, away: bool, text: str) -> None:
    if away:
        session.away.add(names.casefold(nick))
    else:
        session.away.discard(names.casefold(nick))
    session.emit(AwayChanged(nick, away, text))
    for room in session.rooms.values():
        if names.casefold(nick) in room.members:
            session.emit(members_event(session, room))


def _on_list_entry(session: SessionState, message: Message) -> None:
    session.listing.append((message.param(1), count(message.param(2)), message.param(3)))


def _on_list_end(session: SessionState, message: Message) -> None:
    session.emit(RoomsListed(tuple(session.listing)))
    session.listing = []


def _on_who_reply(session: SessionState, message: Message) -> None:
    """`352 me #room user host server nick flags :hops real-name`: whether they are away
    (flags "G", gone, or "H", here), and on a server of plain names, the name "Zoe" was
    typed as, when her real name spells it (names.spelled_plainly)."""
    nick, typed = message.param(5), message.param(7).partition(" ")[2]
    folded = names.casefold(nick)
    if not any(folded in room.members for room in session.rooms.values()):
        return
    if names.spelled_plainly(typed, nick):
        session.typed_names[folded] = typed
    if message.param(6).startswith("G"):
        session.away.add(folded)
    elif message.param(6).startswith("H"):
        session.away.discard(folded)


def _on_end_of_who(session: SessionState, message: Message) -> None:
    room = session.room(message.param(1))
    if room is not None and room.names_complete:
        session.emit(members_event(session, room))


HANDLERS: Handlers = {
    "JOIN": _on_join,
    numerics.RPL_NAMREPLY: _on_names,
    numerics.RPL_ENDOFNAMES: _on_names_end,
    "PART": _on_part,
    "KICK": _on_kick,
    "QUIT": _on_quit,
    "NICK": _on_nick,
    "TOPIC": _on_topic,
    numerics.RPL_TOPIC: _on_topic_reply,
    "MODE": _on_mode,
    "INVITE": _on_invite,
    numerics.RPL_INVITING: _on_inviting,
    "AWAY": _on_away,
    numerics.RPL_NOWAWAY: _on_own_away,
    numerics.RPL_UNAWAY: _on_own_away,
    numerics.RPL_LIST: _on_list_entry,
    numerics.RPL_LISTEND: _on_list_end,
    numerics.RPL_WHOREPLY: _on_who_reply,
    numerics.RPL_ENDOFWHO: _on_end_of_who,
}
"""The commands this module takes, and their handlers (session.HANDLERS merges them)."""
