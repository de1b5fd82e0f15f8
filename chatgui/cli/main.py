"""The command line: no arguments opens the chat window; `serve` hosts a room headless.

May import chatgui.ui, chatgui.net.server, chatgui.discovery (its public API), chatgui.events,
chatgui.protocol.names and chatgui.limits. The only module allowed to print.
"""

from __future__ import annotations

import argparse
import logging
import os
import queue
import signal
import socket
import sys
import threading
from dataclasses import replace
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING

from chatgui import __version__, limits
from chatgui.cli.files import filter_words, opers, secret
from chatgui.cli.options import build_parser
from chatgui.cli.room_limits import parse_flood, parse_per_address
from chatgui.events import (
    ChatEvent,
    HistoryStatus,
    HostWarning,
    RoomAnnounced,
    RoomsOpen,
    ServerFailed,
    ServerStarted,
    ServerStopped,
    WorkerCrashed,
)
from chatgui.net.server import (
    ChatServer,
    LessonPlan,
    ServerConfig,
    check_word_filter,
    new_host_key,
)
from chatgui.net.tls_identity import room_identity
from chatgui.paths import data_dir, private_file, private_folder
from chatgui.protocol.names import casefold, nick_problem
from chatgui.protocol.room_code import fingerprint_shown, room_code
from chatgui.protocol.room_titles import room_from_argument, title_of_channel

if TYPE_CHECKING:  # imported when serving: zeroconf would slow the window's start by ~60 ms
    from chatgui.discovery import RoomAnnouncements

LOG_FORMAT = "%(asctime)s [%(threadName)s] %(levelname)s %(name)s: %(message)s"


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "serve":
        return serve(args)
    return run_window(args.name, args.join, args.host, args.host_key)


def run_window(
    name: str = "", join: str | None = None, host: str | None = None, host_key: str = ""
) -> int:
    """The chat window. Logs go to a file, and to stderr when there is one."""
    log_file = _start_logging(to_file=True)
    threading.excepthook = _log_thread_error
    # Imported here, not at the top: `serve` must run on machines without Tk.
    from chatgui.ui.window import open_window

    logging.getLogger(__name__).info("opening the window; log file %s", log_file)
    problem = open_window(name, join, host, host_key)
    if problem is not None:
        if sys.stderr is not None:
            print(f"chatgui: {problem}.", file=sys.stderr)
        return 1
    return 0


def _start_logging(to_file: bool) -> Path:
    """Log to stderr, and to the log file in the user's data folder when `to_file` is set.

    A windowed build on Windows or macOS has no stderr (sys.stderr is None, and so is
    sys.stdout): then the log file is used in any case, and nothing is ever written to None.
    """
    folder = data_dir()
    log_file = folder / "chatgui.log"
    handlers: list[logging.Handler] = []
    if to_file or sys.stderr is None:
        try:
            private_folder(folder)
            private_file(log_file)  # it names the people and rooms: the host's user only
            handlers.append(logging.FileHandler(log_file, encoding="utf-8"))
        except OSError:
            pass  # no writable data folder: chatgui still works, without a log file
    if sys.stderr is not None:
        handlers.append(logging.StreamHandler(sys.stderr))
    if not handlers:
        handlers.append(logging.NullHandler())  # else logging's last resort writes to stderr
    logging.basicConfig(level=logging.INFO, format=LOG_FORMAT, handlers=handlers, force=True)
    return log_file


def _log_thread_error(args: threading.ExceptHookArgs) -> None:
    name = args.thread.name if args.thread else "?"
    logging.getLogger(__name__).error("error in thread %s", name, exc_info=args.exc_value)


def serve(args: argparse.Namespace) -> int:
    """Run the room until Ctrl-C or SIGTERM; print the addresses people join at.

    print() to a stream that is None (a windowed build) does nothing, so printing is safe here.
    """
    _start_logging(to_file=False)
    try:
        config = _server_config(args)
        interfaces = _announce_interfaces(args)
    except ValueError as problem:
        print(f"chatgui serve: {problem}", file=sys.stderr)
        return 2
    try:
        tls = room_identity(data_dir())
    except OSError as error:
        print(f"chatgui serve: the room's key could not be kept: {error}", file=sys.stderr)
        return 1
    events: queue.Queue[ChatEvent] = queue.Queue(maxsize=100)
    history = None if args.no_history else args.history or data_dir() / "history.sqlite3"
    lesson = LessonPlan(last=args.continue_lesson)
    server = ChatServer(
        config,
        events,
        bind=args.bind,
        port=args.port,
        history=history,
        lesson=lesson,
        report_rooms=True,
        tls=tls,
        tls_port=args.tls_port,
        plain=not args.no_plain,
    )
    announced: list[RoomAnnouncements] = []
    signal.signal(signal.SIGTERM, _interrupt)
    signal.signal(signal.SIGINT, _interrupt)
    server.start()
    try:
        return _report_until_stopped(events, args, config, interfaces, announced)
    except KeyboardInterrupt:
        print("Closing the room…", flush=True)
        return 0
    finally:
        server.stop()  # first: a Join page believes a goodbye once the room stops answering
        for announcements in announced:
            announcements.stop()


def _announce_interfaces(args: argparse.Namespace) -> tuple[str, ...] | None:
    """--announce-interface, else $CHATGUI_DISCOVERY_INTERFACES, else None (every interface).

    Raises ValueError for an address that can't be used: never announce more widely by mistake.
    """
    from chatgui.discovery import interfaces_from_env, parse_interfaces

    if args.announce_interface:
        return parse_interfaces(args.announce_interface)
    return interfaces_from_env()


def _announcements(
    event: ServerStarted,
    args: argparse.Namespace,
    config: ServerConfig,
    interfaces: tuple[str, ...] | None,
    events: queue.Queue[ChatEvent],
) -> RoomAnnouncements:
    """The kept rooms announced, one announcer each on its own thread (none: none yet), with
    the TLS port and key (the port announced is the TLS one when the plain port is off)."""
    from chatgui.discovery import RoomAnnouncements

    addresses = tuple(a for a in event.addresses if ":" not in a)
    host = args.name or socket.gethostname() or "chatgui"
    password = config.password is not None
    announcements = RoomAnnouncements(
        host, password, __version__, event.port, addresses, events, interfaces,
        tls_port=event.tls_port, fingerprint=event.fingerprint or None,
    )  # fmt: skip
    announcements.show(_titled(config, config.rooms, args.titles))
    return announcements


def _titled(config: ServerConfig, rooms: tuple[str, ...], titles: dict[str, str]) -> dict[str, str]:
    """channel → title of the rooms a Join page lists: the kept ones; with none, every room
    open now (a student's, titled from its channel name)."""
    shown = config.rooms or rooms
    return {room: titles.get(casefold(room)) or title_of_channel(room) for room in shown}


def _report_until_stopped(
    events: queue.Queue[ChatEvent],
    args: argparse.Namespace,
    config: ServerConfig,
    interfaces: tuple[str, ...] | None,
    announced: list[RoomAnnouncements],
) -> int:
    while True:
        event = events.get()
        if isinstance(event, RoomsOpen):
            for announcements in announced:
                announcements.show(_titled(config, event.rooms, args.titles))
        elif isinstance(event, ServerStarted):
            _print_open(event)
            print(
                f"The host key is {config.host_key}: whoever types it on the Join page "
                "(Host key) or gives it as the password from an IRC program becomes the "
                "room's host. It works once.",
                flush=True,
            )
            _print_history(event.history)
            print(_who_opens_rooms(config), flush=True)
            if not args.no_announce:
                announced.append(_announcements(event, args, config, interfaces, events))
        elif isinstance(event, HistoryStatus):
            _print_history(event)
        elif isinstance(event, HostWarning):
            print(f"chatgui serve: {event.text}", file=sys.stderr, flush=True)
        elif isinstance(event, RoomAnnounced):
            if event.via:
                ways = " and ".join(event.via)
                print(f"{event.room} is listed on Join pages nearby (by {ways})", flush=True)
            else:
                print(f"{event.room} could not be announced: join it by address", flush=True)
        elif isinstance(event, ServerFailed):
            print(f"chatgui serve: {event.reason}", file=sys.stderr)
            return 1
        elif isinstance(event, WorkerCrashed):
            print(
                f"chatgui serve: the server stopped on an error ({event.detail})", file=sys.stderr
            )
            return 1
        elif isinstance(event, ServerStopped):
            return 0


def _print_open(event: ServerStarted) -> None:
    """Where to join, plain and with TLS, and the key TLS clients can check."""
    if event.plain:
        shown = ", ".join(_join_address(a, event.port) for a in event.addresses)
        print(f"The room is open. Others can join at {shown}", flush=True)
    else:
        print("The room is open, encrypted only: IRC programs without TLS can't join", flush=True)
    if event.tls_port is not None:
        shown = ", ".join(_join_address(a, event.tls_port) for a in event.addresses)
        print(f"Others can join with TLS (encrypted) at {shown}", flush=True)
        shown = fingerprint_shown(event.fingerprint)
        print(f"The room's key fingerprint (SHA-256) is {shown}", flush=True)
        print(f"Room code: {room_code(event.fingerprint)}", flush=True)


def _who_opens_rooms(config: ServerConfig) -> str:
    if config.students_open_rooms:
        return "Students can open rooms of their own (--no-student-rooms: only the host)"
    return "Only the host and helpers open new rooms (--student-rooms: students too)"


def _print_history(status: HistoryStatus) -> None:
    if status.problem:
        print(f"chatgui serve: {status.problem}", file=sys.stderr, flush=True)
    elif status.kept:
        private = "rooms and private messages" if status.private_kept else "rooms only"
        print(f"History is kept in {status.path} ({private})", flush=True)
        if status.continued:
            print("The last lesson goes on: people who join read its talk", flush=True)
        else:
            print("A new lesson begins (serve --continue goes on with the last one)", flush=True)
    else:
        print("No history is kept", flush=True)


def _join_address(address: str, port: int) -> str:
    host = f"[{address}]" if ":" in address else address
    return host if port == limits.DEFAULT_PORT else f"{host}:{port}"


def _server_config(args: argparse.Namespace) -> ServerConfig:
    """The server's settings from the command line; `args.titles` gets each kept room's
    title by its folded channel name. ValueError says what is wrong, in words."""
    args.titles = {}
    for given in args.room:
        try:
            channel, title = room_from_argument(given)
        except ValueError as problem:
            raise ValueError(f"--room {given!r}: {problem}") from problem
        args.titles.setdefault(casefold(channel), title)
    rooms = tuple(dict.fromkeys(room_from_argument(given)[0] for given in args.room))
    titles = tuple(args.titles.values())
    if args.replay < 0:
        raise ValueError(f"--replay needs a number of messages, 0 or more, not {args.replay}")
    password = secret(args.password, args.password_file, "CHATGUI_PASSWORD", "password")
    key = secret(args.room_key, args.room_key_file, "CHATGUI_ROOM_KEY", "room password")
    if key is not None and (not key or any(c in key for c in " ,:")):
        raise ValueError("--room-key must be one word, without commas or colons")
    name = args.name or os.environ.get("CHATGUI_SERVER_NAME") or "chatgui.local"
    teacher = nick_problem(args.host) if args.host is not None else None
    if teacher is not None:
        raise ValueError(f"--host {args.host!r}: {teacher}")
    config = ServerConfig(
        name=name,
        host_key=new_host_key(),
        host_name=args.host,
        version=__version__,
        password=password,
        room_key=key,
        opers=opers(args.oper, args.oper_file),
        rooms=rooms,
        network=titles[0] if len(titles) == 1 else "chatgui",
        students_open_rooms=not rooms if args.student_rooms is None else args.student_rooms,
        keep_private=args.keep_private,
        replay_messages=args.replay,
        word_filter=filter_words(args.filter_file),
        word_filter_action=args.filter_action,
        max_per_address=parse_per_address(args.max_per_address),
    )
    config = config.with_flood(parse_flood(args.flood))
    check_word_filter(config.word_filter, config.word_filter_action)
    if args.motd is None:
        return config
    try:
        motd = args.motd.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise ValueError(f"the MOTD file {args.motd} can't be read: {error}") from error
    return replace(config, motd=tuple(motd))


def _interrupt(signum: int, frame: FrameType | None) -> None:
    """SIGTERM or Ctrl-C: close the room, once. Later signals are ignored while it closes.

    In the one-file build Ctrl-C arrives twice, from the terminal and forwarded by the
    bootloader; a second KeyboardInterrupt in the middle of closing would end in a traceback.
    Closing cannot hang: every stop() has a time limit.
    """
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    raise KeyboardInterrupt
