"""Notice from behind: what the window does when a message comes that nobody is reading.

The chat page calls one method, `Notifier.message_arrived`, for every message it shows.
Whether it counts in the title, rings, flashes the taskbar or shows a desktop notification
is decided here, in `alerts_for` (no Tk, so it is tested as a plain function), from the
person's Settings; each platform's way of doing it is one function of desktop_alerts.py.

Never for one's own messages, system lines, or the conversation being read in a focused
window. Mentions and private messages by default; every room message only if chosen. At most
ALERTS_PER_MINUTE_MAX sounds, flashes and notifications a minute, however many lines come.
"""

import time
import tkinter as tk
import unicodedata
from collections import deque
from collections.abc import Callable, Collection
from dataclasses import dataclass

from chatgui import events, limits
from chatgui.protocol.names import casefold, is_channel
from chatgui.ui import desktop_alerts
from chatgui.ui.chat_view import SERVER, ChatView
from chatgui.ui.settings import Settings
from chatgui.ui.transcript import is_control


@dataclass(frozen=True)
class Arrival:
    """A message the window has just shown, and what the window was doing then."""

    conversation: str
    """Where it was shown: a room's channel or the other person's name."""
    sender: str
    text: str
    heading: str
    """The conversation as the window names it ("Class chat", "Sam")."""
    mention: bool = False
    """It names us."""
    private: bool = False
    """A private message to us."""
    own: bool = False
    """Ours, coming back from the room."""
    system: bool = False
    """A control line or the server's own words, not a person's message."""
    reading: bool = False
    """The window is focused, not minimised, and shows this conversation."""


def in_front(root: tk.Tk) -> bool:
    """The window is focused and not minimised (two Tk calls)."""
    return root.focus_displayof() is not None and root.state() != "iconic"


def reading(view: ChatView, conversation: str, window_in_front: bool) -> bool:
    """`conversation` is in front of the person: shown, in a focused window not minimised."""
    return window_in_front and casefold(conversation) == view.current


def arrival_of(
    event: events.MessageReceived, mention: bool, view: ChatView, window_in_front: bool
) -> Arrival:
    """The message the view has just shown, where it shows it (a private message past
    PRIVATE_CONVERSATIONS_MAX is shown with the room's messages), with in_front() then."""
    shown_in = event.conversation
    private = not is_channel(shown_in) and casefold(shown_in) != SERVER
    if casefold(shown_in) not in view.transcripts:
        shown_in = SERVER
    return Arrival(
        conversation=shown_in,
        sender=event.sender,
        text=event.text,
        heading=view.headings.get(casefold(shown_in), shown_in),
        mention=mention,
        private=private,
        own=event.own,
        system=is_control(event) or event.from_server,
        reading=reading(view, shown_in, window_in_front),
    )


@dataclass(frozen=True)
class Alerts:
    """What one arrival asks for. `count`: one more unread in the title; the rest are the
    interruptions the rate limit bounds."""

    count: bool = False
    sound: bool = False
    desktop: bool = False
    flash: bool = False

    def interrupts(self) -> bool:
        return self.sound or self.desktop or self.flash


def alerts_for(arrival: Arrival, settings: Settings) -> Alerts:
    """The decision: what `arrival` should do, by the person's Settings.

    The title counts mentions and private messages not read yet, whatever is chosen (it
    interrupts nobody), and every room message too when "every message" is. A sound is only
    ever for a mention or a private message."""
    if arrival.own or arrival.system or arrival.reading:
        return Alerts()
    personal = arrival.mention or arrival.private
    chosen = settings.notify_about == "everything" or (
        personal and settings.notify_about == "mentions"
    )
    if not chosen:
        return Alerts(count=personal)
    return Alerts(
        count=True,
        sound=personal and settings.notify_sound,
        desktop=settings.notify_desktop,
        flash=settings.notify_flash,
    )


class AlertBudget:
    """At most `per_minute` alerts in any 60 seconds; `clock` is passed in for the tests."""

    def __init__(
        self,
        per_minute: int = limits.ALERTS_PER_MINUTE_MAX,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._per_minute, self._clock = per_minute, clock
        self._given: deque[float] = deque()

    def take(self) -> bool:
        """True when one more alert may be given now (and counts it)."""
        now = self._clock()
        while self._given and now - self._given[0] >= 60.0:
            self._given.popleft()
        if len(self._given) >= self._per_minute:
            return False
        self._given.append(now)
        return True


def plain(text: str, most: int) -> str:
    """`text` from the network as one plain line of at most `most` characters: control and
    format characters (newlines, bidi overrides) become spaces, runs of spaces one."""
    shown = "".join(" " if unicodedata.category(c).startswith(("C", "Z")) else c for c in text)
    shown = " ".join(shown.split())
    return shown if len(shown) <= most else shown[: most - 1].rstrip() + "…"


def notification_words(arrival: Arrival) -> tuple[str, str]:
    """The heading and the text of a desktop notification, plain and bounded."""
    if arrival.private:
        heading = f"{arrival.sender} wrote to you"
    else:
        heading = f"{arrival.sender} in {arrival.heading}"
    return (
        plain(heading, limits.NOTIFICATION_TITLE_MAX),
        plain(arrival.text, limits.NOTIFICATION_TEXT_MAX),
    )


class Notifier:
    """The window's one door for "a message came": the unread count in the title and the
    alerts. `on_count()` is called when the count changes (the page redraws its title)."""

    def __init__(
        self,
        root: tk.Tk,
        settings: Settings,
        on_count: Callable[[], None],
        budget: AlertBudget | None = None,
    ) -> None:
        self.root, self.settings, self._on_count = root, settings, on_count
        self.budget = budget or AlertBudget()
        self._unread: dict[str, int] = {}  # conversation (folded) → messages counted in the title
        self._in_front: bool | None = None  # this turn's in_front(), see window_in_front()
        self._count_due = False  # messages were counted this turn: the title shows it at its end

    @property
    def unread(self) -> int:
        """What the title counts: messages not read yet that concern the person."""
        return sum(self._unread.values())

    def window_in_front(self) -> bool:
        """in_front(), asked of Tk once per turn of the event loop: a flood brings many
        messages a turn, and the focus can't change until the loop runs again."""
        if self._in_front is None:
            self._in_front = in_front(self.root)
            self.root.after_idle(self._forget_front)
        return self._in_front

    def _forget_front(self) -> None:
        self._in_front = None

    def message_arrived(self, arrival: Arrival) -> None:
        alerts = alerts_for(arrival, self.settings)
        if alerts.count:
            key = casefold(arrival.conversation)
            self._unread[key] = self._unread.get(key, 0) + 1
            self._count_due = True
        if alerts.interrupts() and self.budget.take():
            self._alert(arrival, alerts)

    def turn_ended(self) -> None:
        """The event pump's turn is over: the title shows what its messages counted, once
        (a new title is a round trip to the window manager, and a flood counts hundreds a
        turn)."""
        if self._count_due:
            self._count_due = False
            self._counted()

    def read(self, conversation: str) -> None:
        """`conversation` is shown in a focused window: its messages are read."""
        if self._unread.pop(casefold(conversation), 0):
            self._counted()

    def still_open(self, conversations: Collection[str]) -> None:
        """Only these (folded names) are open: a conversation left or closed since takes its
        unread messages with it."""
        closed = [key for key in self._unread if key not in conversations]
        for key in closed:
            del self._unread[key]
        if closed:
            desktop_alerts.show_badge(self.root, self.unread)

    def renamed(self, old: str, new: str) -> None:
        """A private conversation goes on under the person's new name, its count with it."""
        count = self._unread.pop(casefold(old), 0)
        if count:
            self._unread[casefold(new)] = count

    def _counted(self) -> None:
        desktop_alerts.show_badge(self.root, self.unread)
        self._on_count()

    def _alert(self, arrival: Arrival, alerts: Alerts) -> None:
        if alerts.sound:
            self.root.bell()
        if alerts.flash:
            desktop_alerts.request_attention(self.root)
        if alerts.desktop:
            heading, text = notification_words(arrival)
            desktop_alerts.notify(self.root, heading, text)
