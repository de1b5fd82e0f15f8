"""The smallest conversation: two people in the room, one message each way."""

import socket
import time
from collections.abc import Callable

from tests.lineclient import LineClient
from tests.net.server.netsupport import RunningServer


def test_two_people_talk(connect: Callable[..., LineClient]) -> None:
    amy = connect("amy")
    ben = connect("ben")
    amy.send("JOIN #class")
    amy.expect(r" 366 amy #class ")
    ben.send("JOIN #class")
    amy.expect(r"^:ben!\S+ JOIN #class$")
    amy.send("PRIVMSG #class :hello ben")
    assert ben.expect(r"PRIVMSG #class") == ":amy!~amy@127.0.0.1 PRIVMSG #class :hello ben"
    ben.send("PRIVMSG #class :hi amy")
    amy.expect(r"^:ben!~ben@127.0.0.1 PRIVMSG #class :hi amy$")


def test_a_message_sent_in_pieces_arrives_whole(connect: Callable[..., LineClient]) -> None:
    """The server holds a partial line only while its end is on the way (framing.py): a
    message cut anywhere, even inside a letter, still reaches the room as one line."""
    amy = connect("amy")
    ben = connect("ben")
    amy.send("JOIN #class")
    amy.expect(r" 366 amy #class ")
    ben.send("JOIN #class")
    amy.expect(r"^:ben!\S+ JOIN #class$")
    line = "PRIVMSG #class :café for everyone\r\n".encode()
    for piece in (line[:9], line[9:19], line[19:20], line[20:-1], line[-1:]):
        amy.send_raw(piece)
        time.sleep(0.05)  # each piece its own recv() on the server
    assert ben.expect(r"PRIVMSG #class") == ":amy!~amy@127.0.0.1 PRIVMSG #class :café for everyone"
    amy.send("PRIVMSG #class :and again")
    ben.expect(r"^:amy!\S+ PRIVMSG #class :and again$")


def test_the_room_sends_without_waiting_to_gather_a_full_packet(
    server: RunningServer, connect: Callable[..., LineClient]
) -> None:
    """Every connection the room serves has TCP_NODELAY, whether it set it itself or the
    listening socket handed it down (Linux): a line is sent at once, not held back by Nagle's
    wait for the last one's acknowledgement."""
    amy = connect("amy")
    socks = [c.sock for c in list(server.server._connections.values())]
    assert len(socks) == 1
    assert socks[0].getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) != 0
    amy.send("PING x")
    amy.expect(r" PONG ")
