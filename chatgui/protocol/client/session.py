"""ClientSession: one connection's IRC conversation, as a state machine without I/O.

The network layer calls it for everything: a line received, a message typed, a room joined,
earlier messages wanted. Each call returns one Result, the events for the window and the
lines for the server that it produced, and the network layer applies it the same way every
time. Where each command from the server goes is the table HANDLERS below.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from chatgui.events import ChatEvent
from chatgui.protocol import caps, names
from chatgui.protocol.client import (
    chathistory,
    incoming,
    modes,
    monitor,
    outgoing,
    registration,
    room_requests,
    rooms,
    sasl,
)
from chatgui.protocol.client.state import Handlers, SessionState, says_why
from chatgui.protocol.message import Message


def _merged(*tables: Handlers) -> Handlers:
    """One table of the modules' own; a command handled twice would lose one handler."""
    merged: Handlers = {}
    for table in tables:
        for command, handler in table.items():
            if command in merged:
                raise ValueError(f"{command} already has a handler: {merged[command]}")
            merged[command] = handler
    return merged


HANDLERS = _merged(
    registration.HANDLERS,  # CAP, 001, 005, MOTD, a name refused, ERROR, PING
    sasl.HANDLERS,  # AUTHENTICATE and its numerics
    rooms.HANDLERS,  # JOIN, PART, KICK, QUIT, NICK, NAMES, TOPIC, MODE, INVITE, AWAY, LIST, WHO
    modes.HANDLERS,  # a room's modes and its ban list
    incoming.HANDLERS,  # PRIVMSG, NOTICE, BATCH, refusals of our messages, FAIL/WARN/NOTE
    monitor.HANDLERS,  # who MONITOR says is here
    room_requests.HANDLERS,  # TAGMSG from the host: clear the screen
)
"""Every command the session understands, and where it goes. An error numeric not named here
that says why is shown as a Problem (ClientSession.receive)."""


@dataclass(frozen=True)
class Result:
    """What one call of the session produced: the window's events and the server's lines, in
    order, and the people MONITOR says came back (messages may wait for them)."""

    events: tuple[ChatEvent, ...] = ()
    lines: tuple[Message, ...] = ()
    back: tuple[str, ...] = ()


class ClientSession(SessionState):
    """The calls the network layer makes; each returns the Result it produced."""

    def start(self) -> Result:
        """The first lines to send: capability negotiation, then the person's name."""

        def greet() -> None:
            self.send(Message("CAP", ("LS", "302")))
            if self.password:
                self.send(Message("PASS", (self.password,)))
            self.send(Message("NICK", (self.nick,)))
            self.send(Message("USER", (_user_name(self.nick), "0", "*", self.realname)))

        return self._run(greet)

    def receive(self, message: Message, now: float) -> Result:
        """Handle one message from the server."""
        self.now = now
        return self._run(lambda: self._handle(message))

    def say(self, target: str, text: str, local_id: int, action: bool = False) -> Result:
        """Write `text` to a room or person (outgoing.py). Lines only when it was written: none
        for empty text, or for a name no message can go to (MessageRefused says so)."""
        return self._run(lambda: outgoing.say(self, target, text, local_id, action))

    def load_older(self, room: str) -> Result:
        """Ask for the page before the oldest message shown; HistoryLoaded(older=True)
        answers (at once when the server keeps no history)."""
        return self._run(lambda: chathistory.load_older(self, room))

    def search(self, room: str, text: str) -> Result:
        """Search `room`'s history on the server; SearchResults answers."""
        return self._run(lambda: chathistory.search(self, room, text))

    def check_history(self, now: float, timeout_s: float) -> Result:
        """History requests unanswered for `timeout_s` end, so what they held back is shown."""
        return self._run(lambda: chathistory.give_up_waiting(self, now, timeout_s))

    def join(self, channel: str, key: str = "") -> Result:
        return self.send_lines([Message("JOIN", (channel, key) if key else (channel,))])

    def part(self, channel: str, reason: str = "") -> Result:
        return self.send_lines([Message("PART", (channel, reason) if reason else (channel,))])

    def quit(self, reason: str) -> Result:
        return self.send_lines([Message("QUIT", (reason,))])

    def rename(self, nick: str) -> Result:
        """Change our name to `nick` as typed: on a server of plain names, its ASCII form, and
        SETNAME (where offered) so the typed name stays our real name."""
        if not self.plain_letters or nick.isascii():
            return self.send_lines([Message("NICK", (nick,))])
        setname = [Message("SETNAME", (nick,))] if caps.SETNAME in self.caps else []
        return self.send_lines([Message("NICK", (registration.plain_name(nick),)), *setname])

    def watch(self, nick: str) -> Result:
        """Ask to be told when `nick` is here (MONITOR, where offered: monitor.py)."""
        return self._run(lambda: monitor.watch(self, nick))

    def unwatch(self, nick: str) -> Result:
        return self._run(lambda: monitor.unwatch(self, nick))

    def send_lines(self, lines: Iterable[Message]) -> Result:
        """Any other command (a teacher's control, AWAY, TOPIC …), under the password rule
        (secrecy.py): a password this connection may not carry is said instead."""

        def send_each() -> None:
            for line in lines:
                self.send(line)

        return self._run(send_each)

    def _handle(self, message: Message) -> None:
        handler = HANDLERS.get(message.command)
        if handler is not None:
            handler(self, message)
        elif message.command.isdigit() and "400" <= message.command < "600" and says_why(message):
            target = message.param(1)
            conversation = target if names.is_channel(target) else None
            self.problem(conversation, message.params[-1], message.command)

    def _run(self, call: Callable[[], object]) -> Result:
        """Run one call and hand back what it queued; a call that fails leaves nothing behind
        for the next one."""
        try:
            call()
        finally:
            result = Result(tuple(self.events), tuple(self.outgoing), tuple(self.came_back))
            self.events, self.outgoing, self.came_back = [], [], []
        return result


def _user_name(nick: str) -> str:
    return "".join(c for c in nick if c.isascii() and c.isalnum())[:10] or "chatgui"
