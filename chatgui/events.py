"""Everything that crosses a thread boundary: small frozen dataclasses.

Workers put these on a queue.Queue; the UI (or the `serve` command) takes them off on its
own thread. Imports nothing from chatgui, so every layer can use it.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class ServerStarted:
    """The room is open: people can join at any of `addresses` on `port`."""

    addresses: tuple[str, ...]
    port: int


@dataclass(frozen=True)
class ServerFailed:
    """The room could not be opened; `reason` says why in words."""

    reason: str


@dataclass(frozen=True)
class ServerStopped:
    """The room is closed and its thread has finished."""


@dataclass(frozen=True)
class WorkerCrashed:
    """A worker thread met an error it could not handle; details are in the log."""

    role: str
    detail: str


ServerEvent = ServerStarted | ServerFailed | ServerStopped | WorkerCrashed
ChatEvent = ServerEvent
