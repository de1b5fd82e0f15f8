"""ConnectionBanner: the strip above the message box that says, in a colour of its own, when
the room can't be written in and what can be done (Try now, Back to the start, Join again).

Two things can need it at once: the room itself (the teacher closed it, or removed us) and
the connection (lost, trying again). The room's reason is the stronger one and is shown
first; each is put and cleared by its owner (closing.py, outage.py) without knowing the other.
"""

import tkinter as tk
from collections.abc import Callable, Sequence
from tkinter import ttk

from chatgui.ui.card import wrapping

ROOM = "room"
"""The room can't be written in: closed by the teacher, or we were removed."""
CONNECTION = "connection"
"""The connection is lost and being tried again: what is sent waits."""
SLOTS = (ROOM, CONNECTION)
"""What the banner can say, the stronger first: one is shown at a time."""


class ConnectionBanner:
    """The banner, packed in `parent` just above `above` while it has something to say."""

    def __init__(self, parent: tk.Misc, above: tk.Misc) -> None:
        self.frame = ttk.Frame(parent, style="Banner.TFrame", padding=(10, 6))
        self._above = above
        self._words = wrapping(self.frame, style="Banner.TLabel", anchor="w", justify="left")
        self._words.pack(side="left", fill="x", expand=True)
        self._said: dict[str, tuple[str, tuple[ttk.Button, ...]]] = {}
        self._buttons: list[ttk.Button] = []

    def button(self, text: str, command: Callable[[], None]) -> ttk.Button:
        """A button the banner can offer (shown only with the words it is put with)."""
        made = ttk.Button(self.frame, text=text, command=command)
        self._buttons.append(made)
        return made

    def put(self, slot: str, words: str, buttons: Sequence[ttk.Button] = ()) -> None:
        """Say `words` for `slot` (ROOM or CONNECTION), offering `buttons`."""
        self._said[slot] = (words, tuple(buttons))
        self._show()

    def clear(self, slot: str) -> None:
        self._said.pop(slot, None)
        self._show()

    def text(self) -> str:
        """The words shown now; "" while the banner is hidden."""
        return str(self._words.cget("text")) if self.frame.winfo_manager() else ""

    def _show(self) -> None:
        for button in self._buttons:
            button.pack_forget()
        shown = next((self._said[slot] for slot in SLOTS if slot in self._said), None)
        if shown is None:
            self.frame.pack_forget()
            return
        words, buttons = shown
        self._words.configure(text=words)
        for button in reversed(buttons):  # before the words: they wrap, a button can't
            button.pack(side="right", padx=(6, 0), before=self._words)
        self.frame.pack(side="top", fill="x", pady=(0, 6), before=self._above)
