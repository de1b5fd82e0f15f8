"""MemberList: who is in the room shown, in sections (Host, Helpers, Everyone), each with its
count, and icons for a raised hand, muted and away.

A ttk.Treeview: themed, one row per person keyed by the folded name, so the row picked stays
picked while people come, go and change (the list is updated in place, never refilled). The
scrollbar shows when the list is longer than the column. A double-click or Enter opens a
private conversation; a right-click, the Menu key or Shift+F10 asks for the person's menu.
Call from the Tk thread only.
"""

import tkinter as tk
from collections.abc import Callable, Sequence
from tkinter import font as tkfont
from tkinter import ttk

from chatgui.events import Member
from chatgui.protocol.names import casefold
from chatgui.ui.scrolled import with_scrollbar
from chatgui.ui.theme import Palette

SECTIONS = (("~", "Host"), ("@", "Helpers"), ("", "Everyone"))
"""The sections by status prefix; everyone else (a voice "+" too) is in Everyone."""
HAND = "\N{RAISED HAND}"
MUTED = "\N{SPEAKER WITH CANCELLATION STROKE}"
AWAY = "\N{SLEEPING SYMBOL}"
MEMBER = "member:"
SECTION = "section:"

Marks = Callable[[Member], tuple[bool, bool]]
"""(muted, hand up) of a person in the room shown."""


def section_of(member: Member) -> str:
    return member.prefix if member.prefix in ("~", "@") else ""


def member_name(member: Member) -> str:
    """ "Sam", "+Sam" for a voice, "Zoe (Zoë)" where the server made the name plain."""
    voice = "+" if member.prefix == "+" else ""
    typed = f" ({member.typed})" if member.typed else ""
    return f"{voice}{member.nick}{typed}"


def member_icons(member: Member, muted: bool, hand_up: bool) -> str:
    return " ".join(
        icon for icon, on in ((HAND, hand_up), (MUTED, muted), (AWAY, member.away)) if on
    )


class MemberList:
    """The Treeview and what it shows; `on_open(nick)` and `on_menu(nick, x, y)` act."""

    def __init__(
        self,
        parent: tk.Misc,
        font: tkfont.Font,
        on_open: Callable[[str], None],
        on_menu: Callable[[str, int, int], None],
    ) -> None:
        """`font`: the rows' font, to size the icons' column."""
        self.frame = ttk.Frame(parent, style="Sidebar.TFrame")
        self._font = font
        self._on_open, self._on_menu = on_open, on_menu
        self.tree = ttk.Treeview(
            self.frame,
            style="Members.Treeview",
            show="tree",
            columns=("icons",),
            selectmode="browse",
        )
        self.tree.column("#0", stretch=True, width=60, minwidth=40)
        self.tree.column("icons", stretch=False, width=0, anchor="e")
        self.scrollbar = with_scrollbar(self.tree, self.frame)
        self.nicks: dict[str, str] = {}  # row id → nick
        self.tree.bind("<Double-Button-1>", lambda e: self._open())
        self.tree.bind("<Return>", lambda e: self._open())
        self.tree.bind("<Button-3>", self._clicked)
        self.tree.bind("<Shift-F10>", self._menu_key)
        self.tree.bind("<Key-Menu>", self._menu_key)
        self.tree.bind("<<TreeviewSelect>>", lambda e: self._no_section_picked())
        self.tree.bind("<Configure>", lambda e: self._fit_names(e.width), add="+")

    def show(self, members: Sequence[Member], marks: Marks) -> None:
        """The rows for `members`, updated in place: rows of people still here keep their
        place in the selection."""
        rows: list[tuple[str, str, str, tuple[str, ...]]] = []
        self.nicks = {}
        for prefix, title in SECTIONS:
            inside = [m for m in members if section_of(m) == prefix]
            if not inside:
                continue
            rows.append((SECTION + title, title, str(len(inside)), ("section",)))
            for member in inside:
                row_id = MEMBER + casefold(member.nick)
                self.nicks[row_id] = member.nick
                icons = member_icons(member, *marks(member))
                rows.append((row_id, member_name(member), icons, ("away",) if member.away else ()))
        widest = max((self._font.measure(icons) for _, _, icons, _ in rows), default=0)
        self.tree.column("icons", width=widest + 8 if widest else 0)
        self._fit_names(self.tree.winfo_width())
        wanted = {row_id for row_id, *_ in rows}
        stale = [row_id for row_id in self.tree.get_children() if row_id not in wanted]
        if stale:
            self.tree.delete(*stale)
        for index, (row_id, text, icons, tags) in enumerate(rows):
            if self.tree.exists(row_id):
                self.tree.item(row_id, text=text, values=(icons,), tags=tags)
                self.tree.move(row_id, "", index)
            else:
                self.tree.insert("", index, iid=row_id, text=text, values=(icons,), tags=tags)

    def _fit_names(self, width: int) -> None:
        """The names' column takes what the icons leave (Treeview does not stretch it)."""
        icons = int(self.tree.column("icons", "width"))
        self.tree.column("#0", width=max(40, width - icons - 4))

    def rows(self) -> list[str]:
        """Every row as shown: "Everyone  2" (a section and its count), "Sam  ✋ 🔇"."""
        lines = []
        for row_id in self.tree.get_children():
            icons = self.tree.set(row_id, "icons")
            text = str(self.tree.item(row_id, "text"))
            lines.append(f"{text}  {icons}" if icons else text)
        return lines

    def section(self, nick: str) -> str:
        """The section `nick` is listed in ("Host", "Helpers", "Everyone"; "" if not listed)."""
        found = ""
        for row_id in self.tree.get_children():
            if row_id.startswith(SECTION):
                found = row_id.removeprefix(SECTION)
            elif self.nicks.get(row_id) is not None and casefold(self.nicks[row_id]) == casefold(
                nick
            ):
                return found
        return ""

    def selected(self) -> str | None:
        """The nick of the person picked, if any."""
        chosen = self.tree.selection()
        return self.nicks.get(chosen[0]) if chosen else None

    def select(self, nick: str) -> None:
        row_id = MEMBER + casefold(nick)
        if self.tree.exists(row_id):
            self.tree.selection_set(row_id)
            self.tree.focus(row_id)
            self.tree.see(row_id)

    def pick_first(self) -> None:
        """Choose the first person listed when no one is chosen, so the Menu key and Enter
        act on someone at once (F6 arriving in the list)."""
        if self.selected() is None:
            rows = [row_id for row_id in self.tree.get_children() if row_id in self.nicks]
            if rows:
                self.select(self.nicks[rows[0]])

    def row_box(self, nick: str) -> tuple[int, int, int, int] | None:
        """(x, y, width, height) of `nick`'s row in the list, None when not on screen."""
        row_id = MEMBER + casefold(nick)
        box = self.tree.bbox(row_id) if self.tree.exists(row_id) else ""
        return (int(box[0]), int(box[1]), int(box[2]), int(box[3])) if box else None

    def _no_section_picked(self) -> None:
        """A section's heading is no one: picking it picks nothing."""
        chosen = self.tree.selection()
        if chosen and chosen[0] not in self.nicks:
            self.tree.selection_remove(chosen[0])

    def _open(self) -> str:
        nick = self.selected()
        if nick is not None:
            self._on_open(nick)
        return "break"

    def _clicked(self, event: "tk.Event[ttk.Treeview]") -> None:
        """Right-click: pick the row under the pointer, then ask for its menu."""
        row_id = self.tree.identify_row(event.y)
        if row_id in self.nicks:
            self.tree.selection_set(row_id)
            self._on_menu(self.nicks[row_id], event.x_root, event.y_root)

    def _menu_key(self, event: "tk.Event[ttk.Treeview]") -> str:
        """The Menu key or Shift+F10: the menu of the selected person, beside their row."""
        nick = self.selected()
        if nick is not None:
            box = self.row_box(nick)
            x = self.tree.winfo_rootx() + (box[0] + 20 if box else 20)
            y = self.tree.winfo_rooty() + (box[1] + box[3] if box else 20)
            self._on_menu(nick, x, y)
        return "break"

    def apply(self, palette: Palette, section_font: str) -> None:
        """Sections in quiet bold, away people greyed."""
        self.tree.tag_configure("section", foreground=palette.muted, font=section_font)
        self.tree.tag_configure("away", foreground=palette.muted)
