"""Who said it: a line carries its writer's status in the room (the host's "~", a helper's
"@"), as the server gave it in NAMES and MODE, never guessed from the name; and only the
server's own notices count as control lines, whatever a person's notice starts with.

Pure: a ClientSession fed the lines a chatgui server writes. The window tests
(tests/ui/test_badges.py) carry the same lines over real sockets.
"""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from chatgui.events import ChatEvent, HistoryLoaded, MessageReceived
from chatgui.net.client import ChatClient  # noqa: F401  (registers every handler module)
from chatgui.protocol.client.session import ClientSession
from chatgui.protocol.message import parse
from chatgui.protocol.names import casefold

S = ":chatgui.local"
ROOM = "#class"
CAPS = "batch server-time message-tags draft/chathistory"


def in_class(caught_up: bool = True) -> ClientSession:
    """Sam in #class with the host Ms_Rivera, the helper Aisha, and Ms_Rivera_, a student;
    `caught_up`: the room's history asked for on joining has come (there was none)."""
    session = ClientSession("Sam")
    session.start()
    for line in (
        f"{S} CAP * LS :{CAPS}",
        f"{S} CAP Sam ACK :{CAPS}",
        f"{S} 001 Sam :Welcome",
        f"{S} 005 Sam PREFIX=(qov)~@+ CHATHISTORY=50 STATUSMSG=@ :are supported",
        f"{S} 376 Sam :End of MOTD",
        f":Sam!~Sam@10.0.0.7 JOIN {ROOM}",
        f"{S} 353 Sam = {ROOM} :~Ms_Rivera @Aisha Ms_Rivera_ +Jo Sam",
        f"{S} 366 Sam {ROOM} :End of NAMES",
        *([f"{S} BATCH +h chathistory {ROOM}", f"{S} BATCH -h"] if caught_up else []),
    ):
        feed(session, line)
    return session


def feed(session: ClientSession, line: str) -> list[ChatEvent]:
    return list(session.receive(parse(line.encode()), 1000.0).events)


def received(session: ClientSession, line: str) -> MessageReceived:
    (message,) = [e for e in feed(session, line) if isinstance(e, MessageReceived)]
    return message


def badge(session: ClientSession, line: str) -> str:
    return received(session, line).badge


def test_the_host_and_a_helper_carry_their_badge_and_a_look_alike_name_does_not() -> None:
    session = in_class()
    assert badge(session, f":Ms_Rivera!~u@10.0.0.1 PRIVMSG {ROOM} :Open page 12") == "~"
    assert badge(session, f":Aisha!~u@10.0.0.2 PRIVMSG {ROOM} :I can help") == "@"
    impostor = f":Ms_Rivera_!~u@10.0.0.3 PRIVMSG {ROOM} :Sam please send me your password"
    assert badge(session, impostor) == ""
    assert badge(session, f":Jo!~u@10.0.0.4 PRIVMSG {ROOM} :a voice is no badge") == ""
    assert badge(session, f":Ms_Rivera!~u@10.0.0.1 NOTICE {ROOM} :a notice too") == "~"


def test_a_private_message_from_the_host_carries_the_status_of_a_shared_room() -> None:
    session = in_class()
    message = received(session, ":Ms_Rivera!~u@10.0.0.1 PRIVMSG Sam :Come and see me")
    assert (message.conversation, message.badge) == ("Ms_Rivera", "~")
    assert badge(session, ":Ms_Rivera_!~u@10.0.0.3 PRIVMSG Sam :It's me, Ms Rivera") == ""
    assert badge(session, ":Stranger!~u@10.0.0.9 PRIVMSG Sam :in no room with you") == ""


def test_the_badge_follows_the_status_as_it_changes() -> None:
    session = in_class()
    feed(session, f":Ms_Rivera!~u@10.0.0.1 MODE {ROOM} -o+o Aisha Ms_Rivera_")
    assert badge(session, f":Aisha!~u@10.0.0.2 PRIVMSG {ROOM} :no longer a helper") == ""
    assert badge(session, f":Ms_Rivera_!~u@10.0.0.3 PRIVMSG {ROOM} :made a helper") == "@"
    feed(session, ":Ms_Rivera_!~u@10.0.0.3 NICK Rivera_fan")
    assert badge(session, f":Rivera_fan!~u@10.0.0.3 PRIVMSG {ROOM} :still a helper") == "@"
    feed(session, ":Ms_Rivera!~u@10.0.0.1 QUIT :Connection lost")
    feed(session, ":Ms_Rivera!~u@10.0.0.5 JOIN #class")
    assert badge(session, f":Ms_Rivera!~u@10.0.0.5 PRIVMSG {ROOM} :back, not host yet") == ""


def test_history_shows_the_status_the_writer_has_now_and_none_for_who_is_gone() -> None:
    session = in_class(caught_up=False)
    feed(session, ":Aisha!~u@10.0.0.2 PART #class")
    lines = [
        f"{S} BATCH +h chathistory {ROOM}",
        f"@batch=h;msgid=a :Ms_Rivera!~u@10.0.0.1 PRIVMSG {ROOM} :earlier, from the host",
        f"@batch=h;msgid=b :Aisha!~u@10.0.0.2 PRIVMSG {ROOM} :earlier, from a helper now gone",
        f"@batch=h;msgid=c :Ms_Rivera_!~u@10.0.0.3 PRIVMSG {ROOM} :earlier, the look-alike",
        f"{S} BATCH -h",
    ]
    events = [event for line in lines for event in feed(session, line)]
    (loaded,) = [e for e in events if isinstance(e, HistoryLoaded)]
    assert [(m.sender, m.badge) for m in loaded.messages] == [
        ("Ms_Rivera", "~"),
        ("Aisha", ""),
        ("Ms_Rivera_", ""),
    ]


def test_only_the_servers_own_notice_is_from_the_server() -> None:
    session = in_class()
    real = received(session, f"{S} NOTICE {ROOM} :Ms_Rivera muted Jo.")
    assert (real.kind, real.from_server, real.badge) == ("notice", True, "")
    forged = received(session, f":Ms_Rivera_!~u@10.0.0.3 NOTICE {ROOM} :⚙ Ms_Rivera muted Sam.")
    assert (forged.kind, forged.sender, forged.from_server) == ("notice", "Ms_Rivera_", False)
    assert forged.text == "⚙ Ms_Rivera muted Sam."
    host = received(session, f":Ms_Rivera!~u@10.0.0.1 NOTICE {ROOM} :⚙ written by hand")
    assert (host.from_server, host.badge) == (False, "~")


NICK_CHARACTERS = st.characters(
    categories=("L", "N"), include_characters="_-[]{}|^`\\", max_codepoint=0x2FFF
)


@given(
    nick=st.text(NICK_CHARACTERS, min_size=1, max_size=16),
    text=st.text(
        st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\n\x00"),
        min_size=1,
        max_size=60,
    ),
    command=st.sampled_from(["PRIVMSG", "NOTICE"]),
)
def test_a_student_gets_no_badge_and_no_server_voice_whatever_the_name_and_words(
    nick: str, text: str, command: str
) -> None:
    """A student who joined without a status writes anything under any name (the host's
    with a suffix, "Ms_Rivera" spelled otherwise, symbols): no badge, never the server."""
    session = in_class()
    if casefold(nick) in ("ms_rivera", "aisha", "sam", "jo"):
        nick += "_"
    feed(session, f":{nick}!~u@10.0.0.8 JOIN {ROOM}")
    events = feed(session, f":{nick}!~u@10.0.0.8 {command} {ROOM} :{text}")
    for message in [e for e in events if isinstance(e, MessageReceived)]:
        assert message.badge == ""
        assert not message.from_server
        assert message.sender == nick
