"""Framing: cutting a byte stream into lines, and keeping exactly the bytes not yet sent.

LineDecoder is fed whatever recv() returned, in any chunks (b"" means the peer closed),
and never holds more than one line's limit: an over-long line is skipped to its end and
reported once, as the peer's error with the reply to send. LineEncoder keeps what a
non-blocking send() has not taken yet, so a partial send loses and repeats nothing.
"""

from collections.abc import Callable

from chatgui.limits import MAX_LINE_BYTES, MAX_TAG_BYTES, SEND_CHUNK_BYTES
from chatgui.protocol import numerics
from chatgui.protocol.errors import LocalProtocolError, RemoteProtocolError
from chatgui.protocol.message import Message


class LineTooLong(RemoteProtocolError):
    """The peer sent a line past the limit; the line was dropped, the connection lives on.

    `reply` is the answer the peer should get. It has no source, and its first parameter is
    "*": the server puts its own name and the person's nick there.
    """

    def __init__(self, text: str, reply: Message) -> None:
        super().__init__(text)
        self.reply = reply


def _too_long(what: str, limit: int) -> LineTooLong:
    reply = Message(numerics.ERR_INPUTTOOLONG, ("*", "Input line was too long"))
    return LineTooLong(f"the {what} is longer than {limit} bytes", reply)


class LineDecoder:
    """Turns received bytes into lines (without CR LF), enforcing the line and tag limits.

    `max_line_bytes` counts the line without its tags, CR LF included, as RFC 1459 does;
    `max_tag_bytes` counts the tag section with its '@' and the space after it.
    """

    __slots__ = ("_held", "_max_line", "_max_tags", "_skipping", "closed")  # one per person

    def __init__(
        self, max_line_bytes: int = MAX_LINE_BYTES, max_tag_bytes: int = MAX_TAG_BYTES
    ) -> None:
        self._max_line = max_line_bytes
        self._max_tags = max_tag_bytes
        self._held = b""
        """The start of a line whose end has not come yet; most of the time none (the one
        shared empty bytes), so hundreds of idle people hold no buffer each."""
        self._skipping = False
        self.closed = False

    @property
    def holds_nothing(self) -> bool:
        """No part of a line is held, no long line is being skipped, and the stream has not
        ended: a new decoder would go on exactly as this one (so none need be kept)."""
        return not (self._held or self._skipping or self.closed)

    def feed(self, data: bytes) -> list[bytes | LineTooLong]:
        """Add received bytes; return the complete lines and errors, in arrival order.

        b"" means end of stream: a last line without its line ending is dropped, because a
        connection that broke mid-line may have cut it.
        """
        if self.closed:
            raise LocalProtocolError("data fed to a LineDecoder after end of stream")
        if not data:
            self.closed = True
            self._held = b""
            return []
        *lines, rest = (self._held + data).split(b"\n")
        out: list[bytes | LineTooLong] = []
        for line in lines:
            if self._skipping:
                self._skipping = False
            elif line := line.removesuffix(b"\r"):
                out.append(self._check(line))
        if not self._skipping and len(rest) > self._max_tags + self._max_line:
            self._skipping = True
            out.append(_too_long("line", self._max_tags + self._max_line))
        self._held = b"" if self._skipping else rest
        return out

    def _check(self, line: bytes) -> bytes | LineTooLong:
        """The line itself when it is within the limits, else the error for it."""
        body = line
        if line.startswith(b"@"):
            space = line.find(b" ")
            tag_section = len(line) + 1 if space < 0 else space + 1
            if tag_section > self._max_tags:
                return _too_long("tag section", self._max_tags)
            body = line[tag_section:]
        if len(body) + 2 > self._max_line:
            return _too_long("line", self._max_line)
        return line


def framed(line: bytes) -> bytes:
    """One serialized line (without CR LF) as it goes on the wire, with its CR LF."""
    if b"\r" in line or b"\n" in line:
        raise LocalProtocolError("a line to send can't contain CR or LF")
    return line + b"\r\n"


class LineEncoder:
    """Lines waiting to be sent. drain(send) sends them; pending() and pop(n) do it by hand.

    Lines wait as the bytes they came as, joined only when sent: a room's line is one object
    for everyone it goes to. Copied into a growing buffer each, a class joining at once (every
    member hears of every newcomer within one loop turn) grew hundreds of buffers side by side,
    and the holes they left in the allocator's heap stayed in the server's memory.
    """

    __slots__ = ("_lines", "_rest")  # one per person

    def __init__(self) -> None:
        self._lines: list[bytes] | None = None
        """Framed lines written since the last send, in order; None when there are none."""
        self._rest: bytearray | None = None
        """What a send did not take, before those lines; None when everything went."""

    def write(self, message: Message) -> None:
        """Queue one message with its CR LF."""
        self.write_line(message.to_bytes())

    def write_line(self, line: bytes) -> None:
        """Queue one already serialized line (without CR LF)."""
        self.write_framed(framed(line))

    def write_framed(self, data: bytes) -> None:
        """Queue lines already framed by framed(): one line made once for many encoders."""
        if self._lines is None:
            self._lines = [data]
        else:
            self._lines.append(data)

    def drain(
        self,
        send: Callable[[bytes | bytearray | memoryview], int],
        max_bytes: int = SEND_CHUNK_BYTES,
    ) -> int:
        """Offer the pending bytes to `send` (a socket's send: it returns how many it took),
        at most `max_bytes` at a time, until all went or it took less than offered; what it
        raises (the socket is full) reaches the caller with nothing lost. Returns the bytes
        still pending."""
        lines = self._lines
        if self._rest is None and lines is not None:  # the usual case: all of it, no copy
            data = lines[0] if len(lines) == 1 else b"".join(lines)
            if len(data) <= max_bytes:
                sent = send(data)
                self._lines = None
                if sent < len(data):
                    self._rest = bytearray(memoryview(data)[sent:])
                return len(data) - sent
        buffer = self._merged()
        if buffer is None:
            return 0
        while buffer:
            size = len(buffer)
            if size <= max_bytes:
                sent = send(buffer)
            else:
                with memoryview(buffer) as whole, whole[:max_bytes] as offered:
                    size = max_bytes
                    sent = send(offered)  # both views released before the buffer shrinks
            del buffer[:sent]
            if sent < size:
                break
        if not buffer:
            self._rest = None
        return len(buffer)

    def _merged(self) -> bytearray | None:
        """Everything pending as one buffer (a send left some, or more than one send takes)."""
        lines = self._lines
        if lines is not None:
            self._lines = None
            rest = self._rest
            if rest is None:
                self._rest = bytearray().join(lines)
            else:
                for line in lines:
                    rest += line  # in place: one copy of each line
        return self._rest

    def pending(self, max_bytes: int = SEND_CHUNK_BYTES) -> bytes:
        """The next bytes to send, in order: at most `max_bytes`, as one send() takes no more."""
        buffer = self._merged()
        return b"" if buffer is None else bytes(buffer[:max_bytes])

    def pop(self, sent: int) -> None:
        """Forget the first `sent` bytes: send() has taken them."""
        if not 0 <= sent <= len(self):
            raise LocalProtocolError(f"pop({sent}) with only {len(self)} bytes pending")
        buffer = self._merged()
        if buffer is not None:
            del buffer[:sent]
            if not buffer:
                self._rest = None

    def __len__(self) -> int:
        waiting = 0 if self._rest is None else len(self._rest)
        return waiting if self._lines is None else waiting + sum(map(len, self._lines))
