"""A fair share for each address (issue 14), over real sockets: the class chats on 127.0.0.1
while one "student" attacks from 127.0.0.2 with many connections.

What is counted is what the class receives: the flooders' lines the server handled. Their
bound is the address's budget (ADDRESS_FLOOD_ALLOWANCE_S of burst, then one line every
ADDRESS_FLOOD_COST_S) over the time the test watched, with a little slack: counts, not times.
"""

from __future__ import annotations

import contextlib
import re
import time

import pytest

from chatgui import limits
from chatgui.events import HostWarning
from chatgui.protocol.message import parse
from tests.lineclient import LineClient
from tests.net.server.netsupport import Dialer, MultiReader, RunningServer, StartServer, drain, join

ATTACKER = "127.0.0.2"
NAT_EVERY = 4
"""nat (behind the attacker's address) talks every 4th round, 1.2 s: slower than its share
of the address when 41 connections take turns (a turn every 0.82 s), so it never queues."""
BURST = limits.ADDRESS_FLOOD_ALLOWANCE_S / limits.ADDRESS_FLOOD_COST_S  # 100 lines
PER_SECOND = 1 / limits.ADDRESS_FLOOD_COST_S  # 50 lines


def address_budget(seconds: float, weight: int = 1) -> float:
    """Lines of `weight` one address may have handled within `seconds`, with slack."""
    return (BURST + PER_SECOND * seconds) / weight + 5


def watch(reader: MultiReader, seconds: float) -> None:
    """Read everything the clients receive for `seconds`."""
    deadline = time.monotonic() + seconds
    while (remaining := deadline - time.monotonic()) > 0:
        reader.pump(min(remaining, 0.05))


def senders(reader: MultiReader, index: int, command: bytes) -> list[str]:
    """The nick behind every `command` line client `index` received, in order."""
    found = []
    for _, line in reader.lines[index]:
        if f" {command.decode()} ".encode() in line and line.startswith(b":"):
            found.append(parse(line).nick or "")
    return found


@pytest.mark.slow
def test_forty_connections_of_one_address_get_one_address_share(
    server: RunningServer, dial: Dialer
) -> None:
    """40 connections from 127.0.0.2 each send 100 lines at once (4,000 lines: each one's own
    flood control would let all of them through at once). The class sees at most the
    address's share of them; every class message arrives; a classmate behind the same
    address (nat) still gets its turn; every flooder gets turns too.

        f00..f39@127.0.0.2> 100 x PRIVMSG #class :flood fNN-KKK       (each in one send)
        amy, ben, cal@127.0.0.1> PRIVMSG #class :amy says N            (every 0.3 s, 3 s)
        nat@127.0.0.2> PRIVMSG #class :nat says N                     (every 1.2 s)
        amy: flood lines ≤ 100 + 50/s x the seconds watched; every message of ben, cal, nat;
             after the burst, two rounds of turns (82 flood lines) at most between ben's N, nat's N
    """
    class_ = [dial(server.port, nick) for nick in ("amy", "ben", "cal")]
    nat = dial(server.port, "nat", source=ATTACKER)
    flooders = [dial(server.port, f"f{i:02d}", source=ATTACKER) for i in range(40)]
    join("#class", *class_, nat, *flooders)
    reader = MultiReader(class_)
    watch(reader, 0.5)  # the address's registration and joins are behind us
    started = time.monotonic()
    for index, flooder in enumerate(flooders):
        flood = "".join(f"PRIVMSG #class :flood f{index:02d}-{k:03d}\r\n" for k in range(100))
        flooder.send_raw(flood.encode())
    said: dict[str, list[str]] = {"amy": [], "ben": [], "cal": [], "nat": []}
    try:
        for round_ in range(10):
            for nick, client in zip(said, [*class_, nat], strict=True):
                if nick == "nat" and round_ % NAT_EVERY:
                    continue
                text = f"{nick} says {round_}"
                client.send(f"PRIVMSG #class :{text}")
                said[nick].append(text)
            watch(reader, 0.3)
        watched = time.monotonic() - started
        reader.pump(0)
        flood_seen = reader.count(0, b" :flood f")
        assert flood_seen <= address_budget(watched), (flood_seen, watched)
        last = [f":{said[n][-1]}".encode() for n in ("ben", "cal", "nat")]
        reader.until(
            lambda: all(reader.count(0, text) for text in last),
            10,
            "the last messages of ben, cal and nat",
        )
    finally:
        reader.close()
    heard = [parse(line).params[-1] for _, line in reader.lines[0] if b" says " in line]
    for nick in ("ben", "cal", "nat"):
        assert [text for text in heard if text.startswith(nick)] == said[nick]
    flooders_heard = {n for n in senders(reader, 0, b"PRIVMSG") if n.startswith("f")}
    assert len(flooders_heard) == 40, sorted(flooders_heard)  # everyone had turns
    for round_ in range(NAT_EVERY, 10, NAT_EVERY):  # the burst spent, nat waits a round at most
        between = _flood_lines_between(reader, f"ben says {round_}", f"nat says {round_}")
        assert between <= 2 * (len(flooders) + 1), (round_, between)


def _flood_lines_between(reader: MultiReader, first: str, second: str) -> int:
    """Flood lines amy received after the line ending in `first`, before the one in `second`."""
    lines = [line for _, line in reader.lines[0]]
    start = next(i for i, line in enumerate(lines) if line.endswith(first.encode()))
    end = next(i for i, line in enumerate(lines) if line.endswith(second.encode()))
    return sum(1 for line in lines[start:end] if b" :flood f" in line)


@pytest.mark.slow
def test_a_nick_flood_from_one_address_costs_it_ten_lines_a_change(
    server: RunningServer, dial: Dialer
) -> None:
    """20 connections from 127.0.0.2 each send 50 NICK changes at once. A change goes to
    everyone who shares a room, so it costs FLOOD_WEIGHT_NICK (10) lines: amy sees at most
    the address's share of changes (~10 at once, then 5 a second), not 1,000.

        g00..g19@127.0.0.2> NICK gNN-1 … NICK gNN-50          amy: NICK lines ≤ (100 + 50 t)/10
    """
    amy = dial(server.port, "amy")
    flooders = [dial(server.port, f"g{i:02d}", source=ATTACKER) for i in range(20)]
    join("#class", amy, *flooders)
    reader = MultiReader([amy])
    watch(reader, 0.5)
    started = time.monotonic()
    for index, flooder in enumerate(flooders):
        changes = "".join(f"NICK g{index:02d}-{k}\r\n" for k in range(1, 51))
        flooder.send_raw(changes.encode())
    try:
        watch(reader, 3.0)
        watched = time.monotonic() - started
    finally:
        reader.close()
    changes_seen = reader.count(0, b" NICK ")
    assert 0 < changes_seen <= address_budget(watched, limits.FLOOD_WEIGHT_NICK), (
        changes_seen,
        watched,
    )


def test_unhandled_input_past_the_bound_is_an_excess_flood(
    server: RunningServer, dial: Dialer
) -> None:
    """INBOX_MAX_BYTES (256 KiB): a person who keeps writing while the server makes them wait
    is dropped, the room sees them leave with "Excess flood", and the host is told once.

        flooder@127.0.0.2> 8,000 x PRIVMSG #class :<40 bytes>   (~340 KB, without reading)
        flooder: ERROR :Closing link: Excess flood
        amy: :flooder!~flooder@127.0.0.2 QUIT :Excess flood
        the host's window: "Someone at 127.0.0.2 sent far more than the room can read: …"
    """
    amy = dial(server.port, "amy")
    flooder = dial(server.port, "flooder", source=ATTACKER)
    join("#class", amy, flooder)
    line = f"PRIVMSG #class :{'x' * 30} NNNN\r\n".encode()
    flooder.sock.settimeout(5)
    with contextlib.suppress(OSError):  # the server may close it before all was written
        flooder.send_raw(line * 8000)
    amy.expect(r"^:flooder!\S+ QUIT :Excess flood$", timeout=5)
    flooder.expect(r"^ERROR :Closing link: Excess flood$")
    relayed = [seen for seen in amy.seen if " PRIVMSG #class " in seen]
    assert len(relayed) <= 1.1 * limits.FLOOD_ALLOWANCE_S / limits.FLOOD_COST_S
    warnings = [e.text for e in drain(server.events) if isinstance(e, HostWarning)]
    assert warnings == [
        "Someone at 127.0.0.2 sent far more than the room can read: flooder was disconnected."
    ]


def test_many_connections_of_one_address_share_one_bound_on_unhandled_input(
    server: RunningServer, dial: Dialer
) -> None:
    """ADDRESS_INBOX_MAX_BYTES (2 MiB): twelve connections from one computer each write a
    little under INBOX_MAX_BYTES while the server makes them wait. Each alone is allowed;
    together they pass the address's bound, so its biggest writers are dropped until the
    rest fits, and the class goes on.

        flooder1..12@127.0.0.2> ~230 KB each of PRIVMSG #class, without reading
        some flooders: ERROR :Closing link: Excess flood   (at least 3: 12 x 230 KB > 2 MiB)
        amy <-> ben: still talking
    """
    amy, ben = dial(server.port, "amy"), dial(server.port, "ben")
    flooders = [dial(server.port, f"flooder{n}", source=ATTACKER) for n in range(1, 13)]
    join("#class", amy, ben, *flooders)
    line = f"PRIVMSG #class :{'x' * 30} NNNN\r\n".encode()
    per_connection = limits.INBOX_MAX_BYTES * 9 // 10 // len(line) * len(line)
    for flooder in flooders:
        flooder.sock.settimeout(5)
        with contextlib.suppress(OSError):  # the server may close it before all was written
            flooder.send_raw(line * (per_connection // len(line)))
    amy.send("PRIVMSG #class :still here")
    ben.expect(r"^:amy!\S+ PRIVMSG #class :still here$", timeout=10)
    dropped = 0
    for flooder in flooders:
        with contextlib.suppress(AssertionError):
            flooder.expect(r"^ERROR :Closing link: Excess flood$", timeout=0.5)
            dropped += 1
    over = len(flooders) * per_connection - limits.ADDRESS_INBOX_MAX_BYTES
    assert dropped >= over // per_connection
    assert dropped < len(flooders)


def test_the_host_hears_of_a_flood_before_logging_in_without_a_star(
    server: RunningServer, dial: Dialer
) -> None:
    """A connection that floods before sending NICK and USER has no name yet: the host's
    warning says so in words, never with IRC's "*" placeholder."""
    flooder = dial(server.port, source=ATTACKER)
    flooder.sock.settimeout(5)
    with contextlib.suppress(OSError):  # the server may close it before all was written
        flooder.send_raw(b"PING :x\r\n" * 40_000)
    flooder.expect(r"^ERROR :Closing link: Excess flood$", timeout=5)
    warnings = [e.text for e in drain(server.events) if isinstance(e, HostWarning)]
    assert warnings == [
        "Someone at 127.0.0.2 sent far more than the room can read: "
        "a connection not yet logged in was disconnected."
    ]


def test_a_closed_connection_leaves_at_once_and_its_input_is_dropped(
    server: RunningServer, dial: Dialer
) -> None:
    """A raw client writes 1,000 lines (under INBOX_MAX_BYTES) and closes its socket. Its
    first 100 lines were handled at once (its own burst); the rest were waiting their time:
    they are dropped, and the class sees it leave at once, not ninety seconds later.

        flooder@127.0.0.2> 1,000 x PRIVMSG #class :flood NNNN, then close
        amy: ≤ ~100 flood lines, then :flooder!… QUIT :Connection closed, then none
    """
    amy = dial(server.port, "amy")
    flooder = dial(server.port, "flooder", source=ATTACKER)
    join("#class", amy, flooder)
    flooder.send_raw(b"".join(f"PRIVMSG #class :flood {k:04d}\r\n".encode() for k in range(1000)))
    amy.expect(r" PRIVMSG #class :flood 0000$")
    flooder.close()
    amy.expect(r"^:flooder!\S+ QUIT :Connection (closed|lost)", timeout=3)
    amy.expect_nothing(r" PRIVMSG #class :flood ", within=1.0)
    relayed = [seen for seen in amy.seen if " PRIVMSG #class :flood " in seen]
    assert len(relayed) <= 1.2 * limits.FLOOD_ALLOWANCE_S / limits.FLOOD_COST_S


def test_rooms_one_address_makes_are_capped(server: RunningServer, dial: Dialer) -> None:
    """MAX_ROOMS_MADE_PER_ADDRESS (30): people at one address make 30 rooms; the 31st is
    refused with 405 and a sentence; joining a room that exists still works; another
    address makes its own; when one of the 30 empties, a new one may be made again.

        p1@127.0.0.2> JOIN #r1,…,#r20           20 rooms (MAX_ROOMS_MADE_PER_PERSON: 20)
        p2@127.0.0.2> JOIN #s1,…,#s11           #s1…#s10; 405 p2 #s11 :Your computer's address…
        p2> JOIN #r1                             joined (the room exists)
        other@127.0.0.3> JOIN #t1                joined
        p1> PART #r2; p2> JOIN #s11              joined
    """
    p1 = dial(server.port, "p1", source=ATTACKER)
    p2 = dial(server.port, "p2", source=ATTACKER)
    other = dial(server.port, "other", source="127.0.0.3")
    per_person = limits.MAX_ROOMS_MADE_PER_PERSON
    rest = limits.MAX_ROOMS_MADE_PER_ADDRESS - per_person
    p1.send("JOIN " + ",".join(f"#r{i}" for i in range(1, per_person + 1)))
    p1.expect(rf"^:p1!\S+ JOIN #r{per_person}$")
    p2.send("JOIN " + ",".join(f"#s{i}" for i in range(1, rest + 2)))
    refusal = p2.expect(rf" 405 p2 #s{rest + 1} ", timeout=5)
    assert refusal.endswith(
        ":Your computer's address has made too many rooms: join one that exists"
    )
    made = [seen.split()[-1] for seen in p2.seen if re.match(r"^:p2!\S+ JOIN ", seen)]
    assert made == [f"#s{i}" for i in range(1, rest + 1)]
    join("#r1", p2)
    join("#t1", other)
    p1.send("PART #r2")
    p1.expect(r"^:p1!\S+ PART #r2")
    join(f"#s{rest + 1}", p2)
    p2.send("LIST")
    p2.expect(r" 323 ")
    listed = {seen.split()[3] for seen in p2.seen if " 322 p2 " in seen}
    rooms = {f"#r{i}" for i in range(1, per_person + 1) if i != 2}
    assert listed == rooms | {f"#s{i}" for i in range(1, rest + 2)} | {"#t1", "#class"}


def test_one_person_may_make_only_so_many_rooms(
    monkeypatch: pytest.MonkeyPatch, server: RunningServer, dial: Dialer
) -> None:
    """MAX_ROOMS_MADE_PER_PERSON (2 here): the third new room gets 405 and a sentence;
    joining an existing room still works.

        ann> JOIN #a1,#a2,#a3       #a1, #a2; 405 ann #a3 :You have made 2 rooms already: …
        ann> JOIN #class            joined
    """
    monkeypatch.setattr(limits, "MAX_ROOMS_MADE_PER_PERSON", 2)
    ann = dial(server.port, "ann")
    ann.send("JOIN #a1,#a2,#a3")
    refusal = ann.expect(r" 405 ann #a3 ")
    assert refusal.endswith(
        ":You have made 2 rooms already: join one that exists, or wait until one of yours is empty"
    )
    join("#class", ann)


def _refused(client: LineClient, reason: str) -> None:
    client.expect(rf"^ERROR :Closing link: {re.escape(reason)}$")
    client.expect_closed()


def test_a_handful_of_addresses_cant_fill_the_room_and_the_host_always_gets_in(
    monkeypatch: pytest.MonkeyPatch, start_server: StartServer, dial: Dialer
) -> None:
    """Small limits here: 12 connections, the last 4 reserved for addresses with fewer than
    2, 6 per address, 2 held over every cap for the host's window.

        .2 x 6 (7th: "Too many connections from your address"); .3 x 2 (8 in: nearly full)
        .3's 3rd: "The room is nearly full: …"; .4 x 2 (3rd refused), .5 x 2: 12, full
        .6: "The room is full"
        127.0.0.1 with PASS <host secret>: gets in, joins #class, talks
        127.0.0.1 without it: "The room is full" at NICK/USER; one that says nothing: the
        same after HOST_PROOF_TIMEOUT_S (0.5 s here)
    """
    for name, value in (
        ("MAX_CONNECTIONS", 12),
        ("RESERVED_CONNECTIONS", 4),
        ("RESERVED_SLOT_MAX_PER_ADDRESS", 2),
        ("HOST_RESERVE_CONNECTIONS", 2),
        ("HOST_PROOF_TIMEOUT_S", 0.5),
    ):
        monkeypatch.setattr(limits, name, value)
    running = start_server(host_secret="k3y", max_per_address=6)
    port = running.port
    first = [dial(port, f"a{i}", source="127.0.0.2") for i in range(6)]
    _refused(dial(port, source="127.0.0.2"), "Too many connections from your address")
    first += [dial(port, f"b{i}", source="127.0.0.3") for i in range(2)]
    nearly = (
        "The room is nearly full and 2 people are in it from your computer already: "
        "its last places are kept for other computers"
    )
    _refused(dial(port, source="127.0.0.3"), nearly)
    first += [dial(port, f"c{i}", source="127.0.0.4") for i in range(2)]
    _refused(dial(port, source="127.0.0.4"), nearly)
    first += [dial(port, f"d{i}", source="127.0.0.5") for i in range(2)]
    _refused(dial(port, source="127.0.0.6"), "The room is full")
    host = dial(port)
    host.send("PASS k3y")
    host.register("Teacher")
    join("#class", host, first[0])
    host.send("PRIVMSG #class :the host is in")
    first[0].expect(r"^:Teacher!\S+ PRIVMSG #class :the host is in$")
    impostor = dial(port)
    impostor.send("NICK sneaky")
    _refused(impostor, "The room is full")
    silent = dial(port)
    _refused(silent, "The room is full")
    assert len(first) == 12


def test_connections_from_one_computer_share_one_address_string(
    start_server: StartServer, dial: Dialer
) -> None:
    """A lab's room of hundreds behind one address: each person keeps the address (their
    host), and it is one string for them all, not a copy each."""
    running = start_server(max_per_address=None)
    people = [dial(running.port, f"lab{i}") for i in range(5)]
    for person in people:
        person.send("PING :here")
        person.expect(r"PONG .*here")
    connections = list(running.server._connections.values())
    assert len(connections) == 5
    assert len({id(conn.address) for conn in connections}) == 1


def test_only_input_that_waits_counts_towards_its_computers_bound(
    server: RunningServer, dial: Dialer
) -> None:
    """What bounds a computer's unhandled input (ADDRESS_INBOX_MAX_BYTES) is what waits, no
    more: lines behind a QUIT in the same write never count, and lines held by flood control
    count until their writer leaves.

        quitter@127.0.0.2> PRIVMSG #class :last words, QUIT :bye, 200 x PRIVMSG (one write)
        amy: :quitter!… QUIT :Quit: bye          127.0.0.2's unhandled input: none
        waiter@127.0.0.2> 200 x PRIVMSG #class :hurry (one write)
        amy: the first few hurry                 127.0.0.2's unhandled input: the rest
        waiter closes; amy: :waiter!… QUIT       127.0.0.2's unhandled input: none
    """
    unread = server.server._admission.unread
    amy = dial(server.port, "amy")
    quitter = dial(server.port, "quitter", source=ATTACKER)
    waiter = dial(server.port, "waiter", source=ATTACKER)
    join("#class", amy, quitter, waiter)
    after = b"PRIVMSG #class :after\r\n" * 200
    quitter.send_raw(b"PRIVMSG #class :last words\r\nQUIT :bye\r\n" + after)
    amy.expect(r"^:quitter!\S+ PRIVMSG #class :last words$")
    amy.expect(r"^:quitter!\S+ QUIT :Quit: bye$")
    assert unread[ATTACKER] == 0
    waiter.send_raw(b"PRIVMSG #class :hurry\r\n" * 200)
    amy.expect(r"^:waiter!\S+ PRIVMSG #class :?hurry$")
    deadline = time.monotonic() + 5
    while unread[ATTACKER] == 0 and time.monotonic() < deadline:
        time.sleep(0.01)  # the rest of the write may come in a later read
    assert unread[ATTACKER] > 0
    waiter.close()
    amy.expect(r"^:waiter!\S+ QUIT ", timeout=5)
    assert unread[ATTACKER] == 0
