"""Ban masks ("sam*!*@10.0.0.*"): whether one covers a person, read in time that grows with
the text, never with how a student wrote the mask.
"""

from chatgui.protocol.names import casefold


def mask_matches(mask: str, prefix: str) -> bool:
    """True when a ban mask like "sam*!*@10.0.0.*" covers `prefix` (nick!user@host).

    '*' stands for any run of characters and '?' for one; case as casefold() compares it.
    """
    if "!" not in mask and "@" not in mask:
        mask += "!*@*"
    return wildcard_match(casefold(mask), casefold(prefix))


def wildcard_match(mask: str, text: str) -> bool:
    """True when `mask` covers all of `text`: '*' is any run of characters, '?' exactly one.

    No regex: one built from "*a*a*a*a*b" backtracks for hours on a long nick, and any
    student may type a mask (WHO, or a ban in a room they made). Here each piece between two
    '*' is looked for once, at its first place after the piece before it (the earliest place
    leaves the most room for the rest), reading on from there: the text is read about once,
    and a mask of hundreds of '*' costs no more than one.
    """
    pieces = mask.split("*")
    if len(pieces) == 1:
        return len(mask) == len(text) and _fits(mask, text, 0)
    first, *middle, last = pieces
    end = len(text) - len(last)
    if sum(map(len, pieces)) > len(text) or not (_fits(first, text, 0) and _fits(last, text, end)):
        return False
    start = len(first)
    for piece in filter(None, middle):  # "**" leaves an empty piece, found anywhere: skipped
        found = _find(piece, text, start, end)
        if found < 0:
            return False
        start = found + len(piece)
    return True


def _fits(piece: str, text: str, at: int) -> bool:
    """True when `piece` ('?' for any one character) matches `text` from `at` on."""
    window = text[at : at + len(piece)]
    return len(window) == len(piece) and all(
        p in ("?", c) for p, c in zip(piece, window, strict=True)
    )


def _find(piece: str, text: str, start: int, end: int) -> int:
    """Where `piece` first fits in text[start:end], or -1, reading the text once.

    With a '?' in the piece, the shift-and method: bit i of `state` is set when the last i+1
    characters read match the first i+1 of the piece, so one step per character of text.
    """
    if "?" not in piece:
        return text.find(piece, start, end)
    wild = 0
    bits: dict[str, int] = {}
    for index, char in enumerate(piece):
        if char == "?":
            wild |= 1 << index
        else:
            bits[char] = bits.get(char, 0) | 1 << index
    whole = 1 << (len(piece) - 1)
    state = 0
    for at in range(start, end):
        state = ((state << 1) | 1) & (wild | bits.get(text[at], 0))
        if state & whole:
            return at - len(piece) + 1
    return -1
