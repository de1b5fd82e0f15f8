"""ChatServer: the room's listening sockets and connections, on one NetLoop thread.

It moves bytes between sockets and the sans-IO ServerState, and enforces what only the
network layer can: connection counts (per address; the last places kept for computers with
few connections, and a few over every cap for the host's own window: admission.py), the send
queue of a person who stopped reading, flood control by waiting before handling a person's
next line, and closing. A waiting person's socket is still read, so a close is seen at once,
and their unhandled input is bounded, per connection and per address ("Excess flood"). What a
loop turn writes to a connection is sent at the turn's end, in one send() (server_output.py).
The history's entries, on disk before anyone has them, are handed from here to its writer
thread (server_history.py). No thread per person. Never imports tkinter.
"""

import contextlib
import logging
import queue
import secrets
import selectors
import socket
import ssl
import time
from collections import deque
from dataclasses import replace
from functools import partial
from pathlib import Path

from chatgui import limits
from chatgui.events import (
    ChatEvent,
    HistoryStatus,
    HostWarning,
    RoomsOpen,
    ServerFailed,
    ServerStarted,
    ServerStopped,
    WorkerCrashed,
)
from chatgui.net.admission import Admission
from chatgui.net.listening import (
    NODELAY_HANDED_DOWN,
    accept_waiting,
    listen_on,
    listen_tls_on,
    local_addresses,
    refuse,
    why_not_listening,
)
from chatgui.net.loop import NetLoop, Timer
from chatgui.net.server_connection import Connection, input_size
from chatgui.net.server_history import ServerHistory
from chatgui.net.server_output import Output
from chatgui.net.tls_handshakes import Handshakes
from chatgui.net.tls_identity import TlsIdentity
from chatgui.protocol import names, numerics
from chatgui.protocol.framing import LineEncoder, LineTooLong
from chatgui.protocol.server.host_key import HOST_KEY_ALPHABET
from chatgui.protocol.server.model import ServerConfig
from chatgui.protocol.server.one_copy import one_copy
from chatgui.protocol.server.outgoing import Alert, Close, Outgoing, Send, SendFramed
from chatgui.protocol.server.state import ServerState
from chatgui.protocol.server.wordfilter import WordFilter, build_word_filter
from chatgui.store import LessonPlan

__all__ = ["ChatServer", "LessonPlan", "ServerConfig", "check_word_filter", "new_host_key"]

log = logging.getLogger(__name__)


def new_host_key() -> str:
    """A one-time host key for `serve` (host_key.py): groups of four, like 7KQ4-M2XD-9PWA."""
    groups = range(limits.HOST_KEY_GROUPS)
    return "-".join("".join(secrets.choice(HOST_KEY_ALPHABET) for _ in range(4)) for _ in groups)


class ChatServer:
    """An IRC server on its own thread. start(), stop(), set_word_filter() and set_pace() may
    be called from any thread. A config whose word filter can't be used raises ValueError here:
    check_word_filter() says why beforehand."""

    def __init__(
        self,
        config: ServerConfig,
        events: "queue.Queue[ChatEvent]",
        bind: str | None = None,
        port: int | None = None,
        history: Path | None = None,
        lesson: LessonPlan | None = None,
        report_rooms: bool = False,
        tls: TlsIdentity | None = None,
        tls_port: int | None = None,
        plain: bool = True,
    ) -> None:
        """history: the SQLite file that keeps the rooms' messages (None: keep nothing);
        lesson: which lesson in it this run continues or begins (history/lessons.py);
        report_rooms: say RoomsOpen each time a room opens or goes (`serve` announces them);
        tls: the room's key, to listen with TLS too, on `tls_port` (None: 6697 or the next
        free); plain: listen without TLS as well (IRC programs that have no TLS)."""
        started = time.strftime("%Y-%m-%d %H:%M:%S %Z")
        offset = time.localtime().tm_gmtoff
        self.config = replace(config, created=started, utc_offset_s=offset)
        self._events = events
        self._bind = bind
        self._port = port
        self._state = ServerState(self.config)  # replaced in _open(), with its history
        quiet, most_ready = limits.MEMORY_RELEASE_QUIET_S, limits.SERVER_TURN_MOST_READY
        self._loop = NetLoop("chatgui-server", self._crashed, quiet, most_ready)
        self._history = ServerHistory(history, lesson, events)
        self._listeners: list[socket.socket] = []
        self._tls = tls
        self._tls_port = tls_port
        self._plain = plain
        self._connections: dict[int, Connection] = {}
        self._serve = self._ready  # one bound method, shared by every connection
        self._admission = Admission(self.config, self._loop.most_sockets)
        self._rooms_seen = -1 if report_rooms else None  # the state's rooms_changed told last
        self._next_id = 1
        self._tick_timer: Timer | None = None
        self._lost: deque[tuple[int, str]] = deque()  # dropped, the room not yet told
        self._telling = False
        self._output = Output(self._connections, self._admission, self._loop, self._drop)
        if history is not None:
            self._output.before_sending = self._history.after_writes  # on disk before it goes
            self._loop.after_each_turn(self._history.after_sends)  # after Output's send_turn

    # --- any thread ---

    def start(self) -> None:
        """Open the room; a ServerStarted or ServerFailed event follows."""
        self._loop.start(self._open)

    def stop(self) -> None:
        """Tell everyone the room is closed, close every socket, end the thread (within 1 s)."""
        self._loop.stop(limits.SERVER_STOP_TIMEOUT_S, self._close_everything)

    def clear_history(self, room: str) -> None:
        """Forget everything kept about `room`; a HistoryCleared event follows."""
        self._loop.submit(partial(self._history.clear, room))

    def set_word_filter(self, words: list[str] | tuple[str, ...], action: str) -> None:
        """Replace the word filter: `words` (an empty list turns it off) are refused when
        `action` is "block" or shown as *** when it is "mask". Every room is told.

        Raises ValueError, on the caller's thread and before anything changes, when the
        list can't be used; the message says what to fix.
        """
        word_filter = build_word_filter(words, action)
        self._loop.submit(partial(self._use_word_filter, word_filter))

    def set_pace(self, pace: tuple[float, int] | None, max_per_address: int | None) -> None:
        """From now on: ServerConfig.with_flood(pace), and max_per_address (None: no cap)."""
        self._loop.submit(partial(self._use_pace, pace, max_per_address))

    # --- loop thread ---

    def _open(self) -> None:
        listening = self._listen()
        if isinstance(listening, str):
            self._events.put(ServerFailed(listening))
            self._loop.submit(self._end)
            return
        plain, tls = listening
        status = self._open_history()
        for listener in plain:
            self._loop.watch(listener, True, False, partial(accept_waiting, listener, self._admit))
        for listener in tls:
            self._loop.watch(listener, True, False, partial(accept_waiting, listener, self._shake))
        self._listeners = plain + tls
        port = self._listeners[0].getsockname()[1]
        tls_port = tls[0].getsockname()[1] if tls else None
        fingerprint = self._tls.fingerprint if self._tls else ""
        addresses = tuple(local_addresses(self._bind))
        log.info("room open on port %d (TLS: %s) at %s", port, tls_port, ", ".join(addresses))
        self._events.put(ServerStarted(addresses, port, status, tls_port, fingerprint, bool(plain)))

    def _listen(self) -> tuple[list[socket.socket], list[socket.socket]] | str:
        """The plain and the TLS listening sockets asked for, or why they could not be had
        (then none is left open)."""
        plain: list[socket.socket] = []
        try:
            if self._plain:
                plain = listen_on(self._bind, self._port)
        except OSError as error:
            return why_not_listening(error, self._port)
        if self._tls is None:
            return plain, []
        try:
            context = self._tls.server_context()
            tls = listen_tls_on(self._bind, self._tls_port)
        except OSError as error:
            for listener in plain:
                listener.close()
            return why_not_listening(error, self._tls_port or limits.DEFAULT_TLS_PORT)
        self._admission.handshakes = Handshakes(self._loop, context, self._admit)
        return plain, tls

    def _open_history(self) -> HistoryStatus:
        """Open the history file, if asked for, and give the state its store and msgid prefix."""
        status, working = self._history.open(self.config)
        prefix = self._history.new_msgid_prefix()
        key = self._history.account_key(self.config, working is not None)
        self.config = replace(self.config, msgid_prefix=prefix, account_key=key)
        self._state = ServerState(self.config, working)
        return status

    def _use_pace(self, pace: tuple[float, int] | None, max_per_address: int | None) -> None:
        self.config = self._state.use_pace(pace, max_per_address)
        self._admission.max_per_address = max_per_address
        for conn in [c for c in self._connections.values() if c.paused]:
            self._resume(conn)  # held under the old pace: asks again under the new one

    def _use_word_filter(self, word_filter: WordFilter) -> None:
        self._apply(self._state.set_word_filter(word_filter, time.time()))

    def _end(self) -> None:
        self._loop.stop(0)

    def _shake(self, accepted: socket.SocketType, address: str) -> None:
        """A connection to the TLS port: its handshake first, counted as one of its
        computer's connections; refused without a word (it speaks no TLS yet) when full,
        unless it may be the host's own window (Admission.may_hold_for_host)."""
        address = address.removeprefix("::ffff:")
        computer = names.computer_of(address)
        admission, handshakes = self._admission, self._admission.handshakes
        full = admission.room_full_reason(computer, len(self._connections)) is not None
        if handshakes is None or (full and not admission.may_hold_for_host(address)):
            accepted.close()
            return
        family, kind, proto = accepted.family, accepted.type, accepted.proto
        sock = socket.socket(family, kind, proto, accepted.detach())  # what TLS wraps
        handshakes.begin(sock, address, computer)

    def _admit(self, sock: socket.SocketType, address: str) -> None:
        # One string for everyone at one address (a lab behind one router), not a copy each
        address = one_copy(address.removeprefix("::ffff:"))
        computer = names.computer_of(address)
        full = self._admission.room_full_reason(computer, len(self._connections))
        host_only = full is not None
        if full is not None and not self._admission.may_hold_for_host(address):
            refuse(sock, full)
            return
        sock.setblocking(False)
        if not NODELAY_HANDED_DOWN:
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        conn = Connection(self._next_id, sock, address, computer, self._serve, host_only=host_only)
        self._next_id += 1
        self._connections[conn.id] = conn
        self._admission.came_in(conn)
        self._loop.watch(sock, True, False, conn)
        self._apply(self._state.connected(conn.id, conn.address, time.time(), host_only))
        if host_only and self._tick_timer is not None:
            self._tick_timer.cancel()  # its proof is due sooner than the next tick
            self._tick_timer = None
        if self._tick_timer is None:
            self._schedule_tick()

    def _ready(self, conn: Connection, mask: int) -> None:
        try:
            if mask & selectors.EVENT_WRITE:
                self._output.send(conn)
            if mask & selectors.EVENT_READ and conn.id in self._connections:
                self._read(conn)
        except Exception:  # a bug met serving one person ends their connection, not the room
            log.exception("error while serving connection %d (%s)", conn.id, conn.address)
            self._drop(conn, "Internal server error")

    def _read(self, conn: Connection) -> None:
        try:
            data = conn.sock.recv(limits.RECV_CHUNK_BYTES)
        except (BlockingIOError, InterruptedError, ssl.SSLWantReadError, ssl.SSLWantWriteError):
            return
        except OSError as error:
            self._drop(conn, f"Connection lost: {error.strerror or error}")
            return
        if not data:  # whatever they sent and was not handled yet goes with them
            self._drop(conn, "Connection closed")
            return
        lines = conn.lines_in(data)
        if not conn.paused and conn.inbox is None:  # nothing held before them: handled at once
            lines = self._handle_fresh(conn, lines)
        if lines and conn.id in self._connections:  # what flood control makes wait is held
            for line in lines:
                conn.hold(line)
                self._admission.count_unread(conn, input_size(line))
            self._drop_excess_flood(conn)  # only what is held counts towards the bounds
        if conn.inbox is not None and not conn.paused:
            self._handle_inbox(conn)
        if isinstance(conn.sock, ssl.SSLSocket) and conn.sock.pending():
            # read already, held by TLS: the selector will not say so, so read it next turn
            self._loop.call_later(0, partial(self._ready, conn, selectors.EVENT_READ))

    def _drop_excess_flood(self, conn: Connection) -> None:
        """Past INBOX_MAX_BYTES of unhandled input, the writer leaves ("Excess flood"); past
        ADDRESS_INBOX_MAX_BYTES from one address, so does its biggest writer: many
        connections from one computer can't hold more of the server's memory than a few."""
        if conn.inbox_bytes > limits.INBOX_MAX_BYTES and conn.id in self._connections:
            self._apply(self._state.flooded(conn.id, time.time()))
        while self._admission.unread.get(conn.computer, 0) > limits.ADDRESS_INBOX_MAX_BYTES:
            same = [c for c in self._connections.values() if c.computer == conn.computer]
            biggest = max(same, key=lambda c: c.inbox_bytes)
            self._apply(self._state.flooded(biggest.id, time.time()))
            self._drop(biggest, "Excess flood")  # gone already, unless the state never knew it

    def _handle_fresh(
        self, conn: Connection, lines: list[bytes | LineTooLong]
    ) -> list[bytes | LineTooLong]:
        """Handle lines just read, with none held before them, until flood control says wait;
        the lines left. Only those are held and counted towards the input bounds: a line
        handled at once is not counted in and out again (most lines, in a classroom)."""
        state, connections = self._state, self._connections
        for index, line in enumerate(lines):
            if conn.id not in connections:  # a line before closed it: the rest go with it
                return []
            now = time.time()  # one reading of the clock for the check and the line
            if state.flood_control and not self._may_handle_now(conn, now):
                return lines[index:]
            self._apply(state.received(conn.id, line, now))
        return []

    def _handle_inbox(self, conn: Connection) -> None:
        """Handle the lines held, in order, until flood control says wait."""
        inbox = conn.inbox or []
        handled = 0
        while handled < len(inbox) and conn.id in self._connections:
            now = time.time()
            if not self._may_handle_now(conn, now):
                break
            line = inbox[handled]
            self._admission.count_unread(conn, -input_size(line))
            handled += 1
            self._apply(self._state.received(conn.id, line, now))
        conn.handled(handled)

    def _may_handle_now(self, conn: Connection, now: float) -> bool:
        """True when flood control lets the connection's next line go `now` (asked only with
        flood control on, or a line held); when it says wait, it is paused until its turn."""
        delay = self._state.delay_before_next_line(conn.id, now)
        if delay > 0:
            self._pause(conn, delay)
            return False
        return True

    def _pause(self, conn: Connection, delay: float) -> None:
        """Flood control: handle nothing more of this person's until their turn comes. Their
        socket is still read, so their input is bounded and a close is seen at once."""
        conn.paused = True
        self._loop.call_later(delay, lambda: self._resume(conn))

    def _resume(self, conn: Connection) -> None:
        if conn.id not in self._connections:
            return
        conn.paused = False
        try:
            self._handle_inbox(conn)
        except Exception:  # a timer's callback, outside _ready: guarded the same way
            log.exception("error while serving connection %d (%s)", conn.id, conn.address)
            self._drop(conn, "Internal server error")

    def _apply(self, outgoing: list[Outgoing]) -> None:
        """Queue what the state wants sent: it goes at the end of the turn (server_output.py).

        Whatever the state recorded in the history on the way goes into its pending file
        before any of it is sent (Output.before_sending), in one write a turn.
        """
        if self._rooms_seen is not None and self._rooms_seen != self._state.rooms_changed:
            self._report_rooms()
        closing: list[Close] = []
        for item in outgoing:
            if isinstance(item, (Send, SendFramed)):
                self._output.queue(item)
            elif isinstance(item, Alert):
                log.warning("%s", item.text)
                self._events.put(HostWarning(item.text))
            elif item.conn in self._connections:
                closing.append(item)
        if closing:  # their last lines (an ERROR) go before their sockets close
            self._output.send_turn()
        else:
            self._output.send_if_gathered_too_much()
        for item in closing:
            self._close_socket(item.conn)

    def _report_rooms(self) -> None:
        """RoomsOpen, as a room opened or went since the last report (reports are on)."""
        state = self._state
        self._rooms_seen = state.rooms_changed
        kept = [names.casefold(room) for room in self.config.rooms]
        others = [c.name for key, c in state.channels.items() if key not in kept]
        self._events.put(RoomsOpen((*self.config.rooms, *others)))

    def _drop(self, conn: Connection, reason: str) -> None:
        """Close a connection the person did not close with QUIT, and tell the room."""
        if self._connections.get(conn.id) is not conn:
            return
        conn.output = LineEncoder()  # what waited is dropped: the goodbye alone goes
        conn.encoder.write_line(f"ERROR :Closing link: {reason}".encode())
        self._close_socket(conn.id)
        # Telling the room can find more dead peers, which land here again: queue them and
        # tell the room in a loop, so hundreds of simultaneous drops never nest (RecursionError).
        self._lost.append((conn.id, reason))
        if self._telling:
            return
        self._telling = True
        try:
            while self._lost:
                lost_id, why = self._lost.popleft()
                self._apply(self._state.disconnected(lost_id, why, time.time()))
        finally:
            self._telling = False

    def _close_socket(self, conn_id: int) -> None:
        conn = self._connections.pop(conn_id, None)
        if conn is None:
            return
        self._admission.went(conn)  # their unhandled input goes with them, and what waited
        conn.inbox = None
        self._output.forget(conn_id)
        self._loop.watch(conn.sock, False, False, lambda m: None)
        with contextlib.suppress(OSError):  # a last goodbye; the person may be gone already
            conn.sock.send(conn.encoder.pending())
        conn.sock.close()

    def _schedule_tick(self) -> None:
        deadline = self._state.next_tick()
        if deadline is None:
            self._tick_timer = None
            return
        # Registering moves a person's deadline earlier, so never sleep past half a ping interval.
        delay = min(deadline - time.time(), self.config.ping_idle_s / 2)
        self._tick_timer = self._loop.call_later(delay, self._tick)

    def _tick(self) -> None:
        self._apply(self._state.tick(time.time()))
        self._schedule_tick()

    def _close_everything(self) -> None:
        self._apply(self._state.shutdown(numerics.ROOM_CLOSED))
        self._history.close()
        for listener in self._listeners:
            self._loop.watch(listener, False, False, lambda m: None)
            listener.close()
        self._listeners.clear()
        if self._admission.handshakes is not None:
            self._admission.handshakes.close_all()
        self._events.put(ServerStopped())

    def _crashed(self, error: BaseException) -> None:
        with contextlib.suppress(Exception):  # the turn's lines on disk go into SQLite too
            self._history.after_sends()
        self._events.put(WorkerCrashed("server", f"{type(error).__name__}: {error}"))


def check_word_filter(words: list[str] | tuple[str, ...], action: str) -> None:
    """Raise ValueError, saying what to fix, if ChatServer can't use this word filter."""
    build_word_filter(words, action)
