"""ChatApp: the window's owner. It starts the server and the client, and routes their events.

Hosting: the embedded server starts on its thread; when it reports Started, our own client
joins it over 127.0.0.1 holding the host secret, which makes it the room's operator.
Joining: the client connects to the typed address and joins the room the server lists.
Discovery: the host announces its room, and the Join page lists the rooms it finds
(DiscoveryLink, docs/discovery.md).
History: the host keeps the room's lessons in paths.data_dir()/history.sqlite3 and says so;
the Room menu saves a conversation, finds in it, and (for the host) lists the lessons and
clears the history (room_history.py).
Everything here runs on the Tk thread; workers are reached only through their methods.
"""

import logging
import os
import queue
import secrets
import time
import tkinter as tk
from collections import deque
from functools import partial
from tkinter import ttk

from chatgui import __version__, events, limits
from chatgui.net.client import ChatClient
from chatgui.net.server import ChatServer, ServerConfig
from chatgui.protocol import caps
from chatgui.protocol.client import controls
from chatgui.protocol.client.address import Address
from chatgui.protocol.message import Message
from chatgui.protocol.names import casefold, is_channel
from chatgui.ui import commands, room_history, wording
from chatgui.ui.chat_view import SERVER, ChatView
from chatgui.ui.closing import Closing
from chatgui.ui.discovery_link import DiscoveryLink
from chatgui.ui.found_rooms import found_channel, found_title
from chatgui.ui.input_box import Outcome
from chatgui.ui.join_info import JoinInfo
from chatgui.ui.menu import CLEAR_HISTORY, RoomActions, build_menu, room_open
from chatgui.ui.outage import Outage
from chatgui.ui.pump import EventPump
from chatgui.ui.room_trust import RoomTrust, TrustProblem
from chatgui.ui.routing import route
from chatgui.ui.save_choice import SaveChoice
from chatgui.ui.select_all import bind_select_all
from chatgui.ui.settings import Settings, load_identity, load_settings, save_settings
from chatgui.ui.start_screen import StartScreen
from chatgui.ui.teacher import TeacherControls
from chatgui.ui.theme import PALETTES, Fonts
from chatgui.ui.transcript import INFO, WARNING
from chatgui.ui.validation import channel_for_room, default_name

log = logging.getLogger(__name__)
TITLE = "chatgui"


class ChatApp:
    """One window: the start screen, then the chat view. Owns the workers it starts."""

    def __init__(self, root: tk.Tk, settings: Settings | None = None) -> None:
        self.root = root
        self.settings = settings or load_settings()
        self.identity = load_identity()
        self.settings.name = self.settings.name or default_name()
        self.events: queue.Queue[events.ChatEvent] = queue.Queue(maxsize=limits.EVENT_QUEUE_MAX)
        self.fonts = Fonts(root, self.settings.font_size)
        self.server: ChatServer | None = None
        self.client: ChatClient | None = None
        self.view: ChatView | None = None
        self.room = ""
        self.channel = ""
        self.host_secret = ""
        self.nick = ""
        self.display_name = ""
        """Our name as typed, where the server made the nick plain ("Zoë" for "Zoe"), or ""."""
        self.mentions = 0
        self._pending: dict[int, str] = {}
        # Lines of the lesson view from before the chat view exists (connecting, registering).
        self._early_lines: deque[events.RawLine] = deque(maxlen=limits.LESSON_VIEW_MAX_LINES)
        self.discovery = DiscoveryLink(self.events)
        self.trust = RoomTrust()
        self.joining: events.RoomFound | None = None  # the found room being joined, if any
        self.address_text = ""  # as typed on the Join page
        self._password: str | None = None  # the room password or host key of this join
        self._address: Address | None = None  # where the client connects
        self.outage = Outage(self)
        self.join_info = JoinInfo(root)  # the host's room: its key, address and room code
        self.host_password = ""
        self.room_key = ""  # the Join page's password: the server's, and the room's (+k) too
        self.history_status: events.HistoryStatus | None = None  # the host's, once open
        self.caps: frozenset[str] = frozenset()
        self.closing = Closing(self)
        self.save_choice: SaveChoice | None = None  # asked before saving private questions
        root.title(TITLE)
        root.minsize(640, 460)
        root.geometry("900x700")
        root.protocol("WM_DELETE_WINDOW", partial(self.closing.ask_before, self.quit))
        root.report_callback_exception = self._report_callback_error
        bind_select_all(root)
        self.theme_choice = tk.StringVar(value=self.settings.theme)
        actions = RoomActions(
            partial(room_history.save_transcript, self),
            partial(room_history.history_info, self),
            partial(room_history.clear_history, self),
            self.find,
            partial(self.closing.ask_before, self.leave),  # asked first: closing.py
        )
        self.lesson_shown = tk.BooleanVar(root, value=False)
        self.room_menu = build_menu(
            root,
            self.theme_choice,
            self.zoom,
            self._theme_picked,
            actions,
            self.lesson_shown,
            lambda: self.show_lesson(self.lesson_shown.get()),
        )
        self.teacher = TeacherControls(self)
        self.start = StartScreen(
            root, self.settings, self.host, self.join, (self.fonts.big.name, self.fonts.text.name)
        )
        self.start.frame.pack(fill="both", expand=True)
        self.start.on_page = self._page_shown
        self.start.lesson.lesson_of = room_history.lesson_to_continue
        self.pump = EventPump(root, self.events, self.on_event)
        self._apply_theme()

    # --- the menu and the view ---

    def zoom(self, step: int) -> None:
        size = max(8, min(32, self.fonts.size + step))
        self.fonts.resize(size)
        self.settings.font_size = size
        save_settings(self.settings)

    def show_lesson(self, shown: bool) -> None:
        """View → Show what is sent: the pane shows, and the client reports lines, or neither."""
        self.lesson_shown.set(shown)
        if self.view is not None:
            self.view.show_lesson(shown)
        if self.client is not None:
            self.client.show_lines(shown)

    def _theme_picked(self) -> None:
        self.set_theme(self.theme_choice.get())

    def set_theme(self, theme: str) -> None:
        """Switch to "light", "dark" or "high contrast", and remember it."""
        self.settings.theme = theme
        self.theme_choice.set(theme)
        save_settings(self.settings)
        self._apply_theme()

    def _apply_theme(self) -> None:
        palette = PALETTES[self.settings.theme]
        style = ttk.Style(self.root)
        style.theme_use("clam")
        style.configure(
            ".",
            background=palette.background,
            foreground=palette.foreground,
            font=self.fonts.text.name,
        )
        style.configure("TEntry", fieldbackground=palette.background, foreground=palette.foreground)
        style.map("TButton", background=[("active", palette.selection)])
        self.root.configure(background=palette.background)
        if self.view is not None:
            self.view.apply(palette)

    # --- hosting and joining ---

    def host(self, name: str, room: str, password: str) -> None:
        """Open a room: start the server; on_event continues when it has started."""
        self.settings.encrypted_only = encrypted_only = self.start.encrypted_only.get()
        self._remember(name=name, room=room)
        self.nick, self.room, self.channel = name, room, channel_for_room(room)
        self.host_secret = secrets.token_urlsafe(18)
        self.host_password, self.joining, self.room_key = password, None, ""
        config = ServerConfig(
            network=room,
            version=__version__,
            password=password or None,
            host_secret=self.host_secret,
            host_name=name,  # the teacher's name is theirs from the start
            rooms=(self.channel,),
            students_open_rooms=self.settings.students_open_rooms,
            motd=(f"Welcome to {room}.", "Be kind, and remember the room can be saved."),
            keep_private=self.start.keep_private.get(),
            word_filter=tuple(self.settings.word_filter),
            word_filter_action=self.settings.word_filter_action,
        )
        bind = os.environ.get("CHATGUI_BIND") or None
        port = int(os.environ["CHATGUI_PORT"]) if os.environ.get("CHATGUI_PORT") else None
        history, lesson = room_history.history_file(), self.start.lesson.plan(room)
        tls = self.join_info.key(encrypted_only)
        self.server = ChatServer(
            config,
            self.events,
            bind=bind,
            port=port,
            history=history,
            lesson=lesson,
            tls=tls,
            plain=tls is None or not encrypted_only,
        )
        self.server.start()

    def join(
        self, name: str, address_text: str, password: str, host_key: str = "", code: str = ""
    ) -> None:
        """Connect to a room, over TLS with its key checked where it offers TLS (room_trust.py);
        a host key (a `serve` room's) goes as the password, which makes us its host, while the
        room password still opens the room (+k)."""
        self._remember(name=name)
        self.joining = found = self.start.found.chosen(address_text)
        try:
            address = self.trust.address_for(address_text, found, code)
        except TrustProblem as problem:
            self.start.ask_for_code(str(problem))
            return
        self.nick, self.room, self.channel = name, address_text, found_channel(found)
        self.address_text = str(address) if address.tls else address_text  # listed so next time
        self.room_key, self._password = password, host_key or password or None
        self._connect(address, self._password)

    def _connect(self, address: Address, password: str | None) -> None:
        self._address = address
        self.client = ChatClient(self.events, self.identity)
        self.client.show_lines(self.lesson_shown.get())
        self.client.connect(address, self.nick, password)
        if self.channel:
            self.client.join(self.channel, self.room_key)

    def _page_shown(self, page: str) -> None:
        """The Join page lists the rooms on the network while it shows, and only then."""
        if page == "join":
            self.start.found.searching()
            self.discovery.start_finding()
        else:
            self.discovery.stop_finding()
            self.start.found.stopped()

    def _remember(self, name: str, room: str | None = None) -> None:
        self.settings.name = name
        if room is not None:
            self.settings.room_name = room
        save_settings(self.settings)

    # --- events from the workers ---

    def on_event(self, event: events.ChatEvent) -> None:
        """Every worker event arrives here, on the Tk thread, through the pump."""
        if isinstance(event, events.ServerStarted):
            self._server_started(event)
        elif isinstance(event, events.ServerFailed):
            self.server = None
            self.start.fail(event.reason)
        elif isinstance(event, events.WorkerCrashed):
            self._say_in_window(wording.worker_crashed(event.role))
        elif isinstance(event, events.ConnectFailed):
            self._connect_failed(event)
        elif isinstance(event, events.RoomKeySeen):
            self.trust.key_seen(event.fingerprint)
        elif isinstance(event, events.Connected):
            self._connected(event)
        elif isinstance(event, events.RoomFound):
            if self.discovery.finder is not None:
                self.start.found.found(event)
            self.outage.announced(event)
        elif isinstance(event, events.RoomLost):
            self.start.found.lost(event.key)
        elif isinstance(event, events.RawLine) and self.view is None:
            self._early_lines.append(event)
        elif isinstance(event, events.RoomAnnounced):
            log.info("the room is announced by %s", " and ".join(event.via) or "nothing")
        elif self.view is not None:
            route(self, self.view, event)

    def _server_started(self, event: events.ServerStarted) -> None:
        self.join_info.opened(event)
        self.history_status = event.history
        self.room_menu.entryconfigure(CLEAR_HISTORY, state="normal")
        self._connect(self.join_info.own_address(), self.host_secret)
        password, fingerprint = bool(self.host_password), event.fingerprint or None
        self.discovery.announce(
            self.room,
            self.channel,
            self.nick,
            password,
            event.port,
            event.addresses,
            tls_port=event.tls_port,
            fingerprint=fingerprint,
        )

    def _connect_failed(self, event: events.ConnectFailed) -> None:
        self.stop_workers()
        plain = self.trust.plain_instead(event)
        if plain is not None:  # no TLS at the usual port: the room is plain only
            self.address_text = str(plain)
            self._connect(plain, self._password)
            return
        found, unreachable = self.joining, event.reason in ("refused", "timed out", "no route")
        if found is not None and unreachable:
            text = wording.found_room_unreachable(
                found_title(found), found.host, event.port, event.reason
            )
        else:
            text = self.trust.refusal(event)
        if event.reason in ("key changed", "wrong code"):
            self.start.ask_for_code(text)
        else:
            self.start.fail(text)

    def _connected(self, event: events.Connected) -> None:
        self.nick, self.caps = event.nick, event.caps
        if self.server is None:  # a found room's title, else the network's name: chatgui
            # servers of one room name their network after it ("Class chat")
            self.room = found_title(self.joining) if self.joining else event.network
        if self.view is None:
            self._open_chat_view()
        assert self.view is not None
        self.view.history_kept(caps.CHATHISTORY in event.caps)
        self.view.status.set(self._connected_line())
        if not self.server:
            self.settings.remember_address(self.address_text)
            save_settings(self.settings)
            if not self.channel and self.client is not None:
                self.client.send_raw(Message("LIST"))
        self.outage.back()

    def _where(self) -> str:
        return "your room" if self.server else self.address_text or "the room"

    def _connected_line(self) -> str:
        """The status bar once in: where, as whom, and whether the network can read it."""
        address = self._address
        tls = address is not None and address.tls
        readable = address is not None and not tls and not address.on_loopback
        return wording.connected(self._where(), self._shown_name(), tls, readable)

    def own_name_changed(self, nick: str, typed: str = "") -> None:
        """We are `nick` now: the title and status bar say it, and it is our name next time.
        `typed`: the name as typed where the server made the nick plain ("Zoë" for "Zoe")."""
        self.nick, self.display_name = nick, typed
        self.show_title()
        if self.view is not None:
            self.view.status.set(self._connected_line())
        self.settings.name = typed or nick
        save_settings(self.settings)

    def _shown_name(self) -> str:
        """Our name for the title and status bar: "Zoë (Zoe here)" on a server of plain names."""
        plain = self.display_name and self.display_name != self.nick
        return f"{self.display_name} ({self.nick} here)" if plain else self.nick

    def _open_chat_view(self) -> None:
        self.start.frame.pack_forget()
        self._page_shown("chat")
        self.root.unbind("<Return>")
        self.view = ChatView(
            self.root,
            self.fonts,
            self.handle_input,
            self.open_private,
            self.load_older,
            self.search_host,
            self.teacher.toggle_hand,
            self.teacher.open_member_menu,
        )
        self.view.on_lower = self.teacher.lower_hand
        self.view.on_shown = self.closing.shown
        self.view.marks_of = self.teacher.marks_of
        self.view.frame.pack(fill="both", expand=True)
        room_open(self.room_menu, True)
        self.view.show_lesson(self.lesson_shown.get())
        for line in self._early_lines:
            self.view.lesson.add(line.direction, line.at, line.text)
        self._early_lines.clear()
        self.root.bind("<FocusIn>", self._seen_mentions, add="+")
        self.view.apply(PALETTES[self.settings.theme])
        self.view.open(SERVER)
        if self.server is not None:
            how_to_join = partial(self.join_info.show, self.room)
            self.view.show_join_line(self.join_info.line(), self.join_info.code, how_to_join)
        self.show_title()

    def _seen_mentions(self, event: "tk.Event[tk.Misc]") -> None:
        if self.mentions:
            self.mentions = 0
            self.show_title()

    def show_title(self) -> None:
        """Room, name and unread mentions in the title: several windows stay told apart."""
        mentions = f"({self.mentions}) " if self.mentions else ""
        self.root.title(f"{mentions}{self.room} — {self._shown_name()} — {TITLE}")

    def follow_rename(self, old: str, new: str) -> None:
        """Our messages still on their way to `old` are marked in the conversation `new`."""
        for local_id, target in self._pending.items():
            if casefold(target) == casefold(old):
                self._pending[local_id] = new

    def pending_conversation(self, local_id: int, settled: bool = False) -> str | None:
        """Where our message `local_id` was typed. `settled`: the server took it or refused
        it, so it is forgotten (one entry per message sent would otherwise pile up)."""
        if settled:
            return self._pending.pop(local_id, None)
        return self._pending.get(local_id)

    # --- what the person does ---

    def handle_input(self, conversation: str, text: str) -> Outcome:
        """A line typed in `conversation`: sent (the box stays empty), or kept to be mended."""
        action = commands.parse_input(text, conversation)
        if action is None or self.client is None or self.view is None:
            return Outcome.KEPT
        if self.closing.refuses(conversation):
            return Outcome.KEPT
        if isinstance(action, commands.Usage):
            self.view.open(conversation).add_notice(INFO, action.text)
            return Outcome.REPLACE if action.replace else Outcome.KEPT
        if isinstance(action, commands.Say):
            if action.target == SERVER:
                self.view.open(SERVER).add_notice(
                    INFO, "This is the room's message list. Pick a room on the left to talk."
                )
                return Outcome.KEPT
            local_id = self.client.say(action.target, action.text, action=action.action)
            self._pending[local_id] = action.target
            self.view.open(action.target, show=True).add_message(
                self.nick,
                action.text,
                time.time(),
                own=True,
                action=action.action,
                local_id=local_id,
                badge=self.teacher.my_status(action.target if is_channel(action.target) else ""),
            )
        elif isinstance(action, commands.ChangeNick):
            self.client.change_nick(action.nick)
        elif isinstance(action, commands.JoinRoom):
            self.client.join(action.channel, action.key)
        elif isinstance(action, commands.LeaveRoom):
            self.client.part(action.channel, action.reason)
        elif isinstance(action, commands.SetTopic):
            self.client.send_raw(Message("TOPIC", (action.channel, action.topic)))
        elif isinstance(action, commands.SetAway):
            self.client.set_away(action.text)
        elif isinstance(action, commands.PersonControl):
            self.teacher.person(action)
        elif isinstance(action, commands.RoomControl):
            self.teacher.room_setting(action)
        elif isinstance(action, commands.RawMode):
            self.client.send_raw(Message("MODE", action.params))
        elif isinstance(action, commands.ToggleHand):
            self.teacher.toggle_hand()
        elif isinstance(action, commands.AskHelpers):
            self.ask_helpers(action.channel, action.text)
        else:
            for line in commands.help_lines(self.teacher.in_charge(self.teacher.channel())):
                self.view.open(conversation).add_notice(INFO, line)
        return Outcome.SENT

    def ask_helpers(self, channel: str, text: str) -> None:
        """A question to the host and helpers of `channel` only, shown in the room marked so."""
        if self.client is None or self.view is None:
            return
        local_id = self.client.say(controls.to_helpers(channel), text)
        self._pending[local_id] = channel
        self.view.open(channel, show=True).add_message(
            self.nick,
            text,
            time.time(),
            own=True,
            local_id=local_id,
            to_helpers=True,
            badge=self.teacher.my_status(channel),
        )

    def open_private(self, nick: str) -> None:
        if self.view is not None and casefold(nick) != casefold(self.nick):
            self.view.open(nick, show=True)

    def load_older(self, room: str) -> None:
        if self.client is not None:
            self.client.load_older(room)

    def search_host(self, room: str, words: str) -> bool:
        """Ask the host to search `room`'s history; False when it can't (or we are not in)."""
        if self.client is None or caps.SEARCH not in self.caps:
            return False
        self.client.search(room, words)
        return True

    def find(self) -> None:
        """Ctrl+F: the find bar over the conversation shown."""
        if self.view is not None:
            self.view.find.open()

    def leave(self) -> None:
        """Back to the start screen; a host's leaving closes the room for everyone."""
        self.room_menu.entryconfigure(CLEAR_HISTORY, state="disabled")
        room_open(self.room_menu, False)
        self.history_status = None
        self.outage.ended()
        self.join_info.close()
        self.stop_workers()
        if self.view is not None:
            self.view.frame.destroy()
            self.view = None
        self.teacher = TeacherControls(self)  # a new room starts with nothing known
        self.teacher.refresh()
        self.closing.forget()
        self.root.title(TITLE)
        self.start.frame.pack(fill="both", expand=True)
        self.start.show("choice")

    def stop_workers(self) -> None:
        """The room first: everyone hears that the host closed it, not that the host left.
        Its goodbyes after: a Join page believes a goodbye only once the room stops answering
        with its key (discovery/key_check.py)."""
        if self.server is not None:
            self.server.stop()
            self.server = None
        self.discovery.stop_announcing()
        if self.client is not None:
            self.client.close()
            self.client = None

    def quit(self) -> None:
        if self.client is not None and self.server is None:
            self.client.quit("Closed the window")
        self.stop_workers()
        self.discovery.stop()
        self.pump.stop()
        self.root.destroy()

    # --- errors ---

    def _say_in_window(self, text: str) -> None:
        if self.view is not None:
            self.view.status.set(text)
            self.view.open(SERVER).add_notice(WARNING, text)
        else:
            self.start.fail(text)

    def _report_callback_error(
        self, kind: type[BaseException], error: BaseException, trace: object
    ) -> None:
        log.error("error in a window callback", exc_info=(kind, error, trace))  # type: ignore[arg-type]
        self._say_in_window(
            "Something went wrong in the window. It keeps working; the details are in the log file."
        )
