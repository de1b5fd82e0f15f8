"""The newest message stays in view when the window changes size, narrower included (its lines
then wrap into more and push the end down), and the messages have a scrollbar when they don't
fit."""

from __future__ import annotations

import tkinter

from chatgui.ui.app import ChatApp
from tests.support import wait_until
from tests.ui.roomkit import CHANNEL, join_peer, transcript_text


def end_in_view(app: ChatApp) -> bool:
    assert app.page is not None
    shown = app.page.view.shown_transcript()
    assert shown is not None
    shown.widget.update()
    return shown.widget.bbox("end-1c linestart") is not None


def test_a_narrower_window_keeps_the_newest_message_in_view(
    host: ChatApp, tk_root: tkinter.Tk, port: int
) -> None:
    sam = join_peer(port, "Sam", tk_root, host)
    try:
        for n in range(40):
            sam.send(f"PRIVMSG {CHANNEL} :message {n} " + "with quite a few words in it " * 3)
        wait_until(lambda: "message 39" in transcript_text(host), 10, tk_root, what="all 40")
        tk_root.update()
        assert end_in_view(host)
        shown = host.page.view.shown_transcript() if host.page else None
        assert shown is not None
        assert shown.scrollbar.winfo_ismapped(), "40 long messages don't fit: a scrollbar"
        for size in ("820x640", "1200x640", "820x600"):
            tk_root.geometry(size)
            tk_root.update()
            tk_root.after(200)
            tk_root.update()
            assert end_in_view(host), f"the newest message went out of view at {size}"
    finally:
        sam.close()
