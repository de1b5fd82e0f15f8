"""Access keys on every menu, in real windows: every cascade and every item has its letter
underlined, no two items of one menu share a letter (every menu the window can have, the
host's and a student's, a helper's, the member menus), and Alt+letter opens the menu.

The host is a ChatApp hosting on 127.0.0.1; Sam is a second ChatApp on its own Tk root.
Alt+R is typed with xdotool into the real window, as a person would press it.
"""

from __future__ import annotations

import tkinter

from chatgui.ui.app import ChatApp
from chatgui.ui.commands import PersonControl
from tests.support import find_window, press_key, wait_until
from tests.ui.roomkit import CHANNEL, HOST
from tests.ui.test_closing import sam_in_the_room


def entries(menu: tkinter.Menu) -> list[int]:
    last = menu.index("end")
    return (
        []
        if last is None
        else [i for i in range(last + 1) if menu.type(i) not in ("separator", "tearoff")]
    )


def access_letters(menu: tkinter.Menu) -> dict[str, str]:
    """Each entry's label → its underlined letter ("" when none is)."""
    letters = {}
    for index in entries(menu):
        label = str(menu.entrycget(index, "label"))
        at = int(menu.entrycget(index, "underline"))
        letters[label] = label[at].casefold() if 0 <= at < len(label) else ""
    return letters


def menus_of(app: ChatApp) -> dict[str, tkinter.Menu]:
    """The window's menu bar and each of its menus, by name."""
    bar = app.root.nametowidget(app.root["menu"])
    found = {"menu bar": bar}
    for index in entries(bar):
        found[str(bar.entrycget(index, "label"))] = bar.nametowidget(bar.entrycget(index, "menu"))
    return found


def check_menu(name: str, menu: tkinter.Menu) -> None:
    letters = access_letters(menu)
    without = [label for label, letter in letters.items() if not letter.isalnum()]
    assert not without, f"{name}: no access key on {without}"
    shared = {
        letter: [label for label, other in letters.items() if other == letter]
        for letter in set(letters.values())
    }
    clashes = {letter: labels for letter, labels in shared.items() if len(labels) > 1}
    assert not clashes, f"{name}: items share an access key: {clashes}"


def check_window(app: ChatApp, who: str) -> list[str]:
    """Check every menu of `app`'s window and return the labels checked."""
    checked = []
    for name, menu in menus_of(app).items():
        check_menu(f"{who}'s {name}", menu)
        checked += access_letters(menu)
    return checked


def test_every_menu_of_every_window_has_access_keys_of_its_own(
    host: ChatApp,
    tk_root: tkinter.Tk,
    port: int,
    student: tuple[ChatApp, tkinter.Tk],
) -> None:
    sam, sam_root = student
    sam_in_the_room(host, tk_root, sam, port)
    assert host.page is not None
    assert sam.page is not None
    host.page.client.set_topic(CHANNEL, "Quiz at ten")  # Remove the pinned announcement
    sam.page.teacher.toggle_hand()  # the host's member menu: Lower hand

    def both(check: object, what: str) -> None:
        wait_until(lambda: sam_root.update() or check(), 10, tk_root, what=what)  # type: ignore[operator]

    both(lambda: host.page and host.page.teacher.hands.get(CHANNEL), "Sam's hand up")
    both(lambda: host.page and host.page.teacher.tools.topics.get(CHANNEL), "the pin")
    host.page.teacher.refresh()
    checked = check_window(host, HOST) + check_window(sam, "Sam, a student")
    teacher = host.page.teacher
    check_menu("the host's menu on Sam", teacher.build_member_menu("Sam"))
    checked += access_letters(teacher.build_member_menu("Sam"))
    check_menu("Sam's menu on the host", sam.page.teacher.build_member_menu(HOST))
    teacher.person(PersonControl("helper", CHANNEL, "Sam"))  # Sam's Room menu: the settings
    teacher.person(PersonControl("mute", CHANNEL, "Sam"))
    both(lambda: sam.page and sam.page.teacher.in_charge(CHANNEL), "Sam a helper")
    both(lambda: teacher.marks_of(CHANNEL, "Sam")[0], "Sam muted")
    sam.page.teacher.refresh()
    checked += check_window(sam, "Sam, a helper")
    check_menu("the host's menu on a muted helper", teacher.build_member_menu("Sam"))
    checked += access_letters(teacher.build_member_menu("Sam"))
    for label in (
        "Room",
        "View",
        "Help",
        "Leave",
        "Keyboard shortcuts…",
        "Word filter…",
        "Remove the pinned announcement",
        "Ask the host privately…",
        "Lower hand",
        "Unmute",
        "Remove helper",
    ):
        assert label in checked, f"{label!r} was not among the menus checked: {checked}"


def posted_menu(root: tkinter.Misc) -> list[str]:
    """The labels of the menu posted from the menu bar now ([] if none): on X11 Tk posts a
    clone of the cascade's menu, so the mapped one is found among the root's menus."""

    def menus(path: str) -> list[str]:
        found = []
        for child in root.tk.splitlist(root.tk.call("winfo", "children", path)):
            if root.tk.call("winfo", "class", child) == "Menu":
                found.append(str(child))
            found += menus(str(child))
        return found

    for path in menus("."):
        if int(root.tk.call("winfo", "ismapped", path)) and path.count("#") > 1:
            last = root.tk.call(path, "index", "end")
            return [
                str(root.tk.call(path, "entrycget", i, "-label"))
                for i in range(int(last) + 1)
                if root.tk.call(path, "type", i) != "separator"
            ]
    return []


def test_alt_letter_opens_the_menu_from_the_message_box(host: ChatApp, tk_root: tkinter.Tk) -> None:
    assert host.page is not None
    tk_root.title("chatgui access keys")
    window = find_window("^chatgui access keys$", 10, tk_root)
    for keys, first in (
        ("alt+r", "Save transcript…"),
        ("alt+v", "Bigger text"),
        ("alt+h", "Keyboard shortcuts…"),
    ):
        tk_root.focus_force()
        host.page.view.input.widget.focus_set()
        tk_root.update()
        press_key(window, keys, tk_root)
        wait_until(lambda first=first: first in posted_menu(tk_root), 5, tk_root, what=first)
        press_key(window, "Escape", tk_root)
        press_key(window, "Escape", tk_root)
        wait_until(lambda: not posted_menu(tk_root), 5, tk_root, what="the menu closed")
