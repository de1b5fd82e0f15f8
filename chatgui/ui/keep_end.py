"""A transcript whose size changes keeps its newest line in view, when it showed it.

Tk's Text keeps its top line when it is resized, so the hands queue, the lesson view or the
find bar opening under the chat, a smaller window, or a narrower one (whose lines wrap into
more) would hide the end, and the next message would count as unseen instead of being
followed.
"""

import tkinter as tk
from collections.abc import Callable


def keep_end_on_resizing(
    widget: tk.Text, showed_end: Callable[[], bool], line_height: Callable[[], int]
) -> None:
    """Watch `widget`'s size. `showed_end()` says whether the end was in view as Tk last
    reported the view (before this resize is laid out); `line_height()` is how far yview()'s
    estimate may be off when a shrink is measured from it."""
    sizes = [(0, 0)]

    def resized(event: "tk.Event[tk.Text]") -> None:
        before, sizes[0] = sizes[0], (event.width, event.height)
        if before == (0, 0) or before == sizes[0] or event.height <= 1:
            return
        first, last = widget.yview()
        pixels = event.height / max(last - first, 1e-6)  # the whole text's height
        below = (1 - first) * pixels - before[1]  # what was below the view before
        if showed_end() or (event.height < before[1] and below <= line_height()):
            widget.see("end")

    widget.bind("<Configure>", resized, add="+")
