"""The server's output (net/server_output.py) as one person sees it: whatever a loop turn
writes, to whichever sets of people, each person gets exactly the lines meant for them, in
order, whether their socket takes it at once, in parts over later turns, or they went away.
Real socket pairs and a real NetLoop; the Output is driven on the loop's thread as the
server drives it (queue each Send, send at once past the turn's bound, send at the turn's end).
"""

from __future__ import annotations

import queue
import selectors
import socket
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chatgui import limits
from chatgui.net.admission import Admission
from chatgui.net.loop import NetLoop
from chatgui.net.server_connection import Connection
from chatgui.net.server_output import Output
from chatgui.net.tls_identity import pinning_context, room_identity
from chatgui.protocol.server.model import ServerConfig
from chatgui.protocol.server.outgoing import Send, SendFramed


class OutputRig:
    """`count` people, each a socket pair: the server's end in a Connection, the person's end
    read by the test. Drops are noted as the server would make them (the person is gone)."""

    def __init__(
        self, count: int, rcvbuf: int | None = None, tls: Path | None = None, news: int = 0
    ) -> None:
        """`tls`: a folder for the room's key, to speak TLS over every pair; `news`: bytes of
        padding in the line that tells the others someone left."""
        self._news_pad = b"x" * news
        self.loop = NetLoop("test-output", lambda error: None)
        self.connections: dict[int, Connection] = {}
        self.admission = Admission(ServerConfig())
        self.dropped: dict[int, str] = {}
        self.peers: dict[int, socket.socket] = {}
        for conn_id in range(count):
            ours, theirs = socket.socketpair()
            if rcvbuf is not None:
                theirs.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
                ours.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, rcvbuf)
            if tls is not None:
                ours, theirs = _tls_pair(ours, theirs, tls)
            ours.setblocking(False)
            conn = Connection(conn_id, ours, "127.0.0.1", "127.0.0.1", self._ready)
            self.connections[conn_id] = conn
            self.admission.came_in(conn)
            self.peers[conn_id] = theirs
        self.output = Output(self.connections, self.admission, self.loop, self._drop)
        self._waiting: list[queue.SimpleQueue[bool]] = []
        self.loop.after_each_turn(self._turn_ended)  # after the Output's: its sends are done
        self.loop.start(self._watch_all)

    def _watch_all(self) -> None:
        for conn in self.connections.values():
            self.loop.watch(conn.sock, True, False, conn)

    def _ready(self, conn: Connection, mask: int) -> None:
        if mask & selectors.EVENT_WRITE:
            self.output.send(conn)

    def _drop(self, conn: Connection, reason: str) -> None:
        """As the server drops someone: closed, and everyone left hears of it."""
        if self.connections.pop(conn.id, None) is None:
            return
        self.dropped[conn.id] = reason
        self.admission.went(conn)
        self.output.forget(conn.id)
        self.loop.watch(conn.sock, False, False, lambda mask: None)
        conn.sock.close()
        if self.connections:
            news = b"%d left%s" % (conn.id, self._news_pad)
            self.output.queue(Send(list(self.connections), news))
            self.output.send_if_gathered_too_much()

    def on_loop(self, work: Callable[[], None]) -> None:
        """Run `work` in a loop turn and wait for the turn's end (its output sent)."""
        done: queue.SimpleQueue[bool] = queue.SimpleQueue()

        def turn() -> None:
            work()
            self._waiting.append(done)

        self.loop.submit(turn)
        done.get(timeout=10)

    def _turn_ended(self) -> None:
        while self._waiting:
            self._waiting.pop().put(True)

    def turn(self, sends: list[Send | SendFramed]) -> None:
        """One loop turn that writes `sends`, as ChatServer._apply queues them."""

        def work() -> None:
            for send in sends:
                self.output.queue(send)
                self.output.send_if_gathered_too_much()

        self.on_loop(work)

    def leave(self, conn_id: int) -> None:
        """The person's connection closes mid-turn (the server drops them)."""
        self.on_loop(lambda: self._drop(self.connections[conn_id], "gone"))

    def received(self, conn_id: int, size: int, seconds: float = 10) -> bytes:
        """What person `conn_id` reads until `size` bytes came, or `seconds` passed."""
        peer = self.peers[conn_id]
        peer.settimeout(0.05)
        got = bytearray()
        deadline = time.monotonic() + seconds
        while len(got) < size and time.monotonic() < deadline:
            try:
                chunk = peer.recv(65536)
            except TimeoutError:
                continue
            if not chunk:
                break
            got += chunk
        return bytes(got)

    def close(self) -> None:
        self.loop.stop(5)
        for conn in self.connections.values():
            conn.sock.close()
        for peer in self.peers.values():
            peer.close()  # again, for a peer a test closed: harmless


def _tls_pair(ours: socket.socket, theirs: socket.socket, folder: Path) -> tuple[Any, Any]:
    """The pair wrapped in TLS as the room and a client speak it, its handshake done."""
    server_context = room_identity(folder).server_context()
    server_side = server_context.wrap_socket(ours, server_side=True, do_handshake_on_connect=False)
    shaking = threading.Thread(target=server_side.do_handshake)
    client_side = pinning_context().wrap_socket(theirs, do_handshake_on_connect=False)
    shaking.start()
    client_side.do_handshake()
    shaking.join(5)
    return server_side, client_side


PEOPLE = 5
AUDIENCE = st.one_of(  # a room (a writer without echo left out), a private line, anyone
    st.sampled_from([[0, 1, 2, 3, 4], [1, 2, 3, 4], [0, 2, 3, 4], [3], [0, 3]]),
    st.lists(st.integers(0, PEOPLE - 1), min_size=1, max_size=PEOPLE, unique=True),
)
TEXT = st.binary(min_size=1, max_size=40).map(lambda b: b.replace(b"\r", b"").strip(b"\n"))
TURN = st.lists(  # one loop turn: Sends to any sets of people, in any order, lines written as
    st.one_of(  # one piece to one person (a welcome: SendFramed), or a departure
        st.tuples(AUDIENCE, TEXT),
        st.tuples(st.integers(0, PEOPLE - 1), st.lists(TEXT, min_size=1, max_size=4)),
        st.integers(0, PEOPLE - 1),
    ),
    max_size=12,
)


def _holds_no_buffer(conn: Connection) -> bool:
    """Nothing waits, and no encoder (nor its list or bytearray) is kept for later."""
    return conn.output is None


@settings(max_examples=80, deadline=None)
@given(st.lists(TURN, min_size=1, max_size=6), st.integers(0, 6), st.integers(0, PEOPLE - 1))
def test_each_person_gets_exactly_their_lines_in_order(
    turns: list[list[tuple[list[int], bytes] | tuple[int, list[bytes]] | int]],
    breaks_at: int,
    broken: int,
) -> None:
    """Turns of Sends to different sets of people (the writer left out of some, a private
    line between two room lines) and of lines written as one piece to one person (a
    welcome): each person reads the lines sent to them, each once, in the order they were
    sent. A person who leaves gets nothing after, and the others hear of it
    after the lines they were sent before, also when it is found on the way (person `broken`
    closes their end before turn `breaks_at`: the send to them fails while others wait)."""
    rig = OutputRig(PEOPLE)
    expected: dict[int, bytearray] = {conn_id: bytearray() for conn_id in range(PEOPLE)}
    gone: set[int] = set()
    closed_end: list[int] = []  # the broken person, once their end is closed
    number = 0

    def turn(sends: list[Send | SendFramed]) -> None:
        rig.turn(sends)
        if any(conn_id in send.conns for send in sends for conn_id in closed_end):
            left(broken)  # found at this turn's end, after everyone's lines of the turn

    def left(conn_id: int) -> None:
        if conn_id in gone:
            return
        gone.add(conn_id)
        for other in range(PEOPLE):
            if other not in gone:
                expected[other] += b"%d left\r\n" % conn_id
        if closed_end and broken not in gone:
            left(broken)  # the news of it went to the broken person too

    try:
        for index, steps in enumerate(turns):
            if index == breaks_at:
                rig.peers[broken].close()
                closed_end.append(broken)
            sends: list[Send | SendFramed] = []
            for step in steps:
                if isinstance(step, int):  # a departure ends what was gathered so far
                    turn(sends)
                    sends = []
                    if step not in gone:
                        rig.leave(step)
                        left(step)
                    continue
                if isinstance(step[0], int):  # lines written as one piece, to one person
                    person, texts = step
                    wire = b""
                    for text in texts:
                        wire += b"%d %s\r\n" % (number, text.replace(b"\n", b"."))
                        number += 1
                    sends.append(SendFramed([person], wire))
                    if person not in gone:
                        expected[person] += wire
                    continue
                conns, text = step
                line = b"%d %s" % (number, text.replace(b"\n", b"."))
                number += 1
                sends.append(Send(list(conns), line))
                for conn_id in conns:
                    if conn_id not in gone:
                        expected[conn_id] += line + b"\r\n"
            turn(sends)
        for conn_id in range(PEOPLE):
            if conn_id not in gone and conn_id not in closed_end:
                got = rig.received(conn_id, len(expected[conn_id]), seconds=5)
                assert got == bytes(expected[conn_id])
        assert all(_holds_no_buffer(conn) for conn in rig.connections.values())
    finally:
        rig.close()


@pytest.mark.parametrize("tls", [False, True], ids=["plain", "tls"])
def test_output_a_socket_takes_in_parts_arrives_whole_and_in_order(
    tls: bool, tmp_path: Path
) -> None:
    """Turns of large lines to a person whose socket takes a few KB at a time: the rest waits
    (watched for writing) and follows in order as they read, while the others get theirs at
    once; when all went, the person holds no buffer again.

        turn n: Send([slow, quick], b"<n> <8000 x>")   x 40 turns (320 KB, under SENDQ_MAX_BYTES)
        slow reads all 40 lines in order after the last turn; quick read each as it came

    Over TLS the socket says "want write" instead of taking part: the same bytes are
    offered again when it can take them.
    """
    rig = OutputRig(2, rcvbuf=4096, tls=tmp_path / "key" if tls else None)
    slow, quick = 0, 1
    pad = b"x" * 8000
    lines = [b"%d %s" % (n, pad) for n in range(40)]
    whole = b"".join(line + b"\r\n" for line in lines)
    assert len(whole) < limits.SENDQ_MAX_BYTES
    try:
        quick_got = bytearray()
        for line in lines:
            rig.turn([Send([slow, quick], line)])
            quick_got += rig.received(quick, len(line) + 2)
        assert bytes(quick_got) == whole
        assert rig.connections[slow].queued > 0  # some of it waits for the slow reader
        assert rig.received(slow, len(whole)) == whole
        rig.on_loop(lambda: None)  # a turn after the last write readiness
        assert _holds_no_buffer(rig.connections[slow])
        assert rig.connections[slow].queued == 0
        assert rig.admission.queued["127.0.0.1"] == 0
        assert not rig.dropped
    finally:
        rig.close()


def test_a_turn_past_the_send_queue_bound_drops_the_person_who_does_not_read() -> None:
    """One loop turn writing far past SENDQ_MAX_BYTES to someone who never reads: they leave
    with "SendQ exceeded" before the turn has written much past the bound, and the person
    sent to between those lines gets theirs in order, with the news of it where it happened.

        one turn: Send([frozen], b"<n> <1000 x>"), Send([reader], b"<n>")   x 3000 (3 MB)
        reader reads 0 .. n, "0 left", n+1 .. 2999
    """
    rig = OutputRig(2, rcvbuf=4096)
    frozen, reader = 0, 1
    queued_at_drop: list[int] = []

    def flood() -> None:
        for n in range(3000):
            rig.output.queue(Send([frozen], b"%d %s" % (n, b"x" * 1000)))
            rig.output.queue(Send([reader], b"%d" % n))
            rig.output.send_if_gathered_too_much()
            if frozen in rig.dropped and not queued_at_drop:
                queued_at_drop.append(n)

    try:
        rig.on_loop(flood)
        lines = [b"%d" % n for n in range(3000)]
        lines.insert(queued_at_drop[0] + 1, b"0 left")
        expected = b"".join(line + b"\r\n" for line in lines)
        assert rig.received(reader, len(expected)) == expected
        assert rig.dropped == {frozen: "SendQ exceeded"}
        assert queued_at_drop[0] * 1000 < 2 * limits.SENDQ_MAX_BYTES
    finally:
        rig.close()


def test_news_of_a_drop_past_the_turns_bound_comes_after_what_the_turn_sent() -> None:
    """Sending to a person whose end is closed drops them mid-send, and the room's news of it
    is big enough to be sent at once (past SENDQ_MAX_BYTES gathered): everyone still gets the
    turn's line first, the news after.

        gone closed their end; one turn: Send([gone, ana, ben], b"hello")
        ana, ben read  hello, then "0 left <600 KB>"
    """
    rig = OutputRig(3, news=600_000)
    gone, ana, ben = 0, 1, 2
    rig.peers[gone].close()
    news = b"0 left" + b"x" * 600_000 + b"\r\n"
    try:
        rig.turn([Send([gone, ana, ben], b"hello")])
        for person in (ana, ben):
            assert rig.received(person, 7 + len(news)) == b"hello\r\n" + news
        assert rig.dropped == {gone: "Connection lost: Broken pipe"}
    finally:
        rig.close()
