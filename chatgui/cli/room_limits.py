"""The values `serve --flood` and `serve --max-per-address` take, read from what was typed.

Each answer is a plain value or a ValueError whose words say what to type instead.
"""

import re

from chatgui import limits

_NUMBER = r"[0-9]{1,9}(?:\.[0-9]{1,9})?"
_FLOOD = re.compile(rf"({_NUMBER})/([0-9]{{1,9}})")
OFF = "off"


def parse_flood(text: str) -> tuple[float, int] | None:
    """`--flood`: (lines a second, lines at once), or None for "off"."""
    typed = text.strip()
    if typed.lower() == OFF:
        return None
    found = _FLOOD.fullmatch(typed)
    rate = float(found.group(1)) if found else 0.0
    burst = int(found.group(2)) if found else 0
    if rate <= 0 or burst < 1:
        raise ValueError(
            "--flood needs LINES/BURST (lines a second each person may send, and how many at "
            f"once), like {limits.FLOOD_LINES_PER_S}/{limits.FLOOD_BURST_LINES}, or off; "
            f"not {text!r}"
        )
    return (int(rate) if rate.is_integer() else rate), burst


def parse_per_address(text: str) -> int | None:
    """`--max-per-address`: connections one computer may have, or None for "off"."""
    typed = text.strip()
    if typed.lower() == OFF:
        return None
    cap = int(typed) if re.fullmatch(r"[0-9]{1,9}", typed) else 0
    if not 1 <= cap <= limits.MAX_CONNECTIONS:
        raise ValueError(
            "--max-per-address needs the number of connections one computer may have, "
            f"1 to {limits.MAX_CONNECTIONS}, or off; not {text!r}"
        )
    return cap
