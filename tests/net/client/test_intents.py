"""The client's intent methods (RoomRequests, which ChatClient inherits) send the lines a
chatgui server reads for each thing a teacher or student means: the window calls these and
never builds a line itself."""

from collections.abc import Callable

from chatgui.protocol.client.requests import RoomRequests
from chatgui.protocol.message import Message


class Sent(RoomRequests):
    """RoomRequests whose lines are kept as text instead of sent."""

    def __init__(self) -> None:
        self.lines: list[str] = []

    def _send_lines(self, lines: list[Message]) -> None:
        self.lines += [m.to_bytes().decode() for m in lines]


def sent(ask: Callable[[Sent], None]) -> list[str]:
    client = Sent()
    ask(client)
    return client.lines


def test_people() -> None:
    assert sent(lambda c: c.mute("#c", "Sam")) == ["MODE #c +b m:Sam!*@*"]
    assert sent(lambda c: c.mute("#c", "Sam", take_voice=True)) == [
        "MODE #c +b m:Sam!*@*",
        "MODE #c -v Sam",
    ]
    assert sent(lambda c: c.unmute("#c", ["Sam!*@*"], give_voice="Sam")) == [
        "MODE #c -b m:Sam!*@*",
        "MODE #c +v Sam",
    ]
    assert sent(lambda c: c.remove("#c", "Sam", "spam")) == ["KICK #c Sam spam"]
    assert sent(lambda c: c.ban("#c", "Sam", "spam", "10.0.0.7")) == [
        "MODE #c +b Sam!*@*",
        "MODE #c +b *!*@10.0.0.7",
        "KICK #c Sam spam",
    ]
    assert sent(lambda c: c.lift_bans("#c", ["Sam!*@*"])) == ["MODE #c -b Sam!*@*"]
    assert sent(lambda c: c.list_bans("#c")) == ["MODE #c b"]
    assert sent(lambda c: c.let_in("#c", "Sam")) == ["INVITE Sam #c"]
    assert sent(lambda c: c.make_helper("#c", "Sam", helper=False)) == ["MODE #c -o Sam"]


def test_the_room() -> None:
    assert sent(lambda c: c.lock_room("#c", True)) == ["MODE #c +i"]
    assert sent(lambda c: c.set_room_password("#c", "")) == ["MODE #c -k *"]
    assert sent(lambda c: c.quiet_room("#c", False)) == ["MODE #c -m"]
    assert sent(lambda c: c.stop_renames("#c", True)) == ["MODE #c +N"]
    assert sent(lambda c: c.slow_mode("#c", 30)) == ["MODE #c +W 30"]
    assert sent(lambda c: c.slow_mode("#c", 0)) == ["MODE #c -W"]
    assert sent(lambda c: c.set_topic("#c", "")) == ["TOPIC #c :"]
    assert sent(lambda c: c.clear_screen("#c")) == ["@+chatgui.invalid/clear-screen TAGMSG #c"]
    assert sent(lambda c: c.set_modes(("#c", "+l", "30"))) == ["MODE #c +l 30"]
    assert sent(lambda c: c.raise_hand("#c")) == ["HAND #c"]
    assert sent(lambda c: c.lower_hand("#c", "Sam")) == ["HAND #c - Sam"]


def test_every_room() -> None:
    assert sent(lambda c: c.list_rooms()) == ["LIST"]
    assert sent(lambda c: c.close_room("#g1", "done")) == ["ROOMS CLOSE #g1 done"]
    assert sent(lambda c: c.ask_student_rooms()) == ["ROOMS STUDENTS"]
    assert sent(lambda c: c.let_students_open_rooms(True)) == ["ROOMS STUDENTS ON"]
