"""The teacher's slash commands and the refusals in words: pure functions, no window."""

import pytest

from chatgui.ui import wording
from chatgui.ui.commands import (
    HELP,
    TEACHER_HELP,
    AskHelpers,
    PersonControl,
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
        ("475", "Cannot join channel (+k)", "#class-chat needs a password"),
        (
            "475",
            "Cannot join channel (+k) - Too many wrong passwords from your computer; wait 1 second",
            "Too many wrong passwords were tried from this computer: wait 1 second, then try",
        ),
        ("482", "You're not channel operator", "Only the host and helpers of #class-chat"),
        ("482", "Only the host can make helpers", "Only the host can make helpers."),
    ],
)
def test_refusals_are_sentences(code: str, text: str, expected: str) -> None:
    sentence = wording.refusal(code, ROOM, text)
    assert expected in sentence
    assert code not in sentence
