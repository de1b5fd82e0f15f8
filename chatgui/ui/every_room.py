"""EveryRoom: the host's view of every room on the server, and the say over them.

For the host only: a list beside the members of every room on the server by its title, with
how many are in it, asked for (LIST) every ROOM_LIST_REFRESH_S so rooms opening, filling,
emptying and closing show; a double-click (or Enter) opens the room, joining it if need be
(the host gets past any lock); "Close room…" closes the one picked. For the host and helpers:
Room → "Students can open their own rooms", which the server enforces (ROOMS STUDENTS). The
server checks every one of these (docs/protocol.md). Call everything from the Tk thread.
"""

import tkinter as tk
from collections.abc import Callable
from tkinter import ttk

from chatgui import events, limits
from chatgui.protocol.client.room_settings import on_chatgui
from chatgui.protocol.names import casefold
from chatgui.protocol.room_titles import title_of_channel
from chatgui.ui.ask import Ask
from chatgui.ui.card import wrapping
from chatgui.ui.listbox_choice import selected_index
from chatgui.ui.page_context import PageContext
from chatgui.ui.scrolled import with_scrollbar
from chatgui.ui.settings import Settings, save_settings
from chatgui.ui.theme import Fonts
from chatgui.ui.transcript import INFO

HOST = "~"
STUDENT_ROOMS = "Students can open their own rooms"
"""The Room menu's setting (a check box), for the host and helpers."""


def people(count: int) -> str:
    return "1 person" if count == 1 else f"{count} people"


def room_line(title: str, count: int) -> str:
    """One line of the room list: "Group 1: 3 people"."""
    return f"{title}: {people(count)}"


class EveryRoom:
    """The room list (shown while we are the host) and the student-rooms setting."""

    def __init__(
        self,
        page: PageContext,
        fonts: Fonts,
        settings: Settings,
        my_status: Callable[[str], str],
    ) -> None:
        """`my_status(channel)`: our status there ("~" for the host), from the teacher's
        controls; `settings` keep the hosted room's setting for the next one."""
        self.root, self.session = page.root, page.session
        self.view, self.client = page.view, page.client
        self.fonts, self.settings, self.my_status = fonts, settings, my_status
        self.students_allowed = tk.BooleanVar(self.root, value=False)
        self.rooms: list[tuple[str, int]] = []  # (channel, members), in the list's order
        self.frame: ttk.Frame | None = None
        self.listbox: tk.Listbox | None = None
        self.close_button: ttk.Button | None = None
        self.dialog: Ask | None = None
        self._asked_setting = False
        self._known: bool | None = None  # the setting as the server last said it
        self._poll_id: str | None = None

    # --- who sees it ---

    def refresh(self) -> None:
        """Show the list once we are the host (in our main room) and start asking; ask the
        server once which the student-rooms setting is, when we are first in charge."""
        if not on_chatgui(self.session.caps):
            return
        status = self.my_status(self.session.channel)
        if status in (HOST, "@") and not self._asked_setting:
            self._asked_setting = True
            self.client.ask_student_rooms()
        if status == HOST and self.frame is None:
            self._build(self.view.sidebar)
            self._poll()

    def _build(self, sidebar: ttk.PanedWindow) -> None:
        """Below the conversations, as a chat app lists its channels: the middle keeps its width."""
        frame = self.frame = ttk.Frame(sidebar, padding=(0, 4, 0, 0))
        title = wrapping(frame, "Rooms on this server")  # a narrow sidebar: two lines
        title.pack(anchor="w", fill="x")
        self.close_button = ttk.Button(
            frame, text="Close room…", command=self.ask_close, state="disabled"
        )
        self.close_button.pack(side="bottom", fill="x", pady=(4, 0))
        listed = ttk.Frame(frame)
        listed.pack(fill="both", expand=True)
        listbox = self.listbox = tk.Listbox(
            listed, width=18, height=6, exportselection=False, font=self.fonts.text
        )
        with_scrollbar(listbox, listed)
        listbox.bind("<Double-Button-1>", lambda e: self.open_picked())
        listbox.bind("<Return>", lambda e: self.open_picked())
        listbox.bind("<<ListboxSelect>>", lambda e: self._picked())
        sidebar.add(frame, weight=1)
        frame.bind("<Destroy>", lambda e: self._stop_polling(), add="+")

    def _poll(self) -> None:
        """LIST now and every ROOM_LIST_REFRESH_S while the list shows."""
        if self.frame is None or not self.frame.winfo_exists():
            self._poll_id = None
            return
        self.client.list_rooms()
        self._poll_id = self.root.after(int(limits.ROOM_LIST_REFRESH_S * 1000), self._poll)

    def _stop_polling(self) -> None:
        """The view went (Leave, the window closed): no LIST is asked for any more."""
        if self._poll_id is not None:
            self.root.after_cancel(self._poll_id)

        self._poll_id = None

    # --- what the server said ---

    def listed(self, event: events.RoomsListed) -> None:
        """The answer to LIST: redraw, keeping the picked room picked wherever it moved."""
        if self.listbox is None:
            return
        picked = self.picked()
        main = casefold(self.session.channel)
        rooms = sorted(
            ((name, count) for name, count, _ in event.rooms),
            key=lambda room: (casefold(room[0]) != main, self.title(room[0]).casefold()),
        )
        if rooms == self.rooms:
            return
        self.rooms = rooms
        self.listbox.delete(0, "end")
        for name, count in rooms:
            self.listbox.insert("end", room_line(self.title(name), count))
        keys = [casefold(name) for name, _ in rooms]
        if picked is not None and casefold(picked) in keys:
            self.listbox.selection_set(keys.index(casefold(picked)))
        self._picked()

    def student_rooms(self, event: events.StudentRooms) -> None:
        """The setting as the server has it: the check box follows; a change is said."""
        changed = self._known is not None and self._known != event.allowed
        self._known = event.allowed
        self.students_allowed.set(event.allowed)
        if self.session.hosting:  # our own room: the next one starts the same way
            self.settings.students_open_rooms = event.allowed
            save_settings(self.settings)
        view = self.view
        if changed and event.text:
            view.open(self.session.channel or view.conversation_name()).add_notice(INFO, event.text)

    # --- what the host does ---

    def students_picked(self) -> None:
        """Room → Students can open their own rooms: ask the server to change it."""
        self.client.let_students_open_rooms(self.students_allowed.get())

    def title(self, channel: str) -> str:
        """The room's title: ours as we typed it, another by its channel name."""
        if casefold(channel) == casefold(self.session.channel) and self.session.title:
            return self.session.title
        return title_of_channel(channel)

    def picked(self) -> str | None:
        index = selected_index(self.listbox) if self.listbox is not None else None
        return self.rooms[index][0] if index is not None and index < len(self.rooms) else None

    def open_picked(self) -> None:
        """Show the picked room; join it first if we are not in it."""
        channel = self.picked()
        if channel is None:
            return
        if casefold(channel) in self.view.transcripts:
            self.view.show(channel)
        else:
            self.client.join(channel)

    def _picked(self) -> None:
        """Our own main room can't be closed from here (closing the window does that)."""
        if self.close_button is None:
            return
        channel = self.picked()
        closable = channel is not None and casefold(channel) != casefold(self.session.channel)
        self.close_button.configure(state="normal" if closable else "disabled")

    def ask_close(self) -> None:
        channel = self.picked()
        if channel is None:
            return
        count = next((n for name, n in self.rooms if name == channel), 0)
        title = self.title(channel)
        if self.dialog is not None and self.dialog.is_open():
            self.dialog.window.destroy()
        self.dialog = Ask(
            self.root,
            f"Close {title}",
            f"Everyone in {title} ({people(count)}) leaves it and reads why. "
            "Why is it closing? (You can leave this empty.)",
            lambda reason: self.close(channel, reason),
            allow_empty=True,
        )

    def close(self, channel: str, reason: str) -> None:
        self.client.close_room(channel, reason)
        self.client.list_rooms()
