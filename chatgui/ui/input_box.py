"""InputBox: where a person types. Enter sends, Shift+Enter starts a new line, Up and Down
recall earlier messages, Tab and @ complete a name from the room (completion.py).

The box is one line high and grows with its text up to INPUT_LINES_MAX lines, then scrolls.
While it is empty it says where a message goes ("Message Class chat") in quiet letters drawn
over it: a label, never text in the box, so it can't be sent or kept as a draft.
"""

import tkinter as tk
from collections.abc import Callable
from enum import Enum, auto
from tkinter import ttk

from chatgui import limits
from chatgui.ui.completion import Completer, MentionList, matching, word_before_cursor
from chatgui.ui.scrolled import with_scrollbar


class Outcome(Enum):
    """What became of a line handed over."""

    SENT = auto()
    """Taken: the box is left empty."""
    KEPT = auto()
    """Refused: the line is back as typed, to be mended."""
    REPLACE = auto()
    """Refused as no command at all: the line is back selected, so typing replaces it."""


class InputBox:
    """A growing Text with chat keys, in its own frame (`frame`, with a scrollbar shown only
    past the limit). Call from the Tk thread only."""

    def __init__(
        self,
        parent: tk.Misc,
        font: str,
        on_send: Callable[[str], Outcome],
        names: Callable[[], list[str]],
    ) -> None:
        self.frame = ttk.Frame(parent)
        self.widget = tk.Text(
            self.frame, height=1, wrap="word", font=font, undo=True, padx=6, pady=4
        )
        with_scrollbar(self.widget, self.frame)
        self._placeholder = tk.Label(
            self.widget, font=font, anchor="w", padx=0, pady=0, borderwidth=0, highlightthickness=0
        )
        self._placeholder.bind("<Button-1>", lambda e: self.widget.focus_set())
        self._placeholder_words = ""
        self._on_send = on_send
        self._names = names
        self._history: list[str] = []
        self._recall = 0
        self._draft = ""
        self._completer = Completer(self.widget, names)
        self._dismissed = ""  # where the @ was whose list Escape closed
        self.popup = MentionList(self.widget, font, self._picked)
        keys = {
            "<Return>": self._send,
            "<KP_Enter>": self._send,
            "<Shift-Return>": self._new_line,
            "<Up>": lambda e: self._arrow(-1, "1.0"),
            "<Down>": lambda e: self._arrow(1, "end-1c"),
            "<Tab>": lambda e: self._tab(1),
            "<Shift-Tab>": lambda e: self._tab(-1),
            "<ISO_Left_Tab>": lambda e: self._tab(-1),
            "<Escape>": self._escape,
            "<<Modified>>": self._changed,
            "<Configure>": lambda e: self._fit(),
            "<FocusOut>": lambda e: self.popup.close(),
            "<KeyRelease>": lambda e: self._offer_names(),
            "<ButtonRelease-1>": lambda e: self._offer_names(),
        }
        for sequence, handler in keys.items():
            self.widget.bind(sequence, handler)

    def get(self) -> str:
        return self.widget.get("1.0", "end-1c")

    def set(self, text: str) -> None:
        self.widget.delete("1.0", "end")
        self.widget.insert("1.0", text)
        self._changed()

    def cursor(self) -> str:
        return self.widget.index("insert")

    def restore(self, text: str, cursor: str) -> None:
        """Another conversation's draft: its text and cursor, with nothing of this one's to
        undo or recall."""
        self.set(text)
        self.widget.mark_set("insert", cursor)
        self.widget.edit_reset()
        self._recall = len(self._history)

    def select_all(self) -> None:
        self.widget.tag_add("sel", "1.0", "end-1c")
        self.widget.mark_set("insert", "end-1c")

    def send(self) -> None:
        """Hand the line over. It leaves the box first: sending may show another
        conversation, whose own draft then fills the box."""
        text = self.get()
        if not text.strip():
            return
        self.set("")
        outcome = self._on_send(text)
        if outcome is Outcome.SENT:
            self._history.append(text)
            del self._history[: -limits.INPUT_HISTORY_MAX]
            self._recall = len(self._history)
            return
        self.set(text)
        if outcome is Outcome.REPLACE:
            self.select_all()

    def disable(self, disabled: bool) -> None:
        """Take no typing (a conversation that can't be written in any more), or take it."""
        self.widget.configure(state="disabled" if disabled else "normal")
        self._show_placeholder()

    # --- the placeholder and the height ---

    def set_placeholder(self, words: str) -> None:
        """What the empty box says ("Message Class chat"); "" for nothing."""
        self._placeholder_words = words
        self._placeholder.configure(text=words)
        self._show_placeholder()

    def placeholder_text(self) -> str:
        """The words shown over the empty box now ("" when hidden)."""
        return self._placeholder_words if self._placeholder.winfo_manager() else ""

    def colour(self, field: str, text: str, quiet: str) -> None:
        """Draw the box on `field` in `text`, its placeholder in `quiet` letters."""
        self.widget.configure(background=field, foreground=text, insertbackground=text)
        self._placeholder.configure(background=field, foreground=quiet)

    def _changed(self, event: "tk.Event[tk.Text] | None" = None) -> None:
        """The text changed (typed, pasted, set, undone): fit the height, show or hide the
        placeholder, and the list of names after @."""
        self.widget.edit_modified(False)  # so the next change is told too
        self._fit()
        self._show_placeholder()
        self._offer_names()

    def _show_placeholder(self) -> None:
        empty = self.widget.compare("end-1c", "==", "1.0")
        writable = str(self.widget.cget("state")) == "normal"
        if empty and writable and self._placeholder_words:
            padx, pady = int(self.widget.cget("padx")), int(self.widget.cget("pady"))
            self._placeholder.place(x=padx, y=pady)
        else:
            self._placeholder.place_forget()

    def _fit(self) -> None:
        """One line per line of text as shown (wrapped lines count), up to the limit."""
        counted = self.widget.tk.call(
            self.widget, "count", "-update", "-displaylines", "1.0", "end"
        )
        lines = max(1, min(int(counted or 1), limits.INPUT_LINES_MAX))
        if lines != int(self.widget.cget("height")):
            self.widget.configure(height=lines)
        self.widget.see("insert")

    # --- keys ---

    def _send(self, event: "tk.Event[tk.Text]") -> str:
        if self.popup.is_open():
            self.popup.take()
        else:
            self.send()
        return "break"

    def _new_line(self, event: "tk.Event[tk.Text]") -> str:
        self.widget.insert("insert", "\n")
        return "break"

    def _arrow(self, direction: int, edge: str) -> str | None:
        if self.popup.is_open():
            self.popup.move(direction)
            return "break"
        return self._step(direction, edge)

    def _step(self, direction: int, edge: str) -> str | None:
        """Up on the first line / Down on the last line walks through earlier messages."""
        if self._line("insert") != self._line(edge) or not self._history:
            return None
        if self._recall == len(self._history):
            self._draft = self.get()
        self._recall = max(0, min(len(self._history), self._recall + direction))
        recalled = self._history[self._recall] if self._recall < len(self._history) else self._draft
        self.set(recalled)
        return "break"

    def _line(self, index: str) -> str:
        return self.widget.index(index).split(".")[0]

    def _tab(self, step: int) -> str:
        """Complete a name (Tab again: the next one); with nothing to complete, Tab moves to
        the next widget and Shift+Tab to the one before, as everywhere else."""
        if self.popup.is_open() and step > 0:
            self.popup.take()
        elif not self._completer.tab(step):
            after = self.widget.tk_focusNext() if step > 0 else self.widget.tk_focusPrev()
            if after is not None:
                after.focus_set()
        return "break"

    def _escape(self, event: "tk.Event[tk.Text]") -> str | None:
        word = word_before_cursor(self.widget)
        if not self.popup.is_open() or word is None:
            return None
        self._dismissed = word.start
        self.popup.close()
        return "break"

    def _offer_names(self) -> None:
        """After @, the names that fit what is typed, while the box has the keyboard; the
        list closes without an @, and stays closed after Escape until another @."""
        word = word_before_cursor(self.widget)
        if word is None or not word.mention or self.widget.focus_get() != self.widget:
            self._dismissed = ""
            self.popup.close()
        elif word.start != self._dismissed:
            self.popup.show(matching(self._names(), word.typed))

    def _picked(self, name: str) -> None:
        word = word_before_cursor(self.widget)
        if word is not None and word.mention:
            self._completer.pick(word, name)
        self.popup.close()

    def completions(self) -> list[str]:
        """The names the list after @ offers now ([] while it is closed)."""
        return self.popup.names if self.popup.is_open() else []
