"""A room of hundreds: what people hold the same is one object, and what few ever set is kept
apart, so an idle student's Person is small (model.Seldom, server/one_copy.py)."""

from chatgui.protocol import caps
from chatgui.protocol.server.model import Person, ServerConfig
from chatgui.protocol.server.state import ServerState

CAPS = f"{caps.SERVER_TIME} {caps.MESSAGE_TAGS} {caps.ECHO_MESSAGE}"


def _class_of(count: int, cap_ls: bool = True) -> ServerState:
    state = ServerState(ServerConfig().with_flood(None))
    for conn in range(1, count + 1):
        state.connected(conn, f"127.0.0.{conn}", 0.0)
        lines = ["CAP LS 302", f"CAP REQ :{CAPS}"] if cap_ls else []
        lines += [f"NICK Student{conn}", f"USER s{conn} 0 * :student", "CAP END"]
        for line in [*lines, "JOIN #class"]:
            state.received(conn, line.encode(), 0.0)
    return state


def test_people_with_the_same_capabilities_rooms_and_real_name_share_them() -> None:
    state = _class_of(3)
    first, *others = state.people.values()
    assert caps.SERVER_TIME in first.caps
    assert first.channels == ("#class",)
    for other in others:
        assert other.caps is first.caps
        assert other.channels is first.channels
        assert other.realname is first.realname


def test_a_real_name_that_is_the_nick_is_the_nick_itself() -> None:
    state = ServerState(ServerConfig())
    state.connected(1, "127.0.0.1", 0.0)
    for line in ("NICK Zoë", "USER zoe 0 * :Zoë"):
        state.received(1, line.encode(), 0.0)
    person = state.people[1]
    assert person.realname == "Zoë"
    assert person.realname is person.nick


def test_an_idle_student_keeps_nothing_of_what_few_set() -> None:
    state = _class_of(2, cap_ls=False)
    person = state.people[1]
    assert person.seldom is None
    assert person.away is None
    assert person.account is None
    assert not person.host_only
    state.received(1, b"AWAY :at lunch", 1.0)
    assert person.seldom is not None
    assert person.away == "at lunch"
    assert state.people[2].seldom is None
    assert state.people[2].away is None


def test_a_seldom_field_set_to_its_default_makes_nothing() -> None:
    person = Person(1, "127.0.0.1", 0.0)
    person.sasl_said = None
    person.last_cleared = float("-inf")
    assert person.seldom is None
    person.sasl_tries += 1
    assert person.seldom is not None
    assert person.sasl_tries == 1
