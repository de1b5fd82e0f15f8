"""ServerProcess: the window's room in a child process, with ChatServer's public methods.

In one process the room's thread and the window's share one GIL, and a busy room (a class of
30 and a burst of lines) held it three to four times as long as the window's own work per
line (bench/hostwin.py). In a process of its own the room has its own interpreter: the
window keeps only its own client thread.

The child (run_room) is started with multiprocessing's spawn, which works the same on every
system and in the one-file build (chatgui/__main__.py calls freeze_support() first). One
Pipe joins them. The window sends method calls down it; the child sends back the room's
events and its log records, which one relay thread puts on the window's event queue and
log. Either side ending closes the pipe: the child then ends at once (the window crashed or
was killed), or the relay says WorkerCrashed (the room's process died). Never imports tkinter.

stop() never waits: the window's thread calls it. A thread of ours waits for the child,
kills it past its grace, and says ServerStopped once it is gone. Spawn also starts
multiprocessing's resource tracker, which the room never uses: it holds only a pipe from the
window's process and ends with it (multiprocessing has no public way to end it sooner), and
the next room uses it again.
"""

import contextlib
import logging
import os
import queue
import signal
import threading
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from chatgui import limits
from chatgui.events import ChatEvent, ServerStopped, WorkerCrashed
from chatgui.net.server import ChatServer, ServerConfig
from chatgui.net.tls_identity import TlsIdentity
from chatgui.protocol.server.wordfilter import build_word_filter
from chatgui.store import LessonPlan

if TYPE_CHECKING:  # multiprocessing itself is imported when a room opens, not at the start
    from multiprocessing.connection import Connection
    from multiprocessing.process import BaseProcess

log = logging.getLogger(__name__)

STOP = "stop"
"""The command that ends the room; any other command names a ChatServer method."""


@dataclass(frozen=True)
class RoomSetup:
    """ChatServer's arguments, sent to the child (every field pickles)."""

    config: ServerConfig
    bind: str | None
    port: int | None
    history: Path | None
    lesson: LessonPlan | None
    tls: TlsIdentity | None
    plain: bool


class ServerProcess:
    """ChatServer's start(), stop(), clear_history(), set_word_filter() and set_pace(), for a
    room in a child process. Call them from the Tk thread: none of them waits. Events arrive on
    `events` as ChatServer's do, ServerStopped once a stopped room's process is gone, and
    WorkerCrashed("server", …) when the child dies unasked."""

    def __init__(
        self,
        config: ServerConfig,
        events: "queue.Queue[ChatEvent]",
        bind: str | None = None,
        port: int | None = None,
        history: Path | None = None,
        lesson: LessonPlan | None = None,
        tls: TlsIdentity | None = None,
        plain: bool = True,
    ) -> None:
        self._setup = RoomSetup(config, bind, port, history, lesson, tls, plain)
        self._events = events
        self._pipe: Connection | None = None
        self._process: BaseProcess | None = None
        self._relay: threading.Thread | None = None
        self._stopping = False

    @property
    def pid(self) -> int | None:
        """The child's process id, once started."""
        return self._process.pid if self._process is not None else None

    def start(self) -> None:
        """Start the child; a ServerStarted or ServerFailed event follows."""
        import multiprocessing

        context = multiprocessing.get_context("spawn")
        ours, theirs = context.Pipe()
        self._process = context.Process(
            target=run_room, args=(theirs, self._setup), name="chatgui-room", daemon=True
        )
        self._process.start()
        theirs.close()  # the child's end lives in the child only: its death is our EOF
        self._pipe = ours
        self._relay = threading.Thread(
            target=self._relay_events, args=(ours,), name="chatgui-room-relay", daemon=True
        )
        self._relay.start()

    def stop(self) -> None:
        """Ask the room to close, and return at once (the window's thread must never wait).
        The child says goodbye to everyone and ends; our ender thread waits for it, kills it
        past SERVER_STOP_TIMEOUT_S and SERVER_PROCESS_GRACE_S, and then puts ServerStopped
        on the events: the room's process is gone and its ports are free."""
        process, self._process = self._process, None
        if process is None:
            return
        self._stopping = True
        self._send(STOP)
        # Not a daemon: a window closed meanwhile keeps its process until the room has ended.
        threading.Thread(target=self._end, args=(process,), name="chatgui-room-end").start()

    def _end(self, process: "BaseProcess") -> None:
        """Ender thread: the child gone, by its own stop or killed; then ServerStopped."""
        try:
            process.join(limits.SERVER_STOP_TIMEOUT_S + limits.SERVER_PROCESS_GRACE_S)
            if process.is_alive():
                log.warning("the room's process did not end in time; ending it")
                process.kill()
                process.join(limits.SERVER_PROCESS_GRACE_S)
            if self._relay is not None:
                self._relay.join(limits.SERVER_PROCESS_GRACE_S)
            if self._pipe is not None:
                self._pipe.close()
        finally:  # bounded: a window that is gone reads no more events
            with contextlib.suppress(queue.Full):
                self._events.put(ServerStopped(), timeout=limits.SERVER_STOP_TIMEOUT_S)

    def clear_history(self, room: str) -> None:
        """Forget everything kept about `room`; a HistoryCleared event follows."""
        self._send("clear_history", room)

    def set_word_filter(self, words: list[str] | tuple[str, ...], action: str) -> None:
        """As ChatServer.set_word_filter: a list that can't be used raises ValueError here,
        on the caller's thread, before anything is sent."""
        build_word_filter(words, action)
        self._send("set_word_filter", tuple(words), action)

    def set_pace(self, pace: tuple[float, int] | None, max_per_address: int | None) -> None:
        """As ChatServer.set_pace: the room's flood control and its cap per computer, now."""
        self._send("set_pace", pace, max_per_address)

    def _send(self, name: str, *args: object) -> None:
        if self._pipe is not None:
            with contextlib.suppress(OSError):  # the child is gone: the relay says so
                self._pipe.send((name, args))

    def _relay_events(self, pipe: "Connection") -> None:
        """Relay thread: the child's events onto the window's queue, its records to our log,
        until the pipe closes; then, unless we stopped it, the room crashed."""
        while True:
            try:
                item = pipe.recv()
            except (EOFError, OSError):
                break
            if isinstance(item, logging.LogRecord):
                logging.getLogger(item.name).handle(item)
            elif not isinstance(item, ServerStopped):  # said by _end, once the child is gone
                self._events.put(item)
        if not self._stopping:
            log.error("the room's process ended unasked")
            self._events.put(WorkerCrashed("server", "the room's process ended"))


# --- the child ---


class _PipeLog(logging.Handler):
    """Sends the child's log records to the window's log, through `send`."""

    def __init__(self, send: Callable[[object], None]) -> None:
        super().__init__()
        self._send = send

    def emit(self, record: logging.LogRecord) -> None:
        record.msg, record.args = record.getMessage(), None  # what pickles: the text
        if record.exc_info:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
            record.exc_info = None
        self._send(record)


def run_room(pipe: "Connection", setup: RoomSetup) -> None:
    """The child: run the room until told to stop, or end at once when the window's end of
    the pipe closes (the window crashed or was killed). Ctrl-C in a terminal reaches the window and
    this process alike: the window decides, so it is ignored here."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    lock = threading.Lock()

    def send(item: object) -> None:
        with lock, contextlib.suppress(OSError):
            pipe.send(item)

    logging.basicConfig(level=logging.INFO, handlers=[_PipeLog(send)], force=True)
    events: queue.Queue[ChatEvent] = queue.Queue(maxsize=limits.EVENT_QUEUE_MAX)
    forwarder = threading.Thread(target=_forward, args=(events, send), name="chatgui-room-out")
    forwarder.start()
    server = ChatServer(
        setup.config,
        events,
        bind=setup.bind,
        port=setup.port,
        history=setup.history,
        lesson=setup.lesson,
        tls=setup.tls,
        plain=setup.plain,
    )
    server.start()
    while True:
        try:
            name, args = pipe.recv()
        except (EOFError, OSError):
            # The window is gone (closed without stop(), crashed, killed): the room goes as
            # it went when it was a thread of the window, without a goodbye, so students'
            # windows say it was lost and keep trying until the teacher opens it again.
            os._exit(1)
        if name == STOP:
            break
        _call(partial(getattr(server, name), *args))
    server.stop()
    events.put(_END)
    forwarder.join(limits.SERVER_PROCESS_GRACE_S)


_END: Any = None
"""Put on the child's event queue after the room stopped: the forwarder ends."""


def _forward(events: "queue.Queue[ChatEvent]", send: Callable[[object], None]) -> None:
    while (event := events.get()) is not _END:
        send(event)


def _call(method: Callable[[], None]) -> None:
    try:
        method()
    except Exception:  # one bad call must not take the room down
        log.exception("the room could not do what the window asked")
