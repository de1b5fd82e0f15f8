"""What the server's loop sends: each connection's waiting lines, sent once per loop turn.

A line to a room is made once (the state's Send names everyone it goes to). Lines a turn
sends one after the other to the same people are kept together as a run, so a burst of room
lines costs each reader one join and one send() at the turn's end (NetLoop.after_each_turn),
not one append per line. At the turn's end each person gets their runs' bytes in order, sent
straight to their socket when nothing of theirs waits from before; a turn that gathers
SENDQ_MAX_BYTES sends at once, so the bounds below hold within a turn too. Whatever a socket
does not take waits in the connection's encoder, watched for writing, within the send
queue's bounds: SENDQ_MAX_BYTES for one person, who is dropped past it ("SendQ exceeded"),
and ADDRESS_SENDQ_MAX_BYTES for one computer, whose connection with the most waiting is
dropped past it. Loop thread only. Never imports tkinter.
"""

import logging
import ssl
from collections.abc import Callable, Iterator

from chatgui import limits
from chatgui.net.admission import Admission
from chatgui.net.loop import NetLoop
from chatgui.net.server_connection import Connection
from chatgui.protocol.framing import framed
from chatgui.protocol.server.outgoing import Send, SendFramed

log = logging.getLogger(__name__)

Run = tuple[list[int], list[bytes]]
"""Framed lines a turn sends, one after the other, to the same connections (in that order)."""

_SOCKET_FULL = (BlockingIOError, InterruptedError, ssl.SSLWantReadError, ssl.SSLWantWriteError)
"""What a non-blocking send() raises when it takes nothing now: the bytes wait for later."""


class Output:
    """The lines written this turn, and the sending of what waits for each connection."""

    def __init__(
        self,
        connections: dict[int, Connection],
        admission: Admission,
        loop: NetLoop,
        drop: Callable[[Connection, str], None],
    ) -> None:
        """`connections`: the server's, by id (read only); `drop(conn, reason)`: the server
        closes a connection and tells the room."""
        self._connections = connections
        self._admission = admission
        self._loop = loop
        self._drop = drop
        self._runs: list[Run] = []  # this turn's lines, in order: sent at its end
        self._gathered = 0  # bytes queued this turn, sent at once past SENDQ_MAX_BYTES
        self._writing: set[int] = set()  # connections watched for writing (output waits)
        self._sending = False  # in send_turn: lines written meanwhile wait for its next round
        loop.after_each_turn(self.send_turn)
        self.before_sending: Callable[[], None] | None = None  # the server's history write

    def queue(self, send: Send | SendFramed) -> None:
        """Keep `send`'s lines for the end of the turn. They join the last run when they go to
        the same people (a room's lines in a row do), so each reader is dealt with once per
        run, not once per line; the order of everyone's lines stays as sent."""
        # framed once, for everyone it goes to
        data = framed(send.line) if isinstance(send, Send) else send.wire
        runs = self._runs
        if runs and runs[-1][0] == send.conns:
            runs[-1][1].append(data)
        else:
            if runs and len(runs[-1][0]) == 1 and len(runs[-1][1]) > 1:
                runs[-1][1][:] = [b"".join(runs[-1][1])]  # one person's replies, one bytes
            runs.append((send.conns, [data]))
        self._gathered += len(data) * len(send.conns)

    def send_if_gathered_too_much(self) -> None:
        """Send the turn's output now when it passed SENDQ_MAX_BYTES."""
        if self._gathered > limits.SENDQ_MAX_BYTES:
            self.send_turn()

    def send_turn(self) -> None:
        """The end of a loop turn: send what the turn wrote, one send() per connection. A
        drop on the way writes to others again (the room hears of it): that goes too, before
        the loop waits, and after what each was already owed, even past SENDQ_MAX_BYTES. One
        that is gone is passed over: connection ids are never used again.

        Most people have nothing waiting from before (their `queued` is 0: Output keeps it
        equal to what their encoder holds), so their bytes go straight to the socket, which
        takes them whole: no buffer is made, nothing is counted or watched."""
        if self._sending:  # a drop on the way wrote to the room: sent after what was owed
            return
        self._sending = True
        try:
            self._send_runs()
        finally:
            self._sending = False

    def _send_runs(self) -> None:
        """Send the turn's runs, and any a drop on the way adds, until none is left."""
        connections = self._connections
        while self._runs:
            if self.before_sending is not None:  # what these lines record is on disk first
                self.before_sending()
            runs, self._runs, self._gathered = self._runs, [], 0
            for conn_ids, data in _per_connection(runs):
                size = len(data)
                direct = size <= limits.SEND_CHUNK_BYTES
                for conn_id in conn_ids:
                    try:
                        conn = connections[conn_id]
                    except KeyError:  # closed since: it is passed over
                        continue
                    sent = 0
                    if direct and conn.queued == 0:
                        try:
                            sent = conn.sock.send(data)
                        except _SOCKET_FULL:
                            pass
                        except OSError as error:
                            self._drop(conn, _lost(error))
                            continue
                        if sent == size:
                            continue
                    self._send_rest(conn, data[sent:] if sent else data)

    def _send_rest(self, conn: Connection, data: bytes) -> None:
        """Add `data` to what waits for `conn` and send it all, as much as the socket takes:
        after older bytes still waiting, a direct send that took only part, or a TLS socket
        that wants to read or write first (it is offered the same bytes again)."""
        try:
            conn.encoder.write_framed(data)
            self.send(conn)
        except Exception:  # a bug met sending to one person ends their connection
            log.exception("error while sending to %d (%s)", conn.id, conn.address)
            self._drop(conn, "Internal server error")

    def send(self, conn: Connection) -> None:
        """Send what waits for `conn`, as much as its socket takes; watch for writing while
        some is left, within the send queue's bounds."""
        try:
            left = conn.encoder.drain(conn.sock.send)
        except _SOCKET_FULL:
            left = len(conn.encoder)
        except OSError as error:
            self._drop(conn, _lost(error))
            return
        if left == 0:
            conn.output = None  # all went: nothing is kept for next time
        if left == conn.queued == 0:  # all went, as before: nothing to count or watch
            return
        self._admission.count_queued(conn)
        if left > limits.SENDQ_MAX_BYTES:
            self._drop(conn, "SendQ exceeded")
        elif self._admission.queued[conn.computer] > limits.ADDRESS_SENDQ_MAX_BYTES:
            self._drop_address_backlog(conn.computer)
        self._watch(conn)

    def forget(self, conn_id: int) -> None:
        """`conn_id` is closed: nothing more is sent to it (its lines in this turn's runs
        are passed over, as it is no longer among the connections)."""
        self._writing.discard(conn_id)

    def _drop_address_backlog(self, computer: str) -> None:
        """Past ADDRESS_SENDQ_MAX_BYTES of output waiting for one computer, its connection
        with the most waiting leaves ("SendQ exceeded"): fifty connections from one computer
        that never read hold no more of the server's memory than a few."""
        while self._admission.queued[computer] > limits.ADDRESS_SENDQ_MAX_BYTES:
            same = [c for c in self._connections.values() if c.computer == computer]
            self._drop(max(same, key=lambda c: c.queued), "SendQ exceeded")

    def _watch(self, conn: Connection) -> None:
        """Always read; watch for writing only while output is waiting (told to the
        selector only when that changes)."""
        if conn.id in self._connections:
            wants_write = conn.waiting() > 0
            if wants_write != (conn.id in self._writing):
                if wants_write:
                    self._writing.add(conn.id)
                else:
                    self._writing.discard(conn.id)
                self._loop.watch(conn.sock, True, wants_write, conn)


def _lost(error: OSError) -> str:
    """Why a connection whose socket failed is dropped, as the room hears it."""
    return f"Connection lost: {error.strerror or error}"


def _per_connection(runs: list[Run]) -> Iterator[tuple[list[int], bytes]]:
    """The connections the turn wrote to, with all their bytes in order: each pair is bytes
    and everyone they go to. One run (a message to a room, or a burst of them from one
    writer) is joined once and shared by everyone; several (two writers, a reply between
    room lines) are put together per connection, each joined only as its turn to be sent
    comes and let go once sent: a turn of a hundred joiners never holds every member's
    joined bytes at once (500 members: ~5 KB each) in the loop's heap."""
    if len(runs) == 1:
        conns, lines = runs[0]
        yield conns, b"".join(lines)
        return
    pieces: dict[int, list[bytes]] = {}
    for conns, lines in runs:
        data = b"".join(lines)
        for conn_id in conns:
            got = pieces.get(conn_id)
            if got is None:
                pieces[conn_id] = [data]
            else:
                got.append(data)
    runs.clear()  # each run's lines are joined now: the pieces alone hold them
    while pieces:
        conn_id, parts = pieces.popitem()
        yield [conn_id], b"".join(parts)
