"""A headless room taken in charge: a real `chatgui serve` subprocess prints its one-time host
key, and a real window on the test display presents it from the Join page (or `--host-key`
on the command line) and becomes the room's host (~), with the host's powers. A student's
raw IRC client sees it all over 127.0.0.1.
"""

from __future__ import annotations

import os
import queue
import re
import subprocess
import sys
import threading
import tkinter
from collections.abc import Iterator
from pathlib import Path

import pytest

from chatgui.ui.app import ChatApp
from chatgui.ui.input_box import Outcome
from chatgui.ui.member_list import MUTED
from chatgui.ui.settings import Settings
from tests.lineclient import LineClient
from tests.support import free_port, screenshot, wait_until
from tests.ui.roomkit import members, stop_app, transcript_text
from tests.ui.test_renames import Relay

PROJECT = Path(__file__).resolve().parent.parent.parent
ROOM = "#class"
S = r":chatgui\.local"
KEY_SENTENCE = re.compile(r"^The host key is ([A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}): ")


class Serve:
    """`python -m chatgui serve` on 127.0.0.1, its printed lines read on a thread."""

    def __init__(self, port: int, *args: str) -> None:
        command = [sys.executable, "-m", "chatgui", "serve", "--bind", "127.0.0.1"]
        command += ["--port", str(port), "--room", "class", "--no-announce", "--no-history"]
        self.process = subprocess.Popen(
            [*command, *args],
            cwd=PROJECT,
            env=dict(os.environ),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            encoding="utf-8",
        )
        self.lines: queue.Queue[str] = queue.Queue()
        out = self.process.stdout
        assert out is not None
        self.reader = threading.Thread(target=lambda: [self.lines.put(line) for line in out])
        self.reader.start()

    def line(self, pattern: re.Pattern[str], timeout: float = 15.0) -> re.Match[str]:
        while True:
            found = pattern.search(self.lines.get(timeout=timeout).rstrip("\n"))
            if found is not None:
                return found

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)
        self.reader.join(timeout=10)
        if self.process.stdout is not None:
            self.process.stdout.close()


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[Serve, int, str]]:
    """`serve --host Ms_Rivera` on a free port: (the process, its port, the host key)."""
    port = free_port()
    room = Serve(port, "--host", "Ms_Rivera")
    try:
        key = room.line(KEY_SENTENCE).group(1)
        yield room, port, key
    finally:
        room.stop()


def student(port: int) -> LineClient:
    sam = LineClient(port, source="127.0.0.2")  # another computer than the teacher's
    sam.register("Sam")
    sam.send(f"JOIN {ROOM}")
    sam.expect(rf"^{S} 366 Sam {ROOM} ")
    return sam


def test_a_window_takes_a_serve_room_in_charge_from_the_join_page(
    tk_root: tkinter.Tk, served: tuple[Serve, int, str], tmp_path: Path
) -> None:
    room, port, key = served
    sam = student(port)
    app = ChatApp(tk_root, Settings(name="Ms_Rivera"))
    tk_root.geometry("900x760+0+0")
    try:
        app.start.show("join")
        app.start.address.set(f"127.0.0.1:{port}")
        app.start.host_key.set(key.lower())  # as a teacher may type it
        tk_root.update()
        assert app.start.problems() == {}
        screenshot(tmp_path / "join-page-host-key.png")
        app.start.connect_button.invoke()
        wait_until(
            lambda: app.page is not None and app.page.teacher.in_charge(ROOM),
            15,
            tk_root,
            what="the window in #class as its host",
        )
        sam.expect(rf"^:Ms_Rivera!\S+ JOIN :?{ROOM}$")
        sam.send(f"NAMES {ROOM}")
        sam.expect(rf"^{S} 353 Sam = {ROOM} :(Sam ~Ms_Rivera|~Ms_Rivera Sam)$")
        room.line(re.compile(r"Ms_Rivera at 127\.0\.0\.1 presented the host key"))
        assert app.page.teacher.my_status(ROOM) == "~"
        wait_until(lambda: "Sam" in members(app, ROOM), 10, tk_root, what="Sam in the list")
        assert app.page.handle_input(ROOM, "/mute Sam") is Outcome.SENT
        sam.expect(rf"^:Ms_Rivera!\S+ MODE {ROOM} \+b m:Sam")
        sam.expect_nothing(rf"NOTICE {ROOM}")  # the MODE line is the one way it is said
        assert app.page is not None
        listed = app.page.view.member_list
        wait_until(lambda: f"Sam  {MUTED}" in listed.rows(), 10, tk_root, what="Sam muted")
        screenshot(tmp_path / "window-with-host-powers.png")
        second = LineClient(port, source="127.0.0.2")  # another computer: the key is dead
        second.send(f"PASS {key}")
        second.send("NICK Tom")
        second.send("USER Tom 0 * :Tom")
        second.expect(rf"^{S} 464 Tom :That host key is not right, or was used already")
        second.close()
    finally:
        sam.close()
        stop_app(app)


def test_the_command_line_host_key_makes_the_window_the_host(
    served: tuple[Serve, int, str], display: str
) -> None:
    """`python -m chatgui --name Ms_Rivera --join ADDRESS --host-key KEY`, a window of its own."""
    _, port, key = served
    sam = student(port)
    window = subprocess.Popen(
        [sys.executable, "-m", "chatgui", "--name", "Ms_Rivera", "--join", f"127.0.0.1:{port}",
         "--host-key", key],
        cwd=PROJECT,
        env=dict(os.environ, DISPLAY=display),
    )  # fmt: skip
    try:
        sam.expect(rf"^:Ms_Rivera!\S+ JOIN :?{ROOM}$", timeout=20)
        sam.send(f"NAMES {ROOM}")
        sam.expect(rf"^{S} 353 Sam = {ROOM} :(Sam ~Ms_Rivera|~Ms_Rivera Sam)$")
    finally:
        sam.close()
        window.terminate()
        window.wait(timeout=10)


def test_a_wrong_host_key_is_said_on_the_join_page(
    tk_root: tkinter.Tk, served: tuple[Serve, int, str]
) -> None:
    _, port, _ = served
    app = ChatApp(tk_root, Settings(name="Ms_Rivera"))
    try:
        app.start.join_now("Ms_Rivera", f"127.0.0.1:{port}", "AAAA-BBBB-CCCC")
        wait_until(
            lambda: "host key is not right" in app.start.message.get(),
            15,
            tk_root,
            what="the Join page saying why",
        )
        assert app.start.message.get() == (
            "That host key is not right, or it was used already, or too many wrong ones were "
            "tried from this computer (then wait a minute). Check the key the room printed "
            "when it started, or leave the Host key empty to join as a student."
        )
        assert app.page is None
    finally:
        stop_app(app)


def test_the_teachers_window_reconnects_as_the_host_with_her_name(
    tk_root: tkinter.Tk, served: tuple[Serve, int, str]
) -> None:
    """The finding, with a real window: her connection drops, a student asks for her name
    meanwhile and is refused, and her window comes back as ~Ms_Rivera, not Ms_Rivera_2, so
    a private message to Ms_Rivera reaches her."""
    _, port, key = served
    sam = student(port)
    relay = Relay(port)
    app = ChatApp(tk_root, Settings(name="Ms_Rivera"))
    try:
        relay.resume()
        app.start.join_now("Ms_Rivera", f"127.0.0.1:{relay.port}", key)
        wait_until(
            lambda: app.page is not None and app.page.teacher.in_charge(ROOM),
            15,
            tk_root,
            what="the window in #class as its host",
        )
        relay.drop()
        sam.expect(r"^:Ms_Rivera!\S+ QUIT ")
        sam.send("NICK Ms_Rivera")
        sam.expect(rf"^{S} 433 Sam Ms_Rivera :Ms_Rivera is the host's name, kept for them")
        relay.resume()
        sam.expect(rf"^:Ms_Rivera!\S+ JOIN :?{ROOM}$", timeout=20)
        wait_until(
            lambda: app.page is not None and app.page.teacher.in_charge(ROOM),
            10,
            tk_root,
            what="~ again",
        )
        assert app.session.nick == "Ms_Rivera"
        sam.send("PRIVMSG Ms_Rivera :my locker code is 4711")
        wait_until(lambda: "4711" in transcript_text(app, "Sam"), 10, tk_root, what="Sam's message")
    finally:
        sam.close()
        stop_app(app)
        relay.close()
