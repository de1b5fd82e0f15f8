"""NetLoop: one named worker thread running one selector, for all of a worker's sockets.

Other threads never touch the sockets: they hand the loop a function with submit(), which
puts it on a queue and wakes the loop through a private socket pair. The loop sleeps in
select() until a socket is ready, a submitted function arrives or a timer is due, so an idle
loop uses no CPU. A turn is one select() and the callbacks and timers it made due; a worker
that buffers output flushes it once at the end of each turn (after_each_turn), so everything
a turn wrote to one socket goes in one send(). step_handshake() is the one way every worker
steps a TLS handshake on it.
Imports nothing from chatgui.
"""

import contextlib
import heapq
import itertools
import logging
import selectors
import socket
import ssl
import threading
import time
from collections.abc import Callable
from queue import Empty, SimpleQueue

log = logging.getLogger(__name__)

ReadyCallback = Callable[[int], None]


class Timer:
    """A call_later() handle; cancel() stops it from running."""

    def __init__(self, when: float, callback: Callable[[], None]) -> None:
        self.when = when
        self.callback = callback
        self.cancelled = False

    def cancel(self) -> None:
        self.cancelled = True


class NetLoop:
    """A thread with a selector, a command queue and timers. Methods say which thread may call."""

    def __init__(self, name: str, on_crash: Callable[[BaseException], None]) -> None:
        self._selector = selectors.DefaultSelector()
        self._keys: dict[int, selectors.SelectorKey] = {}
        """What the selector watches, by file number: a plain dict, asked once per ready socket
        (the selector's own get_map() look-up is four Python calls each time)."""
        self._commands: SimpleQueue[Callable[[], None] | None] = SimpleQueue()
        self._wake_reader, self._wake_writer = socket.socketpair()
        self._wake_reader.setblocking(False)
        self._wake_writer.setblocking(False)
        wake = self._selector.register(
            self._wake_reader, selectors.EVENT_READ, self._drain_commands
        )
        self._keys[wake.fd] = wake
        self._timers: list[tuple[float, int, Timer]] = []
        self._timer_order = itertools.count()
        self._running = True
        self._on_crash = on_crash
        self._after_turn: list[Callable[[], None]] = []
        self.thread = threading.Thread(target=self._run, name=name, daemon=True)

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

    # --- loop thread only ---

    def call_later(self, delay: float, callback: Callable[[], None]) -> Timer:
        timer = Timer(time.monotonic() + max(0.0, delay), callback)
        heapq.heappush(self._timers, (timer.when, next(self._timer_order), timer))
        return timer

    def after_each_turn(self, callback: Callable[[], None]) -> None:
        """Call `callback` at the end of every turn: after that turn's ready callbacks and due
        timers, before the loop waits again."""
        self._after_turn.append(callback)

    def watch(self, sock: socket.socket, read: bool, write: bool, callback: ReadyCallback) -> None:
        """Watch `sock` for the chosen readiness (none: stop watching); callback gets the mask."""
        mask = (selectors.EVENT_READ if read else 0) | (selectors.EVENT_WRITE if write else 0)
        # By its number, in our own table: the selector writes a socket it does not know into
        # its KeyError, and a socket's repr asks the kernel twice (a class logging in: once
        # each). A closed socket (number -1) is looked for among what we watch: unwatching
        # one that was never watched (closed before it was) is harmless.
        fd = sock.fileno()
        if fd >= 0:
            key = self._keys.get(fd)
        else:
            key = next((k for k in self._keys.values() if k.fileobj is sock), None)
        if key is None:
            if mask:
                key = self._selector.register(sock, mask, callback)
                self._keys[key.fd] = key
        elif not mask:
            del self._keys[self._selector.unregister(sock).fd]
        elif key.events != mask or key.data is not callback:
            key = self._selector.modify(sock, mask, callback)  # a system call: only when it changes
            self._keys[key.fd] = key

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
            while self._running:
                for key, mask in self._selector.select(self._seconds_to_next_timer()):
                    # An earlier callback of this turn may have unwatched (or closed) this
                    # socket, or watched it anew: then this readiness is no longer its news.
                    if self._keys.get(key.fd) is key:
                        key.data(mask)
                self._run_due_timers()
                for callback in self._after_turn:
                    callback()
        except BaseException as error:  # the worker must report, never vanish
            log.exception("the %s thread stopped on an error", self.thread.name)
            self._on_crash(error)
        finally:
            self._close()

    def _close(self) -> None:
        self._selector.close()
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
