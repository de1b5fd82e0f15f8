"""View → Settings…: how the window tells the person a message came while it was behind,
and how fast people may send in the room it hosts (pace_settings.py).

Each switch changes the Settings the Notifier reads (notify.py) at once and is saved; the
dialog says what this computer can do, in plain words, rather than offer what it can't. It is
tall: on a short screen (an 800x600 projector) its body scrolls and Close stays in view.
"""

import tkinter as tk
from collections.abc import Callable
from tkinter import ttk

from chatgui.ui import desktop_alerts
from chatgui.ui.access_keys import key
from chatgui.ui.dialog import button_row, dialog_window, fit_on_screen
from chatgui.ui.pace_settings import PaceSettings
from chatgui.ui.scrolled_body import ScrolledBody
from chatgui.ui.settings import Settings, save_settings

ABOUT_CHOICES = (
    ("mentions", "Mentions of my name and private messages"),
    ("everything", "Every message"),
    ("nothing", "Nothing"),
)
OPEN_SETTINGS = "Settings…"


def add_to_view_menu(root: tk.Tk, open_settings: Callable[[], None]) -> None:
    """View → Settings…, below what the menu already has."""
    menubar = root.nametowidget(root.cget("menu"))
    view = root.nametowidget(menubar.entrycget("View", "menu"))
    view.add_separator()
    view.add_command(label=OPEN_SETTINGS, underline=key(OPEN_SETTINGS, "t"), command=open_settings)


def what_this_computer_does(root: tk.Misc) -> str:
    """The line under the switches: which of them work here."""
    if desktop_alerts.can_notify(root):
        return "Desktop notifications go to this computer's desktop."
    windowing = str(root.tk.call("tk", "windowingsystem"))
    if windowing == "win32":
        return (
            "On Windows the taskbar button flashes and the sound plays; "
            "desktop notifications are not available."
        )
    if windowing == "aqua":
        return "The Dock icon bounces and the sound plays; notifications need a newer chatgui."
    return (
        "No notification service is running on this computer: the count in the title "
        "and the sound still tell you."
    )


class SettingsDialog:
    """Not modal: the room goes on while the person chooses."""

    def __init__(
        self, parent: tk.Tk, settings: Settings, apply_pace: Callable[[], None] = lambda: None
    ) -> None:
        """`apply_pace`: gives the room this window hosts its new pace (PaceSettings)."""
        self.settings = settings
        self.window, outer = dialog_window(parent, "Settings")
        self.body = ScrolledBody(outer)
        frame = self.body.inner
        ttk.Label(frame, text="When a message comes and chatgui is behind").pack(anchor="w")
        self.about = tk.StringVar(self.window, value=settings.notify_about)
        about = ttk.LabelFrame(frame, text="Notify me about", padding=8)
        about.pack(fill="x", pady=(8, 8))
        for value, words in ABOUT_CHOICES:
            ttk.Radiobutton(
                about, text=words, value=value, variable=self.about, command=self.changed
            ).pack(anchor="w")
        self.desktop = self._switch(frame, "Show desktop notifications", settings.notify_desktop)
        self.sound = self._switch(
            frame, "Play a sound for mentions and private messages", settings.notify_sound
        )
        self.flash = self._switch(
            frame, "Flash the taskbar button (the Dock icon on a Mac)", settings.notify_flash
        )
        ttk.Label(frame, text=what_this_computer_does(parent), wraplength=420).pack(
            anchor="w", pady=(8, 8)
        )
        self.pace = PaceSettings(frame, settings, apply_pace)
        (self.close_button,) = button_row(outer, ("Close", self.window.destroy), side="bottom")
        self.body.frame.pack(fill="both", expand=True)
        fit_on_screen(self.window, parent, self.body)
        self.window.bind("<Escape>", lambda e: self.window.destroy())
        self.close_button.focus_set()

    def _switch(self, frame: ttk.Frame, words: str, on: bool) -> tk.BooleanVar:
        chosen = tk.BooleanVar(self.window, value=on)
        ttk.Checkbutton(frame, text=words, variable=chosen, command=self.changed).pack(
            anchor="w", pady=2
        )
        return chosen

    def changed(self) -> None:
        """A switch moved: the window follows it now, and the next start too."""
        self.settings.notify_about = self.about.get()
        self.settings.notify_desktop = self.desktop.get()
        self.settings.notify_sound = self.sound.get()
        self.settings.notify_flash = self.flash.get()
        save_settings(self.settings)

    def is_open(self) -> bool:
        return bool(self.window.winfo_exists())
