"""The file dialog for saving a conversation: a text file or a web page, named for a person.

Save transcript and the lesson export ask the same question, so they ask it here.
"""

import re
import tkinter as tk
from pathlib import Path
from tkinter import filedialog

_NOT_IN_FILE_NAMES = re.compile(r'[\\/:*?"<>|]')


def ask_save_path(parent: tk.Misc, title: str, name: str) -> Path | None:
    """Where to save, or None when the dialog was cancelled. `name` ("Class chat 2026-12-06")
    is offered with the characters file systems refuse replaced; a name typed without .txt or
    .html gets the one of the type chosen."""
    kind = tk.StringVar(parent)
    chosen = filedialog.asksaveasfilename(
        parent=parent,
        title=title,
        initialfile=_NOT_IN_FILE_NAMES.sub("_", name),
        filetypes=[("Text file", "*.txt"), ("Web page", "*.html")],
        typevariable=kind,
    )
    if not chosen:
        return None
    path = Path(chosen)
    if path.suffix.lower() not in (".txt", ".html", ".htm"):
        path = path.with_name(path.name + (".html" if "Web" in kind.get() else ".txt"))
    return path
