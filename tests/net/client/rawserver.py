"""RawServer: a hostile IRC server for tests, one listening socket on 127.0.0.1 (port 0).

It plays a server by hand, line by line, so it can send what no real server would: numerics
without parameters, lines cut short, garbage ISUPPORT, NUL, invalid UTF-8, huge lines. Reads
never block for long, and every wait is bounded; `pump` (a window's Tk update) runs meanwhile,
so a window in the same thread keeps working while the server waits for it.
"""

from __future__ import annotations

import re
import socket
import time
from collections.abc import Callable

from chatgui import limits
from chatgui.protocol import numerics

SERVER = "evil.test"
CAPS = "batch message-tags server-time draft/multiline=max-bytes=4096,max-lines=24"
NUMERICS = sorted({value for name, value in vars(numerics).items() if name[:4] in ("RPL_", "ERR_")})


def hostile_lines(nick: str, room: str) -> list[bytes]:
    """Lines that broke, or could break, a client: short, odd, oversized or badly encoded."""
    me, other, at = nick.encode(), b":sam!s@10.0.0.7", f":{SERVER}".encode()
    channel = room.encode()
    lines = [
        at + b" 372 " + me,
        at + b" 372",
        b"372",
        at + b" 375",
        b"FAIL",
        at + b" FAIL CHATHISTORY",
        at + b" FAIL PRIVMSG",
        at + b" WARN",
        at + b" NOTE HAND RAISED",
        at + b" 005 " + me + b" ==== PREFIX=(ov CHANMODES=,,,,,, STATUSMSG= CHATHISTORY=\xc2\xb2",
        at + b" 005 " + me + b" NETWORK=\\x00\\xff PREFIX=(+-)@ :garbage",
        at + b" 005",
        other + b" PRIVMSG " + channel + b" :" + b"x" * (limits.MAX_INCOMING_SERVER_LINE_BYTES * 4),
        b"@" + b"k=" + b"v" * 10_000 + b" " + other + b" PRIVMSG " + channel + b" :tagged",
        other + b" PRIVMSG " + channel + b" :a\x00b",
        other + b" PRIVMSG " + channel + b" :\xff\xfe\xed\xa0\x80",
        other + b" PRIVMSG " + channel,
        other + b" PRIVMSG",
        other + b" PRIVMSG " + channel + b" :",
        other + b" PRIVMSG " + me + b" :\x01VERSION",
        b":! PRIVMSG " + me + b" :\x01PING x\x01",
        other + b" NOTICE",
        other + b" JOIN",
        b":" + me + b"!a@h JOIN",
        b":" + me + b"!a@h JOIN :#two words",
        b"JOIN " + channel,
        other + b" MODE " + channel + b" +ooovvvbbbkkkllll",
        other + b" MODE " + channel + b" +b",
        other + b" MODE " + channel,
        other + b" MODE",
        other + b" MODE " + me + b" +i-i+++---",
        at + b" CAP",
        at + b" CAP " + me,
        at + b" CAP " + me + b" LS",
        at + b" CAP " + me + b" NEW",
        at + b" CAP " + me + b" ACK",
        at + b" CAP " + me + b" DEL :",
        at + b" BATCH",
        at + b" BATCH +",
        at + b" BATCH -",
        at + b" BATCH -neveropened",
        b"@batch= " + other + b" PRIVMSG " + channel + b" :in no batch",
        at + b" 001",
        at + b" 001 :",
        b":" + me + b"!a@h NICK",
        other + b" NICK",
        b"NICK newname",
        other + b" KICK " + channel,
        other + b" PART",
        b"QUIT",
        b"AWAY",
        at + b" 322 " + me + b" #big " + b"9" * 5000 + b" :huge count",
        at + b" 322 " + me + b" #odd \xc2\xb2 :odd count",
        at + b" 353 " + me + b" = " + channel + b" :@ + @+ !",
        b"@time=0001-01-01T00:00:00 " + other + b" TOPIC " + channel + b" :very old",
        b"@time=0001-01-01T00:00:00 " + other + b" PRIVMSG " + channel + b" :very old",
        b"@time=" + b"9" * 300 + b" " + other + b" TOPIC " + channel + b" :odd time",
        b"@msgid=has\\sspace " + other + b" PRIVMSG " + channel + b" :odd id",
        b":" + b"n" * 400 + b" PRIVMSG " + channel + b" :long source",
        b"@;;;=;\\ :@ PING",
        b"PING",
        b"ZZZZ",
        b":",
        b"@",
        b"   ",
    ]
    for numeric in NUMERICS:  # every numeric the client knows, with no parameters at all
        lines += [numeric.encode(), at + b" " + numeric.encode()]
    return lines


class RawServer:
    """Accepts one client and talks to it in raw bytes."""

    def __init__(self) -> None:
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port: int = self.listener.getsockname()[1]
        self.sock: socket.socket | None = None
        self.received: list[str] = []
        self._buffer = b""
        self._read_upto = 0

    def close(self) -> None:
        if self.sock is not None:
            self.sock.close()
        self.listener.close()

    def accept(self, timeout: float, pump: Callable[[], None] = lambda: None) -> None:
        self.listener.settimeout(0.05)
        deadline = time.monotonic() + timeout
        while self.sock is None:
            pump()
            try:
                self.sock, _ = self.listener.accept()
            except TimeoutError:
                if time.monotonic() > deadline:
                    raise AssertionError(f"no client connected within {timeout} s") from None

    def send(self, *lines: bytes) -> None:
        assert self.sock is not None
        self.sock.sendall(b"".join(line + b"\r\n" for line in lines))

    def expect(
        self, pattern: str, timeout: float = 10.0, pump: Callable[[], None] = lambda: None
    ) -> str:
        """The next line from the client matching `pattern` (lines before it are passed)."""
        regex = re.compile(pattern)
        deadline = time.monotonic() + timeout
        while True:
            while self._read_upto < len(self.received):
                line = self.received[self._read_upto]
                self._read_upto += 1
                if regex.search(line):
                    return line
            if time.monotonic() > deadline:
                recent = "\n  ".join(self.received[-20:])
                raise AssertionError(
                    f"no line matched {pattern!r} in {timeout} s; got:\n  {recent}"
                )
            pump()
            self._read(0.05)

    def _read(self, wait: float) -> None:
        assert self.sock is not None
        self.sock.settimeout(wait)
        try:
            data = self.sock.recv(65536)
        except TimeoutError:
            return
        if not data:
            raise AssertionError("the client closed the connection")
        self._buffer += data
        *lines, self._buffer = self._buffer.split(b"\n")
        self.received += [line.rstrip(b"\r").decode("utf-8", "replace") for line in lines]

    def register(
        self, pump: Callable[[], None] = lambda: None, caps: str = CAPS, network: str = "Evil"
    ) -> str:
        """Answer the client's CAP (offering `caps`), NICK and USER as a server does, naming
        its network `network` (ISUPPORT escapes allowed: "Evil\\x00"); return the nick."""
        nick = self.expect(r"^NICK ", pump=pump).split()[1]
        self.expect(r"^USER ", pump=pump)
        self.send(f":{SERVER} CAP * LS :{caps}".encode())
        asked = self.expect(r"^CAP REQ ", pump=pump).partition(":")[2]
        self.send(f":{SERVER} CAP {nick} ACK :{asked}".encode())
        self.expect(r"^CAP END", pump=pump)
        welcome = [
            f"001 {nick} :Welcome",
            f"005 {nick} NETWORK={network} PREFIX=(ov)@+ :are supported",
            f"375 {nick} :- {SERVER} message of the day",
            f"372 {nick} :- be nice",
            f"376 {nick} :End of MOTD",
        ]
        self.send(*(f":{SERVER} {line}".encode() for line in welcome))
        return nick

    def join(self, nick: str, room: str, pump: Callable[[], None] = lambda: None) -> None:
        """Answer the client's JOIN of `room` with the room and its members."""
        self.expect(rf"^JOIN {re.escape(room)}", pump=pump)
        self.send(
            f":{nick}!{nick}@127.0.0.1 JOIN {room}".encode(),
            f":{SERVER} 353 {nick} = {room} :{nick} @sam".encode(),
            f":{SERVER} 366 {nick} {room} :End of NAMES".encode(),
        )
