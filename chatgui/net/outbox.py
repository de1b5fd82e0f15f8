"""The outbox: what a person typed, kept until the server has it (the ChatClient's helper).

Typed while the room is away, a message waits here and goes after the reconnect, in the order
typed. Written but not yet echoed back, it is kept too: if the connection ends first, it may
not have arrived, so it waits again, before anything typed later. Runs on the client's
NetLoop thread; never imports tkinter.
"""

from collections import deque
from collections.abc import Callable, Iterator

from chatgui import limits
from chatgui.events import ChatEvent, MessageQueued, Problem
from chatgui.net.held_messages import Typed
from chatgui.protocol.client.session import ClientSession

TOO_MANY_WAITING = "Too many messages are waiting. Wait for the room."


class Outbox:
    """Messages waiting to be written, and messages written but not yet confirmed."""

    def __init__(self, post: Callable[[ChatEvent], None]) -> None:
        self._post = post
        self._waiting: deque[Typed] = deque()
        self._written: dict[int, Typed] = {}

    def wait(self, typed: Typed) -> None:
        """Keep `typed` for the reconnect (MessageQueued), or refuse it past the limit."""
        if len(self._waiting) >= limits.OUTBOX_MAX_MESSAGES:
            self._post(Problem(typed.target, TOO_MANY_WAITING))
        else:
            self._waiting.append(typed)
            self._post(MessageQueued(typed.local_id, typed.target, typed.text))

    def waiting(self) -> Iterator[Typed]:
        """Each waiting message, oldest first, taken out as it is given."""
        while self._waiting:
            yield self._waiting.popleft()

    def written(self, typed: Typed) -> None:
        """`typed` went to the server: kept until it is confirmed or refused."""
        self._written[typed.local_id] = typed

    def confirmed(self, local_id: int) -> Typed | None:
        """The server has answered for `local_id` (echoed or refused): no longer kept."""
        return self._written.pop(local_id, None)

    def connection_lost(self, session: ClientSession) -> None:
        """Messages written but not echoed back may not have arrived: they wait again, first."""
        waiting = [p.local_id for p in session.awaiting_echo if p.local_id in self._written]
        unconfirmed = [self._written.pop(local_id) for local_id in waiting]
        for typed in reversed(unconfirmed):
            self._waiting.appendleft(typed)
            self._post(MessageQueued(typed.local_id, typed.target, typed.text))
        self._written.clear()
