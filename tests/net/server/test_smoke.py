"""The smallest conversation: two people in the room, one message each way."""

import time
from collections.abc import Callable

from tests.lineclient import LineClient


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
