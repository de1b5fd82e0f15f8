"""Raised hands: the queue of a room, as a chatgui server reports it.

A chatgui server tells clients that negotiated caps.HANDS about hands in a form made to be
parsed (docs/protocol.md):
`NOTE HAND RAISED #room Sam 1767000000 :Sam raised a hand`,
`NOTE HAND LOWERED #room Sam …`, and the queue, one `NOTE HAND QUEUE #room Sam <time>` per
hand and a `NOTE HAND END`, in answer to `HAND #room ?`. Plain clients get NOTICEs instead.
"""

from chatgui.events import Hand, HandsChanged
from chatgui.protocol import names
from chatgui.protocol.client.state import Room, SessionState
from chatgui.protocol.message import Message
from chatgui.protocol.text import is_number


def hands_event(room: Room, news: str = "") -> HandsChanged:
    ordered = sorted(room.hands.values(), key=lambda entry: entry[1])
    return HandsChanged(room.name, tuple(Hand(nick, at) for nick, at in ordered), news)


def hand_note(session: SessionState, code: str, message: Message) -> None:
    """NOTE HAND RAISED|LOWERED|QUEUE #room nick <unixtime> :text: follow the queue."""
    room = session.room(message.param(2))
    nick = message.param(3)
    if room is None or not nick:
        return
    if code in ("RAISED", "QUEUE"):
        stamp = message.param(4)
        # Only plain ASCII digits of a time (10 digits until 2286): "²" passes str.isdigit()
        # but float() refuses it, and a thousand 9s is no time a window can show.
        at = float(stamp) if is_number(stamp) and len(stamp) <= 10 else session.now
        room.hands[names.casefold(nick)] = (nick, at)
    elif code == "LOWERED":
        room.hands.pop(names.casefold(nick), None)
    else:
        return
    news = message.params[-1] if code != "QUEUE" and len(message.params) > 5 else ""
    session.emit(hands_event(room, news))
