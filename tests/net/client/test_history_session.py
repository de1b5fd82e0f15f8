"""The client's history logic without a network: ClientSession fed the lines a chathistory
server sends (the examples of the IRCv3 specification), checked by what it answers and emits.

The same behaviour is tested end to end against a real server in test_client_history.py; here each
rule is pinned down on its own: the catch-up request on joining, paging AFTER up to the bound,
held live messages and dropped duplicates, BEFORE for older pages, SEARCH and FAIL replies.
"""

from __future__ import annotations

from datetime import UTC, datetime
from weakref import WeakKeyDictionary

from chatgui import limits
from chatgui.events import ChatEvent, HistoryLoaded, MessageReceived, Problem, SearchResults
from chatgui.protocol.client.session import ClientSession, Result
from chatgui.protocol.client.state import RoomMarks
from chatgui.protocol.message import Message, parse

ROOM = "#class"
NOW = 1_764_000_000.0
SENT: WeakKeyDictionary[ClientSession, list[Message]] = WeakKeyDictionary()
"""The lines each session's calls produced, until sent() reads them."""


def connected(
    caps: str = "draft/chathistory batch server-time message-tags soju.im/search",
    marks: dict[str, RoomMarks] | None = None,
    isupport: str = "CHATHISTORY=50",
) -> ClientSession:
    session = ClientSession("amy", marks=marks)
    session.start()
    for line in (
        f":irc.test CAP * LS :{caps}",
        f":irc.test CAP amy ACK :{caps}",
        ":irc.test 001 amy :Welcome",
        f":irc.test 005 amy {isupport} :are supported",
        ":irc.test 376 amy :End of MOTD",
    ):
        session.receive(parse(line.encode()), NOW)
    return session


def kept(session: ClientSession, result: Result) -> list[ChatEvent]:
    """The events of one call; its lines are kept for sent()."""
    SENT.setdefault(session, []).extend(result.lines)
    return list(result.events)


def feed(session: ClientSession, *lines: str) -> list[ChatEvent]:
    events: list[ChatEvent] = []
    for line in lines:
        events += kept(session, session.receive(parse(line.encode()), NOW))
    return events


def sent(session: ClientSession) -> list[str]:
    """What the session asked about history (a join also asks for the room's modes and hands)."""
    lines = [m.to_bytes().decode().rstrip("\r\n") for m in SENT.pop(session, [])]
    return [line for line in lines if line.startswith(("CHATHISTORY ", "SEARCH "))]


def batch(reference: str, target: str, first: int, last: int) -> list[str]:
    """A chathistory batch holding messages m<first> … m<last> from sam."""
    lines = [f":irc.test BATCH +{reference} chathistory {target}"]
    for number in range(first, last + 1):
        tags = f"@batch={reference};msgid=m{number};time=2026-11-24T10:{number % 60:02d}:00.000Z"
        lines.append(f"{tags} :sam!s@h PRIVMSG {target} :message {number}")
    return [*lines, f":irc.test BATCH -{reference}"]


def joined(session: ClientSession) -> list[ChatEvent]:
    return feed(session, f":amy!a@h JOIN {ROOM}")


def test_first_join_asks_for_the_latest_page_and_shows_it_once() -> None:
    session = connected()
    joined(session)
    assert sent(session) == [f"CHATHISTORY LATEST {ROOM} * 50"]
    events = feed(session, *batch("b1", ROOM, 1, 3))
    (loaded,) = [e for e in events if isinstance(e, HistoryLoaded)]
    assert [m.text for m in loaded.messages] == ["message 1", "message 2", "message 3"]
    assert loaded.messages[0].at == datetime(2026, 11, 24, 10, 1, tzinfo=UTC).timestamp()
    assert not loaded.older
    assert loaded.complete
    assert session.marks["#class"] == RoomMarks(newest="m3", oldest="m1")
    assert not [e for e in events if isinstance(e, MessageReceived)], "shown twice"


def test_live_messages_during_the_catch_up_wait_and_duplicates_are_dropped() -> None:
    session = connected(marks={"#class": RoomMarks(newest="m2", oldest="m1")})
    joined(session)
    assert sent(session) == [f"CHATHISTORY AFTER {ROOM} msgid=m2 50"]
    during = feed(
        session,
        f"@msgid=m4 :sam!s@h PRIVMSG {ROOM} :message 4",
        f"@msgid=m5 :sam!s@h PRIVMSG {ROOM} :message 5",
    )
    assert not [e for e in during if isinstance(e, MessageReceived)], "not held"
    events = feed(session, *batch("b2", ROOM, 3, 4))
    order = [
        [m.msgid for m in e.messages] if isinstance(e, HistoryLoaded) else e.msgid
        for e in events
        if isinstance(e, HistoryLoaded | MessageReceived)
    ]
    assert order == [["m3", "m4"], "m5"]
    assert session.marks["#class"].newest == "m5"


def test_a_long_absence_is_fetched_page_by_page_up_to_the_bound() -> None:
    session = connected(marks={"#class": RoomMarks(newest="m0", oldest="m0")})
    joined(session)
    requests = sent(session)
    first, events = 1, []
    while requests:
        assert len(requests) == 1
        _, _, _, reference, limit = requests[0].split()
        assert reference == f"msgid=m{first - 1}"
        events += feed(session, *batch(f"p{first}", ROOM, first, first + int(limit) - 1))
        first += int(limit)
        requests = sent(session)
    (loaded,) = [e for e in events if isinstance(e, HistoryLoaded)]
    assert len(loaded.messages) == limits.HISTORY_CATCH_UP_MAX_MESSAGES
    assert not loaded.complete, "the gap was larger than the bound: it must say so"
    assert loaded.messages[-1].msgid == f"m{limits.HISTORY_CATCH_UP_MAX_MESSAGES}"


def test_a_short_page_ends_the_catch_up_as_complete() -> None:
    session = connected(marks={"#class": RoomMarks(newest="m0", oldest="m0")})
    joined(session)
    sent(session)
    events = feed(session, *batch("b", ROOM, 1, 49))
    assert sent(session) == []
    (loaded,) = [e for e in events if isinstance(e, HistoryLoaded)]
    assert loaded.complete
    assert len(loaded.messages) == 49


def test_older_pages_go_before_the_oldest_and_say_when_the_start_is_reached() -> None:
    session = connected()
    joined(session)
    sent(session)
    feed(session, *batch("b1", ROOM, 60, 61))
    kept(session, session.load_older(ROOM))
    assert sent(session) == [f"CHATHISTORY BEFORE {ROOM} msgid=m60 50"]
    events = feed(session, *batch("b2", ROOM, 10, 59))
    (page,) = [e for e in events if isinstance(e, HistoryLoaded)]
    assert page.older
    assert not page.complete
    assert len(page.messages) == 50
    kept(session, session.load_older(ROOM))
    assert sent(session) == [f"CHATHISTORY BEFORE {ROOM} msgid=m10 50"]
    events = feed(session, *batch("b3", ROOM, 1, 9))
    (page,) = [e for e in events if isinstance(e, HistoryLoaded)]
    assert page.older
    assert page.complete


def test_load_older_during_the_catch_up_waits_for_it() -> None:
    session = connected()
    joined(session)
    sent(session)
    kept(session, session.load_older(ROOM))
    assert sent(session) == []
    feed(session, *batch("b1", ROOM, 5, 6))
    assert sent(session) == [f"CHATHISTORY BEFORE {ROOM} msgid=m5 50"]


def test_a_server_without_chathistory_is_never_asked() -> None:
    session = connected(caps="batch server-time")
    joined(session)
    assert sent(session) == []
    live = feed(session, f":sam!s@h PRIVMSG {ROOM} :hello")
    assert [e.text for e in live if isinstance(e, MessageReceived)] == ["hello"]
    older = kept(session, session.load_older(ROOM))
    assert older == [HistoryLoaded(ROOM, (), older=True, complete=True)]


def test_search_sends_escaped_attributes_and_lists_the_batch() -> None:
    session = connected()
    kept(session, session.search(ROOM, "fish; chips"))
    assert sent(session) == [f"SEARCH in={ROOM};text=fish\\:\\schips;limit=100"]
    events = feed(
        session,
        ":irc.test BATCH +s1 soju.im/search",
        f"@batch=s1;msgid=x1;time=2026-11-20T09:00:00.000Z :sam!s@h PRIVMSG {ROOM} :fish; chips",
        ":irc.test BATCH -s1",
    )
    (results,) = [e for e in events if isinstance(e, SearchResults)]
    assert results.room == ROOM
    assert results.text == "fish; chips"
    assert not results.problem
    assert [(m.sender, m.text, m.msgid) for m in results.messages] == [("sam", "fish; chips", "x1")]


def test_fail_replies_answer_the_request_that_waits() -> None:
    session = connected()
    kept(session, session.search(ROOM, "x"))
    joined(session)
    sent(session)
    events = feed(
        session,
        "FAIL SEARCH INTERNAL_ERROR :The search could not be run",
        f"FAIL CHATHISTORY MESSAGE_ERROR LATEST {ROOM} :Messages could not be retrieved",
    )
    (results,) = [e for e in events if isinstance(e, SearchResults)]
    assert "could not be run" in results.problem
    (loaded,) = [e for e in events if isinstance(e, HistoryLoaded)]
    assert not loaded.complete
    assert loaded.messages == ()
    assert any(isinstance(e, Problem) and e.conversation == ROOM for e in events)
    assert ROOM not in session.fetches


def test_history_ctcp_requests_are_not_answered_and_actions_are_shown() -> None:
    session = connected()
    joined(session)
    sent(session)
    events = feed(
        session,
        f":irc.test BATCH +b chathistory {ROOM}",
        f"@batch=b;msgid=a :sam!s@h PRIVMSG {ROOM} :\x01VERSION\x01",
        f"@batch=b;msgid=c :sam!s@h PRIVMSG {ROOM} :\x01ACTION waves\x01",
        f"@batch=b;msgid=d :amy!a@h PRIVMSG {ROOM} :my own, from before",
        ":irc.test BATCH -b",
    )
    assert sent(session) == []
    (loaded,) = [e for e in events if isinstance(e, HistoryLoaded)]
    assert [(m.kind, m.text, m.own) for m in loaded.messages] == [
        ("action", "waves", False),
        ("message", "my own, from before", True),
    ]


def test_leaving_a_room_forgets_its_marks() -> None:
    session = connected(marks={"#class": RoomMarks(newest="m2", oldest="m1")})
    joined(session)
    feed(session, f":amy!a@h PART {ROOM} :bye")
    assert "#class" not in session.marks


def test_a_request_the_server_never_answers_ends_and_lets_the_held_messages_out() -> None:
    session = connected()
    joined(session)
    assert sent(session) == [f"CHATHISTORY LATEST {ROOM} * 50"]
    assert feed(session, f"@msgid=live1 :sam!s@h PRIVMSG {ROOM} :live") == []  # held
    timeout = limits.HISTORY_ANSWER_TIMEOUT_S
    assert session.check_history(NOW + timeout - 1, timeout) == Result()
    events = kept(session, session.check_history(NOW + timeout + 1, timeout))
    assert [type(e) for e in events] == [Problem, HistoryLoaded, MessageReceived]
    loaded = events[1]
    assert isinstance(loaded, HistoryLoaded)
    assert not loaded.complete
    assert [e.text for e in events if isinstance(e, MessageReceived)] == ["live"]
    late = feed(session, *batch("b1", ROOM, 1, 3))  # an answer after all: not shown twice
    assert late == []
    after = feed(session, f":sam!s@h PRIVMSG {ROOM} :next")
    assert [e.text for e in after if isinstance(e, MessageReceived)] == ["next"]


def test_a_private_conversation_renamed_meanwhile_gets_its_page_under_the_new_name() -> None:
    """Sam becomes Sammy while the page asked for under "Sam" is on its way: the page is for
    Sammy's conversation, and the next one goes on from its oldest message."""
    session = connected()
    kept(session, session.load_older("Sam"))
    assert sent(session)[0].startswith("CHATHISTORY BEFORE Sam timestamp=")
    feed(session, ":Sam!s@h NICK Sammy")
    events = feed(session, *batch("p1", "Sam", 1, 50))
    (loaded,) = [e for e in events if isinstance(e, HistoryLoaded)]
    assert loaded.room == "Sammy"
    kept(session, session.load_older("Sammy"))
    assert sent(session) == ["CHATHISTORY BEFORE Sammy msgid=m1 50"]
