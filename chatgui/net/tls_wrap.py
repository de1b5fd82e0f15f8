"""wrap_if_connected: TLS around a connection only while its other end is still there.

Python's `wrap_socket` (3.11) reads once from a socket whose peer has gone, and when that
read fails (the peer reset the connection) it raises with the new TLS socket still open and
owning the connection: nothing can close it, and it is closed only when collected, with a
ResourceWarning. A student's client that connects and resets at once, or a Join page giving
up a key check, makes exactly that. Asking the socket for its peer first closes such a
connection ourselves. When the peer goes in the microseconds between that question and
wrap_socket's own, the TLS socket wrap_socket made is found in the failed call's frames and
closed (Python 3.11.8 and 3.12.2 close it themselves: python/cpython#113280).
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
    except OSError as error:
        sock.close()  # a no-op once wrap_socket has taken the connection over
        close_what_wrap_left_open(error)
        return None


def close_what_wrap_left_open(error: OSError) -> None:
    """Close the TLS socket that a failed wrap_socket made and left open: it is the `self`
    of the call that raised `error`. Closing one twice does nothing."""
    trace = error.__traceback__
    while trace is not None:
        made = trace.tb_frame.f_locals.get("self")
        if isinstance(made, ssl.SSLSocket):
            made.close()
        trace = trace.tb_next
