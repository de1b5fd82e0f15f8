"""FindBar (Ctrl+F): find text in the conversation shown, and on the host in what is not loaded.

Every match in the transcript is highlighted; Enter or ↓ goes to the next, Shift+Enter or ↑ to
the one before, and the count says "2 of 5". The same words are searched on the host (when it
can search its history), and what it finds is listed below with dates and times. Escape
closes the bar and takes the highlights away. Call everything from the Tk thread.

The matching is done in Python, line by line, not with the Text widget's own search: Tk 8.6's
search crashes the whole program on a line with an emoji (a character beyond U+FFFF), which
Tk stores as two units. _tk_column() turns a position in a Python string into Tk's count.
"""

import re
import time
import tkinter as tk
from collections.abc import Callable
from tkinter import ttk

from chatgui.events import SearchResults
from chatgui.ui.export import stamp
from chatgui.ui.theme import Fonts
from chatgui.ui.transcript import Transcript, clean


class FindBar:
    """The bar above the input line; hidden until open()."""

    def __init__(
        self,
        parent: tk.Misc,
        fonts: Fonts,
        shown: Callable[[], Transcript | None],
        search_host: Callable[[str], bool],
        before: tk.Misc,
        typing_place: tk.Misc,
    ) -> None:
        """`shown` gives the transcript in view; `search_host(words)` asks the host and says
        whether it could; the bar is packed at the bottom, before `before` (the transcripts);
        closing it puts the cursor back in `typing_place`."""
        self._shown = shown
        self._before = before
        self._typing_place = typing_place
        self._search_host = search_host
        self._matches: list[tuple[str, str]] = []
        self._current = -1
        self._searched = ""
        self._transcript: Transcript | None = None
        self.frame = ttk.Frame(parent, padding=(6, 2))
        row = ttk.Frame(self.frame)
        row.pack(fill="x")
        ttk.Label(row, text="Find:").pack(side="left")
        self.text = tk.StringVar(parent)
        self.entry = ttk.Entry(row, textvariable=self.text, font=fonts.text.name, width=30)
        self.entry.pack(side="left", fill="x", expand=True, padx=4)
        self.previous = ttk.Button(row, text="↑", width=3, command=lambda: self.step(-1))
        self.previous.pack(side="left")
        self.next = ttk.Button(row, text="↓", width=3, command=lambda: self.step(1))
        self.next.pack(side="left")
        self.count = ttk.Label(row, width=24, anchor="w", padding=(6, 0))
        self.count.pack(side="left")
        ttk.Button(row, text="Close", command=self.close).pack(side="right")
        self.host_label = ttk.Label(self.frame)
        self.results = tk.Listbox(self.frame, height=5, font=fonts.text, exportselection=False)
        self.entry.bind("<Return>", lambda e: self._enter(1))
        self.entry.bind("<KP_Enter>", lambda e: self._enter(1))
        self.entry.bind("<Shift-Return>", lambda e: self._enter(-1))
        self.entry.bind("<Escape>", lambda e: self.close())

    @property
    def is_open(self) -> bool:
        return bool(self.frame.winfo_manager())

    def open(self) -> None:
        """Show the bar with the cursor in it, the last words selected to type over."""
        if not self.is_open:
            self.frame.pack(side="bottom", fill="x", before=self._before)
        self.entry.focus_set()
        self.entry.select_range(0, "end")

    def close(self) -> None:
        self._clear_highlights()
        self._searched = ""
        self.results.pack_forget()
        self.host_label.pack_forget()
        self.count.configure(text="")
        self.frame.pack_forget()
        self._typing_place.focus_set()

    def step(self, direction: int) -> None:
        """Go to the next (1) or previous (-1) match, round the end."""
        if self.text.get() != self._searched or self._transcript is not self._shown():
            self.find()
            return
        if not self._matches:
            return
        self._current = (self._current + direction) % len(self._matches)
        self._show_current()

    def find(self) -> None:
        """Highlight every match of the words in the conversation shown; go to the last one
        (the newest), and ask the host about what is not loaded."""
        self._clear_highlights()
        words = self.text.get().strip()
        self._searched = self.text.get()
        self._transcript = self._shown()
        if not words or self._transcript is None:
            self.count.configure(text="")
            return
        widget = self._transcript.widget
        pattern = re.compile(re.escape(words), re.IGNORECASE)
        for number, line in enumerate(widget.get("1.0", "end-1c").split("\n"), start=1):
            for match in pattern.finditer(line):
                start = f"{number}.{_tk_column(line, match.start())}"
                end = f"{number}.{_tk_column(line, match.end())}"
                self._matches.append((start, end))
                widget.tag_add("found", start, end)
        self._current = len(self._matches) - 1
        if self._matches:
            self._show_current()
        else:
            self.count.configure(text="Not in the messages shown")
        if self._search_host(words):
            self.host_label.configure(text="Searching older messages on the host…")
            self.host_label.pack(fill="x", anchor="w")

    def show_host_results(self, results: SearchResults) -> None:
        """What the host found: one row per message, with its date and time."""
        if results.text != self.text.get().strip() or not self.is_open:
            return  # an answer to words no longer searched for
        transcript = self._shown()
        older = [m for m in results.messages if transcript is None or not transcript.shows(m)]
        self.results.delete(0, "end")
        now = time.time()
        for message in older:
            line = clean(message.text).replace("\n", " ")
            self.results.insert("end", f"{stamp(message.at, now)}  {message.sender}: {line}")
        if results.problem:
            summary = results.problem
        elif older:
            plural = "s" if len(older) > 1 else ""
            summary = f"Older, on the host: {len(older)} message{plural} with these words"
        else:
            summary = "Older, on the host: no other messages with these words"
        self.host_label.configure(text=summary)
        self.host_label.pack(fill="x", anchor="w")
        if older:
            self.results.pack(fill="x")
        else:
            self.results.pack_forget()
        self._keep_current_in_view()

    def _enter(self, direction: int) -> str:
        self.step(direction)
        return "break"

    def _show_current(self) -> None:
        assert self._transcript is not None
        widget = self._transcript.widget
        widget.tag_remove("found-current", "1.0", "end")
        start, end = self._matches[self._current]
        widget.tag_add("found-current", start, end)
        self._keep_current_in_view()
        self.count.configure(text=f"{self._current + 1} of {len(self._matches)}")

    def _keep_current_in_view(self) -> None:
        """Scroll to the current match, after the bar has taken its room from the view."""
        if self._transcript is not None and self._matches:
            self._transcript.widget.update_idletasks()
            self._transcript.widget.see(self._matches[self._current][0])

    def _clear_highlights(self) -> None:
        transcript, self._transcript = self._transcript, None
        if transcript is not None and transcript.widget.winfo_exists():
            transcript.widget.tag_remove("found", "1.0", "end")
            transcript.widget.tag_remove("found-current", "1.0", "end")
        self._matches = []
        self._current = -1


def _tk_column(line: str, position: int) -> int:
    """Tk 8.6's column for `position` in `line`: characters beyond U+FFFF count twice."""
    return position + sum(1 for character in line[:position] if ord(character) > 0xFFFF)
