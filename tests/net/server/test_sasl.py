"""SASL PLAIN over real sockets: the exchange, its chunks, aborts, refusals and bounds.

Transcripts as irssi or WeeChat would write them (IRCv3 sasl-3.1/3.2, RFC 4616).
"""

from __future__ import annotations

import base64
import re
from collections.abc import Callable

from chatgui import limits
from chatgui.protocol.server.sasl import account_for
from tests.lineclient import LineClient
from tests.net.server.netsupport import Dialer, RunningServer, StartServer, drain
from tests.net.server.saslkit import log_in, plain

Connect = Callable[..., LineClient]


def _begin(client: LineClient) -> None:
    client.send("CAP LS 302")
    client.expect(r" CAP \* LS .*\bsasl=PLAIN\b")
    client.send("CAP REQ :sasl")
    client.expect(r" CAP \S+ ACK :?sasl")
    client.send("AUTHENTICATE PLAIN")
    client.expect(r"^AUTHENTICATE \+$")


def _register(client: LineClient, nick: str) -> None:
    client.send("CAP END")
    client.send(f"NICK {nick}")
    client.send(f"USER {nick} 0 * :{nick}")
    client.expect(r" 376 | 422 ")


def _account_of(client: LineClient, asker: LineClient, nick: str) -> str | None:
    asker.send(f"WHOIS {nick}")
    found = None
    while True:
        line = asker.expect(r" 330 | 318 ")
        if " 318 " in line:
            return found
        found = line.split()[4]


def test_a_name_and_password_prove_the_same_account_each_time(connect: Connect) -> None:
    first = connect()
    account = log_in(first, "sam", "window-secret-1")
    assert re.fullmatch(r"[a-z2-7]{13}", account)
    assert "window" not in account
    assert "chatgui" not in account
    again = connect()
    assert log_in(again, "sammy", "window-secret-1") == account
    other = connect()
    assert log_in(other, "kim", "window-secret-2") != account


def test_the_exchange_as_irc_programs_write_it(connect: Connect) -> None:
    client = connect()
    _begin(client)
    client.send(f"AUTHENTICATE {plain('sam', 'pw')}")
    line = client.expect(r" 900 ")
    assert re.search(r" 900 \* \*!~u@127\.0\.0\.1 [a-z2-7]{13} :You are now logged in as ", line)
    client.expect(r" 903 \* :SASL authentication successful")
    _register(client, "sam")
    watcher = connect("kim")
    assert _account_of(client, watcher, "sam") == line.split()[4]  # everyone sees it (330)
    assert _account_of(client, watcher, "kim") is None
    client.send("AUTHENTICATE PLAIN")
    client.expect(r" 907 sam :You have already authenticated")


def test_a_long_payload_comes_in_400_byte_chunks(connect: Connect) -> None:
    client = connect()
    _begin(client)
    payload = plain("sam", "p" * 500)
    assert len(payload) > 400
    client.send(f"AUTHENTICATE {payload[:400]}")
    client.expect_nothing(r" 90\d ")
    client.send(f"AUTHENTICATE {payload[400:]}")
    client.expect(r" 900 ")
    client.expect(r" 903 ")


def test_a_payload_of_exactly_400_bytes_ends_with_a_plus(connect: Connect) -> None:
    password = "x" * (300 - len("\0sam\0"))
    payload = plain("sam", password)
    assert len(payload) == 400
    client = connect()
    _begin(client)
    client.send(f"AUTHENTICATE {payload}")
    client.expect_nothing(r" 90\d ")
    client.send("AUTHENTICATE +")
    client.expect(r" 903 ")


def test_abort_and_a_second_try(connect: Connect) -> None:
    client = connect()
    _begin(client)
    client.send("AUTHENTICATE *")
    client.expect(r" 906 \* :SASL authentication aborted")
    client.send("AUTHENTICATE PLAIN")
    client.expect(r"^AUTHENTICATE \+$")
    client.send(f"AUTHENTICATE {plain('sam', 'pw')}")
    client.expect(r" 903 ")


def test_refusals_leave_nobody_logged_in(connect: Connect, server: RunningServer) -> None:
    client = connect()
    client.send("CAP LS 302")
    client.send("CAP REQ :sasl")
    client.send("AUTHENTICATE EXTERNAL")
    client.expect(r" 908 \* PLAIN :are available SASL mechanisms")
    client.expect(r" 904 ")
    client.send("AUTHENTICATE PLAIN")
    client.expect(r"^AUTHENTICATE \+$")
    client.send("AUTHENTICATE not!base64")
    client.expect(r" 904 \* :SASL authentication failed")
    client.send("AUTHENTICATE PLAIN")
    client.expect(r"^AUTHENTICATE \+$")
    client.send("AUTHENTICATE " + base64.b64encode(b"only-a-name").decode())
    client.expect(r" 904 ")
    client.send("AUTHENTICATE PLAIN")  # a fourth exchange on one connection
    client.expect(r" 904 \* :SASL authentication failed: Too many tries on this connection")
    _register(client, "sam")
    watcher = connect("kim")
    assert _account_of(client, watcher, "sam") is None


def test_acting_as_another_account_is_refused(connect: Connect) -> None:
    victim = connect()
    account = log_in(victim, "teacher", "teacher-secret")
    client = connect()
    _begin(client)
    client.send(f"AUTHENTICATE {plain('sam', 'guess', authzid=account)}")
    client.expect(r" 904 ")
    client.send("AUTHENTICATE PLAIN")
    client.expect(r"^AUTHENTICATE \+$")
    client.send(f"AUTHENTICATE {plain('chatgui', 'teacher-secret', authzid=account)}")
    client.expect(r" 903 ")  # naming one's own account is allowed


def test_the_name_itself_as_the_authzid_is_the_same_person(connect: Connect) -> None:
    """irssi and WeeChat send their SASL user name twice, as authzid and as name."""
    client = connect()
    _begin(client)
    client.send(f"AUTHENTICATE {plain('lukasz', 'correct-horse', authzid='lukasz')}")
    client.expect(r" 903 ")


def test_too_long_is_refused_with_905(connect: Connect) -> None:
    client = connect()
    _begin(client)
    client.send("AUTHENTICATE " + "A" * 401)
    client.expect(r" 905 \* :SASL message too long")
    client.send("AUTHENTICATE PLAIN")
    client.expect(r"^AUTHENTICATE \+$")
    for _ in range(limits.SASL_MAX_BYTES // 400):
        client.send("AUTHENTICATE " + "A" * 400)
    client.send("AUTHENTICATE " + "A" * 400)
    client.expect(r" 905 ")


def test_cap_end_in_the_middle_aborts_and_registers_without_an_account(
    connect: Connect,
) -> None:
    client = connect()
    _begin(client)
    client.send("CAP END")
    client.expect(r" 906 ")
    client.send("NICK sam")
    client.send("USER sam 0 * :sam")
    client.expect(r" 001 sam ")
    client.send("AUTHENTICATE PLAIN")
    client.expect(r" 904 sam :SASL authentication failed: Log in before registering")


def test_a_plain_client_never_asked_is_unaffected(connect: Connect) -> None:
    client = connect("irssi_user")
    client.send("PING x")
    client.expect(r"PONG \S+ :?x")


def test_a_guesser_is_slowed_and_a_reconnecting_window_never_is(
    start_server: StartServer, dial: Dialer
) -> None:
    running = start_server(flood_allowance_s=1000.0)
    window = dial(running.port, source="127.0.0.2")
    known = log_in(window, "sam", "sam-window-secret")
    guesses = 0
    refused = ""
    while not refused and guesses < limits.SASL_FREE_NEW_ACCOUNTS + 5:
        guesser = dial(running.port, source="127.0.0.2")  # a success ends a connection's tries
        guesses += 1
        guesser.send("AUTHENTICATE PLAIN")
        guesser.expect(r"^AUTHENTICATE \+$")
        guesser.send(f"AUTHENTICATE {plain('chatgui', f'guess{guesses}')}")
        answer = guesser.expect(r" 903 | 904 ")
        refused = answer if " 904 " in answer else ""
        guesser.close()
    assert "wait" in refused
    # The window's account was the computer's first new one; then the free ones, then a wait.
    assert guesses == limits.SASL_FREE_NEW_ACCOUNTS
    window.close()
    for attempt in range(10):  # the window reconnects, again and again, while the guesser waits
        again = dial(running.port, source="127.0.0.2")
        assert log_in(again, f"sam{attempt}", "sam-window-secret") == known
        again.close()
    elsewhere = dial(running.port, source="127.0.0.3")  # another computer is not held up
    log_in(elsewhere, "kim", "kim-window-secret")
    assert any("logged in as 40 different people" in str(e) for e in drain(running.events))


def test_an_account_is_the_keyed_hash_of_the_pair() -> None:
    key = bytes(range(32))
    assert account_for(key, "sam", "pw") == account_for(key, "sam", "pw")
    assert account_for(key, "sam", "pw") != account_for(bytes(32), "sam", "pw")
    assert account_for(key, "sam", "pw") != account_for(key, "sa", "mpw")
