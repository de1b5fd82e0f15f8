"""`serve --flood off|RATE/BURST` and `serve --max-per-address off|N`: the room's flood control
and its cap on connections from one computer, as a benchmark or a big lab needs them.

A value that can't be used stops serve with one line saying what to type, and exit code 2.
"""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chatgui import limits
from chatgui.cli.options import build_parser
from chatgui.cli.room_limits import parse_flood, parse_per_address
from chatgui.cli.serve_config import server_config
from chatgui.net.server import ServerConfig
from tests.cli.test_serve_discovery import free_port, serve, stop, wait_for_line
from tests.lineclient import LineClient


def config_of(*options: str) -> ServerConfig:
    return server_config(build_parser().parse_args(["serve", *options]))


def test_the_defaults_are_the_limits() -> None:
    config = config_of()
    assert (config.flood_cost_s, config.flood_allowance_s) == (
        limits.FLOOD_COST_S,
        limits.FLOOD_ALLOWANCE_S,
    )
    assert config.max_per_address == limits.MAX_CONNECTIONS_PER_ADDRESS
    same = config_of("--flood", f"{limits.FLOOD_LINES_PER_S}/{limits.FLOOD_BURST_LINES}")
    assert (same.flood_cost_s, same.flood_allowance_s) == (0.1, 10.0)


def test_off_lifts_flood_control_and_the_cap() -> None:
    config = config_of("--flood", "off", "--max-per-address", "off")
    assert (config.flood_cost_s, config.flood_allowance_s) == (0.0, 0.0)
    assert config.max_per_address is None


def test_a_rate_and_a_burst() -> None:
    config = config_of("--flood", "5/10", "--max-per-address", "300")
    assert (config.flood_cost_s, config.flood_allowance_s) == (0.2, 2.0)
    assert config.max_per_address == 300


@pytest.mark.parametrize(
    ("option", "value", "problem"),
    [
        ("--flood", "0", "--flood needs LINES/BURST"),
        ("--flood", "-5/10", "--flood needs LINES/BURST"),
        ("--flood", "fast", "--flood needs LINES/BURST"),
        ("--flood", "10/", "--flood needs LINES/BURST"),
        ("--flood", "0/10", "--flood needs LINES/BURST"),
        ("--flood", "10/0", "--flood needs LINES/BURST"),
        ("--flood", "inf/10", "--flood needs LINES/BURST"),
        ("--max-per-address", "0", "--max-per-address needs"),
        ("--max-per-address", "-1", "--max-per-address needs"),
        ("--max-per-address", "many", "--max-per-address needs"),
        ("--max-per-address", str(limits.MAX_CONNECTIONS + 1), "--max-per-address needs"),
    ],
)
def test_a_value_that_cant_be_used_says_why(option: str, value: str, problem: str) -> None:
    with pytest.raises(ValueError, match=problem):
        config_of(f"{option}={value}")


def test_serve_stops_on_a_bad_value_with_one_line_and_code_2(tmp_path: Path) -> None:
    process = serve(tmp_path, "--port", str(free_port()), "--no-announce", "--flood", "fast")
    out, err = process.communicate(timeout=20)
    assert process.returncode == 2
    assert err.splitlines() == [
        "chatgui serve: --flood needs LINES/BURST (lines a second each person may send, "
        "and how many at once), like 10/100, or off; not 'fast'"
    ]
    assert out == ""


def test_serve_with_both_off_lets_60_connections_from_one_computer_in(tmp_path: Path) -> None:
    """What a benchmark runs: `serve --flood off --max-per-address off`; 60 people from
    127.0.0.1 all come in (the default cap would refuse the 51st)."""
    port = free_port()
    process = serve(
        tmp_path, "--port", str(port), "--no-announce", "--no-history",
        "--flood", "off", "--max-per-address", "off",
    )  # fmt: skip
    people: list[LineClient] = []
    try:
        wait_for_line(process, "The room is open", 20.0)
        for i in range(60):
            people.append(LineClient(port))
            people[-1].register(f"p{i}")
        people[-1].send("PING :still-here")
        people[-1].expect(r" PONG \S+ :?still-here$")
        assert not any("Too many connections" in line for p in people for line in p.seen)
    finally:
        for person in people:
            person.close()
        stop(process)


def test_help_shows_both(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        build_parser().parse_args(["serve", "--help"])
    shown = " ".join(capsys.readouterr().out.split())
    assert "--flood LINES/BURST" in shown
    assert "--max-per-address N" in shown
    assert f"(default {limits.FLOOD_LINES_PER_S}/{limits.FLOOD_BURST_LINES})" in shown
    assert f"(default {limits.MAX_CONNECTIONS_PER_ADDRESS})" in shown


def _flood_or_problem(text: str) -> tuple[float, int] | str | None:
    try:
        return parse_flood(text)
    except ValueError as problem:
        return str(problem)


@given(st.text(max_size=30))
def test_any_flood_text_is_a_rate_or_refused_in_words(text: str) -> None:
    """Whatever is typed: off, a finite positive rate and a whole burst of at least one
    line, or a ValueError that names the option."""
    flood = _flood_or_problem(text)
    if isinstance(flood, str):
        assert flood.startswith("--flood needs LINES/BURST")
    elif flood is None:
        assert text.strip().lower() == "off"
    else:
        rate, burst = flood
        assert math.isfinite(rate)
        assert rate > 0
        assert isinstance(burst, int)
        assert burst >= 1


@given(
    st.integers(min_value=1, max_value=100_000),
    st.integers(min_value=1, max_value=100_000),
)
def test_a_written_rate_reads_back(rate: int, burst: int) -> None:
    assert parse_flood(f"{rate}/{burst}") == (rate, burst)
    assert parse_flood(f" {rate}.5/{burst} ") == (rate + 0.5, burst)


@given(st.text(max_size=12))
def test_any_cap_text_is_a_number_off_or_refused(text: str) -> None:
    try:
        cap: int | str | None = parse_per_address(text)
    except ValueError as problem:
        cap = str(problem)
    if isinstance(cap, str):
        assert cap.startswith("--max-per-address needs")
    elif cap is not None:
        assert 1 <= cap <= limits.MAX_CONNECTIONS
