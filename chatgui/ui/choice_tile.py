"""ChoiceTile: one of the start page's two big choices, drawn as the tiles of today's apps
("Create a team", "Join a team"): a symbol, a line that says what the choice does, and its
button. A click anywhere on the tile presses the button, unless the button is disabled.
"""

import tkinter as tk
import tkinter.font as tkfont
from collections.abc import Callable
from tkinter import ttk

from chatgui.ui.card import wrapping

SYMBOL_SCALE = 3
"""The symbol's size, in sizes of the heading font: it grows with Ctrl+plus too."""


class ChoiceTile:
    """Tk thread only."""

    def __init__(
        self,
        parent: tk.Misc,
        symbol: str,
        label: str,
        about: str,
        command: Callable[[], None],
        heading: str,
    ) -> None:
        self.frame = ttk.Frame(parent, style="Tile.TFrame", padding=16, relief="solid")
        self.frame.configure(borderwidth=1)
        self._heading = tkfont.nametofont(heading, root=parent)
        self._symbol_font = tkfont.Font(parent, family=self._heading.cget("family"))
        self._sized()
        self.symbol = ttk.Label(self.frame, text=symbol, font=self._symbol_font, anchor="center")
        self.about = wrapping(self.frame, about, justify="center", anchor="center")
        self.button = ttk.Button(self.frame, text=label, style="Accent.TButton", command=command)
        self.frame.columnconfigure(0, weight=1)
        self.frame.rowconfigure((0, 3), weight=1)  # centred, the buttons of both tiles level
        self.symbol.grid(row=1, column=0, sticky="we")
        self.about.grid(row=2, column=0, sticky="new", pady=(8, 12))
        self.button.grid(row=4, column=0, ipadx=12, ipady=6, pady=(0, 8))
        for part in (self.frame, self.symbol, self.about):
            part.bind("<Button-1>", lambda e: self._clicked(), add="+")
        self.frame.bind("<Configure>", lambda e: self._sized(), add="+")

    def _sized(self) -> None:
        """The symbol follows the heading font's size (Ctrl+plus, Ctrl+minus)."""
        wanted = int(self._heading.cget("size")) * SYMBOL_SCALE
        if int(self._symbol_font.cget("size")) != wanted:
            self._symbol_font.configure(size=wanted)

    def _clicked(self) -> None:
        if not self.button.instate(["disabled"]):
            self.button.invoke()
