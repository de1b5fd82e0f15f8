"""HAND: raising a hand in a room, a queue ordered by when each hand went up.

    HAND #room          raise your hand          HAND #room -        lower your own
    HAND #room ?        list the queue (to you)  HAND #room - Sam    lower Sam's (host, helpers)

Everyone in the room reads what happened as a NOTICE ("Sam raised a hand (2nd in line).").
Clients that asked for the caps.HANDS capability get the same news as a NOTE standard reply
they can parse instead: NOTE HAND RAISED #room Sam 1732520000 :Sam raised a hand (2nd in
line). The wire forms are in docs/protocol.md.
"""

import math
from typing import TYPE_CHECKING

from chatgui import limits
from chatgui.protocol import caps, names, numerics
from chatgui.protocol.message import Message
from chatgui.protocol.server.channels import is_operator, joined_channel
from chatgui.protocol.server.room_notices import ordinal, tell

if TYPE_CHECKING:
    from chatgui.protocol.server.context import ServerContext
    from chatgui.protocol.server.model import Channel, Person

USAGE = "Use HAND #room to raise your hand, HAND #room - to lower it, HAND #room ? to list hands"


def on_hand(server: "ServerContext", person: "Person", message: Message) -> None:
    channel = joined_channel(server, person, message.params[0])
    if channel is None:
        return
    action = message.param(1, "+")
    if action == "+":
        _raise(server, person, channel)
    elif action == "-":
        _lower(server, person, channel, message.param(2, person.nick))
    elif action == "?":
        _list(server, person, channel)
    else:
        server.fail(person, "HAND", "UNKNOWN_ACTION", USAGE, channel.name)


def _position(channel: "Channel", conn: int) -> int:
    return list(channel.hands).index(conn) + 1


def _raise(server: "ServerContext", person: "Person", channel: "Channel") -> None:
    if person.conn in channel.hands:
        place = ordinal(_position(channel, person.conn))
        tell(server, person, f"Your hand is already up in {channel.name} ({place} in line).")
        return
    if len(channel.hands) >= limits.HAND_QUEUE_MAX:
        why = f"{limits.HAND_QUEUE_MAX} hands are already up in {channel.name}: wait a little"
        server.fail(person, "HAND", "QUEUE_FULL", why, channel.name)
        return
    wait = _raise_wait_s(server, person, channel)
    if wait > 0:
        why = f"You raised your hand a moment ago: wait {wait} seconds to raise it again"
        server.fail(person, "HAND", "TOO_SOON", why, channel.name, str(wait))
        return
    channel.hands[person.conn] = channel.last_raised[person.conn] = server.now
    place = ordinal(len(channel.hands))
    text = f"{person.nick} raised a hand ({place} in line)."
    _announce(server, channel, "RAISED", person.nick, text)


def _raise_wait_s(server: "ServerContext", person: "Person", channel: "Channel") -> int:
    """Whole seconds before `person` may raise a hand again in `channel` (0: now). Every
    raise and lower is told to the whole room, so up and down in a loop would talk over a
    mute or slow mode; the host and helpers never wait."""
    last = channel.last_raised.get(person.conn)
    if last is None or is_operator(channel, person):
        return 0
    return math.ceil(max(0.0, last + limits.HAND_RAISE_GAP_S - server.now))


def _lower(server: "ServerContext", person: "Person", channel: "Channel", nick: str) -> None:
    target = server.find_person(nick)
    if target is None or target.conn not in channel.members:
        server.reply(
            person, numerics.ERR_USERNOTINCHANNEL, nick, channel.name, "They aren't on that channel"
        )
        return
    if target is not person and not is_operator(channel, person):
        why = "Only the host and helpers can lower someone else's hand"
        server.reply(person, numerics.ERR_CHANOPRIVSNEEDED, channel.name, why)
        return
    if target.conn not in channel.hands:
        whose = "Your hand is" if target is person else f"{target.nick}'s hand is"
        tell(server, person, f"{whose} not up in {channel.name}.")
        return
    del channel.hands[target.conn]
    if target is person:
        text = f"{person.nick} lowered their hand."
    else:
        text = f"{person.nick} lowered {target.nick}'s hand."
    _announce(server, channel, "LOWERED", target.nick, text)


def drop_hand(server: "ServerContext", channel: "Channel", person: "Person") -> None:
    """`person` left `channel`: their hand, if up, goes down and the room is told."""
    if channel.hands.pop(person.conn, None) is not None:
        text = f"{person.nick} left, so their hand is down."
        _announce(server, channel, "LOWERED", person.nick, text)


def _list(server: "ServerContext", person: "Person", channel: "Channel") -> None:
    source = server.config.name
    if caps.HANDS in person.caps:
        for place, (conn, at) in enumerate(channel.hands.items(), start=1):
            nick = server.people[conn].nick
            params = ("HAND", "QUEUE", channel.name, nick, str(int(at)), f"{place}. {nick}")
            server.send(person, Message("NOTE", params, source))
        count = len(channel.hands)
        summary = f"{count} {'hand' if count == 1 else 'hands'} up in {channel.name}"
        server.send(person, Message("NOTE", ("HAND", "END", channel.name, summary), source))
        return
    if not channel.hands:
        tell(server, person, f"No hands are up in {channel.name}.")
        return
    entries = [
        f"{place}. {server.people[conn].nick}" for place, conn in enumerate(channel.hands, start=1)
    ]
    for start in range(0, len(entries), 10):  # ten to a line keeps each line short
        listed = ", ".join(entries[start : start + 10])
        tell(server, person, f"Hands up in {channel.name}: {listed}")


def _announce(server: "ServerContext", channel: "Channel", code: str, nick: str, text: str) -> None:
    """The NOTE to those who asked for caps.HANDS, the NOTICE to everyone else."""
    tags = server.server_tags()
    source = server.config.name
    at = str(int(server.now))
    note = Message("NOTE", ("HAND", code, channel.name, nick, at, text), source, tags)
    notice = Message("NOTICE", (channel.name, text), source, tags)
    for conn in channel.members:
        member = server.people[conn]
        server.send(member, note if caps.HANDS in member.caps else notice)
    server.remember(names.casefold(channel.name), notice)  # the room's history tells it too
