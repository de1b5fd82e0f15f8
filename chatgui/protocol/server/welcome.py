"""The welcome's lines that are the same for everyone, serialized once per server settings.

Hundreds may register at once (a class logging in): writing 002-005 and the MOTD afresh for
each of them was most of a registration's cost. Only the person's name differs in those
lines, so each is kept as the bytes before and after the name.
"""

from collections.abc import Callable
from dataclasses import dataclass

from chatgui.protocol.message import Message
from chatgui.protocol.server.model import ServerConfig


@dataclass(frozen=True)
class Prewritten(Message):
    """A message whose wire form is already known: `wire`, used while it carries no tags.

    Tagged (a label, a batch), it is written as any Message is, from the same fields."""

    wire: bytes = b""

    def to_bytes(self) -> bytes:
        return super().to_bytes() if self.tags else self.wire


@dataclass(frozen=True)
class Template:
    """One line to a person: `head` + their name + `tail` on the wire."""

    command: str
    rest: tuple[str, ...]
    head: bytes
    tail: bytes

    def to(self, nick: str, source: str, after: str = "") -> Prewritten:
        """The line to `nick`; `after`, a word (no space), ends its text: 001's nick!user@host."""
        wire = self.head + nick.encode("utf-8") + self.tail
        rest = self.rest
        if after:
            wire += after.encode("utf-8")
            rest = (*rest[:-1], rest[-1] + after)
        return Prewritten(self.command, (nick, *rest), source, wire=wire)


def template(source: str, command: str, *rest: str) -> Template:
    """A line from `source` with a person's name first, then `rest` (words, then the text)."""
    stand_in = "N"
    line = Message(command, (stand_in, *rest), source).to_bytes()
    head = f":{source} {command} ".encode()
    return Template(command, rest, head, line[len(head) + len(stand_in) :])


def counted(source: str, command: str, nick: str, *rest: str) -> Prewritten:
    """A line of the server's own words with counts in them (LUSERS), written straight to the
    wire: `rest` is plain words (counts) and last a sentence with a space in it, so nothing in
    it needs Message.to_bytes' checks, and the bytes are the ones it would write."""
    words = " ".join((nick, *rest[:-1]))
    wire = f":{source} {command} {words} :{rest[-1]}".encode()
    return Prewritten(command, (nick, *rest), source, wire=wire)


PartMaker = Callable[[], tuple[Template, ...]]


class WelcomeCache:
    """The templates for one set of settings, made again when the settings change.

    The settings are replaced, never changed in place (ServerConfig is frozen), so the cache
    is right while it was made from the very settings the server now holds and the same
    keeping of history (which changes the ISUPPORT tokens)."""

    def __init__(self) -> None:
        self._made_for: tuple[ServerConfig, bool] | None = None
        self._parts: dict[str, tuple[Template, ...]] = {}

    def part(
        self, config: ServerConfig, keeps_history: bool, name: str, make: PartMaker
    ) -> tuple[Template, ...]:
        """The templates of the welcome's part `name`, made by `make` on first use."""
        made_for = self._made_for
        if made_for is None or made_for[0] is not config or made_for[1] != keeps_history:
            self._made_for, self._parts = (config, keeps_history), {}
        found = self._parts.get(name)
        if found is None:
            found = self._parts[name] = make()
        return found
