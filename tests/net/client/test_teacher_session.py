"""The client core on the teacher's controls, fed server lines as a chatgui server writes them
(tests/net/server checks that it does): room modes and mutes, hands, STATUSMSG, refusals.

Pure: a ClientSession and the lines, no sockets (the window tests, tests/ui/test_teacher.py,
carry the same lines over real ones).
"""

from __future__ import annotations

from chatgui.events import (
    ChatEvent,
    Hand,
    HandsChanged,
    Invited,
    Member,
    MembersChanged,
    MessageReceived,
    MessageRefused,
    MessageSent,
    Problem,
    RoomModesChanged,
    ScreenCleared,
)
from chatgui.protocol.caps import HANDS
from chatgui.protocol.client import controls, room_settings
from chatgui.protocol.client.session import ClientSession
from chatgui.protocol.message import Message, parse

S = ":chatgui.local"


def registered(caps: str = f"echo-message {HANDS}") -> ClientSession:
    session = ClientSession("Sam")
    session.start()
    feed(session, f"{S} CAP * LS :{caps}")
    feed(session, f"{S} CAP Sam ACK :{caps}")
    feed(session, f"{S} 001 Sam :Welcome")
    isupport = "PREFIX=(qov)~@+ CHANMODES=b,k,lW,imnt STATUSMSG=@ EXTBAN=,m UTF8MAPPING=rfc8265"
    feed(session, f"{S} 005 Sam {isupport} :are supported")
    feed(session, f"{S} 376 Sam :End of MOTD")
    return session


def feed(session: ClientSession, line: str) -> list[ChatEvent]:
    return list(session.receive(parse(line.encode()), 1000.0).events)


def joined(session: ClientSession) -> None:
    feed(session, ":Sam!~Sam@10.0.0.7 JOIN #class")
    feed(session, f"{S} 353 Sam = #class :~Ms_Rivera @Aisha Sam")
    feed(session, f"{S} 366 Sam #class :End of NAMES")


def last(events: list[ChatEvent], kind: type) -> object:
    found = [event for event in events if isinstance(event, kind)]
    assert found, f"no {kind.__name__} in {events}"
    return found[-1]


def test_joining_asks_for_modes_mutes_and_hands() -> None:
    session = registered()
    joining = session.receive(parse(b":Sam!~Sam@10.0.0.7 JOIN #class"), 1000.0)
    sent = [m.to_bytes().decode() for m in joining.lines]
    assert sent == ["MODE #class", "MODE #class b", "HAND #class ?"]


def test_host_and_helpers_have_their_own_prefix() -> None:
    session = registered()
    feed(session, ":Sam!~Sam@10.0.0.7 JOIN #class")
    feed(session, f"{S} 353 Sam = #class :~Ms_Rivera @Aisha Sam")
    members = last(feed(session, f"{S} 366 Sam #class :End of NAMES"), MembersChanged)
    assert isinstance(members, MembersChanged)
    assert [(m.nick, m.prefix) for m in members.members] == [
        ("Ms_Rivera", "~"),
        ("Aisha", "@"),
        ("Sam", ""),
    ]
    events = feed(session, ":Jo!~jo@10.0.0.9 JOIN #class")
    members = last(events, MembersChanged)
    assert isinstance(members, MembersChanged)
    assert Member("Jo", "", False, "10.0.0.9") in members.members


def test_room_modes_and_mutes_are_followed() -> None:
    session = registered()
    joined(session)
    modes = last(feed(session, f"{S} 324 Sam #class +ntkW *** 10"), RoomModesChanged)
    expected = (("W", "10"), ("k", "***"), ("n", ""), ("t", ""))
    assert modes == RoomModesChanged("#class", expected, ())
    feed(session, f"{S} 367 Sam #class m:Jo!*@* Ms_Rivera 1000")
    modes = last(feed(session, f"{S} 368 Sam #class :End of ban list"), RoomModesChanged)
    assert isinstance(modes, RoomModesChanged)
    assert modes.mutes == ("Jo!*@*",)
    events = feed(session, ":Ms_Rivera!~u@h MODE #class +im-W+b m:Aisha!*@*")
    modes = last(events, RoomModesChanged)
    assert isinstance(modes, RoomModesChanged)
    assert dict(modes.modes) == {"i": "", "k": "***", "m": "", "n": "", "t": ""}
    assert modes.mutes == ("Aisha!*@*", "Jo!*@*")
    modes = last(feed(session, ":Ms_Rivera!~u@h MODE #class -b+o m:Jo!*@* Sam"), RoomModesChanged)
    assert isinstance(modes, RoomModesChanged)
    assert modes.mutes == ("Aisha!*@*",)
    assert session.rooms["#class"].members["sam"] == ("Sam", "o")


def test_hands_follow_the_notes_in_order() -> None:
    session = registered()
    joined(session)
    feed(session, f"{S} NOTE HAND QUEUE #class Aisha 990 :1. Aisha")
    hands = last(feed(session, f"{S} NOTE HAND RAISED #class Sam 995 :Sam raised"), HandsChanged)
    both = (Hand("Aisha", 990.0), Hand("Sam", 995.0))
    assert hands == HandsChanged("#class", both, "Sam raised")
    events = feed(session, f"{S} NOTE HAND LOWERED #class Aisha 999 :Ms lowered Aisha's hand.")
    expected = HandsChanged("#class", (Hand("Sam", 995.0),), "Ms lowered Aisha's hand.")
    assert last(events, HandsChanged) == expected
    events = feed(session, ":Sam!~Sam@10.0.0.7 PART #class")
    assert "#class" not in session.rooms


def test_a_hand_with_an_unreadable_time_counts_as_raised_now() -> None:
    """A server's time field is input like any other: "²" passes str.isdigit(), not float()."""
    session = registered()
    joined(session)
    for stamp in ("²", "soon", "-5"):
        events = feed(session, f"{S} NOTE HAND RAISED #class Sam {stamp} :Sam raised")
        assert last(events, HandsChanged) == HandsChanged(
            "#class", (Hand("Sam", 1000.0),), "Sam raised"
        )


def test_a_question_for_the_helpers_is_shown_in_its_room() -> None:
    session = registered()
    joined(session)
    events = feed(session, ":Jo!~jo@h PRIVMSG @#class :can I go first?")
    message = last(events, MessageReceived)
    assert isinstance(message, MessageReceived)
    assert (message.conversation, message.to_helpers, message.own) == ("#class", True, False)
    assert session.say(controls.to_helpers("#class"), "me too", local_id=7).lines
    events = feed(session, ":Sam!~Sam@h PRIVMSG @#class :me too")
    assert last(events, MessageSent) == MessageSent(7, None, 1000.0)


def test_a_fail_for_a_message_takes_the_place_of_its_echo() -> None:
    session = registered()
    joined(session)
    assert session.say("#class", "hello", local_id=3).lines
    assert session.say("#class", "again", local_id=4).lines
    wait = "Slow mode is on in #class: wait 8 more seconds before you send another message."
    events = feed(session, f"{S} FAIL PRIVMSG SLOW_MODE #class 8 :{wait}")
    assert last(events, MessageRefused) == MessageRefused(
        3, "#class", wait, "FAIL PRIVMSG SLOW_MODE"
    )
    events = feed(session, ":Sam!~Sam@h PRIVMSG #class :again")
    assert last(events, MessageSent) == MessageSent(4, None, 1000.0)


def test_refusals_carry_their_code() -> None:
    session = registered()
    events = feed(session, f"{S} 473 Sam #class :Cannot join channel (+i)")
    assert last(events, Problem) == Problem("#class", "Cannot join channel (+i)", "473")
    events = feed(session, f"{S} FAIL HAND QUEUE_FULL #class :200 hands are already up")
    assert last(events, Problem) == Problem(
        "#class", "200 hands are already up", "FAIL HAND QUEUE_FULL"
    )


def test_controls_build_the_lines_the_server_reads() -> None:
    def wire(lines: list[Message]) -> list[str]:
        return [m.to_bytes().decode() for m in lines]

    assert wire(controls.mute("#c", "Sam")) == ["MODE #c +b m:Sam!*@*"]
    assert wire(controls.unmute("#c", ["Sam!*@*"])) == ["MODE #c -b m:Sam!*@*"]
    assert wire(controls.ban("#c", "Sam", "spam")) == ["MODE #c +b Sam!*@*", "KICK #c Sam spam"]
    assert wire(controls.ban("#c", "Sam", "spam", address="10.0.0.7")) == [
        "MODE #c +b Sam!*@*",
        "MODE #c +b *!*@10.0.0.7",
        "KICK #c Sam spam",
    ]
    assert wire(controls.unban("#c", ["Sam!*@*"])) == ["MODE #c -b Sam!*@*"]
    assert wire(controls.invite("#c", "Sam")) == ["INVITE Sam #c"]
    assert wire(controls.clear_screen("#c")) == ["@+chatgui.invalid/clear-screen TAGMSG #c"]
    assert wire(controls.pin("#c", "")) == ["TOPIC #c :"]
    assert wire(controls.room_mode("#c", room_settings.SLOW, True, "30")) == ["MODE #c +W 30"]
    assert wire(controls.room_mode("#c", room_settings.PASSWORD, False)) == ["MODE #c -k *"]
    assert wire(controls.lower_hand("#c", "Sam")) == ["HAND #c - Sam"]
    assert room_settings.matches("Sam!*@*", "sam")
    assert room_settings.matches("*!*@10.0.0.7", "Jo", "10.0.0.7")
    assert not room_settings.matches("*!*@10.0.0.7", "Jo", "10.0.0.8")
    assert not room_settings.matches("Sam!*@*", "Samantha")


def test_names_with_addresses_let_a_late_helper_ban_by_address() -> None:
    """With userhost-in-names the member list knows addresses of people who joined earlier."""
    session = registered(f"echo-message userhost-in-names {HANDS}")
    feed(session, ":Sam!~Sam@10.0.0.7 JOIN #class")
    names_line = f"{S} 353 Sam = #class :~Ms_Rivera!~m@10.0.0.2 Ben!~b@10.0.0.9 Sam!~Sam@10.0.0.7"
    feed(session, names_line)
    events = feed(session, f"{S} 366 Sam #class :End of NAMES")
    shown = last(events, MembersChanged)
    assert isinstance(shown, MembersChanged)
    assert [(m.nick, m.prefix, m.address) for m in shown.members] == [
        ("Ms_Rivera", "~", "10.0.0.2"),
        ("Ben", "", "10.0.0.9"),
        ("Sam", "", "10.0.0.7"),
    ]


def test_addresses_are_kept_only_for_people_in_our_rooms() -> None:
    """An address follows a new name, and goes with the last room we share with its person."""
    session = registered(f"echo-message userhost-in-names {HANDS}")
    rooms = {"#class": "Ben!~b@10.0.0.9 Jo!~j@10.0.0.4", "#quiz": "Ben!~b@10.0.0.9"}
    for room, people in rooms.items():
        feed(session, f":Sam!~Sam@10.0.0.7 JOIN {room}")
        feed(session, f"{S} 353 Sam = {room} :Sam!~Sam@10.0.0.7 {people}")
        feed(session, f"{S} 366 Sam {room} :End of NAMES")
    feed(session, ":Ana!~a@10.0.0.5 JOIN #quiz")
    assert set(session.addresses) == {"sam", "ben", "jo", "ana"}
    feed(session, ":Ben!~b@10.0.0.9 NICK Benji")
    assert session.addresses["benji"] == "10.0.0.9"
    assert "ben" not in session.addresses
    feed(session, ":Benji!~b@10.0.0.9 PART #class")
    assert session.addresses["benji"] == "10.0.0.9"  # still in #quiz with us
    feed(session, ":Ms_Rivera!~m@10.0.0.2 KICK #quiz Benji :shouting")
    assert "benji" not in session.addresses
    feed(session, ":Jo!~j@10.0.0.4 QUIT :bye")
    assert "jo" not in session.addresses
    feed(session, ":Sam!~Sam@10.0.0.7 PART #quiz")
    assert set(session.addresses) == {"sam"}  # Ana was only in #quiz


def test_a_mode_line_is_told_once_in_words_on_any_server() -> None:
    """The MODE line is the control: its words are drawn from it, on chatgui's server (which
    no longer repeats it in a NOTICE) and on any other."""
    for session in (registered(), registered("echo-message")):
        joined(session)
        events = feed(session, ":Ms_Rivera!~m@h MODE #class +b m:Sam!*@*")
        said = [e for e in events if isinstance(e, MessageReceived)]
        assert [(e.conversation, e.sender, e.text, e.kind) for e in said] == [
            ("#class", "Ms_Rivera", "Ms_Rivera muted Sam.", "control")
        ]
        assert last(events, RoomModesChanged)


def test_the_ban_list_is_followed_and_read_again_whole() -> None:
    session = registered()
    joined(session)
    feed(session, ":Ms_Rivera!~r@10.0.0.1 MODE #class +b Kim!*@*")
    event = last(
        feed(session, ":Ms_Rivera!~r@10.0.0.1 MODE #class +b *!*@10.0.0.9"), RoomModesChanged
    )
    assert isinstance(event, RoomModesChanged)
    assert event.bans == (("*!*@10.0.0.9", "Ms_Rivera"), ("Kim!*@*", "Ms_Rivera"))
    feed(session, ":Aisha!~a@10.0.0.2 MODE #class -b Kim!*@*")
    feed(session, f"{S} 367 Sam #class Lee!*@* Aisha!~a@10.0.0.2 1767000000")
    feed(session, f"{S} 367 Sam #class m:Jo!*@* Aisha 1767000000")
    event = last(feed(session, f"{S} 368 Sam #class :End of channel ban list"), RoomModesChanged)
    assert isinstance(event, RoomModesChanged)
    assert event.bans == (("Lee!*@*", "Aisha"),)  # the list as the server has it now
    assert event.mutes == ("Jo!*@*",)
    event = last(feed(session, f"{S} 368 Sam #class :End of channel ban list"), RoomModesChanged)
    assert isinstance(event, RoomModesChanged)
    assert event.bans == ()


def test_an_invitation_and_a_clear_screen_from_the_host() -> None:
    session = registered("echo-message message-tags")
    joined(session)
    assert feed(session, ":Ms_Rivera!~r@10.0.0.1 INVITE Sam #maths") == [
        Invited("#maths", "Ms_Rivera")
    ]
    assert feed(session, ":Ms_Rivera!~r@10.0.0.1 INVITE Sam #class") == []  # in it already
    assert feed(session, ":Ms_Rivera!~r@10.0.0.1 INVITE Kim #maths") == []  # invite-notify
    clear = "@+chatgui.invalid/clear-screen;msgid=x"
    assert feed(session, f"{clear} :Ms_Rivera!~r@10.0.0.1 TAGMSG #class") == [
        ScreenCleared("#class", "Ms_Rivera")
    ]
    assert feed(session, f"{clear} :Aisha!~a@10.0.0.2 TAGMSG #class") == [
        ScreenCleared("#class", "Aisha")
    ]
    feed(session, ":Kim!~k@10.0.0.3 JOIN #class")
    assert feed(session, f"{clear} :Kim!~k@10.0.0.3 TAGMSG #class") == []  # a classmate
    assert feed(session, ":Ms_Rivera!~r@10.0.0.1 TAGMSG #class") == []  # no tag: no clearing
