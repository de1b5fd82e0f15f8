"""The room against a student who looks for what the fair share does not count (issue 14).

A student at 127.0.0.2 tries lines that make the server work or answer far more than one
line's worth. What is checked is what they got back within the time watched, against their
budget (a burst, then a rate): counts, not times. Then a hypothesis property over the sans-IO
core: whatever the line, its sender pays for what the server sent back.
"""

from __future__ import annotations

import ipaddress
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from chatgui import limits
from chatgui.protocol.server.model import ServerConfig
from chatgui.protocol.server.moderation import is_muted
from chatgui.protocol.server.outgoing import Send
from chatgui.protocol.server.state import ServerState
from tests.lineclient import LineClient
from tests.net.server.historykit import open_room, say
from tests.net.server.netsupport import Dialer, MultiReader, StartServer, join
from tests.outgoing import lines_to

Connect = Callable[..., LineClient]

ATTACKER = "127.0.0.2"
PERSON_BURST = limits.FLOOD_ALLOWANCE_S / limits.FLOOD_COST_S  # 100 lines
PERSON_RATE = 1 / limits.FLOOD_COST_S  # 10 lines a second


@pytest.fixture
def dial() -> Iterator[Dialer]:
    dialer = Dialer()
    yield dialer
    dialer.close_all()


def person_budget(seconds: float) -> float:
    """Lines of work one person may have handled within `seconds`."""
    return PERSON_BURST + PERSON_RATE * seconds


def count_until_quiet(client: LineClient, marker: str, seconds: float) -> tuple[int, float]:
    """Read for `seconds`; the number of lines containing `marker`, and the seconds taken."""
    start = time.monotonic()
    count = 0
    while (remaining := start + seconds - time.monotonic()) > 0:
        line = client.read_line(min(remaining, 0.1))
        if line is not None and marker in line:
            count += 1
    return count, time.monotonic() - start


def test_a_line_naming_a_room_160_times_costs_its_answers(connect: Connect) -> None:
    """PART with 160 room names is one line, but 160 answers: 60 of them at once were 9,600
    answers within a second. Each line now costs a line for every FLOOD_REPLY_LINES
    answers, so the student gets no more answers than their budget's worth.

        mal@127.0.0.2> 60 x PART #x,#x,...,#x   (160 names, one send)
        mal: "403 ... #x" answers ≤ (100 + 10/s x seconds watched) x 20 + one line's
    """
    mal = connect("mal", source=ATTACKER)
    line = "PART " + ",".join(["#x"] * 160)
    mal.send_raw(((line + "\r\n") * 60).encode())
    answers, seconds = count_until_quiet(mal, " 403 mal #x ", 1.5)
    bound = person_budget(seconds) * limits.FLOOD_REPLY_LINES + 160
    assert 0 < answers <= bound, (answers, bound)


def test_unknown_user_mode_letters_get_one_answer(connect: Connect) -> None:
    """MODE mal +zzz…z (400 letters) was answered with 400 lines of "Unknown MODE flag".

    mal> MODE mal +zzzz…        <  :server 501 mal :Unknown MODE flag   (once)
    """
    mal = connect("mal", source=ATTACKER)
    mal.send("MODE mal +" + "z" * 400)
    mal.send("PING :done")
    mal.expect(r"PONG \S+ :?done")
    unknown = [line for line in mal.seen if " 501 mal " in line]
    assert len(unknown) == 1, unknown


def test_setting_bans_costs_their_matching(connect: Connect) -> None:
    """Each ban or mute set is matched against everyone connected: four long masks in one
    MODE line were ~24 ms of the loop with 1,000 people, at the price of one line. Setting
    one now costs FLOOD_WEIGHT_BAN more, so 25 such lines sent at once are not all handled.

        mal@127.0.0.2> JOIN #mine               (its operator)
        mal> 25 x MODE #mine +bbbb a1 a2 a3 a4  (100 different bans, one send)
        mal: "MODE #mine +bbbb" lines ≤ person budget / (1 + 4 x FLOOD_WEIGHT_BAN) + 1
    """
    mal = connect("mal", source=ATTACKER)
    mal.send("JOIN #mine")
    mal.expect(r" 366 mal #mine ")
    lines = []
    for n in range(25):
        masks = " ".join(f"*a*{n}*{k}*!*@*" for k in range(4))
        lines.append(f"MODE #mine +bbbb {masks}\r\n")
    mal.send_raw("".join(lines).encode())
    handled, seconds = count_until_quiet(mal, " MODE #mine +bbbb ", 1.0)
    cost = 1 + 4 * limits.FLOOD_WEIGHT_BAN
    bound = person_budget(seconds) / cost + 1
    assert 0 < handled <= bound, (handled, bound)


# --- The sans-IO core: whatever the line, its sender pays for the answer ---

COMMANDS = ["NAMES", "PART", "JOIN", "MODE", "WHO", "LIST", "ISON", "WHOIS", "HAND", "KICK"]
COMMANDS += ["MOTD", "LUSERS", "VERSION"]  # answered with lines written as one piece
ARGUMENTS = st.sampled_from(["#class", "#x", "amy", "mal", "+zzzz", "+b", "*", "?", "-", "0"])


def _classroom() -> ServerState:
    rules = tuple(f"Rule {number}: be kind" for number in range(45))  # a long MOTD to pay for
    state = ServerState(ServerConfig(rooms=("#class",), motd=rules))
    for conn, (nick, host) in enumerate([("amy", "127.0.0.1"), ("mal", ATTACKER)], start=1):
        state.connected(conn, host, 0.0)
        state.received(conn, f"NICK {nick}".encode(), 0.0)
        state.received(conn, f"USER {nick} 0 * :{nick}".encode(), 0.0)
        state.received(conn, b"JOIN #class", 0.0)
    return state


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@example(command="PART", params=[["#x"] * 130])
@example(command="NAMES", params=[["#class"] * 60])
@given(
    command=st.sampled_from(COMMANDS),
    params=st.lists(st.lists(ARGUMENTS, min_size=1, max_size=150), max_size=4),
)
def test_any_line_costs_at_least_its_answers(command: str, params: list[list[str]]) -> None:
    """For any line, the sender's flood timer moves by at least one line for every
    FLOOD_REPLY_LINES lines the server sent back to them."""
    state = _classroom()
    words = [",".join(group) for group in params]
    line = " ".join([command, *words]).encode()[:400]
    mal = state.people[2]
    before = max(mal.flood_timer, 1.0)
    out = state.received(2, line, 1.0)
    answers = len(lines_to(out, 2))
    charged = round((mal.flood_timer - before) / state.config.flood_cost_s)
    assert charged >= answers // limits.FLOOD_REPLY_LINES, (line, answers, charged)


# --- What a ban remembers ---


def _crowd(count: int) -> ServerState:
    """A host (connection 1, with the host secret) and `count` students, all in #class."""
    state = ServerState(ServerConfig(rooms=("#class",), host_secret="s3cret"))
    state.connected(1, "127.0.0.1", 0.0)
    for line in ("PASS s3cret", "NICK host", "USER host 0 * :host", "JOIN #class"):
        state.received(1, line.encode(), 0.0)
    for conn in range(2, count + 2):
        state.connected(conn, f"10.0.{conn // 250}.{conn % 250}", 0.0)
        for line in (f"NICK kid{conn}", f"USER kid 0 * :kid{conn}", "JOIN #class"):
            state.received(conn, line.encode(), 0.0)
    return state


def test_a_ban_remembers_a_few_people_never_everyone() -> None:
    """A mute by name remembers its person's connection (a new name doesn't escape it); a
    mask covering everyone remembers nobody by connection, as its pattern covers them anyway:
    a hundred such bans in thirty rooms would otherwise hold every connection 3,000 times.

        host> MODE #class +b m:kid2!*@*      -> remembers kid2's connection
        host> MODE #class +b m:kid*!*@*      -> covers 300 people by the pattern, remembers none
        kid2> NICK other                     -> refused (435): muted, as before
    """
    state = _crowd(300)
    state.received(1, b"MODE #class +b m:kid2!*@*", 1.0)
    state.received(1, b"MODE #class +b m:kid*!*@*", 1.0)
    channel = state.channels["#class"]
    assert channel.covered["m:kid2!*@*"] == {2}
    assert channel.covered["m:kid*!*@*"] == set()
    assert all(len(conns) <= limits.BAN_REMEMBERS_MAX for conns in channel.covered.values())
    assert all(is_muted(channel, state.people[conn]) for conn in (2, 150, 301))
    state.received(2, b"NICK other", 2.0)
    assert state.people[2].nick == "kid2"


# --- Output waiting for one address ---


@pytest.mark.slow
def test_frozen_readers_of_one_address_share_one_bound(
    start_server: StartServer, dial: Dialer
) -> None:
    """Twelve connections from 127.0.0.2 join and never read: each could hold
    SENDQ_MAX_BYTES (1 MiB) of the server's memory, 12 MiB from one computer (50 MiB with
    fifty). Now the address's output is bounded too (ADDRESS_SENDQ_MAX_BYTES, 4 MiB): its
    frozen readers are dropped one by one long before each has 1 MiB waiting, while a frozen
    reader alone at 127.0.0.3 (the same traffic, joined first) is dropped at its own 1 MiB.

        lone@127.0.0.3, z00..z11@127.0.0.2 (SO_RCVBUF 4 KB) join #class and never read
        t0, t1> PRIVMSG #class :<400 x>            (flood control off, until lone is dropped)
        t0 sees  QUIT :SendQ exceeded  for at least 6 of z00..z11 before lone's, the first
                 of them more than 200 lines before it (without the bound: all within ~40)
    """
    running = start_server(flood_cost_s=0.0)
    lone = dial(running.port, "lone", source="127.0.0.3", rcvbuf=4096)
    frozen = [dial(running.port, f"z{i:02d}", source=ATTACKER, rcvbuf=4096) for i in range(12)]
    talkers = [dial(running.port, f"t{i}") for i in range(2)]
    join("#class", lone, *frozen, *talkers)
    reader = MultiReader(talkers)
    lone_quit = b":lone!~lone@127.0.0.3 QUIT :SendQ exceeded"
    line = ("PRIVMSG #class :" + "x" * 400 + "\r\n").encode()
    started = time.monotonic()
    try:
        while not reader.count(0, lone_quit):
            assert time.monotonic() - started < 60, "lone was never dropped"
            for talker in talkers:
                talker.send_raw(line * 4)
            reader.pump(0.002)
    finally:
        reader.close()
    seen = [raw for _, raw in reader.lines[0]]
    lone_at = seen.index(lone_quit)
    before_lone = [i for i, raw in enumerate(seen[:lone_at]) if b" QUIT :SendQ exceeded" in raw]
    assert len(before_lone) >= 6, seen[before_lone[0] if before_lone else lone_at :]
    assert lone_at - before_lone[0] >= 200, (before_lone, lone_at)  # all at once: a few lines


# --- A room's history, replayed on JOIN ---


def test_joining_rooms_with_history_costs_their_replay(tmp_path: Path) -> None:
    """A client without chathistory is sent a room's last 100 messages when it joins, so
    "JOIN #r0,...,#r4" then "PART #r0,...,#r4" was 500 messages read from the history and
    sent for two lines; sent 30 times at once, 15,000 (~50 ms of the loop for each JOIN of
    20 rooms). Now the replay costs its lines, and the student gets their budget's worth.

        host> fills #r0..#r4 with 100 messages each            (the host is not counted)
        mal@127.0.0.2> 30 x (JOIN #r0,...,#r4 + PART #r0,...,#r4)   (one send)
        mal: replayed messages ≤ (100 + 10/s x seconds watched) x 20 + one JOIN's 500
    """
    room = open_room(tmp_path / "history.sqlite3", host_secret="s3cret", flood_allowance_s=10.0)
    mal = LineClient(room.port, source=ATTACKER)
    room.clients.append(mal)
    try:
        host = LineClient(room.port)
        room.clients.append(host)
        host.send("PASS s3cret")
        host.register("host")
        rooms = ",".join(f"#r{n}" for n in range(5))
        host.send(f"JOIN {rooms}")
        for n in range(5):
            say(host, f"#r{n}", *(f"lesson line {k}" for k in range(100)))
        mal.register("mal")
        pair = f"JOIN {rooms}\r\nPART {rooms}\r\n"
        mal.send_raw((pair * 30).encode())
        replayed, seconds = count_until_quiet(mal, " PRIVMSG #r", 1.5)
        bound = person_budget(seconds) * limits.FLOOD_REPLY_LINES + 500
        assert 500 <= replayed <= bound, (replayed, bound)
    finally:
        room.stop()


def test_a_mask_of_hundreds_of_stars_is_kept_as_one(connect: Connect) -> None:
    """Every message in a room is checked against its bans and mutes: a hundred masks of
    400 '*' each were 5.8 ms of the loop per message from one of the room's members. A run
    of '*' is kept as one (the same people), and each member's verdict is kept until the
    list or their name changes.

        mal> MODE #mine +b m:*****…*q*****…*!*@*    (400 stars)
        mal> MODE #mine b                       <  367 mal #mine m:*q*!*@* mal …
        zqd talks, then is muted (the mask covers the name), then talks again once unmuted
    """
    mal = connect("mal", source=ATTACKER)
    zed = connect("zqd", source=ATTACKER)
    for client, nick in ((mal, "mal"), (zed, "zqd")):
        client.send("JOIN #mine")
        client.expect(rf" 366 {nick} #mine ")
    zed.send("PRIVMSG #mine :before")
    mal.expect(r" PRIVMSG #mine :?before$")
    stars = "*" * 200
    mal.send(f"MODE #mine +b m:{stars}q{stars}!*@*")
    mal.expect(r" MODE #mine \+b m:\*q\*!\*@\*$")
    mal.send("MODE #mine b")
    assert mal.expect(r" 367 mal #mine ").split()[4] == "m:*q*!*@*"
    zed.send("PRIVMSG #mine :muted?")
    zed.expect(r" 404 zqd #mine :You are muted in #mine")
    mal.send("MODE #mine -b m:*q*!*@*")
    mal.expect(r" MODE #mine -b m:\*q\*!\*@\*$")
    zed.send("PRIVMSG #mine :free again")
    mal.expect(r" PRIVMSG #mine :free again$")


# --- One computer, many IPv6 addresses ---

HOST_PARTS = st.integers(min_value=1, max_value=2**64 - 1)


@given(
    network=st.integers(min_value=0, max_value=2**64 - 1),
    hosts=st.lists(
        st.integers(min_value=1, max_value=2**64 - 1), min_size=7, max_size=7, unique=True
    ),
)
def test_a_computer_guessing_from_many_ipv6_addresses_is_one_guesser(
    network: int, hosts: list[int]
) -> None:
    """A computer picks its own addresses in its IPv6 /64 (privacy addresses, or thousands
    added by hand): each new address was a fresh allowance of password guesses, connections
    and fair share. They are all counted as one computer now (names.computer_of), so the
    sixth wrong OPER password, from a sixth address of the same /64, has to wait.

        2001:…:<host 1..7>> OPER teacher <wrong>     the 6th and 7th: wait
    """
    state = ServerState(ServerConfig(rooms=("#class",), opers=(("teacher", "123456"),)))
    answers = []
    for conn, host in enumerate(hosts, start=1):
        address = str(ipaddress.IPv6Address(network << 64 | host))
        state.connected(conn, address, 0.0)
        state.received(conn, f"NICK g{conn}".encode(), 0.0)
        state.received(conn, f"USER g{conn} 0 * :g".encode(), 0.0)
        out = state.received(conn, b"OPER teacher 000000", 1.0)
        answers += [item.line for item in out if isinstance(item, Send) and b" 464 " in item.line]
    waited = [line for line in answers if b"incorrect" not in line]
    assert len(answers) == 7, answers
    assert len(waited) == 7 - limits.PASSWORD_FREE_TRIES, answers


def test_a_long_real_name_is_cut_as_setname_cuts_it(connect: Connect) -> None:
    """USER took a real name of any length (SETNAME cuts at 120): 480 characters made the
    WHOIS and WHO answers about that person longer than the 512 bytes any client reads.

        mal> USER mal 0 * :<480 x>
        amy> WHOIS mal            <  311 amy mal ~mal 127.0.0.2 * :<120 x>   (≤ 512 bytes)
    """
    mal = connect(source=ATTACKER)
    mal.send("NICK mal")
    mal.send("USER mal 0 * :" + "x" * 480)
    mal.expect(r" 376 | 422 ")
    amy = connect("amy")
    amy.send("WHOIS mal")
    line = amy.expect(r" 311 amy mal ")
    assert len(line.encode()) + 2 <= limits.MAX_LINE_BYTES
    assert line.endswith(" " + "x" * limits.REALNAME_MAX_BYTES)


def test_a_real_name_of_four_byte_letters_is_cut_in_bytes(connect: Connect) -> None:
    """120 characters of four bytes are 480 bytes: the real name is cut at 120 bytes, between
    two characters, so WHOIS about a person still fits in a line."""
    mal = connect(source=ATTACKER)
    mal.send("NICK mal")
    mal.send("USER mal 0 * :" + "\U00020000" * 120)
    mal.expect(r" 376 | 422 ")
    amy = connect("amy")
    amy.send("WHOIS mal")
    line = amy.expect(r" 311 amy mal ")
    assert len(line.encode()) + 2 <= limits.MAX_LINE_BYTES
    assert line.endswith(" * " + "\U00020000" * (limits.REALNAME_MAX_BYTES // 4))
