"""Framing: LineDecoder fed in any chunks, its limits at N and N+1; LineEncoder's partial sends.

The decoder must give the same lines however recv() cut the stream, never hold more than one
line's limit, report an over-long line exactly once with the 417 reply, and carry on after it.
"""

from __future__ import annotations

import gc
import random

import pytest

from chatgui.limits import MAX_LINE_BYTES, MAX_TAG_BYTES
from chatgui.protocol import numerics
from chatgui.protocol.errors import LocalProtocolError, RemoteProtocolError
from chatgui.protocol.framing import LineDecoder, LineEncoder, LineTooLong, framed
from chatgui.protocol.message import Message, parse

STREAM = (
    b"@time=2024-01-01T00:00:00Z :sam!s@h PRIVMSG #class :caf\xc3\xa9 \xe2\x82\xac\r\n"
    b"PING :x\n"
    b"\r\n"
    b"\n"
    b":server 001 sam :Welcome\r\n"
    b"PRIVMSG #class :\xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x92\xbb ok\r\n"
)
STREAM_LINES = [
    b"@time=2024-01-01T00:00:00Z :sam!s@h PRIVMSG #class :caf\xc3\xa9 \xe2\x82\xac",
    b"PING :x",
    b":server 001 sam :Welcome",
    b"PRIVMSG #class :\xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x92\xbb ok",
]


class _TooLong:
    """Stands for a LineTooLong in expected results (a str would trip -bb next to bytes)."""

    def __repr__(self) -> str:
        return "TOO_LONG"


TOO_LONG = _TooLong()


def _chunks(data: bytes, rng: random.Random, max_size: int) -> list[bytes]:
    out = []
    position = 0
    while position < len(data):
        size = rng.randint(1, max_size)
        out.append(data[position : position + size])
        position += size
    return out


def _feed_all(decoder: LineDecoder, chunks: list[bytes]) -> list[bytes | _TooLong]:
    """Every result of feeding `chunks`, with errors shown as TOO_LONG (checked on the way)."""
    out: list[bytes | _TooLong] = []
    for chunk in chunks:
        for item in decoder.feed(chunk):
            if isinstance(item, LineTooLong):
                _check_error(item)
                out.append(TOO_LONG)
            else:
                out.append(item)
    return out


def _check_error(error: LineTooLong) -> None:
    assert isinstance(error, RemoteProtocolError)
    assert error.reply == Message(numerics.ERR_INPUTTOOLONG, ("*", "Input line was too long"))
    assert error.reply.command == "417"


# --- Any chunking gives the same lines ---


def test_whole_stream_at_once() -> None:
    assert LineDecoder().feed(STREAM) == STREAM_LINES


def test_one_byte_at_a_time() -> None:
    decoder = LineDecoder()
    out = _feed_all(decoder, [STREAM[i : i + 1] for i in range(len(STREAM))])
    assert out == STREAM_LINES


@pytest.mark.parametrize("seed", range(20))
def test_random_chunks(seed: int) -> None:
    rng = random.Random(seed)
    chunks = _chunks(STREAM * 3, rng, max_size=rng.choice([2, 7, 40, 200]))
    assert b"".join(chunks) == STREAM * 3
    assert _feed_all(LineDecoder(), chunks) == STREAM_LINES * 3


def test_every_single_cut() -> None:
    for cut in range(1, len(STREAM)):
        out = _feed_all(LineDecoder(), [STREAM[:cut], STREAM[cut:]])
        assert out == STREAM_LINES, f"cut at byte {cut}"


def test_crlf_and_bare_lf_both_end_a_line() -> None:
    assert LineDecoder().feed(b"A\r\nB\nC\r\n") == [b"A", b"B", b"C"]


def test_a_cr_split_from_its_lf_is_still_removed() -> None:
    decoder = LineDecoder()
    assert decoder.feed(b"PING x\r") == []
    assert decoder.feed(b"\n") == [b"PING x"]


def test_only_one_cr_is_removed() -> None:
    # A stray CR inside the line is kept, so parse() can refuse the line as the peer's error.
    (line,) = LineDecoder().feed(b"PING x\r\r\n")
    assert line == b"PING x\r"
    with pytest.raises(RemoteProtocolError):
        parse(line)


def test_empty_lines_are_skipped() -> None:
    assert LineDecoder().feed(b"\n\r\n\n\r\nPING\n\n") == [b"PING"]


def test_an_unfinished_line_waits() -> None:
    decoder = LineDecoder()
    assert decoder.feed(b"PRIVMSG #r :hal") == []
    assert decoder.feed(b"f\r\nPI") == [b"PRIVMSG #r :half"]
    assert decoder.feed(b"NG\r\n") == [b"PING"]


# --- End of stream ---


def test_eof_drops_an_unfinished_line() -> None:
    decoder = LineDecoder()
    assert decoder.feed(b"PING a\r\nPRIVMSG #r :cut of") == [b"PING a"]
    assert decoder.feed(b"") == []
    assert decoder.closed


def test_feeding_after_eof_is_our_error() -> None:
    decoder = LineDecoder()
    decoder.feed(b"")
    with pytest.raises(LocalProtocolError):
        decoder.feed(b"PING\r\n")
    with pytest.raises(LocalProtocolError):
        decoder.feed(b"")


def test_a_new_decoder_is_open() -> None:
    assert not LineDecoder().closed


# --- The line limit, at N and N+1 ---


def _body(content_bytes: int) -> bytes:
    prefix = b"PRIVMSG #r :"
    return prefix + b"x" * (content_bytes - len(prefix))


def test_a_body_of_exactly_max_line_bytes_passes() -> None:
    body = _body(MAX_LINE_BYTES - 2)
    assert len(body + b"\r\n") == MAX_LINE_BYTES
    assert LineDecoder().feed(body + b"\r\n") == [body]


def test_max_line_bytes_counts_crlf_even_when_only_lf_is_sent() -> None:
    body = _body(MAX_LINE_BYTES - 2)
    assert LineDecoder().feed(body + b"\n") == [body]
    assert _feed_all(LineDecoder(), [_body(MAX_LINE_BYTES - 1) + b"\n"]) == [TOO_LONG]


def test_a_body_of_max_line_bytes_plus_one_is_refused_with_417() -> None:
    body = _body(MAX_LINE_BYTES - 1)
    assert len(body + b"\r\n") == MAX_LINE_BYTES + 1
    (error,) = LineDecoder().feed(body + b"\r\n")
    assert isinstance(error, LineTooLong)
    _check_error(error)
    assert error.reply is not None
    assert error.reply.to_bytes() == b"417 * :Input line was too long"


@pytest.mark.parametrize("content", [MAX_LINE_BYTES - 2, MAX_LINE_BYTES - 1])
def test_the_line_limit_holds_byte_at_a_time(content: int) -> None:
    data = _body(content) + b"\r\n"
    out = _feed_all(LineDecoder(), [data[i : i + 1] for i in range(len(data))])
    assert out == ([_body(content)] if content == MAX_LINE_BYTES - 2 else [TOO_LONG])


def test_the_line_limit_does_not_count_tags() -> None:
    line = b"@" + b"k=" + b"v" * 1000 + b" " + _body(MAX_LINE_BYTES - 2)
    assert LineDecoder().feed(line + b"\r\n") == [line]
    longer = b"@" + b"k=" + b"v" * 1000 + b" " + _body(MAX_LINE_BYTES - 1)
    assert _feed_all(LineDecoder(), [longer + b"\r\n"]) == [TOO_LONG]


# --- The tag limit, at N and N+1 ---


def _tag_section(size: int) -> bytes:
    """A tag section of `size` bytes, counting its '@' and the space after it."""
    return b"@k=" + b"v" * (size - 4) + b" "


@pytest.mark.parametrize(("size", "passes"), [(MAX_TAG_BYTES, True), (MAX_TAG_BYTES + 1, False)])
def test_the_tag_section_limit(size: int, passes: bool) -> None:
    tags = _tag_section(size)
    assert len(tags) == size
    line = tags + b"PING x"
    whole = _feed_all(LineDecoder(), [line + b"\r\n"])
    by_byte = _feed_all(LineDecoder(), [bytes([b]) for b in line + b"\r\n"])
    assert whole == by_byte == ([line] if passes else [TOO_LONG])


def test_the_largest_legal_line_passes_byte_at_a_time() -> None:
    line = _tag_section(MAX_TAG_BYTES) + _body(MAX_LINE_BYTES - 2)
    data = line + b"\r\n"
    assert len(data) == MAX_TAG_BYTES + MAX_LINE_BYTES
    assert _feed_all(LineDecoder(), [data[i : i + 1] for i in range(len(data))]) == [line]


@pytest.mark.parametrize(("size", "passes"), [(MAX_TAG_BYTES, True), (MAX_TAG_BYTES + 1, False)])
def test_a_line_of_tags_alone(size: int, passes: bool) -> None:
    # Without a space the tag section is the whole line plus the space it would need.
    line = _tag_section(size)[:-1]
    assert _feed_all(LineDecoder(), [line + b"\n"]) == ([line] if passes else [TOO_LONG])


def test_custom_limits() -> None:
    decoder = LineDecoder(max_line_bytes=10, max_tag_bytes=6)
    assert decoder.feed(b"12345678\r\n") == [b"12345678"]
    assert _feed_all(decoder, [b"123456789\r\n"]) == [TOO_LONG]
    assert decoder.feed(b"@a=bc 12345678\n") == [b"@a=bc 12345678"]
    assert _feed_all(decoder, [b"@a=bcd 1\n"]) == [TOO_LONG]


# --- A line that never ends ---


def test_a_line_that_never_ends_is_reported_once_and_the_buffer_stays_bounded() -> None:
    decoder = LineDecoder()
    errors = 0
    chunk = b"x" * 4096
    for _ in range(256):  # 1 MiB without a line feed
        for item in decoder.feed(chunk):
            assert isinstance(item, LineTooLong)
            _check_error(item)
            errors += 1
        assert len(decoder._held) <= MAX_TAG_BYTES + MAX_LINE_BYTES
    assert errors == 1
    assert decoder.feed(b"still the same line\r\nPING after\r\n") == [b"PING after"]


def test_a_line_that_never_ends_reports_once_byte_at_a_time() -> None:
    decoder = LineDecoder()
    data = b"y" * (MAX_TAG_BYTES + MAX_LINE_BYTES + 100)
    out = _feed_all(decoder, [data[i : i + 1] for i in range(len(data))])
    assert out == [TOO_LONG]
    assert len(decoder._held) <= MAX_TAG_BYTES + MAX_LINE_BYTES
    assert decoder.feed(b"\nPING ok\n") == [b"PING ok"]


def test_an_unfinished_line_within_the_limit_is_not_reported_early() -> None:
    decoder = LineDecoder()
    data = _tag_section(MAX_TAG_BYTES) + _body(MAX_LINE_BYTES - 2) + b"\r"
    assert decoder.feed(data) == []
    assert decoder.feed(b"\n") == [data[:-1]]


def test_the_connection_lives_on_after_an_over_long_line() -> None:
    decoder = LineDecoder()
    data = b"PING a\r\n" + _body(MAX_LINE_BYTES) + b"\r\nPING b\r\n"
    assert _feed_all(decoder, [data]) == [b"PING a", TOO_LONG, b"PING b"]


@pytest.mark.parametrize("seed", range(10))
def test_over_long_lines_in_random_chunks(seed: int) -> None:
    rng = random.Random(seed)
    endless = b"z" * (MAX_TAG_BYTES + MAX_LINE_BYTES + rng.randint(1, 3000))
    data = b"PING 1\r\n" + endless + b"\r\nPING 2\r\n" + _body(600) + b"\nPING 3\n"
    chunks = _chunks(data, rng, max_size=rng.choice([1, 100, 5000]))
    out = _feed_all(LineDecoder(), chunks)
    assert out == [b"PING 1", TOO_LONG, b"PING 2", TOO_LONG, b"PING 3"]


def test_eof_while_skipping() -> None:
    decoder = LineDecoder()
    assert _feed_all(decoder, [b"w" * (MAX_TAG_BYTES + MAX_LINE_BYTES + 1)]) == [TOO_LONG]
    assert decoder.feed(b"") == []
    with pytest.raises(LocalProtocolError):
        decoder.feed(b"\n")


# --- LineEncoder ---


def test_encoder_adds_crlf() -> None:
    encoder = LineEncoder()
    encoder.write(Message("PRIVMSG", ("#r", "hi there")))
    encoder.write_line(b"PING x")
    assert encoder.pending() == b"PRIVMSG #r :hi there\r\nPING x\r\n"
    assert len(encoder) == len(encoder.pending())


@pytest.mark.parametrize("line", [b"PING\r", b"PING\nQUIT", b"\n"], ids=ascii)
def test_encoder_refuses_line_breaks(line: bytes) -> None:
    encoder = LineEncoder()
    with pytest.raises(LocalProtocolError):
        encoder.write_line(line)
    assert len(encoder) == 0


def test_encoder_refuses_a_bad_message_and_keeps_what_it_had() -> None:
    encoder = LineEncoder()
    encoder.write_line(b"PING 1")
    with pytest.raises(LocalProtocolError):
        encoder.write(Message("PRIVMSG", ("#r", "a\nb")))
    assert encoder.pending() == b"PING 1\r\n"


@pytest.mark.parametrize("seed", range(20))
def test_partial_sends_lose_and_repeat_nothing(seed: int) -> None:
    rng = random.Random(seed)
    encoder = LineEncoder()
    written = bytearray()
    sent = bytearray()
    for step in range(200):
        if rng.random() < 0.4:
            message = Message("PRIVMSG", ("#r", f"line {step} \u20ac" + "x" * rng.randint(0, 300)))
            encoder.write(message)
            written += message.to_bytes() + b"\r\n"
        window = rng.randint(0, 600)
        pending = encoder.pending(window)
        assert len(pending) == min(window, len(encoder))
        taken = rng.randint(0, len(pending))  # send() may take less than offered
        sent += pending[:taken]
        encoder.pop(taken)
    sent += encoder.pending(len(encoder))
    encoder.pop(len(encoder))
    assert bytes(sent) == bytes(written)
    assert len(encoder) == 0
    assert encoder.pending() == b""


def test_pending_is_bounded_by_max_bytes() -> None:
    encoder = LineEncoder()
    for i in range(10000):
        encoder.write_line(b"PING %d" % i)
    total = len(encoder)
    assert len(encoder.pending()) == 65536 < total
    assert len(encoder.pending(100)) == 100
    assert encoder.pending(0) == b""
    assert encoder.pending(total + 10) == encoder.pending(total)
    assert len(encoder.pending(total + 10)) == total


def test_pop_beyond_pending_is_our_error() -> None:
    encoder = LineEncoder()
    encoder.write_line(b"PING")
    with pytest.raises(LocalProtocolError):
        encoder.pop(7)
    with pytest.raises(LocalProtocolError):
        encoder.pop(-1)
    assert encoder.pending() == b"PING\r\n"
    encoder.pop(6)
    assert len(encoder) == 0
    encoder.pop(0)
    with pytest.raises(LocalProtocolError):
        encoder.pop(1)


def test_drain_offers_what_waits_until_send_takes_less_and_keeps_the_rest() -> None:
    """A socket's send() takes what fits: drain() offers at most max_bytes at a time, stops
    when less is taken, and keeps exactly the rest, in order."""
    encoder = LineEncoder()
    for line in (b"PING 1", b"PING 22", b"PING 333"):
        encoder.write_line(line)
    offered: list[bytes] = []

    def send(data: bytes | bytearray | memoryview) -> int:
        offered.append(bytes(data))
        return 10 if len(offered) == 1 else 4

    assert encoder.drain(send, max_bytes=10) == 13
    assert offered == [b"PING 1\r\nPI", b"NG 22\r\nPIN"]
    assert encoder.pending() == b"2\r\nPING 333\r\n"


def test_drain_keeps_everything_when_send_raises() -> None:
    encoder = LineEncoder()
    encoder.write_line(b"PING 1")

    def full(data: bytes | bytearray | memoryview) -> int:
        raise BlockingIOError

    with pytest.raises(BlockingIOError):
        encoder.drain(full)
    assert encoder.pending() == b"PING 1\r\n"


def test_a_framed_line_is_written_once_for_many_encoders() -> None:
    line = framed(b"PRIVMSG #r :hi")
    encoders = [LineEncoder() for _ in range(3)]
    for encoder in encoders:
        encoder.write_framed(line)
    assert [e.pending() for e in encoders] == [b"PRIVMSG #r :hi\r\n"] * 3
    with pytest.raises(LocalProtocolError):
        framed(b"PRIVMSG #r :a\nb")


# --- Memory: a room of hundreds of idle people holds no buffer for any of them ---


def _own_buffers(framer: LineDecoder | LineEncoder) -> list[bytes | bytearray | list[bytes]]:
    """The byte buffers and lists of lines `framer` holds: none at all, or only the shared
    empty bytes."""
    return [
        ref
        for ref in gc.get_referents(framer)
        if isinstance(ref, bytearray | list) or (isinstance(ref, bytes) and ref)
    ]


def test_a_decoder_that_never_held_a_partial_line_holds_no_buffer() -> None:
    decoder = LineDecoder()
    assert _own_buffers(decoder) == []
    assert decoder.feed(b"NICK sam\r\nUSER sam 0 * :Sam\r\n") == [b"NICK sam", b"USER sam 0 * :Sam"]
    assert _own_buffers(decoder) == []


def test_a_partial_line_is_held_until_its_end_comes_then_let_go() -> None:
    decoder = LineDecoder()
    assert decoder.feed(b"PRIVMSG #class :hel") == []
    assert _own_buffers(decoder) == [b"PRIVMSG #class :hel"]
    assert decoder.feed(b"lo\r") == []
    assert decoder.feed(b"\nPING :x\r\n") == [b"PRIVMSG #class :hello", b"PING :x"]
    assert _own_buffers(decoder) == []


def test_a_skipped_over_long_line_leaves_no_buffer() -> None:
    decoder = LineDecoder()
    [error] = decoder.feed(b"x" * (MAX_TAG_BYTES + MAX_LINE_BYTES + 1))
    assert isinstance(error, LineTooLong)
    assert _own_buffers(decoder) == []
    assert decoder.feed(b"xx\r\nPING :x\r\n") == [b"PING :x"]


def test_a_decoder_says_when_it_holds_nothing_of_a_line() -> None:
    """What lets a connection keep no decoder between lines (server_connection.py): nothing
    held means no partial line, no long line being skipped, and not ended."""
    decoder = LineDecoder()
    assert decoder.holds_nothing
    decoder.feed(b"PRIVMSG #class :hel")
    assert not decoder.holds_nothing
    decoder.feed(b"lo\r\n")
    assert decoder.holds_nothing
    decoder.feed(b"x" * (MAX_TAG_BYTES + MAX_LINE_BYTES + 1))
    assert not decoder.holds_nothing  # skipping to the long line's end
    decoder.feed(b"x\r\n")
    assert decoder.holds_nothing
    decoder.feed(b"")
    assert not decoder.holds_nothing  # ended: it must go on refusing more


def test_an_encoder_holds_a_buffer_only_while_output_waits() -> None:
    encoder = LineEncoder()
    assert _own_buffers(encoder) == []
    encoder.write_line(b"PING :x")
    encoder.write_line(b"PING :y")
    assert encoder.pending(4) == b"PING"
    encoder.pop(4)
    assert len(encoder) == len(b" :x\r\nPING :y\r\n")
    encoder.pop(len(encoder.pending()))
    assert (len(encoder), encoder.pending()) == (0, b"")
    assert _own_buffers(encoder) == []
    encoder.write_line(b"PING :z")
    assert encoder.pending() == b"PING :z\r\n"


def test_a_line_for_many_encoders_is_one_object_until_sent() -> None:
    """A room's line waits in each member's encoder as the one framed object, not a copy each
    (a class joining at once grew hundreds of copies side by side), and goes to send() as it
    is when it is all that waits."""
    line = framed(b"JOIN #class")
    encoders = [LineEncoder() for _ in range(3)]
    for encoder in encoders:
        encoder.write_framed(line)
    for encoder in encoders:
        assert [ref for ref in gc.get_referents(encoder) if isinstance(ref, list)] == [[line]]
        assert next(r for r in gc.get_referents(encoder) if isinstance(r, list))[0] is line
    offered: list[bytes | bytearray | memoryview] = []

    def send(data: bytes | bytearray | memoryview) -> int:
        offered.append(data)
        return len(data)

    assert encoders[0].drain(send) == 0
    assert offered[0] is line
    assert _own_buffers(encoders[0]) == []


def test_drain_of_lines_a_send_takes_part_of_keeps_the_rest_then_the_next_lines() -> None:
    encoder = LineEncoder()
    encoder.write_line(b"PING 1")
    encoder.write_line(b"PING 22")
    taken: list[bytes] = []

    def send(data: bytes | bytearray | memoryview) -> int:
        taken.append(bytes(data)[:5])
        return 5

    assert encoder.drain(send) == len(b"PING 1\r\nPING 22\r\n") - 5
    encoder.write_line(b"PING 333")
    assert encoder.pending() == b"1\r\nPING 22\r\nPING 333\r\n"
    assert taken == [b"PING "]
    assert encoder.drain(lambda data: len(data)) == 0
    assert (len(encoder), _own_buffers(encoder)) == (0, [])


def test_drain_keeps_the_lines_when_send_raises_at_once() -> None:
    encoder = LineEncoder()
    encoder.write_line(b"PING 1")
    encoder.write_line(b"PING 2")

    def full(data: bytes | bytearray | memoryview) -> int:
        raise BlockingIOError

    with pytest.raises(BlockingIOError):
        encoder.drain(full)
    assert encoder.pending() == b"PING 1\r\nPING 2\r\n"
