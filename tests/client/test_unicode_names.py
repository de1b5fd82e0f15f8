"""The client with names of any script: its lines still fit, and on a server that takes only
ASCII names it picks one and keeps the typed name as the person's real name."""

from __future__ import annotations

from chatgui.protocol.client import outgoing
from chatgui.protocol.client.session import ClientSession
from chatgui.protocol.message import Message

WIDE = "".join(chr(0x20000 + offset) for offset in range(30))  # 30 letters, 120 bytes
WIDE_ROOM = "#" + "".join(chr(0x21000 + offset) for offset in range(49))
WORST_USER_HOST = "!~" + "u" * 10 + "@" + "h" * 63  # what a server may put after our nick


def test_a_long_message_from_a_name_of_four_byte_letters_fits_each_relayed_line() -> None:
    session = ClientSession(WIDE)
    assert outgoing.say(session, WIDE_ROOM, "\u00e9t\u00e9 " * 400, local_id=1)
    lines = session.take_outgoing()
    assert len(lines) > 3
    for line in lines:
        relayed = Message(line.command, line.params, WIDE + WORST_USER_HOST).to_bytes()
        assert len(relayed) + 2 <= 512
