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
import queue
import secrets
import tkinter as tk
from collections import deque
from collections.abc import Callable
from functools import partial

from chatgui import events, limits
from chatgui.net.client import ChatClient
from chatgui.net.server_process import ServerProcess
from chatgui.protocol.client.address import Address
from chatgui.ui import room_history, wording
from chatgui.ui.chat_page import ChatPage
from chatgui.ui.chat_view import SERVER
from chatgui.ui.discovery_link import DiscoveryLink
from chatgui.ui.found_rooms import found_channel, found_title
from chatgui.ui.hosting import CLOSING_THE_ROOM, RoomClosing, cap_per_computer, flood_pace, own_room
from chatgui.ui.join_info import JoinInfo, joinable
from chatgui.ui.keyboard import bind_window_keys, enter_presses_buttons
from chatgui.ui.menu import CLEAR_HISTORY, RoomActions, build_menu, drop_room_items, room_open
from chatgui.ui.pump import EventPump
from chatgui.ui.room_session import RoomSession
from chatgui.ui.room_trust import RoomTrust, TrustProblem
from chatgui.ui.save_choice import SaveChoice
from chatgui.ui.select_all import bind_select_all
from chatgui.ui.settings import Settings, load_identity, load_settings, save_settings
from chatgui.ui.settings_dialog import SettingsDialog, add_to_view_menu
from chatgui.ui.start_screen import OPENING_THE_ROOM, StartScreen
from chatgui.ui.theme import Fonts, Looks, Palette
from chatgui.ui.transcript import WARNING
from chatgui.ui.validation import channel_for_room, default_name
from chatgui.ui.window_title import TITLE

log = logging.getLogger(__name__)


class ChatApp:
    """One window: the start screen, then the chat view. Owns the workers it starts."""

    def __init__(self, root: tk.Tk, settings: Settings | None = None) -> None:
        self.root = root
        self.settings = settings or load_settings()
        self.identity = load_identity()
        self.settings.name = self.settings.name or default_name()
        self.events: queue.Queue[events.ChatEvent] = queue.Queue(maxsize=limits.EVENT_QUEUE_MAX)
        self.fonts = Fonts(root, self.settings.font_size)
        self.server: ServerProcess | None = None
        self.closing = RoomClosing()  # our last room, until its process has ended
        self._quitting = False  # the window closes once its room has ended
        self.client: ChatClient | None = None
        self.session = RoomSession()  # a new one on each Host and Join
        self.page: ChatPage | None = None  # the chat view and its parts, once in a room
        self.host_password = ""  # our own room's password, as typed on the Host page
        # Lines of the lesson view from before the chat view exists (connecting, registering).
        self._early_lines: deque[events.RawLine] = deque(maxlen=limits.LESSON_VIEW_MAX_LINES)
        self.discovery = DiscoveryLink(self.events)
        self.trust = RoomTrust()
        self._password: str | None = None  # the room password or host key of this join
        self._address: Address | None = None  # where the client connects
        self.join_info = JoinInfo(root)  # the host's room: its key, address and room code
        self.save_choice: SaveChoice | None = None  # asked before saving private questions
        root.title(TITLE)
        root.minsize(640, 460)
        root.geometry("900x700")
        root.protocol("WM_DELETE_WINDOW", partial(self.ask_before, self.quit))
        root.bind("<Destroy>", self._destroyed, add="+")
        root.report_callback_exception = self._report_callback_error
        root.bind("<FocusIn>", self._focused, add="+")
        bind_select_all(root)
        enter_presses_buttons(root)
        self.looks = Looks(root, self.settings, self.fonts, self._palette_applied)
        actions = RoomActions(
            self.save_transcript,
            lambda: room_history.history_info(self.root, self.session),
            lambda: room_history.clear_history(self.root, self.session, self.server),
            self.find,
            partial(self.ask_before, self.leave),  # asked first: closing.py
        )
        self.lesson_shown = tk.BooleanVar(root, value=False)
        self.room_menu = build_menu(
            root,
            self.looks.theme_choice,
            self.zoom,
            self.looks.picked,
            actions,
            self.lesson_shown,
            lambda: self.show_lesson(self.lesson_shown.get()),
            self.fonts.text.name,
        )
        add_to_view_menu(root, self.open_settings)
        self.settings_dialog: SettingsDialog | None = None
        self.start = StartScreen(
            root, self.settings, self.host, self.join, (self.fonts.big.name, self.fonts.text.name)
        )
        self.start.frame.pack(fill="both", expand=True)
        self.start.on_page = self._page_shown
        self.start.lesson.lesson_of = room_history.lesson_to_continue
        self.pump = EventPump(root, self.events, self.on_event, self._turn_ended)
        self.looks.apply()

    # --- the menu and the view ---

    def show_lesson(self, shown: bool) -> None:
        """View → Show what is sent: the pane shows, and the client reports lines, or neither."""
        self.lesson_shown.set(shown)
        if self.page is not None:
            self.page.view.show_lesson(shown)
        if self.client is not None:
            self.client.show_lines(shown)

    def zoom(self, step: int) -> None:
        """Ctrl+plus or minus: bigger or smaller text, and the chat page's layout with it."""
        self.looks.zoom(step)
        if self.page is not None:
            self.page.fonts_changed()

    def _palette_applied(self, palette: Palette) -> None:
        if self.page is not None:
            self.page.view.apply(palette)

    # --- hosting and joining ---

    def host(self, name: str, room: str, password: str) -> None:
        """Open a room: start the server; on_event continues when it has started. While our
        last room still closes, its ports are not free yet: this one opens once it has."""
        if self.closing.room is not None:
            self.closing.then(partial(self._host_after_closing, name, room, password))
            self.start.busy(CLOSING_THE_ROOM)
            return
        self.settings.encrypted_only = encrypted_only = self.start.encrypted_only.get()
        self._remember(name=name, room=room)
        channel, secret = channel_for_room(room), secrets.token_urlsafe(18)
        self.session = RoomSession(
            name, title=room, channel=channel, hosting=True, host_secret=secret
        )
        self.host_password = password
        plan, keep_private = self.start.lesson.plan(room), self.start.keep_private.get()
        tls = self.join_info.key(encrypted_only)
        self.server = own_room(
            self.session, self.settings, self.events, password, keep_private, plan, tls
        )
        self.server.start()

    def join(
        self, name: str, address_text: str, password: str, host_key: str = "", code: str = ""
    ) -> None:
        """Connect to a room, over TLS with its key checked where it offers TLS (room_trust.py);
        a host key (a `serve` room's) goes as the password, which makes us its host, while the
        room password still opens the room (+k)."""
        self._remember(name=name)
        found = self.start.found.chosen(address_text)
        try:
            address = self.trust.address_for(address_text, found, code)
        except TrustProblem as problem:
            self.start.ask_for_code(str(problem))
            return
        self.session = RoomSession(
            nick=name,
            channel=found_channel(found),
            room_password=password,
            address_text=str(address) if address.tls else address_text,  # listed so next time
            found=found,
        )
        self._password = host_key or password or None
        self._connect(address, self._password)

    def _connect(self, address: Address, password: str | None) -> None:
        self._address = address
        self.client = ChatClient(self.events, self.identity)
        self.client.show_lines(self.lesson_shown.get())
        self.client.connect(address, self.session.nick, password)
        if self.session.channel:
            self.client.join(self.session.channel, self.session.room_password)

    def _page_shown(self, page: str) -> None:
        """The Join page lists the rooms on the network while it shows, and only then. Shown
        again while it shows, it keeps its list: the search goes on."""
        if page == "join":
            if self.discovery.finder is None:
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
        """Every worker event arrives here, on the Tk thread, through the pump. The start
        page's and the window's are matched here; the rest are the chat page's (PageEvent),
        matched by ChatPage.on_event. An event nobody handles is an error mypy reports: the
        page's match ends in assert_never, and only a PageEvent may reach it."""
        match event:
            case events.ServerStarted():
                self._server_started(event)
            case events.ServerFailed():
                self.closing.close(self.server)  # its process still runs, waiting to be told
                self.server = None
                self.start.fail(event.reason)
            case events.ServerStopped():
                self.closing.ended()
            case events.WorkerCrashed():
                self._say_in_window(wording.worker_crashed(event.role))
            case events.ConnectFailed():
                self._connect_failed(event)
            case events.RoomKeySeen():
                self.trust.key_seen(event.fingerprint)
            case events.Connected():
                self._connected(event)
            case events.RoomFound():
                self._room_found(event)
            case events.RoomLost():
                self.start.found.lost(event.key)
            case events.RoomAnnounced():
                log.info("the room is announced by %s", " and ".join(event.via) or "nothing")
            case events.RawLine():
                self._raw_line(event)
            # --- ignored on purpose ---
            case events.RoomsOpen() | events.Disconnected():
                pass  # what we ended ourselves, and `serve`'s news: nothing to show
            case _:
                if self.page is not None:
                    self.page.on_event(event, self.join_info.problem)
                # else ignored: no chat page, the room has not let us in yet or we left it

    def _turn_ended(self) -> None:
        """The pump's turn is over: what its events held back goes on screen (ChatPage)."""
        if self.page is not None:
            self.page.turn_ended()

    def _raw_line(self, event: events.RawLine) -> None:
        """A line sent or received: in the lesson view when it shows, kept until it exists."""
        if self.page is None:
            self._early_lines.append(event)
        elif self.lesson_shown.get():
            self.page.view.lesson.add(event.direction, event.at, event.text)

    def _server_started(self, event: events.ServerStarted) -> None:
        self.join_info.opened(event)
        self.session.history_status = event.history
        self.room_menu.entryconfigure(CLEAR_HISTORY, state="normal")
        self._connect(self.join_info.own_address(), self.session.host_secret)
        password, fingerprint = bool(self.host_password), event.fingerprint or None
        self.discovery.announce(
            self.session.title,
            self.session.channel,
            self.session.nick,
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
            self.session.address_text = str(plain)
            self._connect(plain, self._password)
            return
        text = self.trust.refusal(event, self.session.found)
        if event.reason in ("key changed", "wrong code"):
            self.start.ask_for_code(text)
        else:
            self.start.fail(text)

    def _connected(self, event: events.Connected) -> None:
        session = self.session
        session.nick, session.caps = event.nick, event.caps
        if not session.hosting:  # a found room's title, else the network's name: chatgui
            # servers of one room name their network after it ("Class chat")
            session.title = found_title(session.found) if session.found else event.network
        page = self.page or self._open_chat_page()
        page.connected(event)
        if not session.hosting:
            self.settings.remember_address(session.address_text)
            save_settings(self.settings)
            if not session.channel:
                page.client.list_rooms()
        page.outage.back()

    def _open_chat_page(self) -> ChatPage:
        assert self.client is not None  # Connected came from it
        self.start.frame.pack_forget()
        self._page_shown("chat")
        self.root.unbind("<Return>")
        page = self.page = ChatPage(
            self.root,
            self.fonts,
            self.settings,
            self.session,
            self.client,
            self._address,
            self.server,
            self.room_menu,
            self.discovery,
            self.leave,
            self.stop_workers,
        )
        page.show(self.lesson_shown.get(), self._early_lines, self.looks.palette())
        bind_window_keys(self.root, page.view)
        self._early_lines.clear()
        room_open(self.room_menu, True)
        if self.server is not None:
            how_to_join = partial(self.join_info.show, self.session.title)
            started = self.join_info.started
            address = joinable(started.addresses, started.port) if started else ""
            page.view.show_join_line(
                self.join_info.line(), self.join_info.code, how_to_join, address
            )
        page.show_title()
        return page

    def _focused(self, event: "tk.Event[tk.Misc]") -> None:
        if self.page is not None:
            self.page.focused()

    def _room_found(self, event: events.RoomFound) -> None:
        if self.discovery.finder is not None:
            self.start.found.found(event)
        if self.page is not None:
            self.page.outage.announced(event)

    # --- what the person does ---

    def ask_before(self, then: Callable[[], None]) -> None:
        """Leave or quit, asked first when a room is open (closing.py)."""
        if self._quitting:
            return  # asked already: the window closes once its room has ended
        if self.page is None:
            then()
        else:
            self.page.closing.ask_before(then)

    def open_settings(self) -> None:
        """View → Settings…: one window of it at a time."""
        if self.settings_dialog is not None and self.settings_dialog.is_open():
            self.settings_dialog.window.lift()
        else:
            self.settings_dialog = SettingsDialog(self.root, self.settings, self.apply_pace)

    def apply_pace(self) -> None:
        """Settings changed the hosted room's pace: the room that runs takes it at once."""
        if self.server is not None:
            self.server.set_pace(flood_pace(self.settings), cap_per_computer(self.settings))

    def save_transcript(self) -> None:
        view = self.page.view if self.page is not None else None
        self.save_choice = room_history.save_transcript(self.root, view)

    def find(self) -> None:
        """Ctrl+F: the find bar over the conversation shown."""
        if self.page is not None:
            self.page.view.find.open()

    def leave(self) -> None:
        """Back to the start screen; a host's leaving closes the room for everyone."""
        self.room_menu.entryconfigure(CLEAR_HISTORY, state="disabled")
        room_open(self.room_menu, False)
        drop_room_items(self.room_menu)
        self.join_info.close()
        self.stop_workers()
        if self.page is not None:
            self.page.close()
            self.page = None
        self.session = RoomSession()
        self.root.title(TITLE)
        self.start.frame.pack(fill="both", expand=True)
        self.start.show("choice")

    def stop_workers(self) -> None:
        """The room first: everyone hears that the host closed it, not that the host left.
        Its goodbyes after: a Join page believes a goodbye only once the room stops answering
        with its key (discovery/key_check.py)."""
        self.closing.close(self.server)
        self.server = None
        self.discovery.stop_announcing()
        if self.client is not None:
            self.client.close()
            self.client = None

    def quit(self) -> None:
        """Close the window, once its room (if any) has ended: it says so meanwhile."""
        if self._quitting:
            return
        self._quitting = True
        if self.client is not None and self.server is None:
            self.client.quit("Closed the window")
        self.stop_workers()
        self.discovery.stop()
        self.closing.then(self._close_window)
        if self.closing.room is None:
            return
        if self.page is not None:
            self.page.view.composer.disable(True)
            self.page.view.status.set(CLOSING_THE_ROOM)
        else:
            self.start.busy(CLOSING_THE_ROOM)

    def _host_after_closing(self, name: str, room: str, password: str) -> None:
        self.start.busy(OPENING_THE_ROOM)
        self.host(name, room, password)

    def _close_window(self) -> None:
        self.pump.stop()
        self.root.destroy()

    def _destroyed(self, event: "tk.Event[tk.Misc]") -> None:
        """The window ended without quit() (its Tk was destroyed as a whole): its room and
        connections end with it all the same, the room saying goodbye to everyone."""
        if event.widget is self.root:
            self.stop_workers()
            self.discovery.stop()

    # --- errors ---

    def _say_in_window(self, text: str) -> None:
        if self.page is not None:
            self.page.view.status.set(text)
            self.page.view.open(SERVER).add_notice(WARNING, text)
        else:
            self.start.fail(text)

    def _report_callback_error(
        self, kind: type[BaseException], error: BaseException, trace: object
    ) -> None:
        log.error("error in a window callback", exc_info=(kind, error, trace))  # type: ignore[arg-type]
        self._say_in_window(
            "Something went wrong in the window. It keeps working; the details are in the log file."
        )
