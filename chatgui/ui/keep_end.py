"""A transcript that gets shorter keeps its newest line in view, when it showed it.

Tk's Text keeps its top line when it shrinks, so the hands queue, the lesson view or the find
bar opening under the chat (or a smaller window) would hide the end, and the next message
would count as unseen instead of being followed.
"""

import tkinter as tk
from collections.abc import Callable


def keep_end_on_shrinking(widget: tk.Text, line_height: Callable[[], int]) -> None:
    """Watch `widget`'s height; `line_height()` is how far yview()'s estimate may be off."""
    heights = [0]

    def resized(event: "tk.Event[tk.Text]") -> None:
        before, heights[0] = heights[0] or event.height, event.height
        if 1 < event.height < before:
            first, last = widget.yview()
            pixels = event.height / max(last - first, 1e-6)  # the whole text's height
            below = (1 - first) * pixels - before  # what was below the view before it shrank
            if below <= line_height():
                widget.see("end")

    widget.bind("<Configure>", resized, add="+")
