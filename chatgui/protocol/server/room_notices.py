"""What the room is told when someone in charge acts: one NOTICE from the server, in words.

A MODE line ("+b m:Sam!*@*") is exact but cryptic; these sentences ("Ms_Rivera muted Sam.")
are what people read, in every client, and what the room's history keeps.
"""

from typing import TYPE_CHECKING

from chatgui.protocol import names
from chatgui.protocol.message import Message
from chatgui.protocol.server.moderation import MUTE_PREFIX

if TYPE_CHECKING:
    from chatgui.protocol.server.model import Channel, Person
    from chatgui.protocol.server.state import ServerState

_FLAG_SENTENCES = {
    ("+", "i"): "{actor} locked the room: nobody new can join.",
    ("-", "i"): "{actor} unlocked the room: anyone can join again.",
    ("+", "k"): "{actor} set a room password: people joining now need it.",
    ("-", "k"): "{actor} removed the room password.",
    ("+", "l"): "{actor} limited the room to {argument} people.",
    ("-", "l"): "{actor} removed the limit on how many people can join.",
    ("+", "m"): "{actor} turned on quiet mode: only the host, helpers and people with a "
    "voice can talk.",
    ("-", "m"): "{actor} turned off quiet mode: everyone can talk.",
    ("+", "n"): "{actor} closed the room to messages from people outside it.",
    ("-", "n"): "{actor} let people outside the room send messages to it.",
    ("+", "s"): "{actor} hid the room from the room list.",
    ("-", "s"): "{actor} showed the room in the room list.",
    ("+", "t"): "{actor} let only the host and helpers change the pinned announcement.",
    ("-", "t"): "{actor} let everyone change the pinned announcement.",
    ("+", "v"): "{actor} gave {argument} a voice.",
    ("-", "v"): "{actor} took {argument}'s voice away.",
    ("+", "o"): "{actor} made {argument} a helper.",
    ("-", "o"): "{actor} removed {argument} as a helper.",
    ("+", "N"): "{actor} turned off renames: only the host and helpers can change name here.",
    ("-", "N"): "{actor} turned on renames: everyone can change name again.",
    ("+", "W"): "{actor} turned on slow mode: each person may send one message every {argument}.",
    ("-", "W"): "{actor} turned off slow mode.",
    # Controls that are no mode letter, keyed the same way (drawn by chatgui windows):
    ("+", "clear-screen"): "{actor} cleared everyone's screen.",
    ("+", "invite"): "{actor} let {argument} in past the lock.",
    ("-", "topic"): "{actor} removed the pinned announcement.",
}


def room_notice(server: "ServerState", channel: "Channel", text: str) -> None:
    """A NOTICE from the server to everyone in `channel`, with a time and msgid for history."""
    notice = Message("NOTICE", (channel.name, text), server.config.name, server.server_tags())
    server.send_to_channel(channel, notice)
    server.remember(names.casefold(channel.name), notice)


def tell(server: "ServerState", person: "Person", text: str) -> None:
    """A NOTICE from the server to one person."""
    server.send(person, Message("NOTICE", (person.nick, text), server.config.name))


def who(mask: str) -> str:
    """A ban mask in words: "Sam" for Sam!*@*, "everyone at 10.0.0.7" for *!*@10.0.0.7."""
    nick, _, rest = mask.partition("!")
    user, _, host = rest.partition("@")
    if nick and "*" not in nick and "?" not in nick and user == "*" and host == "*":
        return nick
    if nick == "*" and user == "*" and host and "*" not in host:
        return f"everyone at {host}"
    return mask


def describe_mode(actor: str, sign: str, char: str, argument: str | None) -> str | None:
    """The sentence for one accepted mode change, or None for one that needs no words."""
    if char == "b" and argument is not None:
        if argument.startswith(MUTE_PREFIX):
            target = who(argument.removeprefix(MUTE_PREFIX))
            return f"{actor} muted {target}." if sign == "+" else f"{actor} unmuted {target}."
        if sign == "+":
            return f"{actor} banned {who(argument)} from the room until it closes."
        return f"{actor} lifted the ban on {who(argument)}."
    sentence = _FLAG_SENTENCES.get((sign, char))
    if sentence is None:
        return None
    if char == "W" and argument is not None:
        argument = "second" if argument == "1" else f"{argument} seconds"
    return sentence.format(actor=actor, argument=argument or "")


def ordinal(number: int) -> str:
    """1st, 2nd, 3rd, 4th … 11th, 12th, 13th … 21st."""
    if 10 <= number % 100 <= 20:
        suffix = "th"
    else:
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"
