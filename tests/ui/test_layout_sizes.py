"""The chat page at 800x600 with Ctrl+plus three times, at 1920x1080, and at 200 % scaling:
no button cut off or touching the window's edge (issue 19). Real windows: the host with a
pinned announcement and 8 hands up, and a student's window with the hand raised."""

from __future__ import annotations

import tkinter

import pytest

from chatgui.ui.app import ChatApp
from chatgui.ui.settings import Settings
from tests.support import wait_until
from tests.ui.layoutkit import classmates, cut_or_touching, settle
from tests.ui.roomkit import CHANNEL, HOST, host_room, members, press, stop_app

PIN = "Homework: page 42, exercises 3 to 7, due Friday. Bring a calculator and the worksheet."


def zoom_in(app: ChatApp, times: int) -> None:
    """Ctrl+plus, as typed in the message box."""
    assert app.page is not None
    for _ in range(times):
        press(app.page.view.input.widget, "<Control-plus>")


def busy_class(
    host: ChatApp, tk_root: tkinter.Tk, port: int, sam: ChatApp, sam_root: tkinter.Tk
) -> None:
    """Sam's window in the host's room, a pin, and Sam's hand up."""
    sam.start.join_now("Sam", f"127.0.0.1:{port}")
    wait_until(
        lambda: sam_root.update() or (sam.page is not None and HOST in members(sam)),
        15,
        tk_root,
        what="Sam's window in the room",
    )
    assert host.page is not None
    assert sam.page is not None
    host.page.handle_input(CHANNEL, f"/topic {PIN}")
    sam.page.view.hand_button.invoke()
    wait_until(
        lambda: sam_root.update() or (sam.page is not None and sam.page.view.hand_up),
        10,
        tk_root,
        what="Sam's hand up",
    )


@pytest.mark.parametrize(("size", "zoom"), [("800x600", 3), ("1920x1080", 0), ("1920x1080", 3)])
def test_nothing_is_cut_off_or_touches_the_edge(
    host: ChatApp,
    tk_root: tkinter.Tk,
    port: int,
    student: tuple[ChatApp, tkinter.Tk],
    size: str,
    zoom: int,
) -> None:
    sam, sam_root = student
    busy_class(host, tk_root, port, sam, sam_root)
    with classmates(port, 8, tk_root, host, sam_root) as peers:
        for peer in peers:
            peer.send(f"HAND {CHANNEL}")
        assert host.page is not None
        wait_until(lambda: len(host.page.view.hands.hands) == 9, 10, tk_root, what="9 hands")  # type: ignore[union-attr]
        problems = {}
        for app, root in ((host, tk_root), (sam, sam_root)):
            root.geometry(f"{size}+0+0")
            settle(tk_root, sam_root)
            zoom_in(app, zoom)
            settle(tk_root, sam_root)
            assert (root.winfo_width(), root.winfo_height()) == tuple(map(int, size.split("x")))
            problems[app.session.nick] = cut_or_touching(root)
            assert app.page is not None
            if zoom == 0:  # a wide window has room for all three columns
                assert app.page.view.members_shown()
                assert app.page.view.side.winfo_ismapped()
        assert problems == {HOST: [], "Sam": []}


def test_at_200_percent_scaling_nothing_is_cut_off(tk_root: tkinter.Tk, port: int) -> None:
    """A HiDPI screen at 200 %: Tk's points are twice the pixels; 1920x1080 holds as 960x540
    would at 100 %. Tk keeps the scaling per display, for every window of the process: it is
    put back after."""
    before = tk_root.tk.call("tk", "scaling")
    tk_root.tk.call("tk", "scaling", 2 * 96 / 72)
    app = ChatApp(tk_root, Settings(name=HOST))
    try:
        host_room(app, tk_root)
        app.page.handle_input(CHANNEL, f"/topic {PIN}")  # type: ignore[union-attr]
        with classmates(port, 8, tk_root, app) as peers:
            for peer in peers:
                peer.send(f"HAND {CHANNEL}")
            wait_until(lambda: len(app.page.view.hands.hands) == 8, 10, tk_root, what="8 hands")  # type: ignore[union-attr]
            tk_root.geometry("1920x1080+0+0")
            settle(tk_root)
            assert cut_or_touching(tk_root) == []
    finally:
        stop_app(app)
        tk_root.tk.call("tk", "scaling", before)


def test_the_people_count_brings_back_the_member_list_a_narrow_window_hid(
    host: ChatApp, tk_root: tkinter.Tk
) -> None:
    """At 800x600 with Ctrl+plus three times the member list gives way first; the header's
    "1 person" shows it again in the sidebar's place, and a second click hides it."""
    assert host.page is not None
    view = host.page.view
    tk_root.geometry("800x600+0+0")
    zoom_in(host, 3)
    settle(tk_root)
    assert view.side.winfo_ismapped()
    assert not view.members_shown()
    view.header.count.invoke()
    settle(tk_root)
    assert view.members_shown()
    assert not view.side.winfo_ismapped()
    assert cut_or_touching(tk_root) == []
    view.header.count.invoke()
    settle(tk_root)
    assert not view.members_shown()
    assert view.side.winfo_ismapped()
