"""ConversationList: the sidebar's conversations, as a chat app lists its channels.

"Notices" first (what the room's server says to this person: its welcome, notes, and a
private message from someone new once too many conversations are open), then the sections
Rooms and Private. Each row has an unread badge, a count in the alert colours, and the
conversation shown is marked in the accent colour. A click, or Up and Down with the list
focused, shows a conversation. The rows scroll when they don't fit.
Call from the Tk thread only.
"""

import tkinter as tk
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from tkinter import ttk

from chatgui.ui.scrolled import with_scrollbar

NOTICES = "Notices"
ROOMS = "Rooms"
PRIVATE = "Private"
PRIVATE_HINT = "Double-click a name to talk privately."
BADGE_MAX = 99
"""Past this, a badge says "99+": the number no longer tells anyone anything."""


def badge_text(count: int) -> str:
    return f"{BADGE_MAX}+" if count > BADGE_MAX else str(count)


@dataclass
class Row:
    """One conversation's row: its frame, its name and its badge (hidden at 0)."""

    frame: ttk.Frame
    name: ttk.Label
    badge: ttk.Label


class ConversationList:
    """The rows, by folded conversation name; `on_pick(key)` is told the one clicked."""

    def __init__(self, parent: tk.Misc, font: str, on_pick: Callable[[str], None]) -> None:
        self.frame = ttk.Frame(parent, style="Sidebar.TFrame")
        self._font = font
        self._on_pick = on_pick
        self.canvas = tk.Canvas(self.frame, borderwidth=0, highlightthickness=2, takefocus=1)
        self.inside = ttk.Frame(self.canvas, style="Sidebar.TFrame")
        self._window = self.canvas.create_window(0, 0, anchor="nw", window=self.inside)
        with_scrollbar(self.canvas, self.frame)
        self.canvas.bind("<Configure>", self._fit_width)
        self.inside.bind("<Configure>", self._fit_height)
        self.canvas.bind("<Up>", lambda e: self._step(-1))
        self.canvas.bind("<Down>", lambda e: self._step(1))
        for widget in (self.canvas, self.inside):
            self._wheel_scrolls(widget)
        self.rows: dict[str, Row] = {}
        self.order: list[str] = []
        self.current = ""
        self._headings = {
            title: ttk.Label(
                self.inside, text=title.upper(), style="Section.TLabel", padding=(8, 8, 8, 2)
            )
            for title in (ROOMS, PRIVATE)
        }
        self.hint = ttk.Label(
            self.inside,
            text=PRIVATE_HINT,
            style="Sidebar.Hint.TLabel",
            padding=(8, 0),
            wraplength=140,
        )

    # --- what is listed ---

    def set(
        self, notices: str, rooms: list[tuple[str, str]], private: list[tuple[str, str]]
    ) -> None:
        """List `notices` (its key, "" for none), then `rooms` and `private`, each as
        (key, title): rows are kept for conversations still listed, badges and all."""
        listed = ([(notices, NOTICES)] if notices else []) + rooms + private
        for key in set(self.rows) - {key for key, _ in listed}:
            self.rows.pop(key).frame.destroy()
        for child in (*self._headings.values(), self.hint, *(r.frame for r in self.rows.values())):
            child.pack_forget()
        if notices:
            self._row(notices, NOTICES).frame.pack(fill="x")
        self._headings[ROOMS].pack(fill="x")
        for key, title in rooms:
            self._row(key, title).frame.pack(fill="x")
        self._headings[PRIVATE].pack(fill="x")
        for key, title in private:
            self._row(key, title).frame.pack(fill="x")
        if not private:
            self.hint.pack(fill="x")
        self.order = [key for key, _ in listed]
        self.mark(self.current)

    def _row(self, key: str, title: str) -> Row:
        row = self.rows.get(key)
        if row is None:
            frame = ttk.Frame(self.inside, style="Row.TFrame", padding=(8, 3))
            badge = ttk.Label(frame, style="Badge.TLabel")
            name = ttk.Label(frame, style="Row.TLabel", font=self._font)
            name.pack(side="left", fill="x", expand=True)
            row = self.rows[key] = Row(frame, name, badge)
            for widget in (frame, name, badge):
                widget.bind("<Button-1>", partial(self._clicked, key))
                self._wheel_scrolls(widget)
        row.name.configure(text=title)
        return row

    def _clicked(self, key: str, event: "tk.Event[tk.Misc]") -> None:
        self._on_pick(key)

    def titles(self) -> list[str]:
        """The rows' names, top to bottom (what a person reads in the sidebar)."""
        return [str(self.rows[key].name.cget("text")) for key in self.order]

    # --- badges and the current one ---

    def set_unread(self, key: str, count: int) -> None:
        row = self.rows.get(key)
        if row is None:
            return
        if count:
            row.badge.configure(text=badge_text(count))
            if not row.badge.winfo_manager():
                row.badge.pack(side="right", before=row.name)
        else:
            row.badge.pack_forget()

    def unread(self, key: str) -> str:
        """The badge of `key` as shown ("" for none)."""
        row = self.rows.get(key)
        return str(row.badge.cget("text")) if row is not None and row.badge.winfo_manager() else ""

    def mark(self, key: str) -> None:
        """Mark `key` as the conversation shown, and bring its row into view."""
        old = self.rows.get(self.current)
        if old is not None:
            old.frame.configure(style="Row.TFrame")
            old.name.configure(style="Row.TLabel")
        self.current = key
        row = self.rows.get(key)
        if row is not None:
            row.frame.configure(style="Current.TFrame")
            row.name.configure(style="Current.TLabel")
            self.frame.after_idle(lambda: self._see(key))

    def _see(self, key: str) -> None:
        row = self.rows.get(key)
        total = self.inside.winfo_height()
        if row is None or not row.frame.winfo_exists() or total <= 1:
            return
        top, bottom = row.frame.winfo_y(), row.frame.winfo_y() + row.frame.winfo_height()
        first, last = (float(f) * total for f in self.canvas.yview())
        if top < first:
            self.canvas.yview_moveto(top / total)
        elif bottom > last:
            self.canvas.yview_moveto((bottom - (last - first)) / total)

    def _step(self, step: int) -> str:
        """Up and Down: the conversation above or below."""
        if self.current in self.order:
            at = self.order.index(self.current) + step
            if 0 <= at < len(self.order):
                self._on_pick(self.order[at])
        return "break"

    # --- scrolling ---

    def _wheel_scrolls(self, widget: tk.Misc) -> None:
        """The mouse wheel over a row scrolls the list (X11 sends buttons 4 and 5)."""
        widget.bind("<MouseWheel>", lambda e: self._scroll(-1 if e.delta > 0 else 1))
        widget.bind("<Button-4>", lambda e: self._scroll(-1))
        widget.bind("<Button-5>", lambda e: self._scroll(1))

    def _scroll(self, step: int) -> None:
        if self.canvas.yview() != (0.0, 1.0):
            self.canvas.yview_scroll(step, "units")

    def _fit_width(self, event: "tk.Event[tk.Canvas]") -> None:
        self.canvas.itemconfigure(self._window, width=event.width)
        self.hint.configure(wraplength=max(60, event.width - 16))

    def _fit_height(self, event: "tk.Event[ttk.Frame]") -> None:
        self.canvas.configure(scrollregion=(0, 0, event.width, event.height))

    def apply(self, background: str, focus: str) -> None:
        """The canvas behind the rows, and its focus ring, in the palette's colours."""
        self.canvas.configure(
            background=background, highlightbackground=background, highlightcolor=focus
        )
