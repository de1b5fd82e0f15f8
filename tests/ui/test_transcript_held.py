"""A pump turn's messages held and put in with one insert look exactly as if each went in on
its own: the same text, tags and avatars in the same places; nothing reads the text before
they are in; and the pump ends each turn by putting them in."""

from __future__ import annotations

import queue
import time
import tkinter
from collections.abc import Callable, Iterator

import pytest

from chatgui import limits
from chatgui.events import ChatEvent, Joined
from chatgui.ui.pump import EventPump
from chatgui.ui.theme import PALETTES
from chatgui.ui.transcript import JOINED, Transcript
from tests.support import wait_until

NOON = time.mktime((2026, 11, 24, 12, 0, 0, 0, 0, -1))

Make = Callable[[], Transcript]


@pytest.fixture
def make(tk_root: tkinter.Tk) -> Iterator[Make]:
    tk_root.geometry("640x480+0+0")
    made: list[Transcript] = []

    def one() -> Transcript:
        shown = Transcript(tk_root, "TkDefaultFont", lambda unseen: None)
        shown.apply(PALETTES["light"], "TkDefaultFont", "TkDefaultFont")
        made.append(shown)
        return shown

    yield one
    for shown in made:
        shown.widget.destroy()


def feed(transcript: Transcript, held: bool) -> None:
    """Groups, a host's badge, a two-line message, a link, a mention, a system line, a day."""
    said: list[tuple[str, str, float, str]] = [
        ("Sam", "hello", NOON, ""),
        ("Sam", "page 4 please\nand page 5", NOON + 20, ""),
        ("Ms_Rivera", "see https://example.org/page4 Sam", NOON + 30, "~"),
        ("Aisha", "thanks", NOON + 40, ""),
        ("Aisha", "tomorrow then", NOON + 86400, ""),
    ]
    for number, (sender, text, at, badge) in enumerate(said):
        if held:
            transcript.hold()
        transcript.add_message(sender, text, at, mention="Sam" in text, reader="Sam", badge=badge)
        if number == 2:
            transcript.add_notice(JOINED, "Lee joined", NOON + 35)


def shown(transcript: Transcript) -> list[tuple[str, str, str]]:
    """Every piece of text, tag switch and embedded avatar, where it is."""
    widget = transcript.widget
    dump = widget.tk.call(widget, "dump", "-text", "-tag", "-window", "1.0", "end")
    items = [str(item) for item in dump]
    triples = [tuple(items[i : i + 3]) for i in range(0, len(items), 3)]
    # An avatar's window is made when first displayed: where it is counts, not its name.
    return [(key, "" if key == "window" else value, index) for key, value, index in triples]


def test_held_lines_look_exactly_like_lines_put_in_one_by_one(make: Make) -> None:
    one_by_one, held = make(), make()
    feed(one_by_one, held=False)
    feed(held, held=True)
    held.flush()
    assert shown(held) == shown(one_by_one)
    assert [kind for kind, _, _ in shown(held)].count("window") == 4, "one avatar per group"


def test_held_lines_are_in_before_anything_reads_or_changes_the_text(make: Make) -> None:
    transcript = make()
    transcript.hold()
    transcript.add_message("Sam", "first", NOON)
    assert "first" in transcript.text()
    transcript.hold()
    transcript.add_message("Sam", "second", NOON + 1, local_id=7)
    transcript.mark(7, "waiting…")
    assert transcript.text().endswith("second (waiting…)\n")


def test_the_pump_ends_each_turn_by_calling_turn_ended(tk_root: tkinter.Tk) -> None:
    events: queue.Queue[ChatEvent] = queue.Queue()
    handled: list[ChatEvent] = []
    ended_after: list[int] = []
    for _ in range(limits.UI_BATCH_MAX * 2 + 5):
        events.put(Joined("#class", "Sam", False))
    pump = EventPump(tk_root, events, handled.append, lambda: ended_after.append(len(handled)))
    try:
        done = limits.UI_BATCH_MAX * 2 + 5
        wait_until(lambda: ended_after[-1:] == [done], 10, tk_root, what="the last turn ended")
    finally:
        pump.stop()
    assert len(ended_after) >= 3, f"turns: {ended_after}"
    steps = [b - a for a, b in zip([0, *ended_after], ended_after, strict=False)]
    assert max(steps) <= limits.UI_BATCH_MAX
