"""miniircd as it is, but with TCP_NODELAY on every connection it accepts, as chatgui and the
floor relay set it: the like-for-like peer for CPU per delivery.

    python -m bench.miniircd_nodelay --listen 127.0.0.1 --ports 6667   # miniircd's options

miniircd leaves Nagle's algorithm on. Then a small send() while earlier bytes are not yet
acknowledged only joins the socket's queue, and the kernel sends the lines together later,
when the reader's ACK comes: fewer segments and wake-ups, at the cost of waiting for that ACK
(its classroom p99 of ~10 ms against ~1.5 ms). On 127.0.0.1 that later send runs while the
reading process handles its ACK, so the load generator pays for it, not the server. chatgui
sends each line at once (NODELAY), as a chat must; this column shows what miniircd's loop
costs when it does the same. Nothing of miniircd changes but the option on its sockets.
"""

import runpy
import socket

_accept = socket.socket.accept


def _accept_without_delay(sock: socket.socket) -> tuple[socket.socket, object]:
    conn, address = _accept(sock)
    conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return conn, address


# This process runs miniircd alone: every socket it accepts is one of its connections.
socket.socket.accept = _accept_without_delay  # type: ignore[method-assign,assignment]

if __name__ == "__main__":
    runpy.run_module("miniircd", run_name="__main__", alter_sys=True)  # as python -m miniircd
