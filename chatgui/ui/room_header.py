"""RoomHeader: the top of the conversation shown, as chat apps have it.

Its title and member count ("31 people", a button that shows or hides the member list), the
pinned announcement on one line (shortened with "…"; the pointer resting on it shows all of
it, a click opens it in place), and the actions: for the host the "Others can join at …"
address as a chip that copies it, the room code (How to join), Everyone quiet, and for
everyone but the host Raise hand. At a wide window the actions sit beside the title; when
they don't fit they go below it and wrap into rows, and the chip drops its words to keep
only the address. Nothing is squeezed or cut. Call from the Tk thread only.
"""

import tkinter as tk
from tkinter import font as tkfont
from tkinter import ttk

from chatgui import limits
from chatgui.ui.flow import Flow
from chatgui.ui.symbols import PINNED
from chatgui.ui.theme import Fonts
from chatgui.ui.tooltip import Tooltip

RAISE_HAND = "\N{RAISED HAND} Raise hand"
HAND_UP = "\N{RAISED HAND} Hand up: lower it"
EVERYONE_QUIET = "Everyone quiet"
EVERYONE_TALK = "Let everyone talk"
COPY = "\N{LOWER RIGHT SHADOWED WHITE SQUARE}"
COPIED = "\N{CHECK MARK} Copied"
ELLIPSIS = "\N{HORIZONTAL ELLIPSIS}"


def people(count: int) -> str:
    return "1 person" if count == 1 else f"{count} people"


def shortened(text: str, font: tkfont.Font, width: int) -> str:
    """`text`, cut at a character with "…" so that it fits in `width` pixels."""
    if font.measure(text) <= width:
        return text
    low, high = 0, len(text)
    while low < high:
        middle = (low + high + 1) // 2
        if font.measure(text[:middle] + ELLIPSIS) <= width:
            low = middle
        else:
            high = middle - 1
    return text[:low].rstrip() + ELLIPSIS


class RoomHeader:
    """The header's widgets and their layout; ChatView says what they show."""

    def __init__(self, parent: tk.Misc, fonts: Fonts) -> None:
        self.frame = ttk.Frame(parent, style="Header.TFrame", padding=(8, 8, 8, 6))
        self._fonts = fonts
        self.row = Flow(self.frame, style="Header.TFrame")
        self.row.frame.pack(fill="x")
        self.title = ttk.Label(self.row.frame, style="Header.TLabel", font=fonts.big)
        self.count = ttk.Button(self.row.frame, style="Chip.TButton")
        self.chip = ttk.Button(self.row.frame, style="Chip.TButton", command=self.copy)
        self.how_button = ttk.Button(self.row.frame, style="Chip.TButton")
        self.quiet_button = ttk.Button(self.row.frame, text=EVERYONE_QUIET, style="Chip.TButton")
        self.hand_button = ttk.Button(self.row.frame, text=RAISE_HAND)
        self.topic = ttk.Label(self.frame, style="Topic.TLabel", font=fonts.italic)
        self.topic_open = False
        self.tooltip = Tooltip(self.topic, self._tooltip_text)
        self.chip_tooltip = Tooltip(
            self.chip, lambda: f"{self._join_line}. A click copies {self._address}."
        )
        self.topic.bind("<Button-1>", lambda e: self.open_topic(not self.topic_open))
        self._title = self._topic = self._address = self._join_line = ""
        self._pinned = False
        self._members: int | None = None
        self._copied: str | None = None
        self._shown = {self.chip: False, self.how_button: False, self.quiet_button: False}
        self._shown[self.hand_button] = False
        self._pending: str | None = None
        self.frame.bind("<Configure>", lambda e: self.arrange_soon(), add="+")

    # --- what it shows ---

    def set_title(self, title: str, members: int | None) -> None:
        """The conversation's title, and how many are in it (None: not a room)."""
        self._title, self._members = title, members
        self.arrange()

    def set_topic(self, text: str, pinned: bool) -> None:
        """The line under the title: a room's pinned announcement (`pinned`), or what a
        conversation that is not a room is; "" for none."""
        self._topic, self._pinned = text, pinned
        self.topic_open = False
        self.arrange()

    def topic_text(self) -> str:
        """The whole line under the title, however it is shown."""
        return f"{PINNED} {self._topic}" if self._pinned and self._topic else self._topic

    def open_topic(self, opened: bool) -> None:
        """The whole announcement, wrapped over as many lines as it takes, or one line."""
        self.topic_open = opened
        self.tooltip.hide()
        self.arrange()

    def show_join_line(self, line: str, address: str) -> None:
        """The host's chip: `line` ("Others can join at …") where there is room, else the
        address alone; a click copies `address`."""
        self._join_line, self._address = line, address
        self.show_action(self.chip, True)

    def show_action(self, button: ttk.Button, shown: bool) -> None:
        self._shown[button] = shown
        self.arrange()

    def copy(self) -> None:
        """The address to the clipboard; the chip says "Copied" for a moment."""
        self.frame.clipboard_clear()
        self.frame.clipboard_append(self._address)
        if self._copied is not None:
            self.frame.after_cancel(self._copied)
        self._copied = self.frame.after(limits.COPIED_SHOWN_MS, self._copy_done)
        self.arrange()

    def _copy_done(self) -> None:
        self._copied = None
        if self.frame.winfo_exists():
            self.arrange()

    # --- the layout ---

    def arrange_soon(self) -> None:
        if self._pending is None:
            self._pending = self.frame.after_idle(self.arrange)

    def arrange(self) -> None:
        """One row when it all fits (the actions at its right end); else rows, the chip
        down to the address alone; the title and the announcement shortened to the width."""
        if self._pending is not None:
            self.frame.after_cancel(self._pending)
            self._pending = None
        width = self.frame.winfo_width() - 16  # the frame's padding, left and right
        if width <= 1:
            width = self.frame.winfo_reqwidth()
        self.title.configure(text=shortened(self._title, self._fonts.big, width))
        self.count.configure(text=people(self._members) if self._members is not None else "")
        actions: list[tk.Widget] = [button for button, on in self._shown.items() if on]
        title: list[tk.Widget] = [self.title]
        if self._members is not None:
            title.append(self.count)
        self.chip.configure(text=COPIED if self._copied else f"{COPY} {self._join_line}")
        self.row.push_from = actions[0] if actions else None
        self.row.set(title + actions)
        if self.row.rows > 1 and self._shown[self.chip] and not self._copied:
            self.chip.configure(text=f"{COPY} {self._address}")  # the words go; the address stays
            self.row.arrange()
        self._arrange_topic(width)

    def _arrange_topic(self, width: int) -> None:
        text = self.topic_text()
        if not text:
            self.topic.configure(text="")
            self.topic.pack_forget()
            return
        if self.topic_open:
            self.topic.configure(text=text, wraplength=width)
        else:
            self.topic.configure(text=shortened(text, self._fonts.italic, width), wraplength=0)
        self.topic.pack(anchor="w", pady=(4, 0))

    def _tooltip_text(self) -> str:
        """All of the announcement, when the line shows only part of it."""
        text = self.topic_text()
        return text if str(self.topic.cget("text")) != text else ""
