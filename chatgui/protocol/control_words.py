"""Controls in words: the sentence for a MODE, KICK, TOPIC or INVITE line ("Ms_Rivera muted Sam.").

The room says a control once, as IRC's own line; each chatgui window turns that line into
these words, and the server keeps the same words in the room's history (so a late joiner's
replay says them too). One entry per control in WORDS: a new control is one more line there.

A key is the mode change as IRC writes it ("+i", "-k", "+b" for a ban, "+b m:" for a mute,
the extban's prefix), or the command ("KICK", "TOPIC", "INVITE"). The fields a sentence may
use: {actor} who did it, {target} the person or mask in words, {argument} the mode's
parameter, {seconds} slow mode's wait in words, {reason}, {topic} and {room}.
"""

from collections.abc import Sequence

MUTE_PREFIX = "m:"
"""The mute extban (ISUPPORT EXTBAN=,m as on Ergo and InspIRCd): +b m:<mask> mutes, not bans."""

Change = tuple[str, str, str | None]
"""One mode change: ("+" or "-", the letter, its parameter or None)."""

WORDS = {
    "+i": "{actor} locked the room: nobody new can join.",
    "-i": "{actor} unlocked the room: anyone can join again.",
    "+k": "{actor} set a room password: people joining now need it.",
    "-k": "{actor} removed the room password.",
    "+l": "{actor} limited the room to {argument} people.",
    "-l": "{actor} removed the limit on how many people can join.",
    "+m": "{actor} turned on quiet mode: only the host, helpers and people with a voice can talk.",
    "-m": "{actor} turned off quiet mode: everyone can talk.",
    "+n": "{actor} closed the room to messages from people outside it.",
    "-n": "{actor} let people outside the room send messages to it.",
    "+s": "{actor} hid the room from the room list.",
    "-s": "{actor} showed the room in the room list.",
    "+t": "{actor} let only the host and helpers change the pinned announcement.",
    "-t": "{actor} let everyone change the pinned announcement.",
    "+v": "{actor} gave {target} a voice.",
    "-v": "{actor} took {target}'s voice away.",
    "+o": "{actor} made {target} a helper.",
    "-o": "{actor} removed {target} as a helper.",
    "+N": "{actor} turned off renames: only the host and helpers can change name here.",
    "-N": "{actor} turned on renames: everyone can change name again.",
    "+W": "{actor} turned on slow mode: each person may send one message every {seconds}.",
    "-W": "{actor} turned off slow mode.",
    "+b": "{actor} banned {target} from the room until it closes.",
    "-b": "{actor} lifted the ban on {target}.",
    f"+b {MUTE_PREFIX}": "{actor} muted {target}.",
    f"-b {MUTE_PREFIX}": "{actor} unmuted {target}.",
    "+o by the room": "{target} is back, and a helper again.",
    "KICK": "{actor} removed {target} from the room{reason}",
    "TOPIC": "{actor} pinned: {topic}",
    "TOPIC removed": "{actor} removed the pinned announcement.",
    "INVITE": "{actor} invited {target} to join.",
    "INVITE +i": "{actor} let {target} in past the lock.",
    "INVITE you": "{actor} let you into {room}: join now.",
    "CLEAR SCREEN": "{actor} cleared everyone's screen.",
}

MEMBER_LETTERS = "ov"
"""Mode letters whose parameter is a person's name."""


def who(mask: str) -> str:
    """A ban mask in words: "Sam" for Sam!*@*, "everyone at 10.0.0.7" for *!*@10.0.0.7; the
    mask itself for any other shape (set with /mode by someone who knows IRC)."""
    nick, _, rest = mask.partition("!")
    user, _, host = rest.partition("@")
    if nick and not _is_pattern(nick) and user == "*" and host == "*":
        return nick
    if nick == "*" and user == "*" and host and not _is_pattern(host):
        return f"everyone at {host}"
    return mask


def _is_pattern(text: str) -> bool:
    return "*" in text or "?" in text


def mode_words(actor: str, changes: Sequence[Change], by_the_room: bool = False) -> list[str]:
    """A sentence for each mode change; a letter with no entry is said as IRC writes it
    ("Ana set +q Sam"), a room password never: only that one was set."""
    said = []
    for sign, letter, argument in changes:
        key = f"{sign}{letter}"
        target = argument or ""
        if letter == "b" and target.startswith(MUTE_PREFIX):
            key, target = f"{key} {MUTE_PREFIX}", target.removeprefix(MUTE_PREFIX)
        if by_the_room and f"{key} by the room" in WORDS:
            key += " by the room"
        template = WORDS.get(key)
        if template is None:
            shown = "" if argument is None or letter == "k" else f" {argument}"
            said.append(f"{actor} set {key}{shown}")
            continue
        said.append(
            template.format(
                actor=actor,
                target=target if letter in MEMBER_LETTERS else who(target),
                argument=target,
                seconds="second" if target == "1" else f"{target} seconds",
            )
        )
    return said


def kick_words(actor: str, target: str, reason: str) -> str:
    """IRC fills in the remover's name when no reason is given: that is no reason to show."""
    because = f": {reason}" if reason and reason.casefold() != actor.casefold() else "."
    return WORDS["KICK"].format(actor=actor, target=target, reason=because)


def topic_words(actor: str, topic: str) -> str:
    """The room's topic is its pinned announcement; an empty one removes it."""
    key = "TOPIC" if topic else "TOPIC removed"
    return WORDS[key].format(actor=actor, topic=topic)


def invite_words(actor: str, target: str, locked: bool) -> str:
    """Said to the host and helpers (invite-notify): into a locked room, past its lock."""
    return WORDS["INVITE +i" if locked else "INVITE"].format(actor=actor, target=target)


def invited_words(actor: str, room: str) -> str:
    """Said to the person invited (and offered: the window has a Join now)."""
    return WORDS["INVITE you"].format(actor=actor, room=room)


def clear_screen_words(actor: str) -> str:
    """Said where the host or a helper cleared everyone's screen."""
    return WORDS["CLEAR SCREEN"].format(actor=actor)
