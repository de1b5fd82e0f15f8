"""HandsPanel: the queue of raised hands, for the host and helpers.

One row per hand, in the order they went up, with the time and a Lower button. The panel
shows only while someone's hand is up; ChatApp decides who sees it at all.
"""

import time
import tkinter as tk
from collections.abc import Callable
from functools import partial
from tkinter import ttk

from chatgui.events import Hand


def clock(at: float) -> str:
    """ "12:41"; "?" for a time the calendar cannot show (a server's clock, not ours)."""
    try:
        return time.strftime("%H:%M", time.localtime(at))
    except (OverflowError, OSError, ValueError):
        return "?"


class HandsPanel:
    """Rows of "1. Sam (12:41) [Lower]". Call from the Tk thread only."""

    def __init__(self, parent: tk.Misc, on_lower: Callable[[str], None]) -> None:
        self.frame = ttk.Frame(parent, padding=(6, 2))
        self._on_lower = on_lower
        self.hands: tuple[Hand, ...] = ()
        self.lower_buttons: dict[str, ttk.Button] = {}

    def set(self, hands: tuple[Hand, ...]) -> None:
        self.hands = hands
        for child in self.frame.winfo_children():
            child.destroy()
        self.lower_buttons.clear()
        if not hands:
            return
        ttk.Label(self.frame, text="\N{RAISED HAND} Hands up:").pack(side="left", padx=(0, 6))
        for place, hand in enumerate(hands, start=1):
            label = f"{place}. {hand.nick} ({clock(hand.raised_at)})"
            ttk.Label(self.frame, text=label).pack(side="left")
            button = ttk.Button(
                self.frame, text="Lower", width=6, command=partial(self._on_lower, hand.nick)
            )
            button.pack(side="left", padx=(2, 10))
            self.lower_buttons[hand.nick] = button

    def text(self) -> str:
        """The queue as shown, one hand per line ("1. Sam (12:41)")."""
        return "\n".join(
            f"{place}. {hand.nick} ({clock(hand.raised_at)})"
            for place, hand in enumerate(self.hands, start=1)
        )
