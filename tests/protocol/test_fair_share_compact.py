"""An address with nothing but connections (penalty run down, nobody waiting, nothing told) is
kept as a count, not a share object (fair_share.py): whenever that happens, every answer stays
the one the full share would have given."""

from hypothesis import example, given, settings
from hypothesis import strategies as st

from chatgui.protocol.server.fair_share import AddressShare, FairShare
from chatgui.protocol.server.model import ServerConfig
from chatgui.protocol.server.state import ServerState

ADDRESSES = ("10.0.0.1", "10.0.0.2")
addresses = st.sampled_from(ADDRESSES)
conns = st.integers(1, 4)
moves = st.one_of(
    st.tuples(st.just("arrive"), conns, addresses, st.just(0.0)),
    st.tuples(st.just("leave"), conns, addresses, st.just(0.0)),
    st.tuples(st.just("charge"), conns, addresses, st.integers(1, 5).map(float)),
    st.tuples(st.just("delay"), conns, addresses, st.floats(0, 1)),
    st.tuples(st.just("excuse"), conns, addresses, st.just(0.0)),
    st.tuples(st.just("flood"), conns, addresses, st.just(0.0)),
    st.tuples(st.just("wait"), conns, addresses, st.floats(0.01, 3)),
)


def _answer(share: FairShare, move: str, conn: int, address: str, arg: float, now: float) -> object:
    if move == "arrive":
        share.arrive(address, now)
    elif move == "leave":
        share.leave(conn, address, now)
    elif move == "charge":
        share.charge(address, int(arg), now)
    elif move == "delay":
        return share.delay(conn, address, arg, now)
    elif move == "excuse":
        share.excuse(conn, address)
    elif move == "flood":
        return share.first_flood(address, now)
    return share.over_budget(address, now)


@settings(max_examples=500)
@given(st.lists(moves, max_size=60))
@example(  # two wait their turn, and the penalty runs down before they ask again
    [
        ("arrive", 1, ADDRESSES[0], 0.0),
        ("arrive", 2, ADDRESSES[0], 0.0),
        ("charge", 1, "", 5.0),
        ("delay", 1, "", 0.0),
        ("delay", 2, "", 0.0),
        ("wait", 1, "", 6.0),
        ("delay", 2, "", 0.0),
    ]
)
def test_an_address_kept_as_a_count_answers_as_its_share_would(
    steps: list[tuple[str, int, str, float]],
) -> None:
    compacted, kept = FairShare(1.0, 1.0), FairShare(1.0, 1.0)
    now = 0.0
    here: dict[int, str] = {}  # connection -> its address, as the state calls it: only for those
    for move, conn, address, arg in steps:
        if move == "wait":
            now += arg
        elif move == "arrive":
            if conn in here:
                continue
            here[conn] = address
        elif conn not in here:
            continue
        else:
            address = here.pop(conn) if move == "leave" else here[conn]
        assert _answer(compacted, move, conn, address, arg, now) == _answer(
            kept, move, conn, address, arg, now
        )
        compacted.forget_idle(now)  # as often as can be: every step
    for address in ADDRESSES:
        assert compacted.over_budget(address, now) == kept.over_budget(address, now)


def test_an_idle_class_holds_no_share_object_per_computer() -> None:
    state = ServerState(ServerConfig(rooms=("#class",)))
    for conn in range(1, 31):
        state.connected(conn, f"10.0.0.{conn}", 0.0)
        for line in (f"NICK s{conn}", f"USER s{conn} 0 * :s", "JOIN #class"):
            state.received(conn, line.encode(), 0.0)
    assert any(isinstance(share, AddressShare) for share in state.shares.shares.values())
    state.tick(60.0)  # the lines' penalty has run down
    assert state.shares.shares == {f"10.0.0.{conn}": 1 for conn in range(1, 31)}
    state.received(1, b"PRIVMSG #class :hi", 61.0)
    share = state.shares.shares["10.0.0.1"]
    assert isinstance(share, AddressShare)
    assert share.connections == 1
    assert share.timer > 61.0
