"""ChatView: the chat window's parts: conversations, transcript, members, input, status bar.

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
from chatgui.ui.conversation_memory import ConversationMemory
from chatgui.ui.find_bar import FindBar
from chatgui.ui.hands_panel import HandsPanel
from chatgui.ui.input_box import Outcome
from chatgui.ui.lesson_view import LessonView
from chatgui.ui.theme import Fonts, Palette
from chatgui.ui.transcript import PINNED, START_OF_HISTORY, Transcript, selected_index

SERVER = "*"
ROLES = {"~": "host", "@": "helper"}
HAND = "\N{RAISED HAND}"
RAISE_HAND = "\N{RAISED HAND} Raise hand"
EVERYONE_QUIET = "Everyone quiet"
EVERYONE_TALK = "Let everyone talk"
HAND_UP = "\N{RAISED HAND} Hand up: lower it"
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
        on_lower and marks_of once they are made with the view."""
        self.frame = ttk.Frame(parent)
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
        self.members: dict[str, tuple[Member, ...]] = {}
        self.hand_up = False
        self.current = ""
        self.join_line = tk.StringVar()
        self.status = tk.StringVar()
        self._build()

    def _build(self) -> None:
        header = ttk.Frame(self.frame, padding=(8, 6))
        header.pack(fill="x")
        self.title = ttk.Label(header, font=self._fonts.big)
        self.title.pack(side="left")
        self.join_entry = ttk.Entry(header, textvariable=self.join_line, state="readonly", width=40)
        self.how_button = ttk.Button(header)  # the host's: the room code, shown big when pressed
        self.quiet_button = ttk.Button(header, text=EVERYONE_QUIET)  # the host's and helpers'
        self.topic = ttk.Label(self.frame, padding=(8, 0), font=self._fonts.italic, wraplength=700)
        self.topic.pack(fill="x")
        # The status bar and the input go in first, at the bottom, so they never get squeezed.
        status_bar = ttk.Label(
            self.frame, textvariable=self.status, padding=(8, 2), relief="sunken"
        )
        status_bar.pack(side="bottom", fill="x")
        self.composer = Composer(self.frame, self._fonts.text.name, self._typed, self._member_names)
        self.composer.frame.pack(side="bottom", fill="x")
        self.input = self.composer.input
        self.memory = ConversationMemory(self.input)
        self._send = self.composer.send_button
        self.hand_button = ttk.Button(
            self.composer.row, text=RAISE_HAND, command=lambda: self.on_hand()
        )
        self.hand_button.pack(side="right", anchor="s", padx=(6, 0), before=self._send)
        self._bottom = self.composer.frame
        self.hands = HandsPanel(self.frame, self._lower_from_panel)
        self.on_lower: Callable[[str], None] = lambda nick: None
        # Told the folded name of each conversation shown (read-only ones: closing.py).
        self.on_shown: Callable[[str], None] = lambda key: None
        # (muted, hand up) of a person in a room, from the room's mutes and hands: the member
        # list shows them beside the name.
        self.marks_of: Callable[[str, str], tuple[bool, bool]] = lambda room, nick: (False, False)
        body = self.body = ttk.PanedWindow(self.frame, orient="horizontal")
        body.pack(fill="both", expand=True, padx=6, pady=6)
        font = self._fonts.text
        # The left column: the conversations, and below them the host's list of every room.
        self.sidebar = ttk.PanedWindow(body, orient="vertical")
        self.conversation_list = tk.Listbox(
            self.sidebar, width=18, exportselection=False, font=font
        )
        self.conversation_list.bind("<<ListboxSelect>>", self._picked_conversation)
        self.middle = ttk.Frame(body)
        self.member_list = tk.Listbox(body, width=18, exportselection=False, font=font)
        self.member_list.bind("<Double-Button-1>", self._picked_member)
        self.member_list.bind("<Return>", self._picked_member)
        self.member_list.bind("<Button-3>", self._member_clicked)
        self.member_list.bind("<Shift-F10>", self._member_key)
        self.member_list.bind("<Key-Menu>", self._member_key)
        self.sidebar.add(self.conversation_list, weight=1)
        body.add(self.sidebar, weight=0)
        body.add(self.middle, weight=1)
        body.add(self.member_list, weight=0)
        self.new_button = ttk.Button(self.middle, command=self._show_new)
        self.find = FindBar(
            self.frame, self._fonts, self.shown_transcript, self._search, body, self.input.widget
        )
        self.lesson = LessonView(self.middle)

    # --- conversations ---

    def open(self, name: str, show: bool = False, title: str | None = None) -> Transcript:
        """The transcript of conversation `name`, made on first use (shown as `title`). A room
        opened and shown while the room messages page shows takes what is typed there: the
        person typed it for the room that was opening."""
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
                if self.titles:  # back to the room before; the room messages if none is left
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
            self.title.configure(text=new)
            self.composer.writing_to(new)
        self._refresh_conversations()
        return new

    def show(self, name: str, keep_typing: bool = False) -> None:
        """Show conversation `name`, with its own unsent text in the box (or, `keep_typing`,
        with the text in the box now)."""
        key = casefold(name)
        if key != self.current:
            if self.current in self.transcripts:
                self.transcripts[self.current].widget.pack_forget()
                if not keep_typing:
                    self.memory.leaving(self.current)
            self.memory.entering(key, keep_typing)
        self.current = key
        self.transcripts[key].widget.pack(fill="both", expand=True)
        self.transcripts[key].scroll_to_end()
        self.unread[key] = 0
        self.title.configure(text=self.headings[key] if key != SERVER else "Messages from the room")
        self.composer.writing_to(self.headings[key] if key != SERVER else "")
        self._refresh_conversations()
        self.refresh_members()
        self.input.widget.focus_set()
        self.on_shown(key)

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

    def count_unread(self, name: str) -> None:
        key = casefold(name)
        if key != self.current and key in self.unread:
            self.unread[key] += 1
            self._refresh_conversations()

    def _refresh_conversations(self) -> None:
        self.conversation_list.delete(0, "end")
        for index, (key, heading) in enumerate(self.headings.items()):
            shown = "Room messages" if key == SERVER else heading
            unread = self.unread.get(key, 0)
            self.conversation_list.insert("end", f"{shown}  ({unread})" if unread else shown)
            if key == self.current:
                self.conversation_list.selection_set(index)

    def _picked_conversation(self, event: "tk.Event[tk.Listbox]") -> None:
        chosen = selected_index(self.conversation_list)
        if chosen is not None:
            self.show(list(self.titles.values())[chosen])

    # --- members ---

    def set_members(self, channel: str, members: tuple[Member, ...]) -> None:
        self.members[casefold(channel)] = members
        if casefold(channel) == self.current:
            self.refresh_members()

    def refresh_members(self) -> None:
        """Show the member list again (also when someone was muted or raised a hand)."""
        self.member_list.delete(0, "end")
        greyed = self._palette.muted if self._palette else "grey"
        room = self.titles.get(self.current, "")
        for member in self.members.get(self.current, ()):
            self.member_list.insert("end", self._member_label(room, member))
            if member.away:
                self.member_list.itemconfigure("end", foreground=greyed)

    def _member_label(self, room: str, member: Member) -> str:
        """ "~Ms_Rivera  (host)", "Sam  ✋  (muted, away)": what the room knows of them."""
        muted, hand_up = self.marks_of(room, member.nick)
        label = f"{member.prefix}{member.nick}"
        if member.typed:
            label += f" ({member.typed})"  # "Zoe (Zoë)" where the server made the name plain
        if hand_up:
            label += f"  {HAND}"
        words = [ROLES[member.prefix]] if member.prefix in ROLES else []
        if muted:
            words.append("muted")
        if member.away:
            words.append("away")
        return f"{label}  ({', '.join(words)})" if words else label

    def _member_names(self) -> list[str]:
        return [m.nick for m in self.members.get(self.current, ())]

    def _picked_member(self, event: "tk.Event[tk.Listbox]") -> None:
        chosen = selected_index(self.member_list)
        members = self.members.get(self.current, ())
        if chosen is not None and chosen < len(members):
            self._on_private(members[chosen].nick)

    def _member_clicked(self, event: "tk.Event[tk.Listbox]") -> None:
        """Right-click: pick the row under the pointer, then ask for its menu."""
        row: int = self.member_list.nearest(event.y)  # type: ignore[no-untyped-call]
        members = self.members.get(self.current, ())
        if 0 <= row < len(members):
            self.member_list.selection_clear(0, "end")
            self.member_list.selection_set(row)
            self.on_member_menu(members[row].nick, event.x_root, event.y_root)

    def _member_key(self, event: "tk.Event[tk.Listbox]") -> str:
        """The Menu key or Shift+F10: the menu of the selected person, beside their row."""
        row = selected_index(self.member_list)
        members = self.members.get(self.current, ())
        if row is not None and row < len(members):
            box = self.member_list.bbox(row)
            x = self.member_list.winfo_rootx() + (box[0] + 20 if box else 20)
            y = self.member_list.winfo_rooty() + (box[1] + box[3] if box else 20)
            self.on_member_menu(members[row].nick, x, y)
        return "break"

    # --- hands and the lesson view ---

    def show_hands(self, hands: tuple[Hand, ...]) -> None:
        """The Hands queue above the input, shown only while a hand is up."""
        self.hands.set(hands)
        if hands and not self.hands.frame.winfo_manager():
            self.hands.frame.pack(side="bottom", fill="x", after=self._bottom)
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
        if offered and not self.hand_button.winfo_manager():
            self.hand_button.pack(side="right", anchor="s", padx=(6, 0), before=self._send)
        elif not offered:
            self.hand_button.pack_forget()

    def offer_quiet(self, offered: bool, quiet: bool) -> None:
        """The one-click "Everyone quiet" button (or, once quiet, "Let everyone talk"), shown
        to the host and helpers only."""
        self.quiet_button.configure(text=EVERYONE_TALK if quiet else EVERYONE_QUIET)
        if offered and not self.quiet_button.winfo_manager():
            self.quiet_button.pack(side="right", padx=(6, 0))
        elif not offered:
            self.quiet_button.pack_forget()

    def show_lesson(self, shown: bool) -> None:
        if shown:
            self.lesson.frame.pack(side="bottom", fill="x")
        else:
            self.lesson.frame.pack_forget()

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
        for widget in (self.conversation_list, self.member_list):
            widget.configure(
                background=palette.background,
                foreground=palette.foreground,
                selectbackground=palette.selection,
                selectforeground=palette.foreground,
                highlightcolor=palette.own,
                highlightthickness=2,
            )
        self.composer.apply(palette)
        for transcript in self.transcripts.values():
            transcript.apply(palette, self._fonts.bold.name, self._fonts.italic.name)
        self.lesson.apply(palette)
        self.refresh_members()

    def show_join_line(self, text: str, code: str, how_to_join: Callable[[], None]) -> None:
        """The copyable "Others can join at …" line, for the host, beside a button that
        says the room code (none without TLS) and shows it and the address in big letters."""
        self.join_line.set(text)
        self.join_entry.configure(width=len(text) // 3)  # it grows into the room there is
        label = f"Room code {code}" if code else "How to join…"
        self.how_button.configure(text=label, command=how_to_join)
        self.how_button.pack(side="right", padx=(6, 0))
        self.join_entry.pack(side="right", fill="x", expand=True, padx=(6, 0))

    def set_topic(self, channel: str, topic: str) -> None:
        if casefold(channel) == self.current or is_channel(channel):
            self.topic.configure(text=f"{PINNED} {topic}" if topic else "")
