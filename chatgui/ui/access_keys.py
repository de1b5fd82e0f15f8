"""Access keys: the letter underlined in a menu's label, which Alt+letter (on the menu bar) or
the letter alone (in an open menu) chooses without the mouse."""


def key(label: str, letter: str) -> int:
    """Where `letter` is in `label` (its first place, in either case), for `underline=`.

    A letter the label lacks is a mistake in the code, and raises ValueError."""
    return label.casefold().index(letter.casefold())
