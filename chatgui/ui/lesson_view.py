"""LessonView: the "Show what is sent" pane: every IRC line in and out, as it crossed the wire.

For the lesson on sockets and threads (docs/lesson.md): `12:41:05 → PRIVMSG #class-chat :hi`
for a line we sent, `←` for a line we received. The client reports lines only while the pane
is shown (ChatClient.show_lines), with passwords and the host secret already hidden. The chat
view shows it under the conversation, in a pane of its own that the person can resize.
"""

import time
import tkinter as tk
from tkinter import ttk

from chatgui import limits
from chatgui.ui.scrolled import with_scrollbar
from chatgui.ui.theme import Palette

ARROWS = {"out": "\N{RIGHTWARDS ARROW}", "in": "\N{LEFTWARDS ARROW}"}
SHARE = 0.4
"""The pane's share of the conversation's height when it opens."""


class LessonView:
    """A read-only, monospace list of raw lines, at most limits.LESSON_VIEW_MAX_LINES."""

    def __init__(self, parent: tk.Misc) -> None:
        self.frame = ttk.Frame(parent, padding=(8, 0, 8, 4))
        ttk.Label(
            self.frame,
            text="What is sent:  → from this computer,  ← from the room's server",
            padding=(0, 4, 0, 2),
        ).pack(anchor="w")
        box = ttk.Frame(self.frame)
        box.pack(fill="both", expand=True)
        self.widget = tk.Text(box, height=4, wrap="char", state="disabled", font="TkFixedFont")
        with_scrollbar(self.widget, box)

    def show_in(self, panes: ttk.PanedWindow, shown: bool) -> None:
        """The pane under the messages in `panes` (the chat view's), SHARE of the height."""
        open_panes = [str(pane) for pane in panes.panes()]  # type: ignore[no-untyped-call]
        if shown and str(self.frame) not in open_panes:
            panes.add(self.frame, weight=1)
            panes.update_idletasks()
            height = panes.winfo_height()
            if height > 1:
                panes.sashpos(0, int(height * (1 - SHARE)))  # type: ignore[no-untyped-call]
        elif not shown and str(self.frame) in open_panes:
            panes.forget(self.frame)

    def add(self, direction: str, at: float, text: str) -> None:
        stamp = time.strftime("%H:%M:%S", time.localtime(at))
        tag = "out" if direction == "out" else "in"
        self.widget.configure(state="normal")
        self.widget.insert("end", f"{stamp} {ARROWS[tag]} {text}\n", tag)
        lines = int(self.widget.index("end-1c").split(".")[0]) - 1
        if lines > limits.LESSON_VIEW_MAX_LINES:
            self.widget.delete("1.0", f"{lines - limits.LESSON_VIEW_MAX_LINES + 1}.0")
        self.widget.configure(state="disabled")
        self.widget.see("end")

    def text(self) -> str:
        return self.widget.get("1.0", "end-1c")

    def apply(self, palette: Palette) -> None:
        self.widget.configure(background=palette.background, foreground=palette.foreground)
        self.widget.tag_configure("out", foreground=palette.own)
        self.widget.tag_configure("in", foreground=palette.foreground)
