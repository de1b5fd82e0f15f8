"""ConversationMemory: what the window keeps of each conversation while another is shown:
its unsent text with the cursor where it was, and the order the conversations were looked at.

The window has one input box. Without this, text left unsent in the room went with the next
line typed to a classmate ("typing during burstpsst"), and leaving a room landed on the empty
room-messages page instead of the room before.
"""

from dataclasses import dataclass

from chatgui.protocol.names import is_channel
from chatgui.ui.input_box import InputBox


@dataclass(frozen=True)
class Draft:
    text: str
    cursor: str
    """Where the cursor was, as a Text index ("1.4")."""


NOTHING = Draft("", "1.0")


class ConversationMemory:
    """Drafts and the looking order, by conversation key (the casefolded name)."""

    def __init__(self, box: InputBox) -> None:
        self._box = box
        self._drafts: dict[str, Draft] = {}
        self._seen: list[str] = []  # the conversation shown last is at the end

    def leaving(self, key: str) -> None:
        """Conversation `key` stops being shown: what is in the box is its draft."""
        text = self._box.get()
        if text:
            self._drafts[key] = Draft(text, self._box.cursor())
        else:
            self._drafts.pop(key, None)

    def entering(self, key: str, keep_typing: bool = False) -> None:
        """Conversation `key` is shown: its draft (or nothing) fills the box, unless the text
        in the box goes on with it (`keep_typing`)."""
        draft = self._drafts.pop(key, NOTHING)
        if not keep_typing:
            self._box.restore(draft.text, draft.cursor)
        if key in self._seen:
            self._seen.remove(key)
        self._seen.append(key)

    def renamed(self, old: str, new: str) -> None:
        """A private conversation goes on under a classmate's new name, with its draft."""
        if old in self._drafts:
            self._drafts[new] = self._drafts.pop(old)
        self._seen = [new if key == old else key for key in self._seen]

    def forget(self, key: str) -> None:
        """Conversation `key` is closed: its draft goes with it."""
        self._drafts.pop(key, None)
        if key in self._seen:
            self._seen.remove(key)

    def room_before(self) -> str | None:
        """The room looked at most recently, of those still open, or None."""
        return next((key for key in reversed(self._seen) if is_channel(key)), None)
