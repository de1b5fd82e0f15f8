"""RoomTrust: which key the window expects of a room it joins, and remembering it after.

Anyone on a school network can announce a room, or answer at a room's address. So:
- a found room that offers TLS is joined over TLS, its key checked against the announced one
  (the first time) or the one remembered (every later time, by host name and room title, and
  by its TLS address, which the window lists among the rooms joined before);
- a typed address with a room code is joined over TLS (the port typed, or 6697), and only a
  key that gives that code is taken; the same address later expects that key;
- a typed address on the school's network without a code is joined over TLS too, taking the
  key it shows the first time (better than plain against a classmate reading the network):
  at the port typed when it is a TLS one, and for the usual plain port at the usual TLS port,
  back to plain only when nothing speaks TLS there; a public server's certificate is checked
  as usual;
- a key that is not the one remembered is refused (net/connection.py), and only the room
  code replaces it (the teacher made a new key): a change is never followed silently;
- a room two computers claim (RoomFound.disputed) is joined only with the code.
No Tk and no sockets: the window asks for an Address and reports the key seen.
"""

from dataclasses import replace

from chatgui import limits
from chatgui.events import ConnectFailed, RoomFound
from chatgui.protocol.client.address import ANY_KEY, TLS_PORT, Address, parse_address
from chatgui.protocol.room_code import typed_code
from chatgui.store import RoomKeys
from chatgui.ui import wording
from chatgui.ui.found_rooms import found_title


class TrustProblem(Exception):
    """Why the window won't join this room as asked, as a sentence; the code would help."""


def typed_room(address: Address) -> str:
    """A typed room's name in the store: the host and port its TLS key was seen at."""
    return f"{address.host.casefold()}:{address.port}"


def found_room(room: RoomFound) -> str:
    """A found room's name in the store: its host's name and its title, as a student tells
    rooms apart on the Join page (its address may change from one lesson to the next)."""
    return f"{room.host.casefold()} / {found_title(room).casefold()}"


class RoomTrust:
    """The keys remembered, and the room being joined. Call from the Tk thread only."""

    def __init__(self, usual_ports: tuple[int, int] = (limits.DEFAULT_PORT, TLS_PORT)) -> None:
        """`usual_ports`: a room's plain port and the TLS port it is tried at first."""
        self._keys = RoomKeys()
        self._usual_plain, self._usual_tls = usual_ports
        self._joining: tuple[str, ...] = ()  # the room being joined by its names in the store
        self._announced = False  # the key expected is the announced one, not one kept
        self._plain_instead: Address | None = None  # where to go if TLS isn't there after all

    def address_for(self, typed: str, found: RoomFound | None, code: str) -> Address:
        """Where and how to connect for what the Join page holds; raise TrustProblem when the
        room must not be joined so (a changed or disputed room without its code)."""
        self._joining, self._announced, self._plain_instead = (), False, None
        code = typed_code(code) or ""  # the Join page lets only a code or nothing through
        typed_address = parse_address(typed)
        if found is not None:
            return self._found(typed_address.host, found, code)
        usual = typed_address.port == self._usual_plain and not typed_address.tls
        tls_port = self._usual_tls if usual else typed_address.port
        address = Address(typed_address.host, tls_port, True)
        kept = self._keys.key_of(typed_room(address))
        if not code and kept is None:
            if not typed_address.on_this_network:
                return typed_address  # plain, or a public server's certificate checked
            if not (usual or typed_address.tls):
                return typed_address  # a plain port of its own: its TLS port is unknown
            self._plain_instead = typed_address if usual else None
        self._joining = (typed_room(address),)
        expected = kept if kept is not None and not code else ANY_KEY
        return Address(address.host, tls_port, True, expected, code or None)

    def plain_instead(self, failed: ConnectFailed) -> Address | None:
        """Where to connect in plain after the usual TLS port of a typed address turned out to
        have no TLS room (nothing there, or no TLS spoken); None: the failure stands."""
        if self._plain_instead is None or failed.reason not in ("refused", "tls"):
            return None
        plain, self._plain_instead, self._joining = self._plain_instead, None, ()
        return plain

    def _found(self, host: str, room: RoomFound, code: str) -> Address:
        kept = self._keys.key_of(found_room(room))
        if room.disputed and not code:
            raise TrustProblem(wording.disputed_room(found_title(room)))
        if room.tls_port is None or room.fingerprint is None:
            if kept is not None or code:  # it had a key, or the code can't be checked
                said = ConnectFailed(host, room.port, "key changed", "the room offers no TLS")
                raise TrustProblem(wording.connect_failed(said))
            return Address(host, room.port, False)
        address = Address(host, room.tls_port, True, kept or room.fingerprint)
        self._joining, self._announced = (found_room(room), typed_room(address)), kept is None
        return replace(address, fingerprint=ANY_KEY, code=code) if code else address

    def refusal(self, failed: ConnectFailed, found: RoomFound | None = None) -> str:
        """Why the join failed, in words: a room `found` on the network that can't be reached
        is named; a first join's key other than the one announced is no change of key, and is
        said so."""
        if found is not None and failed.reason in ("refused", "timed out", "no route"):
            title = found_title(found)
            return wording.found_room_unreachable(title, found.host, failed.port, failed.reason)
        if failed.reason == "key changed" and self._announced:
            return wording.key_not_announced()
        return wording.connect_failed(failed)

    def key_seen(self, fingerprint: str) -> None:
        """The room being joined showed this key, and it was the one expected (or the code's):
        it is the room's key from now on."""
        for room in self._joining:
            if self._keys.key_of(room) != fingerprint:
                self._keys.remember(room, fingerprint)
