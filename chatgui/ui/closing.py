"""Closing is a decision: the host is asked before a room with people in it closes, and a
room that ends for us (the host closed it, or removed us) stays on screen to read.

A conversation that can't be written in any more is read-only: its input is disabled, and the
banner above it (connection_banner.py) says why and offers what can be done next (back to
the start screen, join again, leave). Save transcript and Find keep working, since the
transcript stays.
"""

import time
import tkinter as tk
from collections.abc import Callable
from tkinter import ttk

from chatgui.events import Member
from chatgui.protocol.names import casefold
from chatgui.ui.chat_view import SERVER
from chatgui.ui.connection_banner import ROOM
from chatgui.ui.dialog import PRIMARY, dialog_window, no_smaller
from chatgui.ui.page_context import PageContext
from chatgui.ui.transcript import LEFT

HOST_PREFIX = "~"
ROOM_CLOSED = "The teacher closed this room. You can still read, find and save this conversation."


def people_in_it(count: int) -> str:
    return "1 person is in it." if count == 1 else f"{count} people are in it."


class Confirm:
    """A question with two buttons, modal to its window. The safe answer (`keep`) is the
    default: Enter on it, Escape and the window's X all choose it, and nothing happens."""

    def __init__(
        self, parent: tk.Misc, question: str, keep: str, go: str, on_go: Callable[[], None]
    ) -> None:
        self.question = question
        self._on_go = on_go
        self.window, frame = dialog_window(parent, "chatgui")
        self.window.resizable(False, False)
        ttk.Label(frame, text=question, wraplength=360, font="TkHeadingFont").pack(
            anchor="w", pady=(0, 12)
        )
        buttons = ttk.Frame(frame)
        buttons.pack(anchor="e")
        self.close_button = ttk.Button(buttons, text=go, command=self.go)
        self.close_button.pack(side="left", padx=(0, 8))
        self.keep_button = ttk.Button(
            buttons, text=keep, command=self.keep, default="active", style=PRIMARY
        )
        self.keep_button.pack(side="left")
        for button in (self.close_button, self.keep_button):
            button.bind("<Return>", lambda e: e.widget.invoke())
            button.bind("<KP_Enter>", lambda e: e.widget.invoke())
        self.window.bind("<Escape>", lambda e: self.keep())
        self.window.protocol("WM_DELETE_WINDOW", self.keep)
        no_smaller(self.window)
        self.keep_button.focus_force()
        self._grab()

    def _grab(self) -> None:
        """Modal: the window behind takes no clicks while it asks. A grab fails until the
        dialog is on screen, so it is tried again then (never waited for: a window minimised
        to the task bar may not show it at once)."""
        if not self.window.winfo_exists():
            return
        try:
            self.window.grab_set()
        except tk.TclError:
            self.window.after(50, self._grab)
            return
        self.keep_button.focus_force()

    def keep(self) -> None:
        self.window.grab_release()
        self.window.destroy()

    def go(self) -> None:
        self.keep()
        self._on_go()


class Closing:
    """The asking and the read-only conversations of one chat page."""

    def __init__(
        self,
        page: PageContext,
        leave: Callable[[], None],
        stop_workers: Callable[[], None],
    ) -> None:
        """`leave()` goes back to the start screen; `stop_workers()` ends the connection
        (and the window's own room) when the room closed."""
        self.root, self.session = page.root, page.session
        self.view, self.client = page.view, page.client
        self.leave, self.stop_workers = leave, stop_workers
        self.asking: Confirm | None = None
        self.host = ""  # the room's host as last seen in a member list
        self._read_only: dict[str, tuple[str, str]] = {}  # folded conversation → (why, offer)
        self.banner = banner = self.view.composer.banner
        self.back_button = banner.button("Back to the start", self._back)
        self.rejoin_button = banner.button("Join again", self._rejoin)
        leave_button = banner.button("Leave the room", self._leave)
        self._buttons = {"back": (self.back_button,), "rejoin": (leave_button, self.rejoin_button)}

    # --- asking before closing ---

    def ask_before(self, then: Callable[[], None]) -> None:
        """Do `then` (leave or quit), after asking when it would close a room with people in
        it, or leave unsent words behind."""
        if self.asking is not None and self.asking.window.winfo_exists():
            self.asking.window.lift()
            return
        question, keep, go = self._question()
        if not question:
            then()
            return
        self.asking = Confirm(self.root, question, keep, go, then)
        self.asking.window.bind("<Destroy>", self._asked, add="+")

    def _asked(self, event: "tk.Event[tk.Misc]") -> None:
        if self.asking is not None and event.widget is self.asking.window:
            self.asking = None

    def _question(self) -> tuple[str, str, str]:
        """(question, keep, go), or a question of "" when there is nothing to ask."""
        if self.session.hosting:
            others = self.others()
            if others:
                everyone = others + 1  # the host too, as the room list counts them
                return f"Close the room? {people_in_it(everyone)}", "Keep it open", "Close the room"
            return "", "", ""
        if self._unsent():
            return (
                "Leave the room? Something you typed has not been sent yet.",
                "Stay",
                "Leave anyway",
            )
        return "", "", ""

    def others(self) -> int:
        """How many people besides us are in our rooms."""
        members = self.view.members.values()
        names = {casefold(m.nick) for one_room in members for m in one_room}
        names.discard(casefold(self.session.nick))
        return len(names)

    def _unsent(self) -> bool:
        """Words in the input box of a conversation that can still be written in."""
        view = self.view
        if not view.input.get().strip():
            return False
        return not self.refuses(view.conversation_name())

    # --- conversations that end ---

    def members_seen(self, members: tuple[Member, ...]) -> None:
        for member in members:
            if member.prefix == HOST_PREFIX and casefold(member.nick) != casefold(
                self.session.nick
            ):
                self.host = member.nick

    def room_closed(self) -> None:
        """The host closed the room: every conversation stays, read-only, saying so."""
        view = self.view
        self.stop_workers()
        view.offer_hand(False)
        for channel in list(view.members):
            view.set_members(channel, ())  # nobody is in a closed room
        who = self.host or "The host"
        line = f"{who} closed the room at {time.strftime('%H:%M')}"
        for key, transcript in view.transcripts.items():
            transcript.add_notice(LEFT, line)
            self._read_only[key] = (ROOM_CLOSED, "back")
        view.status.set(line)
        self.shown(view.current)

    def removed(self, channel: str, by: str, reason: str, msgid: str | None = None) -> None:
        """We were removed from `channel`: said in it (under the KICK's msgid, so the room's
        history never says it again), which becomes read-only."""
        view = self.view
        title = view.headings.get(casefold(channel), channel)
        because = f": {reason}" if reason and casefold(reason) != casefold(by) else "."
        view.open(channel).add_notice(LEFT, f"{by} removed you from {title}{because}", msgid=msgid)
        view.set_members(channel, ())
        why = f"{by} removed you from {title}. You can still read it, join again, or leave it."
        self._read_only[casefold(channel)] = (why, "rejoin")
        self.shown(view.current)

    def rejoined(self, channel: str) -> None:
        if self._read_only.pop(casefold(channel), None) is not None:
            self.shown(self.view.current)

    def refuses(self, conversation: str) -> bool:
        """True when `conversation` is read-only: what is typed there is not taken."""
        return casefold(conversation or SERVER) in self._read_only

    def banner_text(self) -> str:
        return self.banner.text()

    def shown(self, key: str) -> None:
        """The conversation `key` is shown: its input is open, or disabled under the banner."""
        found = self._read_only.get(key)
        self.view.composer.disable(found is not None)
        if found is None:
            self.banner.clear(ROOM)
            return
        why, offer = found
        self.banner.put(ROOM, why, self._buttons[offer])

    def _back(self) -> None:
        self.leave()

    def _rejoin(self) -> None:
        self.client.join(self.view.conversation_name(), self.session.room_password)

    def _leave(self) -> None:
        view = self.view
        channel = view.conversation_name()
        self._read_only.pop(casefold(channel), None)
        if casefold(channel) == casefold(self.session.channel):
            self.leave()
        else:
            view.close(channel)
