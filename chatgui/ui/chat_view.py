"""ChatView: the chat page, laid out as chat apps are: the sidebar on the left (Notices, the
rooms and private conversations, and for the host every room on the server), the
conversation in the middle (its header, its messages, the hands queue, the input at the
bottom), the members on the right, and the status bar under all three.

Members sit on the right rather than under the conversations: at 800x600 the left column
already holds the conversations and, for the host, every room on the server, and 30 names
need the full height. When the window is too narrow for three columns the member list gives
way first (page_layout.py).

It only shows things and reports what the person does (typing, double-clicking a name,
scrolling to the top of a room for older messages, searching the host); ChatApp decides what
that means. Call everything from the Tk thread.
"""

import tkinter as tk
from collections.abc import Callable
from functools import partial
from tkinter import ttk
from typing import TypeVar

from chatgui.events import Hand, Member
from chatgui.protocol.names import casefold, is_channel
from chatgui.ui.composer import Composer
from chatgui.ui.conversation_list import NOTICES, ConversationList
from chatgui.ui.conversation_memory import ConversationMemory
from chatgui.ui.find_bar import FindBar
from chatgui.ui.hands_panel import HandsPanel
from chatgui.ui.input_box import Outcome
from chatgui.ui.keep_end import keep_end_on_resizing
from chatgui.ui.lesson_view import LessonView
from chatgui.ui.member_list import MemberList
from chatgui.ui.page_layout import PageColumns
from chatgui.ui.page_styles import apply_page_styles
from chatgui.ui.room_header import EVERYONE_QUIET, EVERYONE_TALK, HAND_UP, RAISE_HAND, RoomHeader
from chatgui.ui.theme import Fonts, Palette
from chatgui.ui.transcript import START_OF_HISTORY, Transcript

SERVER = "*"
NOTICES_LINE = "What the room's server says to you. Nothing typed here is sent."
T = TypeVar("T")


def _rekeyed(table: dict[str, T], old: str, new: str) -> dict[str, T]:
    """`table` with the entry under `old` moved to `new`, in the same place."""
    return {(new if key == old else key): value for key, value in table.items()}


class ChatView:
    """The window after joining: one transcript per conversation, switched from the left."""

    def __init__(
        self,
        parent: tk.Misc,
        fonts: Fonts,
        on_input: Callable[[str, str], Outcome],
        on_private: Callable[[str], None],
        on_older: Callable[[str], None],
        on_search: Callable[[str, str], bool],
    ) -> None:
        """`on_older(room)` asks for older history; `on_search(room, words)` asks the host
        and says whether it can search. The teacher's controls set on_hand, on_member_menu,
        on_lower and marks_of once they are made with the view. `outer` is the whole page;
        `frame` its middle column (the conversation), where the input and bars are packed."""
        self.outer = ttk.Frame(parent)
        self._fonts = fonts
        self._on_input = on_input
        self._on_private = on_private
        self._on_older = on_older
        self._on_search = on_search
        self.on_hand: Callable[[], None] = lambda: None
        self.on_member_menu: Callable[[str, int, int], None] = lambda nick, x, y: None
        self._palette: Palette | None = None
        self.transcripts: dict[str, Transcript] = {}
        self.private_history = False  # the room keeps history: private tabs may ask for theirs
        self.titles: dict[str, str] = {}
        self.headings: dict[str, str] = {}
        self.unread: dict[str, int] = {}
        self._unread_due: set[str] = set()  # counted this turn, shown in the sidebar at its end
        self.members: dict[str, tuple[Member, ...]] = {}
        self.topics: dict[str, str] = {}  # the pinned announcement of each room
        self.hand_up = False
        self.current = ""
        self.join_line = tk.StringVar(parent)
        self.status = tk.StringVar(parent)
        self._build()

    def _build(self) -> None:
        outer = self.outer
        # The status bar goes in first, at the bottom, under all three columns.
        status_bar = ttk.Label(
            outer, textvariable=self.status, padding=(10, 3), style="Status.TLabel"
        )
        status_bar.pack(side="bottom", fill="x")
        columns = self.columns = PageColumns(
            outer, self._fonts.text, lambda: bool(self.members.get(self.current))
        )
        columns.frame.pack(fill="both", expand=True)
        # The left column: the conversations, and below them the host's list of every room.
        self.side = columns.side
        self.sidebar = ttk.PanedWindow(self.side, orient="vertical")
        self.sidebar.pack(fill="both", expand=True)
        self.conversations = ConversationList(self.sidebar, self._fonts.text.name, self._pick)
        self.sidebar.add(self.conversations.frame, weight=1)
        # The middle column, `frame`: the header on top, the input at the bottom.
        self.frame = columns.middle
        self.header = RoomHeader(self.frame, self._fonts)
        self.header.frame.pack(side="top", fill="x")
        ttk.Separator(self.frame).pack(side="top", fill="x")
        self.title, self.topic = self.header.title, self.header.topic
        self.how_button = self.header.how_button  # the host's: the room code, shown big
        self.quiet_button = self.header.quiet_button  # the host's and helpers'
        self.hand_button = self.header.hand_button  # everyone's but the host's
        self.hand_button.configure(command=lambda: self.on_hand())
        self.header.count.configure(command=columns.toggle_members)
        self.composer = Composer(self.frame, self._fonts.text.name, self._typed, self._member_names)
        self.composer.frame.pack(side="bottom", fill="x", padx=6, pady=(0, 6))
        self.input = self.composer.input
        self.memory = ConversationMemory(self.input)
        self._send = self.composer.send_button
        self.hands = HandsPanel(self.frame, self._lower_from_panel)
        self.on_lower: Callable[[str], None] = lambda nick: None
        # Told the folded name of each conversation shown (read-only ones: closing.py).
        self.on_shown: Callable[[str], None] = lambda key: None
        # (muted, hand up) of a person in a room, from the room's mutes and hands: the member
        # list shows them beside the name.
        self.marks_of: Callable[[str, str], tuple[bool, bool]] = lambda room, nick: (False, False)
        # The messages, and under them the lesson view when it shows, in panes of their own.
        self.stack = ttk.PanedWindow(self.frame, orient="vertical")
        self.stack.pack(fill="both", expand=True, pady=(0, 4))
        self.middle = ttk.Frame(self.stack)
        self.stack.add(self.middle, weight=1)
        # The right column: the members.
        self.member_column = columns.members
        self.member_list = MemberList(
            self.member_column,
            self._fonts.text,
            self._on_private,
            lambda nick, x, y: self.on_member_menu(nick, x, y),
        )
        self.member_list.frame.pack(fill="both", expand=True)
        self.new_button = ttk.Button(self.middle, command=self._show_new)
        self.find = FindBar(
            self.frame,
            self._fonts,
            self.shown_transcript,
            self._search,
            self.stack,
            self.input.widget,
        )
        self.lesson = LessonView(self.stack)
        self.fonts_changed()

    # --- the columns ---

    def arrange(self) -> None:
        self.columns.arrange()

    def members_shown(self) -> bool:
        return self.columns.members_shown()

    def fonts_changed(self) -> None:
        """The text size changed (Ctrl+plus): the columns, rows and styles follow it."""
        if self._palette is not None:
            self.apply(self._palette)
        self.columns.arrange()
        self.header.arrange_soon()

    def min_size(self) -> tuple[int, int]:
        return self.columns.min_size()

    # --- conversations ---

    def open(self, name: str, show: bool = False, title: str | None = None) -> Transcript:
        """The transcript of conversation `name`, made on first use (shown as `title`). A room
        opened and shown while Notices shows takes what is typed there: the person typed it
        for the room that was opening."""
        key = casefold(name)
        new = key not in self.transcripts
        if new:
            private = key != SERVER and not is_channel(name)
            transcript: Transcript
            on_top: Callable[[], None] | None = None
            if is_channel(name):
                on_top = partial(self._older, name)
            elif private:
                on_top = lambda: self._older_private(transcript)  # noqa: E731  (its name may change)
            transcript = Transcript(
                self.middle,
                self._fonts.text.name,
                lambda count: self._unseen(transcript, count),  # under any name it gets later
                on_top,
                start_text="" if private else START_OF_HISTORY,
            )
            transcript.history_ready = private and self.private_history
            keep_end_on_resizing(
                transcript.widget,
                transcript.shows_end,
                lambda: self._fonts.text.metrics("linespace"),
            )
            if self._palette is not None:
                transcript.apply(self._palette, self._fonts.bold.name, self._fonts.italic.name)
            self.transcripts[key] = transcript
            self.titles[key] = name
            self.headings[key] = title or name
            self.unread[key] = 0
            self._refresh_conversations()
        if show or not self.current:
            self.show(name, keep_typing=new and self.current == SERVER and is_channel(name))
        return self.transcripts[key]

    def close(self, name: str) -> None:
        key = casefold(name)
        transcript = self.transcripts.pop(key, None)
        if transcript is not None:
            transcript.widget.destroy()
            del self.titles[key], self.headings[key], self.unread[key]
            self.memory.forget(key)
            if self.current == key:
                self.current = ""  # its text in the box goes with it
                if self.titles:  # back to the room before; Notices if none is left
                    before = self.titles.get(self.memory.room_before() or SERVER)
                    self.show(before or next(iter(self.titles.values())))
            self._refresh_conversations()

    def rename(self, old: str, new: str) -> str:
        """The private conversation with `old` goes on as `new`, in its place in the list;
        returns its name now. It stays `old` when there is one with `new` already."""
        old_key, new_key = casefold(old), casefold(new)
        if old_key not in self.transcripts or (new_key in self.transcripts and new_key != old_key):
            return old
        self.transcripts = _rekeyed(self.transcripts, old_key, new_key)
        self.unread = _rekeyed(self.unread, old_key, new_key)
        self.titles = _rekeyed(self.titles, old_key, new_key)
        self.headings = _rekeyed(self.headings, old_key, new_key)
        self.titles[new_key] = self.headings[new_key] = new
        self.memory.renamed(old_key, new_key)
        self.transcripts[new_key].stop_loading_older()  # its answer names the old name
        if self.current == old_key:
            self.current = new_key
            self._show_header()
            self.composer.writing_to(new)
        self._refresh_conversations()
        return new

    def show(self, name: str, keep_typing: bool = False) -> None:
        """Show conversation `name`, with its own unsent text in the box (or, `keep_typing`,
        with the text in the box now)."""
        key = casefold(name)
        if key != self.current:
            if self.current in self.transcripts:
                self.transcripts[self.current].frame.pack_forget()
                if not keep_typing:
                    self.memory.leaving(self.current)
            self.memory.entering(key, keep_typing)
        self.current = key
        self.transcripts[key].frame.pack(fill="both", expand=True)
        self.transcripts[key].scroll_to_end()
        self.unread[key] = 0
        self.conversations.set_unread(key, 0)
        self.conversations.mark(key)
        self.composer.writing_to(self.headings[key] if key != SERVER else "")
        self.refresh_members()
        self.input.widget.focus_set()
        self.on_shown(key)

    def _show_header(self) -> None:
        """The header of the conversation shown: a room's title, count and pinned
        announcement; what Notices and a private conversation are."""
        key = self.current
        if key == SERVER:
            self.header.set_title(NOTICES, None)
            self.header.set_topic(NOTICES_LINE, pinned=False)
        elif is_channel(key):
            self.header.set_title(self.headings[key], len(self.members.get(key, ())))
            self.header.set_topic(self.topics.get(key, ""), pinned=True)
        elif key in self.headings:
            name = self.headings[key]
            self.header.set_title(name, None)
            self.header.set_topic(f"Private: only you and {name} see this.", pinned=False)

    def conversation_name(self) -> str:
        return self.titles.get(self.current, "")

    def shown_transcript(self) -> Transcript | None:
        return self.transcripts.get(self.current)

    def _older(self, name: str) -> None:
        self.transcripts[casefold(name)].show_loading_older()
        self._on_older(name)

    def _older_private(self, transcript: Transcript) -> None:
        """A private conversation's earlier page, asked for by the name it has now (it may
        have been renamed since it opened): the host finds it by who the two people are."""
        for key, shown in self.transcripts.items():
            if shown is transcript:
                self._older(self.headings[key])
                return

    def history_kept(self, kept: bool) -> None:
        """The room keeps history (or, after a reconnect elsewhere, no longer does): private
        conversations then fetch theirs, as rooms do, when opened or scrolled to the top."""
        self.private_history = kept
        for key, transcript in self.transcripts.items():
            if key != SERVER and not is_channel(key):
                transcript.history_ready = kept

    def _search(self, words: str) -> bool:
        room = self.conversation_name()
        return is_channel(room) and self._on_search(room, words)

    def flush(self) -> None:
        """At the end of a pump turn: every transcript's held lines in (Transcript.hold), and
        the sidebar's unread counts shown, once each however many messages the turn counted."""
        for transcript in self.transcripts.values():
            transcript.flush()
        for key in self._unread_due:
            if key in self.unread:
                self.conversations.set_unread(key, self.unread[key])
        self._unread_due.clear()

    def count_unread(self, name: str) -> None:
        key = casefold(name)
        if key != self.current and key in self.unread:
            self.unread[key] += 1
            self._unread_due.add(key)  # shown by flush(), at the turn's end

    def _refresh_conversations(self) -> None:
        """The sidebar lists the conversations again (one opened, closed or renamed)."""
        rooms = [(k, h) for k, h in self.headings.items() if is_channel(k.lstrip("@"))]
        private = [(k, h) for k, h in self.headings.items() if k != SERVER and (k, h) not in rooms]
        self.conversations.set(SERVER if SERVER in self.headings else "", rooms, private)
        for key, count in self.unread.items():
            self.conversations.set_unread(key, count)
        self.conversations.mark(self.current)

    def _pick(self, key: str) -> None:
        """A conversation clicked (or stepped to) in the sidebar."""
        if key in self.titles:
            self.show(self.titles[key])

    # --- members ---

    def set_members(self, channel: str, members: tuple[Member, ...]) -> None:
        self.members[casefold(channel)] = members
        if casefold(channel) == self.current:
            self.refresh_members()

    def refresh_members(self) -> None:
        """Show the member list again (also when someone was muted or raised a hand), and
        the header's count."""
        room = self.titles.get(self.current, "")
        self.member_list.show(
            self.members.get(self.current, ()), lambda member: self.marks_of(room, member.nick)
        )
        self._show_header()
        self.arrange()

    def _member_names(self) -> list[str]:
        return [m.nick for m in self.members.get(self.current, ())]

    # --- hands and the lesson view ---

    def show_hands(self, hands: tuple[Hand, ...]) -> None:
        """The Hands queue above the input, shown only while a hand is up."""
        self.hands.set(hands)
        if hands and not self.hands.frame.winfo_manager():
            self.hands.frame.pack(side="bottom", fill="x", after=self.composer.frame)
        elif not hands:
            self.hands.frame.pack_forget()

    def _lower_from_panel(self, nick: str) -> None:
        self.on_lower(nick)

    def show_hand_up(self, up: bool) -> None:
        """The Raise hand button says whether our hand is up, until someone lowers it."""
        self.hand_up = up
        self.hand_button.configure(text=HAND_UP if up else RAISE_HAND)

    def offer_hand(self, offered: bool) -> None:
        """The Raise hand button, for everyone but the host (who lowers hands, not raises)."""
        self.header.show_action(self.hand_button, offered)

    def offer_quiet(self, offered: bool, quiet: bool) -> None:
        """The one-click "Everyone quiet" button (or, once quiet, "Let everyone talk"), shown
        to the host and helpers only."""
        self.quiet_button.configure(text=EVERYONE_TALK if quiet else EVERYONE_QUIET)
        self.header.show_action(self.quiet_button, offered)

    def show_lesson(self, shown: bool) -> None:
        self.lesson.show_in(self.stack, shown)

    # --- typing and the rest ---

    def _typed(self, text: str) -> Outcome:
        return self._on_input(self.conversation_name(), text)

    def _unseen(self, transcript: Transcript, count: int) -> None:
        if self.transcripts.get(self.current) is not transcript:
            return
        if count:
            self.new_button.configure(text=f"↓ {count} new")
            self.new_button.place(relx=1.0, rely=1.0, anchor="se", x=-16, y=-8)
            self.new_button.lift()  # above the transcripts, made after it
        else:
            self.new_button.place_forget()

    def _show_new(self) -> None:
        if self.current in self.transcripts:
            self.transcripts[self.current].scroll_to_end()

    def apply(self, palette: Palette) -> None:
        self._palette = palette
        apply_page_styles(self.outer, palette, self._fonts)
        self.conversations.apply(palette.surface, palette.accent)
        self.member_list.apply(palette, self._fonts.bold.name)
        self.hands.apply(palette)
        self.composer.apply(palette)
        for transcript in self.transcripts.values():
            transcript.apply(palette, self._fonts.bold.name, self._fonts.italic.name)
        self.lesson.apply(palette)
        self.refresh_members()

    def show_join_line(
        self, text: str, code: str, how_to_join: Callable[[], None], address: str = ""
    ) -> None:
        """The "Others can join at …" line, for the host, as a chip that copies `address`
        (or the line), beside a button that says the room code (none without TLS) and shows
        it and the address in big letters."""
        self.join_line.set(text)
        label = f"Room code {code}" if code else "How to join…"
        self.how_button.configure(text=label, command=how_to_join)
        self.header.show_join_line(text, address or text)
        self.header.show_action(self.how_button, True)

    def set_topic(self, channel: str, topic: str) -> None:
        """A room's pinned announcement ("" when it was removed), in the header while shown."""
        self.topics[casefold(channel)] = topic
        if casefold(channel) == self.current:
            self._show_header()
