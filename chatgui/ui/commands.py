"""What a typed line asks for: plain text, or a /command. Pure functions, no Tk.

Misused commands come back as Usage with the line that explains them, shown in the window.
"""

from dataclasses import dataclass

from chatgui.protocol.names import channel_problem, is_channel, nick_problem


@dataclass(frozen=True)
class Say:
    target: str
    text: str
    action: bool = False


@dataclass(frozen=True)
class ChangeNick:
    nick: str


@dataclass(frozen=True)
class JoinRoom:
    channel: str
    key: str


@dataclass(frozen=True)
class LeaveRoom:
    channel: str
    reason: str


@dataclass(frozen=True)
class SetTopic:
    channel: str
    topic: str


@dataclass(frozen=True)
class SetAway:
    text: str


@dataclass(frozen=True)
class ShowHelp:
    pass


@dataclass(frozen=True)
class Usage:
    """The command was misused; `text` says how to use it."""

    text: str


Action = Say | ChangeNick | JoinRoom | LeaveRoom | SetTopic | SetAway | ShowHelp | Usage

HELP = {
    "/me": "/me waves — says what you do: “Sam waves”",
    "/msg": "/msg Sam hello — a private message to Sam",
    "/nick": "/nick Sam_L — change your name",
    "/join": "/join #science — join or open another room",
    "/part": "/part — leave this room (or /part #science)",
    "/topic": "/topic Homework due Friday — pin an announcement (hosts and helpers)",
    "/away": "/away lunch — mark yourself away; /away alone to come back",
    "/help": "/help — this list",
}


def parse_input(line: str, conversation: str) -> Action | None:
    """What `line`, typed in `conversation`, asks for; None for an empty line."""
    if not line.strip():
        return None
    if not line.startswith("/") or line.startswith("//"):
        return Say(conversation, line[1:] if line.startswith("//") else line)
    word, _, rest = line.partition(" ")
    command = word.lower()
    rest = rest.strip()
    if command == "/me":
        return Say(conversation, rest, action=True) if rest else Usage(HELP["/me"])
    if command == "/msg":
        nick, _, text = rest.partition(" ")
        if not nick or not text.strip() or nick_problem(nick) is not None:
            return Usage(HELP["/msg"])
        return Say(nick, text)
    if command == "/nick":
        problem = nick_problem(rest)
        return ChangeNick(rest) if problem is None else Usage(f"{problem} ({HELP['/nick']})")
    if command == "/join":
        return _join(rest)
    if command == "/part":
        target, _, reason = rest.partition(" ")
        if target and is_channel(target):
            return LeaveRoom(target, reason)
        return LeaveRoom(conversation, rest) if is_channel(conversation) else Usage(HELP["/part"])
    if command == "/topic":
        if not is_channel(conversation) or not rest:
            return Usage(HELP["/topic"])
        return SetTopic(conversation, rest)
    if command == "/away":
        return SetAway(rest)
    if command == "/help":
        return ShowHelp()
    return Usage(f"There is no {word} command. Type /help for the list; //text sends a /.")


def _join(rest: str) -> Action:
    name, _, key = rest.partition(" ")
    if not name:
        return Usage(HELP["/join"])
    channel = name if is_channel(name) else f"#{name}"
    problem = channel_problem(channel)
    return JoinRoom(channel, key.strip()) if problem is None else Usage(problem)
