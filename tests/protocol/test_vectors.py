"""The community parser vectors (ircdocs parser-tests, CC0) run against parse() and to_bytes().

The data comes from the irc-parser-tests package as it ships: msg-split gives lines and the
atoms they must split into, msg-join gives atoms and every wire form that is acceptable.
"""

from __future__ import annotations

from typing import Any

import pytest
from parser_tests.data import msg_join, msg_split  # type: ignore[import-untyped]

from chatgui.protocol.message import Message, parse

SPLIT_CASES: list[dict[str, Any]] = msg_split["tests"]
JOIN_CASES: list[dict[str, Any]] = msg_join["tests"]


def _split_id(case: dict[str, Any]) -> str:
    return ascii(case["input"])


def _join_id(case: dict[str, Any]) -> str:
    return str(case["desc"]).rstrip(".")


def _message(atoms: dict[str, Any]) -> Message:
    return Message(
        atoms["verb"],
        tuple(atoms.get("params", ())),
        atoms.get("source"),
        dict(atoms.get("tags", {})),
    )


def test_the_package_ships_vectors() -> None:
    # Guards against a silently empty parametrization (an upgrade that renamed the keys).
    assert len(SPLIT_CASES) >= 30
    assert len(JOIN_CASES) >= 15


@pytest.mark.parametrize("case", SPLIT_CASES, ids=_split_id)
def test_msg_split(case: dict[str, Any]) -> None:
    atoms = case["atoms"]
    message = parse(case["input"].encode("utf-8"))
    assert message.command == atoms["verb"].upper()
    assert message.params == tuple(atoms.get("params", ()))
    assert message.source == atoms.get("source")
    assert message.tags == atoms.get("tags", {})


@pytest.mark.parametrize("case", SPLIT_CASES, ids=_split_id)
def test_msg_split_survives_a_round_trip(case: dict[str, Any]) -> None:
    message = parse(case["input"].encode("utf-8"))
    assert parse(message.to_bytes()) == message


@pytest.mark.parametrize("case", JOIN_CASES, ids=_join_id)
def test_msg_join(case: dict[str, Any]) -> None:
    line = _message(case["atoms"]).to_bytes()
    assert line.decode("utf-8") in case["matches"]


@pytest.mark.parametrize("case", JOIN_CASES, ids=_join_id)
def test_msg_join_matches_all_parse_back(case: dict[str, Any]) -> None:
    expected = _message(case["atoms"])
    for match in case["matches"]:
        assert parse(match.encode("utf-8")) == Message(
            expected.command.upper(), expected.params, expected.source, expected.tags
        )
