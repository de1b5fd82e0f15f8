"""One conversation's transcript in a real Tk window: what it keeps for saving, and what it
forgets when old lines are dropped."""

from __future__ import annotations

import tkinter
from collections.abc import Iterator

import pytest

from chatgui import limits
from chatgui.events import MessageReceived
from chatgui.ui.theme import PALETTES
from chatgui.ui.transcript import Transcript


@pytest.fixture
def transcript(tk_root: tkinter.Tk) -> Iterator[Transcript]:
    shown = Transcript(tk_root, "TkDefaultFont", lambda unseen: None)
    shown.apply(PALETTES["light"], "TkDefaultFont", "TkDefaultFont")
    shown.frame.pack()
    yield shown
    shown.widget.destroy()


def received(text: str, msgid: str, to_helpers: bool = False) -> MessageReceived:
    return MessageReceived("#class", "Sam", text, 1000.0, msgid, "message", False, to_helpers)


def test_a_line_for_the_host_and_helpers_is_saved_as_one(transcript: Transcript) -> None:
    transcript.add_earlier([received("earlier, privately", "m1", True), received("hi", "m2")])
    transcript.add_message("Sam", "can I go first?", 1001.0, to_helpers=True)
    transcript.add_message("Aisha", "me too", 1002.0)
    assert [(e.text, e.to_helpers) for e in transcript.entries] == [
        ("earlier, privately", True),
        ("hi", False),
        ("can I go first?", True),
        ("me too", False),
    ]


def test_message_ids_are_forgotten_with_the_lines_dropped(
    transcript: Transcript, tk_root: tkinter.Tk, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(limits, "TRANSCRIPT_MAX_LINES", 5)
    for number in range(20):
        transcript.add_message("Sam", f"line {number}", 1000.0 + number, msgid=f"m{number}")
        tk_root.update()
    assert len(transcript.entries) <= 5
    assert not transcript.shows(received("line 0", "m0"))
    assert transcript.shows(received("line 19", "m19"))
    transcript.add_earlier([received("line 19", "m19")])  # a copy is still not shown twice
    assert transcript.text().count("line 19") == 1


def test_our_line_still_being_sent_stays_through_a_clear(transcript: Transcript) -> None:
    """The host clears everyone's screen and at once types a line: the line is on their own
    screen, "sending…", when the clear comes back from the room. The room cleared before it
    took the line, so the line stays, below the clear's notice, and is marked sent after."""
    transcript.add_message("Ms_Rivera", "before the clear", 1000.0, own=True)
    transcript.add_message("Ms_Rivera", "after the clear", 1001.0, own=True, local_id=7)
    transcript.clear_screen("Ms_Rivera cleared everyone's screen.")
    transcript.mark(7, "", "msgid-7", settled=True)
    text = transcript.text()
    assert "before the clear" not in text
    assert text.index("cleared everyone's screen") < text.index("after the clear")
    assert "sending" not in text
    assert [entry.text for entry in transcript.entries].count("after the clear") == 1


def test_our_line_waiting_for_someone_keeps_saying_so_through_a_clear(
    transcript: Transcript,
) -> None:
    transcript.add_message("Sam", "are you there?", 1000.0, own=True, local_id=8)
    transcript.mark(8, "waiting for Kim to come back…")
    transcript.clear_screen("Ms_Rivera cleared everyone's screen.")
    assert "are you there? (waiting for Kim to come back…)" in transcript.text()
