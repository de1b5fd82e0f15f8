"""ChatPage: the chat view and the parts that act in it, made when the room first lets us in
and dropped on Leave. Each part is given what it needs (the room session, the view, the
client), never the window's owner; ChatApp.on_event hands the page its events (PageEvent),
and ChatPage.on_event hands each to the part it is for.

The page itself keeps what belongs to the page: the title bar (window_title.py: the unread
count, the room, our name), a message's way to the Notifier (notify.py), what is typed and
where our messages on their way were typed.
"""

import time
import tkinter as tk
from collections.abc import Callable, Iterable
from typing import TypeAlias, assert_never

from chatgui import events
from chatgui.net.client import ChatClient
from chatgui.net.server_process import ServerProcess
from chatgui.protocol import caps
from chatgui.protocol.client.address import Address
from chatgui.protocol.names import casefold, is_channel
from chatgui.ui import commands, routing, wording
from chatgui.ui.chat_view import SERVER, ChatView
from chatgui.ui.closing import Closing
from chatgui.ui.discovery_link import DiscoveryLink
from chatgui.ui.input_box import Outcome
from chatgui.ui.notify import Notifier, arrival_of, in_front, reading
from chatgui.ui.outage import Outage
from chatgui.ui.page_context import PageContext
from chatgui.ui.room_session import RoomSession
from chatgui.ui.settings import Settings, save_settings
from chatgui.ui.teacher import TeacherControls
from chatgui.ui.theme import Fonts, Palette
from chatgui.ui.transcript import INFO
from chatgui.ui.window_title import window_title

PageEvent: TypeAlias = (
    events.MessageReceived
    | events.MessageSent
    | events.MessageQueued
    | events.MessageRefused
    | events.Joined
    | events.Parted
    | events.MembersChanged
    | events.RoomModesChanged
    | events.HandsChanged
    | events.NickChanged
    | events.NameTaken
    | events.HistoryLoaded
    | events.SearchResults
    | events.TopicChanged
    | events.Invited
    | events.ScreenCleared
    | events.ConnectionLost
    | events.Connecting
    | events.RoomClosed
    | events.RoomsListed
    | events.StudentRooms
    | events.Problem
    | events.ServerText
    | events.HistoryStatus
    | events.HostWarning
    | events.HistoryCleared
    | events.AwayChanged
)
"""The chat page's events. Before the page opens (the room has not let us in yet) and after
Leave they are ignored: there is nothing to show them in."""


class ChatPage:
    """One room's page of the window, from the first Connected to Leave."""

    def __init__(
        self,
        root: tk.Tk,
        fonts: Fonts,
        settings: Settings,
        session: RoomSession,
        client: ChatClient,
        address: Address | None,
        server: ServerProcess | None,
        room_menu: tk.Menu,
        discovery: DiscoveryLink,
        leave: Callable[[], None],
        stop_workers: Callable[[], None],
    ) -> None:
        """`address`: where the client connected (the status bar says if it is encrypted);
        `server`: the window's own room, when it hosts; `leave()` goes back to the start."""
        self.root, self.settings, self.session, self.client = root, settings, session, client
        self.address = address
        self.notifier = Notifier(root, settings, self.show_title)
        self._floor: tuple[int, int] = root.minsize()  # the start screen's smallest size
        self._pending: dict[int, str] = {}  # our messages on their way → where they were typed
        self._away_text = ""  # what our last /away said, for its confirmation
        self._away_asked = False  # a typed /away waits for the room's answer, to confirm it
        view = self.view = ChatView(
            root, fonts, self.handle_input, self.open_private, self.load_older, self.search_host
        )
        parts = PageContext(root, session, view, client)
        self.closing = Closing(parts, leave, stop_workers)
        self.outage = Outage(parts, discovery)
        self.teacher = TeacherControls(
            parts, fonts, server, settings, room_menu, self.ask_helpers, self.open_private
        )
        view.on_shown = self._shown

    def show(self, lesson_shown: bool, early: Iterable[events.RawLine], palette: Palette) -> None:
        """Put the view in the window, the lesson view with the `early` lines sent and
        received before it opened."""
        view = self.view
        view.outer.pack(fill="both", expand=True)
        self.fonts_changed()
        view.show_lesson(lesson_shown)
        for line in early:
            view.lesson.add(line.direction, line.at, line.text)
        view.apply(palette)
        view.open(SERVER)

    def close(self) -> None:
        """We left: nothing is waited for, and the view goes."""
        self.outage.ended()
        self.view.outer.destroy()
        self.root.minsize(*self._floor)

    def fonts_changed(self) -> None:
        """The text size changed: the page follows it, and so does the window's smallest
        size (never below the start screen's)."""
        self.view.fonts_changed()
        width, height = self.view.min_size()
        self.root.minsize(max(width, self._floor[0]), max(height, self._floor[1]))

    def on_event(self, event: PageEvent, join_problem: str) -> None:
        """One match over the page's events, ending in assert_never (mypy checks it)."""
        match event:
            case events.MessageReceived():
                self.message(event)
            case events.MessageSent():
                self.mark(event.local_id, "", event.msgid, settled=True)
            case events.MessageQueued():
                self.mark(event.local_id, wording.waiting_for(event.for_person))
            case events.MessageRefused():
                self.mark(event.local_id, routing.refusal(self.view, event), settled=True)
            case events.Joined():
                self.joined(event, join_problem)
            case events.Parted():
                routing.parted(self.view, self.closing, event)
                self.show_title()  # no room open any more, maybe
            case events.MembersChanged():
                self.members_changed(event)
            case events.RoomModesChanged():
                self.teacher.modes_changed(event)
            case events.HandsChanged():
                self.teacher.hands_changed(event)
            case events.NickChanged():
                self.nick_changed(event)
            case events.NameTaken():
                self.name_taken(event)
            case events.HistoryLoaded():
                routing.history_loaded(self.view, event)
            case events.SearchResults():
                self.view.find.show_host_results(event)
            case events.TopicChanged():
                self.view.set_topic(event.channel, event.topic)  # said by its control line
                self.teacher.tools.topic_changed(event)
            case events.Invited():
                self.teacher.tools.invited(event)
            case events.ScreenCleared():
                self.teacher.tools.screen_cleared(event)
            case events.ConnectionLost():
                self.outage.lost(event)
            case events.Connecting():
                routing.connecting(self.view, event)
                self.outage.connecting(event)
            case events.RoomClosed():
                self.closing.room_closed()
            case events.RoomsListed():
                routing.rooms_listed(self.view, self.session, self.client, event)
                self.show_title()
                self.teacher.rooms.listed(event)
            case events.StudentRooms():
                self.teacher.rooms.student_rooms(event)
            case events.Problem():
                routing.problem(self.view, event)
            case events.ServerText():
                routing.server_text(self.view, event)
            case events.HistoryStatus():
                routing.history_status(self.view, self.session, event)
            case events.HostWarning():
                routing.host_warning(self.view, self.session, event)
            case events.HistoryCleared():
                routing.history_cleared(self.view, event)
            case events.AwayChanged():
                self.away_changed(event)
            case _:
                assert_never(event)

    # --- the title and status bars ---

    def connected(self, event: events.Connected) -> None:
        self.view.history_kept(caps.CHATHISTORY in event.caps)
        self.view.status.set(self._connected_line())

    def _connected_line(self) -> str:
        """The status bar once in: where, as whom, and whether the network can read it."""
        address, session = self.address, self.session
        tls = address is not None and address.tls
        readable = address is not None and not tls and not address.on_loopback
        where = "your room" if session.hosting else session.address_text or "the room"
        return wording.connected(where, self._shown_name(), tls, readable)

    def own_name_changed(self, nick: str, typed: str = "") -> None:
        """We are `nick` now: the title and status bar say it, and it is our name next time.
        `typed`: the name as typed where the server made the nick plain ("Zoë" for "Zoe")."""
        self.session.nick, self.session.typed_name = nick, typed
        self.show_title()
        self.view.status.set(self._connected_line())
        self.settings.name = typed or nick
        save_settings(self.settings)

    def _shown_name(self) -> str:
        """Our name for the title and status bar: "Zoë (Zoe here)" on a server of plain names."""
        nick, typed = self.session.nick, self.session.typed_name
        return f"{typed} ({nick} here)" if typed and typed != nick else nick

    def turn_ended(self) -> None:
        """The event pump's turn is over: the lines and the count it held back go on screen."""
        self.view.flush()
        self.notifier.turn_ended()

    def focused(self) -> None:
        """The window has the focus: the conversation it shows is read."""
        self.notifier.read(self.view.current)

    def _shown(self, key: str) -> None:
        self.closing.shown(key)
        if reading(self.view, key, in_front(self.root)):
            self.notifier.read(key)

    def show_title(self) -> None:
        """Unread count, room, name in the title (window_title.py); the room only while open."""
        channel = casefold(self.session.channel)
        room = self.session.title if channel and channel in self.view.transcripts else ""
        self.notifier.still_open(self.view.transcripts)
        self.root.title(window_title(self.notifier.unread, room, self._shown_name()))

    # --- what the room says ---

    def message(self, event: events.MessageReceived) -> None:
        mention = routing.message(self.view, self.session.nick, event)
        if event.to_helpers:
            self.teacher.tools.question_arrived(event.conversation)
        front = self.notifier.window_in_front()
        self.notifier.message_arrived(arrival_of(event, mention, self.view, front))

    def mark(
        self, local_id: int, status: str, msgid: str | None = None, settled: bool = False
    ) -> None:
        """Our message `local_id`: waiting, refused or in (`settled`, then forgotten)."""
        conversation = self.pending_conversation(local_id, settled)
        if conversation is not None:
            self.view.open(conversation).mark(local_id, status, msgid, settled)

    def pending_conversation(self, local_id: int, settled: bool = False) -> str | None:
        """Where our message `local_id` was typed. `settled`: the server took it or refused
        it, so it is forgotten (one entry per message sent would otherwise pile up)."""
        if settled:
            return self._pending.pop(local_id, None)
        return self._pending.get(local_id)

    def joined(self, event: events.Joined, problem: str) -> None:
        routing.joined(self.view, self.session, self.closing, problem, event)
        if event.is_me:
            self.show_title()

    def members_changed(self, event: events.MembersChanged) -> None:
        self.view.set_members(event.channel, event.members)
        self.closing.members_seen(event.members)
        self.teacher.refresh()

    def away_changed(self, event: events.AwayChanged) -> None:
        """Our own away, as the room took it, is confirmed where we are, once per /away typed
        (the client sets it again after a reconnect: nothing new to say). The member list
        shows everyone's, from MembersChanged."""
        if casefold(event.nick) == casefold(self.session.nick) and self._away_asked:
            self._away_asked = False
            words = commands.away_words(event.away, self._away_text)
            self.view.open(self.view.conversation_name() or SERVER).add_notice(INFO, words)

    def nick_changed(self, event: events.NickChanged) -> None:
        """Our messages still on their way to the old name are marked under the new one;
        our own new name goes into the title, status bar and settings."""
        now_called = routing.nick_changed(self.view, event)
        if now_called is not None:
            self.notifier.renamed(event.old, now_called)
            for local_id, target in self._pending.items():
                if casefold(target) == casefold(event.old):
                    self._pending[local_id] = now_called
        if event.is_me:
            self.own_name_changed(event.new)

    def name_taken(self, event: events.NameTaken) -> None:
        if event.plain_letters:
            self.own_name_changed(event.given, typed=event.wanted)
        routing.name_taken(self.view, event)

    # --- what the person does ---

    def handle_input(self, conversation: str, text: str) -> Outcome:
        """A line typed in `conversation`: sent (the box stays empty), or kept to be mended."""
        action = commands.parse_input(text, conversation)
        if action is None or self.closing.refuses(conversation):
            return Outcome.KEPT
        client, view, teacher = self.client, self.view, self.teacher
        if isinstance(action, commands.Usage):
            view.open(conversation).add_notice(INFO, action.text)
            return Outcome.REPLACE if action.replace else Outcome.KEPT
        rooms = {
            k: t for k, t in view.headings.items() if is_channel(k) and not self.closing.refuses(k)
        }
        answer = commands.already_so(action, self.session.nick, rooms)
        if answer:  # nothing to send: a room already joined is shown
            where = action.channel if isinstance(action, commands.JoinRoom) else conversation
            view.open(where, show=True).add_notice(INFO, answer)
            return Outcome.SENT
        if self.outage.since is not None and commands.needs_the_room(action):
            view.open(conversation).add_notice(INFO, commands.NOT_WHILE_AWAY)
            return Outcome.KEPT
        if isinstance(action, commands.Say):
            if action.target == SERVER:
                view.open(SERVER).add_notice(
                    INFO, "Nothing typed in Notices is sent. Pick a room on the left to talk."
                )
                return Outcome.KEPT
            self._say(action)
        elif isinstance(action, commands.ChangeNick):
            client.change_nick(action.nick)
        elif isinstance(action, commands.JoinRoom):
            client.join(action.channel, action.key)
        elif isinstance(action, commands.LeaveRoom):
            client.part(action.channel, action.reason)
        elif isinstance(action, commands.SetTopic):
            client.set_topic(action.channel, action.topic)
        elif isinstance(action, commands.SetAway):
            self._away_text, self._away_asked = action.text, True
            client.set_away(action.text)
        elif isinstance(action, commands.PersonControl):
            teacher.person(action)
        elif isinstance(action, commands.RoomControl):
            teacher.room_setting(action)
        elif isinstance(action, commands.RawMode):
            client.set_modes(action.params)
        elif isinstance(action, commands.ToggleHand):
            teacher.toggle_hand()
        elif isinstance(action, commands.AskHelpers):
            self.ask_helpers(action.channel, action.text)
        else:
            for line in commands.help_lines(teacher.in_charge(teacher.channel())):
                view.open(conversation).add_notice(INFO, line)
        return Outcome.SENT

    def _say(self, action: commands.Say) -> None:
        local_id = self.client.say(action.target, action.text, action=action.action)
        self._pending[local_id] = action.target
        self.view.open(action.target, show=True).add_message(
            self.session.nick,
            action.text,
            time.time(),
            own=True,
            action=action.action,
            local_id=local_id,
            badge=self.teacher.my_status(action.target if is_channel(action.target) else ""),
        )

    def ask_helpers(self, channel: str, text: str) -> None:
        """A question to the host and helpers of `channel` only, shown in the room marked so."""
        local_id = self.client.ask_helpers(channel, text)
        self._pending[local_id] = channel
        self.view.open(channel, show=True).add_message(
            self.session.nick,
            text,
            time.time(),
            own=True,
            local_id=local_id,
            to_helpers=True,
            badge=self.teacher.my_status(channel),
        )

    def open_private(self, nick: str) -> None:
        if casefold(nick) != casefold(self.session.nick):
            self.view.open(nick, show=True)

    def load_older(self, room: str) -> None:
        self.client.load_older(room)

    def search_host(self, room: str, words: str) -> bool:
        """Ask the host to search `room`'s history; False when it can't."""
        if caps.SEARCH not in self.session.caps:
            return False
        self.client.search(room, words)
        return True
