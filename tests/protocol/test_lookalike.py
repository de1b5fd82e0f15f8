"""Look-alike names: UTS #39 skeletons from the vendored confusables table.

The table is generated (scripts/make-confusables.py); these check that it says what Unicode's
file says for the letters a class will try, and that the rules never crash on any text.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chatgui.protocol.lookalike import (
    could_pass_for,
    looks_the_same,
    prototype,
    resemblance,
    skeleton,
)
from chatgui.protocol.names import casefold, is_valid_nick


@pytest.mark.parametrize(
    ("name", "twin"),
    [
        ("Ms_KeIIy", "Ms_Kelly"),  # capital I for small l
        ("Ms_Ke11y", "Ms_Kelly"),  # digit one
        ("\u0408\u043e", "Jo"),  # Cyrillic Je and o
        ("\u0391\u039d\u039d\u0391", "ANNA"),  # Greek capitals
        ("B0B", "BOB"),
        ("Sarn", "Sam"),  # r and n side by side read as m
    ],
    ids=ascii,
)
def test_names_that_look_the_same(name: str, twin: str) -> None:
    assert skeleton(name) == skeleton(twin)
    assert looks_the_same(name, twin)


@pytest.mark.parametrize(
    ("name", "other"),
    [("Sam", "Sam_2"), ("Sam", "Sammy"), ("Zo\u00eb", "Zoe"), ("\u674e\u660e", "\u674e\u7f8e")],
    ids=ascii,
)
def test_names_that_are_visibly_different(name: str, other: str) -> None:
    assert not looks_the_same(name, other)


def test_one_name_in_two_cases_is_the_same_name_not_a_look_alike() -> None:
    assert not looks_the_same("Sam", "SAM")


@pytest.mark.parametrize(
    "name",
    [
        "Ms_Rivera_",
        "Ms_Rivera_2",
        "ms-rivera",
        "MsRivera",
        "MS_RIVERA",
        "Ms_RIVERA9",
        "Ms_Rivera_\u0663",
    ],
    ids=ascii,
)
def test_what_could_pass_for_the_teachers_name(name: str) -> None:
    assert could_pass_for(name, "Ms_Rivera")


@pytest.mark.parametrize("name", ["Ms_Riviera", "Rivera", "Ms_Rivera_Fan", "Aisha"])
def test_what_could_not(name: str) -> None:
    assert not could_pass_for(name, "Ms_Rivera")


def test_resemblance_keeps_a_name_made_only_of_digits_and_marks() -> None:
    assert resemblance("__") == skeleton("__").replace("_", "")


@given(st.text(max_size=40))
def test_the_skeleton_never_fails_and_is_stable(text: str) -> None:
    """UTS #39's skeleton is idempotent (its prototypes map to themselves); ours folds case
    after it, so the folded skeleton of the folded skeleton is the folded skeleton."""
    assert prototype(prototype(text)) == prototype(text)
    assert skeleton(text) == casefold(prototype(text))
    resemblance(text)
    could_pass_for(text, text[::-1])


@given(st.text(max_size=30))
def test_a_valid_name_looks_like_itself_only_in_another_case(name: str) -> None:
    if is_valid_nick(name):
        if casefold(name.upper()) == casefold(name):
            assert not looks_the_same(name, name.upper())
        assert could_pass_for(name, name)
