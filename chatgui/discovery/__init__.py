"""Finding rooms on the network without typing an address (issue 7, docs/discovery.md).

The public API the window and `serve` use: RoomAnnouncer (a host tells the network about its
room), RoomAnnouncements (`serve`'s rooms, as they come and go), RoomFinder (the Join page
lists the rooms it hears of), and the interface choice read
from CHATGUI_DISCOVERY_INTERFACES. DNS-SD over multicast DNS first, a UDP broadcast query as the
fallback. May import net.loop, protocol, events, limits and tls_identity (a room's key is
proven by a TLS handshake); never tkinter or chatgui.ui.
"""

from chatgui.discovery.announcements import RoomAnnouncements
from chatgui.discovery.announcer import RoomAnnouncer
from chatgui.discovery.finder import RoomFinder
from chatgui.discovery.mdns import SERVICE_TYPE, SUBTYPE
from chatgui.discovery.scope import ENV_VAR, interfaces_from_env, parse_interfaces
from chatgui.protocol.room_record import RoomRecord

__all__ = [
    "ENV_VAR",
    "SERVICE_TYPE",
    "SUBTYPE",
    "RoomAnnouncements",
    "RoomAnnouncer",
    "RoomFinder",
    "RoomRecord",
    "interfaces_from_env",
    "parse_interfaces",
]
