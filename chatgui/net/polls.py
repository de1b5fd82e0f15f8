"""The system call a network loop waits in, behind select.epoll's few calls (Poll): epoll on
Linux, else the selectors module (kqueue on macOS, select() on Windows). Sockets are named by
number and readiness by epoll's bits, whichever waits. Imports nothing from chatgui.
"""

import select
import selectors
from typing import Protocol

_IN, _OUT = 1, 4
"""epoll's EPOLLIN and EPOLLOUT (Linux's numbers, used by SelectorPoll too)."""
EVENTS = (0, _IN, _OUT, _IN | _OUT)
"""What to ask epoll for, by the readiness a watcher wants (EVENT_READ 1 | EVENT_WRITE 2)."""


class Poll(Protocol):
    """The part of select.epoll the loop uses: sockets by number, readiness as epoll's bits."""

    def register(self, fd: int, eventmask: int, /) -> None: ...
    def modify(self, fd: int, eventmask: int, /) -> None: ...
    def unregister(self, fd: int, /) -> None: ...
    def poll(
        self, timeout: float | None = None, maxevents: int = -1, /
    ) -> list[tuple[int, int]]: ...
    def close(self) -> None: ...


SELECT_MOST_SOCKETS = 512
"""Sockets one select() takes on Windows (CPython's FD_SETSIZE there): with one more it fails,
and the loop with it. Where the loop waits in select(), its worker watches no more than this
(NetLoop.most_sockets)."""


class SelectorPoll:
    """select.epoll's calls over the selectors module, where there is no epoll (Windows, macOS)."""

    def __init__(self, selector: selectors.BaseSelector) -> None:
        self._selector = selector

    def register(self, fd: int, eventmask: int, /) -> None:
        self._selector.register(fd, EVENTS.index(eventmask))

    def modify(self, fd: int, eventmask: int, /) -> None:
        self._selector.modify(fd, EVENTS.index(eventmask))

    def unregister(self, fd: int, /) -> None:
        self._selector.unregister(fd)

    def poll(self, timeout: float | None = None, maxevents: int = -1, /) -> list[tuple[int, int]]:
        return [(key.fd, EVENTS[mask]) for key, mask in self._selector.select(timeout)]

    def close(self) -> None:
        self._selector.close()


def new_poll() -> tuple[Poll, int | None]:
    """The system's poll, and the sockets it can watch (None: as many as can be opened):
    epoll on Linux, kqueue on macOS, select() on Windows."""
    if hasattr(select, "epoll"):
        return select.epoll(), None
    selector = selectors.DefaultSelector()
    most = SELECT_MOST_SOCKETS if isinstance(selector, selectors.SelectSelector) else None
    return SelectorPoll(selector), most


def readiness(events: int) -> int:
    """epoll's bits as the selectors module's: an error or a hang-up is news both ways."""
    return (selectors.EVENT_READ if events & ~_OUT else 0) | (
        selectors.EVENT_WRITE if events & ~_IN else 0
    )
