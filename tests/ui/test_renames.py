"""Renames in the open, in real Tk windows over 127.0.0.1: "Sam is now Sammy" in the room and
in the private conversation (which follows the new name), our own new name in the title, the
status bar and the settings, the name the server gave instead of a taken one, the new name
kept through a reconnect, and the host turning renames off from the Room menu and /renames.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import tkinter
from collections.abc import Iterator

import pytest

from chatgui.protocol.names import casefold
from chatgui.ui.app import ChatApp
from chatgui.ui.settings import Settings, load_settings
from tests.support import screenshot, wait_until
from tests.ui.roomkit import (
    CHANNEL,
    join_peer,
    members,
    plain_server,
    stop_app,
    transcript_text,
    type_line,
)
from tests.ui.test_teacher import invoke, labels

HOST = "Ms_Rivera"


def test_a_rename_is_said_in_the_room_and_the_private_conversation_follows(
    host: ChatApp, tk_root: tkinter.Tk, port: int
) -> None:
    assert host.page is not None
    sam = join_peer(port, "Sam", tk_root, host)
    sam.send(f"PRIVMSG {HOST} :can I ask something?")
    wait_until(lambda: "can I ask" in transcript_text(host, "Sam"), 10, tk_root, what="Sam's line")
    host.page.view.show("Sam")
    sam.send("NICK Sammy")
    wait_until(lambda: "Sammy" in members(host), 10, tk_root, what="Sammy in the member list")
    assert "✎ Sam is now Sammy" in transcript_text(host)
    private = transcript_text(host, "Sammy")
    assert "can I ask something?" in private  # the same conversation, under the new name
    assert "✎ Sam is now Sammy" in private
    assert "sam" not in host.page.view.transcripts
    assert host.page.view.conversation_name() == "Sammy"
    assert host.page.view.title.cget("text") == "Sammy"
    listed = host.page.view.conversations.titles()
    assert "Sammy" in listed
    assert "Sam" not in listed
    sam.send(f"PRIVMSG {HOST} :it's me again")
    wait_until(lambda: "it's me again" in transcript_text(host, "Sammy"), 10, tk_root)
    type_line(host, "yes, go on")  # typed in the conversation: it goes to the new name
    sam.expect(r"PRIVMSG Sammy :yes, go on$")
    tk_root.update()
    screenshot("/tmp/rename-line.png")
    sam.close()


def test_our_own_new_name_is_in_the_title_status_bar_and_settings(
    host: ChatApp, tk_root: tkinter.Tk, port: int
) -> None:
    assert host.page is not None
    watcher = join_peer(port, "Kim", tk_root, host)
    type_line(host, "/nick Ms_R")
    watcher.expect(r"NICK :?Ms_R$")
    wait_until(lambda: "Ms_R" in members(host), 10, tk_root, what="the new name in the list")
    assert "✎ Ms_Rivera is now Ms_R" in transcript_text(host)
    assert " — Ms_R — " in tk_root.title()
    assert host.page.view.status.get().endswith("as Ms_R")
    assert load_settings().name == "Ms_R"
    watcher.close()


@pytest.fixture
def window(display: str) -> Iterator[tuple[ChatApp, tkinter.Tk]]:
    """A second window in this process, on its own Tk root: a student's PC."""
    root = tkinter.Tk(screenName=display)
    root.geometry("700x500+300+100")
    app = ChatApp(root, Settings(name="Sam"))
    yield app, root
    stop_app(app)
    root.destroy()


def test_a_taken_name_is_said_in_words(
    host: ChatApp, tk_root: tkinter.Tk, port: int, window: tuple[ChatApp, tkinter.Tk]
) -> None:
    first = join_peer(port, "Sam", tk_root, host)
    sam, sam_root = window
    sam.start.join_now("Sam", f"127.0.0.1:{port}")
    wait_until(
        lambda: sam_root.update() or "Sam_2" in members(host),  # type: ignore[func-returns-value]
        15,
        tk_root,
        what="the second Sam in the room",
    )
    wait_until(
        lambda: sam_root.update() or "Sam is taken here; you are Sam_2" in _all_text(sam),  # type: ignore[func-returns-value]
        10,
        tk_root,
        what="the sentence about the taken name",
    )
    assert sam.page is not None
    assert "Sam is taken here" in sam.page.view.status.get()
    first.close()


def _all_text(app: ChatApp) -> str:
    if app.page is None:
        return ""
    return "\n".join(t.text() for t in app.page.view.transcripts.values())


class Relay:
    """A TCP relay on 127.0.0.1 between the window and a room: drop() cuts every connection
    through it, as a network cable pulled out would; new connections wait (in the listen
    backlog) until resume(), so the test decides when the reconnect gets through."""

    def __init__(self, target: int) -> None:
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.listener.settimeout(0.1)
        self.port: int = self.listener.getsockname()[1]
        self.target = target
        self.sockets: list[socket.socket] = []
        self.running = True
        self.passing = threading.Event()
        self.passing.set()
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self) -> None:
        while self.running:
            if not self.passing.wait(0.1):
                continue
            try:
                inside, _ = self.listener.accept()
            except OSError:
                continue
            outside = socket.create_connection(("127.0.0.1", self.target), timeout=5)
            self.sockets += [inside, outside]
            for source, sink in ((inside, outside), (outside, inside)):
                threading.Thread(target=self._pipe, args=(source, sink), daemon=True).start()

    @staticmethod
    def _pipe(source: socket.socket, sink: socket.socket) -> None:
        source.settimeout(None)
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        for end in (source, sink):  # shutdown, not only close: a FIN even while the other
            with contextlib.suppress(OSError):  # direction's thread still waits in recv
                end.shutdown(socket.SHUT_RDWR)

    def drop(self) -> None:
        self.passing.clear()
        for end in self.sockets:
            with contextlib.suppress(OSError):  # already shut from the other side
                end.shutdown(socket.SHUT_RDWR)  # a FIN both ways, and wakes the relay's threads
        for end in self.sockets:
            end.close()
        self.sockets.clear()

    def resume(self) -> None:
        self.passing.set()

    def close(self) -> None:
        self.running = False
        self.drop()
        self.thread.join(2)
        self.listener.close()


def test_our_new_name_survives_a_reconnect(tk_root: tkinter.Tk, port: int) -> None:
    app = ChatApp(tk_root, Settings(name="Sam"))
    with plain_server(port) as teacher:
        relay = Relay(port)
        try:
            app.start.join_now("Sam", f"127.0.0.1:{relay.port}")
            wait_until(
                lambda: app.page is not None and "Teacher" in members(app),
                15,
                tk_root,
                what="Sam in the room",
            )
            type_line(app, "/nick Sammy")
            teacher.expect(r":Sam!\S+ NICK :?Sammy$")
            wait_until(
                lambda: app.session.nick == "Sammy", 10, tk_root, what="the window's new name"
            )
            relay.drop()
            teacher.expect(r":Sammy!\S+ QUIT ")  # the room saw Sammy go: the name is free
            relay.resume()
            teacher.expect(rf":Sammy!\S+ JOIN :?{CHANNEL}$", timeout=15)
            wait_until(lambda: "Sammy" in members(app), 10, tk_root, what="back as Sammy")
            assert " — Sammy — " in tk_root.title()
            assert casefold("Sam") not in [casefold(m) for m in members(app)]
        finally:
            stop_app(app)
            relay.close()


def renames_off(app: ChatApp) -> bool:
    """Renames are off as the server last reported it."""
    return "N" in app.page.teacher.modes.get(CHANNEL, {})


def test_the_host_turns_renames_off_and_on(host: ChatApp, tk_root: tkinter.Tk, port: int) -> None:
    sam = join_peer(port, "Sam", tk_root, host)
    invoke(host.room_menu, "Stop renames")
    wait_until(lambda: renames_off(host), 5, tk_root, what="the server's +N in the window")
    assert host.page.teacher.renames_off.get()
    assert "Ms_Rivera turned off renames" in transcript_text(host)
    sam.expect(r"MODE #class-chat \+N$")
    sam.send("NICK Sammy")
    sam.expect(r" 447 Sam #class-chat :You can't change your name in #class-chat: the host")
    type_line(host, "/renames on")
    wait_until(lambda: not renames_off(host), 5, tk_root, what="the server's -N in the window")
    assert not host.page.teacher.renames_off.get()
    assert "Ms_Rivera turned on renames" in transcript_text(host)
    sam.send("NICK Sammy")
    wait_until(lambda: "Sammy" in members(host), 10, tk_root, what="Sammy after renames are on")
    type_line(host, "/renames off")
    wait_until(lambda: renames_off(host), 5, tk_root, what="/renames off in the window")
    assert "Stop renames: names stay as they are" in labels(host.room_menu)
    sam.close()


def test_a_student_window_reads_why_its_rename_was_refused(
    host: ChatApp, tk_root: tkinter.Tk, port: int, window: tuple[ChatApp, tkinter.Tk]
) -> None:
    sam, sam_root = window
    sam.start.join_now("Sam", f"127.0.0.1:{port}")
    wait_until(
        lambda: sam_root.update() or (sam.page is not None and HOST in members(sam)),  # type: ignore[func-returns-value]
        15,
        tk_root,
        what="Sam's window in the room",
    )
    type_line(host, "/renames off")
    wait_until(
        lambda: sam_root.update() or "turned off renames" in transcript_text(sam),  # type: ignore[func-returns-value]
        10,
        tk_root,
    )
    type_line(sam, "/nick Sammy")
    wait_until(
        lambda: sam_root.update() or "the host turned renames off" in transcript_text(sam),  # type: ignore[func-returns-value]
        10,
        tk_root,
        what="the refusal in Sam's window",
    )
    assert sam.session.nick == "Sam"
    assert "Sam" in members(host)


def test_a_late_joiners_window_reads_the_rename_in_the_rooms_history(
    host: ChatApp, tk_root: tkinter.Tk, port: int, window: tuple[ChatApp, tkinter.Tk]
) -> None:
    sam = join_peer(port, "Sam", tk_root, host)
    sam.send(f"PRIVMSG {CHANNEL} :hello before my new name")
    sam.send("NICK Sammy")
    wait_until(lambda: "Sammy" in members(host), 10, tk_root, what="Sammy in the member list")
    late, late_root = window
    late.start.join_now("Kim", f"127.0.0.1:{port}")
    wait_until(
        lambda: late_root.update() or "Sam is now Sammy." in _all_text(late),  # type: ignore[func-returns-value]
        15,
        tk_root,
        what="the rename in the late joiner's history",
    )
    text = transcript_text(late)
    assert text.index("hello before my new name") < text.index("Sam is now Sammy.")
    sam.close()
