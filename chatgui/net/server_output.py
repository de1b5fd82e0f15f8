"""What the server's loop sends: each connection's waiting lines, sent once per loop turn.

A line to a room is made once (the state's Send names everyone it goes to) and added to each
member's buffer; at the end of the loop's turn (NetLoop.after_each_turn) each connection
written to gets one send() with all of it. A turn that gathers SENDQ_MAX_BYTES sends at once,
so the bounds below hold within a turn too. Whatever a socket does not take waits, watched
for writing, within the send queue's bounds: SENDQ_MAX_BYTES for one person, who is dropped
past it ("SendQ exceeded"), and ADDRESS_SENDQ_MAX_BYTES for one computer, whose connection
with the most waiting is dropped past it. Loop thread only. Never imports tkinter.
"""

import logging
import ssl
from collections.abc import Callable

from chatgui import limits
from chatgui.net.admission import Admission
from chatgui.net.loop import NetLoop
from chatgui.net.server_connection import Connection
from chatgui.protocol.framing import framed
from chatgui.protocol.server.model import Send

log = logging.getLogger(__name__)


class Output:
    """The connections written to this turn, and the sending of what waits for them."""

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
        self._unsent: set[int] = set()  # connections written to this turn: sent at its end
        self._gathered = 0  # bytes queued this turn, sent at once past SENDQ_MAX_BYTES
        self._writing: set[int] = set()  # connections watched for writing (output waits)
        loop.after_each_turn(self.send_turn)

    def queue(self, send: Send) -> None:
        """Add `send`'s line to the buffer of each connection it goes to that is still here.
        A room's line goes to every member, so each costs one look-up and one append; they
        are marked to be sent all at once (one that is gone is passed over at the turn's end)."""
        find = self._connections.get
        data = framed(send.line)  # once, for everyone it goes to
        for conn_id in send.conns:
            conn = find(conn_id)
            if conn is not None:
                conn.encoder.write_framed(data)
        self._unsent.update(send.conns)
        self._gathered += len(data) * len(send.conns)

    def send_if_gathered_too_much(self) -> None:
        """Send the turn's output now when it passed SENDQ_MAX_BYTES."""
        if self._gathered > limits.SENDQ_MAX_BYTES:
            self.send_turn()

    def send_turn(self) -> None:
        """The end of a loop turn: send what the turn wrote, one send() per connection (a
        drop on the way writes to others again: they go too, before the loop waits)."""
        while self._unsent:
            unsent, self._unsent, self._gathered = self._unsent, set(), 0
            for conn_id in unsent:
                conn = self._connections.get(conn_id)  # ids are never used again
                if conn is None:
                    continue
                try:
                    self.send(conn)
                except Exception:  # a bug met sending to one person ends their connection
                    log.exception("error while sending to %d (%s)", conn.id, conn.address)
                    self._drop(conn, "Internal server error")

    def send(self, conn: Connection) -> None:
        """Send what waits for `conn`, as much as its socket takes; watch for writing while
        some is left, within the send queue's bounds."""
        try:
            left = conn.encoder.drain(conn.sock.send)
        except (BlockingIOError, InterruptedError, ssl.SSLWantReadError, ssl.SSLWantWriteError):
            left = len(conn.encoder)
        except OSError as error:
            self._drop(conn, f"Connection lost: {error.strerror or error}")
            return
        if left == conn.queued == 0:  # all went, as before: nothing to count or watch
            return
        self._admission.count_queued(conn)
        if left > limits.SENDQ_MAX_BYTES:
            self._drop(conn, "SendQ exceeded")
        elif self._admission.queued[conn.computer] > limits.ADDRESS_SENDQ_MAX_BYTES:
            self._drop_address_backlog(conn.computer)
        self._watch(conn)

    def forget(self, conn_id: int) -> None:
        """`conn_id` is closed: nothing more is sent to it."""
        self._unsent.discard(conn_id)
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
            wants_write = len(conn.encoder) > 0
            if wants_write != (conn.id in self._writing):
                if wants_write:
                    self._writing.add(conn.id)
                else:
                    self._writing.discard(conn.id)
                self._loop.watch(conn.sock, True, wants_write, conn)
