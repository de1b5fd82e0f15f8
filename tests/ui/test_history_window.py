"""A room's history in a real window: earlier messages on joining, older ones on scrolling to
the top, the find bar (Ctrl+F) with the host's search, saving a conversation, and the host's
own history line, menu and "Clear history…" with its confirmation.

The rooms are real chatgui servers on 127.0.0.1 keeping their history in the test's folder;
raw LineClient peers talk in them. Tk's own dialogs (the file dialog, the yes/no question)
are answered by pressing their buttons from an after() callback, as a person would click them.
"""

from __future__ import annotations

import html
import queue
import re
import tkinter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from chatgui import limits
from chatgui.events import (
    ChatEvent,
    HistoryLoaded,
    HistoryStatus,
    MessageReceived,
    ServerStarted,
)
from chatgui.net.server import ChatServer, ServerConfig
from chatgui.protocol.names import casefold
from chatgui.ui import room_history
from chatgui.ui.app import ChatApp
from chatgui.ui.lessons_dialog import LessonsDialog
from chatgui.ui.menu import CLEAR_HISTORY
from chatgui.ui.settings import Settings
from chatgui.ui.transcript import LOADING_OLDER, START_OF_HISTORY, Transcript
from tests.lineclient import LineClient
from tests.support import free_port, screenshot, wait_until
from tests.ui.roomkit import CHANNEL, host_room, join_peer, press, shown, stop_app

SHOTS = Path("/tmp/chatgui-history-shots")
DIALOG_WAIT_S = 10.0
OLDER = limits.HISTORY_PAGE_MESSAGES + 50  # more than one page before the newest page


@pytest.fixture
def home(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    monkeypatch.setenv("CHATGUI_BIND", "127.0.0.1")
    monkeypatch.setenv("CHATGUI_DISCOVERY_INTERFACES", "127.0.0.1")
    monkeypatch.setenv("CHATGUI_PORT", str(free_port()))
    monkeypatch.setenv("CHATGUI_HOME", str(tmp_path / "home"))
    return tmp_path


@pytest.fixture
def app(tk_root: tkinter.Tk, home: Path) -> Iterator[ChatApp]:
    tk_root.geometry("900x620+0+0")
    chat = ChatApp(tk_root, Settings(name="Kim"))
    try:
        yield chat
    finally:
        stop_app(chat)


@contextmanager
def room_with_history(
    folder: Path, talk: Callable[[int], None], name: str = "Class chat"
) -> Iterator[int]:
    """A chatgui room called `name` keeping its history in `folder`; `talk(port)` fills it
    before the test joins. Yields the port."""
    events: queue.Queue[ChatEvent] = queue.Queue()
    config = ServerConfig(network=name, rooms=(CHANNEL,))
    server = ChatServer(
        config, events, bind="127.0.0.1", port=free_port(), history=folder / "room.sqlite3"
    )
    server.start()
    try:
        started = events.get(timeout=10)
        assert isinstance(started, ServerStarted), started
        assert started.history.kept, started.history
        talk(started.port)
        yield started.port
    finally:
        server.stop()


def numbered_talk(count: int, text: Callable[[int], str]) -> Callable[[int], None]:
    """People who said text(0) … text(count - 1) in the room, in that order, then left.
    Each says at most 80 lines, within the server's flood allowance."""

    def talk(port: int) -> None:
        for first in range(0, count, 80):
            peer = LineClient(port)
            try:
                peer.register(f"Pupil{first}", "echo-message")
                peer.send(f"JOIN {CHANNEL}")
                peer.expect(rf" 366 Pupil{first} ")
                last = min(first + 80, count)
                for n in range(first, last):
                    peer.send(f"PRIVMSG {CHANNEL} :{text(n)}")
                peer.expect(rf"PRIVMSG {CHANNEL} :?{re.escape(text(last - 1))}$", timeout=10)
            finally:
                peer.close()

    return talk


def join_room(app: ChatApp, root: tkinter.Tk, port: int) -> Transcript:
    app.start.join_now("Kim", f"127.0.0.1:{port}")
    wait_until(
        lambda: app.page is not None and casefold(CHANNEL) in app.page.view.transcripts,
        15,
        root,
        what="the window in the room",
    )
    assert app.page is not None
    transcript = app.page.view.transcripts[casefold(CHANNEL)]
    wait_until(lambda: transcript.history_ready, 10, root, what="the room's latest messages")
    root.update()
    return transcript


def top_line(transcript: Transcript) -> str:
    """The first line in view and, when it is a group's name line, the line under it."""
    widget = transcript.widget
    shown = widget.get("@0,0 linestart", "@0,0 lineend")
    if "head" in widget.tag_names("@0,0 linestart"):
        shown += "\n" + widget.get("@0,0 +1 line linestart", "@0,0 +1 line lineend")
    return shown


def answer_dialog(root: tkinter.Tk, button: str, before: Callable[[], None] = lambda: None) -> None:
    """When Tk's dialog shows, call `before`, then press its `button` (a Tcl widget path)."""

    def press_when_shown(tries: int = 0) -> None:
        if root.tk.call("winfo", "exists", button):
            before()
            root.tk.call(button, "invoke")
        elif tries < DIALOG_WAIT_S / 0.05:
            root.after(50, press_when_shown, tries + 1)

    root.after(50, press_when_shown)


# --- joining a room with history, and older pages ---


def test_joining_shows_earlier_messages_and_scrolling_up_loads_older_ones(
    app: ChatApp, tk_root: tkinter.Tk, home: Path
) -> None:
    total = OLDER + limits.HISTORY_PAGE_MESSAGES
    with room_with_history(home, numbered_talk(total, lambda n: f"note {n} for Kim")) as port:
        transcript = join_room(app, tk_root, port)
        text = transcript.text()
        newest_page = range(total - limits.HISTORY_PAGE_MESSAGES, total)
        assert all(f"note {n} for Kim" in text for n in newest_page)
        assert f"note {newest_page[0] - 1} for" not in text
        assert text.index(f"note {total - 1} for") < text.index("You joined"), "said before"
        first = text.index(f"note {newest_page[0]} for")
        assert transcript.widget.tag_names(f"1.0+{first}c").count("earlier") == 1
        assert app.page.notifier.unread == 0, "history counted as unread"
        assert not tk_root.title().startswith("("), "history rang"
        assert app.page is not None
        assert app.page.view.unread[casefold(CHANNEL)] == 0

        # Scroll to the top: the page before comes in above, and the view does not move.
        transcript.widget.see("1.0")
        tk_root.update()
        wait_until(
            lambda: f"note {newest_page[0] - 1} for" in transcript.text(),
            10,
            tk_root,
            what="the older page after scrolling to the top",
        )
        tk_root.update()
        assert LOADING_OLDER not in transcript.text()
        before = OLDER - limits.HISTORY_PAGE_MESSAGES
        assert f"note {before} for" in transcript.text()
        assert f"note {newest_page[0]} for" in top_line(transcript), "the view moved"

        # Again, to the start of the room's history.
        transcript.widget.yview_moveto(0)
        wait_until(
            lambda: START_OF_HISTORY in transcript.text(),
            10,
            tk_root,
            what="the start of the room's history",
        )
        transcript.widget.yview_moveto(0)
        tk_root.update()
        SHOTS.mkdir(exist_ok=True)
        screenshot(SHOTS / "older-history-loaded.png")
        text = transcript.text()
        assert text.index(START_OF_HISTORY) < text.index("note 0 for Kim") < text.index("note 1 ")
        assert [f"note {n} for Kim" in text for n in range(total)] == [True] * total
        assert text.count("note 7 for Kim") == 1, "a message shown twice"


# --- finding ---


def fruit(n: int) -> str:
    """Apples at 7, 57, 107 and 157; emoji before the loaded ones (Tk counts each as two)."""
    if n % 50 == 7:
        return "🍎🍏 an apple a day" if n > 100 else "an apple a day"
    return f"line {n} 😀"


def test_ctrl_f_finds_steps_and_searches_the_host(
    app: ChatApp, tk_root: tkinter.Tk, home: Path
) -> None:
    total = limits.HISTORY_PAGE_MESSAGES + 60  # 107 and 157 are loaded; 7 and 57 are not
    with room_with_history(home, numbered_talk(total, fruit)) as port:
        transcript = join_room(app, tk_root, port)
        assert app.page is not None
        find = app.page.view.find
        press(app.page.view.input.widget, "<Control-f>")
        assert shown(find.frame)
        assert tk_root.focus_get() == find.entry
        find.text.set("APPLE")
        press(find.entry, "<Return>")
        assert find.count.cget("text") == "2 of 2"
        assert len(transcript.widget.tag_ranges("found")) == 4
        current = transcript.widget.tag_ranges("found-current")
        assert transcript.widget.get(current[0], current[1]) == "apple"
        press(find.entry, "<Return>")
        assert find.count.cget("text") == "1 of 2"
        press(find.entry, "<Shift-Return>")
        assert find.count.cget("text") == "2 of 2"

        wait_until(
            lambda: "Older, on the host" in find.host_label.cget("text"),
            10,
            tk_root,
            what="the host's results",
        )
        assert find.results.size() == 2, (find.host_label.cget("text"), transcript.text()[:300])
        rows = find.results.get(0, "end")
        assert all(re.match(r"\d\d:\d\d  Pupil0: an apple a day$", row) for row in rows), rows
        for start, end in zip(*[iter(transcript.widget.tag_ranges("found"))] * 2, strict=True):
            assert transcript.widget.get(start, end) == "apple"
        assert "Older, on the host: 2 messages" in find.host_label.cget("text")
        current = transcript.widget.tag_ranges("found-current")
        assert transcript.widget.bbox(current[0]) is not None, "the match is out of view"
        SHOTS.mkdir(exist_ok=True)
        screenshot(SHOTS / "find-bar.png")

        press(find.entry, "<Escape>")
        assert not shown(find.frame)
        assert tk_root.focus_get() == app.page.view.input.widget
        assert transcript.widget.tag_ranges("found") == ()


# --- saving ---


def test_save_transcript_as_text_and_html(app: ChatApp, tk_root: tkinter.Tk, home: Path) -> None:
    said = '<b>5 > 3 & 2 < 4</b> "quoted" Grüße 👋'

    def talk(port: int) -> None:
        peer = LineClient(port)
        peer.register("Zoe", "echo-message")
        peer.send(f"JOIN {CHANNEL}")
        peer.expect(r" 366 Zoe ")
        peer.send(f"PRIVMSG {CHANNEL} :{said}")
        peer.expect(r"PRIVMSG .*quoted")
        peer.close()

    with room_with_history(home, talk, name="Café Ärger") as port:
        join_room(app, tk_root, port)
        # Through the real file dialog: a name without an extension, the "Web page" type.
        dialog = ".__tk_filedialog"

        def fill_in() -> None:
            tk_root.tk.call(f"{dialog}.contents.f2.menu.m", "invoke", 1)  # Web page (*.html)
            entry = f"{dialog}.contents.f2.ent"
            tk_root.tk.call(entry, "delete", 0, "end")
            tk_root.tk.call(entry, "insert", 0, str(home / "lesson"))

        answer_dialog(tk_root, f"{dialog}.contents.f2.ok", before=fill_in)
        app.save_transcript()
        page = (home / "lesson.html").read_text(encoding="utf-8")
        assert "<title>Café Ärger</title>" in page
        assert "<h1>Café Ärger, saved on " in page
        escaped = "&lt;b&gt;5 &gt; 3 &amp; 2 &lt; 4&lt;/b&gt; &quot;quoted&quot; Grüße 👋"
        assert re.search(rf"<time>\d{{4}}-\d\d-\d\d \d\d:\d\d</time> <b>Zoe:</b> {escaped}", page)
        assert "<b>5" not in page

        room_history.save_transcript_to(app.root, app.page.view, home / "lesson.txt")
        text = (home / "lesson.txt").read_text(encoding="utf-8")
        assert text.startswith("Café Ärger, saved on ")
        assert re.search(rf"\n\d{{4}}-\d\d-\d\d \d\d:\d\d Zoe: {re.escape(said)}\n", text)
        assert html.unescape(page).count(said) == text.count(said) == 1


def test_a_transcript_that_cannot_be_written_says_what_to_do(
    app: ChatApp, tk_root: tkinter.Tk, home: Path
) -> None:
    with room_with_history(home, numbered_talk(1, lambda n: "hello")) as port:
        join_room(app, tk_root, port)
        shown_text: list[str] = []

        def read_message() -> None:
            shown_text.append(str(tk_root.tk.call(".__tk__messagebox.msg", "cget", "-text")))

        answer_dialog(tk_root, ".__tk__messagebox.ok", before=read_message)
        room_history.save_transcript_to(
            app.root, app.page.view, home / "no such folder" / "lesson.txt"
        )
        assert shown_text
        assert "could not be saved" in shown_text[0]
        assert "Choose another folder" in shown_text[0]
        assert app.page is not None
        assert "could not be saved" in app.page.view.status.get()


# --- the host's own window ---


def test_the_host_is_told_where_history_is_kept_and_can_clear_it(
    app: ChatApp, tk_root: tkinter.Tk, home: Path
) -> None:
    host_room(app, tk_root)
    assert app.page is not None
    kept = home / "home" / "data" / "history.sqlite3"
    wait_until(
        lambda: (
            f"kept on this computer in {kept}"
            in app.page.view.transcripts[casefold(CHANNEL)].text()
            if app.page.view
            else False
        ),
        10,
        tk_root,
        what="the history line",
    )
    assert "Private messages are not kept." in app.page.view.transcripts[casefold(CHANNEL)].text()
    assert app.room_menu.entrycget(CLEAR_HISTORY, "state") == "normal"
    port = int(app.page.view.join_line.get().rsplit(":", 1)[1])
    sam = join_peer(port, "Sam", tk_root, app)
    try:
        sam.send(f"PRIVMSG {CHANNEL} :remember me")
        wait_until(
            lambda: (
                "remember me" in app.page.view.transcripts[casefold(CHANNEL)].text()
                if app.page.view
                else False
            ),
            10,
            tk_root,
            what="Sam's message",
        )
        answer_dialog(tk_root, ".__tk__messagebox.no")
        app.room_menu.invoke(CLEAR_HISTORY)
        assert latest(port) == ["remember me"], "No must keep the history"

        answer_dialog(tk_root, ".__tk__messagebox.yes")
        app.room_menu.invoke(CLEAR_HISTORY)
        wait_until(
            lambda: (
                "history on this computer was cleared"
                in app.page.view.transcripts[casefold(CHANNEL)].text()
                if app.page.view
                else False
            ),
            10,
            tk_root,
            what="the cleared notice",
        )
        assert latest(port) == []
    finally:
        sam.close()
    app.leave()
    assert app.room_menu.entrycget(CLEAR_HISTORY, "state") == "disabled"


def latest(port: int) -> list[str]:
    """The texts a chathistory client gets for the room's latest messages."""
    reader = LineClient(port)
    try:
        reader.register("Reader", "draft/chathistory batch server-time message-tags")
        reader.send(f"JOIN {CHANNEL}")
        reader.expect(r" 366 Reader ")
        reader.send(f"CHATHISTORY LATEST {CHANNEL} * 10")
        reader.expect(r"BATCH \+\S+ chathistory")
        texts = []
        while not re.search(r"BATCH -", line := reader.expect(r"PRIVMSG|BATCH -")):
            texts.append(line.rsplit(" :", 1)[1])
        return texts
    finally:
        reader.close()


def history_line(app: ChatApp, root: tkinter.Tk, words: str) -> str:
    """The room's transcript once it holds `words` (the host's history line)."""

    def text() -> str:
        found = app.page.view.transcripts.get(casefold(CHANNEL)) if app.page.view else None
        return found.text() if found is not None else ""

    wait_until(lambda: words in text(), 15, root, what=f"{words!r} in the room")
    return text()


def test_keep_private_messages_is_off_unless_ticked_and_history_says_so(
    app: ChatApp, tk_root: tkinter.Tk, home: Path
) -> None:
    app.start.show("host")
    assert app.start.keep_private.get() is False
    app.start.keep_private.set(True)
    host_room(app, tk_root)
    history_line(app, tk_root, "Private messages are kept too.")
    app.room_menu.invoke("History…")  # the host's: the room's lessons, under what is kept
    dialog = LessonsDialog.shown
    assert dialog is not None
    told = str(dialog.about.cget("text"))
    dialog.close()
    kept = home / "home" / "data" / "history.sqlite3"
    assert told == (
        f"This room's messages are kept on this computer in {kept} for "
        f"{limits.HISTORY_RETENTION_DAYS:g} days. Private messages are kept too."
    )


def test_a_damaged_history_file_is_explained_and_the_room_still_works(
    app: ChatApp, tk_root: tkinter.Tk, home: Path
) -> None:
    damaged = home / "home" / "data" / "history.sqlite3"
    damaged.parent.mkdir(parents=True)
    damaged.write_bytes(b"this is not a database " * 200)
    host_room(app, tk_root)
    assert app.session.history_status is not None
    assert app.session.history_status.problem
    assert not app.session.history_status.kept
    history_line(app, tk_root, app.session.history_status.problem)
    assert "kept on this computer" not in app.page.view.transcripts[casefold(CHANNEL)].text()


def test_a_catch_up_over_the_bound_and_history_stopping_are_said_in_the_room(
    app: ChatApp, tk_root: tkinter.Tk, home: Path
) -> None:
    """The events as the workers post them: a catch-up cut at the bound, and the host's
    history stopping while the room is open (say, the disk filled up)."""
    host_room(app, tk_root)
    missed = MessageReceived(CHANNEL, "Sam", "one of many", 1.0, "m1", "message", False)
    app.events.put(HistoryLoaded(CHANNEL, (missed,), older=False, complete=False))
    stopped = HistoryStatus(kept=False, problem="The history file is full: nothing new is kept.")
    app.events.put(stopped)
    text = history_line(app, tk_root, stopped.problem)
    assert f"More than {limits.HISTORY_CATCH_UP_MAX_MESSAGES} messages were sent" in text
    assert "one of many" in text
    assert app.session.history_status == stopped
