"""ROOMS: the host's say over every room on the server (docs/protocol.md).

    ROOMS STUDENTS           ask whether students may open their own rooms
    ROOMS STUDENTS ON|OFF    let them, or not (the host, the host's helpers)
    ROOMS CLOSE #room [:why] close a room: everyone in it leaves it, told why in words

The answer, and the news of a change to everyone in charge, is a standard reply that
chatgui windows parse and other programs show: NOTE ROOMS STUDENTS ON|OFF :<sentence>
(a NOTICE for programs without standard-replies). A closed room is gone: each member gets
their own PART with the reason, the room's history keeps the sentence, and LIST forgets it.
"""

from typing import TYPE_CHECKING

from chatgui import limits
from chatgui.protocol import caps, names, numerics
from chatgui.protocol.message import Message
from chatgui.protocol.room_titles import title_of_channel
from chatgui.protocol.server.channels import hidden_from
from chatgui.protocol.server.in_charge import in_charge_of_rooms
from chatgui.protocol.server.room_notices import room_notice
from chatgui.protocol.text import without_controls

if TYPE_CHECKING:
    from chatgui.protocol.server.context import ServerContext
    from chatgui.protocol.server.model import Channel, Person

USAGE = "Use ROOMS STUDENTS [ON|OFF] or ROOMS CLOSE #room [reason]"


def on_rooms(server: "ServerContext", person: "Person", message: Message) -> None:
    action = message.params[0].upper()
    if action == "STUDENTS" and message.param(1).upper() in ("", "ON", "OFF"):
        _students(server, person, message.param(1).upper())
    elif action == "CLOSE" and len(message.params) >= 2:
        _close(server, person, message.params[1], without_controls(message.param(2)))
    else:
        server.fail(person, "ROOMS", "UNKNOWN_ACTION", USAGE)


def _students(server: "ServerContext", person: "Person", value: str) -> None:
    if not value:
        _note(server, person, _students_now(server))
        return
    if not in_charge_of_rooms(server, person):
        why = "Only the host and helpers can choose whether students open rooms"
        server.reply(person, numerics.ERR_NOPRIVILEGES, why)
        return
    allowed = value == "ON"
    if allowed == server.students_open_rooms:
        _note(server, person, _students_now(server))
        return
    server.students_open_rooms = allowed
    if allowed:
        said = f"{person.nick} let students open their own rooms."
    else:
        said = f"{person.nick} stopped students opening rooms; the rooms open now stay open."
    for other in list(server.people.values()):
        if other.registered and in_charge_of_rooms(server, other):
            _note(server, other, said)


def _students_now(server: "ServerContext") -> str:
    if server.students_open_rooms:
        return "Students can open their own rooms here."
    return "Only the host and helpers can open new rooms here."


def _note(server: "ServerContext", person: "Person", sentence: str) -> None:
    """NOTE ROOMS STUDENTS ON|OFF :sentence, or the sentence as a NOTICE."""
    if caps.STANDARD_REPLIES in person.caps:
        state = "ON" if server.students_open_rooms else "OFF"
        note = Message("NOTE", ("ROOMS", "STUDENTS", state, sentence), server.config.name)
        server.send(person, note)
    else:
        server.send(person, Message("NOTICE", (person.nick, sentence), server.config.name))


def _close(server: "ServerContext", person: "Person", name: str, reason: str) -> None:
    channel = server.find_channel(name)
    if channel is None or hidden_from(channel, person):
        server.reply(person, numerics.ERR_NOSUCHCHANNEL, name, "No such channel")
        return
    if not in_charge_of_rooms(server, person):
        why = "Only the host and helpers can close a room"
        server.reply(person, numerics.ERR_CHANOPRIVSNEEDED, channel.name, why)
        return
    folded = names.casefold(channel.name)
    if folded in {names.casefold(room) for room in server.config.rooms}:
        why = f"{title_of_channel(channel.name)} is a room the host keeps open: it can't be closed"
        server.fail(person, "ROOMS", "KEPT_OPEN", why, channel.name)
        return
    said = f"{person.nick} closed the room"
    because = f"{said} ({reason[: limits.KICK_REASON_MAX_CHARS]})" if reason else said
    outside = person.conn not in channel.members
    room_notice(server, channel, f"{because}.")
    _everyone_leaves(server, channel, because)
    if outside:
        done = f"You closed {title_of_channel(channel.name)}."
        server.send(person, Message("NOTICE", (person.nick, done), server.config.name))


def _everyone_leaves(server: "ServerContext", channel: "Channel", because: str) -> None:
    """Each member reads their own PART; the room goes with its last member."""
    folded = names.casefold(channel.name)
    for conn in list(channel.members):
        member = server.people[conn]
        parted = Message("PART", (channel.name, because), member.prefix, server.server_tags())
        server.send(member, parted)
        server.leave_channel(member, folded)
