"""Message: parsing and serializing one line, tag escaping, and the errors for each side.

parse() blames the peer (RemoteProtocolError); to_bytes() blames us (LocalProtocolError) and
must refuse anything that the other end would read back differently or not at all.
"""

from __future__ import annotations

import pytest

from chatgui.limits import MAX_PARAMS
from chatgui.protocol.errors import LocalProtocolError, ProtocolError, RemoteProtocolError
from chatgui.protocol.message import Message, escape_tag_value, parse, unescape_tag_value

# --- Tag values ---


@pytest.mark.parametrize(
    ("raw", "escaped"),
    [
        ("plain", "plain"),
        ("a;b", "a\\:b"),
        ("a b", "a\\sb"),
        ("a\\b", "a\\\\b"),
        ("a\rb", "a\\rb"),
        ("a\nb", "a\\nb"),
        ("; \\\r\n", "\\:\\s\\\\\\r\\n"),
        ("", ""),
        ("caf\u00e9 \u20ac", "caf\u00e9\\s\u20ac"),
    ],
)
def test_tag_value_escaping(raw: str, escaped: str) -> None:
    assert escape_tag_value(raw) == escaped
    assert unescape_tag_value(escaped) == raw


@pytest.mark.parametrize(
    ("escaped", "raw"),
    [
        ("value1\\", "value1"),  # a trailing lone backslash is dropped
        ("\\", ""),
        ("value\\1", "value1"),  # an unknown escape stands for the character itself
        ("\\b\\t\\0", "bt0"),
        ("\\\\\\", "\\"),  # an escaped backslash, then a lone one
        ("a\\:\\s\\n", "a; \n"),
    ],
)
def test_tag_value_unescaping_of_odd_input(escaped: str, raw: str) -> None:
    assert unescape_tag_value(escaped) == raw


def test_tags_are_parsed_and_unescaped() -> None:
    message = parse(b"@id=1;text=a\\sb\\:c;flag;empty= :nick!u@h PRIVMSG #room :hi")
    assert message.tags == {"id": "1", "text": "a b;c", "flag": "", "empty": ""}
    assert message.source == "nick!u@h"


def test_tag_values_are_escaped_on_the_wire() -> None:
    line = Message("TAGMSG", ("#room",), tags={"+draft/react": "a b;c\\"}).to_bytes()
    assert line == b"@+draft/react=a\\sb\\:c\\\\ TAGMSG #room"


def test_an_empty_tag_value_is_sent_as_a_bare_key() -> None:
    assert Message("PING", ("x",), tags={"flag": ""}).to_bytes() == b"@flag PING x"


@pytest.mark.parametrize("key", ["", "a=b", "a;b", "a b", "a\rb", "a\nb", "a\0b"])
def test_to_bytes_refuses_a_bad_tag_name(key: str) -> None:
    with pytest.raises(LocalProtocolError):
        Message("PING", ("x",), tags={key: "v"}).to_bytes()


def test_to_bytes_refuses_a_nul_in_a_tag_value() -> None:
    # Escaping has no form for NUL, and parse() refuses any line that holds one.
    with pytest.raises(LocalProtocolError):
        Message("PING", ("x",), tags={"k": "a\0b"}).to_bytes()


# --- Parameters: the trailing rules ---


@pytest.mark.parametrize(
    ("params", "wire"),
    [
        (("#room", "hello"), b"PRIVMSG #room hello"),
        (("#room", "hello there"), b"PRIVMSG #room :hello there"),
        (("#room", ""), b"PRIVMSG #room :"),
        (("#room", ":)"), b"PRIVMSG #room ::)"),
        (("#room", " lead"), b"PRIVMSG #room : lead"),
        ((), b"PRIVMSG"),
    ],
)
def test_the_last_parameter_gets_a_colon_only_when_it_needs_one(
    params: tuple[str, ...], wire: bytes
) -> None:
    message = Message("PRIVMSG", params)
    assert message.to_bytes() == wire
    assert parse(wire) == message


@pytest.mark.parametrize("middle", ["", "two words", ":colon"])
def test_to_bytes_refuses_a_middle_param_that_would_read_back_differently(middle: str) -> None:
    with pytest.raises(LocalProtocolError):
        Message("MODE", ("#room", middle, "last")).to_bytes()


@pytest.mark.parametrize("bad", ["\r", "\n", "\0"])
@pytest.mark.parametrize("position", [0, 1])
def test_to_bytes_refuses_cr_lf_nul_in_any_param(bad: str, position: int) -> None:
    params = ["#room", "text"]
    params[position] = f"a{bad}b"
    with pytest.raises(LocalProtocolError):
        Message("PRIVMSG", tuple(params)).to_bytes()


@pytest.mark.parametrize("source", ["", "a b", "a\rb", "a\nb", "a\0b"])
def test_to_bytes_refuses_a_bad_source(source: str) -> None:
    with pytest.raises(LocalProtocolError):
        Message("PING", ("x",), source=source).to_bytes()


@pytest.mark.parametrize(
    "command", ["", "PRIV MSG", "PRIV\rMSG", "\u00c9T\u00c9", "A1", "12", "1234"]
)
def test_to_bytes_refuses_a_command_that_parse_would_refuse(command: str) -> None:
    with pytest.raises(LocalProtocolError):
        Message(command, ("x",)).to_bytes()


def test_to_bytes_refuses_text_that_is_not_encodable() -> None:
    # A lone surrogate (from a broken clipboard) can't be UTF-8: our side's error, not a crash.
    with pytest.raises(LocalProtocolError):
        Message("PRIVMSG", ("#room", "half an emoji \ud83d")).to_bytes()


def test_to_bytes_with_everything() -> None:
    message = Message("PRIVMSG", ("#room", "hi all"), "sam!s@host", {"time": "12:00"})
    assert message.to_bytes() == b"@time=12:00 :sam!s@host PRIVMSG #room :hi all"


def test_a_numeric_is_sent_and_read_as_is() -> None:
    message = Message("001", ("sam", "Welcome"))
    assert parse(message.to_bytes()) == message


def test_to_bytes_writes_utf8() -> None:
    assert Message("PRIVMSG", ("#r", "\u20ac")).to_bytes() == b"PRIVMSG #r \xe2\x82\xac"


# --- The parameter limit, at N and N+1 ---


def test_max_params_is_accepted_both_ways() -> None:
    params = tuple(f"p{i}" for i in range(MAX_PARAMS))
    line = b"CMD " + b" ".join(p.encode() for p in params)
    assert parse(line).params == params
    assert Message("CMD", params).to_bytes() == line


def test_max_params_plus_one_is_refused_by_parse() -> None:
    line = b"CMD " + b" ".join(b"p%d" % i for i in range(MAX_PARAMS + 1))
    with pytest.raises(RemoteProtocolError):
        parse(line)


def test_max_params_plus_one_is_refused_when_the_extra_one_is_trailing() -> None:
    line = b"CMD " + b" ".join(b"p%d" % i for i in range(MAX_PARAMS)) + b" :last one"
    with pytest.raises(RemoteProtocolError):
        parse(line)


def test_max_params_plus_one_is_refused_by_to_bytes() -> None:
    with pytest.raises(LocalProtocolError):
        Message("CMD", tuple(f"p{i}" for i in range(MAX_PARAMS + 1))).to_bytes()


# --- parse(): what it accepts and what it refuses ---


def test_parse_upper_cases_the_command() -> None:
    assert parse(b"privmsg #room :hi") == Message("PRIVMSG", ("#room", "hi"))


def test_parse_tolerates_extra_spaces() -> None:
    assert parse(b"  :src   MODE   #r  +o   sam  ") == Message("MODE", ("#r", "+o", "sam"), "src")


def test_parse_replaces_invalid_utf8() -> None:
    message = parse(b"PRIVMSG #room :caf\xe9 \xe2\x82")
    assert message.params == ("#room", "caf\ufffd \ufffd")


@pytest.mark.parametrize(
    "line",
    [
        b"PRIVMSG #room :a\0b",
        b"PRIVMSG #room :a\rb",
        b"PRIVMSG #room :a\nb",
        b"PRIVMSG #room :ends with cr\r",
        b"\0PING",
        b"@a=\0 PING",
    ],
    ids=ascii,
)
def test_parse_refuses_nul_cr_lf(line: bytes) -> None:
    with pytest.raises(RemoteProtocolError):
        parse(line)


@pytest.mark.parametrize(
    "line",
    [b"", b"   ", b":src", b":src   ", b"@a=b", b"@a=b :src", b"@a=b  ", b":", b": PING"],
    ids=ascii,
)
def test_parse_refuses_a_line_without_command_or_source(line: bytes) -> None:
    with pytest.raises(RemoteProtocolError):
        parse(line)


@pytest.mark.parametrize(
    "command",
    [
        b"PRIV1MSG",
        b"12",
        b"1234",
        b"4o4",
        b"!",
        b"\xc3\x89T\xc3\x89",
        b"\xef\xbc\x91\xef\xbc\x92\xef\xbc\x93",
        b"\xff",
        b"PING\x01",
        b"\xd9\xa1\xd9\xa2\xd9\xa3",
    ],
    ids=ascii,
)
def test_parse_refuses_a_bad_command(command: bytes) -> None:
    with pytest.raises(RemoteProtocolError):
        parse(command + b" param")


def test_parse_errors_carry_no_reply_and_are_protocol_errors() -> None:
    with pytest.raises(RemoteProtocolError) as caught:
        parse(b"")
    assert not hasattr(caught.value, "reply")  # only an over-long line (LineTooLong) has one
    assert isinstance(caught.value, ProtocolError)
    assert not isinstance(caught.value, LocalProtocolError)


# --- Accessors ---


@pytest.mark.parametrize(
    ("source", "nick"),
    [
        ("sam!s@host", "sam"),
        ("sam@host", "sam"),
        ("sam", "sam"),
        ("irc.example.com", "irc.example.com"),
        (None, None),
    ],
)
def test_nick(source: str | None, nick: str | None) -> None:
    assert Message("PRIVMSG", ("#r", "x"), source).nick == nick


def test_param() -> None:
    message = Message("PRIVMSG", ("#room", "hello"))
    assert message.param(0) == "#room"
    assert message.param(1) == "hello"
    assert message.param(2) == ""
    assert message.param(2, "none") == "none"
    assert Message("PING").param(0, "?") == "?"


def test_messages_compare_by_value_and_are_frozen() -> None:
    assert Message("PING", ("x",)) == Message("PING", ("x",))
    assert Message("PING", ("x",)) != Message("PING", ("y",))
    message = Message("PING")
    with pytest.raises(AttributeError):
        message.command = "PONG"  # type: ignore[misc]
