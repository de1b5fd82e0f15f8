"""Composer: the bottom of a conversation, where a message is written: the connection banner,
the message box and its Send button, in one frame the chat view packs at the bottom.
"""

import tkinter as tk
from collections.abc import Callable
from tkinter import ttk

from chatgui.ui.connection_banner import ConnectionBanner
from chatgui.ui.input_box import InputBox, Outcome
from chatgui.ui.theme import Palette

NO_ROOM = "Type /join and a room's name, or pick a room on the left"
"""What the empty box says on the room's own messages, where nothing can be said."""


def placeholder(conversation: str) -> str:
    """ "Message Class chat", "Message Sam": where a message typed now goes."""
    return f"Message {conversation}" if conversation else NO_ROOM


class Composer:
    """The banner above the box, and the box beside its Send button. Call from the Tk thread
    only."""

    def __init__(
        self,
        parent: tk.Misc,
        font: str,
        on_send: Callable[[str], Outcome],
        names: Callable[[], list[str]],
    ) -> None:
        self.frame = ttk.Frame(parent, padding=(6, 0, 6, 6))
        row = ttk.Frame(self.frame)
        row.pack(side="bottom", fill="x")
        self.input = InputBox(row, font, on_send, names)
        self.send_button = ttk.Button(
            row, text="Send", style="Accent.TButton", command=self.input.send
        )
        self.send_button.pack(side="right", anchor="s", padx=(6, 0))
        self.input.frame.pack(side="left", fill="x", expand=True)
        self.banner = ConnectionBanner(self.frame, above=row)

    def writing_to(self, conversation: str) -> None:
        """The conversation shown is `conversation` ("" for the room's own messages)."""
        self.input.set_placeholder(placeholder(conversation))

    def disable(self, disabled: bool) -> None:
        """A conversation that can't be written in: the box and Send take nothing."""
        self.input.disable(disabled)
        self.send_button.state(["disabled"] if disabled else ["!disabled"])

    def apply(self, palette: Palette) -> None:
        box = self.input
        box.colour(palette.field, palette.foreground, palette.muted)
        box.widget.configure(
            relief="flat",
            highlightthickness=1,
            highlightbackground=palette.border,
            highlightcolor=palette.accent,
            selectbackground=palette.selection,
            selectforeground=palette.foreground,
        )
        box.popup.listbox.configure(
            background=palette.field,
            foreground=palette.foreground,
            selectbackground=palette.accent,
            selectforeground=palette.on_accent,
            highlightbackground=palette.border,
        )
