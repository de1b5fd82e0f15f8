"""Room titles and their channel names (protocol/room_titles.py), with hostile text: whatever
a teacher types or a server sends, the channel made is one the server takes, the title is
text a window and a Join page can show, and `serve --room` says in words what is wrong."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from chatgui import limits
from chatgui.protocol.names import channel_problem
from chatgui.protocol.room_record import RoomRecord, decode_record, encode_record
from chatgui.protocol.room_titles import channel_for_title, room_from_argument, title_of_channel
from chatgui.ui.validation import channel_for_room, room_name_problem


@pytest.mark.parametrize(
    ("title", "channel"),
    [
        ("Class chat", "#class-chat"),
        ("Year 9 French", "#year-9-french"),
        ("  Maths — 5F ", "#maths-5f"),
        ("\uff26\uff55\uff4c\uff4c width", "#full-width"),  # full-width letters
        ("?!", None),
        ("Класс chat", None),  # two alphabets that look alike: the server would refuse it
    ],
)
def test_a_title_makes_the_channel_the_host_page_makes(title: str, channel: str | None) -> None:
    assert channel_for_title(title) == channel


@pytest.mark.parametrize(
    ("channel", "title"),
    [("#class-chat", "Class chat"), ("#group_1", "Group 1"), ("#class", "Class"), ("#\u202e", "#")],
)
def test_a_channel_reads_as_a_title(channel: str, title: str) -> None:
    assert title_of_channel(channel) == title


def test_serve_takes_a_title_or_a_channel_name() -> None:
    assert room_from_argument("Class chat") == ("#class-chat", "Class chat")
    assert room_from_argument("#class") == ("#class", "Class")
    assert room_from_argument("maths-5f298f") == ("#maths-5f298f", "maths-5f298f")
    for bad in ("", "   ", "#a b", "?!", "x" * 41, "Class\u200bchat", "#"):
        with pytest.raises(ValueError, match=r"\w"):
            room_from_argument(bad)


@given(st.text(max_size=120))
@example("\u202eevil\u202c")
@example("\x00\x1b[31m")
def test_any_title_gives_a_channel_the_server_takes_or_none(text: str) -> None:
    channel = channel_for_title(text)
    if channel is not None:
        assert channel_problem(channel) is None
        assert len(channel) <= limits.CHANNEL_MAX_CHARS
        assert channel_for_title(title_of_channel(channel)) == channel


@given(st.text(max_size=200))
@example("#\x07\x1b]0;owned\x07")
def test_any_channel_from_a_server_reads_as_a_showable_title(channel: str) -> None:
    title = title_of_channel(channel)
    assert title
    assert not any(unicodedata.category(c)[0] == "C" for c in title)


@given(st.text(max_size=80))
def test_whatever_serve_accepts_can_be_announced_and_joined(text: str) -> None:
    try:
        channel, title = room_from_argument(text)
    except ValueError as problem:
        said = str(problem)
        assert said[0].isalpha(), said
        return
    assert channel_problem(channel) is None
    record = RoomRecord("0123456789abcdef", title, "host", False, "1", channel=channel)
    decoded = decode_record(encode_record(record))
    assert decoded is not None
    assert decoded.channel == channel


@given(st.text(max_size=60))
@example("Class chat\u200b")
@example("\u0421lass chat")
def test_whatever_the_host_page_accepts_can_be_announced(text: str) -> None:
    """The Host page's check and the Join pages' agree: no room is opened that no classmate's
    Join page would list."""
    if room_name_problem(text) is not None:
        return
    title = text.strip()
    record = RoomRecord(
        "0123456789abcdef", title, "host", False, "1", channel=channel_for_room(title)
    )
    assert decode_record(encode_record(record)) is not None


def test_the_host_page_refuses_a_title_that_could_pass_for_another() -> None:
    said = room_name_problem("Class chat\u200b")
    assert said is not None
    assert said.startswith("Room names can't contain")
    assert room_name_problem("Class chat 😀") is None
