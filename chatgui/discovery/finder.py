"""RoomFinder: lists the rooms hosted on the network, as RoomFound / RoomLost events.

It browses DNS-SD (mdns.py) and, for networks that block multicast, broadcasts "who hosts a
room?" every DISCOVERY_QUERY_INTERVAL_S (beacon.py). What it hears goes through the table
(table.py), which believes a claim on a listed room with a key only once a key check
(key_check.py) proves it. Its state lives on its own NetLoop thread "chatgui-discovery";
zeroconf's callbacks only submit work to that thread. stop() only asks (it is called on Tk's
thread): the thread closes what it opened and ends by itself. Never imports tkinter.
"""

import logging
import queue
import secrets
import threading
import time
from functools import partial

from zeroconf import DNSQuestionType, IPVersion, ServiceBrowser, ServiceInfo, Zeroconf

from chatgui import limits
from chatgui.discovery import mdns
from chatgui.discovery.beacon import Beacon
from chatgui.discovery.key_check import KeyChecks
from chatgui.discovery.scope import Scope, scope_for
from chatgui.discovery.table import Change, Check, RoomTable
from chatgui.events import ChatEvent, WorkerCrashed
from chatgui.net.loop import NetLoop
from chatgui.protocol.room_beacon import SENDER_BYTES, Answer, Goodbye, Packet, Query
from chatgui.protocol.room_record import RoomRecord, decode_record

log = logging.getLogger(__name__)
_ASK_AGAIN_AFTER_GOODBYE_S = 1.5  # zeroconf forgets a record 1 s after its goodbye


class RoomFinder:
    """Finds rooms until stopped. start() and stop() may be called from any thread."""

    def __init__(
        self,
        events: "queue.Queue[ChatEvent]",
        interfaces: tuple[str, ...] | None,
        *,
        mdns: bool = True,
        broadcast: bool = True,
        port: int = limits.DISCOVERY_PORT,
    ) -> None:
        self._events = events
        self._interfaces = interfaces
        self._use_mdns, self._use_broadcast, self._port = mdns, broadcast, port
        self._loop = NetLoop("chatgui-discovery", self._crashed)
        self._table = RoomTable()
        self._checks = KeyChecks(self._loop)
        self._checking: set[Check] = set()
        self._names: dict[str, str] = {}  # mDNS instance name → room key
        self._zc: Zeroconf | None = None
        self._browser: ServiceBrowser | None = None
        self._beacon: Beacon | None = None
        self._sender = secrets.token_bytes(SENDER_BYTES)
        self._scope = Scope(None, (), ())  # the real one is made on the loop thread
        self._stopping = threading.Event()  # set by stop(): nothing more is posted

    def start(self) -> None:
        self._loop.start(self._open)

    def stop(self) -> None:
        """Stop finding, and return at once: from now on no room is reported, and the thread
        closes its sockets and zeroconf and ends by itself (within DISCOVERY_STOP_TIMEOUT_S)."""
        self._stopping.set()
        self._loop.stop(0, self._close)  # 0: ask, never wait (Tk's thread calls this)

    def wait_ended(self, timeout: float) -> bool:
        """Wait up to `timeout` s for the thread to end (never on Tk's thread); True if it has."""
        return self._loop.wait_ended(timeout)

    # --- loop thread ---

    def _open(self) -> None:
        if self._stopping.is_set():
            return  # stopped before it began: nothing to open
        self._scope = scope_for(self._interfaces)
        if self._use_broadcast:
            self._beacon = Beacon(self._loop, self._scope, self._port, self._sender, self._heard)
            if not self._beacon.open():
                self._beacon = None
        self._tick()
        if self._use_mdns:
            try:
                self._zc = mdns.open_zeroconf(self._interfaces)
            except (OSError, RuntimeError) as error:
                log.warning("discovery: multicast DNS unavailable, broadcast only: %s", error)
                return
            handler = mdns.browse_handler(self._browsed)
            # QM: answers by multicast, heard by every finder. A unicast (QU) answer can land in
            # another program's socket when several share port 5353 on one PC (~1 s later).
            self._browser = ServiceBrowser(
                self._zc, mdns.SUBTYPE, handlers=[handler], question_type=DNSQuestionType.QM
            )

    def _close(self) -> None:
        self._checks.close()
        if self._beacon is not None:
            self._beacon.close()
        if self._browser is not None:
            self._browser.cancel()
        if self._zc is not None:
            mdns.close(self._zc)

    def _tick(self) -> None:
        """Broadcast the question, expire rooms that stopped answering, and again later."""
        if self._beacon is not None:
            self._beacon.send(Query(self._sender))
        quiet = time.monotonic() - limits.DISCOVERY_ROOM_EXPIRY_S
        self._post(self._table.expire("broadcast", quiet) + self._table.expire_doubted(quiet))
        self._loop.call_later(limits.DISCOVERY_QUERY_INTERVAL_S, self._tick)

    def _heard(self, packet: Packet, source: str) -> None:
        if isinstance(packet, Answer):
            now = time.monotonic()
            self._post(self._table.seen("broadcast", packet.record, packet.port, (source,), now))
        elif isinstance(packet, Goodbye):
            self._post(self._table.gone("broadcast", packet.sender.hex()))

    def _browsed(self, name: str, present: bool) -> None:
        """On zeroconf's thread: hand the change to ours."""
        self._loop.submit(partial(self._mdns_changed, name, present))

    def _mdns_changed(self, name: str, present: bool) -> None:
        if self._zc is None:
            return
        if present:
            mdns.resolve(self._zc, name, partial(self._resolved_elsewhere, name))
        elif name in self._names:
            key = self._names.pop(name)
            self._post(self._table.gone("mdns", key))
            shown = self._table.shown(key)
            if shown is not None and "mdns" in shown.via:  # not believed yet: who publishes it?
                for asked in [name, *(n for n, k in self._names.items() if k == key)]:
                    again = partial(self._mdns_changed, asked, True)
                    self._loop.call_later(_ASK_AGAIN_AFTER_GOODBYE_S, again)

    def _resolved_elsewhere(self, name: str, info: ServiceInfo) -> None:
        """Maybe on zeroconf's thread: hand the answer to ours."""
        self._loop.submit(partial(self._resolved, name, info))

    def _resolved(self, name: str, info: ServiceInfo) -> None:
        record: RoomRecord | None = decode_record(info.text or b"")
        addresses = info.parsed_addresses(IPVersion.V4Only)
        if record is None or not info.port or not addresses:
            log.debug("discovery: ignoring %r: not a chatgui room record", name)
            return
        ordered = self._scope.order(addresses)
        self._post(self._table.seen("mdns", record, info.port, ordered, time.monotonic()))
        if record.key in self._table:  # not when the table is full: this map stays as small
            self._names[name] = record.key

    def _post(self, changes: list[Change]) -> None:
        """Post the table's changes, and start the key checks it asked for."""
        if self._stopping.is_set():
            return  # the Join page has gone: nobody wants to hear of rooms now
        for change in changes:
            self._events.put(change)
        for check in self._table.take_checks():
            if check in self._checking:
                continue  # one handshake answers every claim waiting on it
            allowed = self._scope.allows(check.address)
            if allowed and self._checks.start(
                check.address, check.port, partial(self._checked, check)
            ):
                self._checking.add(check)
            else:
                self._post(self._table.skipped(check, time.monotonic()))

    def _checked(self, check: Check, shown: str | None) -> None:
        self._checking.discard(check)
        self._post(self._table.checked(check, shown, time.monotonic()))

    def _crashed(self, error: BaseException) -> None:
        self._events.put(WorkerCrashed("discovery", f"{type(error).__name__}: {error}"))
