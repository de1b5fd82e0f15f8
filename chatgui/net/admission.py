"""Admission: who may come into the room, and what each computer holds of the server.

Connections are counted by computer (names.computer_of: an IPv6 computer's whole /64),
handshakes on the TLS port included, up to the room's cap per computer (ServerConfig's
max_per_address); the last places are kept for computers with few connections, and a few over
every cap for the host's own window. The unhandled input and the waiting output of each
computer are counted here too, so ChatServer can bound them per
computer. Loop thread only. Never imports tkinter.
"""

from collections import Counter

from chatgui import limits
from chatgui.net.server_connection import Connection, count
from chatgui.net.tls_handshakes import Handshakes
from chatgui.protocol import names
from chatgui.protocol.server.model import ServerConfig


class Admission:
    """The server's counts by computer, and the rules that let a connection in or not."""

    def __init__(self, config: ServerConfig, most_sockets: int | None = None) -> None:
        """The host's window may come in over the limits only when `config.host_secret` is
        set; `config.max_per_address` caps each computer (None: only MAX_CONNECTIONS);
        most_sockets: what the room's loop can watch at once (NetLoop.most_sockets)."""
        self._host_secret = config.host_secret
        self._most_sockets = most_sockets
        self.max_per_address = config.max_per_address
        self.handshakes: Handshakes | None = None  # once the room listens with TLS
        self.per_address: Counter[str] = Counter()  # connections from each
        self.unread: Counter[str] = Counter()  # unhandled input bytes from each
        self.queued: Counter[str] = Counter()  # output bytes waiting for each
        self.held_for_host = 0  # connections let in over the limits (see may_hold_for_host)

    def room_full_reason(self, computer: str, connected: int) -> str | None:
        """Why a connection from `computer` is refused, in words, or None to let it in;
        `connected`: the connections in the room now.

        The last RESERVED_CONNECTIONS places go only to addresses with few connections, so a
        handful of addresses can't fill the room.
        """
        shaking = self.handshakes
        total = connected + (len(shaking) if shaking else 0)
        same = self.per_address[computer] + (shaking.from_computer(computer) if shaking else 0)
        if self.max_per_address is not None and same >= self.max_per_address:
            return "Too many connections from your address"
        most = self.most_connections()
        if total >= most:
            return "The room is full"
        nearly_full = total >= most - self.last_places()
        if nearly_full and same >= limits.RESERVED_SLOT_MAX_PER_ADDRESS:
            return (
                f"The room is nearly full and {same} people are in it from your computer "
                "already: its last places are kept for other computers"
            )
        return None

    def most_connections(self) -> int:
        """MAX_CONNECTIONS, or fewer where the loop can watch only so many sockets: a room on
        Windows takes 500, as one more than select() can watch would end the room."""
        if self._most_sockets is None:
            return limits.MAX_CONNECTIONS
        spare = self._most_sockets - limits.LOOP_OWN_SOCKETS - limits.HOST_RESERVE_CONNECTIONS
        return min(limits.MAX_CONNECTIONS, spare)

    def last_places(self) -> int:
        """The places kept for computers with few connections: RESERVED_CONNECTIONS, or the
        same share of a smaller room (100 of Windows' 500)."""
        return limits.RESERVED_CONNECTIONS * self.most_connections() // limits.MAX_CONNECTIONS

    def may_hold_for_host(self, address: str) -> bool:
        """Over the limits, a few connections from this computer (127.0.0.1, where the host's
        own window joins from) may still come in; the state closes any that don't show the
        host secret."""
        if self._host_secret is None or address not in ("127.0.0.1", "::1"):
            return False
        computer = names.computer_of(address)
        shaking = self.handshakes.from_computer(computer) if self.handshakes else 0
        return self.held_for_host + shaking < limits.HOST_RESERVE_CONNECTIONS

    def came_in(self, conn: Connection) -> None:
        count(self.per_address, conn.computer, 1)
        self.held_for_host += int(conn.host_only)

    def count_unread(self, conn: Connection, size: int) -> None:
        """Add `size` (negative: handled) to the unhandled input of `conn` and its address."""
        conn.inbox_bytes += size
        count(self.unread, conn.computer, size)

    def count_queued(self, conn: Connection) -> None:
        """Keep the output waiting for `conn`'s address up to date with its send queue."""
        change = conn.waiting() - conn.queued
        conn.queued += change
        count(self.queued, conn.computer, change)

    def went(self, conn: Connection) -> None:
        """`conn` is closed: it, its unhandled input and what waited for it count no more."""
        count(self.per_address, conn.computer, -1)
        self.count_unread(conn, -conn.inbox_bytes)
        count(self.queued, conn.computer, -conn.queued)
        self.held_for_host -= int(conn.host_only)
