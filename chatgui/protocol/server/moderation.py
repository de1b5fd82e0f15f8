"""Who may talk in a room right now: bans and mutes, slow mode, and the word filter.

The host and helpers are exempt from all of it: they are the ones keeping order. A ban or
mute covers whoever its mask matches, and goes on covering the connections it matched when it
was set: a new name is no way out of it.
"""

import math
from typing import TYPE_CHECKING

from chatgui import limits
from chatgui.protocol import masks

if TYPE_CHECKING:
    from chatgui.protocol.server.context import ServerContext
    from chatgui.protocol.server.model import Channel, Person
    from chatgui.protocol.server.wordfilter import Lines

MUTE_PREFIX = "m:"
"""The mute extban (ISUPPORT EXTBAN=,m, as on Ergo and InspIRCd): +b m:<mask> mutes."""
RENAMES_OFF = "N"
"""The room mode that stops its students changing name, +N as on InspIRCd and UnrealIRCd."""


def is_banned(channel: "Channel", person: "Person") -> bool:
    """A ban (not a mute) in `channel` covers `person`."""
    return verdict(channel, person)[0]


def is_muted(channel: "Channel", person: "Person") -> bool:
    """A mute (+b m:<mask>) in `channel` covers `person`."""
    return verdict(channel, person)[1]


def verdict(channel: "Channel", person: "Person") -> tuple[bool, bool]:
    """(banned, muted): read from every mask once, then kept until the person's name or the
    ban list changes, so a room with a hundred masks doesn't check them all per message. A
    room without any is answered at once, and keeps nothing for each of its members."""
    if not channel.bans:
        return False, False
    kept = channel.verdicts.get(person.conn)
    if kept is not None and kept[0] == person.prefix:
        return kept[1], kept[2]
    banned = muted = False
    for entry, _, _ in channel.bans:
        if entry.startswith(MUTE_PREFIX):
            muted = muted or _covers(channel, entry, entry.removeprefix(MUTE_PREFIX), person)
        else:
            banned = banned or _covers(channel, entry, entry, person)
    channel.verdicts[person.conn] = (person.prefix, banned, muted)
    return banned, muted


def _covers(channel: "Channel", entry: str, mask: str, person: "Person") -> bool:
    """The ban-list `entry` (whose nick!user@host part is `mask`) covers `person`: by the
    name they have now, or because it covered their connection when it was set."""
    return person.conn in channel.covered.get(entry, ()) or masks.mask_matches(mask, person.prefix)


def remember_covered(server: "ServerContext", channel: "Channel", entry: str) -> None:
    """A ban or mute was set: remember whom it covers now, so a new name doesn't escape it.

    Only a mask that covers a few people (a name) is remembered by connection: one that covers
    more than BAN_REMEMBERS_MAX is a pattern (a computer's address, "*"), which keeps covering
    them whatever their names, and remembering everyone for it would let a student fill the
    server's memory with bans."""
    mask = entry.removeprefix(MUTE_PREFIX)
    channel.verdicts.clear()
    covered = set()
    for person in server.people.values():
        if person.registered and masks.mask_matches(mask, person.prefix):
            covered.add(person.conn)
            if len(covered) > limits.BAN_REMEMBERS_MAX:
                covered.clear()
                break
    channel.covered[entry] = covered


def forget_connection(server: "ServerContext", conn: int) -> None:
    """A connection ended: no ban, mute or invitation keeps its number any more."""
    for channel in server.channels.values():
        channel.invited.discard(conn)
        channel.verdicts.pop(conn, None)
        for conns in channel.covered.values():
            conns.discard(conn)


def filtered_text(server: "ServerContext", person: "Person", text: str) -> str | None:
    """Text of `person`'s others will read (an away message) with filtered words masked, or
    None when the filter blocks it. The host and server operators are not filtered."""
    if person.is_host or "o" in person.modes:
        return text
    return server.word_filter.check(text)


def allowed_reason(server: "ServerContext", person: "Person", text: str) -> str:
    """A part or quit message as the room may read it: filtered words masked, or no message
    at all when the filter blocks them (leaving itself can't be refused)."""
    return filtered_text(server, person, text) or ""


def slow_wait_s(channel: "Channel", conn: int, now: float) -> float:
    """Seconds connection `conn` must still wait before talking in `channel` (0: it may now)."""
    last = channel.last_said.get(conn)
    if channel.slow_s is None or last is None:
        return 0.0
    return max(0.0, last + channel.slow_s - now)


def screen(
    server: "ServerContext",
    person: "Person",
    command: str,
    target: str,
    channel: "Channel | None",
    lines: "Lines",
    tags: dict[str, str],
) -> tuple["Lines", dict[str, str]] | None:
    """The lines of a message to `target` and its client tags as they may be delivered
    (filtered words masked), or None when it is refused; the sender has then been told why.

    `channel` is the room the message goes to (also for "@#room"), None for a person. A
    reaction alone (TAGMSG: no lines) is not held back by slow mode.
    """
    if channel is not None and channel.slow_s is not None and lines:
        wait = slow_wait_s(channel, person.conn, server.now)
        if wait > 0:
            seconds = math.ceil(wait)
            unit = "second" if seconds == 1 else "seconds"
            why = (
                f"Slow mode is on in {channel.name}: wait {seconds} more {unit} "
                "before you send another message."
            )
            server.fail(person, command, "SLOW_MODE", why, channel.name, str(seconds))
            return None
    allowed = server.word_filter.check_message(lines, tags)
    if allowed is None:
        why = (
            f"Your message to {target} was not sent: it contains a word the host does not "
            "allow. Please say it another way."
        )
        server.fail(person, command, "WORD_FILTERED", why, target)
        return None
    if channel is not None and channel.slow_s is not None and lines:
        channel.last_said[person.conn] = server.now
    return allowed
