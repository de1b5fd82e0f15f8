"""Sounds and desktop notifications when a message comes and the window is behind: a real
window in a room served over 127.0.0.1, another program's window holding the focus, the X
server's own count of bells, and a D-Bus session bus of the test's own with dbus-monitor
watching what reaches org.freedesktop.Notifications."""

from __future__ import annotations

import html
import re
import time
import tkinter
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chatgui import limits
from chatgui.protocol.names import casefold
from chatgui.ui import desktop_alerts
from chatgui.ui.app import ChatApp
from chatgui.ui.notify import plain
from chatgui.ui.settings import Settings
from tests.net.client.rawserver import SERVER, RawServer
from tests.support import wait_until
from tests.ui.notify_kit import (
    Bells,
    SessionBus,
    another_window_focused,
    bells,
    focus_back,
    session_bus,
)
from tests.ui.roomkit import CHANNEL, stop_app, transcript_text, type_line

__all__ = ["bells", "session_bus"]  # fixtures
SAM = b":sam!s@10.0.0.7"
TRICKY = st.one_of(st.sampled_from("'\"\\<>&@%{}[]()\n\t\u202e\x00 "), st.characters())
"""Characters GVariant text, markup or a terminal would read as more than text, and any."""


@pytest.fixture
def raw_server() -> Iterator[RawServer]:
    server = RawServer()
    yield server
    server.close()


def kim_in_the_room(
    tk_root: tkinter.Tk, raw_server: RawServer, settings: Settings | None = None
) -> ChatApp:
    """Kim's window in #class-chat on the raw server, with sam there too."""
    tk_root.geometry("900x620+0+0")
    app = ChatApp(tk_root, settings or Settings(name="Kim"))
    app.start.join_now("Kim", f"127.0.0.1:{raw_server.port}")
    raw_server.accept(timeout=10, pump=tk_root.update)
    nick = raw_server.register(tk_root.update)
    raw_server.expect(r"^LIST", pump=tk_root.update)
    raw_server.send(
        f":{SERVER} 322 {nick} {CHANNEL} 2 :Fractions".encode(),
        f":{SERVER} 323 {nick} :End of LIST".encode(),
    )
    raw_server.join(nick, CHANNEL, tk_root.update)
    wait_until(
        lambda: app.page is not None and casefold(CHANNEL) in app.page.view.transcripts,
        10,
        tk_root,
        what="Kim's window in the room",
    )
    return app


def said(raw_server: RawServer, *lines: str) -> None:
    raw_server.send(*(SAM + f" {line}".encode() for line in lines))


def settle(root: tkinter.Tk, seconds: float = 1.0) -> None:
    """Long enough for anything on its way (a gdbus call, a bell) to have arrived."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        root.update()
        time.sleep(0.02)


def test_a_mention_behind_another_window_rings_and_reaches_the_desktop_as_plain_text(
    tk_root: tkinter.Tk, raw_server: RawServer, session_bus: SessionBus, bells: Bells
) -> None:
    app = kim_in_the_room(tk_root, raw_server)
    try:
        long_tail = "x" * 500
        with another_window_focused(tk_root):
            said(
                raw_server,
                f"PRIVMSG {CHANNEL} :Kim <b>look</b> & see it's a\\b \u202eevil {long_tail}",
            )
            wait_until(lambda: len(session_bus.notifications()) == 1, 10, tk_root)
        call = session_bus.notifications()[0]
        strings = re.findall(r'^\s+string "(.*)"$', call, re.MULTILINE)
        assert strings[0] == "chatgui"
        assert app.page is not None
        assert strings[2] == f"sam in {app.page.view.headings[casefold(CHANNEL)]}"
        body = strings[3]
        assert body.startswith("Kim &lt;b&gt;look&lt;/b&gt; &amp; see it's a\\b evil xxx"), body
        assert body.endswith("…")
        assert len(body) < limits.NOTIFICATION_TEXT_MAX + 30  # + what &amp; &lt; &gt; add
        assert "\u202e" not in body
        wait_until(lambda: bells.count() == 1, 5, tk_root, what="one bell from the X server")
    finally:
        stop_app(app)


def test_switched_off_nothing_reaches_the_desktop_and_nothing_rings(
    tk_root: tkinter.Tk, raw_server: RawServer, session_bus: SessionBus, bells: Bells
) -> None:
    quiet = Settings(name="Kim", notify_desktop=False, notify_sound=False)
    app = kim_in_the_room(tk_root, raw_server, quiet)
    try:
        with another_window_focused(tk_root):
            said(raw_server, f"PRIVMSG {CHANNEL} :Kim are you there?", "PRIVMSG Kim :psst")
            wait_until(lambda: tk_root.title().startswith("(2) "), 10, tk_root, what="(2)")
            settle(tk_root)
        assert session_bus.notifications() == []
        assert bells.count() == 0
    finally:
        stop_app(app)


def test_a_flood_of_a_thousand_mentions_gives_a_few_alerts_and_counts_them_all(
    tk_root: tkinter.Tk, raw_server: RawServer, session_bus: SessionBus, bells: Bells
) -> None:
    app = kim_in_the_room(tk_root, raw_server)
    try:
        with another_window_focused(tk_root):
            said(raw_server, *(f"PRIVMSG {CHANNEL} :Kim {n}" for n in range(1000)))
            wait_until(
                lambda: tk_root.title().startswith("(1000) "),
                30,
                tk_root,
                what=f"(1000) in the title, not {tk_root.title()!r}",
            )
            settle(tk_root, 2.0)
        most = limits.ALERTS_PER_MINUTE_MAX
        assert len(session_bus.notifications()) == most
        assert bells.count() == most
    finally:
        stop_app(app)


def test_what_never_alerts_and_what_only_every_message_does(
    tk_root: tkinter.Tk, raw_server: RawServer, session_bus: SessionBus, bells: Bells
) -> None:
    app = kim_in_the_room(tk_root, raw_server)
    try:
        focus_back(tk_root)  # the room is read: a mention in it is seen, not announced
        said(raw_server, f"PRIVMSG {CHANNEL} :Kim, in front of you")
        type_line(app, "Kim writes her own name")  # our own message: never
        raw_server.send(f":{SERVER} NOTICE {CHANNEL} :Kim, the server speaks".encode())
        with another_window_focused(tk_root):
            said(raw_server, f"MODE {CHANNEL} +m", f"PRIVMSG {CHANNEL} :nobody named")
            wait_until(lambda: "nobody named" in transcript_text(app), 10, tk_root)
            settle(tk_root)
            assert session_bus.notifications() == []
            assert bells.count() == 0
            assert app.page is not None
            app.settings.notify_about = "everything"
            said(raw_server, f"PRIVMSG {CHANNEL} :a line for everyone")
            wait_until(lambda: len(session_bus.notifications()) == 1, 10, tk_root)
            settle(tk_root)
        assert bells.count() == 0, "a sound is only for mentions and private messages"
        assert 'string "a line for everyone"' in session_bus.notifications()[0]
    finally:
        stop_app(app)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(heading=st.text(TRICKY, max_size=120), text=st.text(TRICKY, max_size=400))
def test_any_text_reaches_the_bus_as_exactly_the_plain_words(
    tk_root: tkinter.Tk, session_bus: SessionBus, heading: str, text: str
) -> None:
    """Whatever a person types (quotes, backslashes, markup, control characters, any script),
    the notification carries it as one plain line, markup characters escaped, never as
    GVariant syntax or markup the desktop would read."""
    shown_heading = plain(heading, limits.NOTIFICATION_TITLE_MAX)
    shown_text = plain(text, limits.NOTIFICATION_TEXT_MAX)
    before = len(session_bus.notifications())
    assert desktop_alerts.notify(tk_root, shown_heading, shown_text)
    wait_until(lambda: len(session_bus.notifications()) > before, 10, tk_root)
    call = session_bus.notifications()[before]
    strings = re.findall(r'^\s+string "(.*)"$', call, re.MULTILINE)
    assert strings[2:] == [shown_heading, html.escape(shown_text, quote=False)]
