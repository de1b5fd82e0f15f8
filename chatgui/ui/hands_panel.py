"""HandsPanel: the queue of raised hands, for the host and helpers.

One chip per hand, in the order they went up, with the time and a Lower button. The chips
wrap into rows as wide as the conversation, and past a fifth of its height the rows scroll
(a class of 30 with hands up still leaves the chat on screen). A Lower button reached with Tab
scrolls into view. The panel shows only while someone's hand is up; ChatApp decides who sees
it at all.
"""

import time
import tkinter as tk
from collections.abc import Callable
from functools import partial
from tkinter import ttk

from chatgui.events import Hand
from chatgui.ui.flow import GAP, Flow
from chatgui.ui.scrolled import with_scrollbar
from chatgui.ui.theme import Palette

SHARE_OF_HEIGHT = 5
"""The panel takes at most 1/5 of the conversation's height before its rows scroll."""


def clock(at: float) -> str:
    """ "12:41"; "?" for a time the calendar cannot show (a server's clock, not ours)."""
    try:
        return time.strftime("%H:%M", time.localtime(at))
    except (OverflowError, OSError, ValueError):
        return "?"


class HandsPanel:
    """Chips of "1. Sam 12:41 [Lower]". Call from the Tk thread only."""

    def __init__(self, parent: tk.Misc, on_lower: Callable[[str], None]) -> None:
        self.frame = ttk.Frame(parent, padding=(8, 4, 8, 2))
        self._on_lower = on_lower
        self.hands: tuple[Hand, ...] = ()
        self.lower_buttons: dict[str, ttk.Button] = {}
        self.title = ttk.Label(self.frame)
        self.title.pack(anchor="w", pady=(0, 4))
        holder = ttk.Frame(self.frame)
        holder.pack(fill="x")
        self.canvas = tk.Canvas(holder, height=1, borderwidth=0, highlightthickness=0)
        self.flow = Flow(self.canvas)
        self.flow.on_arranged = self._fit
        self._window = self.canvas.create_window(0, 0, anchor="nw", window=self.flow.frame)
        with_scrollbar(self.canvas, holder)
        self.canvas.bind("<Configure>", self._fit_width)
        parent.bind("<Configure>", lambda e: self._fit(), add="+")  # its height sets ours

    def set(self, hands: tuple[Hand, ...]) -> None:
        self.hands = hands
        for child in self.flow.frame.winfo_children():
            child.destroy()
        self.lower_buttons.clear()
        self.title.configure(text=f"\N{RAISED HAND} Hands up ({len(hands)})")
        chips = []
        for place, hand in enumerate(hands, start=1):
            chip = ttk.Frame(self.flow.frame, style="Hand.TFrame", padding=(8, 2, 2, 2))
            label = f"{place}. {hand.nick} {clock(hand.raised_at)}"
            ttk.Label(chip, text=label, style="Hand.TLabel").pack(side="left", padx=(0, 6))
            button = ttk.Button(
                chip, text="Lower", width=6, command=partial(self._on_lower, hand.nick)
            )
            button.pack(side="left")
            button.bind("<FocusIn>", partial(self._focused, hand.nick), add="+")
            self.lower_buttons[hand.nick] = button
            chips.append(chip)
        self.flow.set(chips)

    def _focused(self, nick: str, event: "tk.Event[ttk.Button]") -> None:
        self.see(nick)  # reached with Tab: scrolled into view

    def see(self, nick: str) -> None:
        """Scroll `nick`'s chip into view."""
        button = self.lower_buttons.get(nick)
        total = self.flow.frame.winfo_reqheight()
        if button is None or total <= 1:
            return
        chip = button.nametowidget(button.winfo_parent())
        top, bottom = chip.winfo_y(), chip.winfo_y() + chip.winfo_reqheight()
        first, last = (float(f) * total for f in self.canvas.yview())
        if top < first:
            self.canvas.yview_moveto(top / total)
        elif bottom > last:
            self.canvas.yview_moveto((bottom - (last - first)) / total)

    def _fit_width(self, event: "tk.Event[tk.Canvas]") -> None:
        self.canvas.itemconfigure(self._window, width=event.width)

    def _fit(self) -> None:
        """The scrolled area as tall as the rows, up to SHARE_OF_HEIGHT of the conversation."""
        total = self.flow.frame.winfo_reqheight()
        page = self.frame.master.winfo_height() // SHARE_OF_HEIGHT
        row = max((chip.winfo_reqheight() for chip in self.flow.items), default=total) + GAP
        shown = min(total, max(row, page // row * row - GAP))
        self.canvas.configure(height=shown, scrollregion=(0, 0, 1, total))

    def apply(self, palette: Palette) -> None:
        self.canvas.configure(background=palette.background)

    def text(self) -> str:
        """The queue as shown, one hand per line ("1. Sam (12:41)")."""
        return "\n".join(
            f"{place}. {hand.nick} ({clock(hand.raised_at)})"
            for place, hand in enumerate(self.hands, start=1)
        )
