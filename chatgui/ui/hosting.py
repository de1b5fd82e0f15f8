"""The window's own room: the server a click on Host starts, set up from the Host page and the
settings (its word filter, whether students may open rooms, how fast each person may send and
how many connections one computer may have), in a process of its own (net/server_process.py:
a busy room must not freeze the host's window). CHATGUI_BIND and CHATGUI_PORT choose where it
listens (tests and school setups); by default anywhere, on a free port. RoomClosing: a room
told to close, and what waits for its process to end (a room hosted again, the window closing)."""

import os
import queue
from collections.abc import Callable

from chatgui import __version__, events
from chatgui.net.server import ServerConfig
from chatgui.net.server_process import ServerProcess
from chatgui.net.tls_identity import TlsIdentity
from chatgui.store import LessonPlan
from chatgui.ui import room_history
from chatgui.ui.room_session import RoomSession
from chatgui.ui.settings import Settings

CLOSING_THE_ROOM = "Closing the room… one moment."


def own_room(
    session: RoomSession,
    settings: Settings,
    event_queue: "queue.Queue[events.ChatEvent]",
    password: str,
    keep_private: bool,
    lesson: LessonPlan,
    tls: TlsIdentity | None,
) -> ServerProcess:
    """The server of the room `session` hosts (not started); `tls`: its key, when it has one
    (with `settings.encrypted_only`, the plain port stays closed)."""
    config = ServerConfig(
        network=session.title,
        version=__version__,
        password=password or None,
        host_secret=session.host_secret,
        host_name=session.nick,  # the teacher's name is theirs from the start
        rooms=(session.channel,),
        students_open_rooms=settings.students_open_rooms,
        motd=(f"Welcome to {session.title}.", "Be kind, and remember the room can be saved."),
        keep_private=keep_private,
        word_filter=tuple(settings.word_filter),
        word_filter_action=settings.word_filter_action,
        max_per_address=cap_per_computer(settings),
    ).with_flood(flood_pace(settings))
    bind = os.environ.get("CHATGUI_BIND") or None
    port = int(os.environ["CHATGUI_PORT"]) if os.environ.get("CHATGUI_PORT") else None
    return ServerProcess(
        config,
        event_queue,
        bind=bind,
        port=port,
        history=room_history.history_file(),
        lesson=lesson,
        tls=tls,
        plain=tls is None or not settings.encrypted_only,
    )


def flood_pace(settings: Settings) -> tuple[float, int] | None:
    """(lines a second, lines at once) each person of the hosted room may send; None: nobody
    is slowed down (ServerConfig.with_flood, ChatServer.set_pace)."""
    if not settings.slow_down_floods:
        return None
    return settings.flood_lines_per_s, settings.flood_burst_lines


def cap_per_computer(settings: Settings) -> int | None:
    """Connections one computer may have in the hosted room; None: no cap but the room's."""
    return settings.max_per_computer if settings.cap_per_computer else None


class RoomClosing:
    """Our last room, told to close (ServerProcess.stop never waits), and what waits for its
    process to end: its ports are free only then (a room opened again at once), and the
    window's process must not end before it (no room left running)."""

    def __init__(self) -> None:
        self.room: ServerProcess | None = None
        self._then: Callable[[], None] | None = None

    def close(self, room: ServerProcess | None) -> None:
        """Tell `room` (if any) to close; ServerStopped follows once it has ended."""
        if room is not None:
            room.stop()
            self.room = room

    def then(self, do: Callable[[], None]) -> None:
        """Do `do` once the room has ended, now when none is closing; it replaces what waited."""
        if self.room is None:
            do()
        else:
            self._then = do

    def ended(self) -> None:
        """ServerStopped: the room's process is gone."""
        self.room = None
        do, self._then = self._then, None
        if do is not None:
            do()
