"""The banner above the message box: when the host's computer stops, it says the connection
is lost and that messages wait, offers Try now, and goes once the room is back; when the
teacher closes the room, it says so and offers Back to the start.

The lost room is a real `chatgui serve` killed and started again (test_outage.py's Host);
the closed one is a room on this machine stopped by its owner.
"""

from __future__ import annotations

import queue
import tkinter
from collections.abc import Iterator

import pytest

from chatgui import limits
from chatgui.events import ChatEvent, ServerStarted
from chatgui.net.server import ChatServer, ServerConfig
from chatgui.ui import commands, wording
from chatgui.ui.app import ChatApp
from chatgui.ui.closing import ROOM_CLOSED
from chatgui.ui.settings import Settings
from tests.support import free_port, wait_until
from tests.ui.layoutkit import box, settle
from tests.ui.roomkit import CHANNEL, members, shown, transcript_text, type_line
from tests.ui.test_outage import Host

pytestmark = pytest.mark.slow


@pytest.fixture
def host(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Host]:
    made = Host(tmp_path_factory.mktemp("banner"))
    yield made
    made.kill()


@pytest.fixture
def sam(tk_root: tkinter.Tk, monkeypatch: pytest.MonkeyPatch) -> Iterator[ChatApp]:
    """Sam's window, whose client would wait a minute before trying again on its own."""
    monkeypatch.setattr(limits, "RECONNECT_BACKOFF_LAN_S", (60.0,))
    monkeypatch.setenv("CHATGUI_DISCOVERY_INTERFACES", "127.0.0.1")
    tk_root.geometry("800x600+0+0")
    app = ChatApp(tk_root, Settings(name="Sam"))
    yield app
    app.leave()
    app.discovery.stop()
    app.pump.stop()


def banner(app: ChatApp) -> str:
    assert app.page is not None
    return app.page.view.composer.banner.text()


def test_the_banner_says_the_room_is_lost_offers_try_now_and_goes_when_back(
    sam: ChatApp, host: Host, tk_root: tkinter.Tk
) -> None:
    host.start(tk_root)
    sam.join("Sam", f"127.0.0.1:{host.port}", "")
    wait_until(lambda: sam.page is not None and "Sam" in members(sam), 15, tk_root, what="in")
    assert sam.page is not None
    assert banner(sam) == ""
    type_line(sam, "/away lunch")
    wait_until(lambda: away(sam), 10, tk_root, what="Sam shown away")

    host.kill()
    wait_until(lambda: banner(sam) == wording.connection_lost(), 10, tk_root, what="the banner")
    assert sam.page.outage.try_now_button is not None
    assert shown(sam.page.outage.try_now_button)
    type_line(sam, "typed while lost")
    assert sam.page.view.input.get() == "", "a message typed while lost stayed in the box"
    type_line(sam, "/away lunch")  # the room must answer it: it can't wait unseen
    assert commands.NOT_WHILE_AWAY in transcript_text(sam)
    assert sam.page.view.input.get() == "/away lunch"
    sam.page.view.input.set("")

    host.start(tk_root)
    sam.discovery.stop_finding()  # only the button may bring Sam back within the test
    sam.page.outage.try_now_button.invoke()
    wait_until(lambda: banner(sam) == "", 15, tk_root, what="the banner gone once back")
    wait_until(lambda: away(sam), 10, tk_root, what="Sam still away after the reconnect")
    settle(tk_root, turns=20)  # the room's answer to the away set again, had it been shown
    said = transcript_text(sam).count("You're marked away: lunch")
    assert said == 1, f"the away confirmed {said} times: once per /away typed, not per return"


def away(app: ChatApp) -> bool:
    assert app.page is not None
    return any(m.away for m in app.page.view.members.get(CHANNEL, ()) if m.nick == "Sam")


@pytest.fixture
def room_port() -> Iterator[tuple[int, ChatServer]]:
    port = free_port()
    events: queue.Queue[ChatEvent] = queue.Queue()
    server = ChatServer(
        ServerConfig(network="Class chat", rooms=(CHANNEL,)), events, "127.0.0.1", port
    )
    server.start()
    assert isinstance(events.get(timeout=10), ServerStarted)
    yield port, server
    server.stop()


def test_the_banner_says_the_teacher_closed_the_room_and_offers_the_start(
    sam: ChatApp, tk_root: tkinter.Tk, room_port: tuple[int, ChatServer]
) -> None:
    port, server = room_port
    sam.join("Sam", f"127.0.0.1:{port}", "")
    wait_until(lambda: sam.page is not None and "Sam" in members(sam), 15, tk_root, what="in")
    assert sam.page is not None
    server.stop()
    wait_until(lambda: banner(sam) == ROOM_CLOSED, 10, tk_root, what="the closed banner")
    assert ROOM_CLOSED.startswith("The teacher closed this room")
    assert shown(sam.page.closing.back_button)
    assert str(sam.page.view.input.widget.cget("state")) == "disabled"
    assert sam.page.view.composer.send_button.instate(["disabled"])


def test_the_closed_banner_keeps_its_button_whole_at_800x600(
    sam: ChatApp, tk_root: tkinter.Tk, room_port: tuple[int, ChatServer]
) -> None:
    """The words wrap; the button beside them is never squeezed (it was cut to "Bac")."""
    port, server = room_port
    tk_root.geometry("800x600+0+0")
    sam.join("Sam", f"127.0.0.1:{port}", "")
    wait_until(lambda: sam.page is not None and "Sam" in members(sam), 15, tk_root, what="in")
    assert sam.page is not None
    server.stop()
    wait_until(lambda: banner(sam) == ROOM_CLOSED, 10, tk_root, what="the closed banner")
    settle(tk_root)
    back = box(sam.page.closing.back_button)
    assert back.width >= back.wanted_width, f"the button is squeezed: {back}"
