"""InviteOffer: someone let us into a room ("Ms_Rivera let you into Class chat: join now"),
with Join now and Not now.

One at a time: a later invitation replaces the one shown, so a classmate sending INVITE after
INVITE opens no pile of windows. Not modal: the conversation goes on behind it.
"""

import tkinter as tk
from collections.abc import Callable
from tkinter import ttk

from chatgui.protocol.control_words import invited_words
from chatgui.ui.dialog import button_row, dialog_window, keys


class InviteOffer:
    def __init__(self, parent: tk.Misc, by: str, room: str, on_join: Callable[[], None]) -> None:
        self._on_join = on_join
        self.window, frame = dialog_window(parent, f"Join {room}")
        self.sentence = invited_words(by, room)
        ttk.Label(frame, text=self.sentence, wraplength=380, font="TkHeadingFont").pack(
            anchor="w", pady=(0, 10)
        )
        self.join_button, _ = button_row(
            frame, ("Join now", self.join), ("Not now", self.window.destroy), pady=0
        )
        keys(self.window, self.window.destroy, self.join)
        self.join_button.focus_set()

    def join(self) -> None:
        self.window.destroy()
        self._on_join()

    def is_open(self) -> bool:
        return bool(self.window.winfo_exists())
