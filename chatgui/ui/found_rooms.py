"""FoundRooms: the Join page's list of the rooms announced on this network, as they come and go.

The window feeds it RoomFound / RoomLost events from its RoomFinder. Picking a room fills in the
address field, so Enter and Join work as for a typed address; rooms with the same name are told
apart by their host's name and room code. A room two computers claim is marked so, in red.
Tk thread only; knows nothing of sockets or zeroconf.
"""

import tkinter as tk
from collections.abc import Callable
from tkinter import ttk

from chatgui import limits
from chatgui.events import RoomFound
from chatgui.protocol.lookalike import looks_the_same
from chatgui.protocol.names import is_channel
from chatgui.protocol.room_code import room_code
from chatgui.protocol.room_titles import title_of_channel
from chatgui.ui import wording
from chatgui.ui.card import wrapping
from chatgui.ui.listbox_choice import selected_index
from chatgui.ui.scrolled import with_scrollbar
from chatgui.ui.theme import alert_colour


def address_of(room: RoomFound) -> str:
    """What the address field shows for `room`: its likeliest address, the port if not 6667."""
    host = room.addresses[0] if room.addresses else "?"
    return host if room.port == limits.DEFAULT_PORT else f"{host}:{room.port}"


def found_channel(room: RoomFound | None) -> str:
    """The channel to join for a found room; "" to ask the room which (LIST)."""
    if room is None:
        return ""
    return room.channel or (room.room if is_channel(room.room) else "")


def found_title(room: RoomFound) -> str:
    """A found room's title: hosts before titles announced the channel ("#maths")."""
    return title_of_channel(room.room) if is_channel(room.room) else room.room


def room_labels(rooms: list[RoomFound]) -> list[str]:
    """One line per room: its name, its host's name (the address too when another room of
    the same name has the same host), its room code (to compare with the teacher's screen),
    whether it needs a password, and a warning when two computers claim it."""
    labels = []
    for room in rooms:
        title = found_title(room)
        twins = [r for r in rooms if _same_title(found_title(r), title)]
        label = f"{title} — hosted by {room.host}"
        if sum(r.host.casefold() == room.host.casefold() for r in twins) > 1:
            label += f" at {address_of(room)}"
        if room.fingerprint:
            label += f" — code {room_code(room.fingerprint)}"
        if room.password:
            label += " (needs a password)"
        if room.disputed:
            label += " ⚠ two computers claim it"
        labels.append(label)
    return labels


def _same_title(one: str, other: str) -> bool:
    """Titles a reader can't tell apart: equal but for case, or alike letter by letter
    ("Class chat" and "CIass chat"), so the lines say whose room each is."""
    return one.casefold() == other.casefold() or looks_the_same(one, other)


class FoundRooms:
    """The list and a line saying what it is doing. Call from the Tk thread only."""

    def __init__(
        self,
        parent: tk.Misc,
        font: str,
        on_pick: Callable[[RoomFound], None],
        on_join: Callable[[], None],
    ) -> None:
        self._on_pick = on_pick
        self.frame = ttk.Frame(parent)
        ttk.Label(self.frame, text="Rooms on this network").pack(anchor="w")
        self.list_frame = ttk.Frame(self.frame)  # grows with the window; scrolls when full
        self.list_frame.pack(fill="both", expand=True)
        self.listbox = tk.Listbox(
            self.list_frame, height=2, font=font, exportselection=False, activestyle="none"
        )
        with_scrollbar(self.listbox, self.list_frame)
        self.listbox.bind("<<ListboxSelect>>", self._picked)
        self.listbox.bind("<Double-Button-1>", lambda e: on_join())
        self.status = tk.StringVar(parent)
        self.status_label = wrapping(self.frame, textvariable=self.status)
        self.rooms: list[RoomFound] = []  # in the listbox's order
        self._quiet_id: str | None = None
        self._quiet = False  # DISCOVERY_QUIET_S went by since searching started
        self._shown_keys: list[str] = []  # the rooms' keys, as the listbox shows them now
        self._place_status()

    def searching(self) -> None:
        """The search (re)started: an empty list, and "nothing found" if it stays empty."""
        self.stopped()
        self.status.set(wording.looking_for_rooms())
        self._quiet_id = self.frame.after(int(limits.DISCOVERY_QUIET_S * 1000), self._went_quiet)

    def stopped(self) -> None:
        if self._quiet_id is not None:
            self.frame.after_cancel(self._quiet_id)
            self._quiet_id = None
        self._quiet = False
        self.rooms = []
        self._show()

    def found(self, room: RoomFound) -> None:
        self.rooms = [r for r in self.rooms if r.key != room.key] + [room]
        self.rooms.sort(key=lambda r: (found_title(r).casefold(), r.host.casefold(), r.key))
        self._show()

    def lost(self, key: str) -> None:
        self.rooms = [r for r in self.rooms if r.key != key]
        self._show()

    def chosen(self, address: str) -> RoomFound | None:
        """The selected room if the address field still holds its address, else None."""
        index = selected_index(self.listbox)
        if index is None or index >= len(self.rooms):
            return None
        room = self.rooms[index]
        return room if address_of(room) == address else None

    def _went_quiet(self) -> None:
        self._quiet_id = None
        self._quiet = True
        self._show()

    def _show(self) -> None:
        """Redraw the list, keeping the selected room selected wherever it moved, and the
        list scrolled where the person left it (rooms announce themselves again and again)."""
        index = selected_index(self.listbox)
        keep = self._shown_keys[index] if index is not None else None
        top = self.listbox.yview()[0]
        self.listbox.delete(0, "end")
        for room, label in zip(self.rooms, room_labels(self.rooms), strict=True):
            self.listbox.insert("end", label)
            if room.disputed:
                self.listbox.itemconfigure("end", foreground=alert_colour(self.listbox))
        self._shown_keys = [r.key for r in self.rooms]
        if keep in self._shown_keys:
            self.listbox.selection_set(self._shown_keys.index(keep))
        self.listbox.yview_moveto(top)
        disputed = sorted({found_title(r) for r in self.rooms if r.disputed})
        self.status_label.configure(style="Error.TLabel" if disputed else "TLabel")
        if disputed:
            self.status.set(wording.disputed_rooms(disputed))
        elif self.rooms:
            self.status.set(wording.pick_a_room())
        elif self._quiet:
            self.status.set(wording.no_rooms_found())
        elif self._quiet_id is not None:
            self.status.set(wording.looking_for_rooms())
        else:
            self.status.set("")
        self._place_status()

    def _place_status(self) -> None:
        """An empty list says what is happening inside it, as chat apps' empty states do;
        with rooms in it, the line goes under it."""
        if self.rooms:
            self.status_label.place_forget()
            self.status_label.configure(justify="left", anchor="w")
            self.status_label.pack(fill="x")
        else:
            self.status_label.pack_forget()
            self.status_label.configure(justify="center", anchor="center")
            self.status_label.place(
                in_=self.listbox, relx=0.5, rely=0.5, anchor="center", relwidth=0.9
            )

    def _picked(self, event: "tk.Event[tk.Listbox]") -> None:
        index = selected_index(self.listbox)
        if index is not None and index < len(self.rooms):
            self._on_pick(self.rooms[index])
