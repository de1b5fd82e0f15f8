"""The classroom's whiteboard (FINDINGS.md, items 1-9, 13 and 14), checked on a real server.

Each test quotes what the old classroom script did as its case, then plays the same scene
against ChatServer on 127.0.0.1 as an IRC transcript: people connect, type, leave or misbehave,
and the others' screens (their sockets) are read for what arrived.
"""

from __future__ import annotations

import contextlib
import itertools
import logging
import os
import queue
import random
import re
import socket
import struct
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from chatgui import limits
from chatgui.events import ChatEvent, ServerFailed, WorkerCrashed
from chatgui.net.listening import listen_on
from chatgui.net.server import ChatServer
from chatgui.protocol.message import parse
from chatgui.protocol.server.model import ServerConfig
from chatgui.protocol.text import split_text
from tests.lineclient import LineClient
from tests.net.server.netsupport import (
    Dialer,
    MultiReader,
    RunningServer,
    StartServer,
    TunedClient,
    drain,
    expect_answering_pings,
    join,
    reset,
    thread_cpu_seconds,
)

REPO = Path(__file__).resolve().parents[3]


def prefix(nick: str, host: str = "127.0.0.1") -> str:
    """The source the server puts on everything `nick` does (USER is sent as the nick)."""
    user = "".join(c for c in nick if c.isascii() and c.isalnum())[:10]
    return f"{nick}!~{user}@{host}"


def text_of(line: str) -> str:
    """The last parameter of a received line: the text of a PRIVMSG."""
    return parse(line.encode("utf-8")).params[-1]


# --- 1. No busy waiting ---


@pytest.mark.slow
@pytest.mark.parametrize("people", [0, 30])
def test_1_an_idle_room_uses_no_cpu(start_server: StartServer, dial: Dialer, people: int) -> None:
    """Seed (F1): "9.99 CPU-s in 10.00 s = 100 % of a core" idle, and 100 % with 3 silent
    clients.

    Here the server's own thread is measured (schedstat, ns) for 3 s while the room is empty,
    and while 30 registered people sit silently in #class: under 2 % of a core (60 ms).
    """
    running = start_server()
    quiet = [dial(running.port, f"quiet{i:02d}") for i in range(people)]
    join("#class", *quiet)
    time.sleep(0.3)  # the last welcome and JOIN lines are out
    thread = running.server._loop.thread
    assert thread.native_id is not None
    before, started = thread_cpu_seconds(thread.native_id), time.monotonic()
    time.sleep(3.0)
    used, elapsed = thread_cpu_seconds(thread.native_id) - before, time.monotonic() - started
    assert thread.is_alive()
    assert used < 0.02 * elapsed, f"server thread used {used * 1000:.1f} ms in {elapsed:.2f} s"
    if quiet:  # the silent people are still there and still served
        quiet[0].send("PRIVMSG #class :still awake?")
        quiet[-1].expect(rf"^:{re.escape(prefix('quiet00'))} PRIVMSG #class :still awake\?$")


# --- 2. Names ---


def test_2_every_message_carries_its_senders_name_and_names_are_unique(
    start_server: StartServer, dial: Dialer
) -> None:
    """Seed (F8): "`hello` typed by the host, by 127.0.0.2 and by 127.0.0.66 arrives as the
    same bytes, b'hello'".

        host>  PASS k3y / NICK Teacher / USER ...        (the host's own connection)
        sam>   NICK Sam[ / USER ...
        kim>   NICK sam[            server> 433 * sam[ :Nickname is already in use
        kim>   NICK SAM[            server> 433 * SAM[ :Nickname is already in use
        kim>   NICK Kim / USER ...  server> 001 Kim ...
        each>  PRIVMSG #class :hello from <me>
        others see  :<me>!~<user>@127.0.0.1 PRIVMSG #class :hello from <me>
    """
    running = start_server(host_secret="k3y")
    host = dial(running.port)
    host.send("PASS k3y")
    host.register("Teacher")
    sam = dial(running.port, "Sam[")
    kim = dial(running.port)
    kim.send("NICK sam[")
    kim.expect(r"^:chatgui\.local 433 \* sam\[ :Nickname is already in use$")
    kim.send("NICK SAM[")
    kim.expect(r"^:chatgui\.local 433 \* SAM\[ ")
    kim.register("Kim")
    kim.send("NICK sAm[")  # a registered person can't take it either
    kim.expect(r"^:chatgui\.local 433 Kim sAm\[ ")
    people = {"Teacher": host, "Sam[": sam, "Kim": kim}
    join("#class", *people.values())
    for nick, client in people.items():
        client.send(f"PRIVMSG #class :hello from {nick}")
        for other_nick, other in people.items():
            if other is not client:
                line = other.expect(r" PRIVMSG #class :hello from ")
                assert line == f":{prefix(nick)} PRIVMSG #class :hello from {nick}", other_nick


# --- 3. No spoofing ---


def test_3_nobody_can_speak_as_someone_else(connect: Callable[..., LineClient]) -> None:
    """Seed (F8): 127.0.0.66 sends "127.0.0.2 has left the chatroom." and "the others receive
    text identical to a real notice"; "Teacher: class is cancelled" and an embedded newline that
    fakes a second line pass through unchanged.

        mallory> PRIVMSG #class :hi<CR><LF>:teacher!x@y PRIVMSG #class :fake
        mallory> PRIVMSG #class :bob has left
        mallory> :chatgui.local NOTICE #class :The host closed the room
        mallory> PRIVMSG #class :a<NUL>b             server> NOTICE/FAIL, nothing relayed
        bystander sees every one of these only as :mallory!~mallory@127.0.0.1 ...
    """
    teacher = connect("teacher")
    bob = connect("bob")
    bystander = connect("bystander", caps="message-tags")
    mallory = connect("mallory", caps="standard-replies")
    join("#class", teacher, bob, bystander, mallory)
    bystander.expect(r"^(@\S+ )?:mallory!\S+ JOIN #class")
    start = len(bystander.seen)

    mallory.send("NICK teacher")  # taking the teacher's name
    mallory.expect(r" 433 mallory teacher ")
    for fake in ("chatgui.local", "teacher!x@y", "Teacher:"):
        mallory.send(f"NICK {fake}")  # names can't look like a server or a full source
        mallory.expect(rf" 432 mallory {re.escape(fake)} ")
    mallory.send_raw(b"PRIVMSG #class :hi\r\n:teacher!x@y PRIVMSG #class :fake\r\n")
    mallory.send_raw(b"PRIVMSG #class :one\n:bob!~bob@127.0.0.1 NOTICE #class :bob has left\n")
    mallory.send("PRIVMSG #class :bob has left")
    mallory.send("PRIVMSG #class :Teacher: class is cancelled, go home")
    mallory.send(":chatgui.local NOTICE #class :The host closed the room")
    mallory.send("@+draft/reply=x;time=2000-01-01T00:00:00.000Z PRIVMSG #class :old news")
    mallory.send_raw(b"PRIVMSG #class :a\x00b\r\n")
    mallory.expect(r"^:chatgui\.local FAIL \* INVALID_LINE ")
    mallory.send_raw(b"PRIVMSG #class :lone\r:teacher!x@y PRIVMSG #class :fake\r\n")
    mallory.expect(r"^:chatgui\.local FAIL \* INVALID_LINE ")
    # The last trick: a fake QUIT of bob's after a newline is a QUIT of mallory's own.
    mallory.send_raw(b"PRIVMSG #class :bye\n:bob!~bob@127.0.0.1 QUIT :Quit: bye\r\n")
    mallory.expect_closed()
    bystander.expect(r" QUIT :")

    seen = bystander.seen[start:]
    me = re.escape(prefix("mallory"))
    for line in seen:
        assert re.match(rf"^(@\S+ )?:{me} (PRIVMSG|NOTICE|QUIT) ", line), line
    said = [(m.command, m.params[-1]) for m in (parse(line.encode()) for line in seen)]
    assert said == [
        ("PRIVMSG", "hi"),
        ("PRIVMSG", "fake"),
        ("PRIVMSG", "one"),
        ("NOTICE", "bob has left"),
        ("PRIVMSG", "bob has left"),
        ("PRIVMSG", "Teacher: class is cancelled, go home"),
        ("NOTICE", "The host closed the room"),
        ("PRIVMSG", "old news"),
        ("PRIVMSG", "bye"),
        ("QUIT", "Quit: Quit: bye"),
    ]
    assert "time=2000" not in "".join(seen)  # the server stamps the time, not the sender
    bob.send("PRIVMSG #class :I am still here")
    bystander.expect(rf"^(@\S+ )?:{re.escape(prefix('bob'))} PRIVMSG #class :I am still here$")
    teacher.expect(r":bob!\S+ PRIVMSG #class :I am still here$")


# --- 4. Whole messages ---


SENTENCE = "the quick brown fox jumps over the lazy dog in class today, "


def _multiline_text(total_bytes: int) -> list[str]:
    """Four lines of ASCII text (three long ones) that are `total_bytes` joined by newlines."""
    sizes = [1200, 800, 600]
    sizes.append(total_bytes - sum(sizes) - len(sizes))
    lines = [(SENTENCE * (size // len(SENTENCE) + 1))[: size - 1] + "." for size in sizes]
    assert len("\n".join(lines).encode()) == total_bytes
    return lines


def test_4_a_3000_byte_multiline_message_arrives_whole(connect: Callable[..., LineClient]) -> None:
    """Seed (F2): "A 3000-byte message sent in one send() appears as 3 messages of 1024, 1024
    and 952 bytes".

        ana> BATCH +p1 draft/multiline #class
        ana> @batch=p1 PRIVMSG #class :<first 400 bytes of line 1>
        ana> @batch=p1;draft/multiline-concat PRIVMSG #class :<next 400 bytes of line 1>
        ...  (4 lines, cut into pieces of at most 400 bytes)
        ana> BATCH -p1
        ben (draft/multiline): one BATCH holding every piece, which joins back to the 3000 bytes
        cal (plain IRC):       every piece as its own PRIVMSG from ana, in order
    """
    ana = connect("ana", caps="draft/multiline batch standard-replies")
    ben = connect("ben", caps="draft/multiline batch message-tags")
    cal = connect("cal")
    join("#class", ana, ben, cal)
    lines = _multiline_text(3000)
    pieces: list[tuple[str, bool]] = []
    for line in lines:
        for start in range(0, len(line), 400):
            pieces.append((line[start : start + 400], start > 0))
    ana.send("BATCH +p1 draft/multiline #class")
    for text, concat in pieces:
        tags = "batch=p1;draft/multiline-concat" if concat else "batch=p1"
        ana.send(f"@{tags} PRIVMSG #class :{text}")
    ana.send("BATCH -p1")

    opening = ben.expect(r" BATCH \+")
    assert re.match(
        rf"^(@\S+ )?:{re.escape(prefix('ana'))} BATCH \+\S+ draft/multiline #class$", opening
    )
    ref = parse(opening.encode()).params[0][1:]
    received: list[str] = []
    while True:
        inside = ben.read_line(3.0)
        assert inside is not None, f"the batch did not end; got {received}"
        message = parse(inside.encode())
        if message.command == "BATCH":
            assert message.params == (f"-{ref}",)
            break
        assert message.command == "PRIVMSG", inside
        assert message.tags["batch"] == ref, inside
        assert message.source == prefix("ana")
        if "draft/multiline-concat" in message.tags:
            received[-1] += message.params[1]
        else:
            received.append(message.params[1])
    assert "\n".join(received) == "\n".join(lines)

    plain = [parse(cal.expect(r" PRIVMSG #class ").encode()) for _ in pieces]
    assert {m.source for m in plain} == {prefix("ana")}
    assert [m.params[1] for m in plain] == [text for text, _ in pieces]
    ana.expect_nothing(r" FAIL ", within=0.2)


def test_4_euros_cut_for_the_wire_arrive_character_for_character(
    connect: Callable[..., LineClient],
) -> None:
    """Seed (F3): "A client sends 400 x €, which is 1200 bytes, so recv(1024) cuts the 342nd
    character ... 0 of 1200 bytes reach anyone."

        zoe> PRIVMSG #class :€€€… (133 €, 399 bytes)   the lines split_text(max_bytes=400)
        zoe> PRIVMSG #class :€€€… (133 €)              gives: a '€' is never cut in half
        zoe> PRIVMSG #class :€€€… (133 €)
        zoe> PRIVMSG #class :€
        max sees the same four lines, and together they are the 400 €
    """
    zoe = connect("zoe")
    max_ = connect("max")
    join("#class", zoe, max_)
    euros = "€" * 400
    pieces = split_text(euros, max_bytes=400)
    assert [len(p) for p in pieces] == [133, 133, 133, 1]
    for piece in pieces:
        zoe.send(f"PRIVMSG #class :{piece}")
    got = [text_of(max_.expect(r" PRIVMSG #class ")) for _ in pieces]
    assert got == pieces
    assert "".join(got) == euros


def test_4_a_line_at_the_limit_is_relayed_and_one_byte_more_is_refused(
    connect: Callable[..., LineClient],
) -> None:
    """Seed (F2): over the limit the old room cut the message into pieces; the whiteboard asks
    that "over the limit, the sender sees a refusal, and the message is never cut".

        amy> PRIVMSG #class :<494 bytes>   (510 bytes + CR LF = 512: the IRC limit)
        ben: :amy!~amy@127.0.0.1 PRIVMSG #class :<494 bytes>
        amy> PRIVMSG #class :<495 bytes>   (511 bytes)
        amy: :chatgui.local 417 amy :Input line was too long        ben: nothing
        amy> PRIVMSG #class :one<CR><LF>PRIVMSG #class :two   (in one send, within 1 ms)
        ben: ...:one   then   ...:two      (two messages, not one)
    """
    amy = connect("amy")
    ben = connect("ben")
    join("#class", amy, ben)
    head = "PRIVMSG #class :"
    at_limit = "a" * (limits.MAX_LINE_BYTES - 2 - len(head))
    assert len((head + at_limit).encode()) == 510
    amy.send(head + at_limit)
    assert ben.expect(r" PRIVMSG #class ") == f":{prefix('amy')} PRIVMSG #class {at_limit}"
    amy.send(head + at_limit + "b")
    amy.expect(r"^:chatgui\.local 417 amy :Input line was too long$")
    amy.send_raw(b"PRIVMSG #class :one\r\nPRIVMSG #class :two\r\n")
    assert text_of(ben.expect(r" PRIVMSG #class ")) == "one"
    assert text_of(ben.expect(r" PRIVMSG #class ")) == "two"
    assert not any(line.endswith("b") for line in ben.seen)


def _token(sender: int, seq: int) -> str:
    return f"{(sender * 7919 + seq * 104729) % 10**10:010d}"


@pytest.mark.slow
def test_4_a_burst_of_20_people_x_200_messages_arrives_as_4000_whole_messages(
    connect: Callable[..., LineClient],
) -> None:
    """Seed (F2): "the host turned the 4000 sends into only 101-185 messages ... 3 of 20 000
    tokens were corrupted".

        s00..s19> 200 x PRIVMSG #class :s07-0123-<10-byte token>   (each in ONE sendall)
        watcher and each sender see every other person's 200 messages, whole, once each, in
        the order that person sent them. Default flood control (a 100-line burst, then 10
        lines a second) delays the second half by ~10 s; it never drops a line.

    Each sender is on a PC of its own (127.0.0.10-.29): 4000 lines at once from one address
    would be one address's flood, slowed to its share (test_fair_share.py).
    """
    senders = [connect(f"s{i:02d}", source=f"127.0.0.{10 + i}") for i in range(20)]
    watcher = connect("watcher")
    join("#class", watcher, *senders)
    everyone = [watcher, *senders]
    reader = MultiReader(everyone)
    for index, sender in enumerate(senders):
        burst = "".join(
            f"PRIVMSG #class :s{index:02d}-{seq:03d}-{_token(index, seq)}\r\n" for seq in range(200)
        )
        sender.send_raw(burst.encode())
    pattern = re.compile(rb"^:(s\d\d)!\S+ PRIVMSG #class :?(s\d\d)-(\d{3})-(\d{10})$")

    def counts() -> list[int]:
        return [reader.count(index, b" PRIVMSG ") for index in range(len(everyone))]

    expected = [4000] + [3800] * 20
    try:
        reader.until(lambda: counts() == expected, timeout=60, what="all 4000 messages")
        reader.pump(0.3)  # nothing more (no duplicates) arrives
    finally:
        reader.close()
    assert counts() == expected
    for who, lines in enumerate(reader.lines):
        order: dict[str, list[int]] = {}
        for _, raw in lines:
            if b" PRIVMSG " not in raw:
                continue
            match = pattern.match(raw)
            assert match is not None, raw
            nick, named, seq, token = (group.decode() for group in match.groups())
            assert nick == named, raw
            assert token == _token(int(nick[1:]), int(seq)), raw
            order.setdefault(nick, []).append(int(seq))
        others = {f"s{i:02d}" for i in range(20)} - ({f"s{who - 1:02d}"} if who else set())
        assert set(order) == others
        assert all(seqs == list(range(200)) for seqs in order.values())


# --- 5. Any language ---

WORLD = (
    "héllo 你好 🙂 naïve",
    "Zoë Ångström — ¿qué tal? Grüße",
    "مرحبا بالجميع · שלום · Привет · नमस्ते",
    "family 👩\u200d👩\u200d👧 flag 🇺🇦 e\u0301 ﬁ Ω ∑ \U0001d518\U0001d52b (math letters)",
)


def test_5_any_language_arrives_intact_even_cut_at_any_byte(
    dial: Dialer, server: RunningServer
) -> None:
    """Seed (F3): short non-ASCII text arrived, but a '€' cut by recv(1024) killed the thread:
    "0 of 1200 bytes reach anyone".

        li> PRIVMSG #class :héllo 你好 🙂 naïve        (and Arabic, Hebrew, Cyrillic, emoji ZWJ)
        jo sees each line exactly
        li> PRIVMSG #class :NN €uro 你好 🙂  sent in two TCP segments, cut at every byte of its
            text in turn, inside the multi-byte characters too; jo sees every one whole
    """
    li = dial(server.port, "li")
    jo = dial(server.port, "jo")
    join("#class", li, jo)
    for text in WORLD:
        li.send(f"PRIVMSG #class :{text}")
        assert text_of(jo.expect(r" PRIVMSG #class ")) == text
    text = "€uro 你好 🙂"
    for cut in range(1, len(text.encode())):
        line = f"PRIVMSG #class :{cut:02d} {text}\r\n".encode()
        at = len(b"PRIVMSG #class :00 ") + cut
        li.send_raw(line[:at])
        time.sleep(0.01)  # two segments, two recv() on the server
        li.send_raw(line[at:])
        assert text_of(jo.expect(r" PRIVMSG #class ")) == f"{cut:02d} {text}"


@pytest.mark.parametrize("caps", ["standard-replies", ""])
def test_5_invalid_utf8_is_refused_for_that_line_only(
    connect: Callable[..., LineClient], caps: str
) -> None:
    """Seed (F3): b"bad \\xff\\xfe\\xfd bytes" "gives the same chain: the message is not
    delivered, the next one is dropped, no 'has left', then BrokenPipeError, and the room is
    dead."

        bad>  PRIVMSG #class :bad \\xff\\xfe\\xfd bytes
        bad:  :chatgui.local FAIL PRIVMSG INVALID_UTF8 #class :Messages must be UTF-8; ...
              (404 #class to a client without standard-replies)
        bad>  PRIVMSG #class :half a euro \\xe2\\x82          (a '€' cut in half: refused too)
        bad>  PRIVMSG #class :next line
        amy and ben see only "next line"; amy and ben keep talking
    """
    amy = connect("amy")
    bad = connect("bad", caps=caps)
    ben = connect("ben")
    join("#class", amy, bad, ben)
    refusal = (
        r"^:chatgui\.local FAIL PRIVMSG INVALID_UTF8 #class :Messages must be UTF-8"
        if caps
        else r"^:chatgui\.local 404 bad #class :Messages must be UTF-8"
    )
    bad.send_raw(b"PRIVMSG #class :bad \xff\xfe\xfd bytes\r\n")
    bad.expect(refusal)
    bad.send_raw(b"PRIVMSG #class :half a euro \xe2\x82\r\n")
    bad.expect(refusal)
    bad.send("PRIVMSG #class :next line")
    for other in (amy, ben):
        assert other.expect(r" PRIVMSG #class ") == f":{prefix('bad')} PRIVMSG #class :next line"
    amy.send("PRIVMSG #class :room still fine")
    assert text_of(ben.expect(r" PRIVMSG #class ")) == "room still fine"
    assert text_of(bad.expect(r" PRIVMSG #class ")) == "room still fine"
    for other in (amy, ben):
        assert not any("bytes" in line or "euro" in line for line in other.seen)
        assert not any("INVALID_UTF8" in line or "UTF-8" in line for line in other.seen)


# --- 6. One person = one connection, not one IP ---


@pytest.mark.parametrize("shared", ["127.0.0.1", "127.0.0.2"])
@pytest.mark.parametrize("leaver", [0, 1])
def test_6_two_people_on_one_address_are_two_people(
    dial: Dialer, server: RunningServer, shared: str, leaver: int
) -> None:
    """Seed (F4): with A and B on 127.0.0.1, "from then on A receives nothing", "A's second
    message reaches nobody", and when A leaves "the host closes B's entry".

        a@shared, b@shared, w@127.0.0.3 join #class
        a> PRIVMSG #class :a says 1, a says 2      (b and w see both)
        b> PRIVMSG #class :b says 1, b says 2      (a and w see both)
        a (or b) quits          the other sees :<leaver>!~<leaver>@shared QUIT
        stayer> PRIVMSG #class :still here x2             (w sees both)
        w> PRIVMSG #class :w says hi              (the stayer sees it)
    """
    a = dial(server.port, "a", source=shared)
    b = dial(server.port, "b", source=shared)
    w = dial(server.port, "w", source="127.0.0.3")
    join("#class", a, b, w)
    pair = {"a": a, "b": b}
    for nick, client in pair.items():
        for n in (1, 2):
            client.send(f"PRIVMSG #class :{nick} says {n}")
        for other in [c for c in (a, b, w) if c is not client]:
            for n in (1, 2):
                line = other.expect(r" PRIVMSG #class ")
                assert line == f":{prefix(nick, shared)} PRIVMSG #class :{nick} says {n}"
    gone_nick, stay_nick = ("a", "b") if leaver == 0 else ("b", "a")
    gone, stay = pair[gone_nick], pair[stay_nick]
    gone.send("QUIT :bye")
    gone.expect_closed()
    for other in (stay, w):
        assert other.expect(r" QUIT ") == f":{prefix(gone_nick, shared)} QUIT :Quit: bye"
    for n in (1, 2):
        stay.send(f"PRIVMSG #class :still here {n}")
    for n in (1, 2):
        assert (
            w.expect(r" PRIVMSG ") == f":{prefix(stay_nick, shared)} PRIVMSG #class :still here {n}"
        )
    w.send("PRIVMSG #class :w says hi")
    assert stay.expect(r" PRIVMSG ") == f":{prefix('w', '127.0.0.3')} PRIVMSG #class :w says hi"
    newcomer = dial(server.port, gone_nick, source=shared)  # the same name and address again
    join("#class", newcomer)
    stay.expect(rf"^:{re.escape(prefix(gone_nick, shared))} JOIN #class$")
    newcomer.send("PRIVMSG #class :back")
    assert text_of(stay.expect(r" PRIVMSG ")) == "back"


# --- 7. A slow or frozen person cannot freeze the room ---


@pytest.mark.slow
def test_7_a_frozen_reader_is_dropped_and_the_others_keep_talking(
    start_server: StartServer, dial: Dialer
) -> None:
    """Seed (F5): "After 3.89 MB (t = 7.8 s) the broadcast thread blocks in sendall() to the
    silent client. Every reader stops receiving."

        frozen (SO_RCVBUF 4 KB) joins #class and never reads again
        t0, t1, t2> PRIVMSG #class :<n> <seq> <sent at> <400 x>     every ~2 ms, 2 lines each
        t0, t1, t2 see  :frozen!~frozen@127.0.0.1 QUIT :SendQ exceeded
        and every message of the others, with p99 delivery delay < 1 s, before and after.

    The room lifts flood control (flood_cost_s=0) so three people can push the ~4 MB it
    takes to fill the kernel buffers and the 1 MB send queue within seconds; flood control
    at its defaults is tested in test_limits.py.
    """
    running = start_server(flood_cost_s=0.0)
    frozen = dial(running.port, "frozen", rcvbuf=4096)
    talkers = [dial(running.port, f"t{i}") for i in range(3)]
    join("#class", frozen, *talkers)
    reader = MultiReader(talkers)
    reader.until(lambda: reader.count(0, b" JOIN ") >= 2, 3, "the others joining")
    pad = "x" * 400
    sent = [0, 0, 0]
    dropped_at: float | None = None
    bytes_before_drop = 0
    started = next_tick = time.monotonic()
    try:
        while dropped_at is None or time.monotonic() < dropped_at + 1.0:
            assert time.monotonic() - started < 40, f"frozen was never dropped; sent {sent}"
            for index, talker in enumerate(talkers):
                lines = "".join(
                    f"PRIVMSG #class :{index} {sent[index] + k} {time.monotonic():.6f} {pad}\r\n"
                    for k in range(2)
                )
                talker.send_raw(lines.encode())
                sent[index] += 2
                if dropped_at is None:
                    bytes_before_drop += len(lines) + 2 * len(f":{prefix('t0')} ")
            next_tick += 0.002  # 3 people x 2 lines every 2 ms: about 1.4 MB/s in all
            while (wait := next_tick - time.monotonic()) > 0:
                reader.pump(wait)
            if dropped_at is None and all(reader.count(i, b" QUIT ") for i in range(3)):
                dropped_at = time.monotonic()
        want = [sum(sent) - sent[i] for i in range(3)]
        reader.until(
            lambda: [reader.count(i, b" PRIVMSG ") for i in range(3)] == want, 5, "the last lines"
        )
    finally:
        reader.close()
    delays: list[float] = []
    for index in range(3):
        quits = [line for _, line in reader.lines[index] if b" QUIT " in line]
        assert quits == [f":{prefix('frozen')} QUIT :SendQ exceeded".encode()]
        per_sender: dict[int, list[int]] = {}
        for arrived, raw in reader.lines[index]:
            if b" PRIVMSG " not in raw:
                continue
            sender, seq, stamp, _ = parse(raw).params[1].split(" ", 3)
            per_sender.setdefault(int(sender), []).append(int(seq))
            delays.append(arrived - float(stamp))
        assert per_sender == {i: list(range(sent[i])) for i in range(3) if i != index}
    delays.sort()
    p99 = delays[int(len(delays) * 0.99)]
    assert p99 < 1.0, f"p99 delay {p99:.3f} s, max {delays[-1]:.3f} s over {len(delays)}"
    assert bytes_before_drop > limits.SENDQ_MAX_BYTES
    talkers[0].send("LUSERS")
    talkers[0].expect(r" 251 t0 :There are 3 users ")
    frozen_reader = MultiReader([frozen])  # it gets what was already on its way, then EOF
    try:
        frozen_reader.until(lambda: frozen_reader.closed[0], 10, "the frozen client's EOF")
    finally:
        frozen_reader.close()


# --- 8. Nothing a client does kills the room ---

BAD_LINES = (
    b"FOO bar\r\n",
    b"123\r\n",
    b"1234 x\r\n",
    b":\r\n",
    b": PRIVMSG #class :x\r\n",
    b":src\r\n",
    b"@\r\n",
    b"@a=b\r\n",
    b"@;;;= PRIVMSG #class :tags\r\n",
    b"@+a=\\ PRIVMSG #class :escape at the end\r\n",
    b"PRIVMSG\r\n",
    b"PRIVMSG #class\r\n",
    b"PRIVMSG :\r\n",
    b"PRIVMSG #nowhere :x\r\n",
    b"PRIVMSG nobody :x\r\n",
    b"PRIVMSG" + b" a" * 20 + b"\r\n",
    b"JOIN ,,,,\r\n",
    b"JOIN #" + b"x" * 60 + b"\r\n",
    b"JOIN 0\r\n",
    b"JOIN #a,#b,#c key1,key2\r\n",
    b"PART #nowhere\r\n",
    b"MODE #class +bbbbbbbb a b c d e f g h\r\n",
    b"MODE #class +l -5\r\n",
    b"MODE * +o\r\n",
    b"NICK\r\n",
    b"NICK 9lives\r\n",
    b"NICK steady0\r\n",
    b"USER\r\n",
    b"USER a b c d\r\n",
    b"PASS again\r\n",
    b"CAP REQ :nonsense batch\r\n",
    b"CAP REQ :draft/multiline batch\r\n",
    b"CAP FOO\r\n",
    b"CAP LS 999999999999999999999\r\n",
    b"CAP END\r\n",
    b"KICK #class steady0\r\n",
    b"TOPIC #class :x\r\n",
    b"INVITE steady1 #class\r\n",
    b"PING\r\n",
    b"PONG\r\n",
    b"WHOIS\r\n",
    b"WHOIS steady0\r\n",
    b"WHOWAS steady0\r\n",
    b"WHO *\r\n",
    b"LIST\r\n",
    b"NAMES #class\r\n",
    b"ISON a b c\r\n",
    b"OPER a b\r\n",
    b"AWAY :" + b"z" * 300 + b"\r\n",
    b"SETNAME :\r\n",
    b"TAGMSG #class\r\n",
    b"@+typing=active TAGMSG #class\r\n",
    b"BATCH\r\n",
    b"BATCH -nope\r\n",
    b"BATCH +r draft/multiline #class\r\n",
    b"@batch=r PRIVMSG #class :in a batch\r\n",
    b"@batch=zz PRIVMSG #other :wrong batch\r\n",
    b"BATCH -r\r\n",
)


def _malformed(rng: random.Random) -> bytes:
    """One random piece of bad input: bytes, huge lines, bad commands, lone CRs, bad UTF-8."""
    kind = rng.randrange(9)
    if kind == 0:
        return rng.randbytes(rng.randint(1, 300)) + b"\r\n"
    if kind == 1:
        return b"PRIVMSG #class :" + b"x" * rng.randint(495, 5000) + b"\r\n"
    if kind == 2:
        return b"A" * rng.randint(9000, 20000) + rng.choice((b"\r\n", b"", b"\n"))
    if kind == 3:
        return rng.choice(BAD_LINES)
    if kind == 4:
        return rng.choice((b"PRIVMSG #class :lone\rcr\r\n", b"\r" * rng.randint(1, 50), b"\r\r\n"))
    if kind == 5:
        return rng.choice(
            (b"PRIVMSG #class :bad \xff\xfe\r\n", b"PRIVMSG #class :\xe2\x82\r\n", b"\xc0\xaf\r\n")
        )
    if kind == 6:
        return b"PRIVMSG #class :nul\x00byte\r\n"
    if kind == 7:
        return b"PRIVMSG #cla"  # half a line; whatever comes next completes it
    return b"@+a=" + b"v" * rng.randint(4000, 9000) + b" PRIVMSG #class :big tags\r\n"


def _close_quietly(sock: socket.socket, rst: bool) -> None:
    with contextlib.suppress(OSError):
        if rst:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        sock.close()


@pytest.mark.slow
def test_8_a_thousand_random_misdeeds_do_not_kill_the_room(
    server: RunningServer, dial: Dialer, caplog: pytest.LogCaptureFixture
) -> None:
    """Seed (F6, F7): the room was "dead after 3 leaves, or 1 reset, or 1 bad byte".

    1000 seeded random operations while three steady people talk in #class:
        join     a new connection sends NICK/USER/JOIN #class (and never reads)
        quit     QUIT :bye, then close        close  close without QUIT (EOF)
        reset    SO_LINGER 0, close (RST)     talk   a steady person says something
        garbage  random bytes, 5-20 KB lines, bad commands, lone CRs, invalid UTF-8, NULs,
                 half lines, 9 KB of tags, broken multiline batches
    Afterwards a new message reaches every steady person within 1 s, every steady message of
    the storm arrived once and in order, a newcomer can join and talk, the server thread is
    alive, no WorkerCrashed event was posted and nothing was logged as an error.
    """
    caplog.set_level(logging.WARNING)
    rng = random.Random(20240608)
    steady = [dial(server.port, f"steady{i}") for i in range(3)]
    join("#class", *steady)
    reader = MultiReader(steady)
    said: list[list[str]] = [[], [], []]
    pool: list[LineClient] = []
    nicks = itertools.count()
    tally: dict[str, int] = {}
    operations = ["join", "quit", "close", "reset", "garbage", "talk"]
    weights = [22, 8, 8, 8, 48, 6]
    started = time.monotonic()
    try:
        for step in range(1000):
            assert time.monotonic() - started < 40, f"the storm took too long (step {step})"
            op = rng.choices(operations, weights)[0]
            if op == "join" and len(pool) >= 40:
                op = "reset"
            if op in ("quit", "close", "reset", "garbage") and not pool:
                op = "join"
            tally[op] = tally.get(op, 0) + 1
            if op == "join":
                newcomer = TunedClient(server.port)
                newcomer.sock.settimeout(2)
                nick = f"c{next(nicks)}"
                hello = [f"NICK {nick}", f"USER {nick} 0 * :{nick}", "JOIN #class"]
                if rng.random() < 0.2:
                    hello = ["CAP LS 302", "CAP REQ :message-tags echo-message", *hello, "CAP END"]
                with contextlib.suppress(OSError):
                    newcomer.send_raw("".join(f"{line}\r\n" for line in hello).encode())
                pool.append(newcomer)
            elif op == "talk":
                who = rng.randrange(3)
                text = f"steady{who} says {len(said[who])}"
                steady[who].send(f"PRIVMSG #class :{text}")
                said[who].append(text)
            else:
                client = pool.pop(rng.randrange(len(pool)))
                if op == "garbage":
                    try:
                        client.send_raw(_malformed(rng))
                        if rng.random() < 0.5:
                            client.send_raw(b"PRIVMSG #class :fine again\r\n")
                        pool.append(client)
                    except OSError:  # the server closed it already (e.g. a QUIT among the lines)
                        _close_quietly(client.sock, rst=True)
                elif op == "quit":
                    with contextlib.suppress(OSError):
                        client.send_raw(b"QUIT :bye\r\n")
                    _close_quietly(client.sock, rst=False)
                else:
                    _close_quietly(client.sock, rst=op == "reset")
            reader.pump(0)

        # The server has digested the storm when every survivor's PING is answered.
        survivors = MultiReader(pool)
        try:
            for client in pool:
                with contextlib.suppress(OSError):
                    client.send_raw(b"\r\nPING :last\r\n")
            survivors.until(
                lambda: all(
                    survivors.closed[i] or survivors.count(i, b"PONG") for i in range(len(pool))
                ),
                10,
                "the survivors' PONGs",
            )
        finally:
            survivors.close()
        # After the storm, with the survivors of the storm still connected:
        # The room still delivers (how fast, under attack, is bench/hostile.py's to measure:
        # a bound here would only say how busy the machine running the tests was).
        steady[0].send("PRIVMSG #class :after the storm")
        reader.until(
            lambda: all(reader.count(i, b":after the storm") for i in (1, 2)), 10.0, "the news"
        )
        marks = [f":{prefix(f'steady{i}')} PRIVMSG #class :".encode() for i in range(3)]
        reader.until(
            lambda: all(
                reader.count(index, marks[other]) >= len(said[other]) + (other == 0)
                for index in range(3)
                for other in range(3)
                if other != index
            ),
            10.0,
            "every steady message",
        )
        for index in range(3):
            for other in range(3):
                if other != index:
                    mark = marks[other]
                    heard = [
                        line[len(mark) :].decode()
                        for _, line in reader.lines[index]
                        if line.startswith(mark) and b"after the storm" not in line
                    ]
                    assert heard == said[other], (index, other)
            for _, line in reader.lines[index]:
                assert b"\x00" not in line, line
                assert b"\r" not in line, line
                assert not line.startswith(b"ERROR"), line
                parse(line)  # every line the server sent is well-formed IRC
    finally:
        reader.close()
        for client in pool:
            _close_quietly(client.sock, rst=False)
    assert tally["join"] > 100, tally
    assert tally["garbage"] > 300, tally
    newcomer = dial(server.port, "newcomer")
    join("#class", newcomer)
    newcomer.send("PRIVMSG #class :hello after all that")
    for person in steady:
        person.expect(r"PRIVMSG #class :hello after all that$")
    assert server.server._loop.thread.is_alive()
    events = drain(server.events)
    assert not [e for e in events if isinstance(e, WorkerCrashed)], events
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert not errors, [r.getMessage() for r in errors]


@pytest.mark.slow
def test_8_hundreds_of_connections_reset_at_once_leave_a_clean_room(
    server: RunningServer, dial: Dialer, caplog: pytest.LogCaptureFixture
) -> None:
    """Seed (F6): "A connection is reset ... then BrokenPipeError follows and the room is dead."

        400 people (40 from each of 127.0.0.2-.11) join #class; watcher is there first
        all 400 connections are reset at the same moment (SO_LINGER 0)
        watcher sees 400 QUITs; NAMES #class shows only watcher; a newcomer joins and talks

    Telling the room about one reset finds the next dead peers while writing (EPIPE); this once
    recursed once per dead peer, overflowed the stack at ~330 peers, logged "Internal server
    error" and left a ghost member in #class.
    """
    caplog.set_level(logging.WARNING)
    watcher = dial(server.port, "watcher")
    join("#class", watcher)
    crowd: list[socket.socket] = []
    try:
        for i in range(400):
            sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            crowd.append(sock)
            sock.bind((f"127.0.0.{2 + i // 40}", 0))  # MAX_CONNECTIONS_PER_ADDRESS is 50
            sock.connect(("127.0.0.1", server.port))
            sock.sendall(f"NICK p{i}\r\nUSER p{i} 0 * :p{i}\r\nJOIN #class\r\n".encode())
        reader = MultiReader([watcher])
        try:
            reader.until(lambda: reader.count(0, b" JOIN #class") >= 400, 30, "400 JOINs")
            for sock in crowd:
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                sock.close()
            reader.until(lambda: reader.count(0, b" QUIT ") >= 400, 10, "400 QUITs")
        finally:
            reader.close()
    finally:
        for sock in crowd:
            sock.close()
    reasons = {line.split(b" QUIT ", 1)[1] for _, line in reader.lines[0] if b" QUIT " in line}
    assert reasons <= {
        b":Connection lost: Connection reset by peer",
        b":Connection lost: Broken pipe",
    }
    watcher.send("NAMES #class")
    watcher.expect(r" 353 watcher = #class :?watcher$")
    newcomer = dial(server.port, "newcomer")
    join("#class", newcomer)
    newcomer.send("PRIVMSG #class :is anyone here?")
    watcher.expect(r"^:newcomer!\S+ PRIVMSG #class :is anyone here\?$")
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert not errors, [r.getMessage() for r in errors]
    assert server.server._loop.thread.is_alive()


# --- 9. Leaving is always seen ---


@pytest.mark.parametrize(
    ("how", "reason"),
    [
        ("quit", "Quit: see you"),
        ("close", "Connection closed"),
        ("reset", "Connection lost: Connection reset by peer"),
    ],
)
def test_9_every_way_of_leaving_is_seen_within_a_second(
    connect: Callable[..., LineClient], how: str, reason: str
) -> None:
    """Seed (F6): "A connection is reset (RST, as from a crashed PC). No 'has left' is
    shown"; (F3) a client whose thread died leaves with "no 'has left' announced".

        quit:   leaver> QUIT :see you        others: :leaver!~leaver@127.0.0.1 QUIT :Quit: see you
        close:  leaver closes its socket     others: ... QUIT :Connection closed
        reset:  leaver resets (SO_LINGER 0)  others: ... QUIT :Connection lost: Connection reset...
    """
    amy = connect("amy")
    ben = connect("ben")
    leaver = connect("leaver")
    join("#class", amy, ben, leaver)  # the leaver joins last, so it has read everything
    amy.expect(r" JOIN #class")
    ben.expect(r":leaver!\S+ JOIN #class")
    started = time.monotonic()
    if how == "quit":
        leaver.send("QUIT :see you")
    elif how == "close":
        leaver.sock.close()
    else:
        reset(leaver)
    for other in (amy, ben):
        line = other.expect(r" QUIT ", timeout=1.0)
        assert line == f":{prefix('leaver')} QUIT :{reason}"
    assert time.monotonic() - started < 1.0
    amy.send("PRIVMSG #class :and then there were two")
    assert text_of(ben.expect(r" PRIVMSG ")) == "and then there were two"


def test_9_a_silently_vanished_pc_is_pinged_and_dropped(
    start_server: StartServer, dial: Dialer
) -> None:
    """Seed (F5): "A PC switched off without closing its connection behaves the same way,
    because nothing sets a keepalive or a timeout."

    With ping_idle_s=0.5 and ping_timeout_s=0.5:
        server> PING :chatgui.local          (to ghost, after 0.5 s of silence)
        ghost never answers
        watcher (who answers its own PINGs) sees
            :ghost!~ghost@127.0.0.1 QUIT :Ping timeout: 1 seconds
    """
    running = start_server(ping_idle_s=0.5, ping_timeout_s=0.5)
    watcher = dial(running.port, "watcher")
    ghost = dial(running.port, "ghost")
    join("#class", watcher, ghost)
    started = time.monotonic()
    line = expect_answering_pings(watcher, r" QUIT ", timeout=3.0)
    took = time.monotonic() - started
    assert re.fullmatch(rf":{re.escape(prefix('ghost'))} QUIT :Ping timeout: \d+ seconds", line)
    assert 0.5 <= took < 3.0, took
    ghost.expect(r"^PING :?chatgui\.local$", timeout=0.5)  # it had been asked
    ghost.expect(r"^ERROR :Closing link: ping timeout$", timeout=0.5)
    ghost.expect_closed(timeout=1.0)
    watcher.send("PING :still-here")  # the one who answered is still in
    expect_answering_pings(watcher, r" PONG chatgui\.local :?still-here$", timeout=2.0)


def test_9_a_connection_that_never_registers_is_closed(
    start_server: StartServer, dial: Dialer
) -> None:
    """Seed (F5): nothing ever times out. Here a connection that never finishes NICK/USER is
    closed after registration_timeout_s (0.5 s here; 60 s by default).

        lurker> NICK lurker            (and nothing more)
        server> ERROR :Closing link: registration timed out     (then the socket closes)
    """
    running = start_server(registration_timeout_s=0.5)
    lurker = dial(running.port)
    lurker.send("NICK lurker")
    started = time.monotonic()
    lurker.expect(r"^ERROR :Closing link: registration timed out$", timeout=3.0)
    lurker.expect_closed(timeout=1.0)
    assert 0.3 <= time.monotonic() - started < 3.0
    late = dial(running.port, "lurker")  # the name was never taken
    late.send("PING :x")
    late.expect(r" PONG ")


# --- 13. A busy port is not fatal ---


@pytest.fixture
def busy_port() -> Iterator[int]:
    """A port on 127.0.0.1 that another program is listening on."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        yield taken.getsockname()[1]


def test_13_a_busy_port_chosen_by_the_host_is_explained(busy_port: int) -> None:
    """Seed (F9): "a second host on the same PC: OSError: [Errno 98] Address already in use
    traceback".

        ChatServer(port=P) where P is taken  → ServerFailed("Port P is already in use ...")
        and its thread ends by itself.
    """
    events: queue.Queue[ChatEvent] = queue.Queue()
    server = ChatServer(ServerConfig(), events, bind="127.0.0.1", port=busy_port)
    server.start()
    try:
        event = events.get(timeout=5)
        server._loop.thread.join(timeout=2)
        assert not server._loop.thread.is_alive()
    finally:
        server.stop()
    assert isinstance(event, ServerFailed), event
    assert f"Port {busy_port} is already in use" in event.reason


def test_13_serve_on_a_busy_port_says_so_in_one_line(busy_port: int) -> None:
    """Seed (F9): a traceback. Here `python -m chatgui serve --port P` on a busy port exits
    non-zero within 5 s with one line on stderr and no traceback.
    """
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    started = time.monotonic()
    done = subprocess.run(
        [
            sys.executable,
            "-X",
            "warn_default_encoding",
            "-m",
            "chatgui",
            "serve",
            "--bind",
            "127.0.0.1",
            "--port",
            str(busy_port),
        ],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=10,
        cwd=REPO,
        env=env,
        check=False,
    )
    assert time.monotonic() - started < 5.0
    assert done.returncode != 0
    assert "Traceback" not in done.stderr
    lines = done.stderr.splitlines()
    assert len(lines) == 1, done.stderr
    assert f"Port {busy_port} is already in use" in lines[0], lines[0]


def test_13_with_no_port_chosen_the_next_free_one_is_taken(
    monkeypatch: pytest.MonkeyPatch, busy_port: int
) -> None:
    """Seed (F9): "Address already in use" ended the program. listen_on(bind, None) tries
    DEFAULT_PORT, then the next PORT_SEARCH_SPAN - 1 ports: with DEFAULT_PORT taken, it gets a
    later one; with every candidate taken, it raises the last "already in use" error.
    """
    monkeypatch.setattr(limits, "DEFAULT_PORT", busy_port)
    sockets = listen_on("127.0.0.1", None)
    try:
        port = sockets[0].getsockname()[1]
        assert busy_port < port < busy_port + limits.PORT_SEARCH_SPAN
        assert all(s.getsockname()[0] == "127.0.0.1" for s in sockets)
    finally:
        for sock in sockets:
            sock.close()
    monkeypatch.setattr(limits, "PORT_SEARCH_SPAN", 1)
    with pytest.raises(OSError, match="in use"):
        listen_on("127.0.0.1", None)


# --- 14. Safe display ---

SCREEN_ATTACK = "\x1b[2J\x1b[H\x1b[31mYOU HAVE BEEN HACKED\x1b[0m\x07\x07 \x1b]0;pwned\x07"


def test_14_control_characters_stay_inside_one_persons_message(
    connect: Callable[..., LineClient],
) -> None:
    """Seed (F8): "A user's screen ... showed only YOU HAVE BEEN HACKED (in red) after another
    person sent \\x1b[2J\\x1b[H…". The UI neutralises control characters when it shows a message;
    the server's part is that it takes them out of what it relays (issue 14: other clients, such
    as irssi, would obey them), and that CR, LF and NUL never arrive inside a parameter at all.

        mallory> PRIVMSG #class :<ESC>[2J<ESC>[H<ESC>[31mYOU HAVE BEEN HACKED...<BEL>
        amy:     :mallory!~mallory@127.0.0.1 PRIVMSG #class :YOU HAVE BEEN HACKED
        mallory> NICK <ESC>[31mX        server> 432 (refused);   JOIN #a<BEL>b   server> 476
        mallory> PRIVMSG #class :before<CR>after      server> FAIL * INVALID_LINE, not relayed
        mallory> PRIVMSG #class :before<NUL>after     server> FAIL * INVALID_LINE, not relayed
        mallory> @+x=a\\r\\nb PRIVMSG #class :tag     amy (message-tags) gets +x=ab
    """
    amy = connect("amy", caps="message-tags")
    mallory = connect("mallory", caps="standard-replies")
    join("#class", amy, mallory)
    amy.expect(r":mallory!\S+ JOIN #class")
    raw_reader = MultiReader([amy])

    mallory.send(f"PRIVMSG #class :{SCREEN_ATTACK}")
    mallory.send(f"NOTICE #class :{SCREEN_ATTACK}")
    mallory.send("NICK \x1b[31mX")
    mallory.expect(r" 432 mallory ")
    mallory.send("JOIN #a\x07b")
    mallory.expect(r" 476 mallory ")
    for bad in (b"\r", b"\x00", b"\x00\r"):
        mallory.send_raw(b"PRIVMSG #class :before" + bad + b"after\r\n")
        mallory.expect(r"^:chatgui\.local FAIL \* INVALID_LINE ")
    mallory.send("@+x=a\\r\\nb\\0 PRIVMSG #class :tagged")
    mallory.send(f"PART #class :{SCREEN_ATTACK}")
    try:
        raw_reader.until(lambda: raw_reader.count(0, b" PART ") == 1, 3, "mallory's PART")
    finally:
        raw_reader.close()

    lines = [raw for _, raw in raw_reader.lines[0]]
    for raw in lines:
        for forbidden in (b"\r", b"\x00", b"\n", b"before", b"after"):
            assert forbidden not in raw, raw
        message = parse(raw)
        assert message.source == prefix("mallory"), raw
        for part in (message.source, message.command, *message.params[:-1]):
            assert not re.search(r"[\x00-\x1f\x7f]", part), raw
    parsed = [parse(raw) for raw in lines]
    harmless = "YOU HAVE BEEN HACKED "
    assert [(m.command, m.params[-1]) for m in parsed] == [
        ("PRIVMSG", harmless),
        ("NOTICE", harmless),
        ("PRIVMSG", "tagged"),
        ("PART", harmless),
    ]
    assert parsed[2].tags["+x"] == "ab0"  # no controls in a tag's text either
