"""Delivery: what a person typed, from ChatClient.say() until the server has it.

A message typed while the room is away waits in the outbox (outbox.py) and goes after the
reconnect, in the order typed; one written but not echoed when the connection ended goes
again, once. A private message refused after an outage because its person is not back yet
waits for them (held_messages.py): the client watches for them (MONITOR) and writes it when
they come back. Runs on the client's NetLoop thread; never imports tkinter.
"""

from collections.abc import Callable

from chatgui.events import ChatEvent, Joined, MembersChanged, MessageRefused
from chatgui.net.held_messages import HeldMessages, Typed
from chatgui.net.loop import NetLoop
from chatgui.net.outbox import Outbox
from chatgui.protocol.client.session import ClientSession, Result


class Delivery:
    """The outbox and the messages waiting for people, for one ChatClient. `apply` is the
    client's one step after every call of the session (ChatClient._apply)."""

    def __init__(
        self,
        loop: NetLoop,
        post: Callable[[ChatEvent], None],
        apply: Callable[[Result], None],
    ) -> None:
        self._outbox = Outbox(post)
        self._held = HeldMessages(loop, post)
        self._apply = apply

    def say(self, typed: Typed, session: ClientSession | None) -> None:
        """Write `typed` now when we are in the room, else keep it for the reconnect."""
        if session is not None and session.connected:
            self.write(typed, session)
        else:
            self._outbox.wait(typed)

    def write(self, typed: Typed, session: ClientSession) -> None:
        result = session.say(typed.target, typed.text, typed.local_id, typed.action)
        if result.lines:  # written: kept until MessageSent says the server has it
            self._outbox.written(typed)
        self._apply(result)

    def confirmed(self, local_id: int) -> None:
        """The server has the message (MessageSent): no longer kept."""
        self._outbox.confirmed(local_id)

    def waits(self, refused: MessageRefused, session: ClientSession | None) -> bool:
        """True when `refused` is for someone not back yet: the message waits for them, and
        the refusal is not shown."""
        typed = self._outbox.confirmed(refused.local_id)
        if typed is None or session is None or not self._held.hold(refused, typed):
            return False
        self._apply(session.watch(typed.target))
        return True

    def saw(self, event: ChatEvent, session: ClientSession | None) -> None:
        """Who is in our rooms: someone joining may be someone a message waits for."""
        if isinstance(event, Joined) and not event.is_me:
            self.came_back(event.nick, session)
        elif isinstance(event, MembersChanged):
            self._held.saw(member.nick for member in event.members)

    def came_back(self, nick: str, session: ClientSession | None) -> None:
        """Someone is here: what waited for them is sent now, in the order typed."""
        waiting = self._held.came_back(nick)
        if waiting and session is not None:
            self._apply(session.unwatch(nick))
        for typed in waiting:
            self.say(typed, session)  # or kept for the reconnect: never dropped
        self._held.forget_old()

    def back_in_the_room(self, session: ClientSession) -> None:
        """In again after an outage, before rejoining: watch for the people messages wait for."""
        for nick in self._held.room_back():
            self._apply(session.watch(nick))

    def send_waiting(self, session: ClientSession) -> None:
        """In the rooms again: what was typed meanwhile goes now, oldest first."""
        for typed in self._outbox.waiting():
            self.write(typed, session)

    def connection_lost(self, session: ClientSession) -> None:
        """What was written but not echoed waits again; who was here may be waited for."""
        self._held.room_lost()
        self._outbox.connection_lost(session)

    def cancel(self) -> None:
        """The client is ending: no timer may fire after."""
        self._held.cancel()
