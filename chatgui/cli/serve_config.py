"""`serve`'s settings for the room (ServerConfig), from its command line options: each option
checked, and a problem said in words (ValueError) before anything opens.
"""

from __future__ import annotations

import argparse
import os
from dataclasses import replace

from chatgui import __version__
from chatgui.cli.files import filter_words, opers, secret
from chatgui.cli.room_limits import parse_flood, parse_per_address
from chatgui.net.server import ServerConfig, check_word_filter, new_host_key
from chatgui.protocol.names import casefold, nick_problem
from chatgui.protocol.room_titles import room_from_argument


def server_config(args: argparse.Namespace) -> ServerConfig:
    """The server's settings from the command line; `args.titles` gets each kept room's
    title by its folded channel name. ValueError says what is wrong, in words."""
    args.titles = {}
    channels = []
    for given in args.room:
        try:
            channel, title = room_from_argument(given)
        except ValueError as problem:
            raise ValueError(f"--room {given!r}: {problem}") from problem
        channels.append(channel)
        args.titles.setdefault(casefold(channel), title)
    rooms = tuple(dict.fromkeys(channels))
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
