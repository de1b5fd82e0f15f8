"""The raised-hands queue wraps and scrolls: with 8 hands up, every one can be lowered."""

from __future__ import annotations

import tkinter

from chatgui.ui.app import ChatApp
from tests.support import wait_until
from tests.ui.layoutkit import classmates, settle, visible_in_ancestors
from tests.ui.roomkit import CHANNEL


def reach(app: ChatApp, nick: str) -> tkinter.Misc:
    """`nick`'s Lower button, reached as with Tab: given the focus, it scrolls into view."""
    assert app.page is not None
    button = app.page.view.hands.lower_buttons[nick]
    button.focus_set()
    return button


def test_eight_hands_up_are_all_reachable(host: ChatApp, tk_root: tkinter.Tk, port: int) -> None:
    with classmates(port, 8, tk_root, host) as peers:
        for peer in peers:
            peer.send(f"HAND {CHANNEL}")
        assert host.page is not None
        hands = host.page.view.hands
        wait_until(lambda: len(hands.hands) == 8, 10, tk_root, what="8 hands in the queue")
        settle(tk_root)
        for hand in hands.hands:
            button = reach(host, hand.nick)
            settle(tk_root)
            assert button.winfo_ismapped(), hand.nick
            assert visible_in_ancestors(button), hand.nick
