"""The welcome's lines, written to the wire once per server settings and sent as one piece.

Hundreds may register at once (a class logging in). Only the person's name differs in 002-005
and the MOTD, so each part is kept as the bytes around the name's places (Part); 001 adds
their nick!user@host, LUSERS its counts. A person's whole welcome is then a few joins, queued
as one Written: one entry of the outbox, one send of output, not a dozen lines each going the
whole way. Labeled (labeled-response), a Written is its lines as messages again, tagged one
by one as any answer is (Written.messages).
"""

from collections.abc import Callable

from chatgui.protocol.message import Message
from chatgui.protocol.server.model import ServerConfig
from chatgui.protocol.server.outgoing import CRLF, Written


class Part:
    """Lines from the server that each begin with a person's name, kept as the bytes between
    the name's places (`pieces`: the first line's start, each line's end and CR LF with the
    next one's start, the last line's end)."""

    __slots__ = ("count", "pieces")

    def __init__(self, source: str, lines: list[tuple[str, ...]]) -> None:
        """`lines`: each a command and the words and text after the name."""
        stand_in = "N"
        heads: list[bytes] = []  # each line up to the name
        tails: list[bytes] = []  # and after it
        for command, *rest in lines:
            head = f":{source} {command} ".encode()
            line = Message(command, (stand_in, *rest), source).to_bytes()
            heads.append(head)
            tails.append(line[len(head) + len(stand_in) :])
        between = [tail + CRLF + head for tail, head in zip(tails[:-1], heads[1:], strict=True)]
        self.pieces = [heads[0], *between, tails[-1]]
        self.count = len(lines)

    def to(self, nick: bytes, after: bytes = b"") -> bytes:
        """The lines to `nick` (encoded), each with its CR LF; `after`, a word (no space),
        ends the last one's text: 001's nick!user@host."""
        return nick.join(self.pieces) + after + CRLF

    def written(self, nick: str) -> Written:
        """The lines to `nick`, to send as they are (ServerState.send_written)."""
        return Written(self.to(nick.encode()))


PartMaker = Callable[[], Part]


class WelcomeCache:
    """The parts for one set of settings, made again when the settings change.

    The settings are replaced, never changed in place (ServerConfig is frozen), so the cache
    is right while it was made from the very settings the server now holds and the same
    keeping of history (which changes the ISUPPORT tokens)."""

    def __init__(self) -> None:
        self._made_for: tuple[ServerConfig, bool] | None = None
        self._parts: dict[str, Part] = {}

    def part(self, config: ServerConfig, keeps_history: bool, name: str, make: PartMaker) -> Part:
        """The welcome's part `name`, made by `make` on first use."""
        made_for = self._made_for
        if made_for is None or made_for[0] is not config or made_for[1] != keeps_history:
            self._made_for, self._parts = (config, keeps_history), {}
        found = self._parts.get(name)
        if found is None:
            found = self._parts[name] = make()
        return found
