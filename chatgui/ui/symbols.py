"""The symbols in front of notices, each kind of event its own, and text made safe to show.

No typed text can look like a notice: notices are drawn in their own style behind these.
"""

import re

from chatgui.ui.emoji import readable

_FORMATTING = re.compile(
    r"\x1b\[[0-9;?]*[A-Za-z]"  # terminal escape sequences (clear screen, colours)
    r"|\x03(\d{1,2}(,\d{1,2})?)?"  # IRC colour codes
    r"|[\x00-\x08\x0b-\x1f\x7f]"  # other control characters, bold/italic codes included
)

INFO = "\N{INFORMATION SOURCE}"
WARNING = "\N{WARNING SIGN}"
JOINED = "\N{RIGHTWARDS ARROW}"
LEFT = "\N{LEFTWARDS ARROW}"
RENAMED = "\N{LOWER RIGHT PENCIL}"
PINNED = "\N{PUSHPIN}"
SETTING = "\N{GEAR}"
PRIVATE = "\N{LOCK}"
HAND = "\N{RAISED HAND}"

Parts = list[tuple[str, tuple[str, ...]]]
"""One line for a Tk Text widget: its pieces, each with its tags."""


def clean(text: str) -> str:
    """Text safe to show: no IRC colour codes, terminal escapes or other control characters,
    and emoji Tk can't draw in a readable form (emoji.py). Text without a control character
    (a tab is one) has nothing to take out: it is not searched."""
    if not text.isprintable():
        text = _FORMATTING.sub("", text.replace("\t", "    "))
    return readable(text)
