"""Helpers for the in-process window tests: a ChatApp on the test display, rooms on 127.0.0.1,
raw IRC peers that watch what the window sends, and keys delivered to the focused widget.

Every wait is bounded (support.wait_until). Nothing here replaces Tk or the network: the app's
own server and client threads carry every line over 127.0.0.1 sockets.
"""

from __future__ import annotations

import queue
import tkinter
from collections.abc import Iterator
from contextlib import contextmanager

from chatgui import limits
from chatgui.events import ChatEvent, ServerStarted
from chatgui.net.server import ChatServer, ServerConfig
from chatgui.protocol.names import casefold
from chatgui.ui.app import ChatApp
from tests.lineclient import LineClient
from tests.support import wait_until

CHANNEL = "#class-chat"
HOST = "Ms_Rivera"
"""The teacher whose window hosts the room in tests/ui/conftest.py's `host` fixture."""
ROOM_ENDS_WITHIN_S = limits.SERVER_STOP_TIMEOUT_S + 2 * limits.SERVER_PROCESS_GRACE_S + 5
"""Ample: a closed room's process ends, or is killed past its grace (a bound, not a timing)."""


def press(widget: tkinter.Misc, sequence: str) -> None:
    """Deliver a key event to `widget` as Tk would: it gets the focus first (key events go to
    the focus widget, whatever window `event generate` names)."""
    widget.focus_force()
    widget.update()
    assert widget.focus_get() == widget, f"{widget} did not get the keyboard focus"
    widget.event_generate(sequence)
    widget.update()


def transcript_text(app: ChatApp, conversation: str = CHANNEL) -> str:
    assert app.page is not None
    found = app.page.view.transcripts.get(casefold(conversation))
    return found.text() if found is not None else ""


def head_line(widget: tkinter.Text, words: str) -> str:
    """The index of the head (avatar, name, badge, time) of the group showing `words`."""
    index = widget.search(words, "1.0", stopindex="end")
    assert index, f"{words!r} is not shown"
    head = widget.tag_prevrange("head", index)
    assert head, f"{words!r} has no name above it"
    return str(head[0])


def writer_of(app: ChatApp, words: str, conversation: str = CHANNEL) -> str:
    """The name on the group that shows `words`: who the window says wrote them."""
    assert app.page is not None
    widget = app.page.view.transcripts[casefold(conversation)].widget
    start = head_line(widget, words)
    name = widget.tag_nextrange("name", start, f"{start} lineend")
    return widget.get(name[0], name[1]) if name else ""


def members(app: ChatApp, channel: str = CHANNEL) -> list[str]:
    assert app.page is not None
    return [m.nick for m in app.page.view.members.get(casefold(channel), ())]


def member_rows(app: ChatApp) -> list[str]:
    """The member list as shown: section rows with their counts ("Everyone  2") and people
    with their icons ("Sam  ✋")."""
    assert app.page is not None
    return app.page.view.member_list.rows()


def host_room(app: ChatApp, root: tkinter.Tk, room: str = "Class chat") -> None:
    """Open a room from the start screen (CHATGUI_BIND/PORT must be set) and wait until the
    window shows it with its host as the only member."""
    app.start.show("host")
    app.start.room.set(room)
    app.start.open_button.invoke()
    wait_until(
        lambda: app.page is not None and members(app) == [app.session.nick],
        15,
        root,
        what="the host's window in its own room",
    )


def join_peer(port: int, nick: str, root: tkinter.Tk, app: ChatApp, caps: str = "") -> LineClient:
    """A raw IRC client in the room, once the window lists it as a member."""
    peer = LineClient(port)
    peer.register(nick, caps)
    peer.send(f"JOIN {CHANNEL}")
    peer.expect(rf" 366 {nick} {CHANNEL} ")
    wait_until(lambda: nick in members(app), 10, root, what=f"{nick} in the member list")
    return peer


def student_joins(
    sam: ChatApp, sam_root: tkinter.Tk, host: ChatApp, root: tkinter.Tk, port: int
) -> None:
    """Sam's window (the `student` fixture) joins the host's room on `port`, and both windows
    show it."""
    sam.start.join_now("Sam", f"127.0.0.1:{port}")
    wait_until(
        lambda: sam_root.update() or ("Sam" in members(host) and sam.page is not None),
        15,
        root,
        what="Sam's window in the room",
    )


def type_line(app: ChatApp, text: str) -> None:
    """Put `text` in the input box and press Enter on it."""
    assert app.page is not None
    app.page.view.input.set(text)
    press(app.page.view.input.widget, "<Return>")


@contextmanager
def plain_server(
    port: int, room: str = "Class chat", host_nick: str = "Teacher"
) -> Iterator[LineClient]:
    """A chatgui room on 127.0.0.1:`port` without a window, as another PC would host it, with
    its host `host_nick` (a raw client holding the host secret) in #class-chat, so the room
    is listed."""
    events: queue.Queue[ChatEvent] = queue.Queue()
    config = ServerConfig(network=room, rooms=(CHANNEL,), host_secret="host-secret")
    server = ChatServer(config, events, bind="127.0.0.1", port=port)
    server.start()
    host: LineClient | None = None
    try:
        started = events.get(timeout=10)
        assert isinstance(started, ServerStarted), f"the room did not open: {started}"
        host = LineClient(port)
        host.send("PASS host-secret")
        host.register(host_nick)
        host.send(f"JOIN {CHANNEL}")
        host.expect(rf" 366 {host_nick} {CHANNEL} ")
        yield host
    finally:
        if host is not None:
            host.close()
        server.stop()


def stop_app(app: ChatApp) -> None:
    """End the app's threads without destroying the root (the tk_root fixture does that),
    its room's process included: leave() only asks it to close."""
    app.leave()
    wait_until(lambda: app.closing.room is None, ROOM_ENDS_WITHIN_S, app.root, what="room ended")
    app.pump.stop()
    app.discovery.stop()
    assert app.discovery.wait_ended(limits.DISCOVERY_STOP_TIMEOUT_S * 2), "discovery still runs"


def shown(widget: tkinter.Misc) -> bool:
    """True when `widget` is managed by a geometry manager (packed, gridded or placed)."""
    return bool(widget.winfo_manager())


def disabled(button: tkinter.Misc) -> bool:
    return bool(button.instate(["disabled"]))  # type: ignore[attr-defined]
