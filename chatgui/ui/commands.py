"""What a typed line asks for: plain text, or a /command. Pure functions, no Tk.

Misused commands come back as Usage with the line that explains them, shown in the window.
"""

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass

from chatgui.protocol.names import casefold, channel_problem, is_channel, nick_problem


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
class PersonControl:
    """The host or a helper acts on a person: `verb` is mute, unmute, kick, ban, unban,
    invite, helper or unhelper (the last two: host only; the server checks)."""

    verb: str
    channel: str
    nick: str
    reason: str = ""


@dataclass(frozen=True)
class RoomControl:
    """A room setting: `verb` is lock, unlock, password (value: the password, "" to remove),
    moderate or renames (value "on"/"off") or slow (value: seconds, "0" for off)."""

    verb: str
    channel: str
    value: str = ""


@dataclass(frozen=True)
class RawMode:
    """/mode as typed, for teachers who know IRC: its words go to the server as a MODE line
    (the room shown is the target when the first word is no room or name)."""

    params: tuple[str, ...]


@dataclass(frozen=True)
class ToggleHand:
    channel: str


@dataclass(frozen=True)
class AskHelpers:
    """A question only the room's host and helpers see."""

    channel: str
    text: str


@dataclass(frozen=True)
class Usage:
    """The command was misused; `text` says how to use it. `replace`: the line is no
    command at all, so it stays selected and typing replaces it."""

    text: str
    replace: bool = False


Action = (
    Say
    | ChangeNick
    | JoinRoom
    | LeaveRoom
    | SetTopic
    | SetAway
    | ShowHelp
    | PersonControl
    | RoomControl
    | RawMode
    | ToggleHand
    | AskHelpers
    | Usage
)

HELP = {
    "/me": "/me waves — says what you do: “Sam waves”",
    "/msg": "/msg Sam hello — a private message to Sam",
    "/nick": "/nick Sam_L — change your name",
    "/join": "/join #science — join or open another room",
    "/part": "/part — leave this room (or /part #science)",
    "/topic": "/topic Homework due Friday — pin an announcement (hosts and helpers)",
    "/away": "/away lunch — mark yourself away; /away alone to come back",
    "/hand": "/hand — raise your hand; /hand again lowers it",
    "/ask": "/ask Can I go first? — a question only the host and helpers see",
    "/help": "/help — this list",
}

TEACHER_HELP = {
    "/mute": "/mute Sam — Sam's messages reach nobody until /unmute Sam",
    "/unmute": "/unmute Sam — Sam may talk again (in a quiet room: gives Sam a voice)",
    "/kick": "/kick Sam reason — remove Sam from the room",
    "/ban": "/ban Sam reason — remove Sam and keep that name out until the room closes "
    "(Ban… in the member menu can keep their computer out too)",
    "/unban": "/unban Sam — let Sam join again (Room → Bans… lists every ban)",
    "/invite": "/invite Sam — let Sam into a locked room; they are told and can join",
    "/helper": "/helper Sam — make Sam a helper (host only)",
    "/unhelper": "/unhelper Sam — Sam is no longer a helper (host only)",
    "/lock": "/lock — nobody new can join; /unlock opens the room again",
    "/unlock": "/unlock — let new people join again",
    "/password": "/password secret — new joiners need it; /password alone removes it",
    "/moderate": "/moderate — only helpers and people given a voice talk; /moderate off",
    "/renames": "/renames off — only the host and helpers can change name here; /renames on",
    "/slow": "/slow 30 — each person may send one message every 30 s; /slow 0 turns it off",
    "/pin": "/pin Homework due Friday — the announcement pinned at the top of the room",
    "/unpin": "/unpin — remove the pinned announcement",
    "/mode": "/mode +m — a room's MODE line as IRC writes it, sent as typed",
}
"""Commands for the host and helpers; the server refuses them from anyone else."""


NOT_WHILE_AWAY = (
    "The room is away, so this can't be done now. It stays in the box: press Enter again "
    "once you are back in the room."
)
"""A command that acts in the room, typed while the connection is lost (messages wait
instead: the client keeps them)."""


def needs_the_room(action: Action) -> bool:
    """True for the commands the room must answer at once: they are not kept while it is away."""
    kinds = (SetTopic, SetAway, PersonControl, RoomControl, RawMode, ToggleHand)
    return isinstance(action, kinds)


def away_words(away: bool, text: str) -> str:
    """The answer to /away: "You're marked away: lunch", or "You're back"."""
    if not away:
        return "You're back"
    return f"You're marked away: {text}" if text else "You're marked away"


def already_so(action: Action, nick: str, rooms: Mapping[str, str]) -> str:
    """The answer to a command whose wish is true already, or "" when it is not: the room
    would send nothing back, so the window says it. `rooms`: the folded names of the rooms
    we are in, and their titles."""
    if isinstance(action, ChangeNick) and action.nick == nick:
        return f"You're {nick} already."
    if isinstance(action, JoinRoom) and casefold(action.channel) in rooms:
        return f"You're in {rooms[casefold(action.channel)]} already."
    return ""


def help_lines(in_charge: bool) -> list[str]:
    """What /help shows: every command, and the teacher's too for the host and helpers."""
    return [*HELP.values(), *(TEACHER_HELP.values() if in_charge else ())]


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
        wanted = unicodedata.normalize("NFC", rest)  # "e" and an accent typed apart: "é"
        problem = nick_problem(wanted)
        return ChangeNick(wanted) if problem is None else Usage(f"{problem} ({HELP['/nick']})")
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
    if command in ("/hand", "/ask") or command in TEACHER_HELP:
        return _in_room(command, rest, conversation)
    return Usage(
        f"There is no {word} command. Type over it to write something else; /help lists the "
        "commands, and a line that starts with // is sent with one /.",
        replace=True,
    )


def is_seconds(text: str) -> bool:
    """A whole number of seconds in plain digits: "²" and "٣" pass str.isdigit(), not int()."""
    return text.isascii() and text.isdigit()


def _join(rest: str) -> Action:
    name, _, key = rest.partition(" ")
    if not name:
        return Usage(HELP["/join"])
    channel = name if is_channel(name) else f"#{name}"
    problem = channel_problem(channel)
    return JoinRoom(channel, key.strip()) if problem is None else Usage(problem)


def _in_room(command: str, rest: str, conversation: str) -> Action:
    """The commands that act on the room being looked at."""
    usage = Usage(HELP.get(command) or TEACHER_HELP[command])
    if not is_channel(conversation):
        return Usage(f"{command} works in a room: pick the room on the left first.")
    if command == "/hand":
        return ToggleHand(conversation)
    if command == "/ask":
        return AskHelpers(conversation, rest) if rest else usage
    if command == "/pin":
        return SetTopic(conversation, rest) if rest else usage
    if command == "/unpin":
        return SetTopic(conversation, "")
    if command == "/mode":
        words = tuple(rest.split())
        if not words or any(word.startswith(":") for word in words):
            return usage
        return RawMode(words if is_channel(words[0]) else (conversation, *words))
    if command in ("/lock", "/unlock"):
        return RoomControl(command[1:], conversation)
    if command == "/password":
        return RoomControl("password", conversation, rest)
    if command == "/moderate":
        value = rest.lower() or "on"
        return RoomControl("moderate", conversation, value) if value in ("on", "off") else usage
    if command == "/renames":
        value = rest.lower()
        return RoomControl("renames", conversation, value) if value in ("on", "off") else usage
    if command == "/slow":
        return RoomControl("slow", conversation, rest) if is_seconds(rest) else usage
    nick, _, reason = rest.partition(" ")
    if not nick or nick_problem(nick) is not None:
        return usage
    return PersonControl(command[1:], conversation, nick, reason.strip())
