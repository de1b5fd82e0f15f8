"""MONITOR (modern.ircdocs.horse): told when a name comes and goes, over real sockets, and a
property that no list of names, however long or odd, grows a person's list past its limit."""

from __future__ import annotations

from collections.abc import Callable

from hypothesis import given, settings
from hypothesis import strategies as st

from chatgui import limits
from chatgui.protocol.server.model import ServerConfig
from chatgui.protocol.server.state import ServerState
from tests.lineclient import LineClient

Connect = Callable[..., LineClient]


def test_isupport_says_the_limit(connect: Connect) -> None:
    amy = connect()
    amy.send("NICK amy")
    amy.send("USER amy 0 * :Amy")
    amy.expect(rf" 005 amy .*MONITOR={limits.MONITOR_MAX_NAMES}\b")


def test_told_when_a_watched_name_comes_and_goes(connect: Connect) -> None:
    amy = connect("amy")
    amy.send("MONITOR + Bob,cyd")
    amy.expect(r" 731 amy :?Bob,cyd$")
    bob = connect("bob")
    amy.expect(r" 730 amy :?bob!\S+@127\.0\.0\.1$")
    bob.send("NICK robert")
    amy.expect(r" 731 amy :?bob$")
    bob.send("NICK bob")
    amy.expect(r" 730 amy :?bob!")
    bob.send("QUIT :bye")
    amy.expect(r" 731 amy :?bob$")
    amy.send("MONITOR L")
    amy.expect(r" 732 amy :?Bob,cyd$")
    amy.expect(r" 733 amy :")
    amy.send("MONITOR - bob")
    connect("bob")
    amy.expect_nothing(" 730 ", within=0.5)
    amy.send("MONITOR S")
    amy.expect(r" 731 amy :?cyd$")


def test_a_full_list_is_refused_with_the_names_left(connect: Connect) -> None:
    amy = connect("amy")
    names = [f"n{number}" for number in range(limits.MONITOR_MAX_NAMES + 2)]
    for start in range(0, len(names), 20):
        amy.send("MONITOR + " + ",".join(names[start : start + 20]))
    extra = ",".join(names[limits.MONITOR_MAX_NAMES :])
    amy.expect(rf" 734 amy {limits.MONITOR_MAX_NAMES} {extra} :Monitor list is full\.$")


def test_the_list_ends_with_the_connection(connect: Connect) -> None:
    amy = connect("amy")
    amy.send("MONITOR + bob")
    amy.expect(" 731 amy :?bob$")
    amy.send("QUIT")
    amy.expect_closed()
    connect("bob")
    amy2 = connect("amy")
    amy2.send("MONITOR L")
    amy2.expect(r" 733 amy ")
    amy2.expect_nothing(" 732 ", within=0.3)


NAMES = st.lists(st.text(st.characters(exclude_categories=("Cs", "Cc")), max_size=40), max_size=30)


@settings(max_examples=200, deadline=None)
@given(st.lists(NAMES, max_size=12))
def test_no_list_of_names_grows_past_the_limit(batches: list[list[str]]) -> None:
    state = ServerState(ServerConfig(rooms=("#class",)))
    state.connected(1, "10.0.0.1", 1.0)
    state.received(1, b"NICK amy", 1.0)
    state.received(1, b"USER u 0 * :amy", 1.0)
    for batch in batches:
        line = "MONITOR + :" + ",".join(name.replace("\n", "").replace("\r", "") for name in batch)
        state.received(1, line.encode(), 2.0)
        assert len(state.watchers.of(1)) <= limits.MONITOR_MAX_NAMES
        assert all(1 in conns for conns in state.watchers.by_name.values())
    state.disconnected(1, "gone", 3.0)
    assert not state.watchers.by_name
    assert not state.watchers.by_person
