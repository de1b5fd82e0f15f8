"""The hostile student of bench/hostile.py: one attack from 127.0.0.2, in a process of its own.

    python -m bench.attackers NAME --port P --seconds S --connections N --lines L --out FILE

One asyncio loop, every socket bound to 127.0.0.2 (a second PC, as Linux routes all of
127.0.0.0/8 to the loopback) and connected to 127.0.0.1 only. The whole attack, setting up
included, runs under one deadline: when it passes, every connection is cut and what the
attacker achieved is written as JSON to FILE. Every wait has a timeout. The process lowers
its own priority, so on a small machine the class's generator runs before it.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import itertools
import json
import os
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path

from bench import peers

ATTACKER = "127.0.0.2"
"""The attacking PC's address; the class and the server are on 127.0.0.1 and 127.1.x.y."""
SETUP_TIMEOUT_S = 5.0
"""Longest wait for one connection to be accepted, welcomed (001) or let into a room."""
BATCH_LINES = 50
"""Lines written at once by a flooding connection (then it waits until the server reads)."""
PAD = b"x" * 60
MASK_NICK = "a" * 30
"""A nick of 30 a's, the text a backtracking matcher of `*a*a*...*b` tries every way to split."""


class Conn:
    """One connection: counts the patterns it watches in what it receives, answers PING."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader = reader
        self.writer = writer
        self.counts: dict[bytes, int] = {}
        self.first_seen: dict[bytes, float] = {}
        self.waiters: list[tuple[bytes, int, asyncio.Future[bool]]] = []
        self.tail = b""
        self.closed = False
        self.index = -1
        """The number in this connection's nick, for the patterns only it receives."""
        self.task = asyncio.create_task(self._read())

    @classmethod
    async def open(cls, port: int, watch: tuple[bytes, ...] = ()) -> Conn:
        reader, writer = await asyncio.wait_for(
            asyncio.open_connection("127.0.0.1", port, local_addr=(ATTACKER, 0), limit=1 << 20),
            SETUP_TIMEOUT_S,
        )
        conn = cls(reader, writer)
        conn.watch(*watch)
        return conn

    def watch(self, *patterns: bytes) -> None:
        for pattern in patterns:
            self.counts.setdefault(pattern, 0)

    def send(self, data: bytes) -> None:
        if not self.closed:
            self.writer.write(data)

    async def _read(self) -> None:
        try:
            while True:
                data = await self.reader.read(262144)
                if not data:
                    break
                block = self.tail + data
                cut = block.rfind(b"\n") + 1
                lines, self.tail = block[:cut], block[cut:][-65536:]
                if lines:
                    self._count(lines)
        except (OSError, asyncio.IncompleteReadError):
            pass
        finally:
            self.closed = True
            for _, _, waiter in self.waiters:
                if not waiter.done():
                    waiter.set_result(False)

    def _count(self, lines: bytes) -> None:
        now = time.monotonic()
        for pattern in self.counts:
            found = lines.count(pattern)
            if found:
                self.counts[pattern] += found
                self.first_seen.setdefault(pattern, now)
        if b"PING " in lines:
            for line in lines.split(b"\n"):
                if line.startswith(b"PING "):
                    self.send(b"PONG " + line[5:].rstrip(b"\r") + b"\r\n")
        for pattern, needed, waiter in self.waiters:
            if not waiter.done() and self.counts.get(pattern, 0) >= needed:
                waiter.set_result(True)

    async def until(
        self, pattern: bytes, needed: int = 1, timeout: float = SETUP_TIMEOUT_S
    ) -> bool:
        """Wait until `pattern` was seen `needed` times (watch it before sending the command)."""
        self.watch(pattern)
        if self.counts[pattern] >= needed:
            return True
        if self.closed:
            return False
        waiter: asyncio.Future[bool] = asyncio.get_running_loop().create_future()
        self.waiters.append((pattern, needed, waiter))
        try:
            return await asyncio.wait_for(waiter, timeout)
        except TimeoutError:
            return False
        finally:
            self.waiters.remove((pattern, needed, waiter))

    async def register(self, nick: str, caps: str = "", user: str = "u") -> bool:
        self.watch(b" 001 ")
        cap = f"CAP REQ :{caps}\r\nCAP END\r\n" if caps else ""
        self.send(f"{cap}NICK {nick}\r\nUSER {user} 0 * :{nick}\r\n".encode())
        return await self.until(b" 001 ")

    async def join(self, room: str) -> bool:
        self.watch(b" 366 ")
        before = self.counts[b" 366 "]
        self.send(f"JOIN {room}\r\n".encode())
        return await self.until(b" 366 ", before + 1)

    async def flood(self, line: Callable[[int], bytes], count: int, a: Attack) -> int:
        """Write `count` lines in batches as fast as the server takes them; lines written."""
        written = 0
        for start in range(0, count, BATCH_LINES):
            if self.closed or a.over():
                break
            end = min(count, start + BATCH_LINES)
            self.send(b"".join(line(k) for k in range(start, end)))
            written = end
            try:
                await self.writer.drain()
            except OSError:  # the server closed it (e.g. "Excess flood"): that one is done
                self.closed = True
                break
        return written

    def cut(self) -> None:
        """Close at once, whatever is still waiting to be written."""
        self.closed = True
        self.task.cancel()
        self.writer.transport.abort()


@dataclass
class Attack:
    """What one attack needs and keeps: its settings, connections and results so far."""

    port: int
    seconds: float
    connections: int
    lines: int
    conns: list[Conn] = field(default_factory=list)
    """Every connection opened, cut when the attack ends."""
    named: dict[str, Conn] = field(default_factory=dict)
    figures: dict[str, float | int | str] = field(default_factory=dict)
    failed: int = 0
    answered: int = 0
    """Answers counted on connections already gone (server-password)."""
    started: float = 0.0

    def keep(self, conn: Conn) -> Conn:
        self.conns.append(conn)
        return conn

    async def person(
        self, nick: str, caps: str = "", room: str = "", user: str = "u", index: int = -1
    ) -> Conn | None:
        """A registered connection (in `room` if given), or None when the server refused it."""
        try:
            conn = self.keep(await Conn.open(self.port))
        except (OSError, TimeoutError):
            self.failed += 1
            return None
        conn.index = index
        self.named[nick] = conn
        if not await conn.register(nick, caps, user) or (room and not await conn.join(room)):
            self.failed += 1
            return None
        return conn

    async def crowd(self, nick: Callable[[int], str], caps: str = "", room: str = "") -> list[Conn]:
        """`connections` people at once; those that got in."""
        people = (self.person(nick(i), caps, room, index=i) for i in range(self.connections))
        made = await asyncio.gather(*people)
        return [c for c in made if c is not None]

    def over(self) -> bool:
        """The attack's time is up (loops check it too: Python 3.11's wait_for can lose a
        cancellation that comes as an inner wait ends)."""
        return time.monotonic() - self.started >= self.seconds

    def elapsed(self) -> float:
        return max(1e-3, time.monotonic() - self.started)

    def total(self, *patterns: Callable[[int], bytes]) -> int:
        """How often the connections saw their own `patterns` (made from each one's index)."""
        return sum(c.counts.get(p(c.index), 0) for c in self.conns for p in patterns)


# --- the attacks: each fills attack.figures as it goes, and may be cut off at any await ---


async def privmsg_flood(a: Attack) -> None:
    conns = await a.crowd(lambda i: f"fl{i}", "echo-message", "#bench")
    a.figures["in the room"] = len(conns)
    for c in conns:
        c.watch(b":fl%d!" % c.index)

    def line(k: int) -> bytes:
        return b"PRIVMSG #bench :flood %d %s\r\n" % (k, PAD)

    await asyncio.gather(*(c.flood(line, a.lines, a) for c in conns))


def _accepted(a: Attack, prefix: bytes) -> None:
    """Lines the server relayed back to their sender (echo-message): what it accepted."""
    done = a.total(lambda i: b":%s%d!" % (prefix, i))
    a.figures["lines accepted"] = done
    a.figures["accepted/s"] = round(done / a.elapsed(), 1)


async def nick_flood(a: Attack) -> None:
    conns = await a.crowd(lambda i: f"nk{i}", "", "#bench")
    a.figures["in the room"] = len(conns)
    for c in conns:
        c.watch(b"NICK :n%dx" % c.index, b"NICK n%dx" % c.index)

    def changer(i: int) -> Callable[[int], bytes]:
        return lambda k: b"NICK n%dx%d\r\n" % (i, k)

    await asyncio.gather(*(c.flood(changer(c.index), a.lines, a) for c in conns))


def _nick_changes(a: Attack) -> None:
    done = a.total(lambda i: b"NICK :n%dx" % i, lambda i: b"NICK n%dx" % i)
    a.figures["nick changes"] = done
    a.figures["changes/s"] = round(done / a.elapsed(), 1)


async def join_flood(a: Attack) -> None:
    conns = await a.crowd(lambda i: f"jn{i}")
    for c in conns:
        c.watch(b"JOIN :#j%dx" % c.index, b"JOIN #j%dx" % c.index)

    def joiner(i: int) -> Callable[[int], bytes]:
        # Leave every room now and then, so the next twenty are new rooms again.
        return lambda k: b"JOIN 0\r\n" if k % 20 == 19 else b"JOIN #j%dx%d\r\n" % (i, k)

    await asyncio.gather(*(c.flood(joiner(c.index), a.lines, a) for c in conns))


def _rooms_made(a: Attack) -> None:
    done = a.total(lambda i: b"JOIN :#j%dx" % i, lambda i: b"JOIN #j%dx" % i)
    a.figures["rooms made"] = done
    a.figures["rooms/s"] = round(done / a.elapsed(), 1)


async def tag_flood(a: Attack) -> None:
    conns = await a.crowd(lambda i: f"tg{i}", "message-tags echo-message", "#bench")
    a.figures["in the room"] = len(conns)
    for c in conns:
        c.watch(b":tg%d!" % c.index)
    tags = b"@+big=" + b"y" * 4000 + b" "

    def line(k: int) -> bytes:
        return tags + b"PRIVMSG #bench :tag %d\r\n" % k

    await asyncio.gather(*(c.flood(line, a.lines, a) for c in conns))


async def search_flood(a: Attack) -> None:
    conns = await a.crowd(lambda i: f"sr{i}", "batch", "#archive")
    a.figures["in #archive"] = len(conns)
    for c in conns:
        c.watch(b"BATCH -")

    def line(k: int) -> bytes:
        return b"SEARCH text=qzxnotthere%d\r\n" % (k % 10)

    await asyncio.gather(*(c.flood(line, a.lines, a) for c in conns))


def _searches(a: Attack) -> None:
    done = sum(c.counts.get(b"BATCH -", 0) for c in a.conns)
    a.figures["searches answered"] = done
    a.figures["searches/s"] = round(done / a.elapsed(), 1)


def mask(room: str = "") -> str:
    """`*...*a*...*a ... *b`, as long as fits one 512-byte line of WHO (or MODE `room` +b).

    Fewer a's than the nick has (a regular expression engine gives up at once on a pattern
    longer than the text), and the stars that fill the line each multiply a backtracking
    matcher's work.
    """
    room_len = len(f"MODE {room} +b \r\n") if room else len("WHO \r\n")
    groups = ("*" * 19 + "a") * 24
    return "*" * (512 - room_len - len(groups) - 2) + groups + "*b"


async def who_mask(a: Attack) -> None:
    conn = await a.person(MASK_NICK, user="a" * 10)
    if conn is None:
        return
    text = mask()
    a.figures["mask bytes"] = len(text)
    conn.watch(b" 315 ")
    conn.send(f"WHO {text}\r\n".encode())
    sent = time.monotonic()
    if await conn.until(b" 315 ", timeout=a.seconds):
        a.figures["answered after s"] = round(time.monotonic() - sent, 2)


async def ban_mask(a: Attack) -> None:
    host = await a.person("den_host")
    victim = await a.person(MASK_NICK[:-1] + "c", user="a" * 10)
    if host is None or victim is None:
        return
    await host.join("#den")
    await victim.join("#den")
    text = mask("#den")
    a.figures["mask bytes"] = len(text)
    said = b":" + (MASK_NICK[:-1] + "c").encode() + b"!"
    host.watch(b"MODE #den +b", said)
    host.send(f"MODE #den +b {text}\r\n".encode())
    sent = time.monotonic()
    if not await host.until(b"MODE #den +b", timeout=a.seconds):
        return
    a.figures["MODE +b answered after s"] = round(time.monotonic() - sent, 2)
    for written in itertools.count(1):  # each line they write is checked against the bans
        if a.over():
            return
        victim.send(b"PRIVMSG #den :still here\r\n")
        a.figures["lines by the person the mask covers"] = written
        a.figures["of them relayed"] = host.counts[said]
        await asyncio.sleep(0.5)


async def connections(a: Attack) -> None:
    made = await asyncio.gather(*(a.person(f"c{i}") for i in range(a.connections)))
    a.figures["registered"] = sum(1 for c in made if c is not None)
    while not a.over():
        await asyncio.sleep(0.2)


async def slowloris(a: Attack) -> None:
    async def one(i: int) -> None:
        try:
            conn = a.keep(await Conn.open(a.port))
        except (OSError, TimeoutError):
            a.failed += 1
            return
        for byte in b"NICK slow%d\r\nUSER slow 0 * :s" % i:
            if a.over():
                return
            conn.send(bytes((byte,)))
            await asyncio.sleep(1.0)

    await asyncio.gather(*(one(i) for i in range(a.connections)))


async def churn(a: Attack) -> None:
    a.figures["registrations"] = 0

    async def worker(w: int) -> None:
        for k in range(a.lines):
            if a.over():
                return
            try:
                conn = await Conn.open(a.port)
            except (OSError, TimeoutError):
                a.failed += 1
                continue
            try:
                if await conn.register(f"ch{w}x{k}"):
                    a.figures["registrations"] = int(a.figures["registrations"]) + 1
                conn.send(b"QUIT :bye\r\n")
                await asyncio.wait_for(conn.writer.drain(), SETUP_TIMEOUT_S)
            finally:
                conn.cut()

    await asyncio.gather(*(worker(w) for w in range(a.connections)))


GUESSES_PER_LINE = 32
"""`JOIN #locked,#locked,... k1,k2,...`: one 512-byte line tries this many keys."""


def _registrations(a: Attack) -> None:
    a.figures["registrations/s"] = round(int(a.figures["registrations"]) / a.elapsed(), 1)


async def room_key(a: Attack) -> None:
    conns = await a.crowd(lambda i: f"pw{i}")
    for c in conns:
        c.watch(b" 475 ", b"JOIN :#locked", b"JOIN #locked")
    rooms = b",".join([b"#locked"] * GUESSES_PER_LINE)

    def guesser(i: int) -> Callable[[int], bytes]:
        def line(k: int) -> bytes:
            first = (k * len(conns) + i) * GUESSES_PER_LINE
            keys = b",".join(b"%06d" % ((first + g) % 1_000_000) for g in range(GUESSES_PER_LINE))
            return b"JOIN %s %s\r\n" % (rooms, keys)

        return line

    await asyncio.gather(*(c.flood(guesser(i), a.lines, a) for i, c in enumerate(conns)))


def _guesses(a: Attack) -> None:
    wrong = sum(c.counts.get(b" 475 ", 0) for c in a.conns)
    _rate(a, wrong, [(c, p) for c in a.conns for p in (b"JOIN :#locked", b"JOIN #locked")])


async def oper_guess(a: Attack) -> None:
    conns = await a.crowd(lambda i: f"op{i}")
    for c in conns:
        c.watch(b" 464 ", b" 381 ")

    def guesser(i: int) -> Callable[[int], bytes]:
        return lambda k: b"OPER teacher %06d\r\n" % ((k * len(conns) + i) % 1_000_000)

    await asyncio.gather(*(c.flood(guesser(i), a.lines, a) for i, c in enumerate(conns)))


def _oper_guesses(a: Attack) -> None:
    _rate(a, sum(c.counts.get(b" 464 ", 0) for c in a.conns), [(c, b" 381 ") for c in a.conns])


async def server_password(a: Attack) -> None:
    """A new connection for each guess: a wrong PASS ends the connection."""
    tried = itertools.count()

    async def worker(w: int) -> None:
        for _ in range(a.lines):
            if a.over():
                return
            guess = next(tried) % 1_000_000
            try:
                conn = await Conn.open(a.port, watch=(b" 464 ", b" 001 "))
            except (OSError, TimeoutError):
                a.failed += 1
                continue
            a.conns.append(conn)
            conn.send(b"PASS %06d\r\nNICK pg%d\r\nUSER pg 0 * :pg\r\n" % (guess, w))
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(asyncio.shield(conn.task), 2.0)
            if not conn.counts[b" 001 "]:
                a.conns.remove(conn)
                a.answered += conn.counts[b" 464 "]
                conn.cut()

    await asyncio.gather(*(worker(w) for w in range(a.connections)))


def _password_guesses(a: Attack) -> None:
    _rate(a, a.answered, [(c, b" 001 ") for c in a.conns])


def _rate(a: Attack, wrong: int, success: list[tuple[Conn, bytes]]) -> None:
    """Wrong guesses a second, when the right one came, and how long all 1,000,000 take."""
    found = [c.first_seen[p] for c, p in success if p in c.first_seen]
    a.figures["wrong guesses answered"] = wrong
    a.figures["guesses/s"] = round(wrong / a.elapsed(), 1)
    a.figures["key found after s"] = round(min(found) - a.started, 2) if found else "no"
    if wrong:
        a.figures["all 1,000,000 keys in s"] = round(1_000_000 / (wrong / a.elapsed()))


async def raw_close(a: Attack) -> None:
    spy = await a.person("spy", room="#bench")
    flooder = await a.person("flooder", room="#bench")
    if spy is None or flooder is None:
        return
    spy.watch(b":flooder!", b" QUIT ")
    flooder.send(b"".join(b"PRIVMSG #bench :left %d %s\r\n" % (k, PAD) for k in range(a.lines)))
    flooder.writer.close()  # what is still buffered is written, then the socket closes
    with contextlib.suppress(OSError, TimeoutError):
        await asyncio.wait_for(flooder.writer.wait_closed(), a.seconds)
    a.figures["lines written"] = a.lines
    a.figures["closed after s"] = round(a.elapsed(), 2)
    a.figures["relayed before it closed"] = spy.counts[b":flooder!"]
    await spy.until(b" QUIT ", timeout=a.seconds)


def _after_close(a: Attack) -> None:
    spy = a.named.get("spy")
    if spy is None:
        return
    before = int(a.figures.get("relayed before it closed", 0))
    a.figures["relayed after it closed"] = spy.counts.get(b":flooder!", 0) - before
    left = spy.first_seen.get(b" QUIT ")
    closed = a.started + float(a.figures.get("closed after s", 0))
    a.figures["left the room s after closing"] = round(left - closed, 2) if left else "never"


ATTACKS: dict[str, tuple[Callable[[Attack], Awaitable[None]], Callable[[Attack], None] | None]] = {
    "privmsg-flood": (privmsg_flood, lambda a: _accepted(a, b"fl")),
    "nick-flood": (nick_flood, _nick_changes),
    "join-flood": (join_flood, _rooms_made),
    "tag-flood": (tag_flood, lambda a: _accepted(a, b"tg")),
    "search-flood": (search_flood, _searches),
    "who-mask": (who_mask, None),
    "ban-mask": (ban_mask, None),
    "connections": (connections, None),
    "slowloris": (slowloris, None),
    "churn": (churn, _registrations),
    "room-key": (room_key, _guesses),
    "oper-guess": (oper_guess, _oper_guesses),
    "server-password": (server_password, _password_guesses),
    "raw-close": (raw_close, _after_close),
}


async def run(name: str, a: Attack) -> dict[str, float | int | str]:
    attack, summarize = ATTACKS[name]
    a.started = time.monotonic()

    async def until_the_end() -> None:
        await attack(a)
        await asyncio.sleep(a.seconds)  # what was written is still being read: stay

    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(until_the_end(), a.seconds)
    a.figures["seconds"] = round(a.elapsed(), 2)
    if summarize is not None:
        summarize(a)
    if name in ("slowloris", "connections"):
        a.figures["still open at the end"] = sum(1 for c in a.conns if not c.closed)
    if a.failed:
        a.figures["connections refused or failed"] = a.failed
    a.figures["closed by the server"] = sum(1 for c in a.conns if c.closed)
    for conn in a.conns:
        conn.cut()
    await asyncio.sleep(0)
    return a.figures


def main() -> int:
    p = argparse.ArgumentParser(
        prog="python -m bench.attackers", description=__doc__.split("\n")[0]
    )
    p.add_argument("name", choices=sorted(ATTACKS))
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--seconds", type=float, default=5.0)
    p.add_argument("--connections", type=int, default=100)
    p.add_argument("--lines", type=int, default=1000, help="lines per connection at most")
    p.add_argument("--out", type=Path, required=True)
    args = p.parse_args()
    with contextlib.suppress(OSError):
        os.nice(10)
    peers.raise_own_nofile()
    attack = Attack(args.port, args.seconds, args.connections, args.lines)
    figures = asyncio.run(run(args.name, attack))
    args.out.write_text(json.dumps(figures), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
