"""Raised hands and the server's standard replies (FAIL, WARN, NOTE).

A chatgui server tells clients that negotiated HAND_CAP about hands in a form made to be
parsed (session.HAND_CAP, docs/protocol.md):
`NOTE HAND RAISED #room Sam 1767000000 :Sam raised a hand`,
`NOTE HAND LOWERED #room Sam …`, and the queue, one `NOTE HAND QUEUE #room Sam <time>` per
hand, in answer to `HAND #room ?`. Plain clients get readable NOTICEs instead.
"""

from chatgui.events import Hand, HandsChanged, ServerText
from chatgui.protocol import names
from chatgui.protocol.client.session import ClientSession, Room, on
from chatgui.protocol.message import Message


def raise_hand(channel: str) -> Message:
    return Message("HAND", (channel,))


def lower_hand(channel: str, nick: str = "") -> Message:
    """Lower our own hand, or (host and helpers) someone else's."""
    return Message("HAND", (channel, "-", nick) if nick else (channel, "-"))


def hands_event(room: Room) -> HandsChanged:
    ordered = sorted(room.hands.values(), key=lambda entry: entry[1])
    return HandsChanged(room.name, tuple(Hand(nick, at) for nick, at in ordered))


@on("NOTE", "WARN", "FAIL")
def _on_standard_reply(session: ClientSession, message: Message) -> None:
    """FAIL/WARN/NOTE <command> <code> [context…] :description (IRCv3 standard replies)."""
    command, code = message.param(0).upper(), message.param(1).upper()
    if message.command == "NOTE" and command == "HAND":
        _hand_note(session, code, message)
        return
    description = message.params[-1] if len(message.params) > 2 else code
    context = message.params[2:-1]
    channel = next((c for c in context if names.is_channel(c)), None)
    if message.command == "NOTE":
        session.emit(ServerText(description))
    else:
        session.problem(channel, description, f"{message.command} {command} {code}")


def _hand_note(session: ClientSession, code: str, message: Message) -> None:
    room = session.room(message.param(2))
    nick = message.param(3)
    if room is None or not nick:
        return
    if code in ("RAISED", "QUEUE"):
        stamp = message.param(4)
        at = float(stamp) if stamp.isdigit() else session.now
        room.hands[names.casefold(nick)] = (nick, at)
    elif code == "LOWERED":
        room.hands.pop(names.casefold(nick), None)
    else:
        return
    session.emit(hands_event(room))
