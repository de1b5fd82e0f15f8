"""The network loop as it runs where there is no epoll, on this Linux machine: the real
selectors module and select() behind the loop's calls, as net/polls.py picks them there."""

import select
import selectors

import pytest

from chatgui.net import polls


class WindowsSelect(selectors.SelectSelector):
    """select() held to what Windows' takes (polls.SELECT_MOST_SOCKETS, read when it waits):
    with more sockets it raises as it does there, where Linux's would take 1024."""

    def select(self, timeout: float | None = None) -> list[tuple[selectors.SelectorKey, int]]:
        if len(self.get_map()) > polls.SELECT_MOST_SOCKETS:
            raise ValueError("too many file descriptors in select()")
        return super().select(timeout)


def loop_without_epoll(monkeypatch: pytest.MonkeyPatch) -> None:
    """macOS's way: the selectors module's best selector (kqueue there; epoll's here)."""
    monkeypatch.delattr(select, "epoll", raising=False)


def loop_as_on_windows(monkeypatch: pytest.MonkeyPatch) -> None:
    """Windows' way: the selectors module's select(), the only one there, and its limit."""
    monkeypatch.delattr(select, "epoll", raising=False)
    monkeypatch.setattr(selectors, "DefaultSelector", WindowsSelect)
