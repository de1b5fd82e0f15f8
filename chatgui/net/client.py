"""ChatClient: one IRC connection on its own NetLoop thread, for chatgui rooms and any IRC server.

Public methods only queue work and may be called from any thread; everything learned comes
back as events on the queue the window drains. What is typed goes through Delivery
(delivery.py: the outbox, and messages waiting for people not back yet); a connection that
ends is said and maybe tried again as reconnect.py decides. What each room shows, by msgid,
outlives a connection, so that a rejoin asks the server for exactly the messages missed
(chathistory.py).
Any server may send anything: each line is followed under a guard, and one this program can't
follow is skipped (said once in the server pane), never the end of the connection.
Never imports tkinter.
"""

import itertools
import logging
import queue
import time
from collections.abc import Callable
from dataclasses import replace
from functools import partial
from pathlib import Path

from chatgui import __version__, limits
from chatgui.events import (
    ChatEvent,
    ConnectFailed,
    Connecting,
    Disconnected,
    HistoryLoaded,
    MessageRefused,
    MessageSent,
    NickChanged,
    Problem,
    RawLine,
    RoomKeySeen,
    SearchResults,
    ServerText,
    WorkerCrashed,
)
from chatgui.net.connection import Closed, Connection
from chatgui.net.delivery import Delivery
from chatgui.net.held_messages import Typed
from chatgui.net.loop import NetLoop, Timer
from chatgui.net.reconnect import after_close
from chatgui.net.sts_policies import StsPolicies
from chatgui.protocol import caps, names
from chatgui.protocol.client import sasl
from chatgui.protocol.client.address import Address
from chatgui.protocol.client.controls import to_helpers
from chatgui.protocol.client.requests import RoomRequests
from chatgui.protocol.client.secrecy import may_carry_secrets
from chatgui.protocol.client.session import ClientSession, Result
from chatgui.protocol.client.state import RoomMarks
from chatgui.protocol.errors import LocalProtocolError, ProtocolError
from chatgui.protocol.message import Message
from chatgui.protocol.redact import redact

log = logging.getLogger(__name__)

SKIPPED_LINE = "The room's server sent something this program could not follow; it was skipped."
"""Said once per connection in the server pane: the chat goes on, and nobody is alarmed."""


class ChatClient(RoomRequests):
    """One connection to one server. Thread-safe public methods (the teacher's controls and
    the room list are RoomRequests'); the rest runs on the loop."""

    def __init__(
        self,
        events: "queue.Queue[ChatEvent]",
        identity: bytes | None = None,
        history_answer_timeout_s: float = limits.HISTORY_ANSWER_TIMEOUT_S,
        sts_file: Path | None = None,
    ) -> None:
        """identity: the window's secret, proved to each room as its own password (sasl.py);
        None: join without one. history_answer_timeout_s: how long a history request may go
        unanswered (looked at every third of it, so it ends a little after). sts_file: where
        TLS-only servers are remembered (sts_policies.py; the data folder's by default)."""
        self._events = events
        self._identity = identity
        self._history_wait_s = history_answer_timeout_s
        self._loop = NetLoop("chatgui-client", self._crashed)
        self._local_ids = itertools.count(1)
        self._address: Address | None = None
        self._nick = ""
        self._realname = ""
        self._password: str | None = None
        self._rooms: dict[str, str] = {}
        self._away = ""  # our away message, set again on each new connection
        self._marks: dict[str, RoomMarks] = {}  # per room, kept across connections
        self._connection: Connection | None = None
        self._session: ClientSession | None = None
        self._skipped_lines = 0  # on this connection: the first one is said, the rest logged
        self._attempt = 0
        self._ever_connected = False
        self._quitting = False
        self._timers: list[Timer] = []
        self._history_timer: Timer | None = None  # while connected: see _check_history
        self._showing_lines = False
        self._delivery = Delivery(self._loop, self._post, self._apply)  # what was typed
        self._sts = StsPolicies(sts_file)
        self._loop.start()

    # --- any thread ---

    def connect(self, address: Address, nick: str, password: str | None = None) -> None:
        """Connect and register; Connected or ConnectFailed follows within 5 s."""
        self._loop.submit(lambda: self._start(address, nick, password))

    def join(self, channel: str, key: str = "") -> None:
        self._loop.submit(lambda: self._join(channel, key))

    def part(self, channel: str, reason: str = "") -> None:
        self._loop.submit(lambda: self._part(channel, reason))

    def say(self, target: str, text: str, action: bool = False) -> int:
        """Send text to a room or person; returns the id its MessageQueued/MessageSent carry."""
        typed = Typed(next(self._local_ids), target, text, action)
        self._loop.submit(lambda: self._delivery.say(typed, self._session))
        return typed.local_id

    def act(self, target: str, text: str) -> int:
        """/me: an action ("Sam waves") as CTCP ACTION."""
        return self.say(target, text, action=True)

    def ask_helpers(self, channel: str, text: str) -> int:
        """A question only the host and helpers of `channel` read; returns its id, as say()."""
        return self.say(to_helpers(channel), text)

    def change_nick(self, nick: str) -> None:
        """Ask for `nick` as typed (on a server of plain names, its ASCII form: rename())."""
        self._loop.submit(lambda: self._change_nick(nick))

    def set_away(self, text: str) -> None:
        """Mark ourselves away with `text`, or back with "" (kept for a reconnect)."""
        self._loop.submit(lambda: self._set_away(text))

    def _set_away(self, text: str) -> None:
        self._away = text
        self._send([Message("AWAY", (text,) if text else ())])

    def _send_lines(self, lines: list[Message]) -> None:
        """Lines of RoomRequests, sent on the loop; dropped while disconnected."""
        self._loop.submit(lambda: self._send(lines))

    def load_older(self, room: str) -> None:
        """Fetch the page of `room`'s history before the oldest message shown; HistoryLoaded
        (older=True) follows, also when the server keeps no history or we are not connected."""
        self._loop.submit(lambda: self._with_session(room, lambda s: s.load_older(room)))

    def search(self, room: str, text: str) -> None:
        """Search `room`'s history on the server (soju.im/search); SearchResults follows."""
        self._loop.submit(lambda: self._with_session(room, lambda s: s.search(room, text), text))

    def show_lines(self, on: bool) -> None:
        """Report every raw line in and out as RawLine events (secrets hidden), or stop.

        Off by default: the lesson view asks only while it is shown, so a hidden view costs
        nothing."""
        self._loop.submit(lambda: self._show_lines(on))

    def retry_now(self) -> None:
        """The room announced itself again (its host is back): try now, not after the wait."""
        self._loop.submit(self._retry_now)

    def quit(self, reason: str = "Leaving") -> None:
        """Leave the server on purpose; Disconnected follows, and no reconnect."""
        self._loop.submit(lambda: self._quit(reason))

    def close(self) -> None:
        """End the thread (after quit(), or to abandon everything); returns within 1 s."""
        self._loop.stop(limits.SERVER_STOP_TIMEOUT_S, self._shut)

    # --- loop thread: connecting ---

    def _start(self, address: Address, nick: str, password: str | None) -> None:
        self._address, self._nick, self._password = address, nick, password
        self._realname = nick  # as typed: kept when a server makes the nick plain (Zoë: Zoe)
        self._attempt = 0
        self._ever_connected = False
        self._quitting = False
        self._open()

    def _open(self) -> None:
        assert self._address is not None
        self._cancel_timers()
        self._attempt += 1
        address = self._address = self._sts.secure(self._address, time.time())
        self._post(Connecting(address.host, address.port, self._attempt))
        version = f"chatgui {__version__}"
        login = None if self._identity is None else sasl.room_password(self._identity, address.host)
        secrets_ok = may_carry_secrets(address.tls, address.on_loopback)
        session = ClientSession(
            self._nick, self._password, version, self._marks, login, self._realname, secrets_ok
        )
        first = session.start()
        if session.failure:  # a password that may not go on this connection: none is opened
            self._post(ConnectFailed(address.host, address.port, session.failure, "not sent"))
            return
        self._session, self._skipped_lines = session, 0
        self._connection = Connection(self._loop, address, self._on_line, self._on_closed)
        self._connection.on_key = partial(self._key_seen, address)
        self._show_lines(self._showing_lines)
        self._connection.open()
        self._apply(first)  # queued until the connection is up
        self._later(limits.CONNECT_TIMEOUT_S, self._give_up_waiting)

    def _key_seen(self, address: Address, fingerprint: str) -> None:
        """The key checked (or a first join's key taken) is the one every reconnect expects."""
        self._address = replace(address, fingerprint=fingerprint, code=None)
        self._post(RoomKeySeen(address.host, address.port, fingerprint))

    def _give_up_waiting(self) -> None:
        if self._connection is not None and not (self._session and self._session.connected):
            reason = "no answer" if self._connection.established else "timed out"
            self._connection.close()
            self._on_closed(Closed(reason, "no reply within the connect timeout"))

    def _on_line(self, message: Message) -> None:
        """One line from the server, under a guard: any server may send anything, and a line
        we fail to follow is skipped, never the end of the connection (as the server does
        for its clients)."""
        session = self._session
        if session is None:
            return
        try:
            self._follow(session, message)
        except ProtocolError as error:  # the core's own word on a line it refused
            log.warning("skipped a line from the server (%s): %s", message.command, error)
            self._skipped()
        except Exception:  # a bug met on one line: that line is lost, the chat goes on
            log.exception("skipped a line from the server (%s) on an error", message.command)
            self._skipped()

    def _skipped(self) -> None:
        """Say the skipped line once per connection (the session forgot what it half did)."""
        self._skipped_lines += 1
        if self._skipped_lines == 1:
            self._post(ServerText(SKIPPED_LINE))

    def _follow(self, session: ClientSession, message: Message) -> None:
        was_connected = session.connected
        result = session.receive(message, time.time())
        if message.command == "CAP" and self._sts_upgrade(session):
            return
        self._apply(result)
        if session.connected and not was_connected:
            self._registered(session)

    def _apply(self, result: Result) -> None:
        """The one step after every call of the session: the lines it produced go out (first,
        so the server gets them in the order made), then its events go to the window, with
        the outbox and the messages waiting for people told what they mean."""
        self._write(result.lines)
        for event in result.events:
            if isinstance(event, NickChanged) and event.is_me:
                self._nick = event.new  # the name we chose is the one a reconnect asks for
            if isinstance(event, MessageRefused) and self._delivery.waits(event, self._session):
                continue
            self._post(event)
            self._delivery.saw(event, self._session)
        for nick in result.back:
            self._delivery.came_back(nick, self._session)

    def _registered(self, session: ClientSession) -> None:
        self._cancel_timers()
        self._history_timer = self._loop.call_later(self._history_wait_s / 3, self._check_history)
        if self._ever_connected:
            self._delivery.back_in_the_room(session)
        self._ever_connected = True
        self._attempt = 0
        self._nick = session.nick
        for channel, key in self._rooms.items():
            self._apply(session.join(channel, key))
        if self._away:  # a new connection is back until told otherwise
            self._apply(session.send_lines([Message("AWAY", (self._away,))]))
        self._delivery.send_waiting(session)

    def _sts_upgrade(self, session: ClientSession) -> bool:
        """Follow the server's sts policy (sts_policies.py): True when we leave this plain
        connection, sending nothing more, for TLS on the port it names."""
        assert self._address is not None
        assert self._connection is not None
        secure = self._sts.heard(self._address, session.caps_offered.get(caps.STS), time.time())
        if secure is None:
            return False
        self._connection.close()
        self._session, self._connection, self._address = None, None, secure
        self._open()
        return True

    def _on_closed(self, error: Closed) -> None:
        """The connection ended: fail, give up, or try again, and say which."""
        session, self._session, self._connection = self._session, None, None
        self._cancel_timers()
        if session is not None:
            self._learn_room_keys(session)
            self._delivery.connection_lost(session)
        assert self._address is not None
        then = after_close(
            error,
            session,
            self._address,
            quitting=self._quitting,
            ever_connected=self._ever_connected,
            attempt=self._attempt,
        )
        self._post(then.said)
        if then.retry_in is not None:
            self._later(then.retry_in, self._open)

    def _retry_now(self) -> None:
        waiting = self._connection is None and self._ever_connected
        if waiting and not self._quitting and self._address is not None:
            self._open()

    # --- loop thread: what the person does ---

    def _learn_room_keys(self, session: ClientSession) -> None:
        """A room password set while we were in the room is the one the rejoin will need."""
        for channel in self._rooms:
            room = session.room(channel)
            key = room.modes.get("k", "") if room is not None else ""
            if key and key != "*":  # "*": the server hid it from us
                self._rooms[channel] = key

    def _join(self, channel: str, key: str) -> None:
        self._rooms[channel] = key
        if self._session is not None and self._session.connected:
            self._apply(self._session.join(channel, key))

    def _part(self, channel: str, reason: str) -> None:
        folded = names.casefold(channel)
        self._rooms = {r: k for r, k in self._rooms.items() if names.casefold(r) != folded}
        if self._session is not None:
            self._apply(self._session.part(channel, reason))

    def _with_session(
        self, room: str, action: Callable[[ClientSession], Result], search_text: str | None = None
    ) -> None:
        """Run a history request on the session, or answer at once that it can't be made."""
        session = self._session
        if session is None or not session.connected:
            if search_text is None:
                self._post(HistoryLoaded(room, (), older=True, complete=False))
            else:
                waiting = "The room is not connected. Search again when it is back."
                self._post(SearchResults(room, search_text, (), waiting))
            return
        self._apply(action(session))

    def _check_history(self) -> None:
        """While connected: history requests the server has left unanswered too long end, so
        the messages they held back are shown."""
        session = self._session
        if session is None:
            return
        self._apply(session.check_history(time.time(), self._history_wait_s))
        self._history_timer = self._loop.call_later(self._history_wait_s / 3, self._check_history)

    def _change_nick(self, nick: str) -> None:
        if self._session is not None:
            self._realname = nick
            self._apply(self._session.rename(nick))

    def _send(self, messages: list[Message]) -> None:
        """Any other line, through the session's rule on passwords (secrecy.py)."""
        if self._connection is not None and self._session is not None:
            self._apply(self._session.send_lines(messages))

    def _write(self, lines: tuple[Message, ...]) -> None:
        if self._connection is None or not lines:
            return
        try:
            self._connection.write(list(lines))
        except LocalProtocolError as error:
            self._post(Problem(None, f"That could not be sent: {error}"))

    def _quit(self, reason: str) -> None:
        self._quitting = True
        if self._connection is not None and self._session is not None:
            self._apply(self._session.quit(reason))
            self._later(1.0, self._force_close)
        else:
            self._cancel_timers()
            self._post(Disconnected())

    def _force_close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._on_closed(Closed("closed", "we left"))

    def _shut(self) -> None:
        self._cancel_timers()
        self._delivery.cancel()
        if self._connection is not None:
            self._connection.close()
            self._connection = None

    # --- loop thread: the lesson view ---

    def _show_lines(self, on: bool) -> None:
        self._showing_lines = on
        if self._connection is not None:
            self._connection.on_raw = self._raw_line if on else None

    def _raw_line(self, direction: str, line: bytes) -> None:
        secrets = [self._password or "", *self._rooms.values()]
        text = redact(line.decode("utf-8", errors="replace"), secrets)
        self._post(RawLine(direction, time.time(), text))

    # --- loop thread: plumbing ---

    def _later(self, delay: float, callback: Callable[[], None]) -> None:
        self._timers.append(self._loop.call_later(delay, callback))

    def _cancel_timers(self) -> None:
        for timer in self._timers:
            timer.cancel()
        self._timers.clear()
        if self._history_timer is not None:
            self._history_timer.cancel()
            self._history_timer = None

    def _post(self, event: ChatEvent) -> None:
        if isinstance(event, MessageSent):
            self._delivery.confirmed(event.local_id)
        self._events.put(event)

    def _crashed(self, error: BaseException) -> None:
        self._events.put(WorkerCrashed("client", f"{type(error).__name__}: {error}"))
