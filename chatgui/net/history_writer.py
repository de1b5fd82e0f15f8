"""HistoryWriter: the thread "chatgui-history-writer", which alone uses the history's SQLite.

Moving a second's messages into SQLite takes about a millisecond, and a room's loop thread
that did it kept every message arriving meanwhile waiting. So the loop only appends each
message to the pending file (a few microseconds, before anyone receives it: that promise is
the loop's) and hands the entries over; this thread moves them into SQLite within
HISTORY_FLUSH_INTERVAL_S (at once when HISTORY_FLUSH_BATCH wait), prunes in small steps,
clears a room in batches, answers the loop's questions and closes the file. One thread for
the whole history, woken twice per flush at most while people talk, never once per message,
and not at all in a quiet room (its next pruning is when its oldest message passes the
retention). A flush costs ~0.9 ms however few it moves, and ~6 µs a message more: a class's
trickle waits a few seconds in the pending file so that each flush moves more of it.

The loop's questions (CHATHISTORY, SEARCH, the replay on join) wait for their answer, as they
waited for SQLite before: behind every entry handed over earlier, so an answer has every
message already delivered. A problem or a removed writer's lines are told to the window from
here; a crash is reported as every worker's is, and the room goes on without history.
"""

import logging
import queue
import threading
import time
from collections.abc import Callable
from functools import partial
from typing import TypeVar

from chatgui import limits
from chatgui.events import ChatEvent, HistoryCleared, HostWarning, WorkerCrashed
from chatgui.protocol.server.message_store import StoredMessage
from chatgui.store import SqliteHistory

log = logging.getLogger(__name__)

T = TypeVar("T")
Job = Callable[[], None]
_STOP = object()


class HistoryWriter:
    """The writer thread. start(), hand_over(), wake(), ask(), clear() and stop() are for the
    loop."""

    def __init__(self, events: "queue.Queue[ChatEvent]") -> None:
        self._events = events
        self._jobs: queue.SimpleQueue[Job | object] = queue.SimpleQueue()
        self._lock = threading.Lock()
        self._handed: list[StoredMessage] = []
        self._woken = False
        """True from a hand-over that woke the thread until the flush that takes it."""
        self._handed_count = 0
        """Entries handed over since the last flush: a full batch is flushed at once."""
        self._full = False
        """True from the hand-over that made a full batch until the flush that takes it."""
        self._flush_at: float | None = None
        self._prune_at: float | None = None
        self._store: SqliteHistory | None = None
        self._reported = False
        self.crashed = False
        self._thread = threading.Thread(
            target=self._run, name="chatgui-history-writer", daemon=True
        )

    # --- the loop's thread ---

    def start(self, open_store: Callable[[], SqliteHistory]) -> SqliteHistory | None:
        """Start the thread and open the store on it (SQLite's connection stays on the
        thread that made it): the store, None if the writer crashed."""
        self._thread.start()
        store = self.ask(partial(self._open, open_store))
        return store if isinstance(store, SqliteHistory) else None

    def hand_over(self, entries: list[StoredMessage]) -> None:
        """Entries the loop appended to the pending file, to move into SQLite: the thread
        takes them with its next job, and wake() tells it when to."""
        with self._lock:
            self._handed.extend(entries)
            self._handed_count += len(entries)

    def wake(self) -> None:
        """At the end of the loop's turn, after its sends (woken before them, the thread took
        the GIL from them): wake the thread for the first entries handed over after a flush
        (to flush HISTORY_FLUSH_INTERVAL_S later) and for those that make HISTORY_FLUSH_BATCH
        waiting (to flush now); else leave it be."""
        with self._lock:
            if not self._handed_count:  # nothing since the last flush
                return
            full = self._handed_count >= limits.HISTORY_FLUSH_BATCH
            if self._woken and (self._full or not full):
                return
            self._woken = True
            self._full = full
        self._jobs.put(self._flush_now if full else self._schedule_flush)

    def ask(self, question: Callable[[], T]) -> T | None:
        """Run `question` on the writer after everything handed over so far, and wait for
        its answer (None if the writer crashed)."""
        if not self._thread.is_alive():
            return None
        answer: list[T] = []
        done = threading.Event()

        def job() -> None:
            try:
                answer.append(question())
            except BaseException:
                self.crashed = True  # before the asker wakes: it answers without history
                raise
            finally:
                done.set()

        self._jobs.put(job)
        while not done.wait(limits.SERVER_STOP_TIMEOUT_S):  # a crash meanwhile: seen here
            if not self._thread.is_alive():
                return None
        return answer[0] if answer else None

    def clear(self, room: str, conversation: str) -> None:
        """Forget everything kept about `room`, in batches between other work; a
        HistoryCleared event follows (or the problem that stopped it)."""
        self._jobs.put(partial(self._clear_first, room, conversation))

    def stop(self) -> None:
        """Move every entry handed over into SQLite, close the store and end the thread,
        waiting up to SERVER_STOP_TIMEOUT_S. Entries not moved by then are still in the
        pending file, which the next start moves in."""
        if self._thread.is_alive():
            self._jobs.put(_STOP)
            self._thread.join(limits.SERVER_STOP_TIMEOUT_S)

    # --- the writer's thread ---

    def _run(self) -> None:
        try:
            while (job := self._next_job()) is not _STOP:
                self._take_handed_over()
                if callable(job):
                    job()
                self._due_work()
                self._report()
            self._take_handed_over()
            if self._store is not None:
                self._store.close()
                self._report()
        except BaseException as error:  # the worker must report, never vanish
            self.crashed = True
            log.exception("the history writer stopped on an error")
            self._events.put(WorkerCrashed("history", f"{type(error).__name__}: {error}"))

    def _next_job(self) -> Job | object | None:
        """The next job, or None when a flush or a pruning step is due first."""
        try:
            return self._jobs.get(timeout=self.next_wake())
        except queue.Empty:
            return None

    def _open(self, open_store: Callable[[], SqliteHistory]) -> SqliteHistory:
        """Open the store; one that can't be used is told with the room's start, not here."""
        store = self._store = open_store()
        self._reported = bool(store.problem)
        if not store.problem:
            self._prune_at = time.monotonic()
        return store

    def _take_handed_over(self, last: bool = False) -> None:
        with self._lock:
            taken, self._handed = self._handed, []
            if last:
                self._woken = self._full = False
                self._handed_count = 0
        if taken and self._store is not None:
            self._store.take(taken)

    def _schedule_flush(self) -> None:
        if self._flush_at is None:
            self._flush_at = time.monotonic() + limits.HISTORY_FLUSH_INTERVAL_S

    def _flush_now(self) -> None:
        self._flush_at = time.monotonic()

    def _due_work(self) -> None:
        now = time.monotonic()
        if self._flush_at is not None and self._flush_at <= now:
            self._flush()
        if self._prune_at is not None and self._prune_at <= now:
            self._prune()

    def _flush(self) -> None:
        """Everything handed over into SQLite, HISTORY_FLUSH_BATCH a transaction; the next
        hand-over wakes the thread again."""
        self._flush_at = None
        self._take_handed_over(last=True)
        store = self._store
        if store is None:
            return
        store.flush(limits.HISTORY_FLUSH_BATCH)
        now = time.monotonic()
        if store.waiting():  # a flood's backlog: the rest after any question waiting
            self._flush_at = now
        if store.problem:
            return
        if store.nears_size_cap():
            self._prune_at = now  # prune now: keep room for new lines
        elif self._prune_at is None or self._prune_at > now + limits.HISTORY_PRUNE_INTERVAL_S:
            self._prune_at = now + limits.HISTORY_PRUNE_INTERVAL_S  # new lines: rooms to count

    def _prune(self) -> None:
        """One small step of pruning; the next at once if more is waiting, else when the
        oldest message passes the retention (new lines bring it sooner: _flush)."""
        self._prune_at = None
        store = self._store
        if store is None:
            return
        more = store.prune_step(time.time())
        expiry = None if more else store.next_expiry()
        if store.problem:
            return
        if more:
            self._prune_at = time.monotonic()
        elif expiry is not None:
            delay = max(limits.HISTORY_PRUNE_INTERVAL_S, expiry - time.time())
            self._prune_at = time.monotonic() + delay

    def next_wake(self) -> float | None:
        """Seconds until the thread wakes by itself (a flush or pruning due); None: only
        when the loop hands it something. Its own wait, and what tests look at, never time."""
        due = [when for when in (self._flush_at, self._prune_at) if when is not None]
        if not due:
            return None
        return min(max(0.0, min(due) - time.monotonic()), threading.TIMEOUT_MAX)

    def _clear_first(self, room: str, conversation: str) -> None:
        store = self._store
        if store is None:
            return
        if store.problem:  # the file can't be changed: say why again
            self._events.put(store.status())
            return
        self._clear_step(room, conversation, store.last_order())

    def _clear_step(self, room: str, conversation: str, up_to: int) -> None:
        """Delete one batch of the room's history; the next after the jobs waiting."""
        assert self._store is not None
        if self._store.clear_step(conversation, up_to):
            self._jobs.put(partial(self._clear_step, room, conversation, up_to))
        elif not self._store.problem:  # else the window hears why, not that it was cleared
            log.info("history of %s cleared", room)
            self._events.put(HistoryCleared(room))

    def _report(self) -> None:
        """Say once that the history stopped (a full disk), and whose lines went first."""
        store = self._store
        if store is None:
            return
        if store.problem and not self._reported:
            self._reported = True
            log.warning("history stopped: %s", store.problem)
            self._events.put(store.status())
        for note in store.notes():
            log.warning("%s", note)
            self._events.put(HostWarning(note))
