"""The window's menu bar (Room, View, Help) and its keyboard shortcuts (text size, Ctrl+F).

The Room menu starts with what everyone has, down to Leave; the teacher's controls
(ui/teacher.py) add the rest below it to suit the person's status in the room. Every cascade
and item has an access key (access_keys.py): Alt+R opens the Room menu, then L is Leave."""

import tkinter as tk
from collections.abc import Callable
from dataclasses import dataclass

from chatgui.ui.access_keys import key
from chatgui.ui.help_window import show_about, show_shortcuts
from chatgui.ui.settings import THEMES

CLEAR_HISTORY = "Clear history…"
LEAVE = "Leave"
ROOM_NEEDED = ("Save transcript…", "Find…", "History…", LEAVE)
"""The Room menu's items that act on the room open, greyed while none is."""
THEME_KEYS = {"system": "y", "light": "L", "dark": "D", "high contrast": "H"}
"""Each theme's access key in the View menu."""


@dataclass(frozen=True)
class RoomActions:
    """What the Room menu does: save the conversation, history info, clear it, find, leave."""

    save_transcript: Callable[[], None]
    history_info: Callable[[], None]
    clear_history: Callable[[], None]
    find: Callable[[], None]
    leave: Callable[[], None]


def build_menu(
    root: tk.Tk,
    theme: tk.StringVar,
    on_zoom: Callable[[int], None],
    on_theme: Callable[[], None],
    actions: RoomActions,
    lesson: tk.BooleanVar,
    on_lesson: Callable[[], None],
    font: str,
) -> tk.Menu:
    """Room → Save transcript, Find, History, Clear history (the host's), Leave; View → bigger
    and smaller text, the themes and "Show what is sent" (the lesson view); Help → the
    keyboard shortcuts and About. Ctrl+plus/minus resize, Ctrl+F finds. Returns the Room
    menu, whose "Clear history…" the window enables only for the host. Every menu, the
    member menu too, is drawn in `font`, the window's text font, so Ctrl+plus grows them."""
    root.option_add("*Menu.font", font)
    menu = tk.Menu(root)
    view = tk.Menu(menu, tearoff=False)
    view.add_command(
        label="Bigger text", underline=0, accelerator="Ctrl++", command=lambda: on_zoom(1)
    )
    view.add_command(
        label="Smaller text", underline=0, accelerator="Ctrl+-", command=lambda: on_zoom(-1)
    )
    for name in THEMES:
        label = f"{name.capitalize()} theme"
        view.add_radiobutton(
            label=label,
            underline=key(label, THEME_KEYS[name]),
            value=name,
            variable=theme,
            command=on_theme,
        )
    view.add_separator()
    shown = "Show what is sent"
    view.add_checkbutton(label=shown, underline=key(shown, "w"), variable=lesson, command=on_lesson)
    room = tk.Menu(menu, tearoff=False)
    save, find, history, leave = ROOM_NEEDED
    room.add_command(label=save, underline=0, command=actions.save_transcript)
    room.add_command(label=find, underline=0, accelerator="Ctrl+F", command=actions.find)
    room.add_separator()
    room.add_command(label=history, underline=0, command=actions.history_info)
    room.add_command(
        label=CLEAR_HISTORY, underline=0, command=actions.clear_history, state="disabled"
    )
    room.add_separator()
    room.add_command(label=leave, underline=0, command=actions.leave)
    room_open(room, False)
    menu.add_cascade(label="Room", underline=0, menu=room)
    menu.add_cascade(label="View", underline=0, menu=view)
    menu.add_cascade(label="Help", underline=0, menu=help_menu(menu, root))
    root.configure(menu=menu)
    for sequence in ("<Control-plus>", "<Control-equal>", "<Control-KP_Add>"):
        root.bind_all(sequence, lambda e: on_zoom(1))
    for sequence in ("<Control-minus>", "<Control-KP_Subtract>"):
        root.bind_all(sequence, lambda e: on_zoom(-1))
    for sequence in ("<Control-f>", "<Control-F>"):
        root.bind_all(sequence, lambda e: actions.find())
    return room


def help_menu(menu: tk.Menu, root: tk.Tk) -> tk.Menu:
    """Help → Keyboard shortcuts (the table of every key) and About chatgui (its version)."""
    help_items = tk.Menu(menu, tearoff=False)
    help_items.add_command(
        label="Keyboard shortcuts…", underline=0, command=lambda: show_shortcuts(root)
    )
    help_items.add_command(label="About chatgui", underline=0, command=lambda: show_about(root))
    return help_items


def room_open(room_menu: tk.Menu, is_open: bool) -> None:
    """The Room menu's own items work with a room open, and are greyed without one."""
    for label in ROOM_NEEDED:
        room_menu.entryconfigure(label, state="normal" if is_open else "disabled")


def drop_room_items(room_menu: tk.Menu) -> None:
    """Remove the room's own items below Leave (the teacher's controls add them per room)."""
    leave, last = room_menu.index(LEAVE), room_menu.index("end")  # down to Leave is everyone's
    if leave is not None and last is not None and last > leave:
        room_menu.delete(leave + 1, last)
