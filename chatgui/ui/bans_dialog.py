"""The bans of a room: the Bans… dialog that lists and lifts them, and the Ban… dialog that
keeps someone out by name or by computer.

Not modal, like every dialog of the window: the room goes on while it is open. Both only say
what a ban is in words ("Sam", "everyone at 10.0.0.7"); the lines go out through the callbacks.
"""

import tkinter as tk
from collections.abc import Callable
from tkinter import ttk

from chatgui.protocol.control_words import who
from chatgui.ui.choice_list import ChoiceList
from chatgui.ui.dialog import button_row, dialog_window, keys
from chatgui.ui.listbox_choice import selected_index

BY_NAME, BY_COMPUTER = "name", "computer"
SHARED_ADDRESS = (
    "Everyone whose computer has the address {address} is kept out, whatever their name: "
    "on a school network that may be a whole lab, or every PC behind one router, and a "
    "student who shares that PC after {nick} can't join either. Lift it in Room → Bans…."
)


def in_words(mask: str) -> str:
    """A ban mask as the room says it (control_words.who), a computer ban marked as one."""
    said = who(mask)
    return f"{said} (a computer)" if said.startswith("everyone at ") else said


class BansDialog(ChoiceList):
    """The room's bans, newest list from the server; Lift the ban lifts the one chosen."""

    def __init__(self, parent: tk.Misc, room: str, on_lift: Callable[[str], None]) -> None:
        intro = (
            f"Who is kept out of {room} until it closes. A ban by computer keeps out "
            "everyone at that address, so on a shared address it may keep out many people."
        )
        super().__init__(parent, f"Bans in {room}", intro, (420, 8, 52), "Lift the ban", on_lift)
        self.list.bind("<Delete>", lambda e: self.act())
        self.show(())

    def show(self, bans: tuple[tuple[str, str], ...]) -> None:
        """The bans as (mask, set by); the choice stays on the same ban where it can."""
        chosen = selected_index(self.list)
        kept = self.keys[chosen] if chosen is not None else None
        shown = [
            (mask, f"{in_words(mask)}, by {by}" if by else in_words(mask)) for mask, by in bans
        ]
        self.fill(shown, "Nobody is banned from this room.")
        again = self.keys.index(kept) if kept in self.keys else 0
        if self.keys:
            self.list.selection_set(again)
            self.list.activate(again)


class BanDialog:
    """Ban one person: why (they read it), and by name or by their computer, with what a
    computer ban means on a shared address said before it is chosen."""

    def __init__(
        self,
        parent: tk.Misc,
        nick: str,
        address: str,
        on_ban: Callable[[str, str], None],
    ) -> None:
        """on_ban(reason, BY_NAME or BY_COMPUTER). Without a known `address`, by name only."""
        self._on_ban = on_ban
        self.window, frame = dialog_window(parent, f"Ban {nick}")
        ttk.Label(frame, text=f"Why is {nick} being banned? They will read this.").pack(anchor="w")
        self.reason = tk.StringVar(parent)
        self.entry = ttk.Entry(frame, textvariable=self.reason, width=48)
        self.entry.pack(fill="x", pady=8)
        self.how = tk.StringVar(parent, value=BY_NAME)
        ttk.Radiobutton(
            frame,
            text=f"By name: nobody called {nick} can join until the room closes",
            value=BY_NAME,
            variable=self.how,
        ).pack(anchor="w")
        computer = ttk.Radiobutton(
            frame,
            text=f"By computer: also everyone at {address or 'their address (not known)'}",
            value=BY_COMPUTER,
            variable=self.how,
        )
        computer.pack(anchor="w")
        if not address:
            computer.state(["disabled"])
        ttk.Label(
            frame,
            text=SHARED_ADDRESS.format(address=address or "theirs", nick=nick),
            wraplength=420,
            font="TkSmallCaptionFont",
        ).pack(anchor="w", padx=(22, 0), pady=(2, 8))
        self.ok_button, _ = button_row(
            frame, ("Ban", self.ok), ("Cancel", self.window.destroy), pady=0
        )
        keys(self.window, self.window.destroy, self.ok)
        self.entry.focus_set()

    def ok(self) -> None:
        self.window.destroy()
        self._on_ban(self.reason.get().strip(), self.how.get())

    def is_open(self) -> bool:
        return bool(self.window.winfo_exists())
