"""The network loop as it runs where there is no epoll, on this Linux machine: the real
selectors module and select() behind the loop's calls, as net/loop.py picks them there."""

import select
import selectors

import pytest


def loop_without_epoll(monkeypatch: pytest.MonkeyPatch) -> None:
    """macOS's way: the selectors module's best selector (kqueue there; epoll's here)."""
    monkeypatch.delattr(select, "epoll", raising=False)


def loop_as_on_windows(monkeypatch: pytest.MonkeyPatch) -> None:
    """Windows' way: the selectors module's select(), the only one there."""
    monkeypatch.delattr(select, "epoll", raising=False)
    monkeypatch.setattr(selectors, "DefaultSelector", selectors.SelectSelector)
