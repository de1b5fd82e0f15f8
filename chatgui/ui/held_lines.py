"""HeldLines: the lines a turn of the event loop adds to a transcript, put in with one insert.

A flood brings hundreds of lines in one turn. Inserting each would cost a Tk call per line,
and every Tk call gives up the GIL that the network threads want too; held, they cost one
call a turn. A group's avatar is embedded next to its head's line, found by counting lines
back from the end once everything is in (Tk counts an emoji as two characters, so places
are never worked out from Python string offsets). Call from the Tk thread only.
"""

from chatgui.ui.symbols import Parts


class HeldLines:
    """Lines held for one insert, and where the avatars of the heads among them go."""

    def __init__(self) -> None:
        self._parts: Parts | None = None  # None: not holding
        self._newlines = 0
        self._heads: list[tuple[str, int]] = []  # a head's sender, and the newlines up to it

    @property
    def holding(self) -> bool:
        """Whether lines added now wait for the turn's end (start() until take())."""
        return self._parts is not None

    def start(self) -> bool:
        """Hold the lines added from now on; True when this began holding (it was not)."""
        if self._parts is not None:
            return False
        self._parts = []
        return True

    def add(self, parts: Parts, head: tuple[str, int] | None) -> bool:
        """Hold `parts`, if lines are held (else False: the caller puts them in now); `head`:
        the sender of a head among them, and the lines from it to their end (its avatar
        goes there)."""
        if self._parts is None:
            return False
        self._parts += parts
        self._newlines += sum(piece.count("\n") for piece, _ in parts)
        if head is not None:
            self._heads.append((head[0], self._newlines - head[1]))
        return True

    def take(self) -> tuple[Parts, list[tuple[str, str]]]:
        """Stop holding: the lines held, and each head's sender with the Tk index its avatar
        goes at, counted from the end once the lines are in."""
        parts, self._parts = self._parts or [], None
        avatars = [
            (sender, f"end -{self._newlines - line + 1} lines") for sender, line in self._heads
        ]
        self._newlines = 0
        self._heads = []
        return parts, avatars
