"""ChatClient against real servers: `chatgui serve`, ngIRCd and InspIRCd, on 127.0.0.1.

The same tests run against each server (the `irc_server` fixture); the person on the other side
is a raw socket (LineClient), so what arrives is checked byte for byte, not through our own
parser. The failure tests (refused, no route, name not found, no answer) need no IRC server; the
two that would send packets off this machine run in a network namespace of their own, which has
no interface but a loopback that is down, so nothing can leave it.
"""

from __future__ import annotations

import json
import re
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable

import pytest

from chatgui import limits
from chatgui.events import (
    Connected,
    ConnectFailed,
    Connecting,
    ConnectionLost,
    Joined,
    MembersChanged,
    MessageQueued,
    MessageReceived,
    MessageSent,
    RoomClosed,
)
from chatgui.net.client import ChatClient
from chatgui.protocol.client.address import Address, parse_address
from chatgui.protocol.client.outgoing import line_budget
from tests.lineclient import LineClient
from tests.net.client.ircservers import PROJECT, Events, IrcServer, StartServer, free_port

ROOM = "#class"
REGISTER_TIMEOUT_S = limits.CONNECT_TIMEOUT_S + 1
PRIVMSG = re.compile(
    r"^(?:@\S+ )?:(?P<nick>[^!\s]+)!\S+ PRIVMSG (?P<target>\S+) (?::(?P<text>.*)|(?P<word>\S+))$"
)

MakePeer = Callable[..., LineClient]
"""make_peer(server, nick, caps="") → a LineClient registered as `nick` (conftest.py)."""


def address_of(server: IrcServer) -> str:
    """What a person types in the address field for this server."""
    return f"{server.host}:{server.port}"


def connect(client: ChatClient, events: Events, server: IrcServer, nick: str = "amy") -> Connected:
    client.connect(parse_address(address_of(server)), nick)
    return events.wait_for(Connected, REGISTER_TIMEOUT_S)


def connect_and_join(
    client: ChatClient, events: Events, server: IrcServer, nick: str = "amy"
) -> Connected:
    connected = connect(client, events, server, nick)
    client.join(ROOM)
    events.wait_for(Joined, channel=ROOM, nick=connected.nick, is_me=True)
    return connected


def amy_and_bob_in_room(
    client: ChatClient, events: Events, server: IrcServer, make_peer: MakePeer
) -> tuple[Connected, LineClient]:
    """The client as amy and a raw peer bob, both in ROOM, as amy's member list shows.

    Both register and join at the same time: InspIRCd completes registrations once a second
    and ngIRCd makes each JOIN wait a second, so one after the other would cost seconds.
    """
    client.connect(parse_address(address_of(server)), "amy")
    bob = make_peer(server, "bob")
    connected = events.wait_for(Connected, REGISTER_TIMEOUT_S)
    client.join(ROOM)
    bob.send(f"JOIN {ROOM}")
    bob.expect(rf" 366 bob {ROOM} ")
    events.wait_for(Joined, channel=ROOM, nick=connected.nick, is_me=True)
    events.wait_for(
        MembersChanged, channel=ROOM, where=lambda e: "bob" in [m.nick for m in e.members]
    )
    return connected, bob


def read_privmsg(peer: LineClient, sender: str, timeout: float = 5.0) -> tuple[str, str]:
    """The next PRIVMSG from `sender` that the peer receives, as (target, text)."""
    line = peer.expect(rf"^(?:@\S+ )?:{re.escape(sender)}!\S+ PRIVMSG ", timeout)
    untagged = line.split(" ", 1)[1] if line.startswith("@") else line
    assert len(untagged.encode("utf-8")) + 2 <= limits.MAX_LINE_BYTES, f"over 512: {line!r}"
    match = PRIVMSG.match(line)
    assert match is not None, line
    # A last parameter without spaces may come without its ':' (RFC 1459 allows both).
    return match["target"], match["text"] if match["text"] is not None else match["word"]


def sent_once(events: Events, *local_ids: int) -> None:
    """Each of our messages `local_ids` was confirmed exactly once."""
    events.drain(0.2)
    confirmed = [e.local_id for e in events.all(MessageSent)]
    counts = {local_id: confirmed.count(local_id) for local_id in local_ids}
    assert set(counts.values()) == {1}, f"MessageSent per local id: {counts}; {events.seen}"


# --- against each server ---


def test_connect_and_join(irc_server: IrcServer, client: ChatClient, events: Events) -> None:
    client.connect(parse_address(address_of(irc_server)), "amy")
    connecting = events.wait_for(Connecting)
    assert (connecting.host, connecting.port, connecting.attempt) == (
        irc_server.host,
        irc_server.port,
        1,
    )
    connected = events.wait_for(Connected, REGISTER_TIMEOUT_S)
    assert connected.nick == "amy"
    assert connected.server == "irc.test"
    client.join(ROOM)
    events.wait_for(Joined, channel=ROOM, nick="amy", is_me=True)


def test_messages_both_ways(
    irc_server: IrcServer, client: ChatClient, events: Events, make_peer: MakePeer
) -> None:
    _, bob = amy_and_bob_in_room(client, events, irc_server, make_peer)

    room_id = client.say(ROOM, "hello from amy")
    assert read_privmsg(bob, "amy") == (ROOM, "hello from amy")
    events.wait_for(MessageSent, local_id=room_id)

    bob.send(f"PRIVMSG {ROOM} :hi amy, it's bob")
    heard = events.wait_for(MessageReceived, sender="bob")
    assert (heard.conversation, heard.text, heard.kind, heard.own) == (
        ROOM,
        "hi amy, it's bob",
        "message",
        False,
    )

    private_id = client.say("bob", "just for you")
    assert read_privmsg(bob, "amy") == ("bob", "just for you")
    events.wait_for(MessageSent, local_id=private_id)

    bob.send("PRIVMSG amy :and back to you")
    heard = events.wait_for(MessageReceived, sender="bob")
    assert (heard.conversation, heard.text, heard.own) == ("bob", "and back to you", False)

    sent_once(events, room_id, private_id)
    own = [e for e in events.all(MessageReceived) if e.own]
    assert not own, f"our own messages were shown a second time: {own}"


def test_nick_collision(
    irc_server: IrcServer, client: ChatClient, events: Events, make_peer: MakePeer
) -> None:
    make_peer(irc_server, "amy")
    connected = connect(client, events, irc_server, "amy")
    assert connected.nick == "amy_2"
    client.join(ROOM)
    events.wait_for(Joined, channel=ROOM, nick="amy_2", is_me=True)


def _rebuilt(text: str, pieces: list[str]) -> int | None:
    """How much of `text` the pieces spell out, a space dropped at a cut allowed; None: not it.

    split_text cuts a long line at a space (and drops that space) or between two characters,
    so the pieces are the text in order with at most one space missing between two of them.
    """
    position = 0
    for index, piece in enumerate(pieces):
        if text.startswith(piece, position):
            position += len(piece)
        elif index and text.startswith(" " + piece, position):
            position += 1 + len(piece)
        else:
            return None
    return position


LONG_TEXT = (
    " ".join(f"Aufgabe {i}: 5 € für alle 🙂, Zoë & 👩‍👩‍👧 lesen Seite {i}." for i in range(25))
    + " "
    + "€" * 180
    + "👍🏽" * 40
    + " Ende."
)


def test_long_message(
    irc_server: IrcServer, client: ChatClient, events: Events, make_peer: MakePeer
) -> None:
    assert len(LONG_TEXT) >= 1500
    connected, bob = amy_and_bob_in_room(client, events, irc_server, make_peer)

    local_id = client.say(ROOM, LONG_TEXT)
    pieces: list[str] = []
    deadline = time.monotonic() + 10
    while _rebuilt(LONG_TEXT, pieces) != len(LONG_TEXT):
        assert _rebuilt(LONG_TEXT, pieces) is not None, f"not the text's pieces: {pieces}"
        remaining = deadline - time.monotonic()
        assert remaining > 0, f"the whole text did not arrive; pieces: {pieces}"
        target, piece = read_privmsg(bob, "amy", remaining)
        assert target == ROOM
        pieces.append(piece)
    bob.expect_nothing(" PRIVMSG ", within=0.3)

    assert len(pieces) >= 3
    budget = line_budget(ROOM, "amy")
    assert all(len(piece.encode("utf-8")) <= budget for piece in pieces)
    assert "\N{REPLACEMENT CHARACTER}" not in "".join(pieces)
    if "draft/multiline" in connected.caps:
        # Sent as one batch with draft/multiline-concat: the server's plain lines for a peer
        # without the capability join back into the text with nothing dropped.
        assert "".join(pieces) == LONG_TEXT
    sent_once(events, local_id)


def test_multi_line_message(
    irc_server: IrcServer, client: ChatClient, events: Events, make_peer: MakePeer
) -> None:
    connected, bob = amy_and_bob_in_room(client, events, irc_server, make_peer)
    multiline = "draft/multiline" in connected.caps
    if multiline:
        cyd = make_peer(irc_server, "cyd", caps="batch draft/multiline message-tags")
        cyd.send(f"JOIN {ROOM}")
        cyd.expect(rf" 366 cyd {ROOM} ")
        events.wait_for(Joined, channel=ROOM, nick="cyd")

    local_id = client.say(ROOM, "line one\nline two\nline three")
    for expected in ("line one", "line two", "line three"):
        assert read_privmsg(bob, "amy") == (ROOM, expected)
    bob.expect_nothing(" PRIVMSG ", within=0.3)
    sent_once(events, local_id)

    if multiline:
        start = cyd.expect(r" BATCH \+\S+ draft/multiline #class$")
        reference = start.split(" BATCH +")[1].split()[0]
        for expected in ("line one", "line two", "line three"):
            line = cyd.expect(" PRIVMSG ")
            assert line.startswith(f"@batch={reference}"), line
            assert line.endswith(f" PRIVMSG {ROOM} :{expected}"), line
        cyd.expect(rf" BATCH -{re.escape(reference)}$")


def restart_with_bob_back_first(
    server: IrcServer,
    events: Events,
    make_peer: MakePeer,
    bob: LineClient,
    while_down: Callable[[], None],
) -> LineClient:
    """Restart `server`, run `while_down` once the client knows; bob is back before amy.

    The client's first retry finds nobody; the next one waits longer (RECONNECT_BACKOFF_S),
    which leaves time for the server to come back and for bob to be in the room before amy's
    outbox arrives: a room message sent before he is in would reach nobody. Returns the new bob
    once amy is back in the room.
    """
    failed_retry: list[tuple[float, float]] = []

    def down() -> None:
        bob.expect_closed()
        lost = events.wait_for(ConnectionLost, timeout=3)
        assert 0.5 <= lost.retry_in <= 1.5, lost
        assert not events.all(RoomClosed), "a server restart is not the room closing"
        while_down()
        events.wait_for(Connecting, timeout=3, attempt=1)
        second = events.wait_for(ConnectionLost, timeout=3)
        failed_retry.append((time.monotonic(), second.retry_in))

    server.restart(down)
    bob = make_peer(server, "bob")
    bob.send(f"JOIN {ROOM}")
    names = bob.expect(rf" 353 bob \S+ {ROOM} ").split(f" {ROOM} ", 1)[1].lstrip(":")
    bob.expect(rf" 366 bob {ROOM} ")
    failed_at, retry_in = failed_retry[0]
    assert "amy" not in [name.lstrip("~&@%+") for name in names.split()], (
        f"amy was back before bob ({time.monotonic() - failed_at:.2f} s after the failed retry, "
        f"which said {retry_in:.2f} s): the server took too long to start for this test"
    )
    events.wait_for(Connecting, timeout=retry_in + 2, attempt=2)
    events.wait_for(Connected, timeout=REGISTER_TIMEOUT_S, nick="amy")
    events.wait_for(Joined, channel=ROOM, nick="amy", is_me=True)
    return bob


@pytest.mark.slow
def test_server_restarted_mid_conversation(
    irc_server: IrcServer, client: ChatClient, events: Events, make_peer: MakePeer
) -> None:
    """The outbox typed while the server is down arrives after the reconnect: once, in order."""
    _, bob = amy_and_bob_in_room(client, events, irc_server, make_peer)
    before = client.say(ROOM, "before the restart")
    assert read_privmsg(bob, "amy") == (ROOM, "before the restart")
    events.wait_for(MessageSent, local_id=before)

    typed = [f"typed while the server was down, number {n}, 5 € ✓" for n in (1, 2, 3)]
    ids: list[int] = []

    def type_while_down() -> None:
        ids.extend(client.say(ROOM, text) for text in typed)
        for local_id, text in zip(ids, typed, strict=True):
            events.wait_for(MessageQueued, local_id=local_id, conversation=ROOM, text=text)

    bob = restart_with_bob_back_first(irc_server, events, make_peer, bob, type_while_down)
    for text in typed:
        assert read_privmsg(bob, "amy") == (ROOM, text)
    bob.expect_nothing(" PRIVMSG ", within=0.5)
    sent_once(events, before, *ids)


@pytest.mark.slow
def test_message_in_flight_when_the_server_dies(
    irc_server: IrcServer, client: ChatClient, events: Events, make_peer: MakePeer
) -> None:
    """A line written but never confirmed (no echo yet) is sent again after the reconnect."""
    connected, bob = amy_and_bob_in_room(client, events, irc_server, make_peer)
    if "echo-message" not in connected.caps:
        pytest.skip(
            f"{irc_server.kind} offers no echo-message: a line written just before the server "
            "dies counts as sent, and is lost with it (see docs/school-network.md)"
        )
    irc_server.freeze()
    in_flight = client.say(ROOM, "said as the server hung")
    events.expect_none(MessageSent, within=0.3)

    def requeued() -> None:
        events.wait_for(MessageQueued, local_id=in_flight, text="said as the server hung")

    bob = restart_with_bob_back_first(irc_server, events, make_peer, bob, requeued)
    assert read_privmsg(bob, "amy") == (ROOM, "said as the server hung")
    bob.expect_nothing(" PRIVMSG ", within=0.5)
    sent_once(events, in_flight)


def test_server_killed(irc_server: IrcServer, client: ChatClient, events: Events) -> None:
    connect_and_join(client, events, irc_server)
    events.drain()
    killed_at = time.monotonic()
    irc_server.kill()
    lost = events.wait_for(ConnectionLost, timeout=2)
    assert time.monotonic() - killed_at < 2
    assert lost.retry_in > 0
    assert not events.all(RoomClosed)
    # It keeps trying (and finds nobody, which is another ConnectionLost, not a ConnectFailed).
    events.wait_for(Connecting, timeout=lost.retry_in + 1, attempt=1)
    events.wait_for(ConnectionLost, timeout=3)
    assert not events.all(ConnectFailed)


def test_wrong_password(
    irc_kind: str, start_irc: StartServer, client: ChatClient, events: Events
) -> None:
    server = start_irc(irc_kind, password="let-me-in")
    # The same server lets the right password in (so the refusal is the password's). Both try
    # at once: InspIRCd and ngIRCd take a second to answer either.
    right = Events()
    other = ChatClient(right.queue)
    try:
        started = time.monotonic()
        client.connect(parse_address(address_of(server)), "amy", "not-the-password")
        other.connect(parse_address(address_of(server)), "bob", "let-me-in")
        failed = events.wait_for(ConnectFailed, timeout=REGISTER_TIMEOUT_S)
        took = time.monotonic() - started
        assert right.wait_for(Connected, REGISTER_TIMEOUT_S).nick == "bob"
    finally:
        other.close()
    assert failed.reason == "wrong password", failed
    assert took <= limits.CONNECT_TIMEOUT_S + 1
    assert not events.all(Connected)


def test_room_closed_on_purpose(start_irc: StartServer, client: ChatClient, events: Events) -> None:
    """`chatgui serve` stopped with SIGTERM (Ctrl-C) closes the room: no reconnect."""
    server = start_irc("chatgui")
    connect_and_join(client, events, server)
    server.stop()
    closed = events.wait_for(RoomClosed, timeout=3)
    assert "closed the room" in closed.reason
    events.expect_none(Connecting, within=1.3)  # a lost connection would retry within 1.2 s
    assert not events.all(ConnectionLost)


def wait_for_link(peer: LineClient, other: str, timeout: float = 10.0) -> None:
    """Ask LINKS until `other` is among the servers the peer's server knows."""
    deadline = time.monotonic() + timeout
    while True:
        peer.send("LINKS")
        peer.expect(" 365 ")
        if any(" 364 " in line and f" {other} " in line for line in peer.seen):
            return
        assert time.monotonic() < deadline, f"{other} did not link within {timeout} s"
        time.sleep(0.25)


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["ngircd", "inspircd"])
def test_linked_servers(
    kind: str,
    start_linked: Callable[[str], tuple[IrcServer, IrcServer]],
    client: ChatClient,
    events: Events,
    make_peer: MakePeer,
) -> None:
    """A school network: amy on one server, bob on another linked to it, in the same room."""
    a, b = start_linked(kind)
    connect_and_join(client, events, a)
    bob = make_peer(b, "bob")
    wait_for_link(bob, a.name)
    bob.send(f"JOIN {ROOM}")
    bob.expect(rf" 366 bob {ROOM} ")
    events.wait_for(Joined, channel=ROOM, nick="bob", is_me=False)

    room_id = client.say(ROOM, "hello across the link, 5 € 🙂")
    assert read_privmsg(bob, "amy") == (ROOM, "hello across the link, 5 € 🙂")
    bob.send(f"PRIVMSG {ROOM} :and back")
    heard = events.wait_for(MessageReceived, sender="bob")
    assert (heard.conversation, heard.text) == (ROOM, "and back")
    private_id = client.say("bob", "just for you")
    assert read_privmsg(bob, "amy") == ("bob", "just for you")
    bob.send("PRIVMSG amy :thanks")
    heard = events.wait_for(MessageReceived, sender="bob")
    assert (heard.conversation, heard.text) == ("bob", "thanks")
    sent_once(events, room_id, private_id)


# --- failures that need no IRC server ---


def test_refused(client: ChatClient, events: Events) -> None:
    port = free_port()  # nothing listens there
    started = time.monotonic()
    client.connect(parse_address(f"127.0.0.1:{port}"), "amy")
    failed = events.wait_for(ConnectFailed, timeout=5)
    assert (failed.host, failed.port, failed.reason) == ("127.0.0.1", port, "refused")
    assert time.monotonic() - started < 5
    events.expect_none(Connecting, within=1.3)  # a first attempt that fails is not retried


class OneShotServer:
    """A listening socket whose one connection gets `answer` (maybe nothing), then is closed."""

    def __init__(self, answer: bytes) -> None:
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.listener.settimeout(5)
        self.port: int = self.listener.getsockname()[1]
        self.heard = b""
        self.thread = threading.Thread(target=self._serve, args=(answer,), daemon=True)
        self.thread.start()

    def _serve(self, answer: bytes) -> None:
        with self.listener, self.listener.accept()[0] as conn:
            conn.settimeout(5)
            self.heard = conn.recv(4096)  # CAP LS, NICK, USER: the client's first lines
            conn.sendall(answer)


@pytest.mark.parametrize(
    ("answer", "detail"),
    [
        (b"ERROR :Closing link: (amy@127.0.0.1) [Not today]\r\n", "[Not today]"),
        (b"", "the server closed the connection"),
    ],
    ids=["error-line", "silence"],
)
def test_hung_up_on_before_registration(
    client: ChatClient, events: Events, answer: bytes, detail: str
) -> None:
    """A reason the client does not know is "other", with the server's own words as detail."""
    server = OneShotServer(answer)
    client.connect(parse_address(f"127.0.0.1:{server.port}"), "amy")
    failed = events.wait_for(ConnectFailed, timeout=REGISTER_TIMEOUT_S)
    server.thread.join(5)
    assert b"NICK amy\r\n" in server.heard
    assert failed.reason == "other", failed
    assert detail in failed.detail


class SilentServer:
    """Accepts every connection and never says a word (not an IRC server, or a hung one)."""

    def __init__(self) -> None:
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.listener.settimeout(0.1)
        self.port: int = self.listener.getsockname()[1]
        self.held: list[socket.socket] = []
        self.done = threading.Event()
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self) -> None:
        while not self.done.is_set():
            try:
                self.held.append(self.listener.accept()[0])
            except TimeoutError:
                continue

    def close(self) -> None:
        self.done.set()
        self.thread.join(2)
        for sock in [*self.held, self.listener]:
            sock.close()


class FullBacklog:
    """A port whose listen backlog is full: the kernel drops new SYNs, so nothing answers."""

    def __init__(self) -> None:
        self.listener = socket.create_server(("127.0.0.1", 0), backlog=0)
        self.port: int = self.listener.getsockname()[1]
        self.filler = socket.create_connection(("127.0.0.1", self.port), timeout=1)

    def drops_syns(self) -> bool:
        with socket.socket() as probe:
            probe.settimeout(0.3)
            try:
                probe.connect(("127.0.0.1", self.port))
            except TimeoutError:
                return True
            return False

    def close(self) -> None:
        self.filler.close()
        self.listener.close()


@pytest.mark.slow
def test_gives_up_after_the_connect_timeout(client: ChatClient, events: Events) -> None:
    """No answer within CONNECT_TIMEOUT_S: "no answer" when TCP connected, else "timed out".

    Both attempts run at once (two clients), so the test takes the timeout only once.
    """
    silent, backlog = SilentServer(), FullBacklog()
    other_events = Events()
    other = ChatClient(other_events.queue)
    try:
        if not backlog.drops_syns():
            pytest.skip("this kernel completes connections past a full backlog")
        started = time.monotonic()
        client.connect(parse_address(f"127.0.0.1:{silent.port}"), "amy")
        other.connect(parse_address(f"127.0.0.1:{backlog.port}"), "amy")
        budget = limits.CONNECT_TIMEOUT_S + 1
        no_answer = events.wait_for(ConnectFailed, timeout=budget)
        no_answer_took = time.monotonic() - started
        timed_out = other_events.wait_for(ConnectFailed, timeout=budget)
        timed_out_took = time.monotonic() - started
    finally:
        other.close()
        silent.close()
        backlog.close()
    assert silent.held, "the silent server never accepted the connection"
    assert no_answer.reason == "no answer", no_answer
    assert timed_out.reason == "timed out", timed_out
    for took in (no_answer_took, timed_out_took):
        assert limits.CONNECT_TIMEOUT_S - 0.5 <= took <= budget


# In a network namespace of its own (unshare --net) the loopback is down and there is no other
# interface or route: a connection to any address fails at once with ENETUNREACH and a name
# lookup cannot reach a DNS server, without one packet leaving the namespace.
ISOLATED_ATTEMPT = """
import json, queue, socket, sys, time
from chatgui.net.client import ChatClient
from chatgui.events import ConnectFailed
from chatgui.protocol.client.address import Address, parse_address

interfaces = [name for _, name in socket.if_nameindex()]
with open("/proc/net/route", encoding="ascii") as table:
    routes = table.read().splitlines()[1:]
if interfaces != ["lo"] or routes:
    print(json.dumps({"isolated": False, "interfaces": interfaces, "routes": routes}))
    sys.exit(0)
events = queue.Queue()
client = ChatClient(events)
started = time.monotonic()
client.connect(parse_address(sys.argv[1]), "amy")
deadline = started + 10
result = {"isolated": True, "reason": None}
while (remaining := deadline - time.monotonic()) > 0:
    try:
        event = events.get(timeout=remaining)
    except queue.Empty:
        break
    if isinstance(event, ConnectFailed):
        result.update(reason=event.reason, detail=event.detail)
        break
result["took"] = time.monotonic() - started
client.close()
print(json.dumps(result))
"""


def attempt_in_empty_namespace(address: str) -> dict[str, object]:
    """Run one connection attempt in a fresh network namespace; its result as a dict."""
    try:
        run = subprocess.run(
            ["unshare", "--net", sys.executable, "-c", ISOLATED_ATTEMPT, address],
            cwd=PROJECT,
            capture_output=True,
            encoding="utf-8",
            timeout=20,
            check=False,
        )
    except FileNotFoundError:
        pytest.skip("unshare (util-linux) is not installed")
    if run.returncode != 0 and "unshare" in run.stderr and not run.stdout:
        pytest.skip(f"cannot make a network namespace here: {run.stderr.strip()}")
    assert run.returncode == 0, run.stderr
    result: dict[str, object] = json.loads(run.stdout.strip().splitlines()[-1])
    assert result["isolated"], f"the namespace is not empty, so nothing was tried: {result}"
    return result


def test_no_route() -> None:
    # 198.51.100.7 is a documentation address (TEST-NET-2); in the empty namespace there is no
    # route to it, so the kernel refuses before any packet is made.
    result = attempt_in_empty_namespace("198.51.100.7")
    assert result["reason"] == "no route", result
    assert isinstance(result["took"], float)
    assert result["took"] < 5


def test_name_not_found() -> None:
    result = attempt_in_empty_namespace("nowhere.invalid")
    assert result["reason"] == "name not found", result
    assert isinstance(result["took"], float)
    assert result["took"] < 5


def test_tls_to_a_server_that_speaks_plain_irc(client: ChatClient, events: Events) -> None:
    """Port 6697 means TLS; a server answering in plain text is a TLS failure, said so."""
    plain = OneShotServer(b":irc.test NOTICE * :*** Looking up your hostname\r\n")
    client.connect(Address("127.0.0.1", plain.port, tls=True), "amy")
    failed = events.wait_for(ConnectFailed, timeout=5)
    assert failed.reason == "tls", failed
    assert plain.heard.startswith(b"\x16\x03")  # a TLS ClientHello, not "CAP LS"
