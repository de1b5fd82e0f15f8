"""Less noise in real windows under Xvfb: joins and leaves in a row are one line that opens on
a click, and a control is one sentence drawn from its IRC line (no second notice to repeat it),
live and in a late joiner's replay from the room's history.

The host is a ChatApp hosting on 127.0.0.1; students are raw IRC clients, or (for the replay)
a second ChatApp on a second Tk root. Every line crosses real sockets.
"""

from __future__ import annotations

import re
import tkinter
from collections.abc import Iterator
from pathlib import Path

import pytest

from chatgui.ui.app import ChatApp
from chatgui.ui.settings import Settings
from tests.lineclient import LineClient
from tests.support import screenshot, wait_until
from tests.ui.roomkit import CHANNEL, join_peer, members, stop_app, transcript_text, type_line

CLASS = [
    "Sam", "Ana", "Bo", "Chen", "Dara", "Eli", "Fatima", "Gus", "Hana", "Ivan",
    "Jonas", "Kemi", "Liam", "Mia", "Nour", "Omar", "Pia", "Quinn", "Rosa", "Timo",
    "Uma", "Vik", "Wen", "Xavi", "Yara", "Zoe", "Adam", "Bea", "Cleo", "Dev",
]  # fmt: skip


def lines_with(app: ChatApp, pattern: str) -> list[str]:
    return [line for line in transcript_text(app).splitlines() if re.search(pattern, line)]


def click_on(widget: tkinter.Text, text: str) -> None:
    """A real click (Button-1 at its place on screen) on the first `text` in the widget."""
    index = widget.search(text, "1.0", "end")
    assert index, f"{text!r} is not in the transcript"
    widget.see(index)
    widget.update()
    bbox = widget.bbox(index)
    assert bbox is not None, f"{text!r} is not on screen"
    x, y, _, height = bbox
    widget.event_generate("<Motion>", x=x + 2, y=y + height // 2)  # Tk's "current" mark
    widget.event_generate("<Button-1>", x=x + 2, y=y + height // 2)
    widget.update()


def test_a_class_coming_in_is_one_line_that_opens_on_a_click(
    host: ChatApp, tk_root: tkinter.Tk, port: int, tmp_path: Path
) -> None:
    """docs/screenshots/folded-joins.png is this test's folded-joins.png."""
    peers: list[LineClient] = []
    type_line(host, "Good morning! Come in and sit down, we start at 9:00.")
    try:
        for number, nick in enumerate(CLASS):
            peer = LineClient(port, source=f"127.0.0.{10 + number}")
            peers.append(peer)
            peer.register(nick)
            peer.send(f"JOIN {CHANNEL}")
            peer.expect(rf" 366 {nick} {CHANNEL} ")
        wait_until(lambda: len(members(host)) == 31, 20, tk_root, what="the class in the list")
        assert lines_with(host, r"joined$") == [
            lines_with(host, r"Sam, Ana and 28 others joined$")[0]
        ], transcript_text(host)
        assert "Dev" not in transcript_text(host)
        assert host.page is not None
        widget = host.page.view.transcripts[CHANNEL].widget
        peers[0].send(f"PRIVMSG {CHANNEL} :hello everyone")  # a message ends the run
        wait_until(lambda: "hello everyone" in transcript_text(host), 10, tk_root, what="hello")
        screenshot(tmp_path / "folded-joins.png", tk_root.winfo_id())

        click_on(widget, "28 others")
        opened = lines_with(host, r"joined$")
        assert len(opened) == 1, opened
        assert opened[0].endswith(
            "Sam, Ana, Bo, Chen, Dara, Eli, Fatima, Gus, Hana, Ivan, "
            "Jonas, Kemi, Liam, Mia, Nour, Omar, Pia, Quinn, Rosa, Timo, "
            "Uma, Vik, Wen, Xavi, Yara, Zoe, Adam, Bea, Cleo and Dev joined"
        )
        for peer in peers[1:]:
            peer.send("QUIT :bye")
        wait_until(lambda: len(members(host)) == 2, 20, tk_root, what="the class gone")
        assert lines_with(host, r"left") == [lines_with(host, r"Ana, Bo and 27 others left$")[0]], (
            transcript_text(host)
        )
        saved = [entry.text for entry in host.page.view.transcripts[CHANNEL].entries]
        assert any("Dev (Quit: bye) left" in text for text in saved)  # a saved file has all
    finally:
        for peer in peers:
            peer.close()


def test_a_control_is_one_sentence_drawn_from_its_line(
    host: ChatApp, tk_root: tkinter.Tk, port: int
) -> None:
    sam = join_peer(port, "Sam", tk_root, host)
    kim = join_peer(port, "Kim", tk_root, host)
    assert host.client is not None
    host.client.make_helper(CHANNEL, "Kim")
    kim.expect(rf"MODE {CHANNEL} \+o Kim$")
    kim.send(f"TOPIC {CHANNEL} :Homework due Friday")
    kim.send(f"KICK {CHANNEL} Sam :too loud")
    sam.expect(rf"KICK {CHANNEL} Sam :too loud$")
    kim.send(f"MODE {CHANNEL} +i-t")  # one line, two changes: both said, once
    wait_until(
        lambda: "pinned announcement" in transcript_text(host), 10, tk_root, what="+i-t in words"
    )
    gear = "\N{GEAR}"
    assert lines_with(host, "\N{GEAR}") == [
        lines_with(host, rf"{gear} Ms_Rivera made Kim a helper\.$")[0],
        lines_with(host, rf"{gear} Kim pinned: Homework due Friday$")[0],
        lines_with(host, rf"{gear} Kim removed Sam from the room: too loud$")[0],
        lines_with(
            host,
            rf"{gear} Kim locked the room: nobody new can join\. "
            r"Kim let everyone change the pinned announcement\.$",
        )[0],
    ], transcript_text(host)
    assert not lines_with(host, r"was removed by| set \+|chatgui\.local")
    sam.close()
    kim.close()


@pytest.fixture
def late_joiner(display: str, port: int) -> Iterator[tuple[ChatApp, tkinter.Tk]]:
    """Ana's window, on its own Tk root: she comes in after the control."""
    root = tkinter.Tk(screenName=display)
    root.geometry("700x500+300+100")
    app = ChatApp(root, Settings(name="Ana"))
    yield app, root
    stop_app(app)
    root.destroy()


def test_a_late_joiner_reads_the_control_once_in_the_rooms_history(
    host: ChatApp, tk_root: tkinter.Tk, port: int, late_joiner: tuple[ChatApp, tkinter.Tk]
) -> None:
    sam = join_peer(port, "Sam", tk_root, host)
    type_line(host, "/mute Sam")
    wait_until(lambda: lines_with(host, "muted Sam"), 10, tk_root, what="the mute in words")
    ana, _ = late_joiner
    ana.start.join_now("Ana", f"127.0.0.1:{port}")
    wait_until(
        lambda: ana.root.update() or (ana.page is not None and lines_with(ana, "muted Sam")),
        15,
        tk_root,
        what="the mute in Ana's replay",
    )
    ana.root.update()
    assert lines_with(ana, "muted Sam") == [lines_with(ana, "\N{GEAR} Ms_Rivera muted Sam\\.$")[0]]
    assert lines_with(host, "muted Sam") == [lines_with(host, "Ms_Rivera muted Sam\\.$")[0]]
    sam.close()


def test_a_name_changed_only_in_case_is_a_rename_like_any(
    host: ChatApp, tk_root: tkinter.Tk, port: int
) -> None:
    sam = join_peer(port, "Sam", tk_root, host)
    sam.send("NICK SAM")
    wait_until(lambda: "SAM" in members(host), 10, tk_root, what="SAM in the member list")
    assert "Sam" not in members(host)
    assert lines_with(host, "is now") == [lines_with(host, "Sam is now SAM$")[0]]
    type_line(host, "/nick ms_rivera")
    sam.expect(r"^:Ms_Rivera!\S+ NICK :?ms_rivera$")
    wait_until(lambda: "ms_rivera" in members(host), 10, tk_root, what="the host's new case")
    assert host.session.nick == "ms_rivera"
    sam.close()
