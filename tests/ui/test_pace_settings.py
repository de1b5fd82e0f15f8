"""The hosted room's pace in View → Settings…: how fast each person may send and how many
connections one computer may have, kept in settings.json and given to the room's server, at
once when it runs, else when it is next hosted. Real windows and raw IRC sockets on 127.0.0.1.
"""

from __future__ import annotations

import json
import tkinter
from pathlib import Path

from chatgui import limits
from chatgui.ui.app import ChatApp
from chatgui.ui.pace_settings import CAP, SLOW_DOWN
from chatgui.ui.settings import Settings, load_settings, settings_path
from chatgui.ui.settings_dialog import OPEN_SETTINGS
from tests.lineclient import LineClient
from tests.net.server.netsupport import MultiReader
from tests.ui.roomkit import CHANNEL, HOST, host_room, stop_app


def _two_students(port: int) -> tuple[LineClient, LineClient]:
    stu, ears = LineClient(port), LineClient(port)
    for client, nick in ((stu, "Stu"), (ears, "Ears")):
        client.register(nick)
        client.send(f"JOIN {CHANNEL}")
        client.expect(rf" 366 {nick} {CHANNEL} ")
    return stu, ears


def _lines_arrive_at_once(port: int, count: int) -> None:
    """A student sends `count` lines in one write; another gets them all within 5 s (slowed
    down as by default, the 200th would wait 10 s)."""
    stu, ears = _two_students(port)
    reader = MultiReader([ears])
    try:
        stu.send_raw("".join(f"PRIVMSG {CHANNEL} :line {i}\r\n" for i in range(count)).encode())
        reader.until(lambda: reader.count(0, b" :line ") == count, 5.0, f"{count} lines")
    finally:
        reader.close()
        stu.close()
        ears.close()


def _widgets(parent: tkinter.Misc) -> list[tkinter.Misc]:
    found = []
    for child in parent.winfo_children():
        found += [child, *_widgets(child)]
    return found


def _checkbox(app: ChatApp, words: str) -> tkinter.Misc:
    assert app.settings_dialog is not None
    (box,) = [
        w
        for w in _widgets(app.settings_dialog.window)
        if w.winfo_class() == "TCheckbutton" and str(w.cget("text")) == words
    ]
    return box


def test_by_default_the_room_slows_down_floods_and_caps_each_computer() -> None:
    settings = Settings()
    assert settings.slow_down_floods
    assert settings.cap_per_computer
    assert (settings.flood_lines_per_s, settings.flood_burst_lines) == (
        limits.FLOOD_LINES_PER_S,
        limits.FLOOD_BURST_LINES,
    )
    assert settings.max_per_computer == limits.MAX_CONNECTIONS_PER_ADDRESS


def test_damaged_pace_settings_are_read_as_the_defaults(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    damaged = {
        "slow_down_floods": "no",
        "flood_lines_per_s": 0,
        "flood_burst_lines": True,
        "cap_per_computer": None,
        "max_per_computer": limits.MAX_CONNECTIONS + 1,
    }
    path.write_text(json.dumps(damaged), encoding="utf-8")
    assert load_settings(path) == Settings()


def test_flood_control_turned_off_in_settings_reaches_the_running_room(
    host: ChatApp, tk_root: tkinter.Tk, port: int
) -> None:
    """The host unticks "Slow down people who send too fast" while the room runs: a student's
    200 lines then all arrive at once. The choice is kept for the next start."""
    menubar = tk_root.nametowidget(tk_root.cget("menu"))
    view = tk_root.nametowidget(menubar.entrycget("View", "menu"))
    view.invoke(OPEN_SETTINGS)
    tk_root.update()
    _checkbox(host, SLOW_DOWN).invoke()  # type: ignore[attr-defined]
    assert host.server is not None
    assert not load_settings(settings_path()).slow_down_floods
    _lines_arrive_at_once(port, 200)


def test_a_room_hosted_after_the_settings_changed_has_them(tk_root: tkinter.Tk, port: int) -> None:
    """With both off in the settings, the next room hosted has no flood control and no cap
    per computer: 60 connections from 127.0.0.1 come in, and 200 lines arrive at once."""
    settings = Settings(name=HOST, slow_down_floods=False, cap_per_computer=False)
    app = ChatApp(tk_root, settings)
    clients: list[LineClient] = []
    try:
        host_room(app, tk_root)
        clients = _more_than_a_computer_may_have(port)
        _lines_arrive_at_once(port, 200)
    finally:
        for client in clients:
            client.close()
        stop_app(app)


def _more_than_a_computer_may_have(port: int) -> list[LineClient]:
    """Connections from 127.0.0.1, ten more than the default cap per computer: all welcomed."""
    clients: list[LineClient] = []
    for i in range(limits.MAX_CONNECTIONS_PER_ADDRESS + 10):
        clients.append(LineClient(port))
        clients[-1].register(f"p{i}")
    assert not any("Too many connections" in line for c in clients for line in c.seen)
    return clients


def test_the_cap_box_turns_the_cap_off(host: ChatApp, tk_root: tkinter.Tk, port: int) -> None:
    host.open_settings()
    tk_root.update()
    _checkbox(host, CAP).invoke()  # type: ignore[attr-defined]
    assert not host.settings.cap_per_computer
    clients = _more_than_a_computer_may_have(port)
    for client in clients:
        client.close()
    assert host.settings_dialog is not None
    boxes = [w for w in _widgets(host.settings_dialog.window) if w.winfo_class() == "TSpinbox"]
    assert [b.instate(["disabled"]) for b in boxes] == [False, False, True]  # type: ignore[attr-defined]
