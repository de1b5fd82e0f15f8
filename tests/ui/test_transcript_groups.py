"""Messages as chat apps show them, in a real Tk window: grouped by author, day lines, the
"New messages" line, multi-line blocks, mentions, and the line cap keeping every group whole.

A Transcript on the test display, fed as the chat page feeds it; what is checked is what Tk
shows (the text, its tags, where lines are drawn).
"""

from __future__ import annotations

import time
import tkinter
from collections.abc import Iterator

import pytest

from chatgui import limits
from chatgui.events import MessageReceived
from chatgui.ui.theme import PALETTES, nick_colour
from chatgui.ui.transcript import JOINED, Transcript

NOON = time.mktime((2026, 11, 24, 12, 0, 0, 0, 0, -1))


@pytest.fixture
def transcript(tk_root: tkinter.Tk) -> Iterator[Transcript]:
    tk_root.geometry("640x480+0+0")
    shown = Transcript(tk_root, "TkDefaultFont", lambda unseen: None)
    shown.apply(PALETTES["light"], "TkDefaultFont", "TkDefaultFont")
    shown.frame.pack(fill="both", expand=True)
    tk_root.update()
    yield shown
    shown.widget.destroy()


def lines_of(transcript: Transcript) -> list[str]:
    return transcript.text().split("\n")


def heads(transcript: Transcript) -> list[str]:
    """The names at the head of each group, top to bottom."""
    widget = transcript.widget
    ranges = widget.tag_ranges("name")
    return [widget.get(a, b) for a, b in zip(ranges[::2], ranges[1::2], strict=True)]


def x_of(transcript: Transcript, words: str) -> int:
    """Where `words` start on screen, in pixels from the widget's left."""
    widget = transcript.widget
    widget.update()
    index = widget.search(words, "1.0", stopindex="end")
    assert index, f"{words!r} not shown"
    widget.see(index)
    widget.update()
    box = widget.bbox(index)
    assert box is not None, f"{words!r} not in view"
    return int(box[0])


def earlier(sender: str, text: str, at: float, msgid: str) -> MessageReceived:
    return MessageReceived("#class", sender, text, at, msgid, "message", False, False)


def test_a_run_of_lines_by_one_person_shows_the_name_and_time_once(
    transcript: Transcript,
) -> None:
    transcript.add_message("Sam", "hello", NOON)
    transcript.add_message("Sam", "is anyone there?", NOON + 20)
    transcript.add_message("Sam", "page 4 please", NOON + 60)
    transcript.add_message("Aisha", "yes", NOON + 70)
    assert heads(transcript) == ["Sam", "Aisha"]
    assert transcript.text().count("12:0") == 2  # one time per group
    assert x_of(transcript, "is anyone there?") == x_of(transcript, "hello")
    assert x_of(transcript, "hello") == x_of(transcript, "Sam"), "text hangs under the name"
    assert x_of(transcript, "Sam") > 20, "right of the avatar"


def test_a_pause_over_the_limit_a_system_line_or_a_new_day_starts_a_new_group(
    transcript: Transcript,
) -> None:
    transcript.add_message("Sam", "one", NOON)
    transcript.add_message("Sam", "two", NOON + limits.GROUP_GAP_S + 1)
    transcript.add_notice(JOINED, "Aisha joined", NOON + limits.GROUP_GAP_S + 2)
    transcript.add_message("Sam", "three", NOON + limits.GROUP_GAP_S + 3)
    transcript.add_message("Sam", "four", NOON + 86400)
    assert heads(transcript) == ["Sam", "Sam", "Sam", "Sam"]


def test_days_are_separated_by_a_day_line(transcript: Transcript) -> None:
    now = time.time()
    transcript.add_earlier([earlier("Sam", "last week", now - 7 * 86400, "m1")])
    transcript.add_message("Sam", "yesterday", now - 86400)
    transcript.add_message("Sam", "today", now)
    shown = lines_of(transcript)
    day_lines = [line for line in shown if line and "day" in tags_of_line(transcript, line)]
    assert day_lines[1:] == ["Yesterday", "Today"]
    assert day_lines[0] == time.strftime("%A %d %B", time.localtime(now - 7 * 86400)).replace(
        " 0", " "
    )


def tags_of_line(transcript: Transcript, line: str) -> tuple[str, ...]:
    widget = transcript.widget
    index = widget.search(line, "1.0", stopindex="end", exact=True)
    return tuple(str(tag) for tag in widget.tag_names(index))


def test_a_multi_line_message_is_one_block_under_its_first_line(
    transcript: Transcript,
) -> None:
    transcript.add_message("Sam", "first line\nsecond line\nthird line", NOON)
    assert heads(transcript) == ["Sam"]
    first = x_of(transcript, "first line")
    assert x_of(transcript, "second line") == first
    assert x_of(transcript, "third line") == first


def test_history_put_above_joins_the_group_below_it(transcript: Transcript) -> None:
    now = time.time()
    transcript.add_earlier([earlier("Sam", "newer", now - 30, "m2")])
    transcript.add_older([earlier("Sam", "older", now - 60, "m1")], complete=False)
    assert heads(transcript) == ["Sam"], "one group: the older line joined it"
    assert [line for line in lines_of(transcript) if line == "Today"] == ["Today"]
    assert lines_of(transcript).index("older") < lines_of(transcript).index("newer")


def test_the_messages_before_a_join_stay_grouped_and_the_join_line_ends_them(
    transcript: Transcript,
) -> None:
    now = time.time()
    transcript.mark_joining()
    transcript.add_notice(JOINED, "You joined Class chat", now)
    transcript.add_earlier(
        [earlier("Sam", "before 1", now - 40, "m1"), earlier("Sam", "before 2", now - 30, "m2")]
    )
    transcript.add_message("Sam", "after", now)
    assert heads(transcript) == ["Sam", "Sam"]
    assert [line for line in lines_of(transcript) if line == "Today"] == ["Today"]
    shown = transcript.text()
    assert shown.index("before 2") < shown.index("You joined") < shown.index("after")


def test_dropping_the_oldest_lines_keeps_the_head_of_the_group_cut_into(
    transcript: Transcript, tk_root: tkinter.Tk, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(limits, "TRANSCRIPT_MAX_LINES", 12)
    now = time.time()
    for number in range(30):
        transcript.add_message("Sam", f"line {number}", now + number)
        tk_root.update()
    shown = lines_of(transcript)
    assert shown[0] == "Today"
    assert heads(transcript) == ["Sam"]
    assert "line 29" in shown
    assert "line 0" not in shown
    assert len(shown) <= 12 + 3


def test_a_mention_highlights_the_row_and_bolds_the_name(transcript: Transcript) -> None:
    transcript.add_message("Sam", "can Kim help me?", NOON, mention=True, reader="Kim")
    widget = transcript.widget
    index = widget.search("Kim", "1.0", stopindex="end")
    assert "me" in widget.tag_names(index)
    assert "mention" in widget.tag_names(f"{index} lineend"), "the row, to its end"


def test_links_are_clickable_with_a_hand(transcript: Transcript) -> None:
    transcript.add_message("Sam", "see https://example.org/page now", NOON)
    widget = transcript.widget
    index = widget.search("https://", "1.0", stopindex="end")
    assert "link" in widget.tag_names(index)
    x, y, _, height = widget.bbox(index)
    widget.event_generate("<Motion>", x=x + 2, y=y + height // 2)
    widget.update()
    assert str(widget.cget("cursor")) == "hand2", "no hand over a link"


def test_system_lines_are_small_and_without_a_head(transcript: Transcript) -> None:
    transcript.add_message("Sam", "hi", NOON)
    transcript.add_notice(JOINED, "Aisha joined", NOON + 1)
    transcript.add_presence(True, "Bo", at=NOON + 2)
    assert heads(transcript) == ["Sam"]
    for words in ("Aisha joined", "Bo joined"):
        assert "system" in tags_of_line(transcript, f"{JOINED} {words}")


def test_a_group_has_an_avatar_with_the_initials_in_the_names_colour(
    transcript: Transcript, tk_root: tkinter.Tk
) -> None:
    transcript.add_message("Ms_Rivera", "good morning", NOON)
    tk_root.update()
    widget = transcript.widget
    avatars = [tk_root.nametowidget(name) for name in widget.window_names()]
    assert [str(avatar.cget("text")) for avatar in avatars] == ["MR"]
    name = widget.tag_ranges("name")
    colour_tag = next(tag for tag in widget.tag_names(name[0]) if str(tag).startswith("nick-"))
    assert str(widget.tag_cget(colour_tag, "foreground")) == nick_colour(
        PALETTES["light"], "Ms_Rivera"
    )


def test_lines_that_come_while_another_conversation_is_shown_get_a_new_messages_line(
    transcript: Transcript, tk_root: tkinter.Tk
) -> None:
    transcript.widget.focus_force()
    transcript.add_message("Sam", "seen", NOON)
    tk_root.update()
    transcript.frame.pack_forget()  # another conversation is shown
    tk_root.update()
    transcript.add_message("Sam", "not seen", NOON + 1)
    transcript.add_message("Sam", "not seen either", NOON + 2)
    tk_root.update()
    shown = lines_of(transcript)
    assert shown.count("New messages") == 1
    assert shown.index("seen") < shown.index("New messages") < shown.index("not seen")
    transcript.add_message("Ms_Rivera", "my answer", NOON + 3, own=True)
    assert "New messages" not in lines_of(transcript), "one's own line: read up to here"


def test_nobody_can_type_in_the_messages_while_lines_come_in(transcript: Transcript) -> None:
    """Lines go in through a hidden writer; the text on screen stays read-only throughout, so
    keys and pastes aimed at it between two lines of a flood change nothing."""
    widget = transcript.widget
    widget.focus_force()
    for n in range(50):
        transcript.add_message("Sam", f"line {n}", NOON + n)
        widget.event_generate("<Key>", keysym="x")
        widget.event_generate("<<Paste>>")
    widget.update()
    assert str(widget.cget("state")) == "disabled"
    assert "x" not in transcript.text().replace("line", "")
    assert lines_of(transcript)[-2] == "line 49"
