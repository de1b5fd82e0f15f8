"""The sidebar: Notices, then the sections Rooms and Private, each conversation with an unread
badge in the alert colours, and the one shown marked (issue 19). The row "Room messages" that
meant nothing to students is now "Notices": what the room's server says to this person."""

from __future__ import annotations

import tkinter
from tkinter import ttk

from chatgui.protocol.names import casefold
from chatgui.ui.app import ChatApp
from chatgui.ui.chat_view import SERVER
from chatgui.ui.conversation_list import NOTICES
from tests.support import wait_until
from tests.ui.layoutkit import classmates, settle
from tests.ui.roomkit import CHANNEL, HOST, transcript_text


def style_colour(widget: ttk.Widget, option: str) -> str:
    return str(ttk.Style(widget).lookup(str(widget.cget("style")), option))


def test_sections_badges_and_the_current_conversation(
    host: ChatApp, tk_root: tkinter.Tk, port: int
) -> None:
    assert host.page is not None
    view = host.page.view
    sidebar = view.conversations
    assert sidebar.titles() == [NOTICES, "Class chat"]
    assert "Room messages" not in sidebar.titles()
    assert sidebar.hint.winfo_ismapped()  # "Double-click a name to talk privately."
    with classmates(port, 2, tk_root, host) as (aisha, jonas):
        for n in range(3):
            aisha.send(f"PRIVMSG {HOST} :psst {n}")
        jonas.send(f"PRIVMSG {HOST} :question")
        wait_until(lambda: "psst 2" in transcript_text(host, "Aisha"), 10, tk_root, what="psst")
        wait_until(lambda: "question" in transcript_text(host, "Jonas"), 10, tk_root)
        settle(tk_root)
        assert sidebar.titles() == [NOTICES, "Class chat", "Aisha", "Jonas"]
        assert not sidebar.hint.winfo_ismapped()
        assert (sidebar.unread("aisha"), sidebar.unread("jonas"), sidebar.unread(CHANNEL)) == (
            "3",
            "1",
            "",
        )
        badge = sidebar.rows["aisha"].badge
        palette = host.looks.palette()
        assert badge.winfo_ismapped()
        assert style_colour(badge, "background") == palette.alert
        assert style_colour(badge, "foreground") == palette.on_alert
        current = sidebar.rows[casefold(CHANNEL)]
        assert style_colour(current.frame, "background") == palette.accent
        assert style_colour(sidebar.rows["aisha"].frame, "background") == palette.surface

        sidebar.rows["aisha"].name.event_generate("<Button-1>", x=5, y=5)
        settle(tk_root)
        assert view.current == "aisha"
        assert sidebar.unread("aisha") == ""
        assert style_colour(sidebar.rows["aisha"].frame, "background") == palette.accent
        assert str(view.header.title.cget("text")) == "Aisha"
        assert not view.members_shown()  # a private conversation has no member list

        sidebar.rows[SERVER].name.event_generate("<Button-1>", x=5, y=5)
        settle(tk_root)
        assert str(view.header.title.cget("text")) == NOTICES
        assert "Nothing typed here is sent" in view.header.topic_text()
