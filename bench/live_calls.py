"""The functions a relayed room message calls on the server's loop thread, live: a ChatServer
in this process (flood control off, no history, as the benchmarks run it), 30 people in one
room on 127.0.0.1, each message its own loop turn, as in a classroom. Counted with
sys.setprofile on the loop thread: Python functions and those written in C, per message
(socket sends included: one per reader). bench/permessage.py --calls counts the state alone.

    python -m bench.live_calls            # 300 messages, the 40 most called functions

Nothing asserts; compare counts taken on two versions of the code.
"""

from __future__ import annotations

import argparse
import contextlib
import queue
import socket
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable
from types import FrameType

from chatgui.events import ChatEvent, ServerStarted
from chatgui.net.server import ChatServer, ServerConfig

PEOPLE = 30
GAP_S = 0.003
"""Between two messages: long enough for each to be a loop turn of its own."""


def _started(events: queue.Queue[ChatEvent]) -> int:
    while True:
        event = events.get(timeout=10)
        if isinstance(event, ServerStarted):
            return event.port


def _drain(socks: list[socket.socket]) -> None:
    for sock in socks:
        with contextlib.suppress(BlockingIOError):
            while sock.recv(65536):
                pass


def count(messages: int) -> Counter[str]:
    """Each function the loop thread called while `messages` room messages went through."""
    events: queue.Queue[ChatEvent] = queue.Queue()
    config = ServerConfig(flood_cost_s=0.0, address_flood_cost_s=0.0)
    server = ChatServer(config, events, bind="127.0.0.1", port=0)
    server.start()
    port = _started(events)
    socks = [socket.create_connection(("127.0.0.1", port)) for _ in range(PEOPLE)]
    for n, sock in enumerate(socks):
        sock.sendall(f"NICK p{n}\r\nUSER p{n} 0 * :bench\r\nJOIN #bench\r\n".encode())
    time.sleep(1.0)
    for sock in socks:
        sock.setblocking(False)
    _drain(socks)
    seen: Counter[str] = Counter()

    def note(frame: FrameType, event: str, arg: object) -> None:
        if event == "call":
            code = frame.f_code
            seen[f"py {code.co_filename.rsplit('/', 1)[-1]}:{code.co_name}"] += 1
        elif event == "c_call":
            seen[f"c {getattr(arg, '__qualname__', arg)}"] += 1

    def profile_loop(profiler: Callable[[FrameType, str, object], None] | None) -> None:
        """Start (or with None, stop) `profiler` on the loop thread, and wait until it has."""
        done = threading.Event()

        def there() -> None:
            sys.setprofile(profiler)
            done.set()

        server._loop.submit(there)
        done.wait(5)

    try:
        profile_loop(note)
        for n in range(messages):
            socks[n % PEOPLE].send(f"PRIVMSG #bench :message {n} from the bench\r\n".encode())
            time.sleep(GAP_S)
            if n % 10 == 9:
                _drain(socks)
        time.sleep(0.3)
        profile_loop(None)
    finally:
        for sock in socks:
            sock.close()
        server.stop()
    for name in ("c setprofile", "c Event.set", "py live_calls.py:there"):
        seen.pop(name, None)
    return seen


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--messages", type=int, default=300)
    p.add_argument("--top", type=int, default=40, help="show this many functions")
    a = p.parse_args()
    seen = count(a.messages)
    python = sum(n for name, n in seen.items() if name.startswith("py "))
    c = seen.total() - python
    print(f"calls per message: {python / a.messages:.1f} Python, {c / a.messages:.1f} C,")
    print(f"{len(seen)} functions; the {a.top} most called, per message:")
    for name, n in seen.most_common(a.top):
        print(f"  {n / a.messages:6.2f}  {name}")


if __name__ == "__main__":
    main()
