"""What a flood of messages changes outside the transcript, the title's count and the
sidebar's, changes once per turn of the event pump, not once per message: a new title is a
round trip to the window manager, a badge a redraw. Real windows, a real room on 127.0.0.1."""

from __future__ import annotations

import tkinter

from chatgui.ui.app import ChatApp
from tests.support import wait_until
from tests.ui.notify_kit import another_window_focused
from tests.ui.roomkit import HOST, join_peer

COUNT = 40  # within a student's flood allowance: the room relays them at once


def test_a_burst_of_private_messages_changes_the_title_and_badge_a_few_times(
    host: ChatApp, tk_root: tkinter.Tk, port: int
) -> None:
    assert host.page is not None
    sidebar = host.page.view.conversations
    titles: list[str] = []
    badges: list[str] = []
    set_title, set_unread = tk_root.title, sidebar.set_unread

    def title(text: str | None = None) -> str:
        if text is not None:
            titles.append(text)
        return set_title(text)  # type: ignore[arg-type]

    def unread(key: str, count: int) -> None:
        badges.append(f"{key} {count}")
        set_unread(key, count)

    sam = join_peer(port, "Sam", tk_root, host)
    try:
        sam.send(f"PRIVMSG {HOST} :first")  # the conversation opens: counted from the next
        wait_until(lambda: sidebar.unread("sam") == "1", 10, tk_root, what="Sam's first")
        with another_window_focused(tk_root):
            tk_root.title = title  # type: ignore[method-assign]
            sidebar.set_unread = unread  # type: ignore[method-assign]
            sam.send_raw("".join(f"PRIVMSG {HOST} :line {n}\r\n" for n in range(COUNT)).encode())
            wait_until(
                lambda: titles[-1:] and titles[-1].startswith(f"({COUNT + 1}) "),
                10,
                tk_root,
                what=f"({COUNT + 1}) in the title",
            )
            wait_until(lambda: sidebar.unread("sam") == str(COUNT + 1), 10, tk_root)
    finally:
        del tk_root.title, sidebar.set_unread
        sam.close()
    assert len(titles) <= COUNT // 4, f"the title was set {len(titles)} times: {titles}"
    assert len(badges) <= COUNT // 4, f"the badge was set {len(badges)} times: {badges}"
