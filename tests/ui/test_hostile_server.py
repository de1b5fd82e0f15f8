"""A real window joins a hostile server and stays connected and usable.

The server is a raw socket on 127.0.0.1 (tests/net/client/rawserver.py) that registers the window,
lists one room and lets it join, then sends every kind of line that broke or could break a
client (372 with no parameters, a bare FAIL, garbage ISUPPORT, NUL, invalid UTF-8, huge lines,
JOIN with no room, BATCH with no name, every numeric with no parameters …) and then one
ordinary message. The window must show that message, send what is typed next, and report no
error on the way.
"""

from __future__ import annotations

import tkinter
from collections.abc import Iterator
from typing import Any

import pytest

from chatgui import limits
from chatgui.protocol.names import casefold
from chatgui.ui import wording
from chatgui.ui.app import ChatApp
from chatgui.ui.settings import Settings
from tests.net.client.rawserver import SERVER, RawServer, hostile_lines
from tests.support import wait_until
from tests.ui.roomkit import CHANNEL, stop_app, transcript_text, type_line

ODD_NETWORK = "Evil\\x00\\x1b[31m\\xe2\\x80\\xae\\x0a\\x7f" + "\\x20" * 3 + "n" * 300
"""The name the window takes as the room's: NUL, ESC, half a UTF-8 character, a line break."""


@pytest.fixture
def app(tk_root: tkinter.Tk) -> Iterator[ChatApp]:
    tk_root.geometry("900x620+0+0")
    chat = ChatApp(tk_root, Settings(name="Kim"))
    try:
        yield chat
    finally:
        stop_app(chat)


@pytest.fixture
def raw_server() -> Iterator[RawServer]:
    server = RawServer()
    yield server
    server.close()


def test_a_hostile_server_cannot_break_the_window(
    app: ChatApp, tk_root: tkinter.Tk, raw_server: RawServer
) -> None:
    errors: list[tuple[Any, ...]] = []
    tk_root.report_callback_exception = lambda *error: errors.append(error)  # type: ignore[method-assign]
    pump = tk_root.update

    app.start.join_now("Kim", f"127.0.0.1:{raw_server.port}")
    raw_server.accept(timeout=10, pump=pump)
    nick = raw_server.register(pump, network=ODD_NETWORK)
    raw_server.expect(r"^LIST", pump=pump)  # a server that is not chatgui: which rooms?
    raw_server.send(
        f":{SERVER} 322 {nick} {CHANNEL} 1 :Fractions".encode(),
        f":{SERVER} 323 {nick} :End of LIST".encode(),
    )
    raw_server.join(nick, CHANNEL, pump)
    wait_until(
        lambda: app.page is not None and casefold(CHANNEL) in app.page.view.transcripts,
        10,
        tk_root,
        what="the window in the room",
    )

    raw_server.send(*hostile_lines(nick, CHANNEL))
    raw_server.send(f":sam!s@10.0.0.7 PRIVMSG {CHANNEL} :after the storm".encode())
    wait_until(
        lambda: "after the storm" in transcript_text(app),
        10,
        tk_root,
        what="the ordinary message after the hostile lines",
    )

    type_line(app, "still here")
    raw_server.expect(rf"^PRIVMSG {CHANNEL} :still here$", pump=pump)
    assert app.page is not None
    assert app.page.view.status.get().startswith("Connected"), app.page.view.status.get()
    shown = "\n".join(transcript.text() for transcript in app.page.view.transcripts.values())
    assert wording.worker_crashed("client") not in shown
    assert errors == [], "the window met an error handling what the server sent"


def test_people_writing_under_name_after_name_open_a_bounded_number_of_conversations(
    app: ChatApp, tk_root: tkinter.Tk, raw_server: RawServer
) -> None:
    """Every private message from a new name opened a conversation: a student reconnecting
    under name after name (or a server) filled the window with hundreds. Past
    PRIVATE_CONVERSATIONS_MAX, a message from someone new is shown with the room's messages.

        s00 … s59> PRIVMSG Kim :hello from sNN
        the window: 40 private conversations; "s59 wrote to you privately: hello from s59"
        among the room's messages; s00 writing again still reaches its conversation
    """
    pump = tk_root.update
    app.start.join_now("Kim", f"127.0.0.1:{raw_server.port}")
    raw_server.accept(timeout=10, pump=pump)
    nick = raw_server.register(pump)
    raw_server.expect(r"^LIST", pump=pump)
    raw_server.send(
        f":{SERVER} 322 {nick} {CHANNEL} 1 :Fractions".encode(),
        f":{SERVER} 323 {nick} :End of LIST".encode(),
    )
    raw_server.join(nick, CHANNEL, pump)
    wait_until(
        lambda: app.page is not None and casefold(CHANNEL) in app.page.view.transcripts,
        10,
        tk_root,
        what="the window in the room",
    )
    senders = [f"s{n:02d}" for n in range(60)]
    raw_server.send(*(f":{s}!u@10.0.0.9 PRIVMSG {nick} :hello from {s}".encode() for s in senders))
    raw_server.send(f":s00!u@10.0.0.9 PRIVMSG {nick} :s00 again".encode())
    wait_until(
        lambda: "hello from s59" in transcript_text(app, "*"),
        10,
        tk_root,
        what="the last new name's message among the room's messages",
    )
    wait_until(lambda: "s00 again" in transcript_text(app, "s00"), 10, tk_root, what="s00 again")
    assert app.page is not None
    private = [key for key in app.page.view.transcripts if key.startswith("s")]
    assert len(private) == limits.PRIVATE_CONVERSATIONS_MAX
    assert "s59 wrote to you privately: hello from s59" in transcript_text(app, "*")
