"""The room tools for a class of thirty: bans listed and lifted, letting someone in past the
lock, removing the pin, everyone quiet in one click, clearing everyone's screen and the list
of private questions; and, on a student's side, being let in and having the screen cleared.

Part of TeacherControls (ui/teacher.py), which owns the Room menu and calls fill_room_menu for
the host's and helpers' items. Every action is one of the client's intent methods.
Call everything from the Tk thread.
"""

import tkinter as tk
from collections.abc import Callable
from typing import Protocol

from chatgui import events
from chatgui.protocol.client.room_settings import MODERATED
from chatgui.protocol.control_words import clear_screen_words, invited_words
from chatgui.protocol.names import casefold
from chatgui.ui.access_keys import key
from chatgui.ui.ask import Ask
from chatgui.ui.bans_dialog import BansDialog
from chatgui.ui.invite_offer import InviteOffer
from chatgui.ui.page_context import PageContext
from chatgui.ui.questions_list import QuestionsList
from chatgui.ui.transcript import INFO
from chatgui.ui.validation import channel_for_room

LET_IN = "Let someone in…"
BANS = "Bans…"
CLEAR = "Clear everyone's screen"
UNPIN = "Remove the pinned announcement"
QUESTIONS = "Private questions…"


class Teacher(Protocol):
    """What the tools ask of the teacher's controls (teacher.py), which own them."""

    modes: dict[str, dict[str, str]]

    def channel(self) -> str: ...
    def refresh(self) -> None: ...
    def refused(self, verb: str, channel: str, nick: str) -> bool: ...


class RoomTools:
    def __init__(
        self,
        page: PageContext,
        teacher: Teacher,
        open_private: Callable[[str], None],
    ) -> None:
        self.root, self.session = page.root, page.session
        self.view, self.client = page.view, page.client
        self.teacher, self.open_private = teacher, open_private
        self.bans: dict[str, tuple[tuple[str, str], ...]] = {}  # folded room → (mask, by)
        self.topics: dict[str, str] = {}  # folded room → its pinned announcement
        self.bans_dialog: BansDialog | None = None
        self.questions: QuestionsList | None = None
        self.offer: InviteOffer | None = None
        self.asking: Ask | None = None
        self._dialog_room = ""  # the folded room the Bans… dialog is about
        self._questions_room = ""  # and the list of private questions

    # --- what the room tells us ---

    def modes_changed(self, event: events.RoomModesChanged) -> None:
        self.bans[casefold(event.channel)] = event.bans
        dialog = self.bans_dialog
        if dialog is not None and dialog.is_open() and self._dialog_room == casefold(event.channel):
            dialog.show(event.bans)

    def topic_changed(self, event: events.TopicChanged) -> None:
        self.topics[casefold(event.channel)] = event.topic
        self.teacher.refresh()

    def question_arrived(self, channel: str) -> None:
        """A line for the host and helpers only: the open list of questions shows it too."""
        shown = self.questions is not None and self.questions.is_open()
        if shown and casefold(channel) == self._questions_room:
            self._show_questions(channel)

    def invited(self, event: events.Invited) -> None:
        """Someone let us into a room: said in the window, and offered (one offer at a time)."""
        view = self.view
        room = self.title(event.channel)
        where = event.channel if casefold(event.channel) in view.transcripts else ""
        view.open(where or view.conversation_name() or event.channel).add_notice(
            INFO, invited_words(event.by, room) + " (Join now is in the window that opened.)"
        )
        if self.offer is not None and self.offer.is_open():
            self.offer.window.destroy()
        self.offer = InviteOffer(self.root, event.by, room, lambda: self._join(event.channel))

    def screen_cleared(self, event: events.ScreenCleared) -> None:
        view = self.view
        if casefold(event.channel) not in view.transcripts:
            return
        view.open(event.channel).clear_screen(clear_screen_words(event.by))

    # --- the Room menu and the Everyone quiet button ---

    def fill_room_menu(self, menu: tk.Menu, channel: str) -> None:
        """The host's and helpers' items below the room's settings."""
        menu.add_command(label=LET_IN, underline=key(LET_IN, "t"), command=self.ask_let_in)
        menu.add_command(label=BANS, underline=0, command=self.show_bans)
        if self.topics.get(casefold(channel)):
            menu.add_command(label=UNPIN, underline=key(UNPIN, "m"), command=self.remove_pin)
        menu.add_separator()
        menu.add_command(label=CLEAR, underline=key(CLEAR, "v"), command=self.clear_screen)
        menu.add_command(
            label=QUESTIONS, underline=key(QUESTIONS, "q"), command=self.show_questions
        )

    def refresh_quiet(self, channel: str, in_charge: bool) -> None:
        view = self.view
        quiet = MODERATED in self.teacher.modes.get(casefold(channel), {})
        view.offer_quiet(in_charge and bool(channel), quiet)
        view.quiet_button.configure(command=lambda: self.everyone_quiet(not quiet))

    # --- doing it ---

    def everyone_quiet(self, quiet: bool) -> None:
        """One click: only the host, helpers and people given a voice talk (+m), or everyone."""
        channel = self.teacher.channel()
        self.client.quiet_room(channel, quiet)

    def ask_let_in(self) -> None:
        channel = self.teacher.channel()
        room = self.title(channel)
        if self.asking is not None and self.asking.is_open():
            self.asking.window.destroy()
        self.asking = Ask(
            self.root,
            "Let someone in",
            f"Who may come into {room}, past the lock? Type their name as their window shows "
            "it. They are told, and can join once.",
            lambda nick: self.let_in(channel, nick),
        )

    def let_in(self, channel: str, nick: str) -> None:
        if self.teacher.refused("invite", channel, nick):
            return
        self.client.let_in(channel, nick)

    def show_bans(self) -> None:
        channel = self.teacher.channel()
        if self.bans_dialog is not None and self.bans_dialog.is_open():
            self.bans_dialog.window.destroy()
        self._dialog_room = casefold(channel)
        self.bans_dialog = BansDialog(
            self.root, self.title(channel), lambda mask: self.lift(channel, mask)
        )
        self.bans_dialog.show(self.bans.get(casefold(channel), ()))
        self.client.list_bans(channel)  # the list as it is now

    def lift(self, channel: str, mask: str) -> None:
        self.client.lift_bans(channel, [mask])

    def remove_pin(self) -> None:
        self.client.set_topic(self.teacher.channel(), "")

    def clear_screen(self) -> None:
        self.client.clear_screen(self.teacher.channel())

    def show_questions(self) -> None:
        channel = self.teacher.channel()
        if self.questions is not None and self.questions.is_open():
            self.questions.window.destroy()
        self._questions_room = casefold(channel)
        self.questions = QuestionsList(self.root, self.title(channel), self.open_private)
        self._show_questions(channel)

    def _show_questions(self, channel: str) -> None:
        found = self.view.transcripts.get(casefold(channel))
        if self.questions is not None:
            self.questions.show(found.entries if found is not None else ())

    def _join(self, channel: str) -> None:
        self.client.join(channel, self.session.room_password)

    def title(self, channel: str) -> str:
        """ "Class chat" for the room the window opened or was let into (its channel is the
        room's title made a channel name), the channel's name for any other."""
        title = self.session.title
        ours = {casefold(self.session.channel), casefold(channel_for_room(title))}
        return title if casefold(channel) in ours else channel
