"""Each limit in chatgui.limits that the server enforces, at N (accepted) and N+1 (refused).

The limits are read where the server uses them, so a test that needs a small value (three
connections rather than two hundred) monkeypatches chatgui.limits; the others use the real
value. Covered elsewhere: MAX_LINE_BYTES at 510/511 bytes, SENDQ_MAX_BYTES (a frozen reader is
dropped), DEFAULT_PORT and PORT_SEARCH_SPAN, and the ping and registration timeouts, in
test_whiteboard.py (items 4, 7, 13 and 9).
"""

from __future__ import annotations

import queue
import re
import socket
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from chatgui import limits
from chatgui.events import ChatEvent, ServerStarted, ServerStopped
from chatgui.net import polls
from chatgui.net.admission import Admission
from chatgui.net.server import ChatServer
from chatgui.protocol.framing import LineDecoder, LineTooLong
from chatgui.protocol.message import parse
from chatgui.protocol.server.model import ServerConfig
from tests.lineclient import LineClient
from tests.net.other_systems import loop_as_on_windows
from tests.net.server.netsupport import Dialer, MultiReader, RunningServer, StartServer, drain, join
from tests.net.server.tlskit import start_tls_room


def last_param(line: str) -> str:
    return parse(line.encode("utf-8")).params[-1]


def test_isupport_and_cap_ls_advertise_the_limits(connect: Callable[..., LineClient]) -> None:
    """What the server enforces is what it tells clients (005 ISUPPORT and CAP LS 302)."""
    sam = connect()
    sam.send("CAP LS 302")
    caps = sam.expect(r" CAP \* LS ")
    multiline = f"draft/multiline=max-bytes={limits.MULTILINE_MAX_BYTES}"
    assert f"{multiline},max-lines={limits.MULTILINE_MAX_LINES}" in caps
    sam.send("CAP END")
    sam.register("sam")
    tokens = " ".join(line for line in sam.seen if " 005 sam " in line).split()
    for token in (
        f"NICKLEN={limits.NICK_MAX_CHARS}",
        f"CHANNELLEN={limits.CHANNEL_MAX_CHARS}",
        f"TOPICLEN={limits.TOPIC_MAX_CHARS}",
        f"KICKLEN={limits.KICK_REASON_MAX_CHARS}",
        f"AWAYLEN={limits.AWAY_MAX_CHARS}",
        f"CHANLIMIT=#&:{limits.MAX_CHANNELS_PER_USER}",
        f"MAXLIST=b:{limits.LIST_MAX_BANS}",
    ):
        assert token in tokens, tokens


# --- Names ---


def test_nick_max_chars(connect: Callable[..., LineClient]) -> None:
    """NICK_MAX_CHARS (30): a 30-character nick registers; 31 characters get 432.

    long> NICK N234567890123456789012345678X      server> 432 * N23...X :Names can be at most 30...
    long> NICK N23456789012345678901234567890     server> 001 ...
    long> NICK M234567890123456789012345678901   server> 432 (a change after registering, too)
    """
    n = limits.NICK_MAX_CHARS
    at_limit = "N" + "".join(str(i % 10) for i in range(1, n))
    over = at_limit + "X"
    assert (len(at_limit), len(over)) == (n, n + 1)
    person = connect()
    person.send(f"NICK {over}")
    person.expect(rf"^:chatgui\.local 432 \* {over} :Names can be at most {n} characters")
    person.register(at_limit)
    person.expect_nothing(r" 432 ", within=0.1)
    assert any(f" 001 {at_limit} " in line for line in person.seen)
    person.send(f"NICK M{over[1:]}")
    person.expect(rf" 432 {at_limit} M{over[1:]} ")
    person.send(f"NICK M{at_limit[1:]}")
    person.expect(rf"^:{at_limit}!\S+ NICK :?M{at_limit[1:]}$")


def test_channel_max_chars(connect: Callable[..., LineClient]) -> None:
    """CHANNEL_MAX_CHARS (50, '#' included): a 50-character room can be joined; 51 gets 476.

    ann> JOIN #ccc…c (50)     ann: :ann!~ann@127.0.0.1 JOIN #ccc…c
    ann> JOIN #ccc…cc (51)    ann: :chatgui.local 476 ann #ccc…cc :Room names can be at most 50…
    """
    ann = connect("ann")
    at_limit = "#" + "c" * (limits.CHANNEL_MAX_CHARS - 1)
    ann.send(f"JOIN {at_limit}")
    ann.expect(rf"^:ann!\S+ JOIN {at_limit}$")
    ann.send(f"JOIN {at_limit}c")
    ann.expect(rf"^:chatgui\.local 476 ann {at_limit}c :Room names can be at most 50 ")
    ann.send("LIST")
    ann.expect(r" 323 ")
    rooms = [line.split()[3] for line in ann.seen if " 322 ann " in line]
    assert at_limit in rooms
    assert at_limit + "c" not in rooms


def test_topic_max_chars_cuts_the_topic(connect: Callable[..., LineClient]) -> None:
    """TOPIC_MAX_CHARS (390): a topic of 390 characters is kept whole; a 391st character is
    cut off, as IRC servers do with TOPICLEN (it is advertised, so clients can warn first).

    op> TOPIC #t :<390>       everyone: :op!~op@127.0.0.1 TOPIC #t :<390>
    op> TOPIC #t :<390>Z      everyone: ... TOPIC #t :<390>      (the Z is cut)
    """
    op = connect("op")
    guest = connect("guest")
    join("#t", op, guest)
    n = limits.TOPIC_MAX_CHARS
    topic = ("topic " * n)[: n - 1] + "!"
    for sent in (topic, topic + "Z"):
        op.send(f"TOPIC #t :{sent}")
        for person in (op, guest):
            assert last_param(person.expect(r" TOPIC #t ")) == topic
    guest.send("TOPIC #t")
    assert last_param(guest.expect(r" 332 guest #t ")) == topic


def test_kick_reason_max_chars(connect: Callable[..., LineClient]) -> None:
    """KICK_REASON_MAX_CHARS (390): a 390-character reason is kept; a 391st is cut off."""
    op = connect("op")
    kid = connect("kid")
    n = limits.KICK_REASON_MAX_CHARS
    reason = ("calm down " * n)[: n - 1] + "."
    join("#k", op)
    for sent in (reason, reason + "Z"):
        join("#k", kid)
        op.send(f"KICK #k kid :{sent}")
        assert last_param(kid.expect(r" KICK #k kid ")) == reason


def test_away_max_chars(connect: Callable[..., LineClient]) -> None:
    """AWAY_MAX_CHARS (200): a 200-character away message is kept; a 201st is cut off.

    away> AWAY :<200>      friend> PRIVMSG away :hi     friend: 301 friend away :<200>
    away> AWAY :<200>Z     friend> PRIVMSG away :hi     friend: 301 friend away :<200>
    """
    away = connect("away")
    friend = connect("friend")
    n = limits.AWAY_MAX_CHARS
    text = ("back soon " * n)[: n - 1] + "."
    for sent in (text, text + "Z"):
        away.send(f"AWAY :{sent}")
        away.expect(r" 306 away ")
        friend.send("PRIVMSG away :hi")
        assert last_param(friend.expect(r" 301 friend away ")) == text


def test_max_channels_per_user(connect: Callable[..., LineClient]) -> None:
    """MAX_CHANNELS_PER_USER (20): 20 rooms are joined; the 21st gets 405.

    busy> JOIN #r1,#r2,…,#r21    busy: 20 JOINs, then 405 busy #r21 :You have joined too many…
    busy> PART #r1 / JOIN #r21   busy: :busy!… JOIN #r21     (a free place can be used again)
    """
    busy = connect("busy")
    n = limits.MAX_CHANNELS_PER_USER
    rooms = [f"#r{i}" for i in range(1, n + 2)]
    busy.send("JOIN " + ",".join(rooms))
    busy.expect(rf"^:chatgui\.local 405 busy #r{n + 1} :You have joined too many channels$")
    joined = [line.split()[-1] for line in busy.seen if re.match(r"^:busy!\S+ JOIN ", line)]
    assert joined == rooms[:n]
    busy.send("PART #r1")
    busy.send(f"JOIN #r{n + 1}")
    busy.expect(rf"^:busy!\S+ JOIN #r{n + 1}$")


def test_list_max_bans(start_server: StartServer) -> None:
    """LIST_MAX_BANS (100): 100 bans are set; the 101st gets 478 and is not added. Setting a
    ban costs flood control (test_red_team.py), so this room lifts it."""
    running = start_server(flood_cost_s=0.0)
    op = LineClient(running.port)
    op.register("op")
    join("#b", op)
    n = limits.LIST_MAX_BANS
    masks = [f"spam{i}!*@*" for i in range(n + 1)]
    for start in range(0, n, 4):
        chunk = masks[start : start + 4]
        op.send(f"MODE #b +{'b' * len(chunk)} {' '.join(chunk)}")
    op.send(f"MODE #b +b {masks[n]}")
    op.expect(rf" 478 op #b {re.escape(masks[n])} ")
    op.send("MODE #b +b")
    op.expect(r" 368 op #b ")
    listed = [line.split()[4] for line in op.seen if " 367 op #b " in line]
    op.close()
    assert listed == masks[:n]


def test_whowas_history(monkeypatch: pytest.MonkeyPatch, start_server: StartServer) -> None:
    """WHOWAS_HISTORY: the server remembers the last N who left (N=3 here; read at start)."""
    monkeypatch.setattr(limits, "WHOWAS_HISTORY", 3)
    running = start_server()
    dialer = Dialer()
    try:
        for i in range(4):
            gone = dialer(running.port, f"gone{i}")
            gone.send("QUIT")
            gone.expect_closed()
        asker = dialer(running.port, "asker")
        asker.send("WHOWAS gone0")
        asker.expect(r" 406 asker gone0 ")
        for i in range(1, 4):
            asker.send(f"WHOWAS gone{i}")
            asker.expect(rf" 314 asker gone{i} ")
    finally:
        dialer.close_all()


def test_max_params(connect: Callable[..., LineClient]) -> None:
    """MAX_PARAMS (15): a line with 15 parameters is handled; 16 are refused as malformed."""
    sam = connect("sam", caps="standard-replies")
    words = [f"w{i}" for i in range(limits.MAX_PARAMS + 1)]
    sam.send("USERHOST sam " + " ".join(words[: limits.MAX_PARAMS - 1]))  # 15 parameters
    sam.expect(r" 302 sam :?sam=\+~sam@127\.0\.0\.1$")
    sam.send("USERHOST sam " + " ".join(words[: limits.MAX_PARAMS]))  # 16
    sam.expect(r"^:chatgui\.local FAIL \* INVALID_LINE ")


def test_max_client_tag_bytes(connect: Callable[..., LineClient]) -> None:
    """MAX_CLIENT_TAG_BYTES (4094 bytes of tag data, IRCv3 message-tags): at the limit the
    tags are relayed; one byte more gets 417 and the message is not relayed, so what others
    receive (with the server's time and msgid added) always fits in MAX_TAG_BYTES.

    ann> @+x=<4091 v> PRIVMSG #class :at the limit       ben (message-tags) gets it, with +x
    ann> @+x=<4092 v> PRIVMSG #class :over               ann: 417 ann :Input line was too long
    """
    ann = connect("ann")
    ben = connect("ben", caps="message-tags server-time")
    join("#class", ann, ben)
    at_limit = "+x=" + "v" * (limits.MAX_CLIENT_TAG_BYTES - 3)
    assert len(at_limit) == limits.MAX_CLIENT_TAG_BYTES
    ann.send(f"@{at_limit} PRIVMSG #class :at the limit")
    relayed = ben.expect(r" PRIVMSG #class ")
    assert parse(relayed.encode()).tags["+x"] == at_limit[3:]
    assert LineDecoder().feed(relayed.encode() + b"\r\n") == [relayed.encode()]
    ann.send(f"@{at_limit}v PRIVMSG #class :over")
    ann.expect(r"^:chatgui\.local 417 ann :Input line was too long$")
    ann.send("PRIVMSG #class :after")
    assert last_param(ben.expect(r" PRIVMSG #class ")) == "after"
    assert not any("over" in line for line in ben.seen)


def test_a_relayed_line_never_exceeds_the_receivers_tag_limit(
    connect: Callable[..., LineClient],
) -> None:
    """The whole tag section a client can send (MAX_TAG_BYTES) plus the server's own tags
    must not make a line that a receiving chatgui client (LineDecoder) throws away."""
    ann = connect("ann")
    ben = connect("ben", caps="message-tags server-time")
    join("#class", ann, ben)
    biggest = "+x=" + "v" * (limits.MAX_TAG_BYTES - 5)  # '@' + tags + ' ' = MAX_TAG_BYTES
    ann.send(f"@{biggest} PRIVMSG #class :huge tags")
    ann.send("PRIVMSG #class :marker")
    ben.expect(r" PRIVMSG #class :?marker$")
    for line in ben.seen:
        decoded = LineDecoder().feed(line.encode() + b"\r\n")
        assert not any(isinstance(item, LineTooLong) for item in decoded), line[:80]


# --- Connections ---


def test_max_connections_per_address(start_server: StartServer, dial: Dialer) -> None:
    """MAX_CONNECTIONS_PER_ADDRESS (ServerConfig.max_per_address, 3 here): the 4th connection
    from one address gets "ERROR :Closing link: Too many connections from your address" and
    is closed; the first 3 keep working; another address is still welcome; when one leaves, a
    place is free again.
    """
    server = start_server(max_per_address=3)
    first = [dial(server.port, f"pc{i}", source="127.0.0.2") for i in range(3)]
    fourth = dial(server.port, source="127.0.0.2")
    fourth.expect(r"^ERROR :Closing link: Too many connections from your address$")
    fourth.expect_closed()
    other = dial(server.port, "other", source="127.0.0.3")
    join("#class", *first, other)
    first[0].send("PRIVMSG #class :three of us on one address")
    for person in (*first[1:], other):
        person.expect(r"PRIVMSG #class :three of us on one address$")
    first[2].send("QUIT")
    first[2].expect_closed()
    other.expect(r"^:pc2!\S+ QUIT ")
    again = dial(server.port, "pc3", source="127.0.0.2")
    join("#class", again)
    first[0].expect(r"^:pc3!\S+ JOIN #class$")


def test_max_connections(
    monkeypatch: pytest.MonkeyPatch, server: RunningServer, dial: Dialer
) -> None:
    """MAX_CONNECTIONS (3 here): the 4th connection, from any address, gets
    "ERROR :Closing link: The room is full" and is closed; the first 3 keep working."""
    monkeypatch.setattr(limits, "MAX_CONNECTIONS", 3)
    people = [dial(server.port, f"p{i}", source=f"127.0.0.{i + 2}") for i in range(3)]
    late = dial(server.port, source="127.0.0.9")
    late.expect(r"^ERROR :Closing link: The room is full$")
    late.expect_closed()
    join("#class", *people)
    people[2].send("PRIVMSG #class :full house")
    people[0].expect(r"PRIVMSG #class :full house$")


def test_a_room_on_windows_keeps_within_what_select_can_watch(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, dial: Dialer
) -> None:
    """On Windows the loop waits in select(), which takes SELECT_MOST_SOCKETS (512): one more
    and select() fails, ending the room for everyone. Here select() is held to 40 and fails
    past it as Windows' does. The room listens plain and with TLS, for a host: 24 people,
    4 TLS handshakes that never finish and the 4 connections held for the host fill it, and
    15 more are turned away ("The room is full"); the room still runs."""
    loop_as_on_windows(monkeypatch)
    monkeypatch.setattr(polls, "SELECT_MOST_SOCKETS", 40)
    room = start_tls_room(tmp_path / "key", plain=True, host_secret="not-told")
    port, tls_port = room.started.port, room.started.tls_port
    assert tls_port is not None
    opened: list[socket.socket] = []
    try:
        people = [dial(port, f"p{i}", source=f"127.0.1.{i + 1}") for i in range(24)]
        for i in range(4):  # each a handshake the room waits on, counted as a place
            shaking = socket.create_connection(("127.0.0.1", tls_port), 5, (f"127.0.3.{i + 1}", 0))
            opened.append(shaking)
        # From the host's computer: let in, held for the host if the handshakes came first
        for _ in range(limits.HOST_RESERVE_CONNECTIONS):
            dial(port, source="127.0.0.1")
        turned_away = [dial(port, source=f"127.0.2.{i + 1}") for i in range(15)]
        for late in turned_away:
            late.expect(r"^ERROR :Closing link: The room is full$")
            late.expect_closed()
        join("#class", people[0], people[-1])
        people[-1].send("PRIVMSG #class :all of us, and the room still runs")
        people[0].expect(r"PRIVMSG #class :all of us, and the room still runs$")
        assert room.server._loop.thread.is_alive()
    finally:
        for sock in opened:
            sock.close()
        room.server.stop()


def test_a_room_where_the_loop_watches_fewer_sockets_keeps_the_same_share_of_last_places() -> None:
    """Windows' 512 sockets make a room of 500, whose last 100 (a fifth, as RESERVED_CONNECTIONS
    of MAX_CONNECTIONS) go only to computers with fewer than RESERVED_SLOT_MAX_PER_ADDRESS."""
    windows, linux = Admission(ServerConfig(), 512), Admission(ServerConfig())
    assert (windows.most_connections(), linux.most_connections()) == (500, limits.MAX_CONNECTIONS)
    assert windows.last_places() == 100
    windows.per_address["10.0.0.1"] = limits.RESERVED_SLOT_MAX_PER_ADDRESS
    assert windows.room_full_reason("10.0.0.1", 399) is None
    assert "nearly full" in (windows.room_full_reason("10.0.0.1", 400) or "")
    assert windows.room_full_reason("10.0.0.2", 499) is None
    assert windows.room_full_reason("10.0.0.2", 500) == "The room is full"


# --- Flood control ---


@pytest.mark.slow
def test_flood_control_delays_a_burst_and_drops_nothing(
    start_server: StartServer, dial: Dialer
) -> None:
    """FLOOD_COST_S (0.1) and FLOOD_ALLOWANCE_S (10): a burst of 130 lines is read as ~100
    at once, then 10 a second. Nothing is dropped, the flooder stays connected, and the
    others are not slowed down meanwhile (the server only stops reading the flooder).

    fast> 130 x PRIVMSG #class :burst NNN          (in one send)
    slow: burst 000 … burst 096 within a second, the rest ~0.1 s apart, all 130 in order
    calm> PRIVMSG #class :meanwhile                (slow gets it within 0.5 s)
    """
    running = start_server()
    config = running.server.config
    assert (config.flood_cost_s, config.flood_allowance_s) == (
        limits.FLOOD_COST_S,
        limits.FLOOD_ALLOWANCE_S,
    )
    fast = dial(running.port, "fast")
    calm = dial(running.port, "calm")
    slow = dial(running.port, "slow")
    join("#class", fast, calm, slow)
    count = 130
    burst = int(limits.FLOOD_ALLOWANCE_S / limits.FLOOD_COST_S)  # 100 lines
    reader = MultiReader([slow])
    started = time.monotonic()
    fast.send_raw("".join(f"PRIVMSG #class :burst {i:03d}\r\n" for i in range(count)).encode())
    try:
        reader.until(lambda: reader.count(0, b" :burst ") >= burst - 10, 2.0, "the first burst")
        calm_sent = time.monotonic()
        calm.send("PRIVMSG #class :meanwhile")
        reader.until(lambda: reader.count(0, b"meanwhile") == 1, 0.5, "calm's message")
        calm_took = time.monotonic() - calm_sent
        reader.until(lambda: reader.count(0, b" :burst ") == count, 10.0, "the whole burst")
    finally:
        reader.close()
    mine = [(at, line) for at, line in reader.lines[0] if line.startswith(b":fast!")]
    times = [at - started for at, _ in mine]
    texts = [parse(line).params[-1] for _, line in mine]
    assert texts == [f"burst {i:03d}" for i in range(count)]
    assert times[burst - 10] < 1.0, times[burst - 10]  # the allowance is read at once
    # the rest at most 10 a second: 30 lines take at least ~3 s (a little less for timing)
    assert times[-1] - times[burst - 1] >= (count - burst) * limits.FLOOD_COST_S * 0.85
    assert calm_took < 0.5
    fast.send("PING :alive")
    fast.expect(r" PONG chatgui\.local :?alive$", timeout=5)


def test_the_host_is_exempt_from_flood_control(start_server: StartServer, dial: Dialer) -> None:
    """The host's own connection (PASS host_secret) may send 300 lines at once: they are all
    relayed within 2 s, where a student's 300 would take ~20 s."""
    running = start_server(host_secret="k3y")
    host = dial(running.port)
    host.send("PASS k3y")
    host.register("Teacher")
    pupil = dial(running.port, "pupil")
    join("#class", host, pupil)
    reader = MultiReader([pupil])
    host.send_raw("".join(f"PRIVMSG #class :line {i}\r\n" for i in range(300)).encode())
    try:
        reader.until(lambda: reader.count(0, b" :line ") == 300, 2.0, "300 lines from the host")
    finally:
        reader.close()


# --- draft/multiline ---


def _send_batch(client: LineClient, ref: str, texts: list[str]) -> None:
    lines = [f"BATCH +{ref} draft/multiline #class"]
    lines += [f"@batch={ref} PRIVMSG #class :{text}" for text in texts]
    lines.append(f"BATCH -{ref}")
    client.send_raw("".join(line + "\r\n" for line in lines).encode())


def _multiline_size(texts: list[str]) -> int:
    """The size the limit counts: the text with the line feeds that join the lines."""
    return len("\n".join(texts).encode())


@pytest.mark.parametrize(
    ("extra", "refused"), [(0, False), (1, True)], ids=["at-limit", "one-byte-over"]
)
def test_multiline_max_bytes(connect: Callable[..., LineClient], extra: int, refused: bool) -> None:
    """MULTILINE_MAX_BYTES (4096): a batch of exactly 4096 bytes (line feeds included) arrives
    as one message; at 4097 the sender gets FAIL BATCH MULTILINE_MAX_BYTES and nobody receives
    any part of it (not even the lines before the one that went over).

    ann> BATCH +b1 draft/multiline #class / 10 x 400 bytes / 86 (or 87) bytes / BATCH -b1
    ben (draft/multiline), cal (plain): the 11 lines, or (at 4097) nothing at all
    """
    ann = connect("ann", caps="draft/multiline batch standard-replies")
    ben = connect("ben", caps="draft/multiline batch message-tags")
    cal = connect("cal")
    join("#class", ann, ben, cal)
    texts = [f"{i:02d} " + "y" * 397 for i in range(10)]  # 10 x 400 bytes, 9 line feeds
    texts.append("z" * (limits.MULTILINE_MAX_BYTES - _multiline_size(texts) - 1 + extra))
    assert _multiline_size(texts) == limits.MULTILINE_MAX_BYTES + extra
    _send_batch(ann, "b1", texts)
    ann.send("PRIVMSG #class :marker")
    if refused:
        ann.expect(r"^:chatgui\.local FAIL BATCH MULTILINE_MAX_BYTES ")
    ben.expect(r"PRIVMSG #class :?marker$")
    cal.expect(r"PRIVMSG #class :?marker$")
    ben_texts = [last_param(line) for line in ben.seen if " PRIVMSG #class " in line]
    cal_texts = [last_param(line) for line in cal.seen if " PRIVMSG #class " in line]
    delivered = [] if refused else texts
    assert ben_texts == [*delivered, "marker"]
    assert cal_texts == [*delivered, "marker"]
    assert any(" BATCH +" in line for line in ben.seen) != refused
    if not refused:
        ann.expect_nothing(r" FAIL ", within=0.1)


@pytest.mark.parametrize(
    ("count", "refused"),
    [(limits.MULTILINE_MAX_LINES, False), (limits.MULTILINE_MAX_LINES + 1, True)],
    ids=["at-limit", "one-line-over"],
)
def test_multiline_max_lines(connect: Callable[..., LineClient], count: int, refused: bool) -> None:
    """MULTILINE_MAX_LINES (100): a batch of 100 short lines arrives as one message; 101 get
    FAIL BATCH MULTILINE_MAX_LINES and none of them is delivered."""
    ann = connect("ann", caps="draft/multiline batch standard-replies")
    ben = connect("ben", caps="draft/multiline batch message-tags")
    join("#class", ann, ben)
    texts = [f"line {i}" for i in range(count)]
    _send_batch(ann, "b2", texts)
    ann.send("PRIVMSG #class :marker")
    if refused:
        ann.expect(r"^:chatgui\.local FAIL BATCH MULTILINE_MAX_LINES ")
    ben.expect(r"PRIVMSG #class :?marker$")
    ben_texts = [last_param(line) for line in ben.seen if " PRIVMSG #class " in line]
    assert ben_texts == [*([] if refused else texts), "marker"]


def test_lines_after_a_refused_batch_are_not_relayed(connect: Callable[..., LineClient]) -> None:
    """Once a batch went over MULTILINE_MAX_BYTES, its remaining lines are swallowed up to
    BATCH -ref: a refused message is never delivered in part (whiteboard item 4)."""
    ann = connect("ann", caps="draft/multiline batch standard-replies")
    cal = connect("cal")
    join("#class", ann, cal)
    texts = [f"{i:02d} " + "y" * 397 for i in range(12)]  # 12 x 400: over at the 11th
    _send_batch(ann, "b3", texts)
    ann.send("PRIVMSG #class :marker")
    ann.expect(r"^:chatgui\.local FAIL BATCH MULTILINE_MAX_BYTES ")
    cal.expect(r"PRIVMSG #class :?marker$")
    assert [last_param(line) for line in cal.seen if " PRIVMSG " in line] == ["marker"]
    ann.expect_nothing(r" FAIL ", within=0.2)  # one refusal, not one per line


# --- Stopping ---


def test_server_stop_timeout(dial: Dialer) -> None:
    """SERVER_STOP_TIMEOUT_S (1 s): stop() with 20 people connected returns within the limit,
    everyone gets "ERROR :Closing link: The host closed the room" and then EOF."""
    events: queue.Queue[ChatEvent] = queue.Queue()
    server = ChatServer(ServerConfig(rooms=("#class",)), events, bind="127.0.0.1", port=0)
    server.start()
    try:
        started = events.get(timeout=5)
        assert isinstance(started, ServerStarted)
        people = [dial(started.port, f"p{i}") for i in range(20)]
        join("#class", *people)
        begun = time.monotonic()
        server.stop()
        took = time.monotonic() - begun
    finally:
        server.stop()
    assert took < limits.SERVER_STOP_TIMEOUT_S + 0.2, took
    assert not server._loop.thread.is_alive()
    for person in people:
        person.expect(r"^ERROR :Closing link: The host closed the room$", timeout=1)
        person.expect_closed(timeout=1)
    remaining = drain(events)
    assert any(isinstance(event, ServerStopped) for event in remaining), remaining
