"""Property test of what the window reads from the network for invitations and clear-screen
requests: from any TAGMSG or INVITE line, with any tags, source and target, the client core
never fails, clears a room only for its host or a helper, and is invited only to a room it is
not in, by someone named."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from chatgui.events import Invited, ScreenCleared
from chatgui.net.client import ChatClient  # noqa: F401  (registers every handler module)
from chatgui.protocol.message import Message
from tests.net.client.test_teacher_session import feed, joined, registered

WORD = st.text(st.characters(exclude_categories=("Cs", "Cc", "Zs")), min_size=1, max_size=20)
SENDER = st.one_of(st.sampled_from(["Ms_Rivera", "Aisha", "Sam", "Kim"]), WORD)
TAGS = st.dictionaries(
    st.sampled_from(["+chatgui.invalid/clear-screen", "+typing", "batch", "msgid", "+x/y"]),
    st.text(max_size=30),
    max_size=4,
)
TARGET = st.one_of(st.sampled_from(["#class", "#maths", "Sam", ""]), WORD)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(["TAGMSG", "INVITE"]), SENDER, TAGS, TARGET, TARGET)
def test_any_request_line_is_read_safely(
    command: str, sender: str, tags: dict[str, str], first: str, second: str
) -> None:
    session = registered("echo-message message-tags")
    joined(session)  # ~Ms_Rivera @Aisha Sam
    params = tuple(p for p in (first, second) if p)
    message = Message(command, params, f"{sender}!~u@10.0.0.9", tags)
    events = session.receive(message, 1000.0).events
    for event in events:
        if isinstance(event, ScreenCleared):
            assert command == "TAGMSG"
            assert "+chatgui.invalid/clear-screen" in tags
            assert "batch" not in tags
            assert sender in ("Ms_Rivera", "Aisha")
            assert event.channel == "#class"
        elif isinstance(event, Invited):
            assert command == "INVITE"
            assert first.casefold() == "sam"
            assert event.channel.casefold() != "#class"
            assert event.by == sender
    feed(session, ":Ms_Rivera!~r@10.0.0.1 PRIVMSG #class :still fine")  # the session goes on
