"""The load generator: many chat clients on one thread and one selectors loop.

Every client is a non-blocking socket from its own loopback source address (127.1.x.y, one
per "lab PC": the seed keys people by address, and chatgui allows at most 200 connections
per address), always to 127.0.0.1. IRC clients send NICK/USER, wait for 001, JOIN #bench
and wait for 366. Raw clients (the seed chatroom) count as joined when the room announces
their address ("<ip> has just joined the chatroom.").

A message carries its sender, a sequence number and the time it was written
(time.perf_counter_ns() in this process), so one clock measures the whole trip:

With a TLS context, the IRC clients speak TLS (bench/tls_wire.py); registration then
counts from the TCP connect, through the handshake, to 001.

    IRC:  PRIVMSG #bench :~B <seq> <sender> <t_ns> <padding>
    raw:  ~B <seq> <sender> <t_ns> <padding>\\n

Each receiver keeps a bitmap per sender, so a delivery is counted once (a second copy is a
duplicate) and one that arrives after a later one from the same sender is "reordered". A
payload whose fields or padding don't match is "corrupt" (the seed can splice two messages).
"""

from __future__ import annotations

import errno
import heapq
import itertools
import selectors
import socket
import ssl
import time
from array import array
from collections import Counter
from collections.abc import Callable

from bench.tls_wire import TlsWire

MARK = b"~B "
CHANNEL = b"#bench"
READ = selectors.EVENT_READ
WRITE = selectors.EVENT_WRITE

CONNECTING, REGISTERING, JOINING, READY, CLOSED = range(5)


def source_address(index: int) -> str:
    """A distinct loopback address for client `index` (127.1.0.1, 127.1.0.2, ...)."""
    return f"127.1.{index // 250}.{index % 250 + 1}"


class Client:
    """One simulated person; lives on the generator's loop."""

    __slots__ = (
        "error",
        "gen",
        "idx",
        "join",
        "last",
        "mask",
        "nick",
        "notice",
        "rbuf",
        "seen",
        "sock",
        "src",
        "state",
        "t_ready",
        "t_registered",
        "t_start",
        "tls",
        "wbuf",
    )

    def __init__(self, gen: LoadGen, idx: int, join: bool) -> None:
        self.gen = gen
        self.idx = idx
        self.src = source_address(idx)
        self.nick = b"b%d" % idx
        self.notice = b"%s has just joined the chatroom." % self.src.encode()
        self.join = join
        self.state = CONNECTING
        self.sock: socket.socket | None = None
        self.tls: TlsWire | None = None
        self.mask = 0
        self.rbuf = b""
        self.wbuf = bytearray()
        self.seen: dict[int, bytearray] = {}
        self.last: dict[int, int] = {}
        self.t_start = 0
        self.t_registered = 0
        self.t_ready = 0
        self.error = ""

    # --- socket events ---

    def on_event(self, mask: int) -> None:
        if self.state == CONNECTING:
            self._connected()
            return
        if mask & WRITE and self.wbuf:
            self._flush()
        if mask & READ and self.state != CLOSED:
            self._read()

    def _connected(self) -> None:
        assert self.sock is not None
        err = self.sock.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)
        if err:
            self.fail(f"connect: {errno.errorcode.get(err, err)}")
            return
        self.state = REGISTERING
        self._set_mask(READ)
        if self.gen.tls is not None:
            self.tls = TlsWire(self.gen.tls)
            self._send(self.tls.start())
        if not self.gen.raw:
            login = b"NICK %s\r\nUSER %s 0 * :bench\r\n" % (self.nick, self.nick)
            self.write(self.gen.pass_line + login)

    def _read(self) -> None:
        assert self.sock is not None
        try:
            data = self.sock.recv(262144)
        except (BlockingIOError, InterruptedError):
            return
        except OSError as error:
            self.fail(f"recv: {error}")
            return
        now = time.perf_counter_ns()
        if not data:
            self.fail("the server closed the connection")
            return
        if self.tls is not None:
            try:
                data, reply = self.tls.received(data)
            except ssl.SSLError as error:
                self.fail(f"TLS: {error}")
                return
            if reply:
                self._send(reply)
            if not data:
                return
        if self.gen.raw:
            self._raw(data, now)
        else:
            self._irc(data, now)

    def _irc(self, data: bytes, now: int) -> None:
        if self.rbuf:
            data = self.rbuf + data
        lines = data.split(b"\n")
        self.rbuf = lines.pop()
        payload = self.gen.payload
        for line in lines:
            i = line.find(MARK)
            if i >= 0:
                payload(self, line, i, now)
            else:
                self._control(line, now)

    def _control(self, line: bytes, now: int) -> None:
        if line.startswith(b"PING"):
            self.write(b"PONG" + line[4:].rstrip(b"\r") + b"\r\n")
            return
        if line.startswith(b"ERROR"):
            self.error = line.decode("utf-8", "replace").strip()
            return
        words = line.split(b" ", 3)
        if len(words) < 3:
            return
        code = words[1]
        if self.state == REGISTERING and code == b"001":
            self.t_registered = now
            if self.join:
                self.state = JOINING
                self.write(b"JOIN %s\r\n" % CHANNEL)
            else:
                self.state = READY
                self.t_ready = now
        elif self.state == JOINING and code == b"366":
            self.state = READY
            self.t_ready = now
        elif len(code) == 3 and code[:1] in b"45" and code.isdigit() and code != b"422":
            # 422: no MOTD, not an error. Key by code and text, without the nick.
            text = words[3] if len(words) > 3 else b""
            self.gen.numeric_errors[
                (code + b" " + text.strip()).decode("utf-8", "replace")[:120]
            ] += 1

    def _raw(self, data: bytes, now: int) -> None:
        if self.state != READY:
            buf = self.rbuf + data
            j = buf.find(self.notice)
            if j < 0:
                self.rbuf = buf[-len(self.notice) :]
                return
            self.state = READY
            self.t_registered = self.t_ready = now
            data = buf[j + len(self.notice) :]
            self.rbuf = b""
        elif self.rbuf:
            data = self.rbuf + data
        lines = data.split(b"\n")
        rest = lines.pop()
        # Notices have no line ending; keep only what may start the next payload.
        k = rest.rfind(b"~")
        self.rbuf = rest[k:] if k >= 0 else b""
        payload = self.gen.payload
        for line in lines:
            i = line.rfind(MARK)
            if i < 0:
                self.gen.corrupt += 1  # the tail of a payload cut by the seed's recv(1024)
                continue
            if i and line.count(MARK) > 1:
                self.gen.corrupt += line.count(MARK) - 1  # heads of cut payloads, spliced
            payload(self, line, i, now)

    # --- writing ---

    def write(self, data: bytes) -> None:
        if self.tls is not None:
            data = self.tls.wrap(data)
        if data:
            self._send(data)

    def _send(self, data: bytes) -> None:
        if self.state == CLOSED or self.sock is None:
            return
        if self.wbuf:
            self.wbuf += data
            return
        try:
            sent = self.sock.send(data)
        except (BlockingIOError, InterruptedError):
            sent = 0
        except OSError as error:
            self.fail(f"send: {error}")
            return
        if sent < len(data):
            self.wbuf += data[sent:]
            self._set_mask(READ | WRITE)

    def _flush(self) -> None:
        assert self.sock is not None
        try:
            sent = self.sock.send(self.wbuf)
        except (BlockingIOError, InterruptedError):
            return
        except OSError as error:
            self.fail(f"send: {error}")
            return
        del self.wbuf[:sent]
        if not self.wbuf:
            self._set_mask(READ)
            self.gen.drained(self)

    def _set_mask(self, mask: int) -> None:
        if mask != self.mask and self.sock is not None:
            self.gen.sel.modify(self.sock, mask, self)
            self.mask = mask

    def fail(self, why: str) -> None:
        if self.state == CLOSED:
            return
        if self.state != READY:
            self.gen.failures[why if not self.error else f"{why} ({self.error})"] += 1
        elif not self.gen.closing:
            self.gen.dropped[why if not self.error else f"{why} ({self.error})"] += 1
        self.error = self.error or why
        self.state = CLOSED
        self.close()

    def close(self) -> None:
        if self.sock is not None:
            self.gen.sel.unregister(self.sock)
            self.sock.close()
            self.sock = None


class LoadGen:
    """The clients, their loop, and what they measured. Single-threaded; not reentrant."""

    def __init__(
        self,
        port: int,
        raw: bool,
        pad: int = 40,
        max_seq: int = 20000,
        host: str = "127.0.0.1",
        password: str = "",
        tls: ssl.SSLContext | None = None,
    ) -> None:
        self.host = host
        self.tls = tls
        self.pass_line = b"PASS %s\r\n" % password.encode() if password else b""
        self.port = port
        self.raw = raw
        self.sel = selectors.DefaultSelector()
        self.clients: list[Client] = []
        self.pad = b"x" * pad
        self.pad_cr = self.pad + b"\r"
        self.prefix = b"" if raw else b"PRIVMSG %s :" % CHANNEL
        self.eol = b"\n" if raw else b"\r\n"
        self.max_seq = max_seq
        self.sent: list[int] = []
        self.acked: list[int] = []
        self.timers: list[tuple[float, int, Callable[[], None]]] = []
        self._order = itertools.count()
        self.failures: Counter[str] = Counter()
        self.dropped: Counter[str] = Counter()
        self.numeric_errors: Counter[str] = Counter()
        self.closing = False
        # flow control for "as fast as the server delivers"
        self.observer: Client | None = None
        self.window = 0
        self.pumping = False
        self.progress_at: list[float] = []
        self.reset_stats()

    def reset_stats(self) -> None:
        self.lat = array("q")
        self.delivered = 0
        self.dups = 0
        self.reordered = 0
        self.corrupt = 0
        self.echoes = 0
        self.total_sent = 0
        self.first_send_ns = 0
        self.last_delivery_ns = 0

    # --- connections ---

    def connect(self, count: int, join: bool = True) -> list[Client]:
        """Open `count` more connections at once; they register (and join) on the loop."""
        made = []
        for _ in range(count):
            client = Client(self, len(self.clients), join)
            self.clients.append(client)
            self.sent.append(0)
            self.acked.append(-1)
            self.progress_at.append(0.0)
            made.append(client)
            sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            sock.setblocking(False)
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            try:
                sock.bind((client.src, 0))
            except OSError as error:
                sock.close()
                client.state = CLOSED
                self.failures[f"bind {client.src}: {error}"] += 1
                continue
            client.sock = sock
            client.t_start = time.perf_counter_ns()
            err = sock.connect_ex((self.host, self.port))
            client.mask = WRITE
            self.sel.register(sock, WRITE, client)
            if err not in (0, errno.EINPROGRESS):
                client.fail(f"connect: {errno.errorcode.get(err, err)}")
        return made

    def settled(self, clients: list[Client]) -> bool:
        return all(c.state in (READY, CLOSED) for c in clients)

    def close_all(self) -> None:
        self.closing = True
        for client in self.clients:
            client.state = CLOSED
            client.close()

    # --- the loop ---

    def call_at(self, when: float, callback: Callable[[], None]) -> None:
        heapq.heappush(self.timers, (when, next(self._order), callback))

    def run_until(self, done: Callable[[], bool] | None, timeout_s: float) -> bool:
        """Run the loop until done() is true (checked after every event batch) or time is up."""
        deadline = time.perf_counter() + timeout_s
        select = self.sel.select
        timers = self.timers
        while True:
            if done is not None and done():
                return True
            now = time.perf_counter()
            if now >= deadline:
                return False
            wait = deadline - now
            if timers:
                wait = min(wait, max(0.0, timers[0][0] - now))
            if self.sel.get_map():
                events = select(wait)
            else:
                time.sleep(wait)
                events = []
            for key, mask in events:
                key.data.on_event(mask)
            now = time.perf_counter()
            while timers and timers[0][0] <= now:
                heapq.heappop(timers)[2]()

    # --- messages ---

    def send_message(self, client: Client) -> None:
        seq = self.sent[client.idx]
        if seq >= self.max_seq:
            return
        self.sent[client.idx] = seq + 1
        self.total_sent += 1
        now = time.perf_counter_ns()
        if not self.first_send_ns:
            self.first_send_ns = now
        body = b"%s%d %d %d %s" % (MARK, seq, client.idx, now, self.pad)
        client.write(self.prefix + body + self.eol)

    def payload(self, client: Client, line: bytes, i: int, now: int) -> None:
        parts = line[i + 3 :].split(b" ", 3)
        try:
            seq = int(parts[0])
            sender = int(parts[1])
            sent_at = int(parts[2])
            pad = parts[3]
        except (ValueError, IndexError):
            self.corrupt += 1
            return
        if (pad != self.pad and pad != self.pad_cr) or not 0 <= seq < self.max_seq:
            self.corrupt += 1
            return
        if sender == client.idx:
            self.echoes += 1  # the seed sends everything back to its sender too
            return
        seen = client.seen.get(sender)
        if seen is None:
            seen = client.seen[sender] = bytearray(1024)
        if seq >= len(seen):  # grown as messages come, not max_seq bytes per pair at once
            seen.extend(bytes(min(self.max_seq, 2 * seq + 2) - len(seen)))
        if seen[seq]:
            self.dups += 1
            return
        seen[seq] = 1
        if seq < client.last.get(sender, -1):
            self.reordered += 1
        else:
            client.last[sender] = seq
        self.delivered += 1
        self.last_delivery_ns = now
        self.lat.append(now - sent_at)
        if client is self.observer and seq > self.acked[sender]:
            self.acked[sender] = seq
            self.progress_at[sender] = time.perf_counter()
            if self.pumping:
                self.pump(self.clients[sender])

    # --- paced senders: one message every 1/rate s ---

    def start_paced(self, senders: list[Client], rate_hz: float, count: int) -> None:
        """Each sender sends `count` messages, one every 1/rate_hz s, the senders staggered."""
        interval = 1.0 / rate_hz
        start = time.perf_counter() + 0.02
        for k, client in enumerate(senders):
            self._paced(client, start + interval * k / len(senders), interval, count)

    def _paced(self, client: Client, when: float, interval: float, left: int) -> None:
        def fire() -> None:
            if client.state == READY:
                self.send_message(client)
            if left > 1:
                self._paced(client, when + interval, interval, left - 1)

        self.call_at(when, fire)

    # --- windowed senders: as fast as the server delivers ---

    def start_window(self, senders: list[Client], observer: Client, window: int) -> None:
        """Senders keep at most `window` messages that `observer` has not received yet."""
        self.observer = observer
        self.window = window
        self.pumping = True
        now = time.perf_counter()
        for client in senders:
            self.progress_at[client.idx] = now
            self.pump(client)
        self._watch_stalls(senders)

    def stop_window(self) -> None:
        self.pumping = False

    def pump(self, client: Client) -> None:
        idx = client.idx
        while (
            client.state == READY
            and not client.wbuf
            and self.sent[idx] - self.acked[idx] - 1 < self.window
            and self.sent[idx] < self.max_seq
        ):
            self.send_message(client)

    def drained(self, client: Client) -> None:
        if self.pumping:
            self.pump(client)

    def _watch_stalls(self, senders: list[Client]) -> None:
        """A sender whose window saw no delivery for 2 s gives up on it (the loss is counted)."""

        def check() -> None:
            if not self.pumping:
                return
            now = time.perf_counter()
            for client in senders:
                if now - self.progress_at[client.idx] > 2.0:
                    self.acked[client.idx] = self.sent[client.idx] - 1
                    self.progress_at[client.idx] = now
                    self.pump(client)
            self.call_at(now + 0.5, check)

        self.call_at(time.perf_counter() + 0.5, check)


def percentiles(values: array[int], scale: float = 1e-6) -> tuple[float, float, float] | None:
    """(p50, p99, max) of `values` times `scale` (ns to ms by default), or None when empty."""
    if not values:
        return None
    ordered = sorted(values)
    last = len(ordered) - 1
    return (
        ordered[round(0.50 * last)] * scale,
        ordered[round(0.99 * last)] * scale,
        ordered[last] * scale,
    )
