"""StartScreen: a name, and two big choices, Host a room or Join a room.

Every field is checked as it is typed and the reason is shown under it, inside the window
(never a popup). Enter does the obvious thing on each page; Escape goes back.
"""

import tkinter as tk
from collections.abc import Callable
from tkinter import ttk

from chatgui.events import RoomFound
from chatgui.ui import validation, wording
from chatgui.ui.card import Card, Height, wrapping
from chatgui.ui.choice_tile import ChoiceTile
from chatgui.ui.found_rooms import FoundRooms, address_of, found_title
from chatgui.ui.lesson_choice import LessonChoice
from chatgui.ui.listbox_choice import selected_index
from chatgui.ui.scrolled import with_scrollbar
from chatgui.ui.settings import Settings

HostCallback = Callable[[str, str, str], None]
JoinCallback = Callable[[str, str, str, str, str], None]
"""on_join(name, address, password, host key, room code)."""
HOST_ABOUT = "Start a room on this computer. Your class joins it from their own."
JOIN_ABOUT = "Go into a room your teacher or a classmate opened nearby."
PASSWORD_ABOUT = "Optional. Everyone who joins types it; leave it empty for an open room."
KEEP_PRIVATE_ABOUT = (
    "Off: private messages are never written down. On: the room's history keeps them too."
)
OPENING_THE_ROOM = "Opening the room…"
LABEL_WIDTH = 10
"""The width, in letters, of the labels left of the name and the Host page's fields, so the
fields start at one x, as a form's do."""
OPTION_INDENT = 28
"""Pixels from a checkbox's left to its text, so an option's explanation lines up with it."""
HEADINGS = {"choice": "chatgui", "host": "Host a room", "join": "Join a room"}
PAGE_HEIGHTS: dict[str, Height] = {"choice": "tall", "host": "natural", "join": "full"}
"""How each page sizes the card: the choices grow into the window, the Host page is as tall
as its form, and the Join page's list takes every line the window has."""


class StartScreen:
    """The first thing people see. Call from the Tk thread only."""

    def __init__(
        self,
        parent: tk.Misc,
        settings: Settings,
        on_host: HostCallback,
        on_join: JoinCallback,
        fonts: tuple[str, str],
    ) -> None:
        self._on_host = on_host
        self._on_join = on_join
        # The page fills the window; the card sits in its middle.
        self.frame = ttk.Frame(parent, style="Backdrop.TFrame")
        self.name = tk.StringVar(parent, value=settings.name)
        self.room = tk.StringVar(parent, value=settings.room_name)
        self.password = tk.StringVar(parent)
        self.host_key = tk.StringVar(parent)
        self.code = tk.StringVar(parent)
        self.address = tk.StringVar(
            parent, value=settings.recent_addresses[0] if settings.recent_addresses else ""
        )
        self.message = tk.StringVar(parent)
        self._recent = settings.recent_addresses
        big, normal = fonts
        self.card = Card(self.frame, normal)
        card = self.card.frame
        card.columnconfigure(0, weight=1)
        self.heading = ttk.Label(card, text="chatgui", font=big)
        self.heading.grid(row=0, column=0, sticky="w", pady=(0, 4))
        self.about = wrapping(card, "Chat with your class: host a room, or join one.")
        self.about.grid(row=1, column=0, sticky="we", pady=(0, 12))
        named = ttk.Frame(card)  # the name and its field on one line, as forms have them
        named.grid(row=2, column=0, sticky="we")
        named.columnconfigure(1, weight=1)
        ttk.Label(named, text="Your name", width=LABEL_WIDTH).grid(
            row=0, column=0, sticky="w", padx=(0, 12)
        )
        self.name_entry = ttk.Entry(named, textvariable=self.name, width=24, font=normal)
        self.name_entry.grid(row=0, column=1, sticky="we")
        self.name_hint = wrapping(card, style="Error.TLabel")
        self.name_hint.grid(row=3, column=0, sticky="we")
        self.pages = ttk.Frame(card)
        self.pages.grid(row=4, column=0, sticky="nsew", pady=(12, 0))
        card.rowconfigure(4, weight=1)
        self.choice_page = self._build_choice(big)
        self.host_page = self._build_host(normal, settings)
        self.join_page = self._build_join(normal)
        self.error = wrapping(card, textvariable=self.message, style="Error.TLabel")
        self._address_touched = False  # typed in, or Join pressed, since the page was shown
        for variable in (self.name, self.room, self.password, self.host_key, self.code):
            variable.trace_add("write", lambda *_: self._validate())
        self.address.trace_add("write", lambda *_: self._address_typed())
        self.frame.bind_all("<Escape>", self._escape, add="+")
        self.on_page: Callable[[str], None] = lambda page: None  # the window starts the finder
        self.show("choice")

    # --- pages ---

    def _build_choice(self, heading: str) -> ttk.Frame:
        """The two big choices side by side, each saying what it does."""
        page = ttk.Frame(self.pages)
        page.columnconfigure((0, 1), weight=1, uniform="choice")
        page.rowconfigure(0, weight=1)
        host = ChoiceTile(page, "⌂", "Host a room", HOST_ABOUT, lambda: self.show("host"), heading)
        join = ChoiceTile(page, "➜", "Join a room", JOIN_ABOUT, lambda: self.show("join"), heading)
        host.frame.grid(row=0, column=0, sticky="nsew", padx=(0, 8))
        join.frame.grid(row=0, column=1, sticky="nsew", padx=(8, 0))
        self.host_button, self.host_about = host.button, host.about
        self.join_button, self.join_about = join.button, join.about
        return page

    def _build_host(self, font: str, settings: Settings) -> ttk.Frame:
        """The room's name and password as a form, then its options, each with what it means."""
        page = ttk.Frame(self.pages)
        form = ttk.Frame(page)
        form.pack(fill="x")
        form.columnconfigure(1, weight=1)
        self.room_entry = ttk.Entry(_field(form, 0, "Room name"), textvariable=self.room, font=font)
        self.room_entry.pack(fill="x")
        secret = _field(form, 1, "Password")
        self.host_password = ttk.Entry(secret, textvariable=self.password, show="•", font=font)
        self.host_password.pack(fill="x")
        wrapping(secret, PASSWORD_ABOUT, style="Hint.TLabel").pack(fill="x")
        self.keep_private = tk.BooleanVar(page, value=False)  # off unless the host asks, every time
        _option(page, "Keep private messages in the room's history", self.keep_private)
        wrapping(page, KEEP_PRIVATE_ABOUT, style="Hint.TLabel").pack(
            fill="x", padx=(OPTION_INDENT, 0)
        )
        self.encrypted_only = tk.BooleanVar(page, value=settings.encrypted_only)  # remembered
        self.encrypted_only_box = _option(page, "Encrypted connections only", self.encrypted_only)
        self.encrypted_only_hint = wrapping(
            page,
            "IRC programs without encryption can't join then; chatgui windows can.",
            style="Hint.TLabel",
        )
        self.encrypted_only_hint.pack(fill="x", padx=(OPTION_INDENT, 0))
        slot = ttk.Frame(page, height=1)
        slot.pack(fill="x", pady=(8, 0))
        self.lesson = LessonChoice(slot)  # continue the room's last lesson, or a new one
        self.room.trace_add("write", lambda *_: self.lesson.room_typed(self.room.get()))
        self.host_buttons = buttons = ttk.Frame(page)
        buttons.pack(fill="x", pady=(16, 0))
        ttk.Button(buttons, text="Back", command=lambda: self.show("choice")).pack(side="left")
        self.open_button = ttk.Button(
            buttons, text="Open the room", style="Accent.TButton", command=self._host
        )
        self.open_button.pack(side="right", ipadx=12, ipady=4)
        return page

    def _build_join(self, font: str) -> ttk.Frame:
        """The rooms found, those joined before, and the fields for an address typed in."""
        page = ttk.Frame(self.pages)
        self.found = FoundRooms(page, font, self._pick_found, self._join)
        self.found.frame.pack(fill="both", expand=True, pady=(0, 4))
        recent = ttk.Frame(page)  # only when there are some: a first join has more room
        if self._recent:
            recent.pack(fill="x")
        ttk.Label(recent, text="Rooms joined before").pack(anchor="w")
        listed = ttk.Frame(recent)
        listed.pack(fill="x")
        self.rooms_list = tk.Listbox(listed, height=2, font=font, exportselection=False)
        with_scrollbar(self.rooms_list, listed)
        for address in self._recent:
            self.rooms_list.insert("end", address)
        self.rooms_list.bind("<<ListboxSelect>>", self._pick_recent)
        self.rooms_list.bind("<Double-Button-1>", lambda e: self._join())
        self.address_row = row = ttk.Frame(page)  # the address and its room code, side by side
        row.pack(fill="x", pady=(4, 0))
        row.columnconfigure(0, weight=3, uniform="address")
        row.columnconfigure(1, weight=2, uniform="address")
        wrapping(row, "Or type the address shown on the host's screen").grid(
            row=0, column=0, sticky="we"
        )
        wrapping(row, "Room code (optional)").grid(row=0, column=1, sticky="we", padx=(8, 0))
        self.address_entry = ttk.Entry(row, textvariable=self.address, font=font)
        self.address_entry.grid(row=1, column=0, sticky="we")
        self.code_entry = ttk.Entry(row, textvariable=self.code, font=font, width=12)
        self.code_entry.grid(row=1, column=1, sticky="we", padx=(8, 0))
        self.code_hint = wrapping(page, wording.ROOM_CODE_HINT, style="Hint.TLabel")
        self.code_hint.pack(fill="x")
        secrets = ttk.Frame(page)  # the two secrets side by side: the page fits at 800x600
        secrets.pack(fill="x", pady=(6, 0))
        secrets.columnconfigure((0, 1), weight=1, uniform="secret")
        room_secret = _column(secrets, 0, "Room password (if the host set one)")
        self.join_password = ttk.Entry(room_secret, textvariable=self.password, show="•", font=font)
        self.join_password.pack(fill="x")
        host_secret = _column(secrets, 1, "Host key (teacher)")
        self.host_key_entry = ttk.Entry(
            host_secret, textvariable=self.host_key, show="•", font=font
        )
        self.host_key_entry.pack(fill="x")
        self.join_buttons = buttons = ttk.Frame(page)
        buttons.pack(fill="x", pady=(10, 0))
        ttk.Button(buttons, text="Back", command=lambda: self.show("choice")).pack(side="left")
        self.connect_button = ttk.Button(
            buttons, text="Join", style="Accent.TButton", command=self._join
        )
        self.connect_button.pack(side="right", ipadx=24, ipady=4)
        return page

    def show(self, page: str) -> None:
        """Show the "choice", "host" or "join" page and put the cursor where typing starts."""
        self.page = page
        pages = {"choice": self.choice_page, "host": self.host_page, "join": self.join_page}
        for name, frame in pages.items():
            if name == page:
                frame.pack(fill="both", expand=True)
            else:
                frame.pack_forget()
        self.message.set("")
        self._address_touched = False
        self.card.height = PAGE_HEIGHTS[page]
        self.heading.configure(text=HEADINGS[page])
        if page == "choice":  # the app says what it is once; a page's heading says the rest
            self.about.grid()
        else:
            self.about.grid_remove()
        if page == "host":
            self.lesson.room_typed(self.room.get())
        focus = {"choice": self.name_entry, "host": self.room_entry, "join": self.address_entry}
        focus[page].focus_set()
        self.frame.winfo_toplevel().bind("<Return>", lambda e: self._enter())
        self._validate()
        self.on_page(page)

    # --- checking and acting ---

    def problems(self) -> dict[str, str]:
        """What is wrong with the fields of the current page, by field."""
        found = {}
        checks = {"name": validation.name_problem(self.name.get())}
        if self.page == "host":
            checks["room"] = validation.room_name_problem(self.room.get())
            checks["password"] = validation.password_problem(self.password.get())
        if self.page == "join":
            checks["address"] = validation.address_problem(self.address.get())
            checks["password"] = validation.password_problem(self.password.get())
            checks["host key"] = validation.host_key_problem(self.host_key.get())
            checks["code"] = validation.room_code_problem(self.code.get())
        for field, problem in checks.items():
            if problem is not None:
                found[field] = problem
        return found

    def _validate(self) -> None:
        problems = self.problems()
        self.name_hint.configure(text=problems.get("name", ""))
        if problems.get("name"):  # no empty line under the name while it is fine
            self.name_hint.grid()
        else:
            self.name_hint.grid_remove()
        others = [(field, text) for field, text in problems.items() if field != "name"]
        typed_something = (
            self.page != "join" or bool(self.address.get().strip()) or self._address_touched
        )
        self.error.configure(style="Error.TLabel")
        field, text = others[0] if others and typed_something else ("", "")
        self.message.set(text)
        self._message_under(self._fields().get(field))
        state = "disabled" if problems else "normal"
        for button in (self.host_button, self.join_button):
            button.configure(state="disabled" if "name" in problems else "normal")
        self.open_button.configure(state=state)
        self.connect_button.configure(state=state)

    def _fields(self) -> dict[str, ttk.Widget]:
        """The current page's fields, by the names problems() gives them (the message about
        an address or a code goes under the row that holds both)."""
        if self.page == "host":
            return {"room": self.room_entry, "password": self.host_password}
        if self.page == "join":
            return {
                "address": self.address_row,
                "code": self.address_row,
                "password": self.join_password,
                "host key": self.host_key_entry,
            }
        return {}

    def _message_under(self, widget: ttk.Widget | None) -> None:
        """The message goes under its field; one about the page (opening, connecting, why it
        failed) under the page's button; on the choice page under the choices."""
        buttons = {"host": self.host_buttons, "join": self.join_buttons}.get(self.page)
        below = widget or buttons
        self.error.grid_forget()
        self.error.pack_forget()
        if below is None:
            self.error.grid(row=5, column=0, sticky="we", pady=(12, 0))
        else:
            self.error.pack(in_=below.master, after=below, fill="x", pady=(2, 4))
        self.card.fit()

    def _address_typed(self) -> None:
        self._address_touched = True
        self._validate()

    def _escape(self, event: "tk.Event[tk.Misc]") -> None:
        """Back to the choice page, only while the start screen is the one showing."""
        if self.frame.winfo_manager():
            self.show("choice")

    def _enter(self) -> None:
        if self.page == "host":
            self._host()
        elif self.page == "join":
            self._join()
        elif "name" not in self.problems():
            self.show("join")

    def _host(self) -> None:
        if not self.problems():
            self.busy(OPENING_THE_ROOM)
            name = validation.typed_name(self.name.get())
            self._on_host(name, self.room.get().strip(), self.password.get())

    def _join(self) -> None:
        if self.problems():  # say why nothing happens, even before anything was typed
            self._address_touched = True
            self._validate()
            return
        if self._asks_for_password():
            return
        self.busy(f"Connecting to {self.address.get().strip()}…")
        name, address = validation.typed_name(self.name.get()), self.address.get().strip()
        host_key, code = self.host_key.get().strip(), self.code.get().strip()
        self._on_join(name, address, self.password.get(), host_key, code)

    def _asks_for_password(self) -> bool:
        """A found room that needs a password asks for it first, with the cursor in its field."""
        room = self.found.chosen(self.address.get().strip())
        if room is None or not room.password or self.password.get():
            return False
        self.fail(wording.password_needed(found_title(room)))
        self.join_password.focus_set()
        return True

    def _pick_found(self, room: RoomFound) -> None:
        self.address.set(address_of(room))

    def _pick_recent(self, event: "tk.Event[tk.Listbox]") -> None:
        chosen = selected_index(self.rooms_list)
        if chosen is not None:
            self.address.set(self.rooms_list.get(chosen))

    def host_now(self, name: str, room: str) -> None:
        """Fill in the Host page and open the room, as a teacher's shortcut would."""
        if name:
            self.name.set(name)
        self.show("host")
        self.room.set(room)
        self._host()

    def join_now(self, name: str, address: str, host_key: str = "") -> None:
        """Fill in the Join page and press Join, as a shortcut made by the teacher would."""
        if name:
            self.name.set(name)
        self.show("join")
        self.address.set(address)
        self.host_key.set(host_key)
        self._join()
        if self.problems():
            self.message.set(next(iter(self.problems().values())))

    def ask_for_code(self, text: str) -> None:
        """Joining needs the room code: say why under its field, with the cursor in it."""
        self.fail(text)
        self._message_under(self.address_row)
        self.code_entry.focus_set()

    def busy(self, text: str) -> None:
        self.error.configure(style="TLabel")
        self._message_under(None)
        self.message.set(text)
        self.open_button.configure(state="disabled")
        self.connect_button.configure(state="disabled")

    def fail(self, text: str) -> None:
        """Show why hosting or joining did not work; the fields stay as typed."""
        self.error.configure(style="Error.TLabel")
        self._validate()
        self._message_under(None)
        self.message.set(text)


def _field(form: ttk.Frame, row: int, label: str) -> ttk.Frame:
    """A row of the Host page's form: its label on the left, a frame for its field (and what
    is said under it) on the right, every field starting at the same x."""
    ttk.Label(form, text=label, width=LABEL_WIDTH).grid(
        row=row, column=0, sticky="nw", padx=(0, 12), pady=(4, 0)
    )
    field = ttk.Frame(form)
    field.grid(row=row, column=1, sticky="we", pady=(0, 8))
    return field


def _column(row: ttk.Frame, column: int, label: str) -> ttk.Frame:
    """One of fields side by side: its label above it, in a frame that can hold a message."""
    field = ttk.Frame(row)
    field.grid(row=0, column=column, sticky="nwe", padx=(8 if column else 0, 0))
    wrapping(field, label).pack(fill="x")
    return field


def _option(page: ttk.Frame, text: str, variable: tk.BooleanVar) -> ttk.Checkbutton:
    """A switchable option of the Host page, its explanation to be packed under it."""
    box = ttk.Checkbutton(page, text=text, variable=variable)
    box.pack(anchor="w", pady=(8, 0))
    return box
