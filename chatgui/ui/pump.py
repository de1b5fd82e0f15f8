"""EventPump: hands worker events to the window, on the Tk thread, a capped batch at a time.

Workers never call Tk. They put events on a queue.Queue; this pump takes them off with
after(), at most UI_BATCH_MAX per turn and for at most UI_TURN_MS, so thousands of arriving
lines leave the window responsive between batches, however much each line costs to draw.
After each turn's events, `turn_ended` runs: what the events held back for one Tk call a
turn (a transcript's lines) goes in then.
"""

import queue
import time
import tkinter as tk
from collections.abc import Callable

from chatgui import limits
from chatgui.events import ChatEvent


class EventPump:
    """Drains `events` into `deliver` on the Tk thread until stop()."""

    def __init__(
        self,
        root: tk.Misc,
        events: "queue.Queue[ChatEvent]",
        deliver: Callable[[ChatEvent], None],
        turn_ended: Callable[[], None] = lambda: None,
    ) -> None:
        self._root = root
        self._events = events
        self._deliver = deliver
        self._turn_ended = turn_ended
        self._after_id: str | None = root.after(limits.UI_POLL_MS, self._drain)

    def _drain(self) -> None:
        turn_ends = time.monotonic() + limits.UI_TURN_MS / 1000
        try:
            for _ in range(limits.UI_BATCH_MAX):
                try:
                    event = self._events.get_nowait()
                except queue.Empty:
                    break
                self._deliver(event)
                if time.monotonic() > turn_ends:
                    break
        finally:  # even after an error in one event, keep the window listening
            try:
                self._turn_ended()
            finally:
                waiting = not self._events.empty()
                delay = 1 if waiting else limits.UI_POLL_MS  # more waiting: redraw, then go on
                self._after_id = self._root.after(delay, self._drain)

    def stop(self) -> None:
        if self._after_id is not None:
            self._root.after_cancel(self._after_id)
            self._after_id = None
