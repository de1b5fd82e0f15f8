"""NetLoop: one named worker thread running one selector, for all of a worker's sockets.

Other threads never touch the sockets: they hand the loop a function with submit(), which
puts it on a queue and wakes the loop through a private socket pair. The loop sleeps in
select() until a socket is ready, a submitted function arrives or a timer is due, so an idle
loop uses no CPU. On Linux it is epoll itself, with one entry per watched socket in a list
by socket number (what the selectors module keeps, a key object and two maps by number, cost
a room of hundreds of idle people more than their sockets); elsewhere the selectors module
behind the same few calls (polls.py): select() on Windows, which takes 512 sockets at most
(most_sockets: the room keeps under it, admission.py). A turn is one select() and the
callbacks and timers it made due; a worker that buffers output flushes it once at the end of
each turn (after_each_turn), so everything a turn wrote to one socket goes in one send(). A
loop asked to (the room's) gives the allocator's free pages back to the system once sockets
have stopped coming and going for a while (free_memory_releaser): the holes a crowd's arrival
left in the loop thread's heap do not stay in the room's memory while it sits idle.
step_handshake() is the one way every worker steps a TLS handshake on it.
Imports nothing from chatgui but its poll (polls.py).
"""

import contextlib
import ctypes
import heapq
import itertools
import logging
import selectors
import socket
import ssl
import sys
import threading
import time
from collections.abc import Callable
from queue import Empty, SimpleQueue

from chatgui.net.polls import EVENTS, new_poll, readiness

log = logging.getLogger(__name__)

ReadyCallback = Callable[[int], None]
"""Called with the readiness in the selectors module's terms: EVENT_READ, EVENT_WRITE or both."""

Watched = tuple[socket.SocketType, int, ReadyCallback]
"""A watched socket, the readiness it is watched for (EVENT_READ | EVENT_WRITE) and its
callback: one tuple per socket, replaced whenever that changes."""


def free_memory_releaser() -> Callable[[], object] | None:
    """glibc's malloc_trim(0), which hands the system back every whole free page of every
    heap (a few µs when there is little to give); None without glibc (Windows, macOS, musl),
    whose allocators give back what they can by themselves."""
    if sys.platform != "linux":
        return None
    try:
        trim = ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError):
        return None
    trim.argtypes, trim.restype = [ctypes.c_size_t], ctypes.c_int
    return lambda: trim(0)


class Timer:
    """A call_later() handle; cancel() stops it from running."""

    def __init__(self, when: float, callback: Callable[[], None]) -> None:
        self.when = when
        self.callback = callback
        self.cancelled = False

    def cancel(self) -> None:
        self.cancelled = True


class NetLoop:
    """A thread with a poll, a command queue and timers. Methods say which thread may call."""

    def __init__(
        self,
        name: str,
        on_crash: Callable[[BaseException], None],
        release_memory_after: float | None = None,
        most_ready_a_turn: int = -1,
    ) -> None:
        """release_memory_after: seconds without a socket watched anew or unwatched after
        which free memory goes back to the system (None: never); most_ready_a_turn: sockets
        served in one turn at most (-1: all that are ready; with epoll, those left are first
        in the next turn; the selectors module's poll serves all)."""
        self._poll, most = new_poll()
        self.most_sockets = most
        """What the poll can watch at once (None: no limit but the system's)."""
        self._most_ready = most_ready_a_turn
        self._watched: list[Watched | None] = []
        """What the poll watches, at its socket's number (the system hands out the lowest
        free ones): a list keeps no number object nor hash table a socket, as a dict would."""
        self._commands: SimpleQueue[Callable[[], None] | None] = SimpleQueue()
        self._wake_reader, self._wake_writer = socket.socketpair()
        self._wake_reader.setblocking(False)
        self._wake_writer.setblocking(False)
        self._timers: list[tuple[float, int, Timer]] = []
        self._timer_order = itertools.count()
        self._running = True
        self._on_crash = on_crash
        self._after_turn: list[Callable[[], None]] = []
        self.thread = threading.Thread(target=self._run, name=name, daemon=True)
        self._release_after: float | None = None  # its own wake-up socket is no one coming
        self.watch(self._wake_reader, True, False, self._drain_commands)
        self._release_after = release_memory_after
        self._release_timer: Timer | None = None
        self._came_or_went = False  # since the release timer was set: it waits again
        releaser = free_memory_releaser() if release_memory_after is not None else None
        self.release_free_memory = releaser or (lambda: None)

    def start(self, first: Callable[[], None] | None = None) -> None:
        """Any thread: start the loop's thread; `first` (a worker opening its sockets) runs
        on it before anything submitted later."""
        self.thread.start()
        if first is not None:
            self.submit(first)

    def submit(self, function: Callable[[], None]) -> None:
        """Any thread: run `function` on the loop's thread soon."""
        self._commands.put(function)
        self._wake()

    def stop(self, timeout: float, last: Callable[[], None] | None = None) -> None:
        """Any thread: finish the submitted work, run `last` (a worker closing its sockets),
        end the thread and, from another thread, wait for it up to `timeout` seconds. A loop
        that has ended (or never started) is left alone, so stopping twice is harmless."""
        if self.thread.ident is None:  # never started: its wake-up sockets are all it has
            self._close()
        if not self.thread.is_alive():
            return
        if last is not None:
            self._commands.put(last)
        self._commands.put(None)
        self._wake()
        if threading.current_thread() is not self.thread:
            self.thread.join(timeout)

    def wait_ended(self, timeout: float) -> bool:
        """Another thread (never Tk's while its window is open): wait up to `timeout` s for
        the loop's thread to end; True if it has (or never started)."""
        if self.thread.ident is not None:
            self.thread.join(timeout)
        return not self.thread.is_alive()

    # --- loop thread only ---

    def call_later(self, delay: float, callback: Callable[[], None]) -> Timer:
        timer = Timer(time.monotonic() + max(0.0, delay), callback)
        heapq.heappush(self._timers, (timer.when, next(self._timer_order), timer))
        return timer

    def after_each_turn(self, callback: Callable[[], None]) -> None:
        """Call `callback` at the end of every turn: after that turn's ready callbacks and due
        timers, before the loop waits again."""
        self._after_turn.append(callback)

    def watch(
        self, sock: socket.SocketType, read: bool, write: bool, callback: ReadyCallback
    ) -> None:
        """Watch `sock` for the chosen readiness (none: stop watching); callback gets the mask."""
        mask = (selectors.EVENT_READ if read else 0) | (selectors.EVENT_WRITE if write else 0)
        fd = sock.fileno()
        if fd < 0:  # closed: the kernel forgot it; unwatching one never watched is harmless
            self._forget_closed(sock, mask)
            return
        if fd >= len(self._watched):
            self._watched += [None] * (fd + 1 - len(self._watched))
        watched = self._watched[fd]
        if watched is None:
            if mask:
                self._poll.register(fd, EVENTS[mask])
                self._watched[fd] = (sock, mask, callback)
                self._socket_came_or_went()
        elif not mask:
            self._watched[fd] = None
            self._poll.unregister(fd)
            self._socket_came_or_went()
        elif watched[1] != mask or watched[2] is not callback or watched[0] is not sock:
            if watched[1] != mask:  # a system call: only when the readiness changes
                self._poll.modify(fd, EVENTS[mask])
            self._watched[fd] = (sock, mask, callback)

    def _socket_came_or_went(self) -> None:
        if self._release_after is None:
            return
        if self._release_timer is None:
            self._release_timer = self.call_later(self._release_after, self._release_when_quiet)
        else:
            self._came_or_went = True

    def _release_when_quiet(self) -> None:
        """Free memory goes back once no socket came or went for release_memory_after."""
        if self._came_or_went and self._release_after is not None:
            self._came_or_went = False
            self._release_timer = self.call_later(self._release_after, self._release_when_quiet)
            return
        self._release_timer = None
        self.release_free_memory()

    def _forget_closed(self, sock: socket.SocketType, mask: int) -> None:
        """A closed socket (number -1) is looked for among what is watched, and forgotten."""
        if mask:
            raise ValueError("a closed socket can't be watched")
        found = next((fd for fd, w in enumerate(self._watched) if w and w[0] is sock), None)
        if found is not None:
            self._watched[found] = None
            self._socket_came_or_went()
            with contextlib.suppress(OSError):  # already gone from the poll with its socket
                self._poll.unregister(found)

    def step_handshake(self, sock: ssl.SSLSocket, again: ReadyCallback) -> bool:
        """One step of a TLS handshake on a non-blocking socket: True when it is done. While
        it waits, False, and `sock` is watched for what it waits on, to call `again`. A failed
        handshake raises (ssl.SSLError or OSError) for the caller to say why."""
        try:
            sock.do_handshake()
        except ssl.SSLWantReadError:
            self.watch(sock, True, False, again)
            return False
        except ssl.SSLWantWriteError:
            self.watch(sock, False, True, again)
            return False
        return True

    def _wake(self) -> None:
        # BlockingIOError: the loop is already awake (buffer full); OSError: it has ended.
        with contextlib.suppress(OSError):
            self._wake_writer.send(b"\0")

    def _run(self) -> None:
        try:
            watched = self._watched
            while self._running:
                ready = self._poll.poll(self._seconds_to_next_timer(), self._most_ready)
                for fd, events, was in [(fd, e, watched[fd]) for fd, e in ready]:
                    # An earlier callback of this turn may have unwatched (or closed) this
                    # socket, or watched it anew: then this readiness is no longer its news.
                    if was is not None and watched[fd] is was:
                        was[2](readiness(events) & was[1])
                self._run_due_timers()
                for callback in self._after_turn:
                    callback()
        except BaseException as error:  # the worker must report, never vanish
            log.exception("the %s thread stopped on an error", self.thread.name)
            self._on_crash(error)
        finally:
            self._close()

    def _close(self) -> None:
        self._poll.close()
        self._wake_reader.close()
        self._wake_writer.close()

    def _drain_commands(self, mask: int) -> None:
        try:
            while self._wake_reader.recv(4096):
                pass
        except BlockingIOError:
            pass
        while True:
            try:
                command = self._commands.get_nowait()
            except Empty:
                return
            if command is None:
                self._running = False
                return
            command()

    def _seconds_to_next_timer(self) -> float | None:
        while self._timers and self._timers[0][2].cancelled:
            heapq.heappop(self._timers)
        if not self._timers:
            return None
        return max(0.0, self._timers[0][0] - time.monotonic())

    def _run_due_timers(self) -> None:
        now = time.monotonic()
        while self._timers and self._timers[0][0] <= now:
            _, _, timer = heapq.heappop(self._timers)
            if not timer.cancelled:
                timer.callback()
