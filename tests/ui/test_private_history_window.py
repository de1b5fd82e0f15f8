"""A private conversation's history in real windows: it comes back to the same person (the
same settings folder, so the same identity) in a window started again, and to nobody else
who takes their name.

The room is a real chatgui server on 127.0.0.1 keeping private messages; the teacher is a raw
IRC client that proves an account with SASL, as irssi would.
"""

from __future__ import annotations

import gc
import queue
import tkinter
from collections.abc import Iterator
from pathlib import Path

import pytest

from chatgui.events import ChatEvent, ServerStarted
from chatgui.net.server import ChatServer, ServerConfig
from chatgui.protocol.names import casefold
from chatgui.ui.app import ChatApp
from chatgui.ui.settings import Settings
from chatgui.ui.transcript import Transcript
from tests.lineclient import LineClient
from tests.net.server.saslkit import log_in
from tests.support import free_port, screenshot, wait_until
from tests.ui.roomkit import CHANNEL, stop_app

SHOT = Path("/tmp/chatgui-private-history.png")


@pytest.fixture
def room(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[int]:
    monkeypatch.setenv("CHATGUI_DISCOVERY_INTERFACES", "127.0.0.1")
    events: queue.Queue[ChatEvent] = queue.Queue()
    config = ServerConfig(network="Class chat", rooms=(CHANNEL,), keep_private=True)
    server = ChatServer(
        config, events, bind="127.0.0.1", port=free_port(), history=tmp_path / "room.sqlite3"
    )
    server.start()
    try:
        started = events.get(timeout=10)
        assert isinstance(started, ServerStarted), started
        yield started.port
    finally:
        server.stop()


def _window(
    display: str, home: Path, port: int, monkeypatch: pytest.MonkeyPatch
) -> tuple[ChatApp, tkinter.Tk]:
    """A window whose settings (and so identity) are in `home`, joined to the room as Kim."""
    monkeypatch.setenv("CHATGUI_HOME", str(home))
    root = tkinter.Tk(screenName=display)
    root.geometry("900x600+0+0")
    app = ChatApp(root, Settings(name="Kim"))
    app.start.join_now("Kim", f"127.0.0.1:{port}")
    wait_until(
        lambda: app.page is not None and casefold(CHANNEL) in app.page.view.transcripts,
        15,
        root,
        what="the window in the room",
    )
    return app, root


def _close(app: ChatApp, root: tkinter.Tk) -> None:
    stop_app(app)
    root.destroy()
    gc.collect()  # its Tk variables, here on the main thread (tests/ui/conftest.py says why)


def _private_tab(app: ChatApp, root: tkinter.Tk, nick: str) -> Transcript:
    """Open the private conversation with `nick`, and wait until its history has come."""
    app.page.open_private(nick)
    assert app.page is not None
    transcript = app.page.view.transcripts[casefold(nick)]
    wait_until(lambda: transcript.at_start, 10, root, what="the conversation's earlier messages")
    root.update()
    return transcript


def test_a_private_conversation_comes_back_to_its_person_only(
    display: str, room: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    teacher = LineClient(room)
    try:
        log_in(teacher, "teacher", "teacher-window-secret", "message-tags server-time")
        teacher.send(f"JOIN {CHANNEL}")
        teacher.expect(rf" 366 teacher {CHANNEL} ")
        kim, kim_root = _window(display, tmp_path / "kims-pc", room, monkeypatch)
        teacher.send("PRIVMSG Kim :your mark is a B")
        wait_until(
            lambda: "your mark is a B" in _text(kim, "teacher"),
            10,
            kim_root,
            what="the teacher's private message",
        )
        assert kim.client is not None
        kim.client.say("teacher", "thank you, Ms Rivera")
        teacher.expect("thank you, Ms Rivera")
        _close(kim, kim_root)

        # Someone else takes the name Kim: another PC, another identity. Nothing of Kim's.
        other, other_root = _window(display, tmp_path / "another-pc", room, monkeypatch)
        shown = _private_tab(other, other_root, "teacher")
        assert "mark" not in shown.text()
        assert "thank you" not in shown.text()
        _close(other, other_root)

        # Kim starts the program again on her own PC: her conversation is back.
        again, again_root = _window(display, tmp_path / "kims-pc", room, monkeypatch)
        shown = _private_tab(again, again_root, "teacher")
        text = shown.text()
        assert text.index("your mark is a B") < text.index("thank you, Ms Rivera")
        screenshot(SHOT)
        _close(again, again_root)
    finally:
        teacher.close()


def _text(app: ChatApp, conversation: str) -> str:
    if app.page is None:
        return ""
    found = app.page.view.transcripts.get(casefold(conversation))
    return found.text() if found is not None else ""
