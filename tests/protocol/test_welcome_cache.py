"""The welcome's lines kept once per settings (welcome.py) stay each person's own and current."""

from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chatgui import limits
from chatgui.protocol.message import parse
from chatgui.protocol.names import nick_problem
from chatgui.protocol.server.model import ServerConfig
from chatgui.protocol.server.outgoing import Outgoing, SendFramed
from chatgui.protocol.server.state import ServerState
from tests.outgoing import lines_to


def sent(out: list[Outgoing], conn: int = 1) -> list[bytes]:
    """The lines to `conn` (ann, connection 1, unless said)."""
    return lines_to(out, conn)


def welcome(state: ServerState, conn: int, nick: str) -> list[bytes]:
    """What `nick` is sent from connecting to the end of the MOTD."""
    state.connected(conn, "127.0.0.1", 1.0)
    out = []
    for line in (f"NICK {nick}", f"USER {nick} 0 * :{nick}"):
        out += state.received(conn, line.encode(), 1.0)
    return sent(out, conn)


def without_counts(lines: list[bytes]) -> list[bytes]:
    """The lines but LUSERS' (their counts change as people arrive)."""
    counts = {"251", "252", "253", "254", "255"}
    return [line for line in lines if parse(line).command not in counts]


def test_two_welcomes_differ_only_in_the_name() -> None:
    state = ServerState(ServerConfig(motd=("Be kind.", "Ask for help.")))
    ann = without_counts(welcome(state, 1, "ann"))
    bob = without_counts(welcome(state, 2, "bob"))
    assert len(ann) > 8
    assert [line.replace(b"ann", b"bob") for line in ann] == bob
    assert all(parse(line).params[0] == "bob" for line in bob)


def test_settings_changed_while_running_show_in_the_next_welcome() -> None:
    state = ServerState(ServerConfig(motd=("Be kind.",), network="first"))
    assert b":chatgui.local 372 ann :- Be kind." in welcome(state, 1, "ann")
    state.config = replace(state.config, motd=("Lunch at noon.",), network="second")
    lines = welcome(state, 2, "bob")
    assert b":chatgui.local 372 bob :- Lunch at noon." in lines
    assert not any(b"Be kind" in line for line in lines)
    assert any(b"NETWORK=second" in line for line in lines)


def test_a_labeled_welcome_comes_in_one_labeled_batch_with_every_line_tagged() -> None:
    state = ServerState(ServerConfig())
    state.connected(1, "127.0.0.1", 1.0)
    state.received(1, b"CAP REQ :labeled-response batch", 1.0)
    state.received(1, b"NICK ann", 1.0)
    state.received(1, b"CAP END", 1.0)
    out = state.received(1, b"@label=w1 USER a 0 * :A", 1.0)
    messages = [parse(line) for line in sent(out)]
    start = messages[0]
    assert start.command == "BATCH"
    assert start.tags == {"label": "w1"}
    ref = start.params[0][1:]
    inside = [m for m in messages if m.tags.get("batch") == ref]
    assert len(inside) == len(messages) - 2
    assert {"001", "002", "005", "251", "375", "376"} <= {m.command for m in inside}
    assert all(m.params[0] == "ann" for m in inside)


NICKS = st.from_regex(r"[A-Za-z][A-Za-z0-9_\-\[\]{}|^`\\]{0,14}", fullmatch=True) | st.text(
    st.characters(exclude_categories=("Cs",)), min_size=1, max_size=15
).filter(lambda nick: nick_problem(nick) is None)
"""Names a person may take: plain ones, and any other the server accepts (Zoë, 李明)."""


@settings(max_examples=80, deadline=None)
@given(
    NICKS,
    st.text(st.sampled_from("abc XYZ:-,.é"), min_size=1, max_size=20).filter(str.strip),
    st.sampled_from(["127.0.0.1", "10.1.2.3", "fe80::1", "2001:db8::7"]),
)
def test_every_welcome_line_is_written_as_a_message_would_be(
    nick: str, network: str, address: str
) -> None:
    """The welcome's lines written straight to the wire (welcome.py) are the bytes
    Message.to_bytes writes for what they say, and say the same with a label's tags."""
    config = ServerConfig(network=network, motd=("Be kind.", ": a colon first"))
    state = ServerState(config)
    state.connected(1, address, 1.0)
    out = state.received(1, f"NICK {nick}".encode(), 1.0)
    out += state.received(1, f"USER sam 0 * :{nick}".encode(), 1.0)
    plain = sent(out)
    assert [parse(line).to_bytes() for line in plain] == plain
    assert parse(plain[0]).params[-1].endswith(f", {nick}!~sam@{address}")

    labeled = ServerState(config)
    labeled.connected(1, address, 1.0)
    for line in ("CAP REQ :labeled-response batch", f"NICK {nick}", "CAP END"):
        labeled.received(1, line.encode(), 1.0)
    out = labeled.received(1, f"@label=w1 USER sam 0 * :{nick}".encode(), 1.0)
    tagged = [parse(line) for line in sent(out)][1:-1]
    assert [replace(m, tags={}).to_bytes() for m in tagged] == plain


def registered(config: ServerConfig, *caps: str) -> ServerState:
    """A server where ann (connection 1) has registered, with `caps`."""
    state = ServerState(config)
    state.connected(1, "127.0.0.1", 1.0)
    lines = [f"CAP REQ :{' '.join(caps)}"] if caps else []
    for line in (*lines, "NICK ann", "USER a 0 * :Ann", *(["CAP END"] if caps else [])):
        state.received(1, line.encode(), 1.0)
    return state


def test_a_plain_welcome_is_one_piece_of_output() -> None:
    """001 to the MOTD's end go the whole way as one (welcome.py): one entry of output."""
    state = ServerState(ServerConfig(motd=("Be kind.",)))
    state.connected(1, "127.0.0.1", 1.0)
    state.received(1, b"NICK ann", 1.0)
    out = state.received(1, b"USER a 0 * :Ann", 1.0)
    assert [type(item) for item in out] == [SendFramed]
    commands = [parse(line).command for line in sent(out)]
    assert commands[0] == "001"
    assert commands[-1] == "376"
    assert {"002", "003", "004", "005", "251", "255", "375", "372"} <= set(commands)


@pytest.mark.parametrize("command", ["LUSERS", "MOTD", "VERSION"])
def test_a_labeled_lusers_motd_or_version_is_a_labeled_batch_of_the_same_lines(
    command: str,
) -> None:
    state = registered(ServerConfig(motd=("Be kind.",)), "labeled-response", "batch")
    plain = sent(state.received(1, command.encode(), 1.0))
    messages = [
        parse(line) for line in sent(state.received(1, f"@label=q {command}".encode(), 1.0))
    ]
    start, inside, end = messages[0], messages[1:-1], messages[-1]
    assert (start.command, start.tags) == ("BATCH", {"label": "q"})
    ref = start.params[0].removeprefix("+")
    assert (end.command, end.params) == ("BATCH", (f"-{ref}",))
    assert all(m.tags == {"batch": ref} for m in inside)
    assert [replace(m, tags={}).to_bytes() for m in inside] == plain


def test_a_labeled_motd_of_one_line_is_that_line_labeled() -> None:
    state = registered(ServerConfig(motd=()), "labeled-response", "batch")
    assert sent(state.received(1, b"@label=q MOTD", 1.0)) == [
        b"@label=q :chatgui.local 422 ann :MOTD File is missing"
    ]


def test_a_long_welcome_costs_its_registrant_one_line_for_each_flood_reply_lines() -> None:
    """A welcome written as one piece is charged by its lines (ServerState._charge_replies):
    with a MOTD of sixty lines it is far more than USER paid for."""

    def registered_timer(motd: tuple[str, ...]) -> tuple[float, int]:
        state = ServerState(ServerConfig(motd=motd))
        state.connected(1, "10.0.0.1", 1.0)
        state.received(1, b"NICK ann", 1.0)
        lines = sent(state.received(1, b"USER a 0 * :Ann", 1.0))
        return state.people[1].flood_timer, len(lines)

    short, short_lines = registered_timer(("Be kind.",))
    long, long_lines = registered_timer(tuple(f"Rule {n}" for n in range(60)))
    assert short_lines < 2 * limits.FLOOD_REPLY_LINES < long_lines
    more = long_lines // limits.FLOOD_REPLY_LINES - 1  # USER paid for one line
    assert long - short == pytest.approx(more * ServerConfig().flood_cost_s)
