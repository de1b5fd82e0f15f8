"""Opening the room's listening sockets, taking the connections that wait on them, and
finding the addresses others can join at.

Kept apart from ChatServer so the rules are easy to read: port 6667 or the next free one
(the classroom script died with "Address already in use"), IPv4 and IPv6 where the
machine has them. Never imports tkinter.
"""

import contextlib
import errno
import logging
import socket
import sys
from collections.abc import Callable

from chatgui import limits

log = logging.getLogger(__name__)

NODELAY_HANDED_DOWN = sys.platform == "linux"
"""Linux gives each accepted socket its listener's TCP_NODELAY (set in _listen): a class
logging in at once makes one system call fewer each. Elsewhere the server sets it itself."""


def listen_on(bind: str | None, port: int | None, first: int | None = None) -> list[socket.socket]:
    """Listening sockets on `port`, or on the first free port from `first` (None: 6667; 6697
    for TLS) when it is None.

    Raises the OSError of the last attempt when no port could be had.
    """
    start = limits.DEFAULT_PORT if first is None else first
    candidates = [port] if port is not None else _default_ports(start)
    error: OSError | None = None
    for candidate in candidates:
        try:
            return _listen_all(bind, candidate)
        except OSError as failure:
            error = failure
    assert error is not None
    raise error


def listen_tls_on(bind: str | None, port: int | None) -> list[socket.socket]:
    """The TLS port asked for; else 6697 or the next free, else any free one: the room opens
    even when every port near 6697 is taken (it says which it got)."""
    if port is not None:
        return listen_on(bind, port)
    try:
        return listen_on(bind, None, limits.DEFAULT_TLS_PORT)
    except OSError:
        return listen_on(bind, 0)


def _default_ports(first: int) -> list[int]:
    return list(range(first, first + limits.PORT_SEARCH_SPAN))


def _listen_all(bind: str | None, port: int) -> list[socket.socket]:
    if bind:
        family, _, _, _, address = socket.getaddrinfo(
            bind, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
        )[0]
        return [_listen(family, address)]
    first = _listen(socket.AF_INET, ("0.0.0.0", port))
    sockets = [first]
    if socket.has_ipv6:
        with contextlib.suppress(OSError):  # no IPv6 on this machine: IPv4 is enough
            sockets.append(_listen(socket.AF_INET6, ("::", first.getsockname()[1])))
    return sockets


def _listen(family: int, address: tuple[object, ...]) -> socket.socket:
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        if sys.platform == "win32":
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_EXCLUSIVEADDRUSE, 1)
        else:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        if family == socket.AF_INET6:
            sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)  # for what it accepts
        sock.bind(address)
        sock.listen(limits.LISTEN_BACKLOG)
        sock.setblocking(False)
    except OSError:
        sock.close()
        raise
    return sock


def local_addresses(bind: str | None) -> list[str]:
    """The addresses to tell people: the bound one, or this computer's LAN addresses."""
    if bind and bind not in ("0.0.0.0", "::"):
        return [bind]
    found: list[str] = []
    with contextlib.suppress(OSError):
        for *_, address in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET):
            ip = str(address[0])
            if not ip.startswith("127.") and ip not in found:
                found.append(ip)
    return found or ["127.0.0.1"]


def refuse(sock: socket.SocketType, reason: str) -> None:
    """Turn a connection away with IRC's ERROR line, saying why, without waiting on it."""
    try:
        sock.setblocking(False)
        sock.send(f"ERROR :Closing link: {reason}\r\n".encode())
    except OSError:
        pass  # refused anyway
    sock.close()


def why_not_listening(error: OSError, port: int | None) -> str:
    """Why the room could not listen, in words that say what to do."""
    if error.errno == errno.EADDRINUSE:
        return f"Port {port} is already in use by another program. Choose another port."
    if error.errno == errno.EACCES:
        return f"This computer does not allow chatgui to use port {port}. Choose a port above 1024."
    if error.errno == errno.EADDRNOTAVAIL:
        return "That address does not belong to this computer. Leave the address empty."
    return f"The room could not be opened: {error.strerror or error}."


def accept_waiting(
    listener: socket.socket, admit: Callable[[socket.SocketType, str], None], mask: int
) -> None:
    """The loop's callback for a listener: take up to 64 waiting connections and `admit` each
    (with its address), kept as the C socket object under the socket module's Python one
    (socket.SocketType): 48 bytes a person instead of 88, in a room that keeps hundreds."""
    for _ in range(64):
        try:
            sock, address = listener.accept()
        except (BlockingIOError, InterruptedError):
            return
        except OSError as error:
            log.warning("accept failed: %s", error)
            return
        family, kind, proto = sock.family, sock.type, sock.proto
        admit(socket.SocketType(family, kind, proto, sock.detach()), address[0])
