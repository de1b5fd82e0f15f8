"""Private messages that wait for their person after an outage (the ChatClient's helper).

When the room comes back after a crash, people return one by one, and a private message to
someone not back yet is refused ("No such nick"). Instead, it waits for them: MONITOR (where
the server offers it) or their JOIN in a room we share says they are back, and it is sent
then, once. After PRIVATE_WAIT_FOR_RETURN_S it is marked not sent, in words.
Runs on the client's NetLoop thread; never imports tkinter.
"""

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from chatgui import limits
from chatgui.events import ChatEvent, MessageQueued, MessageRefused
from chatgui.net.loop import NetLoop, Timer
from chatgui.protocol import names, numerics

NOT_BACK = "NOT_BACK"
"""The code of a message that waited for its person in vain (wording.refusal)."""


@dataclass(frozen=True)
class Typed:
    """A message a person typed, kept until the server has it."""

    local_id: int
    target: str
    text: str
    action: bool


class HeldMessages:
    """Messages waiting for their person, by the person's folded name."""

    def __init__(self, loop: NetLoop, post: Callable[[ChatEvent], None]) -> None:
        self._loop = loop
        self._post = post
        self._held: dict[str, list[Typed]] = {}
        self._deadlines: dict[int, float] = {}  # local id → monotonic time it stops waiting
        self._timers: dict[int, Timer] = {}
        self._back_at: float | None = None  # when the room last came back after an outage
        self._seen: set[str] = set()  # folded names in our rooms on this connection
        self._known: set[str] = set()  # the same, for the connection that was lost

    def saw(self, nicks: Iterable[str]) -> None:
        """People in one of our rooms now: a message may wait for them after an outage (also
        when the server told us they quit just before it went)."""
        for nick in nicks:
            if len(self._seen) >= limits.PRIVATE_WAIT_KNOWN_PEOPLE_MAX:
                return
            self._seen.add(names.casefold(nick))

    def room_lost(self) -> None:
        """The connection ended: who was in our rooms on it is who a message may wait for."""
        if self._seen:
            self._known, self._seen = self._seen, set()

    def room_back(self) -> list[str]:
        """We are in again after an outage: from now, refusals for missing people wait. The
        people already waited for, to watch (MONITOR) on this new connection."""
        self._back_at = time.monotonic()
        return [waiting[0].target for waiting in self._held.values()]

    def hold(self, refused: MessageRefused, typed: Typed | None) -> bool:
        """Keep `typed` for its person instead of showing `refused` (the client then watches
        for them: MONITOR); False when it isn't one to wait for (a room, another refusal,
        someone who wasn't here before the outage, no outage lately, or too many waiting)."""
        now = time.monotonic()
        if typed is None or refused.code != numerics.ERR_NOSUCHNICK:
            return False
        recently_back = self._back_at is not None and (
            now - self._back_at < limits.PRIVATE_WAIT_FOR_RETURN_S
        )
        missed = recently_back and names.casefold(typed.target) in self._known
        waited = typed.local_id in self._deadlines  # sent when they came back, refused again
        if (
            names.is_channel(typed.target)
            or not (missed or waited)
            or sum(map(len, self._held.values())) >= limits.OUTBOX_MAX_MESSAGES
        ):
            return False
        deadline = self._deadlines.setdefault(
            typed.local_id, now + limits.PRIVATE_WAIT_FOR_RETURN_S
        )
        self._held.setdefault(names.casefold(typed.target), []).append(typed)
        self._timers[typed.local_id] = self._loop.call_later(
            max(0.0, deadline - now), lambda: self._give_up(typed)
        )
        self._post(MessageQueued(typed.local_id, typed.target, typed.text, typed.target))
        return True

    def came_back(self, nick: str) -> list[Typed]:
        """`nick` is here: their messages, in the order typed, to send now (the client stops
        watching for them when there are any)."""
        waiting = self._held.pop(names.casefold(nick), [])
        for typed in waiting:
            self._timers.pop(typed.local_id).cancel()
        return waiting

    def _give_up(self, typed: Typed) -> None:
        folded = names.casefold(typed.target)
        waiting = [t for t in self._held.get(folded, []) if t.local_id != typed.local_id]
        if waiting:
            self._held[folded] = waiting
        else:
            self._held.pop(folded, None)
        self._timers.pop(typed.local_id, None)
        self._deadlines.pop(typed.local_id, None)
        minutes = round(limits.PRIVATE_WAIT_FOR_RETURN_S / 60)
        waited = (
            f"{minutes} minutes" if minutes >= 2 else f"{limits.PRIVATE_WAIT_FOR_RETURN_S:.0f} s"
        )
        reason = (
            f"{typed.target} did not come back within {waited}. Write again when they are here."
        )
        self._post(MessageRefused(typed.local_id, typed.target, reason, NOT_BACK))

    def forget_old(self) -> None:
        """Deadlines of messages long past waiting go (they were sent or given up)."""
        now = time.monotonic()
        self._deadlines = {i: d for i, d in self._deadlines.items() if d > now or i in self._timers}

    def cancel(self) -> None:
        """The client is ending: no timer may fire after."""
        for timer in self._timers.values():
            timer.cancel()
        self._timers.clear()
