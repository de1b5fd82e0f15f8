"""The command line's options: those of the window, and those of `serve`, by what they set.

Only argparse: what each option means is main.py's business.
"""

import argparse
from pathlib import Path

from chatgui import __version__, limits


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="chatgui", description="A classroom chat room you host or join; speaks IRC."
    )
    parser.add_argument("--version", action="version", version=f"chatgui {__version__}")
    parser.add_argument("--name", default="", help="your name in the room (window only)")
    parser.add_argument("--join", metavar="ADDRESS", help="join the room at ADDRESS at once")
    parser.add_argument("--host", metavar="ROOM", help="open a room called ROOM at once")
    parser.add_argument(
        "--host-key", default="", metavar="KEY", help="with --join: be the host of a `serve` room"
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    serve = commands.add_parser("serve", help="host a room without a window")
    _add_network_options(serve)
    _add_room_options(serve)
    _add_history_options(serve)
    return parser


def _add_network_options(serve: argparse.ArgumentParser) -> None:
    """Where `serve` listens, and whether Join pages nearby list its rooms."""
    serve.add_argument(
        "--port", type=int, help="port to listen on (default: 6667 or the next free)"
    )
    serve.add_argument(
        "--tls-port", type=int, help="port for IRC over TLS (default: 6697 or the next free)"
    )
    serve.add_argument(
        "--no-plain", action="store_true", help="listen with TLS only: no plain IRC port"
    )
    serve.add_argument("--bind", metavar="ADDR", help="listen only on this address")
    serve.add_argument("--name", metavar="SERVERNAME", help="the server's name in IRC replies")
    serve.add_argument("--host", metavar="NAME", help="the teacher's name: nobody else may take it")
    serve.add_argument(
        "--no-announce", action="store_true", help="don't list the rooms on Join pages nearby"
    )
    serve.add_argument(
        "--announce-interface",
        action="append",
        default=[],
        metavar="ADDR",
        help="announce only on the interface with this IPv4 address (repeatable; default: "
        "$CHATGUI_DISCOVERY_INTERFACES, else every interface)",
    )


def _add_room_options(serve: argparse.ArgumentParser) -> None:
    """The rooms, who may come in, and what may be said there."""
    serve.add_argument(
        "--room",
        action="append",
        default=[],
        metavar="TITLE",
        help='keep a room open: a title ("Class chat") or a channel name ("#class")',
    )
    serve.add_argument(
        "--student-rooms",
        action=argparse.BooleanOptionalAction,
        help="let students open rooms of their own (default: only without --room)",
    )
    _add_password_options(serve)
    serve.add_argument(
        "--filter-file",
        type=Path,
        metavar="FILE",
        help="words not allowed in messages, one a line (UTF-8; lines starting with # ignored)",
    )
    serve.add_argument(
        "--filter-action",
        choices=("block", "mask"),
        default="block",
        help="refuse a message with a filtered word (block, the default) or show it as *** (mask)",
    )
    serve.add_argument(
        "--oper",
        action="append",
        default=[],
        metavar="NAME:PASSWORD",
        help="an IRC operator (repeatable; shows in `ps`: prefer --oper-file)",
    )
    serve.add_argument(
        "--oper-file", type=Path, metavar="FILE", help="IRC operators, one NAME:PASSWORD a line"
    )
    serve.add_argument("--motd", type=Path, metavar="FILE", help="message of the day, UTF-8 text")
    _add_pace_options(serve)


def _add_pace_options(serve: argparse.ArgumentParser) -> None:
    """How fast each person may send, and how many connections one computer may have."""
    default_flood = f"{limits.FLOOD_LINES_PER_S}/{limits.FLOOD_BURST_LINES}"
    serve.add_argument(
        "--flood",
        default=default_flood,
        metavar="LINES/BURST",
        help="each person may send BURST lines at once, then LINES a second (the host and "
        f"helpers are never slowed down); off: nobody is (default {default_flood})",
    )
    serve.add_argument(
        "--max-per-address",
        default=str(limits.MAX_CONNECTIONS_PER_ADDRESS),
        metavar="N",
        help="connections one computer may have; off: only the room's size bounds them "
        f"(default {limits.MAX_CONNECTIONS_PER_ADDRESS})",
    )


def _add_password_options(serve: argparse.ArgumentParser) -> None:
    """The server's password and the rooms' password, each from the command line (where
    anyone on the PC can read it with `ps`), a file, or the environment."""
    password = serve.add_mutually_exclusive_group()
    password.add_argument(
        "--password",
        metavar="PW",
        help="password everyone must give to join (shows in `ps`: prefer --password-file "
        "or $CHATGUI_PASSWORD)",
    )
    password.add_argument(
        "--password-file",
        type=Path,
        metavar="FILE",
        help="the password everyone must give, on the first line of FILE",
    )
    key = serve.add_mutually_exclusive_group()
    key.add_argument(
        "--room-key",
        metavar="KEY",
        help="room password (+k) the --room rooms start with (shows in `ps`: prefer "
        "--room-key-file or $CHATGUI_ROOM_KEY)",
    )
    key.add_argument(
        "--room-key-file",
        type=Path,
        metavar="FILE",
        help="the room password, on the first line of FILE",
    )


def _add_history_options(serve: argparse.ArgumentParser) -> None:
    """What the host keeps of the rooms, where, and how much a late joiner is sent."""
    serve.add_argument(
        "--history",
        type=Path,
        metavar="FILE",
        help="keep the rooms' messages in this SQLite file (default: history.sqlite3 in the "
        "data folder)",
    )
    serve.add_argument("--no-history", action="store_true", help="keep no messages at all")
    serve.add_argument(
        "--keep-private", action="store_true", help="keep private messages in the history too"
    )
    serve.add_argument(
        "--continue",
        dest="continue_lesson",
        action="store_true",
        help="go on with the room's last lesson: late joiners read its talk (default: a new "
        "lesson, unless the last one ended in a crash)",
    )
    serve.add_argument(
        "--replay",
        type=int,
        default=limits.HISTORY_REPLAY_MESSAGES,
        metavar="N",
        help="messages sent to a late joiner whose program doesn't ask for history "
        f"(default {limits.HISTORY_REPLAY_MESSAGES})",
    )
