"""The event pump on a real Tk root: worker events reach the window a bounded turn at a time."""

from __future__ import annotations

import itertools
import queue
import time
import tkinter

from chatgui import limits
from chatgui.events import ChatEvent, Joined
from chatgui.ui.pump import EventPump
from tests.support import wait_until


def test_slow_events_leave_the_window_a_turn_every_ui_turn_ms(tk_root: tkinter.Tk) -> None:
    """Events that each cost 4 ms are handled a few per turn, not UI_BATCH_MAX (800 ms):
    between turns, Tk runs what else is waiting (here, a timer that counts the turns)."""
    events: queue.Queue[ChatEvent] = queue.Queue()
    handled: list[float] = []

    def slow(event: ChatEvent) -> None:
        time.sleep(0.004)
        handled.append(time.monotonic())

    for _ in range(100):
        events.put(Joined("#class", "Sam", False))
    turns: list[int] = []

    def tick() -> None:
        turns.append(len(handled))
        if len(handled) < 100:
            tk_root.after(1, tick)

    pump = EventPump(tk_root, events, slow)
    try:
        tk_root.after(1, tick)
        wait_until(lambda: len(handled) == 100, 10, tk_root, what="all 100 events handled")
    finally:
        pump.stop()
    per_turn = [b - a for a, b in itertools.pairwise(turns) if b > a]
    most = limits.UI_TURN_MS // 4 + 1
    assert per_turn
    assert max(per_turn) <= most, f"events handled per turn: {per_turn}"
