"""The window's title: the count of messages not read yet first, then the room and our name;
no room in it while none is open. Real windows, real rooms on 127.0.0.1, and another
program's real window taking the focus."""

from __future__ import annotations

import queue
import tkinter

from chatgui.events import ChatEvent, ServerStarted
from chatgui.net.server import ChatServer, ServerConfig
from chatgui.ui.app import ChatApp
from chatgui.ui.settings import Settings
from tests.lineclient import LineClient
from tests.support import wait_until
from tests.ui.notify_kit import another_window_focused, focus_back
from tests.ui.roomkit import CHANNEL, HOST, join_peer, stop_app, transcript_text

IN_THE_ROOM = f"Class chat — {HOST} — chatgui"


def test_the_title_counts_what_came_while_away_and_clears_as_it_is_read(
    host: ChatApp, tk_root: tkinter.Tk, port: int
) -> None:
    sam = join_peer(port, "Sam", tk_root, host)
    try:
        focus_back(tk_root)
        assert tk_root.title() == IN_THE_ROOM
        with another_window_focused(tk_root):
            sam.send(f"PRIVMSG {CHANNEL} :{HOST} can you check my answer?")
            sam.send(f"PRIVMSG {HOST} :I am stuck on question 3")
            sam.send(f"PRIVMSG {HOST} :the one with the triangle")
            sam.send(f"PRIVMSG {CHANNEL} :anyone else done?")  # names nobody: not counted
            wait_until(
                lambda: tk_root.title() == f"(3) {IN_THE_ROOM}",
                10,
                tk_root,
                what=f"(3) first in the title, not {tk_root.title()!r}",
            )
        focus_back(tk_root)  # the room is shown: its mention is read, the private ones not
        wait_until(lambda: tk_root.title() == f"(2) {IN_THE_ROOM}", 5, tk_root, what="(2)")
        assert host.page is not None
        host.page.view.show("Sam")
        wait_until(lambda: tk_root.title() == IN_THE_ROOM, 5, tk_root, what="no count once read")
    finally:
        sam.close()


def test_a_message_to_another_conversation_counts_while_the_window_is_in_front(
    host: ChatApp, tk_root: tkinter.Tk, port: int
) -> None:
    sam = join_peer(port, "Sam", tk_root, host)
    try:
        focus_back(tk_root)
        sam.send(f"PRIVMSG {HOST} :a question")
        wait_until(lambda: tk_root.title() == f"(1) {IN_THE_ROOM}", 10, tk_root, what="(1)")
        sam.send(f"PRIVMSG {CHANNEL} :{HOST} look at the board")  # the room being read
        wait_until(lambda: "look at the board" in transcript_text(host), 10, tk_root)
        assert tk_root.title() == f"(1) {IN_THE_ROOM}"
    finally:
        sam.close()


def test_with_no_room_open_the_title_is_our_name_and_the_program(
    tk_root: tkinter.Tk, port: int
) -> None:
    """A server of several rooms, none joined yet: once said "chatgui — Lou — chatgui"."""
    news: queue.Queue[ChatEvent] = queue.Queue()
    server = ChatServer(ServerConfig(rooms=("#maths", "#art")), news, bind="127.0.0.1", port=port)
    server.start()
    app = ChatApp(tk_root, Settings(name="Lou"))
    try:
        assert isinstance(news.get(timeout=10), ServerStarted)
        app.start.join_now("Lou", f"127.0.0.1:{port}")
        wait_until(
            lambda: app.page is not None and "Rooms here" in transcript_text(app, "*"),
            15,
            tk_root,
            what="the rooms listed",
        )
        assert tk_root.title() == "Lou — chatgui"
        assert app.page is not None
        app.page.view.input.set("/join #maths")
        app.page.view.input.send()
        wait_until(lambda: tk_root.title() == "Maths — Lou — chatgui", 10, tk_root)
        ana = LineClient(port)
        ana.register("Ana")
        ana.send("JOIN #maths")
        ana.expect(r" 366 Ana #maths ")
        with another_window_focused(tk_root):
            ana.send("PRIVMSG #maths :Lou, page 12")
            wait_until(lambda: tk_root.title() == "(1) Maths — Lou — chatgui", 10, tk_root)
            app.page.view.input.set("/part")
            app.page.view.input.send()  # the room left takes its unread message with it
            wait_until(lambda: tk_root.title() == "Lou — chatgui", 10, tk_root, what="no room")
        ana.close()
    finally:
        stop_app(app)
        server.stop()


def test_a_classmate_renamed_keeps_the_count_which_clears_under_the_new_name(
    host: ChatApp, tk_root: tkinter.Tk, port: int
) -> None:
    sam = join_peer(port, "Sam", tk_root, host)
    try:
        with another_window_focused(tk_root):
            sam.send(f"PRIVMSG {HOST} :can I ask something?")
            wait_until(lambda: tk_root.title() == f"(1) {IN_THE_ROOM}", 10, tk_root, what="(1)")
            sam.send("NICK Sammy")
            wait_until(lambda: "Sammy" in transcript_text(host, "Sammy"), 10, tk_root)
            sam.send(f"PRIVMSG {CHANNEL} :{HOST} sorry, new name")
            wait_until(lambda: tk_root.title() == f"(2) {IN_THE_ROOM}", 10, tk_root, what="(2)")
        focus_back(tk_root)
        assert host.page is not None
        wait_until(lambda: tk_root.title() == f"(1) {IN_THE_ROOM}", 5, tk_root, what="(1)")
        host.page.view.show("Sammy")
        wait_until(lambda: tk_root.title() == IN_THE_ROOM, 5, tk_root, what="read as Sammy")
    finally:
        sam.close()
