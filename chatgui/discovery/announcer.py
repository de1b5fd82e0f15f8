"""RoomAnnouncer: tells the network about a room, so the Join page lists it with no typing.

It publishes the room by DNS-SD (mdns.py: about 1.6 s of probing, on zeroconf's thread) and
answers broadcast "who hosts a room?" queries (beacon.py), at most once per
DISCOVERY_ANSWER_MIN_GAP_S however many ask. stop() says goodbye both ways: it only asks (it
is called on Tk's thread), and the thread says goodbye, closes what it opened and ends by
itself. Runs on its own NetLoop thread "chatgui-discovery"; zeroconf's callbacks only submit
work to it, and it posts RoomAnnounced when the announcing has started. Never imports tkinter.
"""

import concurrent.futures
import logging
import queue
import threading
import time
from functools import partial

from zeroconf import ServiceInfo, Zeroconf

from chatgui import limits
from chatgui.discovery import mdns
from chatgui.discovery.beacon import Beacon
from chatgui.discovery.scope import scope_for
from chatgui.events import ChatEvent, RoomAnnounced, WorkerCrashed
from chatgui.net.loop import NetLoop, Timer
from chatgui.protocol.room_beacon import Answer, Goodbye, Packet, Query
from chatgui.protocol.room_record import RoomRecord, encode_record

log = logging.getLogger(__name__)


class RoomAnnouncer:
    """Announces one room until stopped. start() and stop() may be called from any thread.

    `addresses` are the host's, used when `interfaces` is None (every interface); otherwise
    the room is announced at the chosen interface addresses.
    """

    def __init__(
        self,
        record: RoomRecord,
        port: int,
        addresses: tuple[str, ...],
        events: "queue.Queue[ChatEvent]",
        interfaces: tuple[str, ...] | None,
        *,
        mdns: bool = True,
        broadcast: bool = True,
        broadcast_port: int = limits.DISCOVERY_PORT,
    ) -> None:
        self.record = record
        self._port = port
        self._addresses = interfaces if interfaces is not None else addresses
        self._events = events
        self._interfaces = interfaces
        self._use_mdns, self._use_broadcast = mdns, broadcast
        self._broadcast_port = broadcast_port
        self._sender = bytes.fromhex(record.key)
        self._answer = Answer(self._sender, port, record)
        encode_record(record)  # a bad record fails here, on the caller's thread
        self._loop = NetLoop("chatgui-discovery", self._crashed)
        self._beacon: Beacon | None = None
        self._zc: Zeroconf | None = None
        self._info: ServiceInfo | None = None
        self._publishing: concurrent.futures.Future[None] | None = None
        self._last_answer = float("-inf")
        self._answer_timer: Timer | None = None
        self._via: list[str] = []
        self._stopping = threading.Event()  # set by stop(): RoomAnnounced is no longer said

    def start(self) -> None:
        self._loop.start(self._open)

    def stop(self) -> None:
        """Stop announcing, and return at once: the thread says goodbye, closes its sockets and
        zeroconf and ends by itself (within DISCOVERY_STOP_TIMEOUT_S)."""
        self._stopping.set()
        self._loop.stop(0, self._close)  # 0: ask, never wait (Tk's thread calls this)

    def wait_ended(self, timeout: float) -> bool:
        """Wait up to `timeout` s for the goodbyes and the thread's end (never on Tk's thread,
        e.g. before the program ends); True if it has ended."""
        return self._loop.wait_ended(timeout)

    # --- loop thread ---

    def _open(self) -> None:
        if self._stopping.is_set():
            return  # stopped before it began: nothing to announce, nor to say goodbye to
        scope = scope_for(self._interfaces)
        if self._use_broadcast:
            port, sender = self._broadcast_port, self._sender
            self._beacon = Beacon(self._loop, scope, port, sender, self._heard)
            if self._beacon.open():
                self._via.append("broadcast")
                self._send_answer()  # unsolicited: open Join pages list the room at once
        if self._use_mdns and self._publish():
            return  # RoomAnnounced follows when the registration has finished
        self._announced()

    def _publish(self) -> bool:
        text = encode_record(self.record)
        try:
            self._zc = mdns.open_zeroconf(self._interfaces)
            self._info = mdns.room_info(
                self.record.room, self.record.key, self._port, self._addresses, text
            )
        except (OSError, RuntimeError, ValueError) as error:
            log.warning("discovery: multicast DNS unavailable, broadcast only: %s", error)
            return False
        future = self._publishing = mdns.publish(self._zc, self._info)
        future.add_done_callback(lambda f: self._loop.submit(partial(self._published, f)))
        return True

    def _published(self, future: "concurrent.futures.Future[None]") -> None:
        if future.cancelled():
            return  # stopped while probing: nothing was announced
        error = future.exception()
        if error is None:
            self._via.insert(0, "mdns")
            assert self._info is not None
            log.info("discovery: room announced as %r", self._info.name)
        else:
            log.warning("discovery: the room could not be announced by mDNS: %s", error)
        self._announced()

    def _announced(self) -> None:
        if not self._stopping.is_set():
            self._events.put(RoomAnnounced(self.record.room, tuple(self._via)))

    def _heard(self, packet: Packet, source: str) -> None:
        if not isinstance(packet, Query) or self._answer_timer is not None:
            return  # answers only; one already on its way covers this question too
        wait = self._last_answer + limits.DISCOVERY_ANSWER_MIN_GAP_S - time.monotonic()
        self._answer_timer = self._loop.call_later(wait, self._send_answer)

    def _send_answer(self) -> None:
        self._answer_timer = None
        self._last_answer = time.monotonic()
        if self._beacon is not None:
            self._beacon.send(self._answer)

    def _close(self) -> None:
        if self._answer_timer is not None:
            self._answer_timer.cancel()
        if self._beacon is not None:
            self._beacon.send(Goodbye(self._sender))
            self._beacon.close()
        if self._publishing is not None:
            self._publishing.cancel()  # still probing: zeroconf would wait for it to end
        if self._zc is not None and self._info is not None:
            mdns.withdraw(self._zc, self._info)
        elif self._zc is not None:
            mdns.close(self._zc)

    def _crashed(self, error: BaseException) -> None:
        self._events.put(WorkerCrashed("discovery", f"{type(error).__name__}: {error}"))
