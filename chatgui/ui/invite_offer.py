"""InviteOffer: someone let us into a room ("Ms_Rivera let you into Class chat: join now"),
with Join now and Not now.

One at a time: a later invitation replaces the one shown, so a classmate sending INVITE after
INVITE opens no pile of windows. Not modal: the conversation goes on behind it.
"""

import tkinter as tk
from collections.abc import Callable
from tkinter import ttk

from chatgui.protocol.control_words import invited_words


class InviteOffer:
    def __init__(self, parent: tk.Misc, by: str, room: str, on_join: Callable[[], None]) -> None:
        self._on_join = on_join
        self.window = tk.Toplevel(parent)
        self.window.title(f"Join {room}")
        self.window.transient(parent.winfo_toplevel())
        frame = ttk.Frame(self.window, padding=12)
        frame.pack(fill="both", expand=True)
        self.sentence = invited_words(by, room)
        ttk.Label(frame, text=self.sentence, wraplength=380, font="TkHeadingFont").pack(
            anchor="w", pady=(0, 10)
        )
        buttons = ttk.Frame(frame)
        buttons.pack(anchor="e")
        self.join_button = ttk.Button(buttons, text="Join now", command=self.join)
        self.join_button.pack(side="left", padx=(0, 6))
        ttk.Button(buttons, text="Not now", command=self.window.destroy).pack(side="left")
        self.window.bind("<Return>", lambda e: self.join())
        self.window.bind("<Escape>", lambda e: self.window.destroy())
        self.join_button.focus_set()

    def join(self) -> None:
        self.window.destroy()
        self._on_join()

    def is_open(self) -> bool:
        return bool(self.window.winfo_exists())
