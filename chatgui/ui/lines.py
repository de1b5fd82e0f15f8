"""The pieces of each kind of line in a transcript, each with its Text tags; no Tk calls.

A group's head is the name (in the person's colour), the badge and the time; the avatar goes
in front of it as an embedded window (avatars.py). Each message is a block of body lines
under it: its second and later lines are tagged "more" so they sit close under the first
and never look like a message of their own. System lines (joins, settings) are "system":
small, quiet, no avatar. Links get a tag each so a click opens the one clicked; the
reader's own name in a message that mentions them is tagged "me" (bold).
"""

import re
import time

from chatgui.events import MessageReceived
from chatgui.ui.export import stamp
from chatgui.ui.grouping import day_label
from chatgui.ui.symbols import PRIVATE, Parts, clean

LINK = re.compile(r"https?://[^\s<>\"]+[^\s<>\".,;:!?)\]']")
BADGE_WORDS = {"~": "host", "@": "helper"}
"""The badge beside the name of a line written by the host or a helper (MessageReceived.badge)."""
NEW_MESSAGES = "New messages"


def is_control(message: MessageReceived) -> bool:
    """True for a control in words ("Ms_Rivera muted Sam."): drawn by the client from the
    MODE, KICK, TOPIC or INVITE line, or kept so by the room's history (the server's own
    notice), so it is drawn as a setting. A person's notice is drawn as their message, with
    their name, whatever symbols it starts with: it can't pass for a control line."""
    return message.kind == "control" or (message.kind == "notice" and message.from_server)


def day_line(at: float) -> Parts:
    return [(f"{day_label(at, time.time())}\n", ("day",))]


def new_messages_line() -> Parts:
    return [(f"{NEW_MESSAGES}\n", ("unread-line",))]


def head(sender: str, badge: str, at: float, extra: tuple[str, ...]) -> Parts:
    """The first line of a group: name, badge, time (its avatar goes in front). A space in
    the "strut" font, as tall as an avatar, ends it: the avatar is made only when first
    displayed, and the line must not grow then, or the end would slide out of view."""
    tags = ("head", *extra)
    word = BADGE_WORDS.get(badge)
    return [
        (sender, (*tags, "name", f"nick-{sender.lower()}")),
        *([("  ", tags), (word, (*tags, "badge"))] if word else []),
        (f"  {time.strftime('%H:%M', time.localtime(at))}", (*tags, "time")),  # a day line above
        (" ", (*tags, "strut")),  # as tall as the avatar: the line is before it is made
        ("\n", tags),
    ]


def body(
    sender: str,
    text: str,
    action: bool,
    to_helpers: bool,
    tags: tuple[str, ...],
    links: dict[str, str],
    reader: str = "",
) -> Parts:
    """A message's lines, ending in a newline: `links` gets each link's tag and address."""
    parts: Parts = []
    if to_helpers:
        parts.append((f"{PRIVATE} to the host and helpers only: ", ("status", *tags)))
    said = f"* {sender} {clean(text)}" if action else clean(text)
    kind = ("action",) if action else ()
    for number, line in enumerate(said.split("\n")):
        line_tags = (*tags, *kind, "more") if number else (*tags, *kind)
        if number:
            parts.append(("\n", tags))
        parts.extend(_styled(line, line_tags, links, reader))
    parts.append(("\n", tags))
    return parts


def system_line(symbol: str, text: str, at: float, extra: tuple[str, ...] = ()) -> Parts:
    """A join, a setting, a warning: its time and words, small and quiet."""
    return [
        (f"{stamp(at, time.time())}  ", ("time", "system", *extra)),
        (f"{symbol} {clean(text)}\n", ("notice", "system", *extra)),
    ]


def _styled(text: str, tags: tuple[str, ...], links: dict[str, str], reader: str) -> Parts:
    """`text` in pieces: links clickable, the reader's name bold."""
    parts: Parts = []
    position = 0
    for match in LINK.finditer(text):
        parts.extend(_named(text[position : match.start()], tags, reader))
        link_tag = f"href-{len(links)}"
        links[link_tag] = match.group()
        parts.append((match.group(), (*tags, "link", link_tag)))
        position = match.end()
    parts.extend(_named(text[position:], tags, reader))
    return [part for part in parts if part[0]] or [("", tags)]


def _named(text: str, tags: tuple[str, ...], reader: str) -> Parts:
    if not reader:
        return [(text, tags)]
    pieces = re.split(f"({re.escape(reader)})", text, flags=re.IGNORECASE)
    return [(piece, (*tags, "me") if number % 2 else tags) for number, piece in enumerate(pieces)]
