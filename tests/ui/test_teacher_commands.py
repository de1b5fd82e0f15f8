"""The teacher's slash commands and the refusals in words: pure functions, no window."""

import re

import pytest

from chatgui.ui import control_checks, wording
from chatgui.ui.bans_dialog import in_words
from chatgui.ui.commands import (
    HELP,
    TEACHER_HELP,
    AskHelpers,
    PersonControl,
    RawMode,
    RoomControl,
    SetTopic,
    ToggleHand,
    Usage,
    parse_input,
)

ROOM = "#class-chat"


@pytest.mark.parametrize(
    ("typed", "action"),
    [
        ("/mute Sam", PersonControl("mute", ROOM, "Sam")),
        ("/unmute Sam", PersonControl("unmute", ROOM, "Sam")),
        ("/kick Sam shouting", PersonControl("kick", ROOM, "Sam", "shouting")),
        ("/ban Sam spam links", PersonControl("ban", ROOM, "Sam", "spam links")),
        ("/helper Aisha", PersonControl("helper", ROOM, "Aisha")),
        ("/unhelper Aisha", PersonControl("unhelper", ROOM, "Aisha")),
        ("/lock", RoomControl("lock", ROOM)),
        ("/unlock", RoomControl("unlock", ROOM)),
        ("/password kangaroo", RoomControl("password", ROOM, "kangaroo")),
        ("/password", RoomControl("password", ROOM, "")),
        ("/moderate", RoomControl("moderate", ROOM, "on")),
        ("/moderate off", RoomControl("moderate", ROOM, "off")),
        ("/renames off", RoomControl("renames", ROOM, "off")),
        ("/renames ON", RoomControl("renames", ROOM, "on")),
        ("/slow 30", RoomControl("slow", ROOM, "30")),
        ("/slow 0", RoomControl("slow", ROOM, "0")),
        ("/pin Homework due Friday", SetTopic(ROOM, "Homework due Friday")),
        ("/hand", ToggleHand(ROOM)),
        ("/ask can I go first?", AskHelpers(ROOM, "can I go first?")),
        ("/unban Sam", PersonControl("unban", ROOM, "Sam")),
        ("/invite Sam", PersonControl("invite", ROOM, "Sam")),
        ("/unpin", SetTopic(ROOM, "")),
        ("/mode +m", RawMode((ROOM, "+m"))),
        ("/mode #other +b m:Sam", RawMode(("#other", "+b", "m:Sam"))),
    ],
)
def test_teacher_commands(typed: str, action: object) -> None:
    assert parse_input(typed, ROOM) == action


@pytest.mark.parametrize(
    ("typed", "usage"),
    [
        ("/mute", TEACHER_HELP["/mute"]),
        ("/kick bad!name", TEACHER_HELP["/kick"]),
        ("/slow soon", TEACHER_HELP["/slow"]),
        ("/slow ²", TEACHER_HELP["/slow"]),
        ("/slow ٣٠", TEACHER_HELP["/slow"]),
        ("/moderate maybe", TEACHER_HELP["/moderate"]),
        ("/renames", TEACHER_HELP["/renames"]),
        ("/renames maybe", TEACHER_HELP["/renames"]),
        ("/pin", TEACHER_HELP["/pin"]),
        ("/ask", HELP["/ask"]),
        ("/unban", TEACHER_HELP["/unban"]),
        ("/invite", TEACHER_HELP["/invite"]),
        ("/mode", TEACHER_HELP["/mode"]),
        ("/mode +k :x", TEACHER_HELP["/mode"]),
    ],
)
def test_misused_teacher_commands_say_how(typed: str, usage: str) -> None:
    assert parse_input(typed, ROOM) == Usage(usage)


def test_room_commands_need_a_room() -> None:
    action = parse_input("/lock", "Sam")
    assert isinstance(action, Usage)
    assert "works in a room" in action.text


@pytest.mark.parametrize(
    ("code", "text", "expected"),
    [
        ("404", "You are muted in #class-chat: only the host …", "You are muted in #class-chat"),
        ("404", "Cannot send to channel (+m) - only voices", "Only the host, helpers and people"),
        ("404", "Cannot send to channel", "You can't talk in #class-chat right now"),
        ("FAIL PRIVMSG SLOW_MODE", "Slow mode is on: wait 8 more seconds", "wait 8 more seconds"),
        ("FAIL PRIVMSG WORD_FILTERED", "not sent", "a word the host does not allow"),
        ("473", "Cannot join channel (+i)", "#class-chat is locked: nobody new can join"),
        ("474", "Cannot join channel (+b)", "the host has banned you until the room closes"),
        ("475", "Cannot join channel (+k)", "#class-chat needs a password. Type /join #class-chat"),
        (
            "475",
            "Cannot join channel (+k) - Too many wrong passwords from your computer; wait 1 second",
            "Too many wrong passwords were tried from this computer: wait 1 second, then try",
        ),
        ("482", "You're not channel operator", "Only the host and helpers of #class-chat"),
        ("482", "Only the host can make helpers", "Only the host can make helpers."),
        ("482", "You can't mute yourself", "You can't mute yourself."),
        ("482", "The host can't be banned or muted", "The host can't be banned or muted."),
    ],
)
def test_refusals_are_sentences(code: str, text: str, expected: str) -> None:
    sentence = wording.refusal(code, ROOM, text)
    assert expected in sentence
    assert code not in sentence


def test_a_refusal_names_the_room_by_its_title_and_says_what_to_type() -> None:
    sentence = wording.refusal("475", "Group 1", "Cannot join channel (+k)", "#group-1")
    assert sentence.startswith("Group 1 needs a password. Type /join #group-1 and the password")
    sentence = wording.refusal("404", "Class chat", "You are muted in #class-chat: only …")
    assert sentence.startswith("You are muted in Class chat:")


@pytest.mark.parametrize(
    ("verb", "nick", "present", "banned", "said"),
    [
        ("mute", "Nobody", False, False, "There is nobody called Nobody in Class chat"),
        ("kick", "Nobody", False, False, "There is nobody called Nobody in Class chat"),
        ("mute", "ms_rivera", True, False, "You can't mute yourself."),
        ("ban", "Ms_Rivera", True, False, "You can't ban yourself."),
        ("invite", "Sam", True, False, "Sam is in Class chat already."),
        ("unban", "Sam", False, False, "Nobody called Sam is banned from Class chat."),
        ("mute", "Sam", True, False, None),
        ("invite", "Sam", False, False, None),
        ("unban", "Sam", False, True, None),
    ],
)
def test_controls_that_cant_apply_are_refused_in_words(
    verb: str, nick: str, present: bool, banned: bool, said: str | None
) -> None:
    why = control_checks.refusal(verb, nick, "Ms_Rivera", "Class chat", present, banned)
    if said is None:
        assert why is None
    else:
        assert why is not None
        assert said in why
        assert not re.search(r"\b[0-9]{3}\b|channel|\+b|nick", why), why


def test_bans_in_words() -> None:
    assert in_words("Sam!*@*") == "Sam"
    assert in_words("*!*@10.0.0.7") == "everyone at 10.0.0.7 (a computer)"
    assert in_words("S*!*@*") == "S*!*@*"
