"""Emoji Tk 8.6 can't draw, in a form a person can read.

Tk draws one character at a time: a flag (two regional indicator letters, 🇫🇷) comes out as
the loose letters "F R", and a joined emoji (👨‍👩‍👧, a skin tone, a keycap) as its parts with
invisible joiners between them. `readable` shows a flag as "[flag FR]", a keycap as its
digit in brackets ("[1]"), and drops the joiners, variation selectors, skin-tone modifiers
and flag tags, so the parts stand side by side. Only what is shown changes: a saved
transcript keeps what was sent (ui/export.py reads the messages, not the screen).
"""

import re

_FLAG_LETTERS = "\U0001f1e6-\U0001f1ff"  # regional indicator symbols A to Z
_UNDRAWN = re.compile(
    r"(?P<keycap>[0-9#*])\ufe0f?\u20e3"
    rf"|(?P<flag>[{_FLAG_LETTERS}]{{2}})"
    rf"|(?P<letter>[{_FLAG_LETTERS}])"
    r"|[\u200d\ufe00-\ufe0f\u20e3\U0001f3fb-\U0001f3ff\U000e0020-\U000e007f]"
)
"""A keycap, a flag, a lone flag letter, or a character that only joins or modifies others
(zero-width joiner, variation selectors, the keycap's frame, skin tones, flag tags)."""


def readable(text: str) -> str:
    """`text` with the emoji Tk can't draw in a readable form; other text is left as it is.
    Plain ASCII has none (every one of them is past it) and is most lines: it is not searched,
    which costs more than the rest of a line's drawing (the keycap looks at every digit)."""
    return text if text.isascii() else _UNDRAWN.sub(_shown, text)


def _shown(found: re.Match[str]) -> str:
    if found["keycap"]:
        return f"[{found['keycap']}]"
    if found["flag"]:
        return f"[flag {_letters(found['flag'])}]"
    if found["letter"]:
        return f"[{_letters(found['letter'])}]"
    return ""


def _letters(indicators: str) -> str:
    return "".join(chr(ord("A") + ord(symbol) - 0x1F1E6) for symbol in indicators)
