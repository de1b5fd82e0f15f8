"""Ctrl+A selects all the text of an entry or a text box, as in every other program a class
uses. Tk's own binding on X11 moves the cursor to the line's start (as Emacs does), so a
student's Ctrl+A and new text glued the new text to the front of the old."""

import tkinter as tk

CLASSES = ("TEntry", "Entry", "Text")
KEYS = ("<Control-a>", "<Control-A>")


def bind_select_all(root: tk.Misc) -> None:
    """Ctrl+A selects all in every entry and text box of the application."""
    for widget_class in CLASSES:
        for key in KEYS:
            root.bind_class(widget_class, key, _select_all)


def _select_all(event: "tk.Event[tk.Misc]") -> str:
    event.widget.event_generate("<<SelectAll>>")
    return "break"
