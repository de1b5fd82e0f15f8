"""Property tests (hypothesis): no line a server sends breaks the client session.

chatgui joins any IRC server, so every line the session gets may be short, odd or hostile.
These tests drive ClientSession without a network, in every registration state (before and
after 001, in a room, inside a chathistory or multiline batch), with random lines built for
every command and numeric it knows, with 0 to 15 parameters, odd tags, prefixes and bytes,
and with real transcripts mutated line by line. Whatever comes, nothing but the core's own
errors (ProtocolError) escapes, every line the session queues can be sent, and the session
still sends what a person types afterwards.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from chatgui.events import (
    Connected,
    Joined,
    MessageReceived,
    MessageRefused,
    Problem,
    ServerText,
)
from chatgui.limits import (
    MAX_INCOMING_SERVER_LINE_BYTES,
    MAX_PARAMS,
    SERVER_BATCH_LINES_MAX,
    SERVER_OPEN_BATCHES_MAX,
    SERVER_ROOMS_MAX,
)
from chatgui.protocol import numerics
from chatgui.protocol.client.session import HANDLERS, ClientSession, Result
from chatgui.protocol.errors import ProtocolError
from chatgui.protocol.framing import LineDecoder, LineTooLong
from chatgui.protocol.message import parse

NOW = 1_764_000_000.0
ROOM = "#class"
ALL_CAPS = (
    "message-tags server-time echo-message batch labeled-response multi-prefix "
    "userhost-in-names away-notify invite-notify cap-notify standard-replies setname "
    "draft/chathistory draft/multiline=max-bytes=4096,max-lines=24 soju.im/search "
    "chatgui.invalid/hands"
)

NUMERICS = sorted({value for name, value in vars(numerics).items() if name[:4] in ("RPL_", "ERR_")})
KNOWN_COMMANDS = sorted(set(HANDLERS) | set(NUMERICS))

# --- How far the conversation has gone when the odd lines come ---

REGISTERING = [f":irc.test CAP * LS :{ALL_CAPS}", f":irc.test CAP amy ACK :{ALL_CAPS}"]
WELCOMED = [*REGISTERING, ":irc.test 001 amy :Welcome", ":irc.test 005 amy PREFIX=(ov)@+ :ok"]
CONNECTED = [*WELCOMED, ":irc.test 375 amy :- MOTD -", ":irc.test 376 amy :End of MOTD"]
IN_ROOM = [
    *CONNECTED,
    f":amy!a@h JOIN {ROOM}",
    f":irc.test 353 amy = {ROOM} :@amy sam",
    f":irc.test 366 amy {ROOM} :End",
    f":irc.test BATCH +h1 chathistory {ROOM}",
    ":irc.test BATCH -h1",
]
IN_HISTORY_BATCH = [
    *CONNECTED,
    f":amy!a@h JOIN {ROOM}",
    f":irc.test BATCH +h1 chathistory {ROOM}",
    f"@batch=h1;msgid=m1 :sam!s@h PRIVMSG {ROOM} :earlier",
]
IN_MULTILINE = [
    *IN_ROOM,
    f":irc.test BATCH +ml draft/multiline {ROOM}",
    f"@batch=ml :sam!s@h PRIVMSG {ROOM} :first line",
]
WAITING_FOR_BOB = [*IN_ROOM, ":irc.test 005 amy MONITOR=100 :ok"]
"""In a room, on a server offering MONITOR, waiting for bob (fresh_session watches him)."""
STATES = {
    "fresh": [],
    "registering": REGISTERING,
    "welcomed": WELCOMED,
    "connected": CONNECTED,
    "in a room": IN_ROOM,
    "inside a history batch": IN_HISTORY_BATCH,
    "inside a multiline batch": IN_MULTILINE,
    "waiting for bob": WAITING_FOR_BOB,
}

# --- Pieces of hostile lines, as bytes ---

ODD_WORDS = [
    b"",
    b"*",
    b"+",
    b"-",
    b"+-+-",
    b"=",
    b"!",
    b"@",
    b":",
    b"::",
    b"#",
    b"@#class",
    b"#class",
    b"#CLASS",
    b"&x",
    b"amy",
    b"AMY",
    b"sam",
    b"LS",
    b"ACK",
    b"NAK",
    b"NEW",
    b"DEL",
    b"LIST",
    b"+h1",
    b"-h1",
    b"+ml",
    b"-ml",
    b"+",
    b"chathistory",
    b"draft/multiline",
    b"soju.im/search",
    b"PRIVMSG",
    b"CHATHISTORY",
    b"SEARCH",
    b"HAND",
    b"RAISED",
    b"QUEUE",
    b"LOWERED",
    b"+ovbkl",
    b"-k",
    b"+b",
    b"m:sam!*@*",
    b"PREFIX=(ov)@+",
    b"PREFIX=",
    b"PREFIX=(ov",
    b"PREFIX=(+-)+-",
    b"CHANMODES=",
    b"CHANMODES=,,,,,,",
    b"STATUSMSG=#@",
    b"CHATHISTORY=\xc2\xb2",
    b"CHATHISTORY=" + b"9" * 5000,
    b"NETWORK=\\x00\\xff\\x",
    b"draft/multiline=max-bytes=\xc2\xb2,max-lines=" + b"9" * 5000,
    b"0",
    b"\xc2\xb2",
    b"\xd9\xa3",
    b"9" * 5000,
    b"-1",
    b"1e309",
    b"nan",
    b"\x01",
    b"\x01ACTION",
    b"\x01VERSION\x01",
    b"\x01PING x\x01",
    b"\x01\x01",
    b"\xff\xfe",
    b"\xed\xa0\x80",
    b"\x1b[31m",
    b"\xe2\x80\xae",
    b"a" * 600,
    b"a\x00b",
]


def any_bytes(max_size: int) -> st.SearchStrategy[bytes]:
    """Random bytes, drawn as numbers: hypothesis's own st.binary() trips python -bb (its
    cache then compares bytes with ints)."""
    return st.lists(st.integers(0, 255), max_size=max_size).map(bytes)


words = st.sampled_from(ODD_WORDS) | any_bytes(12).filter(lambda b: not set(b) & set(b" \r\n\0"))
trailing = st.sampled_from([b"", b" ", b"a b", b"- hello", b":", b"\x01ACTION waves\x01"]) | words
odd_tags = st.sampled_from(
    [
        b"",
        b"@",
        b"@;",
        b"@=",
        b"@batch",
        b"@batch=",
        b"@batch=h1",
        b"@batch=ml",
        b"@batch=ml;draft/multiline-concat",
        b"@msgid=m9;time=2026-11-24T10:00:00.000Z",
        b"@msgid=a\\sb;batch=h1",
        b"@msgid=:x",
        b"@time=0001-01-01T00:00:00",
        b"@time=9999-12-31T23:59:59+14:00",
        b"@time=nonsense",
        b"@time=" + b"9" * 300,
        b"@a=\\\\\\:\\s\\r\\n\\",
        b"@" + b"k=" + b"v" * 3000,
        b"@" + b";" * 500,
        b"@label=x;+draft/reply=\xff",
    ]
)
odd_sources = st.sampled_from(
    [
        b"",
        b":irc.test ",
        b":! ",
        b":@ ",
        b":!@ ",
        b":amy!a@h ",
        b":AMY ",
        b":sam!s@10.0.0.7 ",
        b":sam ",
        b":" + b"n" * 400 + b" ",
        b":\xff\xfe ",
        b":a!b!c@d@e ",
    ]
)


@st.composite
def hostile_lines(draw: st.DrawFn) -> bytes:
    """One line for a command or numeric the client knows, with 0 … 15 odd parameters."""
    command = draw(st.sampled_from(KNOWN_COMMANDS) | st.sampled_from([b"ZZZ", b"999", b"400"]))
    if isinstance(command, str):
        command = command.encode()
    middles = draw(st.lists(words.filter(bool), max_size=MAX_PARAMS - 1))
    last = draw(st.lists(trailing, max_size=1))
    parts = [draw(odd_tags), draw(odd_sources) + command, *middles]
    parts += [b":" + piece for piece in last]
    line = b" ".join(part for part in parts if part)
    if draw(st.booleans()):
        line = line.replace(b" ", b"  ", 1)
    return line


def fresh_session(state: str) -> ClientSession:
    session = ClientSession("amy")
    session.start()
    for line in STATES[state]:
        session.receive(parse(line.encode()), NOW)
    if state == "waiting for bob":
        session.watch("bob")
    return session


def drive(session: ClientSession, line: bytes) -> None:
    """What the network layer does with one line: parse it and hand it over.

    ProtocolError is the only exception allowed out; every line queued must be sendable, and
    only someone we wait for can come back."""
    try:
        result = session.receive(parse(line), NOW)
    except ProtocolError:
        return
    for message in result.lines:
        message.to_bytes()
    assert {name.lower() for name in result.back} <= {"bob"}, "only who we wait for"


def still_usable(session: ClientSession) -> None:
    """What a person types next still goes out, as a legal PRIVMSG line; what the server
    left open holds no more than the limits allow."""
    assert len(session.batches) <= SERVER_OPEN_BATCHES_MAX
    assert all(len(batch.lines) <= SERVER_BATCH_LINES_MAX for batch in session.batches.values())
    sent = [message.to_bytes() for message in session.say(ROOM, "still here", 99).lines]
    assert f"PRIVMSG {ROOM} :still here".encode() in sent


states = st.sampled_from(sorted(STATES))
SETTINGS = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(states, st.lists(hostile_lines(), min_size=1, max_size=12))
@example("connected", [b":irc.test 372 amy"])
@example("connected", [b":irc.test 372"])
@example("welcomed", [b":irc.test 375"])
@example("connected", [b"FAIL"])
@example("connected", [b":irc.test FAIL CHATHISTORY"])
@example("fresh", [b"CAP"])
@example("registering", [b":irc.test CAP amy LS"])
@example("in a room", [b":irc.test 433"])
@example("registering", [b":irc.test 001 :"])
@example("in a room", [b":irc.test 322 amy #x \xc2\xb2 :t", b":irc.test 323 amy :End"])
@example("in a room", [b":irc.test 322 amy #x " + b"9" * 5000])
@example("connected", [b":irc.test 005 amy CHATHISTORY=\xc2\xb2 :ok", b":amy!a@h JOIN #x"])
@example("connected", [b":amy!a@h JOIN"])
@example("connected", [b":amy!a@h JOIN :#a b"])
@example("in a room", [b":amy!a@h NICK"])
@example("in a room", [b":irc.test BATCH + chathistory #class"])
@example("in a room", [b"@time=0001-01-01T00:00:00 :sam!s@h PRIVMSG #class :hi"])
def test_no_line_breaks_the_session(state: str, lines: list[bytes]) -> None:
    session = fresh_session(state)
    for line in lines:
        drive(session, line)
    still_usable(session)


# --- Real transcripts, mutated one line at a time ---

TRANSCRIPT = [
    line.encode()
    for line in [
        *IN_ROOM,
        ":irc.test 005 amy CHANMODES=b,k,l,imnstW STATUSMSG=@ CHATHISTORY=50 :are supported",
        f":irc.test 324 amy {ROOM} +ntkW secret 5",
        f":irc.test 367 amy {ROOM} m:sam!*@* amy 1764000000",
        f":irc.test 368 amy {ROOM} :End of ban list",
        f":irc.test 332 amy {ROOM} :Today: fractions",
        f":sam!s@h MODE {ROOM} +o-v+b sam amy m:joe!*@*",
        f"@msgid=m2;time=2026-11-24T10:00:00.000Z :sam!s@h PRIVMSG {ROOM} :hello",
        f":sam!s@h PRIVMSG {ROOM} :\x01ACTION waves\x01",
        ":sam!s@h PRIVMSG amy :\x01VERSION\x01",
        f":irc.test BATCH +ml draft/multiline {ROOM}",
        f"@batch=ml :sam!s@h PRIVMSG {ROOM} :line one",
        f"@batch=ml;draft/multiline-concat :sam!s@h PRIVMSG {ROOM} :continued",
        ":irc.test BATCH -ml",
        f":irc.test NOTE HAND RAISED {ROOM} sam 1764000000 :sam raised a hand",
        f":irc.test FAIL PRIVMSG SLOW_MODE {ROOM} :Wait a moment",
        f":irc.test 404 amy {ROOM} :Cannot send to channel",
        ":irc.test 322 amy #maths 12 :Algebra",
        ":irc.test 323 amy :End of LIST",
        f":sam!s@h TOPIC {ROOM} :New topic",
        ":sam!s@h AWAY :lunch",
        ":sam!s@h NICK sammy",
        f":sammy!s@h KICK {ROOM} joe :bye",
        f":joe!j@h PART {ROOM} :gone",
        ":joe!j@h QUIT :Quit",
        ":irc.test PING :irc.test",
        ":irc.test CAP amy NEW :draft/chathistory",
        ":irc.test CAP amy DEL :away-notify",
        ":irc.test 433 amy sam :Nickname is already in use",
        ":irc.test 482 amy #class :You're not a channel operator",
        ":irc.test ERROR :Closing link",
    ]
]

Mutation = Callable[[list[bytes]], list[bytes]]


def _words(line: bytes) -> list[bytes]:
    head, _, trail = line.partition(b" :")
    return [*head.split(b" "), *([b":" + trail] if trail else [])]


@st.composite
def mutated_transcripts(draw: st.DrawFn) -> list[bytes]:
    """The transcript with some lines cut short, emptied, reordered or given odd words."""
    lines = list(TRANSCRIPT)
    for _ in range(draw(st.integers(1, 8))):
        index = draw(st.integers(0, len(lines) - 1))
        pieces = _words(lines[index])
        how = draw(st.sampled_from(["cut", "swap", "odd word", "no source", "repeat", "move"]))
        if how == "cut":  # drop parameters from the end: "372" with none left, …
            pieces = pieces[: draw(st.integers(1, len(pieces)))]
        elif how == "swap" and len(pieces) > 1:
            at = draw(st.integers(1, len(pieces) - 1))
            pieces[at] = draw(words.filter(bool))
        elif how == "odd word":
            pieces.insert(draw(st.integers(1, len(pieces))), draw(words.filter(bool)))
        elif how == "no source":
            last = len(pieces) - 1
            pieces = [p for at, p in enumerate(pieces) if at == last or not p.startswith(b":")]
        elif how == "repeat":
            lines.insert(index, lines[index])
        elif how == "move":
            lines.insert(draw(st.integers(0, len(lines))), lines.pop(index))
            continue
        lines[index] = b" ".join(pieces)
    return lines


@SETTINGS
@given(states, mutated_transcripts())
def test_no_mutated_transcript_breaks_the_session(state: str, lines: list[bytes]) -> None:
    session = fresh_session(state)
    for line in lines:
        drive(session, line)
    still_usable(session)


def test_every_known_command_with_no_parameters_at_all() -> None:
    """The report that started this: "372" alone, "375" alone, a bare "FAIL" … Each is
    ignored: nothing to show ("⚠ 401", an empty warning, "The name  can't be used")."""
    for state in STATES:
        for command in KNOWN_COMMANDS:
            for line in (command, f":irc.test {command}", f":irc.test {command} amy"):
                session = fresh_session(state)
                shown = session.receive(parse(line.encode()), NOW).events
                said = [e for e in shown if isinstance(e, Problem | ServerText | MessageReceived)]
                assert not said, f"{line!r} in state {state!r}"
                still_usable(session)


def test_times_no_window_can_show_are_the_arrival_time() -> None:
    session = fresh_session("in a room")
    for stamp in ("0001-01-01T00:00:00", "9999-12-31T23:59:59+14:00", "1969-12-31T23:00:00Z"):
        line = f"@time={stamp} :sam!s@h PRIVMSG {ROOM} :when?"
        (shown,) = session.receive(parse(line.encode()), NOW).events
        assert isinstance(shown, MessageReceived)
        assert shown.at == NOW, stamp
    line = f"@time=2026-11-24T10:00:00 :sam!s@h PRIVMSG {ROOM} :no zone means UTC"
    (shown,) = session.receive(parse(line.encode()), NOW).events
    assert isinstance(shown, MessageReceived)
    assert shown.at == datetime(2026, 11, 24, 10, tzinfo=UTC).timestamp()


def test_a_name_the_server_made_huge_still_lets_us_write() -> None:
    """A welcome that names us with 400 digits: what we type still goes out."""
    session = fresh_session("in a room")
    session.receive(parse(b":irc.test 001 " + b"9" * 400 + b" :Welcome"), NOW)
    still_usable(session)


def test_cut_short_lines_change_nothing() -> None:
    """JOIN with no room, NICK to no name, MODE with no change, a welcome naming nobody."""
    session = fresh_session("in a room")
    for line in (
        ":amy!a@h JOIN",
        ":amy!a@h JOIN :#two words",
        ":amy!a@h NICK",
        ":irc.test 001 :",
        f":sam!s@h MODE {ROOM}",
        f":irc.test BATCH + chathistory {ROOM}",
        f":irc.test 353 amy = {ROOM}",
    ):
        assert session.receive(parse(line.encode()), NOW) == Result(), line
    assert session.nick == "amy"
    assert list(session.rooms) == [ROOM]
    shown = session.receive(parse(f":sam!s@h PRIVMSG {ROOM} :still shown".encode()), NOW).events
    assert [e.text for e in shown if isinstance(e, MessageReceived)] == ["still shown"]


def test_batches_never_closed_hold_a_bounded_number_of_lines() -> None:
    session = fresh_session("in a room")
    for number in range(SERVER_OPEN_BATCHES_MAX * 5):
        drive(session, f":irc.test BATCH +open{number} chathistory {ROOM}".encode())
    assert len(session.batches) == SERVER_OPEN_BATCHES_MAX
    for number in range(SERVER_BATCH_LINES_MAX * 3):
        drive(session, f"@batch=open0 :sam!s@h PRIVMSG {ROOM} :line {number}".encode())
    assert len(session.batches["open0"].lines) == SERVER_BATCH_LINES_MAX
    line = f"@batch=open{SERVER_OPEN_BATCHES_MAX + 1} :sam!s@h PRIVMSG {ROOM} :not held"
    shown = session.receive(parse(line.encode()), NOW).events
    assert [e.text for e in shown if isinstance(e, MessageReceived)] == ["not held"]
    still_usable(session)


@pytest.mark.parametrize("name", ["n" * 400, ":odd"])
def test_writing_to_a_name_a_server_made_up_is_refused_not_a_crash(name: str) -> None:
    """A private message from a 400-letter name opens a conversation; answering it must not
    raise (the text would not fit beside the name) nor queue a line that can't be sent."""
    session = fresh_session("in a room")
    written = session.say(name, "hello", local_id=7)
    assert written.lines == ()
    (refused,) = written.events
    assert isinstance(refused, MessageRefused)
    assert refused.local_id == 7
    still_usable(session)


def test_a_server_that_ends_its_motd_before_welcoming_is_not_connected_yet() -> None:
    session = fresh_session("registering")
    assert session.receive(parse(b":irc.test 376 amy :End of MOTD"), NOW) == Result()
    assert not session.connected
    session.receive(parse(b":irc.test 001 amy :Welcome"), NOW)
    (connected,) = session.receive(parse(b":irc.test 376 amy :End of MOTD"), NOW).events
    assert isinstance(connected, Connected)


def test_a_network_name_with_control_characters_reaches_the_window_without_them() -> None:
    """ISUPPORT may escape any byte (\\xHH): a server naming itself with NUL and a terminal
    escape must not put them in the window's list of conversations."""
    session = fresh_session("registering")
    session.receive(parse(b":irc.test 001 amy :Welcome"), NOW)
    session.receive(parse(rb":irc.test 005 amy NETWORK=Evil\x00\x1b[31mNet :ok"), NOW)
    (connected,) = session.receive(parse(b":irc.test 376 amy :End of MOTD"), NOW).events
    assert isinstance(connected, Connected)
    assert connected.network == "EvilNet"


# --- The same through the framing decoder, from raw bytes ---

stream_pieces = st.sampled_from(
    [
        b"\r\n",
        b"\n",
        b"\r",
        b"\0",
        b" ",
        b":",
        b"@",
        b"\xff",
        b"\xc3",
        b":irc.test 372 amy\r\n",
        b"372\r\n",
        b"FAIL\r\n",
        b"BATCH +\r\n",
        b"@batch=x PRIVMSG\r\n",
        b"x" * (MAX_INCOMING_SERVER_LINE_BYTES + 10),
    ]
) | any_bytes(40)


@SETTINGS
@given(states, st.lists(stream_pieces, max_size=20), st.lists(hostile_lines(), max_size=4))
def test_no_bytes_through_the_decoder_break_the_session(
    state: str, pieces: list[bytes], lines: list[bytes]
) -> None:
    session = fresh_session(state)
    decoder = LineDecoder(max_line_bytes=MAX_INCOMING_SERVER_LINE_BYTES)
    stream = b"".join(pieces) + b"".join(line + b"\r\n" for line in lines)
    for start in range(0, len(stream), 97):
        for item in decoder.feed(stream[start : start + 97]):
            if not isinstance(item, LineTooLong):
                drive(session, item)
    still_usable(session)


@given(st.integers(min_value=1, max_value=400))
def test_a_server_joining_us_to_hundreds_of_rooms_is_followed_in_a_few(count: int) -> None:
    """A server (a student can host a room) may send JOIN for us to any number of rooms:
    each was a view in the window and three questions back. Past SERVER_ROOMS_MAX the
    rooms are not followed; rooms already followed still are."""
    session = fresh_session("connected")
    joined = []
    asked = 0
    for n in range(count):
        result = session.receive(parse(f":amy!a@h JOIN #r{n}".encode()), NOW)
        joined += [event for event in result.events if isinstance(event, Joined)]
        asked += len(result.lines)
    followed = min(count, SERVER_ROOMS_MAX)
    assert len(session.rooms) == followed
    assert len(joined) == followed
    # MODE, MODE b, HAND ?, history, and WHO on a server of plain names (no UTF8MAPPING)
    assert asked <= 5 * followed
    drive(session, b":sam!s@h JOIN #r0")
    assert "sam" in session.rooms["#r0"].members
    still_usable(session)
