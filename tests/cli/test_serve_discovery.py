"""`python -m chatgui serve` announces its rooms (issue 7), on the interfaces it is given only.

Each serve runs in a subprocess on 127.0.0.1, found by a RoomFinder limited to 127.0.0.1.
"""

from __future__ import annotations

import contextlib
import os
import queue
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from chatgui import limits
from chatgui.discovery import RoomFinder
from chatgui.events import ChatEvent, RoomFound, RoomLost

PROJECT = Path(__file__).resolve().parents[2]
LOOPBACK = ("127.0.0.1",)
QUERY_S = limits.DISCOVERY_QUERY_INTERVAL_S


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def finder() -> Iterator[queue.Queue[ChatEvent]]:
    events: queue.Queue[ChatEvent] = queue.Queue()
    worker = RoomFinder(events, LOOPBACK)
    worker.start()
    yield events
    worker.stop()


def serve(tmp_path: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    command = [sys.executable, "-m", "chatgui", "serve", "--bind", "127.0.0.1", *args]
    return subprocess.Popen(
        command,
        cwd=PROJECT,
        env=env or dict(os.environ),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        encoding="utf-8",
        errors="replace",
    )


def room_event(events: queue.Queue[ChatEvent], room: str, timeout: float) -> RoomFound | None:
    deadline = time.monotonic() + timeout
    while (left := deadline - time.monotonic()) > 0:
        try:
            event = events.get(timeout=left)
        except queue.Empty:
            return None
        if isinstance(event, RoomFound) and event.room == room:
            return event
    return None


def wait_for_line(process: subprocess.Popen[str], text: str, timeout: float) -> list[str]:
    """The lines serve printed up to and including the first that contains `text`."""
    lines: queue.Queue[str] = queue.Queue()
    assert process.stdout is not None
    stdout = process.stdout

    def read() -> None:
        with contextlib.suppress(ValueError, OSError):  # stop() closed the pipe under it
            for line in stdout:
                lines.put(line)

    threading.Thread(target=read, daemon=True).start()
    seen: list[str] = []
    deadline = time.monotonic() + timeout
    while not seen or text not in seen[-1]:
        seen.append(lines.get(timeout=max(0.01, deadline - time.monotonic())))
    return seen


def stop(process: subprocess.Popen[str]) -> tuple[str, str]:
    process.send_signal(signal.SIGTERM)
    try:
        return process.communicate(timeout=10)
    finally:
        if process.poll() is None:
            process.kill()


def test_serve_announces_each_room_and_says_goodbye(
    tmp_path: Path, finder: queue.Queue[ChatEvent]
) -> None:
    tag, port = secrets.token_hex(3), free_port()
    room = f"Lab {tag}"  # a title, as the Host page takes it: listed by it, not "#lab-…"
    process = serve(
        tmp_path, "--port", str(port), "--room", room, "--name", "LabServer",
        "--announce-interface", "127.0.0.1",
    )  # fmt: skip
    try:
        found = room_event(finder, room, 5.0)
        assert found is not None, "the room was not found"
        assert (found.host, found.port, found.password) == ("LabServer", port, False)
        assert found.channel == f"#lab-{tag}"
        assert found.addresses[0] == "127.0.0.1"
        lines = wait_for_line(process, "is listed", 5.0)
        assert lines[-1] == f"{room} is listed on Join pages nearby (by mdns and broadcast)\n"
    finally:
        _, err = stop(process)
    assert process.returncode == 0, err
    # Believed at once when a key check finds the room gone; only doubted when rooms other
    # tests announce take up the finder's checks, and then gone once quiet for the expiry
    # (without the goodbye, mDNS would keep it for the record's whole TTL).
    deadline = time.monotonic() + limits.DISCOVERY_ROOM_EXPIRY_S + 2 * QUERY_S + 1.0
    while True:
        event = finder.get(timeout=max(0.01, deadline - time.monotonic()))
        if isinstance(event, RoomLost) and event.key == found.key:
            break


def test_serve_with_no_announce_is_not_listed(
    tmp_path: Path, finder: queue.Queue[ChatEvent]
) -> None:
    room = f"#quiet-{secrets.token_hex(3)}"
    process = serve(tmp_path, "--port", str(free_port()), "--room", room, "--no-announce")
    try:
        assert room_event(finder, room, 3.0) is None
    finally:
        out, _ = stop(process)
    assert "The room is open" in out
    assert "listed" not in out


@pytest.mark.parametrize(
    ("args", "variable", "named"),
    [
        (("--announce-interface", "eth0"), "127.0.0.1", "'eth0'"),
        (("--announce-interface", "127.0.0.1", "--announce-interface", "10.1"), "", "'10.1'"),
        ((), "127.0.0.1,lo", "'lo'"),
    ],
)
def test_an_interface_that_is_not_an_address_stops_serve_rather_than_announce_everywhere(
    tmp_path: Path, args: tuple[str, ...], variable: str, named: str
) -> None:
    env = {**os.environ, "CHATGUI_DISCOVERY_INTERFACES": variable}
    process = serve(tmp_path, "--port", str(free_port()), *args, env=env)
    out, err = process.communicate(timeout=10)
    assert process.returncode == 2
    assert err.splitlines() == [f"chatgui serve: {named} is not an IPv4 address of this computer"]
    assert out == ""


def test_serve_with_no_room_is_listed_only_once_a_room_opens_and_by_its_title(
    tmp_path: Path, finder: queue.Queue[ChatEvent]
) -> None:
    from tests.lineclient import LineClient

    port, tag = free_port(), secrets.token_hex(3)
    process = serve(
        tmp_path, "--port", str(port), "--name", f"Empty-{tag}", "--no-history",
        "--announce-interface", "127.0.0.1",
    )  # fmt: skip
    try:
        wait_for_line(process, "The room is open", 10.0)
        deadline = time.monotonic() + 3.0
        while (left := deadline - time.monotonic()) > 0:  # no "chatgui.local", nothing at all
            try:
                event = finder.get(timeout=left)
            except queue.Empty:
                break
            assert not (isinstance(event, RoomFound) and event.port == port), event
        sam = LineClient(port)
        sam.register("Sam")
        sam.send(f"JOIN #group-{tag}")
        sam.expect(f" 366 Sam #group-{tag} ")
        found = room_event(finder, f"Group {tag}", 5.0)
        assert found is not None, "the room Sam opened was not listed by its title"
        assert (found.port, found.channel) == (port, f"#group-{tag}")
        sam.send(f"PART #group-{tag}")
        # The room is gone with its last member: so is its entry. Its server still answers
        # with the room's key, so the goodbye is doubted (it could be forged): the entry goes
        # when no source has spoken of the room for DISCOVERY_ROOM_EXPIRY_S.
        deadline = time.monotonic() + limits.DISCOVERY_ROOM_EXPIRY_S + 2 * QUERY_S + 1.0
        while True:
            event = finder.get(timeout=max(0.01, deadline - time.monotonic()))
            if isinstance(event, RoomLost) and event.key == found.key:
                break
        sam.close()
    finally:
        stop(process)


def test_serve_takes_a_title_and_welcomes_by_it(tmp_path: Path) -> None:
    from tests.lineclient import LineClient

    port = free_port()
    process = serve(tmp_path, "--port", str(port), "--room", "Class chat", "--no-announce")
    try:
        lines = wait_for_line(process, "open new rooms", 10.0)
        assert (
            lines[-1]
            == "Only the host and helpers open new rooms (--student-rooms: students too)\n"
        )
        amy = LineClient(port)
        amy.register("amy")
        assert any("001 amy :Welcome to Class chat, amy!" in line for line in amy.seen)
        amy.send("JOIN #class-chat")
        amy.expect(" 366 amy #class-chat ")
        amy.send("JOIN #other")  # a `serve --room` is the teacher's: students open none
        amy.expect(" 477 amy #other :Students can't open new rooms here")
        amy.close()
    finally:
        _, err = stop(process)
    assert process.returncode == 0, err


@pytest.mark.parametrize("after_s", [0.0, 0.3, 0.8])
def test_a_room_closed_while_it_is_still_being_announced_stops_cleanly(
    tmp_path: Path, after_s: float
) -> None:
    """Announcing takes about 1.6 s (probing, then three announcements): closing the room
    at any moment of it ends every zeroconf task, with nothing left pending or logged."""
    process = serve(
        tmp_path, "--port", str(free_port()), "--room", "Quick lesson",
        "--announce-interface", "127.0.0.1",
    )  # fmt: skip
    try:
        wait_for_line(process, "The room is open", 5.0)
        time.sleep(after_s)
    finally:
        out, err = stop(process)
    assert process.returncode == 0, err
    assert "pending" not in err + out, err
    assert "ERROR" not in err, err
