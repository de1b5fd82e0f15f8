"""The classic Tk widgets ttk has no style for (menus and the menu bar, lists, text, canvases,
windows) in the palette: as defaults in Tk's option database for those made later, and
recoloured in place for those that exist when the theme changes.

The recolouring walks Tk's own widget tree (every path, menus' clones such as the menu bar's
included), so a dialog open at the time changes with the window. A module that gives one of
these widgets colours of its own (the chat view's transcript) applies them after this.
"""

import tkinter as tk
from typing import Final

from chatgui.ui.palettes import Palette
from chatgui.ui.ttk_styles import scaled

Options = dict[str, str | int]
"""A widget's options by their option-database names (e.g. "selectBackground")."""

PRIORITY: Final = "interactive"
"""Above the user's X resources, so every window looks the same."""


def classic_options(root: tk.Misc, p: Palette) -> dict[str, Options]:
    """For each classic widget class: its colours, flat border and focus ring in `p`."""
    ring = {"highlightColor": p.accent, "highlightBackground": p.border}
    text_like: Options = {
        "background": p.field,
        "foreground": p.foreground,
        "selectBackground": p.selection,
        "selectForeground": p.foreground,
        "disabledForeground": p.muted,
        "borderWidth": 0,
        "relief": "flat",
        "highlightThickness": scaled(root, 1),
        **ring,
    }
    text = dict(text_like, insertBackground=p.foreground, inactiveSelectBackground=p.selection)
    del text["disabledForeground"]  # a Text has no such option
    plain: Options = {"background": p.background, "highlightBackground": p.background}
    return {
        "Menu": {
            "background": p.surface,
            "foreground": p.foreground,
            "activeBackground": p.accent,
            "activeForeground": p.on_accent,
            "disabledForeground": p.muted,
            "selectColor": p.foreground,
            "relief": "flat",
            "borderWidth": scaled(root, 1),
            "activeBorderWidth": 0,
        },
        "Listbox": text_like,
        "Text": text,
        "Canvas": dict(plain, borderWidth=0, highlightThickness=0),
        "Toplevel": dict(plain),
        "Frame": dict(plain),
        "Label": dict(plain, foreground=p.foreground),
    }


def set_defaults(root: tk.Misc, p: Palette, fonts: dict[str, str]) -> None:
    """Classic widgets made from now on start in `p` (and Lists and Texts in `fonts`)."""
    for widget_class, options in classic_options(root, p).items():
        for name, value in options.items():
            root.option_add(f"*{widget_class}.{name}", value, PRIORITY)
    for widget_class, font in fonts.items():
        root.option_add(f"*{widget_class}.font", font, PRIORITY)


def recolour(root: tk.Misc, p: Palette) -> None:
    """Every classic widget that exists now, in `p` (the root window too)."""
    by_class = {
        widget_class: {name.lower(): value for name, value in options.items()}
        for widget_class, options in classic_options(root, p).items()
    }
    root.tk.call(root, "configure", "-background", p.background)
    waiting = list(root.tk.splitlist(root.tk.call("winfo", "children", ".")))
    while waiting:
        path = waiting.pop()
        waiting.extend(root.tk.splitlist(root.tk.call("winfo", "children", path)))
        options = by_class.get(_kind(root, path))
        if options:
            args = [item for name, value in options.items() for item in (f"-{name}", value)]
            root.tk.call(path, "configure", *args)


def _kind(root: tk.Misc, path: str) -> str:
    """The class whose options fit `path`: a window made with a class name of its own (the
    root's, a combobox's list) is a Toplevel all the same; a Menu is a window too, but a Menu."""
    widget_class = str(root.tk.call("winfo", "class", path))
    if widget_class != "Menu" and str(root.tk.call("winfo", "toplevel", path)) == path:
        return "Toplevel"
    return widget_class
