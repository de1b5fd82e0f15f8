"""The `time` tag written from a cached second (time_tag.TimeTag) is the one datetime writes,
for any time, in any order, across second boundaries and roundings to the next second."""

from __future__ import annotations

from datetime import UTC, datetime

from hypothesis import example, given
from hypothesis import strategies as st

from chatgui.protocol.server.time_tag import TimeTag


def slow_time_tag(now: float) -> str:
    """The tag for `now` (seconds since the epoch), by datetime: what TimeTag must equal."""
    stamp = datetime.fromtimestamp(now, UTC).isoformat(timespec="milliseconds")
    return stamp.replace("+00:00", "Z")


# From 1970 back a bit (negative fractions) to the year 9999, the last datetime can write.
timestamps = st.floats(min_value=-86_400.0, max_value=253_402_300_799.0, allow_nan=False)


@given(st.lists(timestamps, min_size=1, max_size=20))
@example([1_765_085_604.9999996, 1_765_085_604.9999994, 1_765_085_605.0])  # rounds up a second
@example([1_765_085_604.0005, 1_765_085_604.0015, 1_765_085_604.0025])  # halves: to even
@example([-0.0000004, -0.5, -1.9999999, 0.0])  # before 1970
@example([1_765_085_604.999, 1_765_085_604.001])  # back in time within a second
def test_time_tag_is_what_datetime_writes(moments: list[float]) -> None:
    time_tag = TimeTag()
    for now in moments:
        assert time_tag(now) == slow_time_tag(now)


@given(st.lists(st.floats(min_value=0, max_value=3.0), min_size=2, max_size=50))
def test_a_lesson_of_close_moments(offsets: list[float]) -> None:
    """Many messages in the same few seconds: the cached second is used and replaced."""
    time_tag = TimeTag()
    for offset in offsets:
        now = 1_765_085_604.0 + offset
        assert time_tag(now) == slow_time_tag(now)
