"""TeacherControls: what the host and helpers can do in the window, and raised hands.

The member menu (right-click, the Menu key or Shift+F10 on a person), the room settings in
the Room menu, the Hands queue and the Raise hand button. Every action is a line to the
server (the client's intent methods), which checks who may do what: a window only offers what
its person's status allows, so a helper never sees the host's items.
Call everything from the Tk thread.
"""

import tkinter as tk
from collections.abc import Callable
from typing import Unpack

from chatgui import events
from chatgui.net.server_process import ServerProcess
from chatgui.protocol.client import room_settings
from chatgui.protocol.names import casefold
from chatgui.ui import control_checks
from chatgui.ui.access_keys import key
from chatgui.ui.ask import Ask, AskOptions
from chatgui.ui.bans_dialog import BY_COMPUTER, BanDialog
from chatgui.ui.commands import PersonControl, RoomControl, is_seconds
from chatgui.ui.every_room import STUDENT_ROOMS, EveryRoom
from chatgui.ui.menu import drop_room_items
from chatgui.ui.page_context import PageContext
from chatgui.ui.room_tools import RoomTools
from chatgui.ui.settings import Settings, save_settings
from chatgui.ui.theme import Fonts
from chatgui.ui.transcript import HAND
from chatgui.ui.word_filter_dialog import WordFilterDialog

HOST, HELPER = "~", "@"


class TeacherControls:
    """The room's settings and hands as last reported, and the menus that act on them."""

    def __init__(
        self,
        page: PageContext,
        fonts: Fonts,
        server: ServerProcess | None,
        settings: Settings,
        room_menu: tk.Menu,
        ask_helpers: Callable[[str, str], None],
        open_private: Callable[[str], None],
    ) -> None:
        """`server`: the window's own room, when it hosts (its word filter is the host's);
        `ask_helpers(channel, text)` and `open_private(nick)` are the chat page's."""
        self.root, self.session = page.root, page.session
        self.view, self.client = page.view, page.client
        self.server, self.settings, self.room_menu = server, settings, room_menu
        self.ask_helpers, self.open_private = ask_helpers, open_private
        self.modes: dict[str, dict[str, str]] = {}  # folded channel → mode letter → parameter
        self.mutes: dict[str, tuple[str, ...]] = {}
        self.hands: dict[str, tuple[events.Hand, ...]] = {}
        self.dialog: Ask | WordFilterDialog | BanDialog | None = None  # the open question
        self.member_menu: tk.Menu | None = None
        self.locked = tk.BooleanVar(self.root)
        self.moderated = tk.BooleanVar(self.root)
        self.renames_off = tk.BooleanVar(self.root)
        self.tools = RoomTools(page, self, open_private)
        self.rooms = EveryRoom(page, fonts, settings, self.my_status)
        view = self.view
        view.on_hand, view.on_member_menu = self.toggle_hand, self.open_member_menu
        view.on_lower, view.marks_of = self.lower_hand, self.marks_of

    # --- who we are here ---

    def channel(self) -> str:
        """The room the person is looking at (or the main room when a private chat shows)."""
        shown = self.view.conversation_name()
        return shown if shown.startswith("#") else self.session.channel

    def status(self, channel: str, nick: str) -> str:
        """ "~" for the host, "@" for a helper, "+" for a voice, "" for everyone else."""
        members = self.view.members.get(casefold(channel), ())
        found = [m for m in members if casefold(m.nick) == casefold(nick)]
        return found[0].prefix if found else ""

    def my_status(self, channel: str) -> str:
        """Our status in `channel`; "" for a private conversation: in the main room."""
        return self.status(channel or self.session.channel, self.session.nick)

    def in_charge(self, channel: str) -> bool:
        return self.my_status(channel) in (HOST, HELPER)

    # --- events ---

    def modes_changed(self, event: events.RoomModesChanged) -> None:
        self.modes[casefold(event.channel)] = dict(event.modes)
        self.mutes[casefold(event.channel)] = event.mutes
        self.tools.modes_changed(event)
        self.refresh()
        self.view.refresh_members()

    def hands_changed(self, event: events.HandsChanged) -> None:
        self.hands[casefold(event.channel)] = event.hands
        self.refresh()
        self.view.refresh_members()
        if event.news:
            self.view.open(event.channel).add_notice(HAND, event.news)

    def marks_of(self, channel: str, nick: str) -> tuple[bool, bool]:
        """(muted, hand up) of `nick` in `channel`, for the member list."""
        hands = self.hands.get(casefold(channel), ())
        return bool(self._mutes_of(channel, nick)), any(
            casefold(h.nick) == casefold(nick) for h in hands
        )

    def refresh(self) -> None:
        """Bring the Room menu, the Hands queue and the hand button in line with the room."""
        view, channel = self.view, self.channel()
        modes = self.modes.get(casefold(channel), {})
        self.locked.set(room_settings.LOCKED in modes)
        self.moderated.set(room_settings.MODERATED in modes)
        self.renames_off.set(room_settings.RENAMES_OFF in modes)
        self._fill_room_menu(channel)
        self.tools.refresh_quiet(channel, self.in_charge(channel))
        self.rooms.refresh()
        hands = self.hands.get(casefold(channel), ())
        view.show_hands(hands if self.in_charge(channel) else ())
        mine = any(casefold(h.nick) == casefold(self.session.nick) for h in hands)
        view.show_hand_up(mine)
        view.offer_hand(self.my_status(channel) != HOST)

    # --- the Room menu ---

    def _fill_room_menu(self, channel: str) -> None:
        """Room → Leave for everyone; Ask the host privately… for all but the host; the room's
        settings for the host and helpers; the word filter for the host alone."""
        menu = self.room_menu
        drop_room_items(menu)
        if not channel:
            return
        status = self.my_status(channel)
        menu.add_separator()
        menu.add_command(label="Raise or lower my hand", underline=0, command=self.toggle_hand)
        if status != HOST:
            menu.add_command(
                label="Ask the host privately…", underline=0, command=self.ask_privately
            )
        if status not in (HOST, HELPER):
            return
        modes = self.modes.get(casefold(channel), {})
        menu.add_separator()
        menu.add_checkbutton(
            label="Lock room", underline=3, variable=self.locked, command=self._lock_picked
        )
        password = " (set)" if room_settings.PASSWORD in modes else ""
        menu.add_command(label=f"Room password…{password}", underline=5, command=self.ask_password)
        menu.add_checkbutton(
            label="Only helpers and people given a voice can talk",
            underline=0,
            variable=self.moderated,
            command=self._moderated_picked,
        )
        menu.add_checkbutton(
            label="Stop renames: names stay as they are",
            underline=key("Stop renames", "n"),
            variable=self.renames_off,
            command=self._renames_picked,
        )
        slow = modes.get(room_settings.SLOW)
        menu.add_command(
            label=f"Slow mode… ({slow} s)" if slow else "Slow mode…",
            underline=key("Slow", "w"),
            command=self.ask_slow,
        )
        menu.add_command(
            label="Pin an announcement…", underline=key("Pin", "i"), command=self.ask_pin
        )
        self.tools.fill_room_menu(menu, channel)
        if status == HOST and self.server is not None:
            menu.add_command(
                label="Word filter…", underline=key("Word", "d"), command=self.edit_word_filter
            )
        if room_settings.on_chatgui(self.session.caps):
            menu.add_separator()
            menu.add_checkbutton(
                label=STUDENT_ROOMS,
                underline=key(STUDENT_ROOMS, "u"),
                variable=self.rooms.students_allowed,
                command=self.rooms.students_picked,
            )

    def _lock_picked(self) -> None:
        self.room_setting(RoomControl("lock" if self.locked.get() else "unlock", self.channel()))

    def _moderated_picked(self) -> None:
        value = "on" if self.moderated.get() else "off"
        self.room_setting(RoomControl("moderate", self.channel(), value))

    def _renames_picked(self) -> None:
        value = "off" if self.renames_off.get() else "on"
        self.room_setting(RoomControl("renames", self.channel(), value))

    def ask_password(self) -> None:
        channel = self.channel()
        self._ask(
            "Room password",
            f"The password new people must type to join {channel}. Leave it empty for none.",
            lambda text: self.room_setting(RoomControl("password", channel, text)),
            allow_empty=True,
            secret=True,
        )

    def ask_slow(self) -> None:
        channel = self.channel()
        current = self.modes.get(casefold(channel), {}).get(room_settings.SLOW, "")

        def answered(text: str) -> None:
            if is_seconds(text):
                self.room_setting(RoomControl("slow", channel, text))
            else:
                self._tell(channel, "Slow mode needs a number of seconds, like 30 (0: off).")

        self._ask(
            "Slow mode",
            "Seconds each person must wait between messages (0 turns slow mode off):",
            answered,
            initial=current or "30",
        )

    def ask_pin(self) -> None:
        channel = self.channel()
        self._ask(
            "Pin an announcement",
            f"The announcement shown at the top of {channel} for everyone:",
            lambda text: self.client.set_topic(channel, text),
        )

    def ask_privately(self) -> None:
        channel = self.channel()
        self._ask(
            "Ask the host privately",
            f"Only the host and helpers of {channel} will see this:",
            lambda text: self.ask_helpers(channel, text),
        )

    def edit_word_filter(self) -> None:
        settings = self.settings
        self.dialog = WordFilterDialog(
            self.root, settings.word_filter, settings.word_filter_action, self._filter_saved
        )

    def _filter_saved(self, words: list[str], action: str) -> str | None:
        """Use the new list in the room and keep it in the settings; or say what is wrong."""
        if self.server is not None:
            try:
                self.server.set_word_filter(words, action)
            except ValueError as error:
                return str(error)
        settings = self.settings
        settings.word_filter, settings.word_filter_action = words, action
        save_settings(settings)
        return None

    # --- the member menu ---

    def open_member_menu(self, nick: str, x: int, y: int) -> None:
        """Right-click, the Menu key or Shift+F10 on `nick` in the member list."""
        menu = self.build_member_menu(nick)
        if menu.index("end") is not None:
            menu.tk_popup(x, y)

    def build_member_menu(self, nick: str) -> tk.Menu:
        """The actions this person may take on `nick`: everyone may write privately; helpers
        and the host mute, remove and ban; only the host makes helpers."""
        if self.member_menu is not None:
            self.member_menu.destroy()
        menu = self.member_menu = tk.Menu(self.root, tearoff=False)
        channel = self.channel()
        me = casefold(nick) == casefold(self.session.nick)
        if not me:
            menu.add_command(
                label=f"Private message to {nick}",
                underline=0,
                command=lambda: self.open_private(nick),
            )
        their_status = self.status(channel, nick)
        if not self.in_charge(channel) or me or their_status == HOST:
            return menu
        menu.add_separator()
        mute = "unmute" if self._is_muted(channel, nick) else "mute"
        menu.add_command(
            label=mute.capitalize(),
            underline=0,
            command=lambda: self.person(PersonControl(mute, channel, nick)),
        )
        if any(casefold(h.nick) == casefold(nick) for h in self.hands.get(casefold(channel), ())):
            menu.add_command(label="Lower hand", underline=0, command=lambda: self.lower_hand(nick))
        menu.add_command(
            label="Remove from room…", underline=0, command=lambda: self.ask_remove(nick)
        )
        menu.add_command(label="Ban…", underline=0, command=lambda: self.ask_ban(nick))
        if self.my_status(channel) == HOST:
            menu.add_separator()
            if their_status == HELPER:
                label, verb = "Remove helper", "unhelper"
            else:
                label, verb = "Make helper", "helper"
            menu.add_command(
                label=label,
                underline=key(label, "h"),
                command=lambda: self.person(PersonControl(verb, channel, nick)),
            )
        return menu

    def _is_muted(self, channel: str, nick: str) -> bool:
        """Muted by the m: list, or, in a room where only voices talk, without a voice."""
        if self._mutes_of(channel, nick):
            return True
        moderated = room_settings.MODERATED in self.modes.get(casefold(channel), {})
        return moderated and self.status(channel, nick) == ""

    def _mutes_of(self, channel: str, nick: str) -> list[str]:
        address = self._address(channel, nick)
        return [
            mask
            for mask in self.mutes.get(casefold(channel), ())
            if room_settings.matches(mask, nick, address)
        ]

    def _address(self, channel: str, nick: str) -> str:
        members = self.view.members.get(casefold(channel), ())
        return next((m.address for m in members if casefold(m.nick) == casefold(nick)), "")

    def ask_remove(self, nick: str) -> None:
        channel = self.channel()
        self._ask(
            f"Remove {nick}",
            f"Why is {nick} being removed? They will read this.",
            lambda reason: self.person(PersonControl("kick", channel, nick, reason)),
        )

    def ask_ban(self, nick: str) -> None:
        """Ban… in the member menu: why, and by name or by computer (said what it means)."""
        channel = self.channel()
        if self.dialog is not None and self.dialog.is_open():
            self.dialog.window.destroy()

        def chosen(reason: str, how: str) -> None:
            verb = "ban-computer" if how == BY_COMPUTER else "ban"
            self.person(PersonControl(verb, channel, nick, reason))

        self.dialog = BanDialog(self.root, nick, self._address(channel, nick), chosen)

    # --- doing it ---

    def person(self, action: PersonControl) -> None:
        """Mute, unmute, remove, ban (by name or computer), lift a ban, let in, or make or
        unmake a helper; a control that can't apply is refused in words, and nothing sent."""
        channel, nick = action.channel, action.nick
        if self.refused(action.verb, channel, nick):
            return
        client = self.client
        moderated = room_settings.MODERATED in self.modes.get(casefold(channel), {})
        if action.verb == "mute":
            client.mute(channel, nick, take_voice=moderated and self.status(channel, nick) == "+")
        elif action.verb == "unmute":
            client.unmute(channel, self._mutes_of(channel, nick), nick if moderated else "")
        elif action.verb == "kick":
            client.remove(channel, nick, action.reason)
        elif action.verb in ("ban", "ban-computer"):
            address = self._address(channel, nick) if action.verb == "ban-computer" else ""
            client.ban(channel, nick, action.reason, address)
        elif action.verb == "unban":
            client.lift_bans(channel, self._bans_of(channel, nick))
        elif action.verb == "invite":
            client.let_in(channel, nick)
        else:
            client.make_helper(channel, nick, action.verb == "helper")

    def refused(self, verb: str, channel: str, nick: str) -> bool:
        """Say why a control on `nick` can't apply here (not in the room, ourselves, not
        banned), and return True; False when it may be sent."""
        why = control_checks.refusal(
            verb,
            nick,
            self.session.nick,
            self.tools.title(channel),
            present=self._is_member(channel, nick),
            banned=bool(self._bans_of(channel, nick)),
        )
        if why:
            self._tell(channel, why)
        return bool(why)

    def _is_member(self, channel: str, nick: str) -> bool:
        members = self.view.members.get(casefold(channel), ())
        return any(casefold(m.nick) == casefold(nick) for m in members)

    def _bans_of(self, channel: str, nick: str) -> list[str]:
        """The bans that name `nick` (a ban by computer is lifted in Room → Bans…)."""
        named = casefold(room_settings.nick_mask(nick))
        return [
            mask
            for mask, _ in self.tools.bans.get(casefold(channel), ())
            if casefold(mask) == named
        ]

    def room_setting(self, action: RoomControl) -> None:
        channel, client = action.channel, self.client
        if action.verb in ("lock", "unlock"):
            client.lock_room(channel, action.verb == "lock")
        elif action.verb == "password":
            client.set_room_password(channel, action.value)
        elif action.verb == "moderate":
            client.quiet_room(channel, action.value == "on")
        elif action.verb == "renames":
            client.stop_renames(channel, action.value == "off")
        else:
            client.slow_mode(channel, int(action.value))

    def toggle_hand(self) -> None:
        channel = self.channel()
        hands = self.hands.get(casefold(channel), ())
        if any(casefold(h.nick) == casefold(self.session.nick) for h in hands):
            self.client.lower_hand(channel)
        else:
            self.client.raise_hand(channel)

    def lower_hand(self, nick: str) -> None:
        self.client.lower_hand(self.channel(), nick)

    def _ask(
        self,
        title: str,
        question: str,
        on_answer: Callable[[str], None],
        **options: Unpack[AskOptions],
    ) -> None:
        """One question at a time: a new one replaces any still open."""
        if self.dialog is not None and self.dialog.is_open():
            self.dialog.window.destroy()
        self.dialog = Ask(self.root, title, question, on_answer, **options)

    def _tell(self, channel: str, text: str) -> None:
        self.view.open(channel).add_notice("\N{INFORMATION SOURCE}", text)
