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

from bench.call_count import Profiler, counting_into, show_per_message
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

    def profile_loop(profiler: Profiler | None) -> None:
        """Start (or with None, stop) `profiler` on the loop thread, and wait until it has."""
        done = threading.Event()

        def there() -> None:
            sys.setprofile(profiler)
            done.set()

        server._loop.submit(there)
        done.wait(5)

    try:
        profile_loop(counting_into(seen))
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
    show_per_message(count(a.messages), a.messages, a.top)


if __name__ == "__main__":
    main()
