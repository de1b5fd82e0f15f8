"""The sans-IO side of public servers. Passwords only over TLS or to loopback, the session's
rule (secrecy.py): on a plain connection to another computer, PASS, OPER, a JOIN key, MODE +k
and SASL are held back and said in words, and nothing else is. Secure addresses (ircs://) and
the `sts` values a server may send (sts.py)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chatgui.events import ConnectFailed, Problem
from chatgui.protocol.client.address import Address, AddressProblem, parse_address
from chatgui.protocol.client.secrecy import NOT_ENCRYPTED, ROOM_PASSWORD, may_carry_secrets
from chatgui.protocol.client.session import ClientSession, Result
from chatgui.protocol.client.sts import StsPolicy, read_policy
from chatgui.protocol.message import Message, parse
from chatgui.protocol.redact import redact
from chatgui.ui.wording import connect_failed, refusal


def _lines(result: Result) -> list[str]:
    return [m.to_bytes().decode() for m in result.lines]


def test_a_server_password_is_not_sent_in_plain_and_the_attempt_ends() -> None:
    session = ClientSession("amy", "letmein", may_send_secrets=False)
    lines = " ".join(_lines(session.start()))
    assert "letmein" not in lines
    assert "PASS" not in lines
    assert session.failure == "not encrypted"
    said = connect_failed(ConnectFailed("irc.school.example", 6667, "not encrypted", "not sent"))
    assert "not encrypted" in said
    assert "ircs://" in said


def test_a_server_password_is_sent_over_tls_or_to_loopback() -> None:
    session = ClientSession("amy", "letmein", may_send_secrets=True)
    assert any(m.command == "PASS" for m in session.start().lines)
    assert session.failure is None


@pytest.mark.parametrize(
    ("message", "what"),
    [
        (Message("JOIN", ("#class", "cat")), ROOM_PASSWORD),
        (Message("MODE", ("#class", "+k", "cat")), ROOM_PASSWORD),
        (Message("MODE", ("#class", "-o+k", "sam", "cat")), ROOM_PASSWORD),
        (Message("OPER", ("teacher", "cat")), "operator password"),
        (Message("AUTHENTICATE", ("Y2F0",)), "identity"),
    ],
)
def test_a_password_is_held_back_and_said(message: Message, what: str) -> None:
    result = ClientSession("amy").send_lines([message])
    assert result.lines == ()
    [problem] = result.events
    assert isinstance(problem, Problem)
    assert problem.code == NOT_ENCRYPTED
    assert problem.text == what
    said = refusal(problem.code, "Class", problem.text, "#class")
    assert "not sent" in said
    assert "not encrypted" in said
    assert "cat" not in said


@pytest.mark.parametrize(
    "message",
    [
        Message("JOIN", ("#class",)),
        Message("MODE", ("#class", "-k", "*")),
        Message("MODE", ("#class", "+o", "sam")),
        Message("PRIVMSG", ("#class", "PASS is a word")),
    ],
)
def test_lines_without_a_password_go_as_before(message: Message) -> None:
    assert ClientSession("amy").send_lines([message]) == Result(lines=(message,))


def test_the_identity_is_not_proven_in_plain_and_that_is_said() -> None:
    session = ClientSession("amy", sasl_password="pw")
    session.start()
    result = session.receive(parse(b":s CAP * LS :sasl=PLAIN server-time"), 0.0)
    assert _lines(result) == ["CAP REQ server-time"]
    assert [e.text for e in result.events if isinstance(e, Problem)] == ["identity"]
    plain = ClientSession("amy", sasl_password="pw")
    plain.start()
    result = plain.receive(parse(b":s CAP * LS :sasl=PLAIN"), 0.0)
    assert _lines(result) == ["CAP END"]
    assert [(e.code, e.text) for e in result.events if isinstance(e, Problem)] == [
        (NOT_ENCRYPTED, "identity")
    ]


def test_the_rule_is_tls_or_loopback() -> None:
    assert may_carry_secrets(True, False)
    assert may_carry_secrets(False, True)
    assert not may_carry_secrets(False, False)
    loopback = ("127.0.0.1", "127.5.6.7", "::1", "localhost", "LOCALHOST.")
    for host in loopback:
        assert Address(host, 6667, False).on_loopback, host
    for host in ("10.0.0.5", "192.168.1.2", "lab-pc-12", "irc.school.example", "fe80::1"):
        assert not Address(host, 6667, False).on_loopback, host


def test_a_secure_address_can_be_typed_as_ircs() -> None:
    assert parse_address("ircs://irc.school.example") == Address("irc.school.example", 6697, True)
    assert parse_address("IRCS://irc.school.example:7000/") == Address(
        "irc.school.example", 7000, True
    )
    assert parse_address("irc.school.example:6697").tls
    for typed in ("ircs://irc.school.example:6667", "irc.school.example:6697", "10.0.0.5"):
        assert parse_address(str(parse_address(typed))) == parse_address(typed)
    with pytest.raises(AddressProblem, match="without http://"):
        parse_address("http://irc.school.example")


_SECRET_COMMANDS = st.sampled_from(["PASS", "OPER", "JOIN", "MODE", "AUTHENTICATE", "NICK"])
_WORDS = st.text(alphabet="abck+-o#*", min_size=1, max_size=6)


@given(st.lists(st.tuples(_SECRET_COMMANDS, st.lists(_WORDS, max_size=4)), max_size=12))
def test_nothing_a_plain_session_sends_has_a_secret_in_it(
    sent: list[tuple[str, list[str]]],
) -> None:
    session = ClientSession("amy", "serverpw", sasl_password="pw")
    lines = session.start().lines
    lines += session.send_lines(Message(command, tuple(params)) for command, params in sent).lines
    for message in lines:
        line = message.to_bytes().decode()
        assert redact(line) == line, line


@given(st.text(max_size=80))
def test_any_sts_value_from_a_server_reads_as_a_port_in_range_or_none(value: str) -> None:
    policy = read_policy(value)
    assert policy.port is None or 1 <= policy.port <= 65535
    assert policy.duration is None or policy.duration >= 0


def test_sts_values() -> None:
    assert read_policy("port=6697,duration=300") == StsPolicy(6697, 300)
    assert read_policy("duration=0,preload") == StsPolicy(None, 0)
    assert read_policy("port=0,duration=-5") == StsPolicy(None, None)
    assert read_policy("port=99999,duration=٣") == StsPolicy(None, None)
    assert read_policy("") == StsPolicy(None, None)
