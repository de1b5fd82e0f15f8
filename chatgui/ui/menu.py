"""The window's menu bar (Room, View) and its keyboard shortcuts for the text size."""

import tkinter as tk
from collections.abc import Callable

from chatgui.ui.settings import THEMES


def build_menu(
    root: tk.Tk,
    theme: tk.StringVar,
    on_zoom: Callable[[int], None],
    on_theme: Callable[[], None],
    on_leave: Callable[[], None],
) -> None:
    """Room → Leave; View → bigger/smaller text and the themes. Ctrl+plus/minus resize too."""
    menu = tk.Menu(root)
    view = tk.Menu(menu, tearoff=False)
    view.add_command(label="Bigger text", accelerator="Ctrl++", command=lambda: on_zoom(1))
    view.add_command(label="Smaller text", accelerator="Ctrl+-", command=lambda: on_zoom(-1))
    for name in THEMES:
        view.add_radiobutton(
            label=f"{name.capitalize()} theme", value=name, variable=theme, command=on_theme
        )
    room = tk.Menu(menu, tearoff=False)
    room.add_command(label="Leave", command=on_leave)
    menu.add_cascade(label="Room", menu=room)
    menu.add_cascade(label="View", menu=view)
    root.configure(menu=menu)
    for key in ("<Control-plus>", "<Control-equal>", "<Control-KP_Add>"):
        root.bind_all(key, lambda e: on_zoom(1))
    for key in ("<Control-minus>", "<Control-KP_Subtract>"):
        root.bind_all(key, lambda e: on_zoom(-1))
