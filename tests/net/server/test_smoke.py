"""The smallest conversation: two people in the room, one message each way."""

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
