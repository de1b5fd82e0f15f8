"""Stopping discovery never holds up the window: stop() only asks, the window's after()
callbacks keep running while the finder and announcer close, and once their threads have
ended nothing of theirs is left running or open. Real sockets on 127.0.0.1 only."""

from __future__ import annotations

import gc
import queue
import threading
import tkinter
import warnings

from chatgui import limits
from chatgui.events import ChatEvent, RoomAnnounced
from chatgui.ui.discovery_link import DiscoveryLink
from tests.support import wait_until

TICK_MS = 5
LOOPBACK = ("127.0.0.1",)


def discovery_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "chatgui-discovery"]


def test_the_window_keeps_running_while_discovery_stops_and_nothing_is_left(
    tk_root: tkinter.Tk,
) -> None:
    before = set(threading.enumerate())
    events: queue.Queue[ChatEvent] = queue.Queue()
    link = DiscoveryLink(events)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ResourceWarning)
        link.start_finding()
        link.announce("Stopping room", "#stopping", "Ms_Teacher", False, 6667, LOOPBACK)
        announced: list[ChatEvent] = []
        wait_until(
            lambda: any(isinstance(e, RoomAnnounced) for e in drained(events, announced)),
            10,
            tk_root,
            what="the room announced",
        )
        ticks: list[bool] = []  # per after() callback: were discovery threads still running?

        def tick() -> None:
            ticks.append(bool(discovery_threads()))
            tk_root.after(TICK_MS, tick)

        stopped = threading.Event()

        def stop() -> None:
            link.stop()  # on Tk's thread, as the window does it
            ticks.clear()
            stopped.set()

        tk_root.after(0, tick)
        tk_root.after(0, stop)
        wait_until(
            lambda: stopped.is_set() and not discovery_threads(),
            limits.DISCOVERY_STOP_TIMEOUT_S * 2,
            tk_root,
            what="the discovery threads to end",
        )
        assert True in ticks, "no window callback ran while discovery was stopping"
        assert link.wait_ended(0)
        started = lambda: set(threading.enumerate()) - before  # noqa: E731  (zeroconf's too)
        wait_until(lambda: not started(), 5, tk_root, what=f"every thread to end: {started()}")
        gc.collect()
    unclosed = [str(w.message) for w in caught if issubclass(w.category, ResourceWarning)]
    assert unclosed == []


def drained(events: queue.Queue[ChatEvent], into: list[ChatEvent]) -> list[ChatEvent]:
    while True:
        try:
            into.append(events.get_nowait())
        except queue.Empty:
            return into
