"""Ban, mute and WHO masks: '*' and '?' matched without a regex, so no mask a student types
can keep the server busy (issue 14: `WHO *a*a*a*a*a*a*a*a*a*b` froze every room 4.7 s).
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chatgui.protocol.client import room_settings
from chatgui.protocol.masks import mask_matches, wildcard_match
from chatgui.protocol.names import casefold


def by_regex(mask: str, text: str) -> bool:
    """The meaning of a mask, written as the regex the server used to build."""
    pattern = "".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in mask)
    return re.fullmatch(pattern, text, re.DOTALL) is not None


masks = st.text(alphabet="ab*?", max_size=8)
texts = st.text(alphabet="ab", max_size=10)


@given(masks, texts)
def test_the_matcher_agrees_with_the_regex_on_small_masks(mask: str, text: str) -> None:
    assert wildcard_match(mask, text) == by_regex(mask, text)


@given(
    st.text(alphabet="aZ[]{}\\|~^!@.*?\u00e9", max_size=10),
    st.text(alphabet="aAzZ[]{}\\|~^!@.\u00e9\u00c9", max_size=12),
)
def test_ban_masks_follow_rfc1459_case(mask: str, prefix: str) -> None:
    """ "Sam[1]" and "sam{1}" are one person, whichever side the capitals are on."""
    whole = mask if "!" in mask or "@" in mask else mask + "!*@*"
    assert mask_matches(mask, prefix) == by_regex(casefold(whole), casefold(prefix))


@pytest.mark.parametrize(
    ("mask", "prefix", "covered"),
    [
        ("Sam!*@*", "sam!~sam@10.0.0.7", True),
        ("SAM[1]!*@*", "sam[1]!~sam@10.0.0.7", True),
        ("SAM[1]!*@*", "sam{1}!~sam@10.0.0.7", False),  # rfc1459's [ and { are not one letter
        ("Zo\u00cb!*@*", "zo\u00eb!~u@10.0.0.7", True),
        ("*!*@10.0.0.?", "Kim!~kim@10.0.0.7", True),
        ("*!*@10.0.0.?", "Kim!~kim@10.0.0.17", False),
        ("Sam", "Sam!~sam@10.0.0.7", True),  # a bare nick means nick!*@*
        ("Sam", "Samantha!~sam@10.0.0.7", False),
        ("*", "anyone!~u@h", True),
        ("", "!~u@h", True),  # an empty mask means !*@*
    ],
)
def test_mask_examples(mask: str, prefix: str, covered: bool) -> None:
    assert mask_matches(mask, prefix) == covered


CLASS = [f"{'a' * 26}{n:03d}!~{'a' * 10}@127.0.0.{n % 250}" for n in range(1000)]
"""A thousand people whose names are nearly all 'a': the worst case for a backtracking regex."""


@pytest.mark.timeout(20)
@pytest.mark.parametrize(
    "mask",
    [
        "*a" * 9 + "*b",  # the line from the issue
        "*a" * 255 + "*b",  # 512 bytes
        "*?a" * 170 + "*b",
        "*a?" * 170 + "??",
        "*" + "a" * 40 + "*" + "?" * 200 + "*b",
    ],
)
def test_a_512_byte_mask_against_a_thousand_people_finishes(mask: str) -> None:
    """Each of these takes a backtracking regex hours per person; pytest-timeout fails it."""
    assert len(mask) <= 512
    assert not [prefix for prefix in CLASS if mask_matches(mask, prefix)]


def test_a_long_mask_that_fits_still_matches() -> None:
    mask = "*a" * 20 + "*!*@127.0.0.1?"
    assert [p for p in CLASS if mask_matches(mask, p)] == [
        p for p in CLASS if p.endswith(tuple(f"@127.0.0.1{d}" for d in "0123456789"))
    ]


@given(masks, texts)
def test_the_window_uses_the_same_matcher(mask: str, nick: str) -> None:
    """The host's window finds the mutes that cover someone with the server's rules."""
    assert room_settings.matches(mask, nick, "10.0.0.7") == by_regex(mask, f"{nick}!*@10.0.0.7")
