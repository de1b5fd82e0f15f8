"""Settings' part for the room this window hosts: how fast each person may send, and how many
connections one computer may have (what `serve --flood` and `--max-per-address` set).

Each change is saved at once and given to the room that runs (`apply`), else used the next
time a room is hosted. A number box that holds no number yet (half typed) changes nothing.
"""

import tkinter as tk
from collections.abc import Callable
from tkinter import ttk

from chatgui import limits
from chatgui.ui.settings import Settings, save_settings

SLOW_DOWN = "Slow down people who send too fast"
CAP = "Limit the connections from one computer to"
NEVER_SLOWED = "You and your helpers are never slowed down."


class PaceSettings:
    """The hosted room's pace and cap per computer, in a frame of the Settings dialog."""

    def __init__(self, parent: ttk.Frame, settings: Settings, apply: Callable[[], None]) -> None:
        """`apply`: called after each change, with `settings` already changed and saved."""
        self.settings, self._apply = settings, apply
        frame = ttk.LabelFrame(parent, text="The room you host", padding=8)
        frame.pack(fill="x", pady=(0, 8))
        self.slow = tk.BooleanVar(frame, value=settings.slow_down_floods)
        ttk.Checkbutton(frame, text=SLOW_DOWN, variable=self.slow, command=self.changed).pack(
            anchor="w"
        )
        pace = ttk.Frame(frame)
        pace.pack(anchor="w", padx=(24, 0))
        ttk.Label(pace, text="after").pack(side="left")
        self.burst, burst_box = self._number(
            pace, settings.flood_burst_lines, limits.SETTINGS_PACE_MAX_LINES
        )
        ttk.Label(pace, text="lines at once, to").pack(side="left")
        self.rate, rate_box = self._number(
            pace, settings.flood_lines_per_s, limits.SETTINGS_PACE_MAX_LINES
        )
        ttk.Label(pace, text="lines a second").pack(side="left")
        cap = ttk.Frame(frame)
        cap.pack(anchor="w", pady=(6, 0))
        self.capped = tk.BooleanVar(frame, value=settings.cap_per_computer)
        ttk.Checkbutton(cap, text=CAP, variable=self.capped, command=self.changed).pack(side="left")
        self.cap, cap_box = self._number(cap, settings.max_per_computer, limits.MAX_CONNECTIONS)
        ttk.Label(frame, text=NEVER_SLOWED).pack(anchor="w", pady=(6, 0))
        self._boxes = ((self.slow, (burst_box, rate_box)), (self.capped, (cap_box,)))
        self._grey_unused()

    def _number(self, row: ttk.Frame, value: int, most: int) -> tuple[tk.StringVar, ttk.Spinbox]:
        shown = tk.StringVar(row, value=str(value))
        box = ttk.Spinbox(
            row, from_=1, to=most, increment=1, width=6, textvariable=shown, command=self.changed
        )
        box.pack(side="left", padx=4)
        box.bind("<KeyRelease>", lambda e: self.changed())
        box.bind("<FocusOut>", lambda e: shown.set(str(self._whole(shown, most, value))))
        return shown, box

    def _grey_unused(self) -> None:
        """A number box whose switch is off can't be changed: it means nothing then."""
        for switch, boxes in self._boxes:
            for box in boxes:
                box.state(["!disabled"] if switch.get() else ["disabled"])

    @staticmethod
    def _whole(shown: tk.StringVar, most: int, otherwise: int) -> int:
        """The box's whole number from 1 to `most`, or `otherwise` while it holds none."""
        typed = shown.get().strip()
        number = int(typed) if typed.isascii() and typed.isdigit() else 0
        return number if 1 <= number <= most else otherwise

    def changed(self) -> None:
        """A switch or a number changed: kept, saved, and given to the room."""
        settings, most = self.settings, limits.SETTINGS_PACE_MAX_LINES
        settings.slow_down_floods = self.slow.get()
        settings.flood_burst_lines = self._whole(self.burst, most, settings.flood_burst_lines)
        settings.flood_lines_per_s = self._whole(self.rate, most, settings.flood_lines_per_s)
        settings.cap_per_computer = self.capped.get()
        settings.max_per_computer = self._whole(
            self.cap, limits.MAX_CONNECTIONS, settings.max_per_computer
        )
        save_settings(settings)
        self._grey_unused()
        self._apply()
