"""The host's history over real sockets, kept in a real SQLite file in tmp_path.

Late joiners with and without draft/chathistory, every CHATHISTORY subcommand and its
errors, SEARCH, private messages, clearing, and a restart on the same file.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest

from chatgui.events import HistoryCleared
from chatgui.protocol.message import parse
from chatgui.store import LessonPlan
from tests.net.server.historykit import (
    HISTORY_CAPS,
    HistoryRoom,
    fail_line,
    open_room,
    read_batch,
    received,
    say,
    synced,
    texts,
)


@pytest.fixture
def room(tmp_path: Path) -> Iterator[HistoryRoom]:
    running = open_room(tmp_path / "history.sqlite3")
    yield running
    running.stop()


def test_the_status_says_where_history_is_kept(room: HistoryRoom) -> None:
    status = room.started.history
    assert status.kept
    assert status.problem == ""
    assert status.path == str(room.path)
    assert not status.private_kept
    assert room.path.is_file()


def test_the_history_capabilities_and_isupport_are_offered(room: HistoryRoom) -> None:
    client = room.connect("ann")
    client.send("CAP LS 302")
    caps = client.expect(r" CAP \S+ LS ")
    assert "draft/chathistory" in caps
    assert "draft/event-playback" in caps
    assert "soju.im/search" in caps
    client.send("VERSION")
    isupport = " ".join(line for line in client.seen if " 005 " in line)
    assert "CHATHISTORY=100" in isupport
    assert "MSGREFTYPES=msgid,timestamp" in isupport


def test_without_history_nothing_is_offered_or_replayed(tmp_path: Path) -> None:
    room = open_room(None)
    try:
        alice = room.join("alice")
        say(alice, "#class", "said before bob came")
        client = room.connect("ann")
        client.send("CAP LS 302")
        assert "chathistory" not in client.expect(r" CAP \S+ LS ")
        client.send("CHATHISTORY LATEST #class * 10")
        client.expect(r" 421 ann CHATHISTORY ")
        bob = room.join("bob")
        synced(bob)
        assert not any("said before" in line for line in bob.seen)
        assert not room.started.history.kept
    finally:
        room.stop()


# --- Late joiners ---


def test_a_plain_late_joiner_gets_the_last_messages_with_their_time(room: HistoryRoom) -> None:
    alice = room.join("alice")
    watcher = room.join("watcher", "server-time")
    say(alice, "#class", "first", "second", "\x01ACTION waves\x01")
    times = [m.tags["time"] for m in received(watcher, 3)]
    bob = room.join("bob")
    lines = [bob.expect(r" PRIVMSG #class ") for _ in range(3)]
    clocks = [
        f"[{datetime.fromisoformat(t.replace('Z', '+00:00')).astimezone():%H:%M}] " for t in times
    ]
    assert lines[0].endswith(f":{clocks[0]}first")
    assert lines[1].startswith(":alice!")
    assert lines[1].endswith(f":{clocks[1]}second")
    assert lines[2].endswith(f":\x01ACTION {clocks[2]}waves\x01")
    assert bob.seen.index(next(x for x in bob.seen if " 366 " in x)) < bob.seen.index(lines[0])


def test_a_late_joiner_with_server_time_gets_the_original_times(room: HistoryRoom) -> None:
    """As a tag, and in the text too: irssi asks for server-time and shows the arrival time."""
    alice = room.join("alice")
    watcher = room.join("watcher", "server-time")
    say(alice, "#class", "one", "two")
    live = list(received(watcher, 2))
    bob = room.join("bob", "server-time")
    replay = list(received(bob, 2))
    assert [m.tags["time"] for m in replay] == [m.tags["time"] for m in live]
    clocks = [_clock(m.tags["time"]) for m in live]
    assert [m.params[1] for m in replay] == [f"{clocks[0]}one", f"{clocks[1]}two"]


def _clock(time_tag: str) -> str:
    return f"[{datetime.fromisoformat(time_tag.replace('Z', '+00:00')).astimezone():%H:%M}] "


def test_the_replay_is_the_conversation_without_joins_and_leaves(room: HistoryRoom) -> None:
    alice = room.join("alice")
    passing = room.join("passing")
    passing.send("PART #class :off to lunch")
    passing.send("QUIT :bye")
    say(alice, "#class", "the only line")
    bob = room.join("bob", "server-time batch message-tags")
    replay = read_batch(bob)
    assert [m.command for m in replay] == ["PRIVMSG"]
    assert replay[0].params[1].endswith("] the only line")


def test_a_late_joiner_with_batch_gets_the_replay_in_a_chathistory_batch(
    room: HistoryRoom,
) -> None:
    alice = room.join("alice")
    say(alice, "#class", "one", "two")
    bob = room.connect("bob", "server-time batch message-tags")
    bob.send("JOIN #class")
    replay = read_batch(bob)
    assert [text.split("] ", 1)[1] for text in texts(replay)] == ["one", "two"]
    assert all("msgid" in m.tags and "time" in m.tags for m in replay)


def test_the_replay_is_the_last_n_messages_the_host_chose(tmp_path: Path) -> None:
    room = open_room(tmp_path / "h.sqlite3", replay_messages=3)
    try:
        alice = room.join("alice")
        say(alice, "#class", *[f"message {n}" for n in range(10)])
        bob = room.join("bob", "server-time")
        replayed = [m.params[1].split("] ", 1)[1] for m in received(bob, 3)]
        assert replayed == [f"message {n}" for n in (7, 8, 9)]
        bob.expect_nothing(r" PRIVMSG #class ", within=0.3)
    finally:
        room.stop()


def test_a_chathistory_client_gets_no_replay_and_asks_for_latest(room: HistoryRoom) -> None:
    alice = room.join("alice")
    watcher = room.join("watcher", "message-tags")
    say(alice, "#class", "one", "two", "three")
    msgids = [m.tags["msgid"] for m in received(watcher, 3)]
    bob = room.join("bob", HISTORY_CAPS)
    bob.send("CHATHISTORY LATEST #class * 2")
    latest = read_batch(bob)
    assert texts(latest) == ["two", "three"]
    assert [m.tags["msgid"] for m in latest] == msgids[1:]
    assert not any(" PRIVMSG #class :one" in line for line in bob.seen)


# --- CHATHISTORY subcommands ---


Ten = tuple[HistoryRoom, list[str], list[str]]


@pytest.fixture
def ten(room: HistoryRoom) -> Ten:
    """Ten messages m0..m9 in #class: the room, their msgids and their times."""
    alice = room.join("alice")
    watcher = room.join("watcher", "message-tags server-time")
    say(alice, "#class", *[f"m{n}" for n in range(10)])
    live = list(received(watcher, 10))
    return room, [m.tags["msgid"] for m in live], [m.tags["time"] for m in live]


def _ask(room: HistoryRoom, request: str) -> list[str]:
    reader = room.join(f"r{len(room.clients)}", HISTORY_CAPS)
    reader.send(request)
    return texts(read_batch(reader))


def test_latest_after_a_msgid(ten: Ten) -> None:
    room, msgids, _ = ten
    assert _ask(room, f"CHATHISTORY LATEST #class msgid={msgids[6]} 10") == ["m7", "m8", "m9"]
    assert _ask(room, f"CHATHISTORY LATEST #class msgid={msgids[2]} 2") == ["m8", "m9"]


def test_before_and_after_a_msgid(ten: Ten) -> None:
    room, msgids, _ = ten
    assert _ask(room, f"CHATHISTORY BEFORE #class msgid={msgids[5]} 3") == ["m2", "m3", "m4"]
    assert _ask(room, f"CHATHISTORY AFTER #class msgid={msgids[5]} 3") == ["m6", "m7", "m8"]
    assert _ask(room, f"CHATHISTORY BEFORE #class msgid={msgids[0]} 3") == []


def test_before_and_after_a_timestamp(ten: Ten) -> None:
    room, _, times = ten
    assert _ask(room, "CHATHISTORY BEFORE #class timestamp=2000-01-01T00:00:00.000Z 5") == []
    got = _ask(room, "CHATHISTORY AFTER #class timestamp=2000-01-01T00:00:00.000Z 4")
    assert got == ["m0", "m1", "m2", "m3"]
    later = _ask(room, f"CHATHISTORY BEFORE #class timestamp={times[9]} 100")
    assert later == [f"m{n}" for n in range(10) if times[n] < times[9]]


def test_around_a_msgid(ten: Ten) -> None:
    room, msgids, _ = ten
    assert _ask(room, f"CHATHISTORY AROUND #class msgid={msgids[5]} 4") == ["m3", "m4", "m5", "m6"]


def test_between_two_msgids_either_way(ten: Ten) -> None:
    room, msgids, _ = ten
    forward = f"CHATHISTORY BETWEEN #class msgid={msgids[1]} msgid={msgids[8]} 3"
    assert _ask(room, forward) == ["m2", "m3", "m4"]
    backward = f"CHATHISTORY BETWEEN #class msgid={msgids[8]} msgid={msgids[1]} 3"
    assert _ask(room, backward) == ["m5", "m6", "m7"]


def test_an_unknown_msgid_gives_an_empty_batch(ten: Ten) -> None:
    room, _, _ = ten
    assert _ask(room, "CHATHISTORY AFTER #class msgid=nothing-like-it 10") == []


def test_the_limit_is_capped_at_the_advertised_maximum(room: HistoryRoom) -> None:
    alice = room.join("alice")
    say(alice, "#class", *[f"n{n}" for n in range(120)])
    assert len(_ask(room, "CHATHISTORY LATEST #class * 1000")) == 100


def test_targets_lists_rooms_with_messages_in_the_span(room: HistoryRoom) -> None:
    alice = room.join("alice")
    alice.send("JOIN #other")
    say(alice, "#class", "in class")
    say(alice, "#other", "elsewhere")
    alice.send("JOIN #quiet")
    bob = room.join("bob", HISTORY_CAPS)
    bob.send("JOIN #other")
    bob.expect(" 366 bob #other ")
    bob.send("CHATHISTORY TARGETS timestamp=2000-01-01T00:00:00Z timestamp=2100-01-01T00:00:00Z 10")
    lines = read_batch(bob, "draft/chathistory-targets")
    assert [m.params[:2] for m in lines] == [("TARGETS", "#class"), ("TARGETS", "#other")]
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\dT[\d:.]+Z", m.params[2]) for m in lines)


@pytest.mark.parametrize(
    ("request_line", "code"),
    [
        ("CHATHISTORY SIDEWAYS #class * 10", "UNKNOWN_COMMAND"),
        ("CHATHISTORY LATEST #class *", "NEED_MORE_PARAMS"),
        ("CHATHISTORY BETWEEN #class * 10", "NEED_MORE_PARAMS"),
        ("CHATHISTORY BEFORE #class * 10", "INVALID_PARAMS"),
        ("CHATHISTORY LATEST #class yesterday 10", "INVALID_PARAMS"),
        ("CHATHISTORY AFTER #class timestamp=noon 10", "INVALID_PARAMS"),
        ("CHATHISTORY LATEST #class * ten", "INVALID_PARAMS"),
        ("CHATHISTORY LATEST #class * 0", "INVALID_PARAMS"),
        ("CHATHISTORY TARGETS msgid=x timestamp=2100-01-01T00:00:00Z 5", "INVALID_PARAMS"),
        ("CHATHISTORY LATEST #nowhere * 10", "INVALID_TARGET"),
        ("CHATHISTORY LATEST #elsewhere * 10", "INVALID_TARGET"),
        ("CHATHISTORY LATEST bad,nick * 10", "INVALID_TARGET"),
    ],
)
def test_bad_requests_get_a_fail_and_change_nothing(
    room: HistoryRoom, request_line: str, code: str
) -> None:
    alice = room.join("alice")
    alice.send("JOIN #elsewhere")
    say(alice, "#elsewhere", "not for bob")
    bob = room.join("bob", HISTORY_CAPS + " standard-replies")
    bob.send(request_line)
    fail = fail_line(bob)
    assert fail.params[:2] == ("CHATHISTORY", code)
    if code in ("INVALID_PARAMS", "INVALID_TARGET"):  # which request, about which room
        assert fail.params[2:4] == tuple(request_line.split()[1:3])
    bob.send("CHATHISTORY LATEST #class * 10")
    read_batch(bob)  # still served
    assert not any("not for bob" in line for line in bob.seen)


# --- Events (joins, parts, topics, kicks) ---


def test_events_are_played_back_only_with_event_playback(room: HistoryRoom) -> None:
    alice = room.join("alice", room="#lab")  # the first one in: an operator
    carl = room.join("carl", room="#lab")
    alice.send("TOPIC #lab :Fractions today")
    say(alice, "#lab", "hello")
    alice.send("KICK #lab carl :too loud")
    carl.expect(" KICK #lab carl ")
    plain = room.join("bob", HISTORY_CAPS, room="#lab")
    plain.send("CHATHISTORY LATEST #lab * 50")
    # What its operators did is kept in words, under the control line's own msgid and time:
    # everyone gets it, once, and a window that saw the line live knows it by that msgid.
    kept = read_batch(plain)
    assert [(m.command, m.params[1]) for m in kept] == [
        ("NOTICE", "alice pinned: Fractions today"),
        ("PRIVMSG", "hello"),
        ("NOTICE", "alice removed carl from the room: too loud"),
    ]
    full = room.join("dee", HISTORY_CAPS + " draft/event-playback", room="#lab")
    full.send("CHATHISTORY LATEST #lab * 50")
    commands = [m.command for m in read_batch(full)]
    assert commands == ["JOIN", "JOIN", "NOTICE", "PRIVMSG", "NOTICE", "JOIN", "JOIN"]


def test_a_control_is_kept_in_words_under_its_own_msgid_and_time(room: HistoryRoom) -> None:
    """The room hears the MODE line once; its history keeps the words under the same msgid,
    so a window that drew the line live skips it in a replay."""
    alice = room.join("alice", HISTORY_CAPS, room="#lab")
    alice.send("MODE #lab +m")
    live = parse(alice.expect(r" MODE #lab \+m$").encode())
    alice.expect_nothing(r"NOTICE #lab")
    alice.send("CHATHISTORY LATEST #lab * 10")
    kept = [m for m in read_batch(alice) if m.command == "NOTICE"]
    assert [(m.params[1], m.tags["msgid"], m.tags["time"]) for m in kept] == [
        (
            "alice turned on quiet mode: only the host, helpers and people with a voice can talk.",
            live.tags["msgid"],
            live.tags["time"],
        )
    ]


def test_every_control_and_raised_hand_is_in_the_rooms_history(room: HistoryRoom) -> None:
    """What someone in charge did, and the hands raised and lowered, as the room read it."""
    alice = room.join("alice", room="#lab")  # the first one in: an operator
    carl = room.join("carl", room="#lab")
    carl.send("HAND #lab")
    carl.expect("raised a hand")
    alice.send("MODE #lab +b m:carl")
    carl.expect(r"MODE #lab \+b m:carl")
    alice.send("HAND #lab - carl")
    carl.expect("lowered")
    alice.send("MODE #lab +i")
    carl.expect(r"MODE #lab \+i")
    late = room.join("bob", HISTORY_CAPS, room="#elsewhere")
    alice.send("INVITE bob #lab")
    late.expect(" INVITE bob ")
    late.send("JOIN #lab")
    late.expect(r" 366 bob #lab ")
    late.send("CHATHISTORY LATEST #lab * 50")
    told = [m.params[1] for m in read_batch(late) if m.command == "NOTICE"]
    assert told[:4] == [
        "carl raised a hand (1st in line).",
        "alice muted carl.",
        "alice lowered carl's hand.",
        "alice locked the room: nobody new can join.",
    ]
    assert told[4:] == ["alice let bob in past the lock."]


def test_someone_leaving_two_rooms_at_once_is_kept_in_both(room: HistoryRoom) -> None:
    """One QUIT, one msgid, two rooms: each room's history has it."""
    dee = room.join("dee", HISTORY_CAPS + " draft/event-playback", room="#lab")
    dee.send("JOIN #art")
    dee.expect(r" 366 dee #art ")
    carl = room.join("carl", room="#lab")
    carl.send("JOIN #art")
    carl.expect(r" 366 carl #art ")
    carl.send("QUIT :bell rang")
    dee.expect(r":carl!\S+ QUIT ")
    quits = []
    for name in ("#lab", "#art"):
        dee.send(f"CHATHISTORY LATEST {name} * 10")
        quits += [m for m in read_batch(dee) if m.command == "QUIT"]
    assert [m.params for m in quits] == [("Quit: bell rang",), ("Quit: bell rang",)]
    assert quits[0].tags["msgid"] == quits[1].tags["msgid"]


def test_a_room_password_is_never_kept_in_the_history(room: HistoryRoom) -> None:
    alice = room.join("alice", room="#lab")  # the first one in: an operator
    alice.send("MODE #lab +k hunter2")
    alice.expect(r"MODE #lab \+k hunter2")  # those in the room are told it, as in any IRC
    alice.send("MODE #lab -k hunter2")
    alice.expect(r"MODE #lab -k")
    dee = room.join("dee", HISTORY_CAPS + " draft/event-playback", room="#lab")
    dee.send("CHATHISTORY LATEST #lab * 50")
    said = [m.params[1] for m in read_batch(dee) if m.command in ("MODE", "NOTICE")]
    assert said == [
        "alice set a room password: people joining now need it.",
        "alice removed the room password.",
    ]
    room.server.stop()
    files = sorted(room.path.parent.glob(room.path.name + "*"))  # the file, -wal, -pending …
    assert files
    assert not [f.name for f in files if b"hunter2" in f.read_bytes()]


def test_a_room_made_again_under_an_old_name_does_not_show_the_old_rooms_talk(
    room: HistoryRoom,
) -> None:
    """A room someone made is read only since it was made: whoever makes a room of the same
    name later (the first one locked and passworded) can't read what was said in it."""
    sam = room.join("sam", room="#study")
    sam.send("MODE #study +ik hunter2")
    say(sam, "#study", "our private study group chat")
    sam.send("PART #study")
    sam.expect(r" PART #study")
    mallory = room.join("mallory", room="#study")  # a new, empty #study: hers
    mallory.send("PING sync")
    mallory.expect("PONG")
    assert not any("private study" in line for line in mallory.seen)  # no replay
    asker = room.join("ann", HISTORY_CAPS + " soju.im/search", room="#study")
    asker.send("CHATHISTORY LATEST #study * 50")
    assert texts(read_batch(asker)) == []
    asker.send("SEARCH in=#study;text=study")
    assert read_batch(asker, "soju.im/search") == []


def test_a_private_conversation_is_read_only_since_connecting(tmp_path: Path) -> None:
    """Names are not people: someone who takes "sam" later does not get sam's messages."""
    room = open_room(tmp_path / "h.sqlite3", keep_private=True)
    try:
        kim = room.connect("kim", HISTORY_CAPS)
        sam = room.connect("sam", HISTORY_CAPS)
        say(kim, "sam", "your grade is a B")
        sam.expect("your grade")
        sam.send("QUIT :bye")
        sam.expect("ERROR")
        later = room.connect("sam", HISTORY_CAPS + " soju.im/search")
        later.send("CHATHISTORY LATEST kim * 10")
        assert read_batch(later) == []
        later.send("SEARCH text=grade")
        assert read_batch(later, "soju.im/search") == []
        kim.send("CHATHISTORY LATEST sam * 10")
        assert texts(read_batch(kim)) == ["your grade is a B"]  # still hers to read
    finally:
        room.stop()


# --- SEARCH ---


def test_search_finds_text_in_rooms_the_asker_is_in(room: HistoryRoom) -> None:
    alice = room.join("alice")
    alice.send("JOIN #staff")
    say(alice, "#class", "the homework is page 12", "no homework tomorrow", "lunch")
    say(alice, "#staff", "homework marks are secret")
    bob = room.join("bob", "soju.im/search batch server-time message-tags")
    bob.send("SEARCH text=HOMEWORK")
    found = read_batch(bob, "soju.im/search")
    assert texts(found) == ["the homework is page 12", "no homework tomorrow"]
    assert all(m.params[0] == "#class" and "msgid" in m.tags for m in found)
    bob.send(r"SEARCH in=#class;text=page\s12")
    assert texts(read_batch(bob, "soju.im/search")) == ["the homework is page 12"]
    bob.send("SEARCH in=#class;from=alice;limit=1")
    assert texts(read_batch(bob, "soju.im/search")) == ["lunch"]
    bob.send("SEARCH in=#class;text=100%")
    assert texts(read_batch(bob, "soju.im/search")) == []


def test_search_refuses_rooms_the_asker_is_not_in(room: HistoryRoom) -> None:
    alice = room.join("alice")
    alice.send("JOIN #staff")
    say(alice, "#staff", "secret")
    bob = room.join("bob", "soju.im/search batch standard-replies")
    bob.send("SEARCH in=#staff;text=secret")
    assert fail_line(bob).params[:2] == ("SEARCH", "INVALID_PARAMS")
    bob.send("SEARCH colour=blue")
    assert fail_line(bob).params[:2] == ("SEARCH", "INVALID_PARAMS")
    assert not any(" PRIVMSG #staff " in line for line in bob.seen)


# --- Private messages ---


def test_private_messages_are_not_kept_by_default(room: HistoryRoom) -> None:
    alice = room.connect("alice", HISTORY_CAPS)
    bob = room.connect("bob")
    say(alice, "bob", "just between us")
    bob.expect("just between us")
    alice.send("CHATHISTORY LATEST bob * 10")
    assert read_batch(alice) == []


def test_private_messages_are_kept_when_the_host_says_so(tmp_path: Path) -> None:
    room = open_room(tmp_path / "h.sqlite3", keep_private=True)
    try:
        assert room.started.history.private_kept
        alice = room.connect("alice", HISTORY_CAPS)
        bob = room.connect("bob", HISTORY_CAPS + " soju.im/search")
        carol = room.connect("carol", HISTORY_CAPS)
        say(alice, "bob", "just between us")
        say(bob, "alice", "sure")
        alice.send("CHATHISTORY LATEST bob * 10")
        assert texts(read_batch(alice)) == ["just between us", "sure"]
        bob.send("CHATHISTORY LATEST Alice * 10")
        assert texts(read_batch(bob)) == ["just between us", "sure"]
        bob.send("SEARCH text=between")
        assert texts(read_batch(bob, "soju.im/search")) == ["just between us"]
        carol.send("CHATHISTORY LATEST bob * 10")
        assert read_batch(carol) == []
        carol.send(
            "CHATHISTORY TARGETS timestamp=2000-01-01T00:00:00Z timestamp=2100-01-01T00:00:00Z 10"
        )
        assert read_batch(carol, "draft/chathistory-targets") == []
        alice.send(
            "CHATHISTORY TARGETS timestamp=2000-01-01T00:00:00Z timestamp=2100-01-01T00:00:00Z 10"
        )
        targets = read_batch(alice, "draft/chathistory-targets")
        assert [m.params[1] for m in targets] == ["bob"]
    finally:
        room.stop()


# --- Multiline ---


def test_a_multiline_message_is_kept_whole_and_replayed_as_lines(room: HistoryRoom) -> None:
    alice = room.join("alice", "draft/multiline batch message-tags")
    alice.send("BATCH +ml draft/multiline #class")
    alice.send("@batch=ml PRIVMSG #class :line one")
    alice.send("@batch=ml PRIVMSG #class :line two")
    alice.send("BATCH -ml")
    synced(alice)
    bob = room.join("bob", HISTORY_CAPS)
    bob.send("CHATHISTORY LATEST #class * 10")
    lines = read_batch(bob)
    assert texts(lines) == ["line one", "line two"]
    assert "msgid" in lines[0].tags
    assert "msgid" not in lines[1].tags


# --- Clearing, restarting ---


def test_the_host_clears_a_rooms_history(room: HistoryRoom) -> None:
    alice = room.join("alice")
    alice.send("JOIN #other")
    say(alice, "#class", *[f"old {n}" for n in range(1200)])
    say(alice, "#other", "kept")
    room.server.clear_history("#Class")
    while not isinstance(event := room.events.get(timeout=5), HistoryCleared):
        pass
    assert event.room == "#Class"
    say(alice, "#class", "new")
    assert _ask(room, "CHATHISTORY LATEST #class * 100") == ["new"]
    reader = room.clients[-1]
    reader.send("JOIN #other")
    reader.send("CHATHISTORY LATEST #other * 100")
    assert texts(read_batch(reader)) == ["kept"]


def test_a_restart_continuing_the_lesson_keeps_its_history_and_new_msgids(
    tmp_path: Path,
) -> None:
    path = tmp_path / "history.sqlite3"
    msgids: list[str] = []
    for run in range(3):
        room = open_room(path, LessonPlan(last=True))
        try:
            alice = room.join("alice", "message-tags echo-message")
            alice.send(f"PRIVMSG #class :run {run}")
            echo = alice.expect(rf" PRIVMSG #class :run {run}$")
            msgids.append(parse(echo.encode()).tags["msgid"])
            bob = room.join("bob", HISTORY_CAPS)
            bob.send("CHATHISTORY LATEST #class * 10")
            kept = read_batch(bob)
            assert texts(kept) == [f"run {n}" for n in range(run + 1)]
            assert [m.tags["msgid"] for m in kept] == msgids
        finally:
            room.stop()
    assert len(set(msgids)) == 3
