"""The functions a stretch of the server calls, counted with sys.setprofile: "py file:function"
for Python's, "c name" for those written in C. Shared by bench/permessage.py (a ServerState
in-process) and bench/live_calls.py (a live server's loop thread)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from types import FrameType

Profiler = Callable[[FrameType, str, object], None]


def counting_into(seen: Counter[str]) -> Profiler:
    """A profile function for sys.setprofile that counts every call into `seen`."""

    def note(frame: FrameType, event: str, arg: object) -> None:
        if event == "call":
            code = frame.f_code
            seen[f"py {code.co_filename.rsplit('/', 1)[-1]}:{code.co_name}"] += 1
        elif event == "c_call":
            seen[f"c {getattr(arg, '__qualname__', arg)}"] += 1

    return note


def show_per_message(seen: Counter[str], messages: int, top: int) -> None:
    """Print the calls per message, Python's and C's, and the `top` most called."""
    python = sum(n for name, n in seen.items() if name.startswith("py "))
    c = seen.total() - python
    print(f"calls per message: {python / messages:.1f} Python, {c / messages:.1f} C,")
    print(f"{len(seen)} functions; the {top} most called, per message:")
    for name, n in seen.most_common(top):
        print(f"  {n / messages:6.2f}  {name}")
