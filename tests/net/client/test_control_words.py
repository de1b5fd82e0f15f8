"""A control said once, in words, by the client session (sans-IO): from the MODE, KICK,
TOPIC or INVITE line itself, under its msgid, so the room's history (which keeps the same
words under the same msgid) is never shown twice."""

from __future__ import annotations

from chatgui.events import ChatEvent, Invited, MessageReceived, Parted, TopicChanged
from chatgui.net.client import ChatClient  # noqa: F401  (registers every handler module)
from chatgui.protocol.client.session import ClientSession
from chatgui.protocol.control_words import WORDS, mode_words
from tests.net.client.test_teacher_session import S, feed, joined, registered

TAGS = "@msgid=m1;time=2026-12-06T10:42:00.000Z"


def words(events: list[ChatEvent]) -> list[tuple[str, str, str | None]]:
    return [
        (e.conversation, e.text, e.msgid)
        for e in events
        if isinstance(e, MessageReceived) and e.kind == "control"
    ]


def test_one_mode_line_with_several_changes_is_one_line_of_their_sentences() -> None:
    """One msgid, one line: the window shows a msgid once, and the history keeps it so."""
    session = registered()
    joined(session)
    events = feed(session, f"{TAGS} :Ms_Rivera!~m@h MODE #class +ikW-t hunter2 30")
    sentences = [
        "Ms_Rivera locked the room: nobody new can join.",
        "Ms_Rivera set a room password: people joining now need it.",
        "Ms_Rivera turned on slow mode: each person may send one message every 30 seconds.",
        "Ms_Rivera let everyone change the pinned announcement.",
    ]
    assert words(events) == [("#class", " ".join(sentences), "m1")]
    assert not [e for e in events if isinstance(e, MessageReceived) and "hunter2" in e.text]


def test_a_kick_is_said_once_and_by_the_window_itself_to_the_one_removed() -> None:
    session = registered()
    joined(session)
    events = feed(session, f"{TAGS} :Ms_Rivera!~m@h KICK #class Aisha :too loud")
    assert words(events) == [("#class", "Ms_Rivera removed Aisha from the room: too loud", "m1")]
    assert [e.by for e in events if isinstance(e, Parted)] == ["Ms_Rivera"]
    events = feed(session, "@msgid=m2 :Ms_Rivera!~m@h KICK #class Sam :Ms_Rivera")  # no reason
    assert words(events) == []  # "Ms_Rivera removed you" is the window's own sentence
    parted = [(e.is_me, e.by, e.msgid) for e in events if isinstance(e, Parted)]
    assert parted == [(True, "Ms_Rivera", "m2")]  # so the room's history never says it again


def test_a_topic_is_pinned_in_words_and_a_reply_about_it_is_not() -> None:
    session = registered()
    joined(session)
    events = feed(session, ":Ms_Rivera!~m@h TOPIC #class :Test on Friday")
    assert words(events) == [("#class", "Ms_Rivera pinned: Test on Friday", None)]
    assert [e.topic for e in events if isinstance(e, TopicChanged)] == ["Test on Friday"]
    events = feed(session, ":Ms_Rivera!~m@h TOPIC #class :")
    assert words(events) == [("#class", "Ms_Rivera removed the pinned announcement.", None)]
    assert words(feed(session, f"{S} 332 Sam #class :Test on Friday")) == []


def test_an_invitation_is_said_to_the_one_invited_and_to_the_helpers() -> None:
    session = registered()
    joined(session)
    feed(session, ":Ms_Rivera!~m@h MODE #class +i")
    events = feed(session, ":Ms_Rivera!~m@h INVITE Lee #class")  # invite-notify
    assert words(events) == [("#class", "Ms_Rivera let Lee in past the lock.", None)]
    events = feed(session, f"{S} 341 Sam Kim #class")  # our own invitation went out
    assert words(events) == [("#class", "Sam let Kim in past the lock.", None)]
    assert words(feed(session, f"{S} 341 Sam Kim #elsewhere")) == []
    events = feed(session, ":Ms_Rivera!~m@h INVITE Sam #lab")
    assert words(events) == []  # the window says it, beside its Join now
    assert [(e.channel, e.by) for e in events if isinstance(e, Invited)] == [("#lab", "Ms_Rivera")]
    assert feed(session, ":Ms_Rivera!~m@h INVITE Sam #class") == []  # in it already


def test_the_server_giving_a_helper_back_their_status_is_said_without_a_server_name() -> None:
    session = registered()
    joined(session)
    events = feed(session, f"{S} MODE #class +o Aisha")
    assert [text for _, text, _ in words(events)] == ["Aisha is back, and a helper again."]


def test_a_control_seen_live_is_not_asked_for_again_after_a_reconnect() -> None:
    session: ClientSession = registered()
    joined(session)
    feed(session, f"{TAGS} :Ms_Rivera!~m@h MODE #class +m")
    assert session.marks["#class"].newest == "m1"


def test_a_letter_with_no_words_is_said_as_irc_writes_it_a_password_never() -> None:
    assert mode_words("Ana", [("+", "q", "Sam"), ("+", "k", "pw")])[0] == "Ana set +q Sam"
    assert "pw" not in " ".join(mode_words("Ana", [("+", "k", "pw")]))
    assert all(template.endswith((".", "}")) for template in WORDS.values())
