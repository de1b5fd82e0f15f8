"""A connection keeps no decoder between lines (server_connection.py): it is made when bytes
arrive and let go once it holds nothing of a line. However a client's bytes are cut, hostile
ones included, the lines and errors come out as one decoder kept for the whole stream gives
them, and the connection holds a decoder only while part of a line waits.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chatgui import limits
from chatgui.net.server_connection import Connection, client_decoder
from chatgui.protocol.framing import LineTooLong

LONGEST = limits.MAX_CLIENT_TAG_BYTES + limits.MAX_LINE_BYTES


@pytest.fixture(scope="module")
def sock() -> Iterator[socket.socket]:
    ours, theirs = socket.socketpair()
    yield ours
    ours.close()
    theirs.close()


def _comparable(items: list[bytes | LineTooLong]) -> list[bytes | str]:
    return [item if isinstance(item, bytes) else f"too long: {item}" for item in items]


PIECE = st.one_of(
    st.binary(max_size=60),
    st.sampled_from([b"\r\n", b"\n", b"\r", b"@", b" ", b"PING :x\r\n"]),
    st.integers(LONGEST - 4, LONGEST + 4).map(lambda n: b"x" * n),
    st.integers(limits.MAX_CLIENT_TAG_BYTES - 2, limits.MAX_CLIENT_TAG_BYTES + 3).map(
        lambda n: b"@" + b"t" * n + b" PING :x\r\n"
    ),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(PIECE, max_size=30), st.lists(st.integers(1, 3000), max_size=12))
def test_lines_come_out_as_from_one_decoder_however_the_bytes_are_cut(
    sock: socket.socket, pieces: list[bytes], cuts: list[int]
) -> None:
    stream = b"".join(pieces)
    chunks: list[bytes] = []
    at = 0
    for size in cuts:
        chunks.append(stream[at : at + size])
        at += size
    chunks = [chunk for chunk in [*chunks, stream[at:]] if chunk]
    conn = Connection(1, sock, "127.0.0.1", "127.0.0.1", lambda c, m: None)
    whole = client_decoder()
    got: list[bytes | LineTooLong] = []
    expected: list[bytes | LineTooLong] = []
    for chunk in chunks:
        got += conn.lines_in(chunk)
        expected += whole.feed(chunk)
        assert (conn.decoder is None) == whole.holds_nothing
    assert _comparable(got) == _comparable(expected)


def test_a_line_cut_anywhere_is_held_by_a_decoder_only_until_its_end(sock: socket.socket) -> None:
    conn = Connection(1, sock, "127.0.0.1", "127.0.0.1", lambda c, m: None)
    assert conn.decoder is None
    assert conn.lines_in(b"NICK amy\r\nPRIVMSG #class :hel") == [b"NICK amy"]
    assert conn.decoder is not None
    assert conn.lines_in(b"lo\r\n") == [b"PRIVMSG #class :hello"]
    assert conn.decoder is None
