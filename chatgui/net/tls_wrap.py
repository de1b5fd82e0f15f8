"""wrap_if_connected: TLS around a connection only while its other end is still there.

Python's `wrap_socket` (3.11) reads once from a socket whose peer has gone, and when that
read fails (the peer reset the connection) it raises with the new TLS socket still open and
owning the connection: nothing can close it, and it is closed only when collected, with a
ResourceWarning. A student's client that connects and resets at once, or a Join page giving
up a key check, makes exactly that. Asking the socket for its peer first closes such a
connection ourselves; what is left is a window of microseconds between the two questions.
Never imports tkinter.
"""

import socket
import ssl


def wrap_if_connected(
    context: ssl.SSLContext,
    sock: socket.socket,
    *,
    server_side: bool = False,
    server_hostname: str | None = None,
) -> ssl.SSLSocket | None:
    """`sock` in TLS (its handshake not started), or None, with `sock` closed, when its peer
    has gone already (or goes while it is wrapped)."""
    try:
        sock.getpeername()
        return context.wrap_socket(
            sock,
            server_side=server_side,
            server_hostname=server_hostname,
            do_handshake_on_connect=False,
        )
    except OSError:
        sock.close()  # a no-op once wrap_socket has taken the connection over
        return None
