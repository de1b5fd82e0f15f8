"""ServerHistory: the room's history file, seen from the server's loop thread.

It is the store the sans-IO state records into and asks (HistoryStore). A loop turn's
messages go into the lesson's pending file in one write, on the loop, before any of the
turn's output is sent (Output calls after_writes first: a crash loses nothing anyone saw),
and are handed to the history's writer thread (history_writer.py), which moves them into
SQLite, prunes, clears and answers the questions, so no millisecond of SQLite holds up a
message. The writer is woken (once a flush) only after the turn's sends (after_sends).
Never imports tkinter.
"""

import logging
import queue
import secrets
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from typing import TypeVar

from chatgui import limits
from chatgui.events import ChatEvent, HistoryCleared, HistoryStatus
from chatgui.net.history_writer import HistoryWriter
from chatgui.protocol import names
from chatgui.protocol.server.message_store import (
    HistoryStore,
    Position,
    SearchQuery,
    StoredMessage,
)
from chatgui.protocol.server.model import ServerConfig
from chatgui.store import LessonPlan, SqliteHistory, account_key_beside

log = logging.getLogger(__name__)

T = TypeVar("T")

STOPPED = "The history stopped on an error; the room goes on without it."
"""The problem the core answers with after the writer thread crashed (the log says why)."""


class ServerHistory:
    """The history file of one run of a room (none when `path` is None); loop thread only."""

    def __init__(
        self, path: Path | None, lesson: LessonPlan | None, events: "queue.Queue[ChatEvent]"
    ) -> None:
        """path: the SQLite file that keeps the rooms' messages (None: keep nothing);
        lesson: which lesson in it this run continues or begins (history/lessons.py)."""
        self._path = path
        self._lesson_plan = lesson
        self._events = events
        self._writer = HistoryWriter(events)
        self.store: SqliteHistory | None = None
        """The store, for its status; only the writer thread uses its connection."""
        self._turn: list[StoredMessage] = []
        """Entries recorded this turn, not yet in the pending file."""

    def open(self, config: ServerConfig) -> tuple[HistoryStatus, HistoryStore | None]:
        """Open the history file, if asked for: its status, and the store the state may use.

        A file that can't be used leaves the room without history (the status says why).
        """
        if self._path is None:
            return HistoryStatus(), None
        opening = partial(SqliteHistory.open, self._path, config, self._lesson_plan)
        self.store = self._writer.start(opening)
        if self.store is None:
            return HistoryStatus(problem=STOPPED), None
        status = self.store.status()
        if status.problem:
            log.warning("no history: %s", status.problem)
            return status, None
        log.info("history kept in %s", self._path)
        return status, self

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
            store = self.store
            if store is None or not self._writer.ask(partial(store.uses_msgid_prefix, prefix)):
                return prefix

    # --- HistoryStore, for the server core ---

    @property
    def problem(self) -> str:
        """Why the history stopped ("" while it works); after_writes reads it inline."""
        if self._writer.crashed:
            return STOPPED
        return self.store.problem if self.store is not None else ""

    def record(self, entry: StoredMessage) -> None:
        """Kept for the turn's one write to the pending file, which comes before any of the
        turn's output is sent (after_writes)."""
        if self.store is not None:
            self._turn.append(entry)

    def find(self, conversation: str, msgid: str) -> StoredMessage | None:
        if self.store is None:
            return None
        return self._ask(partial(self.store.find, conversation, msgid))

    def between(
        self,
        conversation: str,
        after: Position,
        before: Position,
        limit: int,
        newest: bool,
        events: bool,
    ) -> list[StoredMessage]:
        if self.store is None:
            return []
        found = self._ask(
            partial(self.store.between, conversation, after, before, limit, newest, events)
        )
        return found or []

    def targets(
        self, conversations: Sequence[str], private_of: str, after: float, before: float, limit: int
    ) -> list[tuple[str, float]]:
        if self.store is None:
            return []
        found = self._ask(
            partial(self.store.targets, conversations, private_of, after, before, limit)
        )
        return found or []

    def search(self, query: SearchQuery) -> list[StoredMessage]:
        if self.store is None:
            return []
        return self._ask(partial(self.store.search, query)) or []

    # --- For ChatServer ---

    def after_writes(self) -> None:
        """Before the turn's output is sent, and at its end: the entries it recorded go into
        the pending file in one write, then to the writer (not woken yet: after_sends)."""
        turn = self._turn
        if not turn:
            return
        self._turn = []
        store = self.store
        if store is None or self._writer.crashed or store.problem:  # self.problem, inlined
            return
        try:
            if store.append_pending(turn):
                self._writer.hand_over(turn)
        except OSError as error:  # a full disk: the writer stops the history and says why
            self._writer.ask(partial(store.stop_on, error))

    def after_sends(self) -> None:
        """At the turn's end, after its output is sent: the writer is woken if what was
        handed over asks for it. Woken before the sends (once a flush), it took the GIL from
        them, and that message reached the last of the room a few dozen microseconds late.
        Every loop turn comes here, so it looks before it calls."""
        if self._turn:
            self.after_writes()
        if not self._writer.crashed:  # a stopped store's flush does nothing: not looked at
            self._writer.wake()

    def clear(self, room: str) -> None:
        """Forget everything kept about `room`; a HistoryCleared event follows."""
        if self.store is None:  # nothing is kept, so nothing is left to clear
            self._events.put(HistoryCleared(room))
            return
        self.after_sends()
        self._writer.clear(room, names.casefold(room))

    def close(self) -> None:
        """The room closes: everything recorded goes into SQLite and the file is closed
        (within SERVER_STOP_TIMEOUT_S; what is left stays in the pending file, moved in at
        the next start), and a problem doing so is said."""
        self.after_sends()
        self._writer.stop()

    def _ask(self, question: Callable[[], T]) -> T | None:
        """The writer's answer, behind every entry recorded so far (read your writes)."""
        self.after_sends()
        return self._writer.ask(question)
