"""What the server core hands the network to do after each event: lines to write, whom to
close, what to tell the host (ServerState.flush, sent by net/server_output.py).

Kept apart from the room's state (model.py): one is made for every line the room sends, and
they are all the network takes from the core's answers.
"""

from dataclasses import dataclass
from typing import NamedTuple

from chatgui.protocol.message import Message, parse


class Send(NamedTuple):  # a tuple: made for every line the server sends, so made quickly
    """Write `line` (without CR LF) to each connection in `conns`, in that order: a message
    to a room is one Send per set of tags, however many are in it."""

    conns: list[int]
    line: bytes


CRLF = b"\r\n"


class Written:
    """Whole lines to one person, in the wire's terms already: `wire` holds them, each with
    its CR LF (a welcome, LUSERS, the MOTD, VERSION's 005: registration.py). Nothing checks
    them on the way out, as framed() checks a Send's line: every name in them passed the
    checks a name must pass to be taken (nick_problem, USER's), and the server's own words
    went through Message.to_bytes when their part was made (welcome.Part)."""

    __slots__ = ("wire",)

    def __init__(self, wire: bytes) -> None:
        self.wire = wire

    @property
    def count(self) -> int:
        """How many lines: flood control counts each (ServerState._charge_replies)."""
        return self.wire.count(CRLF)

    def messages(self) -> list[Message]:
        """The lines as messages (they read back as the bytes they were: tests/protocol/
        test_welcome_cache.py), for an answer that must tag each one (a label)."""
        return [parse(line) for line in self.wire.split(CRLF)[:-1]]


class SendFramed(NamedTuple):
    """Write `wire`, a Written's lines, to each connection in `conns`."""

    conns: list[int]
    wire: bytes


@dataclass(frozen=True)
class Close:
    """Flush and close connection `conn`; the others have already been told."""

    conn: int
    reason: str


@dataclass(frozen=True)
class Alert:
    """Tell the host (the window or `serve`), not the room: `text` is a sentence for them."""

    text: str


Outgoing = Send | SendFramed | Close | Alert
