"""The host's computer crashes and comes back: a student's window says so in words, keeps
what is typed meanwhile, is back as soon as the room announces itself again, and a private
line to a classmate not back yet waits for them.

The host is a real `chatgui serve` process on 127.0.0.1, SIGKILLed and started again on the
same port; the classmate is a raw socket. The window's backoff is made a minute long, so
only the room's announcement can bring it back within the test.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tkinter
from collections.abc import Iterator
from pathlib import Path

import pytest

from chatgui import limits
from chatgui.ui import wording
from chatgui.ui.app import ChatApp
from chatgui.ui.settings import Settings
from tests.lineclient import LineClient
from tests.support import free_port, wait_for_port, wait_until
from tests.ui.roomkit import CHANNEL, members, transcript_text, type_line

pytestmark = pytest.mark.slow


class Host:
    """`chatgui serve` for room CHANNEL on 127.0.0.1:port, killed and started at will."""

    def __init__(self, tmp_path: Path) -> None:
        self.port = free_port()
        self.home = tmp_path / "host"
        self.log = tmp_path / "host.log"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self, root: tkinter.Misc) -> None:
        env = {**os.environ, "CHATGUI_HOME": str(self.home)}
        command = [sys.executable, "-m", "chatgui", "serve", "--bind", "127.0.0.1"]
        command += ["--port", str(self.port), "--room", CHANNEL, "--host", "Ms_Rivera"]
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
        wait_for_port(self.port, root)

    def kill(self) -> None:
        if self.process is not None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(5)
            self.process = None


@pytest.fixture
def host(tmp_path: Path) -> Iterator[Host]:
    made = Host(tmp_path)
    yield made
    made.kill()


@pytest.fixture
def sam(tk_root: tkinter.Tk, monkeypatch: pytest.MonkeyPatch) -> Iterator[ChatApp]:
    """Sam's window, whose client would wait a minute before each try to get back."""
    monkeypatch.setattr(limits, "RECONNECT_BACKOFF_LAN_S", (60.0,))
    tk_root.geometry("900x640+0+0")
    app = ChatApp(tk_root, Settings(name="Sam"))
    yield app
    app.leave()
    app.discovery.stop()
    app.pump.stop()


@pytest.fixture
def classmates() -> Iterator[list[LineClient]]:
    """Raw connections a test opens; all closed at its end, passed or failed."""
    opened: list[LineClient] = []
    yield opened
    for client in opened:
        client.close()


def ana_joins(port: int, classmates: list[LineClient]) -> LineClient:
    ana = LineClient(port)
    classmates.append(ana)
    ana.register("Ana")
    ana.send(f"JOIN {CHANNEL}")
    ana.expect(rf" 366 Ana {CHANNEL} ")
    return ana


def test_the_room_lost_and_regained_is_said_and_nothing_typed_is_lost(
    sam: ChatApp, host: Host, tk_root: tkinter.Tk, classmates: list[LineClient]
) -> None:
    host.start(tk_root)
    sam.join("Sam", f"127.0.0.1:{host.port}", "")
    ana = ana_joins(host.port, classmates)
    wait_until(lambda: sam.page is not None and "Ana" in members(sam), 15, tk_root, what="both in")
    assert sam.page is not None

    host.kill()
    gone = wording.room_gone("lost")
    wait_until(lambda: gone in transcript_text(sam), 5, tk_root, what="the room said gone")
    assert sam.page.view.status.get() == wording.trying_again()
    assert "ECONN" not in transcript_text(sam) + sam.page.view.status.get()
    assert sam.page.view.composer.banner.text() == wording.connection_lost()

    type_line(sam, "typed while the host was away")
    line = "typed while the host was away (waiting…)"
    wait_until(lambda: line in transcript_text(sam), 5, tk_root, what="the room line waiting")
    sam.page.open_private("Ana")
    type_line(sam, "psst: page 4")  # the input now writes to Ana
    psst = "psst: page 4 (waiting…)"
    wait_until(lambda: psst in transcript_text(sam, "Ana"), 5, tk_root, what="Ana's line waiting")

    host.start(tk_root)
    back = wording.back_in_the_room()
    wait_until(
        lambda: back in transcript_text(sam),
        10,  # far less than the minute the client would wait: the announcement did it
        tk_root,
        what="Sam back in the room on the room's announcement",
    )
    assert sam.page.view.composer.banner.text() == ""
    assert sam.page.view.conversation_name() == "Ana", "the rejoin took Sam away from Ana's page"
    waiting = "psst: page 4 (waiting for Ana to come back…)"
    wait_until(lambda: waiting in transcript_text(sam, "Ana"), 5, tk_root, what="Ana waited for")
    wait_until(
        lambda: "typed while the host was away (waiting…)" not in transcript_text(sam),
        5,
        tk_root,
        what="the room line sent",
    )

    ana.close()
    ana = LineClient(host.port)  # back, not yet in the room: Sam's client is watching for her
    classmates.append(ana)
    ana.register("Ana")
    assert ana.expect(r" PRIVMSG Ana :psst: page 4$").startswith(":Sam!")
    ana.expect_nothing(" PRIVMSG Ana ", within=1.0)
    wait_until(
        lambda: "psst: page 4 (" not in transcript_text(sam, "Ana"), 5, tk_root, what="sent mark"
    )
    assert "not sent" not in transcript_text(sam, "Ana")
