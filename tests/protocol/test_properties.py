"""Property tests (hypothesis) of the core: round trips, and no surprise exceptions.

serialize-then-parse is the identity; parse() raises nothing but RemoteProtocolError and
to_bytes() nothing but LocalProtocolError; LineDecoder gives the same result however the
stream is chunked, and only lines within the limits or one LineTooLong per over-long line;
split_text keeps every piece within its budget and loses nothing but the spaces it cut at.
"""

from __future__ import annotations

import itertools
import re

from hypothesis import example, given, settings
from hypothesis import strategies as st

from chatgui.limits import MAX_LINE_BYTES, MAX_PARAMS, MAX_TAG_BYTES
from chatgui.protocol.errors import LocalProtocolError, RemoteProtocolError
from chatgui.protocol.framing import LineDecoder, LineEncoder, LineTooLong
from chatgui.protocol.message import Message, parse
from chatgui.protocol.text import split_text, utf8_length


class _TooLong:
    """Stands for a LineTooLong in expected results (a str would trip -bb next to bytes)."""

    def __repr__(self) -> str:
        return "TOO_LONG"


TOO_LONG = _TooLong()

# --- Strategies ---

commands = st.one_of(
    st.from_regex(r"[A-Za-z]{1,12}", fullmatch=True),
    st.from_regex(r"[0-9]{3}", fullmatch=True),
)
_word_chars = st.characters(exclude_characters=" \r\n\0", codec="utf-8")
middle_params = st.text(_word_chars, min_size=1, max_size=20).filter(lambda p: p[0] != ":")
last_params = st.text(st.characters(exclude_characters="\r\n\0", codec="utf-8"), max_size=40)
sources = st.text(_word_chars, min_size=1, max_size=30)
tag_keys = st.from_regex(r"\+?([a-z0-9.-]{1,10}/)?[A-Za-z0-9-]{1,12}", fullmatch=True)
tag_values = st.text(st.characters(exclude_characters="\0", codec="utf-8"), max_size=30)


@st.composite
def messages(draw: st.DrawFn) -> Message:
    """A Message that can be sent: every field within what the wire form can carry."""
    middles = draw(st.lists(middle_params, max_size=MAX_PARAMS - 1))
    last = draw(st.lists(last_params, max_size=1))
    return Message(
        draw(commands),
        tuple(middles + last),
        draw(st.none() | sources),
        draw(st.dictionaries(tag_keys, tag_values, max_size=4)),
    )


_IRCISH = [b"@", b":", b" ", b"  ", b";", b"=", b"\\", b"\r", b"\n", b"\0", b"!", b"#"]
_IRCISH += [b"a", b"PRIVMSG", b"001", b"12", b"k=v", b"\xe2\x82", b"\xff", b"\xc3\xa9"]
ircish_bytes = st.one_of(
    st.binary(max_size=200),
    st.lists(st.sampled_from(_IRCISH), max_size=40).map(b"".join),
)


def _legal(line: bytes, max_line: int, max_tags: int) -> bool:
    """The limits, written out again: tags (with '@' and space) and body (with CR LF)."""
    body = line
    if line.startswith(b"@"):
        space = line.find(b" ")
        tag_section = len(line) + 1 if space < 0 else space + 1
        if tag_section > max_tags:
            return False
        body = line[tag_section:]
    return len(body) + 2 <= max_line


def _expected_lines(stream: bytes, max_line: int, max_tags: int) -> list[bytes | _TooLong]:
    """What a decoder must give for `stream` followed by end of stream, however it is cut."""
    *complete, unfinished = stream.split(b"\n")
    out: list[bytes | _TooLong] = []
    for raw in complete:
        line = raw.removesuffix(b"\r")
        if line:
            out.append(line if _legal(line, max_line, max_tags) else TOO_LONG)
    if len(unfinished) > max_line + max_tags:
        out.append(TOO_LONG)  # reported as soon as it is past any legal length, then dropped
    return out


def _cut(data: bytes, cuts: list[int]) -> list[bytes]:
    points = sorted({min(c, len(data)) for c in cuts} | {0, len(data)})
    return [data[a:b] for a, b in itertools.pairwise(points)]


def _decode(decoder: LineDecoder, chunks: list[bytes]) -> list[bytes | _TooLong]:
    out: list[bytes | _TooLong] = []
    for chunk in chunks:
        if not chunk:
            continue  # b"" would mean end of stream
        for item in decoder.feed(chunk):
            if isinstance(item, LineTooLong):
                assert item.reply is not None
                assert item.reply.command == "417"
                out.append(TOO_LONG)
            else:
                assert isinstance(item, bytes)
                out.append(item)
    assert decoder.feed(b"") == []
    return out


# --- Messages ---


@settings(deadline=None)
@given(messages())
def test_serialize_then_parse_is_the_identity(message: Message) -> None:
    line = message.to_bytes()
    assert parse(line) == Message(
        message.command.upper(), message.params, message.source, message.tags
    )


# Any text at all, lone surrogates included, for the fields of a message we try to send.
_any_text = st.text(st.characters(exclude_categories=()), max_size=10)
_alnum = st.from_regex(r"[A-Za-z0-9]{0,5}", fullmatch=True)


@settings(deadline=None)
@given(
    st.one_of(commands, _alnum, _any_text),
    st.lists(st.one_of(middle_params, last_params, _any_text), max_size=MAX_PARAMS + 1).map(tuple),
    st.one_of(st.none(), sources, _any_text),
    st.dictionaries(tag_keys | _any_text, tag_values | _any_text, max_size=3),
)
@example("A1", (), None, {})  # alphanumeric, but not a command parse() accepts
@example("1234", (), None, {})
@example("PING", ("\ud83d",), None, {})  # half an emoji: not encodable
@example("PING", (), None, {"k": "\0"})  # NUL has no tag escape
def test_to_bytes_refuses_or_is_read_back_the_same(
    command: str, params: tuple[str, ...], source: str | None, tags: dict[str, str]
) -> None:
    # Fields valid or not, mixed: our own error, or a wire form that reads back the same.
    message = Message(command, params, source, tags)
    try:
        line = message.to_bytes()
    except LocalProtocolError:
        return
    assert parse(line) == Message(command.upper(), params, source, tags)


@settings(deadline=None)
@given(ircish_bytes)
def test_parse_of_any_bytes_gives_a_message_or_the_peers_error(data: bytes) -> None:
    try:
        message = parse(data)
    except RemoteProtocolError:
        return
    assert isinstance(message, Message)
    assert message.command.isascii()
    assert message.command == message.command.upper()
    assert len(message.params) <= MAX_PARAMS
    # What was read can be sent on unchanged, or is refused as our error; never a crash.
    try:
        line = message.to_bytes()
    except LocalProtocolError:
        return
    assert parse(line) == message


# --- Framing ---


_LONG_RUNS = [b"x" * 250, b"@" + b"t" * 4000, b"t" * 4000]
streams_with_long_lines = st.lists(
    st.one_of(ircish_bytes, st.sampled_from(_LONG_RUNS)), max_size=12
).map(b"".join)


@settings(deadline=None)
@given(
    st.one_of(ircish_bytes, streams_with_long_lines),
    st.lists(st.integers(min_value=0, max_value=40000), max_size=30),
)
def test_decoder_with_real_limits_on_any_bytes(stream: bytes, cuts: list[int]) -> None:
    decoder = LineDecoder()
    result = _decode(decoder, _cut(stream, cuts))
    assert result == _expected_lines(stream, MAX_LINE_BYTES, MAX_TAG_BYTES)
    for item in result:
        if item is not TOO_LONG:
            assert isinstance(item, bytes)
            assert item
            assert b"\n" not in item
            assert _legal(item, MAX_LINE_BYTES, MAX_TAG_BYTES)
    assert len(decoder._held) == 0


_SMALL_TOKENS = [b"\n", b"\r\n", b"\r", b"@", b" ", b"a", b"bcd", b"x" * 9, b"@k=v ", b"\xe2\x82"]


@settings(deadline=None)
@given(
    st.lists(st.sampled_from(_SMALL_TOKENS), max_size=60).map(b"".join),
    st.data(),
    st.integers(min_value=4, max_value=20),
    st.integers(min_value=2, max_value=20),
)
def test_decoder_with_small_limits_is_independent_of_chunking(
    stream: bytes, data: st.DataObject, max_line: int, max_tags: int
) -> None:
    expected = _expected_lines(stream, max_line, max_tags)
    cuts = data.draw(st.lists(st.integers(min_value=0, max_value=len(stream)), max_size=40))
    chunked = LineDecoder(max_line_bytes=max_line, max_tag_bytes=max_tags)
    assert _decode(chunked, _cut(stream, cuts)) == expected
    by_byte = LineDecoder(max_line_bytes=max_line, max_tag_bytes=max_tags)
    assert _decode(by_byte, [stream[i : i + 1] for i in range(len(stream))]) == expected
    assert len(by_byte._held) == 0


@settings(deadline=None)
@given(st.lists(messages(), max_size=8), st.lists(st.integers(0, 3000), max_size=20))
def test_encoder_to_decoder_to_parse_delivers_every_message(
    sent: list[Message], windows: list[int]
) -> None:
    encoder = LineEncoder()
    for message in sent:
        encoder.write(message)
    chunks = []
    for window in [*windows, len(encoder)]:
        chunk = encoder.pending(window)
        chunks.append(chunk)
        encoder.pop(len(chunk))
    assert len(encoder) == 0
    received = _decode(LineDecoder(), chunks)
    expected: list[bytes | _TooLong] = []
    for message in sent:
        line = message.to_bytes()
        expected.append(line if _legal(line, MAX_LINE_BYTES, MAX_TAG_BYTES) else TOO_LONG)
    assert received == expected
    for item, message in zip(received, sent, strict=True):
        if isinstance(item, bytes):
            assert parse(item) == Message(
                message.command.upper(), message.params, message.source, message.tags
            )


# --- Text ---

_text_with_breaks = st.text(
    st.one_of(
        st.characters(codec="utf-8"),
        st.sampled_from([" ", "\r", "\n", "\u200d", "\u0301", "\U0001f3fd", "\U0001f469"]),
    ),
    max_size=300,
)


@settings(deadline=None)
@given(_text_with_breaks, st.integers(min_value=4, max_value=120))
def test_split_text_keeps_to_the_budget_and_loses_only_spaces(text: str, max_bytes: int) -> None:
    pieces = split_text(text, max_bytes)
    for piece in pieces:
        assert piece
        assert 0 < utf8_length(piece) <= max_bytes
        assert "\r" not in piece
        assert "\n" not in piece
    assert "".join(pieces).replace(" ", "") == re.sub(r"[ \r\n]", "", text)


@settings(deadline=None)
@given(st.text(st.characters(codec="utf-8", exclude_characters=" \r\n")), st.integers(4, 50))
def test_split_text_without_spaces_is_lossless(text: str, max_bytes: int) -> None:
    assert "".join(split_text(text, max_bytes)) == text
