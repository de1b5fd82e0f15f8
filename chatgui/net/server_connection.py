"""One person's connection to the room as the server's loop thread keeps it: its socket, the
lines read and not yet handled, the bytes waiting to be sent; and the counts by computer
that bound them (connections, unhandled input, waiting output). What only a busy person
needs (a decoder holding part of a line, an encoder holding output a send did not take, the
lines waiting for flood control) is made when needed and let go after, so hundreds of idle
people hold none of it. Never imports tkinter.
"""

import socket
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from chatgui import limits
from chatgui.protocol.framing import LineDecoder, LineEncoder, LineTooLong

_CLIENT_TAG_SECTION_BYTES = limits.MAX_CLIENT_TAG_BYTES + 2
"""With the '@' and the ' ': worked out once, not an int of 32 bytes for each person."""


def client_decoder() -> LineDecoder:
    """Lines from a client, whose tag data may be at most MAX_CLIENT_TAG_BYTES (IRCv3
    message-tags): relayed with the server's own tags, they still fit in MAX_TAG_BYTES."""
    return LineDecoder(max_tag_bytes=_CLIENT_TAG_SECTION_BYTES)


@dataclass(slots=True)
class Connection:
    """One person's socket and its buffers; lives on the loop thread only."""

    id: int
    sock: socket.SocketType  # the C socket object (listening.accept_waiting), or TLS
    address: str
    computer: str  # what its computer's limits are counted by (names.computer_of)
    serve: "Callable[[Connection, int], None]"  # the server's one handler of ready sockets
    decoder: LineDecoder | None = None
    """Part of a line received, or a long line being skipped (lines_in); None between lines."""
    output: LineEncoder | None = None
    """What a send did not take (encoder); None once all of it went (server_output.py)."""
    inbox: list[bytes | LineTooLong] | None = None
    """Lines received and not handled yet, in order; made when one waits (hold), let go when
    all are handled (handled), so an idle person holds no list."""
    inbox_bytes: int = 0
    queued: int = 0  # output bytes counted in Admission.queued for its computer
    paused: bool = False
    host_only: bool = False  # let in over the limits for the host's window (see ChatServer._admit)

    def lines_in(self, data: bytes) -> list[bytes | LineTooLong]:
        """The lines (and over-long line errors) `data` completes, from a decoder kept only
        while it holds part of a line: most reads bring whole lines."""
        decoder = self.decoder or client_decoder()
        lines = decoder.feed(data)
        self.decoder = None if decoder.holds_nothing else decoder
        return lines

    @property
    def encoder(self) -> LineEncoder:
        """The output waiting to be sent, made when a send leaves some (server_output.py)."""
        if self.output is None:
            self.output = LineEncoder()
        return self.output

    def waiting(self) -> int:
        """Bytes of output waiting to be sent."""
        return 0 if self.output is None else len(self.output)

    def hold(self, line: bytes | LineTooLong) -> None:
        """Keep a received line until it is handled."""
        if self.inbox is None:
            self.inbox = []
        self.inbox.append(line)

    def handled(self, count: int) -> None:
        """The first `count` lines held were handled: forget them, and the list once empty."""
        if self.inbox is not None:
            del self.inbox[:count]
            if not self.inbox:
                self.inbox = None

    def __call__(self, mask: int) -> None:
        """The loop's callback when the socket is ready: the connection is its own, so none
        is made per person, and watching it again is no change the selector must hear of."""
        self.serve(self, mask)


def count(counter: Counter[str], address: str, amount: int) -> None:
    """Add `amount` (negative: take away) to what `counter` holds for `address`; at 0 the
    address is forgotten, so the addresses of a day's visitors are not all kept."""
    counter[address] += amount
    if counter[address] <= 0:
        del counter[address]


def input_size(line: bytes | LineTooLong) -> int:
    """Bytes a received line counts for towards INBOX_MAX_BYTES (a dropped long line: a
    whole line's worth)."""
    return limits.MAX_LINE_BYTES if isinstance(line, LineTooLong) else len(line) + 2
