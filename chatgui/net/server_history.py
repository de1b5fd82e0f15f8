"""ServerHistory: the room's history file, seen from the server's loop thread.

The sans-IO state records each message in the history's pending file at once; from here
what waits is moved into SQLite within a second, the file is pruned in small steps between
lines, a room's history is cleared in batches, and the window is told when the history
stopped or removed someone's lines first. Never imports tkinter.
"""

import logging
import queue
import secrets
import time
from functools import partial
from pathlib import Path

from chatgui import limits
from chatgui.events import ChatEvent, HistoryCleared, HistoryStatus, HostWarning
from chatgui.net.loop import NetLoop, Timer
from chatgui.protocol import names
from chatgui.protocol.server.model import ServerConfig
from chatgui.store import LessonPlan, SqliteHistory, account_key_beside

log = logging.getLogger(__name__)


class ServerHistory:
    """The history file of one run of a room (none when `path` is None); loop thread only."""

    def __init__(
        self,
        path: Path | None,
        lesson: LessonPlan | None,
        loop: NetLoop,
        events: "queue.Queue[ChatEvent]",
    ) -> None:
        """path: the SQLite file that keeps the rooms' messages (None: keep nothing);
        lesson: which lesson in it this run continues or begins (history/lessons.py)."""
        self._path = path
        self._lesson_plan = lesson
        self._loop = loop
        self._events = events
        self.store: SqliteHistory | None = None
        self._reported = False
        self._flush_timer: Timer | None = None
        self._prune_timer: Timer | None = None

    def open(self, config: ServerConfig) -> tuple[HistoryStatus, SqliteHistory | None]:
        """Open the history file, if asked for: its status, and the store the state may use.

        A file that can't be used leaves the room without history (the status says why).
        """
        working: SqliteHistory | None = None
        status = HistoryStatus()
        if self._path is not None:
            self.store = SqliteHistory.open(self._path, config, self._lesson_plan)
            status = self.store.status()
            if status.problem:
                log.warning("no history: %s", status.problem)
                self._reported = True
            else:
                log.info("history kept in %s", self._path)
                working = self.store
                self._prune_timer = self._loop.call_later(0, self._prune)
        return status, working

    def account_key(self, config: ServerConfig, history_kept: bool) -> bytes:
        """The key accounts are made with (sasl.py): kept in a file beside the history, so
        identities, and the private history kept under them, outlast a restart; without
        history, a new one for this run. A key given in the config is used as it is."""
        if config.account_key:
            return config.account_key
        if history_kept and self._path is not None:
            try:
                return account_key_beside(self._path)
            except OSError as error:
                log.warning("account key not kept, new for this run: %s", error)
        return secrets.token_bytes(limits.IDENTITY_SECRET_BYTES)

    def new_msgid_prefix(self) -> str:
        """A prefix no kept message has, so msgids stay unique across runs of the room."""
        while True:
            prefix = f"{secrets.token_hex(4)}-"
            if self.store is None or not self.store.uses_msgid_prefix(prefix):
                return prefix

    def after_writes(self) -> None:
        """A history that just stopped (a full disk), or whose lines went first, is said at
        once; what waits is moved into SQLite within a second."""
        if self.store is None:
            return
        self.report_problem()
        self._report_notes()  # a query moved what waited in, and made room for it
        if self.store.waiting() and self._flush_timer is None:
            self._flush_timer = self._loop.call_later(limits.HISTORY_FLUSH_INTERVAL_S, self._flush)

    def _flush(self) -> None:
        self._flush_timer = None
        if self.store is not None:
            self.store.flush(limits.HISTORY_FLUSH_BATCH)
            self.report_problem()
            self._report_notes()
            if self.store.waiting():  # a flood's backlog: the rest after serving the room
                self._flush_timer = self._loop.call_later(0, self._flush)
            elif self.store.nears_size_cap() and self._prune_timer is not None:
                self._prune_timer.cancel()  # prune now, not in a minute: keep room for new lines
                self._prune_timer = self._loop.call_later(0, self._prune)

    def report_problem(self) -> None:
        """Say once, in the log and to the window, that the history stopped."""
        history = self.store
        if history is not None and history.problem and not self._reported:
            self._reported = True
            log.warning("history stopped: %s", history.problem)
            self._events.put(history.status())

    def _report_notes(self) -> None:
        """Tell the host whose lines the history removed first (a room over its cap)."""
        if self.store is not None:
            for note in self.store.notes():
                log.warning("%s", note)
                self._events.put(HostWarning(note))

    def _prune(self) -> None:
        """One small step of pruning; the next soon if more is waiting, else in a while."""
        if self.store is None:
            return
        more = self.store.prune_step(time.time())
        self.report_problem()
        self._report_notes()
        if not self.store.problem:
            delay = 0.0 if more else limits.HISTORY_PRUNE_INTERVAL_S
            self._prune_timer = self._loop.call_later(delay, self._prune)

    def clear(self, room: str) -> None:
        """Forget everything kept about `room`; a HistoryCleared event follows."""
        if self.store is None:  # nothing is kept, so nothing is left to clear
            self._events.put(HistoryCleared(room))
            return
        if self.store.problem:  # the file can't be changed: say why again
            self._events.put(self.store.status())
            return
        up_to = self.store.last_order()
        self._clear_step(room, names.casefold(room), up_to)

    def _clear_step(self, room: str, conversation: str, up_to: int) -> None:
        """Delete one batch of the room's history; the rest on later turns of the loop."""
        assert self.store is not None
        if self.store.clear_step(conversation, up_to):
            self._loop.call_later(0, partial(self._clear_step, room, conversation, up_to))
            return
        if self.store.problem:
            self.report_problem()  # the window hears why, not that it was cleared
            return
        log.info("history of %s cleared", room)
        self._events.put(HistoryCleared(room))

    def close(self) -> None:
        """The room closes: the file is closed, and a problem doing so is said."""
        if self.store is not None:
            self.store.close()
            self.report_problem()
