"""A classroom on a real ChatServer for the teacher-control tests: the host (who registered
with the host secret) and students, all raw LineClients in #class on 127.0.0.1.

`state()` reads what the room looks like through IRC itself (NAMES, MODE, the ban list), so a
test can check that a refused control changed nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from chatgui.protocol.control_words import Change, kick_words, mode_words, topic_words
from chatgui.protocol.message import parse
from tests.lineclient import LineClient
from tests.net.server.netsupport import RunningServer

HOST_SECRET = "k3y-for-the-host"
ROOM = "#class"
S = r":chatgui\.local"


def who(nick: str) -> str:
    """The regex of `nick`'s source, nick!~user@127.0.0.x."""
    user = "".join(c for c in nick if c.isascii() and c.isalnum())[:10] or "u"
    return re.escape(f":{nick}!~{user}@") + r"127\.0\.0\.\d+"


def room_notice(text: str) -> str:
    """The regex of the server's NOTICE to the room saying `text` (hands, the word filter)."""
    return rf"^(@\S+ )?{S} NOTICE {ROOM} :{re.escape(text)}$"


def room_control(text: str) -> Callable[[str], bool]:
    """A test of a line: the room's own control line (MODE, KICK, TOPIC) whose words, as
    every window draws them (control_words), are `text`. Never a NOTICE that says them."""

    def says(line: str) -> bool:
        return text in control_line_words(line)

    return says


def control_line_words(line: str) -> list[str]:
    """The words a window draws for one MODE, KICK or TOPIC line of the room (chatgui's own
    CHANMODES: b lists; k, o, v always a parameter; l and W when set)."""
    message = parse(line.encode())
    if not message.params or message.param(0) != ROOM:
        return []
    actor = message.nick or ""
    if message.command == "KICK":
        return [kick_words(actor, message.param(1), message.param(2))]
    if message.command == "TOPIC":
        return [topic_words(actor, message.param(1))]
    if message.command != "MODE":
        return []
    waiting = list(message.params[2:])
    changes: list[Change] = []
    sign = "+"
    for letter in message.param(1):
        if letter in "+-":
            sign = letter
        elif letter in "bkov" or (letter in "lW" and sign == "+"):
            changes.append((sign, letter, waiting.pop(0) if waiting else None))
        else:
            changes.append((sign, letter, None))
    return mode_words(actor, changes, by_the_room="!" not in (message.source or ""))


@dataclass
class RoomState:
    names: str
    modes: str
    bans: list[str]


@dataclass
class Classroom:
    running: RunningServer
    clients: list[LineClient] = field(default_factory=list)

    def connect(
        self, nick: str, caps: str = "", secret: str | None = None, source: str | None = None
    ) -> LineClient:
        client = LineClient(self.running.port, source=source)
        self.clients.append(client)
        if secret is not None:
            client.send(f"PASS {secret}")
        client.register(nick, caps)
        return client

    def enter(
        self, nick: str, caps: str = "", secret: str | None = None, source: str | None = None
    ) -> LineClient:
        """Connect as `nick` and join the room, reading the NAMES burst to its end."""
        client = self.connect(nick, caps, secret, source)
        join(client, nick)
        return client

    def host(self, nick: str = "Ms_Rivera", caps: str = "") -> LineClient:
        return self.enter(nick, caps, secret=HOST_SECRET)

    def close(self) -> None:
        for client in self.clients:
            client.close()


def join(client: LineClient, nick: str, key: str = "") -> None:
    client.send(f"JOIN {ROOM} {key}".strip())
    client.expect(rf"^{S} 366 {re.escape(nick)} {ROOM} ")


def state(client: LineClient, nick: str) -> RoomState:
    """The room's members, modes and ban list, as `client` (who is in it) is told them."""
    client.send(f"NAMES {ROOM}")
    names = client.expect(rf"^{S} 353 {re.escape(nick)} = {ROOM} :").split(" :", 1)[1]
    client.expect(rf"^{S} 366 ")
    client.send(f"MODE {ROOM}")
    modes = client.expect(rf"^{S} 324 {re.escape(nick)} {ROOM} ").split(f"{ROOM} ", 1)[1]
    client.send(f"MODE {ROOM} b")
    bans: list[str] = []
    while True:
        line = client.expect(rf"^{S} 36[78] ")
        if " 368 " in line:
            return RoomState(names, modes, bans)
        bans.append(line.split()[4])
