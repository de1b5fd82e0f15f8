"""Helpers for the layout tests: a class of raw IRC peers in the host's room, and the window's
geometry read as a person would see it (what is on screen, what is cut, what touches an edge).

Nothing is replaced: the peers are real sockets on 127.0.0.1, the window is real Tk.
"""

from __future__ import annotations

import tkinter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from chatgui.ui.app import ChatApp
from tests.lineclient import LineClient
from tests.support import wait_until
from tests.ui.roomkit import CHANNEL, members

EDGE_GAP = 8
"""Pixels a button keeps from the window's edges: closer, it looks cut or glued to the frame."""
CLASSMATES = [
    "Aisha",
    "Jonas",
    "Mei",
    "Lee",
    "Ana",
    "Bo",
    "Chloe",
    "Dev",
    "Eli",
    "Finn",
    "Gia",
    "Hugo",
    "Ivy",
    "Jade",
    "Kai",
    "Liam",
    "Maya",
    "Noah",
    "Olga",
    "Pia",
    "Quinn",
    "Ravi",
    "Sofia",
    "Tom",
    "Uma",
    "Vic",
    "Wen",
    "Xena",
    "Yusuf",
    "Zane",
    "Abe",
    "Bea",
]


@contextmanager
def classmates(
    port: int, count: int, root: tkinter.Tk, app: ChatApp, *roots: tkinter.Misc
) -> Iterator[list[LineClient]]:
    """`count` classmates in the room, all of them in `app`'s member list; closed after."""
    peers: list[LineClient] = []
    try:
        for nick in CLASSMATES[:count]:
            peer = LineClient(port)
            peers.append(peer)
            peer.register(nick)
            peer.send(f"JOIN {CHANNEL}")
        names = set(CLASSMATES[:count])

        def all_in() -> bool:
            for other in roots:
                other.update()
            return names <= set(members(app))

        wait_until(all_in, 20, root, what=f"{count} classmates in the member list")
        yield peers
    finally:
        for peer in peers:
            peer.close()


@dataclass(frozen=True)
class Box:
    """A widget's rectangle in its window's coordinates."""

    name: str
    x: int
    y: int
    width: int
    height: int
    wanted_width: int
    wanted_height: int

    @property
    def right(self) -> int:
        return self.x + self.width

    @property
    def bottom(self) -> int:
        return self.y + self.height


def box(widget: tkinter.Misc) -> Box:
    top = widget.winfo_toplevel()
    options = widget.configure() or {}
    return Box(
        f"{widget.winfo_class()} {widget.cget('text')!r}" if "text" in options else str(widget),
        widget.winfo_rootx() - top.winfo_rootx(),
        widget.winfo_rooty() - top.winfo_rooty(),
        widget.winfo_width(),
        widget.winfo_height(),
        widget.winfo_reqwidth(),
        widget.winfo_reqheight(),
    )


def shown_buttons(root: tkinter.Misc) -> list[tkinter.Misc]:
    """Every button on screen in the window: mapped, inside mapped parents. Buttons in a
    scrolled area (a Canvas) are left out: scrolling reaches them (tested on their own)."""
    found: list[tkinter.Misc] = []

    def walk(widget: tkinter.Misc) -> None:
        for child in widget.winfo_children():
            if not child.winfo_ismapped() or isinstance(child, tkinter.Toplevel | tkinter.Canvas):
                continue
            if child.winfo_class() == "TButton":
                found.append(child)
            walk(child)

    walk(root)
    return found


def visible_in_ancestors(widget: tkinter.Misc) -> bool:
    """True when the whole of `widget` lies inside every mapped ancestor up to the window: a
    button placed below a frame's bottom, or scrolled out of a canvas, is not visible."""
    rect = box(widget)
    parent = widget.nametowidget(widget.winfo_parent())
    top = widget.winfo_toplevel()
    while parent is not top:
        outer = box(parent)
        inside_x = outer.x <= rect.x and rect.right <= outer.right
        inside_y = outer.y <= rect.y and rect.bottom <= outer.bottom
        if not (inside_x and inside_y):
            return False
        parent = parent.nametowidget(parent.winfo_parent())
    return True


def cut_or_touching(root: tkinter.Tk) -> list[str]:
    """The buttons on screen that are squeezed below the size they ask for, hidden by a
    frame, or closer than EDGE_GAP to the window's edges (what a person sees as "cut off")."""
    width, height = root.winfo_width(), root.winfo_height()
    problems = []
    for button in shown_buttons(root):
        rect = box(button)
        if rect.width < rect.wanted_width or rect.height < rect.wanted_height:
            problems.append(f"{rect.name} squeezed: {rect}")
        elif rect.x < EDGE_GAP or rect.y < 0 or width - rect.right < EDGE_GAP:
            problems.append(f"{rect.name} at the edge: {rect}, window {width}x{height}")
        elif height - rect.bottom < EDGE_GAP:
            problems.append(f"{rect.name} at the bottom edge: {rect}, window {width}x{height}")
        elif not visible_in_ancestors(button):
            problems.append(f"{rect.name} outside its frame: {rect}")
    return problems


def settle(*roots: tkinter.Misc, turns: int = 5) -> None:
    """Let geometry changes run their course (a relayout can trigger another)."""
    for _ in range(turns):
        for root in roots:
            root.update()
