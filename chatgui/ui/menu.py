"""The window's menu bar (Room, View) and its keyboard shortcuts for the text size.

The Room menu starts with Leave; the teacher's controls (ui/teacher.py) fill in the rest to
suit the person's status in the room."""

import tkinter as tk
from collections.abc import Callable

from chatgui.ui.settings import THEMES


def build_menu(
    root: tk.Tk,
    theme: tk.StringVar,
    on_zoom: Callable[[int], None],
    on_theme: Callable[[], None],
    on_leave: Callable[[], None],
    lesson: tk.BooleanVar,
    on_lesson: Callable[[], None],
) -> tk.Menu:
    """Room → Leave; View → bigger/smaller text, the themes and "Show what is sent" (the
    lesson view). Ctrl+plus/minus resize too. Returns the Room menu."""
    menu = tk.Menu(root)
    view = tk.Menu(menu, tearoff=False)
    view.add_command(label="Bigger text", accelerator="Ctrl++", command=lambda: on_zoom(1))
    view.add_command(label="Smaller text", accelerator="Ctrl+-", command=lambda: on_zoom(-1))
    for name in THEMES:
        view.add_radiobutton(
            label=f"{name.capitalize()} theme", value=name, variable=theme, command=on_theme
        )
    view.add_separator()
    view.add_checkbutton(label="Show what is sent", variable=lesson, command=on_lesson)
    room = tk.Menu(menu, tearoff=False)
    room.add_command(label="Leave", command=on_leave)
    menu.add_cascade(label="Room", menu=room)
    menu.add_cascade(label="View", menu=view)
    root.configure(menu=menu)
    for key in ("<Control-plus>", "<Control-equal>", "<Control-KP_Add>"):
        root.bind_all(key, lambda e: on_zoom(1))
    for key in ("<Control-minus>", "<Control-KP_Subtract>"):
        root.bind_all(key, lambda e: on_zoom(-1))
    return room
