"""ServerState: the whole IRC server as a state machine, with no sockets, threads or clock.

The network layer reports what happened (connected, a line arrived, disconnected, too much
unread input, time passed) and gets back what to send and which connections to close. `now`
is always passed in, as seconds since the epoch. Each line goes where dispatch.COMMANDS says,
to a handler in a topic module (registration, channels, messaging, modes, queries, hands,
history...), which sees this state as a context.ServerContext.

Every line costs its sender twice: on their own flood timer (RFC 1459 §8.10) and on the share
of their address (fair_share.py), so many connections from one computer get no more of the
server than one person. Commands that make the server work more cost more (their weight in
dispatch.COMMANDS).
"""

from dataclasses import replace
from itertools import repeat
from operator import is_

from chatgui import limits
from chatgui.protocol import caps, names, numerics
from chatgui.protocol.errors import RemoteProtocolError
from chatgui.protocol.framing import LineTooLong
from chatgui.protocol.message import Message, parse_text, refused_command
from chatgui.protocol.server import hands, kept_entries, messaging, monitor
from chatgui.protocol.server.dispatch import dispatch, paid_lines, size_units
from chatgui.protocol.server.fair_share import FairShare
from chatgui.protocol.server.held_names import departed
from chatgui.protocol.server.in_charge import in_charge_of_rooms
from chatgui.protocol.server.message_store import HistoryStore
from chatgui.protocol.server.model import (
    Channel,
    Departed,
    HeldNames,
    HostKey,
    Person,
    ServerConfig,
    numeric_reply,
    whowas_history,
)
from chatgui.protocol.server.moderation import forget_connection
from chatgui.protocol.server.nick_table import NickTable
from chatgui.protocol.server.outgoing import Alert, Close, Outgoing, Send, SendFramed, Written
from chatgui.protocol.server.per_computer import GuessLimiter, KnownAccounts
from chatgui.protocol.server.room_notices import room_notice
from chatgui.protocol.server.tags import Queued, Readers, label_responses, lines_for
from chatgui.protocol.server.time_tag import TimeTag
from chatgui.protocol.server.watchers import Watchers
from chatgui.protocol.server.welcome import WelcomeCache
from chatgui.protocol.server.wordfilter import WordFilter, build_word_filter


def _is_word(param: str) -> bool:
    """True when `param` can be a middle parameter: not empty, no space, no leading ':'."""
    return bool(param) and " " not in param and not param.startswith(":")


class ServerState:
    """Everyone connected and every room, changed only through the methods below."""

    def __init__(self, config: ServerConfig, history: HistoryStore | None = None) -> None:
        self.config = config
        self.flood_control = config.flood_control
        """Whether anyone is ever slowed down (config.flood_control, kept by use_pace): read
        for every line, so a room without flood control skips its counting at once."""
        self.history = history
        self.people: dict[int, Person] = {}
        self.nicks = NickTable()
        self.opers: set[int] = set()
        self.hosts: set[int] = set()
        """The host's connections (host_key.take_charge): the names of authority without a
        look at everyone, which a class logging in at once would pay for every name."""
        self.welcome = WelcomeCache()
        self.channels: dict[str, Channel] = {}
        self.students_open_rooms = config.students_open_rooms
        """Whether students may open rooms now: the host's choice (room_charge.py)."""
        self.rooms_changed = 0
        """Counts rooms opened and gone, so the network layer sees when to announce again."""
        self.whowas = whowas_history()
        self.word_filter = build_word_filter(config.word_filter, config.word_filter_action)
        self.guesses = GuessLimiter()
        self.held = HeldNames(host_nick=config.host_name)
        self.watchers = Watchers()
        self.host_key = HostKey(config.host_key) if config.host_key else None
        self.account_guesses = GuessLimiter(free=limits.SASL_FREE_NEW_ACCOUNTS)
        """New accounts proven per computer (sasl.py): each past the free ones waits longer."""
        self.known_accounts = KnownAccounts()
        self.shares = address_shares(config)
        self.now = 0.0
        self._msgid_counter = 0
        self._time_tag = TimeTag()
        self._outbox: list[Queued] = []  # (who, message): one entry for a whole room
        self._written_lines = 0
        """The lines each Written brought beyond its one entry in the outbox (its count - 1),
        since the last flush. With the outbox's length, that is at least the lines queued
        (exactly, unless a label turned a Written back into messages), so _handle_line knows
        without counting when an answer may be long enough to charge for."""
        self._closing: list[Close] = []
        self._alerts: list[Alert] = []

    # --- What the network layer calls ---

    def connected(
        self, conn: int, host: str, now: float, host_only: bool = False
    ) -> list[Outgoing]:
        """A new connection from `host` (an address, shown as the person's host).

        host_only: let in over the room's limits, for the host's own window; it is closed
        ("The room is full") unless it shows the host secret within HOST_PROOF_TIMEOUT_S.
        """
        self.now = now
        computer = names.computer_of(host)
        person = Person(conn, host, now, last_heard=now, flood_timer=now, computer=computer)
        self.people[conn] = person
        person.host_only = host_only
        self.shares.arrive(computer, now)
        return self._flush()

    def received(self, conn: int, line: bytes | LineTooLong, now: float) -> list[Outgoing]:
        """One line from connection `conn`, or the framing error that replaced it."""
        self.now = now
        person = self.people.get(conn)
        if person is None:
            return []
        person.last_heard = now
        person.ping_sent_at = None
        if isinstance(line, LineTooLong):
            self.charge(person, 1)
            self.send(person, numeric_reply(self.config.name, person, line.reply))
            return self._flush()
        try:
            text = line.decode()  # once, strictly: what is not UTF-8 is refused whole
        except UnicodeDecodeError:
            self.charge(person, size_units(len(line)))
            command, target = refused_command(line)
            why = "Messages must be UTF-8; this one was not sent"
            self.fail(person, command, "INVALID_UTF8", why, *([target] if target else []))
        else:
            self._handle_line(person, text, len(line))
        return self._flush()

    def disconnected(self, conn: int, reason: str, now: float) -> list[Outgoing]:
        """The connection ended without QUIT (closed, reset, or dropped by the server)."""
        self.now = now
        person = self.people.get(conn)
        if person is not None:
            self.remove_person(person, reason)
        return self._flush()

    def flooded(self, conn: int, now: float) -> list[Outgoing]:
        """The person wrote far more than the room reads (INBOX_MAX_BYTES): they leave with
        "Excess flood", and the host hears of it once for their address."""
        self.now = now
        person = self.people.get(conn)
        if person is not None:
            if self.shares.first_flood(person.computer, now):
                who = person.nick if person.registered else "a connection not yet logged in"
                self.alert(
                    f"Someone at {person.host} sent far more than the room can read: "
                    f"{who} was disconnected."
                )
            self.close(person, "Excess flood", "Closing link: Excess flood")
        return self._flush()

    def tick(self, now: float) -> list[Outgoing]:
        """Time passed: ping the quiet, drop the silent and the never-registered."""
        self.now = now
        for person in list(self.people.values()):
            self._check_liveness(person)
        self.shares.forget_idle(now)
        return self._flush()

    def next_tick(self) -> float | None:
        """When tick() next has work to do, or None with nobody connected."""
        deadlines = [self._liveness_deadline(p) for p in self.people.values()]
        return min(deadlines, default=None)

    def delay_before_next_line(self, conn: int, now: float) -> float:
        """Seconds until this person's next line may be handled: the later of their own flood
        timer (RFC 1459 §8.10) and their turn in their address's share (fair_share.py).

        Ask only with a line waiting, and handle it when the answer is 0: asking may take
        the connection a place in its address's queue. A line goes while charging it keeps
        the timer within the allowance, so the burst is exactly allowance / cost lines (half a
        line's leeway against rounding). The host never waits, nor anyone with flood control
        off; the host's helpers neither, looked for only when the timers say wait, so nobody's
        rooms are looked through on every line.
        """
        person = self.people.get(conn)
        if person is None or person.is_host or not self.flood_control:
            return 0.0
        config = self.config
        own = max(
            0.0, person.flood_timer + config.flood_cost_s / 2 - now - config.flood_allowance_s
        )
        wait = self.shares.delay(conn, person.computer, own, now)
        if wait and in_charge_of_rooms(self, person):
            self.shares.excuse(conn, person.computer)
            return 0.0
        return wait

    def shutdown(self, reason: str) -> list[Outgoing]:
        """Tell everyone the room is closing, then close every connection."""
        for person in list(self.people.values()):
            self.send(person, Message("ERROR", (f"Closing link: {reason}",)))
            self._closing.append(Close(person.conn, reason))
        self.people.clear()
        self.nicks.clear()
        self.opers.clear()
        self.hosts.clear()
        self.channels.clear()
        return self._flush()

    def set_word_filter(self, word_filter: WordFilter, now: float) -> list[Outgoing]:
        """The host changed the word filter (made by build_word_filter); every room is told."""
        self.now = now
        self.word_filter = word_filter
        count = len(word_filter.words)
        if count == 0:
            text = "The host turned the word filter off."
        else:
            done = "refused" if word_filter.action == "block" else "shown as ***"
            words = "word" if count == 1 else "words"
            text = f"The host set the word filter: {count} {words}, {done}."
        for channel in self.channels.values():
            room_notice(self, channel, text)
        return self._flush()

    def use_pace(self, pace: tuple[float, int] | None, max_per_address: int | None) -> ServerConfig:
        """The host changed how fast people may send (ServerConfig.with_flood) and the cap per
        computer: the config that says so. The addresses' shares keep their timers and queues."""
        self.config = replace(self.config.with_flood(pace), max_per_address=max_per_address)
        self.flood_control = self.config.flood_control
        fresh = address_shares(self.config)
        self.shares.cost_s, self.shares.allowance_s = fresh.cost_s, fresh.allowance_s
        return self.config

    # --- What handlers call ---

    def send(self, person: Person, message: Message) -> None:
        self._outbox.append(([person], message))

    def send_written(self, person: Person, written: Written) -> None:
        """Lines to `person` written as one piece (outgoing.Written): one entry of the outbox,
        counted as its lines where lines are counted (_charge_replies)."""
        self._outbox.append(([person], written))
        self._written_lines += written.count - 1

    def send_to_all(self, people: list[Person], message: Message) -> None:
        """One message to each of `people`: queued once, serialized once per set of tags they
        can take (tags.lines_for), however many they are. The list is kept as given."""
        if people:
            self._outbox.append((people, message))

    def send_to_channel(
        self, channel: Channel, message: Message, skip: Person | None = None
    ) -> None:
        skipped = -1 if skip is None else skip.conn  # as its groups are now (Channel.readers)
        self._outbox.append((Readers(channel.readers, skipped, self.people), message))

    def reply(self, person: Person, command: str, *params: str) -> None:
        """A numeric from the server to `person`, who is its first parameter.

        A middle parameter that can't travel as one word (a client's "two words" or empty
        text, echoed back) is sent as "*": one odd line must never make a reply unsendable.
        """
        middle = tuple(p if _is_word(p) else "*" for p in params[:-1])
        self.send(person, Message(command, (person.nick, *middle, *params[-1:]), self.config.name))

    def fail(self, person: Person, command: str, code: str, text: str, *context: str) -> None:
        """An IRCv3 standard reply (FAIL command code [context...] :text).

        A client without the capability gets IRC's own answer where the refusal is about a
        room (the first context naming one), so it shows in that room's window, where the
        line was typed: 404 ERR_CANNOTSENDTOCHAN for a message to it, else a NOTICE to the
        room (sent to this person alone). Anything else is a NOTICE to them."""
        if caps.STANDARD_REPLIES in person.caps:
            middle = tuple(p if _is_word(p) else "*" for p in context)  # as reply() does
            params = (command, code, *middle, text)
            self.send(person, Message("FAIL", params, self.config.name))
            return
        rooms = [c.lstrip("@") for c in context if names.is_channel(c.lstrip("@"))]
        if rooms and command in ("PRIVMSG", "NOTICE", "TAGMSG"):
            self.reply(person, numerics.ERR_CANNOTSENDTOCHAN, rooms[0], text)
        else:
            where = rooms[0] if rooms else person.nick
            self.send(person, Message("NOTICE", (where, text), self.config.name))

    def charge(self, person: Person, units: int, own: bool = True) -> None:
        """Count `units` lines of work for `person`'s address and (`own`) their flood timer.
        The host is never counted, nor anyone with flood control off; a helper of the host
        only up to their burst (looked for only there, not on every line)."""
        if person.is_host or not self.flood_control:
            return
        if own:
            timer = max(person.flood_timer, self.now) + units * self.config.flood_cost_s
            past_burst = timer - self.now > self.config.flood_allowance_s
            if past_burst and in_charge_of_rooms(self, person):
                return
            person.flood_timer = timer
        self.shares.charge(person.computer, units, self.now)

    def alert(self, text: str) -> None:
        """Tell the host `text` (a sentence): the window shows it, `serve` prints it."""
        self._alerts.append(Alert(text))

    def server_tags(self) -> dict[str, str]:
        """Tags of a relayed message: its time and a new msgid."""
        self._msgid_counter += 1
        return {
            "time": self._time_tag(self.now),
            "msgid": f"{self.config.msgid_prefix}{self._msgid_counter}",
        }

    def remember(self, conversation: str, message: Message, sender_key: str = "") -> None:
        """Keep a relayed message or event (it has a msgid) in the history, if there is one.

        sender_key: in a private conversation, whose identity wrote it (conversation_owners.py).
        """
        if self.history is not None:
            self.history.record(kept_entries.stored(conversation, message, self.now, sender_key))

    def find_person(self, nick: str) -> Person | None:
        return self.nicks.get(names.casefold(nick))

    def find_channel(self, name: str) -> Channel | None:
        return self.channels.get(names.casefold(name))

    def close(self, person: Person, reason: str, error_text: str) -> None:
        """Send ERROR, tell the others the person quit with `reason`, and close."""
        self.send(person, Message("ERROR", (error_text,)))
        self.remove_person(person, reason)
        self._closing.append(Close(person.conn, reason))

    def remove_person(self, person: Person, reason: str) -> None:
        """Take the person out of every room and tell those who shared one (QUIT)."""
        if self.people.pop(person.conn, None) is None:
            return
        self.shares.leave(person.conn, person.computer, self.now)
        departed(self, person)
        if person.registered:
            quit_msg = Message("QUIT", (reason,), person.prefix, self.server_tags())
            self.send_to_all(self.neighbours(person), quit_msg)
            for key in person.channels:
                self.remember(key, quit_msg)
            self.nicks.pop(names.casefold(person.nick), None)
            monitor.went(self, person, person.nick)
            self.whowas.appendleft(Departed(person.nick, person.user, person.host, person.realname))
        for key in list(person.channels):
            self.leave_channel(person, key)
        forget_connection(self, person.conn)
        self.watchers.forget(person.conn)
        self.opers.discard(person.conn)
        self.hosts.discard(person.conn)

    def neighbours(self, person: Person) -> list[Person]:
        """Everyone else who shares at least one room with `person`."""
        seen: dict[int, Person] = {}
        for key in person.channels:
            for conn in self.channels[key].members:
                if conn != person.conn:
                    seen[conn] = self.people[conn]
        return list(seen.values())

    def leave_channel(self, person: Person, key: str) -> None:
        """Remove the membership; an empty room is forgotten unless the host keeps it open."""
        channel = self.channels[key]
        channel.drop_member(person.conn)
        channel.last_said.pop(person.conn, None)
        channel.last_raised.pop(person.conn, None)
        person.channels = tuple(k for k in person.channels if k != key)
        hands.drop_hand(self, channel, person)
        kept = {names.casefold(room) for room in self.config.rooms}
        if not channel.members and key not in kept:
            del self.channels[key]
            self.rooms_changed += 1

    # --- Inside ---

    def _handle_line(self, person: Person, text: str, size: int) -> None:
        """One line, decoded (`text`), of `size` bytes as received."""
        try:
            message = parse_text(text)
        except RemoteProtocolError as error:
            self.charge(person, size_units(size))
            self.fail(person, "*", "INVALID_LINE", f"That line was not understood: {error}")
            return
        if person.multiline is not None and "batch" in message.tags:
            self.charge(person, size_units(size), own=False)  # the message is charged whole
            messaging.add_to_multiline(self, person, message)
            return
        label = message.tags.get("label", "")
        open_batch = person.multiline
        start, written = len(self._outbox), self._written_lines
        dispatch(self, person, message, size)
        if person.multiline is not None and person.multiline is not open_batch:
            label = ""  # a batch opened: it is answered, with this label, when it closes
        elif open_batch is not None and person.multiline is None:
            label = label or open_batch.label
        if label and caps.LABELED_RESPONSE in person.caps:
            self._outbox[start:] = label_responses(self, person, label, self._outbox[start:])
        queued_at_most = len(self._outbox) - start + self._written_lines - written
        if queued_at_most >= 2 * limits.FLOOD_REPLY_LINES:  # not for one message
            self._charge_replies(person, message.command, start)

    def _charge_replies(self, person: Person, command: str, start: int) -> None:
        """A command's answer costs its sender too: each line of its weight pays for
        FLOOD_REPLY_LINES lines sent back, and a longer answer costs a line for every
        FLOOD_REPLY_LINES more. One line asking for hundreds (the history of twenty rooms
        on JOIN, NAMES of a room named a hundred times) is not one line's work.

        Each queued message reaches the sender once at most, so fewer queued than the lines
        the command paid for (a message to a room: one) cost nothing more, uncounted: the
        caller asks only past 2 * FLOOD_REPLY_LINES, as every command pays for one line.
        Lines written as one piece (a welcome: send_written) count one each."""
        outbox = self._outbox[start:]
        queued = sum(_lines_in(message) for _, message in outbox)
        paid = paid_lines(person, command)
        if queued < (paid + 1) * limits.FLOOD_REPLY_LINES:
            return
        # `is`, not `in`: people would be compared field by field
        replies = sum(
            _lines_in(message)
            for people, message in outbox
            if any(map(is_, people, repeat(person)))
        )
        more = replies // limits.FLOOD_REPLY_LINES - paid
        if more > 0:
            self.charge(person, more)

    def _liveness_deadline(self, person: Person) -> float:
        if person.host_only and not person.registered:
            return person.connected_at + limits.HOST_PROOF_TIMEOUT_S
        if not person.registered:
            return person.connected_at + self.config.registration_timeout_s
        if person.ping_sent_at is not None:
            return person.ping_sent_at + self.config.ping_timeout_s
        return person.last_heard + self.config.ping_idle_s

    def _check_liveness(self, person: Person) -> None:
        if self.now < self._liveness_deadline(person):
            return
        if person.host_only and not person.registered:
            self.close(person, "The room is full", "Closing link: The room is full")
        elif not person.registered:
            self.close(person, "Registration timed out", "Closing link: registration timed out")
        elif person.ping_sent_at is not None:
            seconds = round(self.now - person.last_heard)
            self.close(person, f"Ping timeout: {seconds} seconds", "Closing link: ping timeout")
        else:
            person.ping_sent_at = self.now
            self.send(person, Message("PING", (self.config.name,)))

    def _flush(self) -> list[Outgoing]:
        """The queued messages as lines, in order: each serialized once per distinct set of
        tags its recipients can take, with the connections that get that line."""
        out: list[Outgoing] = []
        outbox, closing, alerts = self._outbox, self._closing, self._alerts
        # Taken before serializing: a message that can't be sent must not stay queued and
        # fail every later flush, which would turn one bad reply into a dead server.
        self._outbox, self._closing, self._alerts = [], [], []
        self._written_lines = 0
        cache: dict[tuple[int, frozenset[str]], bytes] = {}
        for people, message in outbox:
            if isinstance(message, Written):
                out.append(SendFramed([p.conn for p in people], message.wire))
                continue
            for line, conns in lines_for(people, message, cache):
                out.append(Send(conns, line))
        if closing or alerts:  # seldom: most lines only send
            out.extend(closing)
            out.extend(alerts)
        return out


def _lines_in(message: Message | Written) -> int:
    return message.count if isinstance(message, Written) else 1


def address_shares(config: ServerConfig) -> FairShare:
    """The addresses' shares: never less than one person's (a rate at least theirs, a burst
    of at least as many lines), so a room that lifts flood control lifts both."""
    cost = min(config.address_flood_cost_s, config.flood_cost_s)
    person_burst = config.flood_allowance_s / config.flood_cost_s if config.flood_cost_s else 0.0
    return FairShare(cost, max(config.address_flood_allowance_s, person_burst * cost))
