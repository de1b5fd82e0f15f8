"""The host's Room → History…: the room's lessons, newest first, to read, export or delete.

A lesson is each time the room was hosted (chatgui/store/lessons.py); late joiners read only
the one that runs. Its room's conversation is read from the history file (LessonBook), never
its private messages; deleting one forgets everything said in it. The lesson that runs, or one
another room has open, can't be deleted.
"""

import time
import tkinter as tk
from datetime import datetime
from pathlib import Path
from tkinter import messagebox, ttk
from typing import ClassVar

from chatgui.events import HistoryStatus
from chatgui.store import Lesson, LessonBook, Said
from chatgui.ui import wording
from chatgui.ui.dialog import PRIMARY, dialog_window, keys
from chatgui.ui.export import Entry, save
from chatgui.ui.listbox_choice import selected_index
from chatgui.ui.save_as import ask_save_path
from chatgui.ui.scrolled import with_scrollbar


def lesson_name(lesson: Lesson) -> str:
    """ "Sunday 6 December 2026, 10:02 to 10:48": when the lesson was (a lesson continued on
    another day: the day it was last spoken in, and that time)."""
    start, last = datetime.fromtimestamp(lesson.started), datetime.fromtimestamp(lesson.last)
    day = f"{last:%A} {last.day} {last:%B %Y}"
    if start.date() == last.date() and start <= last:
        return f"{day}, {start:%H:%M} to {last:%H:%M}"
    return f"{day}, {last:%H:%M}"


def describe(lesson: Lesson, running: int, in_use: bool) -> str:
    """One line of the list: when, how many messages, and whether it runs."""
    count = f"{lesson.messages} message{'' if lesson.messages == 1 else 's'}"
    if lesson.id == running:
        return f"{lesson_name(lesson)} · {count} · this lesson"
    if in_use:
        return f"{lesson_name(lesson)} · {count} · open in another room"
    ended = "" if lesson.ended is not None else " · not closed"
    return f"{lesson_name(lesson)} · {count}{ended}"


def as_entries(lines: list[Said]) -> list[Entry]:
    """A lesson's lines as a saved conversation's."""
    return [Entry(line.at, line.sender, line.text, line.kind) for line in lines]


class LessonsDialog:
    """The History… window of a hosted room; one at a time (room_history raises `shown`)."""

    shown: ClassVar["LessonsDialog | None"] = None

    def __init__(self, root: tk.Misc, book: LessonBook, room: str, status: HistoryStatus) -> None:
        self.book, self.room, self.running = book, room, status.lesson
        self.window, frame = dialog_window(root, "History")
        self.about = ttk.Label(frame, text=wording.history_kept(status), wraplength=620)
        self.about.pack(anchor="w")
        ttk.Label(
            frame,
            text="Each time the room is opened is a lesson: people who join read only the "
            "lesson that runs. The lessons of this room, newest first:",
            wraplength=620,
        ).pack(anchor="w", pady=(12, 4))
        listed = ttk.Frame(frame)
        listed.pack(fill="both", expand=True)
        self.listbox = tk.Listbox(listed, height=8, width=70, exportselection=False)
        with_scrollbar(self.listbox, listed)
        self.listbox.bind("<Return>", lambda e: self.read())
        self.listbox.bind("<<ListboxSelect>>", lambda e: self._selected())
        self.listbox.bind("<Double-Button-1>", lambda e: self.read())
        buttons = ttk.Frame(frame)
        buttons.pack(fill="x", pady=(12, 0))
        self.read_button = ttk.Button(buttons, text="Read", command=self.read, style=PRIMARY)
        self.export_button = ttk.Button(buttons, text="Export…", command=self.export)
        self.delete_button = ttk.Button(buttons, text="Delete…", command=self.delete)
        for button in (self.read_button, self.export_button, self.delete_button):
            button.pack(side="left", padx=(0, 8))
        ttk.Button(buttons, text="Close", command=self.close).pack(side="right")
        self.lessons: list[Lesson] = []
        self.refresh()
        keys(self.window, self.close)  # Enter on the list reads the lesson chosen

    @classmethod
    def is_open(cls) -> bool:
        """True while a History… window is on screen (one of an ended window is not)."""
        try:
            return cls.shown is not None and bool(cls.shown.window.winfo_exists())
        except tk.TclError:  # its whole window is gone
            return False

    def refresh(self) -> None:
        """List the room's lessons again (after a delete), the newest chosen."""
        self.lessons = self.book.lessons(self.room)
        self.listbox.delete(0, "end")
        for lesson in self.lessons:
            in_use = lesson.id != self.running and self.book.in_use(lesson)
            self.listbox.insert("end", describe(lesson, self.running, in_use))
        if self.lessons:
            self.listbox.selection_set(0)
        self._selected()

    def chosen(self) -> Lesson | None:
        index = selected_index(self.listbox)
        return None if index is None else self.lessons[index]

    def _selected(self) -> None:
        lesson = self.chosen()
        some = "normal" if lesson is not None else "disabled"
        self.read_button.configure(state=some)
        self.export_button.configure(state=some)
        may_delete = lesson is not None and lesson.id != self.running
        self.delete_button.configure(state="normal" if may_delete else "disabled")

    def read(self) -> tk.Text | None:
        """The chosen lesson's conversation in a window of its own, to read (not to change)."""
        lesson = self.chosen()
        if lesson is None:
            return None
        reader = tk.Toplevel(self.window)
        reader.title(f"Lesson of {lesson_name(lesson)}")
        framed = ttk.Frame(reader, padding=8)
        framed.pack(fill="both", expand=True)
        text = tk.Text(framed, wrap="word", width=80, height=24, padx=8, pady=8)
        with_scrollbar(text, framed)
        for entry in as_entries(self.book.messages(lesson)):
            when = time.strftime("%H:%M", time.localtime(entry.at))
            if entry.kind == "action":
                text.insert("end", f"{when} * {entry.sender} {entry.text}\n")
            elif entry.kind == "notice":
                text.insert("end", f"{when} {entry.text}\n")
            else:
                text.insert("end", f"{when} {entry.sender}: {entry.text}\n")
        text.configure(state="disabled")
        reader.bind("<Escape>", lambda e: reader.destroy())
        return text

    def export(self) -> None:
        lesson = self.chosen()
        if lesson is None:
            return
        day = time.strftime("%Y-%m-%d", time.localtime(lesson.started))
        path = ask_save_path(self.window, "Export the lesson", f"{lesson.title} {day}")
        if path is not None:
            self.export_to(lesson, path)

    def export_to(self, lesson: Lesson, path: Path) -> bool:
        """Write the lesson's conversation to `path` (.html or text); say what went wrong."""
        entries = as_entries(self.book.messages(lesson))
        try:
            save(path, f"{lesson.title}, lesson of {lesson_name(lesson)}", entries, time.time())
        except OSError as error:
            messagebox.showerror(
                "Export", wording.history_save_failed(str(path), error), parent=self.window
            )
            return False
        return True

    def delete(self) -> None:
        lesson = self.chosen()
        if lesson is None or lesson.id == self.running:
            return
        sure = messagebox.askyesno(
            "Delete the lesson",
            f"Delete the lesson of {lesson_name(lesson)} and its {lesson.messages} messages "
            "from this computer? This can't be undone.",
            icon="warning",
            default="no",
            parent=self.window,
        )
        if sure:
            self.delete_now(lesson)

    def delete_now(self, lesson: Lesson) -> None:
        """Delete without asking (after the yes); a lesson in use is refused in words."""
        if not self.book.delete(lesson):
            messagebox.showerror(
                "Delete the lesson",
                "This lesson is open in a room, or the history file can't be changed now. "
                "Close that room first, then try again.",
                parent=self.window,
            )
        self.refresh()

    def close(self) -> None:
        LessonsDialog.shown = None
        self.window.destroy()
