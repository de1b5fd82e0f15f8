"""The Host page's choice of lesson: continue the room's last one, or start a new one.

A lesson is what late joiners read (chatgui/store/lessons.py). The choice shows only when
the room typed has a lesson to continue, and a new lesson is the default, unless the last one
ended without the room being closed (a crash): then continuing it is chosen, as nothing anyone
saw should be lost, and the host may still pick a new one.
"""

import time
import tkinter as tk
from collections.abc import Callable
from datetime import date
from tkinter import ttk

from chatgui.store import Lesson, LessonPlan

CONTINUE, NEW = "continue", "new"
NEW_LESSON = "Start a new lesson (people who join read only what is said from now on)"


def which_lesson(at: float, now: float) -> str:
    """The lesson last spoken in at `at`, as a teacher says it: "today's lesson",
    "yesterday's lesson", "Tuesday's lesson" (within the week), else "the lesson of 3 March"."""
    day = date.fromtimestamp(at)
    days_ago = (date.fromtimestamp(now) - day).days
    if days_ago == 0:
        return "today's lesson"
    if days_ago == 1:
        return "yesterday's lesson"
    if 1 < days_ago < 7:
        return f"{day:%A}'s lesson"
    return f"the lesson of {day.day} {day:%B}"


def continue_label(lesson: Lesson, now: float) -> str:
    """ "Continue Tuesday's lesson: 214 messages" (and, after a crash, that it was not closed)."""
    count = f"{lesson.messages} message{'' if lesson.messages == 1 else 's'}"
    text = f"Continue {which_lesson(lesson.last, now)}: {count}"
    if lesson.ended is None:
        text += " (the room stopped without being closed)"
    return text


class LessonChoice:
    """Two choices under the Host page's fields, shown when there is a lesson to continue."""

    def __init__(self, slot: ttk.Frame) -> None:
        """`slot`: an empty frame where the page has room for the choice."""
        self.slot = slot
        self.frame = ttk.Frame(slot)
        self.choice = tk.StringVar(slot, value=NEW)
        self.offered: Lesson | None = None
        self.continue_button = ttk.Radiobutton(
            self.frame, variable=self.choice, value=CONTINUE, text=""
        )
        self.new_button = ttk.Radiobutton(
            self.frame, variable=self.choice, value=NEW, text=NEW_LESSON
        )
        self.continue_button.pack(anchor="w")
        self.new_button.pack(anchor="w")
        self.lesson_of: Callable[[str], Lesson | None] = lambda room: None
        """Set by the window: the lesson the room typed could continue, if any."""

    def room_typed(self, room: str) -> None:
        """Offer the room's last lesson, or nothing when it has none (or none is free)."""
        offered = self.lesson_of(room) if room.strip() else None
        if offered == self.offered:
            return
        self.offered = offered
        if offered is None:
            self.frame.pack_forget()
            self.slot.configure(height=1)  # pack keeps an emptied frame's size otherwise
            self.choice.set(NEW)
            return
        self.continue_button.configure(text=continue_label(offered, time.time()))
        self.choice.set(CONTINUE if offered.ended is None else NEW)
        self.frame.pack(anchor="w", fill="x", pady=(8, 0))

    def plan(self, title: str) -> LessonPlan:
        """What the room opens with: the offered lesson continued, or a new one."""
        if self.offered is not None and self.choice.get() == CONTINUE:
            return LessonPlan(title=title, continuing=self.offered.id)
        return LessonPlan(title=title, fresh=True)
