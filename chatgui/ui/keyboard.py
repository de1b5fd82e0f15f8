"""The window's keys for what would otherwise need the mouse: Enter on a button presses it;
on the chat page, switching conversations (Ctrl+Tab, Ctrl+Shift+Tab, Alt+Down, Alt+Up),
moving between the parts of the window (F6, Shift+F6), and scrolling the messages from the
message box (Page Up/Down, Ctrl+Home/End).

Bound on the main window (its toplevel's bind tag), so a small window over it keeps its own
keys; the table in Help and in docs/keyboard.md is shortcuts.py. Call from the Tk thread.
"""

import tkinter as tk
from collections.abc import Callable
from tkinter import ttk

from chatgui.ui.chat_view import ChatView
from chatgui.ui.transcript import Transcript

Handler = Callable[["tk.Event[tk.Misc]"], str | None]


def enter_presses_buttons(root: tk.Tk) -> None:
    """Enter on a button that has the focus presses that button, as Space does, in every
    window of the program: not the page's or the dialog's own Enter (on the first page that
    is Join, in a question OK), which would answer for the button Tab chose."""
    for sequence in ("<Return>", "<KP_Enter>"):
        root.bind_class("TButton", sequence, _press)


def _press(event: "tk.Event[tk.Misc]") -> str:
    button = event.widget
    if isinstance(button, ttk.Button) and not button.instate(["disabled"]):
        button.invoke()
    return "break"


def bind_window_keys(root: tk.Tk, view: ChatView) -> None:
    """Give the window the chat page's keys for `view` (again for each new chat page: the
    bindings replace the last page's)."""
    keys = WindowKeys(view)
    table: dict[str, Handler] = {
        "<Control-Tab>": lambda e: keys.switch(1),
        "<Control-Shift-Tab>": lambda e: keys.switch(-1),
        "<Control-ISO_Left_Tab>": lambda e: keys.switch(-1),
        "<Alt-Down>": lambda e: keys.switch(1),
        "<Alt-Up>": lambda e: keys.switch(-1),
        "<F6>": lambda e: keys.move(1),
        "<Shift-F6>": lambda e: keys.move(-1),
        "<Prior>": lambda e: keys.scroll(e, -1),
        "<Next>": lambda e: keys.scroll(e, 1),
        "<Control-Home>": lambda e: keys.to_edge(e, newest=False),
        "<Control-End>": lambda e: keys.to_edge(e, newest=True),
    }
    for sequence, handler in table.items():
        root.bind(sequence, handler)
    # The message box's own Tab (completing a name) would take Ctrl+Tab too: a binding of the
    # box for the chord itself comes first.
    for sequence in ("<Control-Tab>", "<Control-Shift-Tab>", "<Control-ISO_Left_Tab>"):
        view.input.widget.bind(sequence, table[sequence])


class WindowKeys:
    """What the keys do in one chat page's view."""

    def __init__(self, view: ChatView) -> None:
        self.view = view

    def live(self) -> bool:
        """The page is still in the window (after Leave the start page's keys are Tk's)."""
        return bool(self.view.frame.winfo_exists())

    def switch(self, step: int) -> str | None:
        """The next (step 1) or previous (-1) conversation in the list, round the end; the
        cursor goes to its message box."""
        view = self.view
        if not self.live() or not view.titles:
            return None
        keys = list(view.titles)
        at = keys.index(view.current) if view.current in keys else 0
        view.show(view.titles[keys[(at + step) % len(keys)]])
        return "break"

    def parts(self) -> list[tk.Misc]:
        """The parts F6 moves between, in their order in the window, those shown."""
        view = self.view
        shown = view.shown_transcript()
        parts: list[tk.Misc] = [view.conversations.canvas]
        if shown is not None:
            parts.append(shown.widget)
        parts += [view.input.widget, view.member_list.tree]
        return [part for part in parts if part.winfo_viewable()]

    def move(self, step: int) -> str | None:
        """F6: the keyboard focus to the next part (Shift+F6: the one before). A list gets a
        row chosen, so the Menu key and Enter act on a person at once."""
        if not self.live():
            return None
        parts = self.parts()
        if not parts:
            return None
        focused = self.view.frame.focus_get()
        at = next((i for i, part in enumerate(parts) if part == focused), -1 if step > 0 else 0)
        part = parts[(at + step) % len(parts)]
        if part is self.view.member_list.tree:
            self.view.member_list.pick_first()
        if isinstance(part, tk.Text) and part is not self.view.input.widget:
            self._outline(part)
        part.focus_set()
        return "break"

    def _outline(self, messages: tk.Text) -> None:
        """The messages show that they have the focus, drawn as the message box draws it."""
        box = self.view.input.widget
        messages.configure(
            highlightthickness=int(box.cget("highlightthickness")),
            highlightcolor=box.cget("highlightcolor"),
            highlightbackground=messages.cget("background"),
        )

    def scroll(self, event: "tk.Event[tk.Misc]", pages: int) -> str | None:
        """Page Up/Down scroll the messages from anywhere but a list (which scrolls itself)."""
        shown = self._messages(event)
        if shown is not None:
            shown.widget.yview_scroll(pages, "pages")
        return None

    def to_edge(self, event: "tk.Event[tk.Misc]", newest: bool) -> str | None:
        """Ctrl+End: the newest messages (as the "new messages" button does); Ctrl+Home: the
        oldest shown."""
        shown = self._messages(event)
        if shown is not None and newest:
            shown.scroll_to_end()
        elif shown is not None:
            shown.widget.yview_moveto(0.0)
        return None

    def _messages(self, event: "tk.Event[tk.Misc]") -> Transcript | None:
        """The conversation shown, unless the key was for a list or for the messages
        themselves (whose own keys already scrolled them)."""
        if not self.live() or isinstance(event.widget, (tk.Listbox, ttk.Treeview, tk.Canvas)):
            return None
        shown = self.view.shown_transcript()
        if shown is None or event.widget == shown.widget:
            return None
        return shown
