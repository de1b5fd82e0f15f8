"""parse() reads every line exactly as the plain reading below does, on any bytes at all.

parse() is written for speed (every received line passes through it on the client's thread,
which shares the GIL with the window's): the line decoded once, parameters split in one go.
REFERENCE is the parser as first written, a step at a time: each part decoded on its own,
parameters read one by one. Both must give the same Message, or both refuse the line.
"""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from chatgui.limits import MAX_PARAMS
from chatgui.protocol.errors import RemoteProtocolError
from chatgui.protocol.message import Message, parse, unescape_tag_value
from tests.protocol.test_properties import ircish_bytes


def reference(line: bytes) -> Message:
    """The plain reading: tags, source, command, then one parameter at a time."""
    if b"\0" in line or b"\r" in line or b"\n" in line:
        raise RemoteProtocolError("NUL, CR or LF")
    tags: dict[str, str] = {}
    rest = line
    if rest.startswith(b"@"):
        tag_bytes, _, rest = rest.partition(b" ")
        for item in tag_bytes[1:].decode("utf-8", errors="replace").split(";"):
            key, _, value = item.partition("=")
            if key:
                tags[key] = unescape_tag_value(value)
    text = rest.decode("utf-8", errors="replace").lstrip(" ")
    source = None
    if text.startswith(":"):
        word, _, text = text.partition(" ")
        source = word[1:]
        if not source:
            raise RemoteProtocolError("empty source")
    command, _, text = text.lstrip(" ").partition(" ")
    if not (command.isascii() and (command.isalpha() or (command.isdigit() and len(command) == 3))):
        raise RemoteProtocolError("no command")
    params: list[str] = []
    text = text.lstrip(" ")
    while text:
        if text.startswith(":"):
            params.append(text[1:])
            break
        word, _, text = text.partition(" ")
        params.append(word)
        text = text.lstrip(" ")
    if len(params) > MAX_PARAMS:
        raise RemoteProtocolError("too many parameters")
    return Message(command.upper(), tuple(params), source, tags)


def _read(read: object, line: bytes) -> Message | None:
    """The Message, or None when the line is refused (with the peer's error, nothing else)."""
    assert callable(read)
    try:
        message = read(line)
    except RemoteProtocolError:
        return None
    assert isinstance(message, Message)
    return message


_PIECES = [b"@", b":", b" ", b"  ", b" :", b";", b"=", b"\\", b"\\s", b"a", b"PRIVMSG", b"001"]
_PIECES += [b"#r", b"\xe2\x82", b"\xe2\x82\xac", b"\xff", b"\xc3", b"\xc3\xa9", b"\t", b"\x85"]
_PIECES += [b"\xc2\xa0", b"time=2026-12-07T05:09:58.700Z", b"msgid=3cef-4", b"\0", b"\r"]
lines = st.one_of(
    ircish_bytes,
    st.lists(st.sampled_from(_PIECES), max_size=60).map(b"".join),
    st.text(max_size=80).map(lambda text: text.encode("utf-8", errors="surrogatepass")),
)


@settings(deadline=None, max_examples=2000)
@given(lines)
@example(b"@a=b\xe2\x82 :s PRIVMSG #r :x")  # a cut character just before the space
@example(b"@a=\xe2\x82\xac\\s :s\xff PRIVMSG \xc3 #r  :\xe2 x ")
@example(b"PRIVMSG a  :b :c")
@example(b":s  PRIVMSG")  # two spaces after the source
@example(b" " + b"a " * (MAX_PARAMS + 1))  # one parameter too many
@example(b"PING " + b"a " * (MAX_PARAMS - 1) + b":b c")  # as many as allowed
@example(b"PRIVMSG #r\xc2\xa0x :y")  # a no-break space is not a space
@example(b"PRIVMSG #r\tx :y")
def test_parse_reads_every_line_as_the_plain_reading(line: bytes) -> None:
    assert _read(parse, line) == _read(reference, line)


def test_a_channel_message_as_rooms_send_it() -> None:
    line = b"@time=2026-12-07T05:09:58.700Z;msgid=3c-4 :sam!~s@10.0.0.5 PRIVMSG #class :hi there"
    assert (
        parse(line)
        == reference(line)
        == Message(
            "PRIVMSG",
            ("#class", "hi there"),
            "sam!~s@10.0.0.5",
            {"time": "2026-12-07T05:09:58.700Z", "msgid": "3c-4"},
        )
    )
