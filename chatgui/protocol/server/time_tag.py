"""The `time` tag of a relayed message (IRCv3 server-time): "2026-12-07T05:33:24.120Z".

Every relayed message gets one, so it is written without a datetime per message: the date and
time of day change once a second, and only the milliseconds change between messages.
"""

import math
from datetime import UTC, datetime


class TimeTag:
    """Writes `time` tags, keeping the text of the last whole second it wrote.

    The cache is one second's "YYYY-MM-DDTHH:MM:SS" (made by datetime);
    a message in the same second only adds its milliseconds. Those are found as datetime finds
    them: the fraction of the second rounded to microseconds (half to even), a fraction that
    rounds up to a whole second counting in the next second, then cut to milliseconds.
    """

    def __init__(self) -> None:
        self._second = math.nan  # no second written yet (nan equals nothing)
        self._prefix = ""

    def __call__(self, now: float) -> str:
        fraction, second = math.modf(now)
        micro = round(fraction * 1e6)
        if micro >= 1_000_000:
            second, micro = second + 1, micro - 1_000_000
        elif micro < 0:  # before 1970: modf's fraction is negative
            second, micro = second - 1, micro + 1_000_000
        if second != self._second:
            whole = datetime.fromtimestamp(second, UTC).isoformat(timespec="seconds")
            self._second, self._prefix = second, whole.removesuffix("+00:00")
        return f"{self._prefix}.{micro // 1000:03d}Z"
