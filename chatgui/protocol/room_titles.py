"""A room's title ("Class chat") and its channel name on the wire ("#class-chat").

People name rooms in words; IRC names them with a '#' and no spaces. The Host page and
`serve --room` make the channel from the title the same way, and anything that shows a
room shows its title: a channel nobody gave a title (a student's `/join #group-1`) reads as
"Group 1". Sans-IO and pure: the title of a channel from a hostile server is still text a
window can show.
"""

import re
import unicodedata

from chatgui import limits
from chatgui.protocol.names import CHANNEL_PREFIXES, channel_problem, shown_text_problem

_WORDS = re.compile(r"[^\W_]+")


def channel_for_title(title: str) -> str | None:
    """The channel behind a title: "Class chat" → "#class-chat"; None when the title has no
    letters or digits, or makes a channel the server would refuse (mixed alphabets)."""
    plain = unicodedata.normalize("NFKC", title).lower()
    words = "-".join(_WORDS.findall(plain))[: limits.CHANNEL_MAX_CHARS - 1].strip("-")
    channel = "#" + unicodedata.normalize("NFC", words)
    if not words or channel_problem(channel) is not None:
        return None
    return channel


def title_of_channel(channel: str) -> str:
    """How a channel reads as a title: "#group-1" → "Group 1", "#class" → "Class". What can't
    be shown (control and format characters) is left out; a name with nothing else left is
    shown as it is, without them."""
    shown = "".join(c for c in channel if unicodedata.category(c)[0] != "C")
    words = " ".join(shown.lstrip(CHANNEL_PREFIXES).replace("_", "-").split("-"))
    words = " ".join(words.split())
    if not words:
        return shown or "?"
    first = words[0].upper()
    return first + words[1:] if len(first) == 1 else words  # "ß" stays: "SS" is another name


def room_from_argument(text: str) -> tuple[str, str]:
    """(channel, title) for what `serve --room` was given: a channel name ("#class", title
    "Class") or a title ("Class chat", channel "#class-chat"). ValueError says what is wrong."""
    text = unicodedata.normalize("NFC", text.strip())
    if text[:1] in CHANNEL_PREFIXES:
        problem = channel_problem(text)
        if problem is not None:
            raise ValueError(problem)
        return text, title_of_channel(text)
    if not text:
        raise ValueError("give the room a title, for example --room 'Class chat'")
    if len(text) > limits.ROOM_TITLE_MAX_CHARS:
        raise ValueError(f"a room title can be at most {limits.ROOM_TITLE_MAX_CHARS} characters")
    if any(unicodedata.category(c)[0] == "C" for c in text):
        raise ValueError("a room title can't contain control or invisible characters")
    problem = shown_text_problem(text, "Room titles")
    if problem is not None:  # Join pages would refuse to list it
        raise ValueError(problem[0].lower() + problem[1:])
    channel = channel_for_title(text)
    if channel is None:
        raise ValueError("use letters or digits of one alphabet in the room title")
    return channel, text
