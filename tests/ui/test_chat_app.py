"""Two real windows in two processes, joined through the embedded server, typed into with xdotool.

One app runs in this process (its widgets can be read); the other is `python -m chatgui` in a
subprocess, as a second PC would run it. Every message is typed with real keystrokes.
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

from chatgui.protocol.names import casefold
from chatgui.ui import wording
from chatgui.ui.app import ChatApp
from chatgui.ui.settings import Settings
from tests.lineclient import LineClient
from tests.support import (
    find_window,
    focus_window,
    press_key,
    screenshot,
    type_text,
    wait_for_port,
    wait_until,
)
from tests.ui.roomkit import writer_of

pytestmark = pytest.mark.slow
CHANNEL = "#class-chat"


@pytest.fixture
def other_pc(display: str, tmp_path: Path) -> Iterator[list[subprocess.Popen[bytes]]]:
    """The other window's process(es); terminated at the end whatever happened."""
    processes: list[subprocess.Popen[bytes]] = []
    yield processes
    for process in processes:
        if process.poll() is None:
            process.kill()
        process.wait(5)


def start_other(
    processes: list[subprocess.Popen[bytes]], tmp_path: Path, *args: str
) -> subprocess.Popen[bytes]:
    env = {**os.environ, "CHATGUI_HOME": str(tmp_path / f"other{len(processes)}")}
    with (tmp_path / f"other{len(processes)}.log").open("wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "chatgui", *args], env=env, stdout=log, stderr=subprocess.STDOUT
        )
    processes.append(process)
    return process


def members(app: ChatApp) -> list[str]:
    assert app.page is not None
    return [m.nick for m in app.page.view.members.get(casefold(CHANNEL), ())]


def transcript(app: ChatApp, conversation: str = CHANNEL) -> str:
    assert app.page is not None
    found = app.page.view.transcripts.get(casefold(conversation))
    return found.text() if found is not None else ""


def said(app: ChatApp, name: str, text: str) -> bool:
    """True when `text` is shown in the room under `name`."""
    return text in transcript(app) and writer_of(app, text.split("\n")[0]) == name


def type_into_app(app: ChatApp, root: tkinter.Tk, text: str) -> None:
    """Real keystrokes into this process's input box, then Enter."""
    assert app.page is not None
    wrapper = find_window(rf"{app.session.nick} \S* chatgui$", 10, root)
    focus_window(wrapper)  # as for the other process: X's focus, not Tk's focus_force
    app.page.view.input.widget.focus_set()
    root.update()
    type_text(wrapper, text, root)
    press_key(wrapper, "Return", root)


def type_into_other(title_regex: str, root: tkinter.Tk, text: str) -> None:
    """Real keystrokes into the other process's window (its input box has the focus)."""
    wrapper = find_window(title_regex, 15, root)
    focus_window(wrapper)
    type_text(wrapper, text, root)
    press_key(wrapper, "Return", root)


def test_host_here_student_in_another_process(
    tk_root: tkinter.Tk, port: int, other_pc: list[subprocess.Popen[bytes]], tmp_path: Path
) -> None:
    app = ChatApp(tk_root, Settings(name="Ms_Teacher"))
    tk_root.geometry("900x600+0+0")
    app.start.show("host")
    app.start.room.set("Class chat")
    app.start.open_button.invoke()
    wait_until(
        lambda: app.page is not None and members(app) == ["Ms_Teacher"],
        15,
        tk_root,
        what="the host's own window to join its room",
    )
    assert app.page is not None
    assert app.page.view.join_line.get() == f"Others can join at 127.0.0.1:{port}"

    student = start_other(other_pc, tmp_path, "--name", "Sam", "--join", f"127.0.0.1:{port}")
    wait_until(lambda: "Sam" in members(app), 20, tk_root, what="Sam in the host's member list")
    assert "→ Sam joined" in transcript(app)

    # ASCII only into the other process: an emoji is typed through a keycode xdotool binds
    # for a moment, which a busy process we don't pump may read too late (support.type_text)
    type_into_other(r"Sam \S* chatgui$", tk_root, "hello from Sam")
    wait_until(
        lambda: said(app, "Sam", "hello from Sam\n"),
        15,
        tk_root,
        what="Sam's typed line in the host's window",
    )

    type_into_app(app, tk_root, "Morning Sam 😀 homework is due Friday")
    wait_until(
        lambda: said(app, "Ms_Teacher", "Morning Sam 😀 homework is due Friday\n"),
        10,
        tk_root,
        what="the host's own line, confirmed (no 'sending…' left)",
    )
    screenshot(tmp_path / "host.png")

    student.send_signal(signal.SIGTERM)  # the student closes the window
    wait_until(lambda: "Sam" not in members(app), 10, tk_root, what="Sam gone from the list")
    assert "← Sam left" in transcript(app)
    assert student.wait(5) == 0


def test_student_here_host_in_another_process(
    tk_root: tkinter.Tk, port: int, other_pc: list[subprocess.Popen[bytes]], tmp_path: Path
) -> None:
    host_args = ("--name", "Ms_Teacher", "--host", "Class chat")
    host = start_other(other_pc, tmp_path, *host_args)
    wait_for_port(port, tk_root)
    app = ChatApp(tk_root, Settings(name="Sam"))
    tk_root.geometry("900x600+300+150")
    app.start.join_now("Sam", f"127.0.0.1:{port}")
    wait_until(
        lambda: app.page is not None and "Ms_Teacher" in members(app),
        15,
        tk_root,
        what="Sam's window in the room with the host",
    )
    assert app.session.title == "Class chat"

    type_into_other(r"Ms_Teacher \S* chatgui$", tk_root, "Good morning, class")
    wait_until(
        lambda: said(app, "Ms_Teacher", "Good morning, class"),
        15,
        tk_root,
        what="the host's typed line in Sam's window",
    )
    type_into_other(r"Ms_Teacher \S* chatgui$", tk_root, "/msg Sam see me after the lesson")
    wait_until(
        lambda: "see me after the lesson" in transcript(app, "Ms_Teacher"),
        15,
        tk_root,
        what="a private conversation with the host in Sam's window",
    )

    # The host's PC dies; the room comes back on the same port; what Sam typed meanwhile
    # arrives once.
    host.kill()
    host.wait(5)
    wait_until(
        lambda: wording.room_gone("lost") in transcript(app),
        10,
        tk_root,
        what="Sam's window saying the room is gone and it is trying again",
    )
    type_into_app(app, tk_root, "are we still here?")
    wait_until(
        lambda: "are we still here? (waiting…)" in transcript(app),
        5,
        tk_root,
        what="the line typed while disconnected, marked as waiting",
    )
    start_other(other_pc, tmp_path, *host_args)
    wait_for_port(port, tk_root)
    watcher = LineClient(port)
    watcher.register("watcher")
    watcher.send(f"JOIN {CHANNEL}")
    wait_until(
        lambda: "are we still here?\n" in transcript(app),
        40,
        tk_root,
        what="the waiting line sent after the reconnect",
    )
    watcher.expect(r"PRIVMSG #class-chat :are we still here\?$", timeout=5)
    watcher.expect_nothing(r"are we still here", within=1.0)
    watcher.close()

    # The host closes the room on purpose: Sam keeps the conversation, told why, read-only.
    other_pc[-1].send_signal(signal.SIGTERM)
    wait_until(
        lambda: "closed the room at" in transcript(app), 10, tk_root, what="the room closed, said"
    )
    assert app.page is not None
    assert "are we still here?" in transcript(app)
    assert app.client is None  # no reconnecting to a room closed on purpose
