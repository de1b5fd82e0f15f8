"""`chatgui serve`: a room with no window, until Ctrl-C or SIGTERM. It prints where people
join, the host key, what history is kept and what the room meets (the cli package is the only
one allowed to print), and announces the kept rooms to Join pages nearby.
"""

from __future__ import annotations

import argparse
import queue
import signal
import socket
import sys
from types import FrameType
from typing import TYPE_CHECKING

from chatgui import __version__, limits
from chatgui.cli.serve_config import server_config
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
from chatgui.net.server import ChatServer, LessonPlan, ServerConfig
from chatgui.net.tls_identity import room_identity
from chatgui.paths import data_dir
from chatgui.protocol.names import casefold
from chatgui.protocol.room_code import fingerprint_shown, room_code
from chatgui.protocol.room_titles import title_of_channel

if TYPE_CHECKING:  # imported when serving: zeroconf would slow the window's start by ~60 ms
    from chatgui.discovery import RoomAnnouncements


def serve(args: argparse.Namespace) -> int:
    """Run the room until Ctrl-C or SIGTERM; print the addresses people join at.

    print() to a stream that is None (a windowed build) does nothing, so printing is safe here.
    """
    try:
        config = server_config(args)
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


def _interrupt(signum: int, frame: FrameType | None) -> None:
    """SIGTERM or Ctrl-C: close the room, once. Later signals are ignored while it closes.

    In the one-file build Ctrl-C arrives twice, from the terminal and forwarded by the
    bootloader; a second KeyboardInterrupt in the middle of closing would end in a traceback.
    Closing cannot hang: every stop() has a time limit.
    """
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    raise KeyboardInterrupt
