"""Outage: what the window does while its room is away (the host's computer crashed, was
switched off, or the network dropped) and the client is trying to get back in.

The transcripts say it in words ("The room is gone (…). Trying again…", "Back in the room."),
never an errno; the banner above the message box says it too, that lines typed now wait and
are sent when the room is back (the client's outbox keeps them), and offers Try now.
Meanwhile the window looks for rooms on the network: the room announcing itself again means
its host is back, and the client tries at once instead of after its wait.
"""

import time

from chatgui import events
from chatgui.protocol.client.address import AddressProblem, parse_address
from chatgui.ui import wording
from chatgui.ui.connection_banner import CONNECTION
from chatgui.ui.discovery_link import DiscoveryLink
from chatgui.ui.page_context import PageContext
from chatgui.ui.transcript import INFO, WARNING


class Outage:
    """The window's side of losing and regaining the room."""

    def __init__(self, page: PageContext, discovery: DiscoveryLink) -> None:
        self.session, self.view, self.client = page.session, page.view, page.client
        self.discovery = discovery
        self.since: float | None = None  # monotonic; None while in the room
        self.banner = page.view.composer.banner
        self.try_now_button = self.banner.button("Try now", self.client.retry_now)

    def lost(self, event: events.ConnectionLost) -> None:
        """The connection broke (or a try to get back failed)."""
        self.view.status.set(wording.trying_again())
        self.banner.put(CONNECTION, wording.connection_lost(), [self.try_now_button])
        if self.since is not None:
            return  # said once per outage, however many tries it takes
        self.since = time.monotonic()
        self._say_everywhere(WARNING, wording.room_gone(event.reason))
        if not self.session.hosting:  # a host's own room can't be found by its own window
            self.discovery.start_finding()

    def back(self) -> None:
        """We are in the room again (registered)."""
        if self.since is None:
            return
        self.since = None
        self._say_everywhere(INFO, wording.back_in_the_room())
        self.banner.clear(CONNECTION)
        self.discovery.stop_finding()

    def connecting(self, event: events.Connecting) -> None:
        """Another try to get back in has started: the banner says so."""
        if self.since is not None and event.attempt > 1:
            self.banner.put(CONNECTION, wording.reconnecting(), [self.try_now_button])

    def announced(self, found: events.RoomFound) -> None:
        """A room was found on the network: if it is ours, its host is back; try now."""
        if self.since is not None and self._ours(found):
            self.client.retry_now()

    def ended(self) -> None:
        """The window left the room: nothing is being waited for."""
        self.banner.clear(CONNECTION)
        if self.since is not None:
            self.since = None
            self.discovery.stop_finding()

    def _ours(self, found: events.RoomFound) -> bool:
        """The same room: the one picked from the list, or the address typed."""
        joining = self.session.found
        if joining is not None and joining.key == found.key:
            return True
        try:
            address = parse_address(self.session.address_text)
        except AddressProblem:
            return False
        return address.port in (found.port, found.tls_port) and address.host in found.addresses

    def _say_everywhere(self, symbol: str, text: str) -> None:
        """In every conversation open: the line is where the person is looking."""
        for transcript in self.view.transcripts.values():
            transcript.add_notice(symbol, text)
