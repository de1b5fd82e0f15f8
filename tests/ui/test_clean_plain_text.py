"""Text made safe to show (symbols.clean) is the same whether or not it was searched: plain
text, which skips the searches for control characters and undrawable emoji, has neither."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from chatgui.ui import emoji, symbols

CHARACTERS = st.one_of(
    st.characters(max_codepoint=0x7F),  # ASCII, its control characters and tab included
    st.sampled_from("\x03\x1b[\u200d\ufe0f\u20e3\U0001f1eb\U0001f1f7\U0001f44d\U0001f3fdé日"),
    st.characters(),
)


def searched(text: str) -> str:
    """clean() as it was, every text searched."""
    return emoji._UNDRAWN.sub(emoji._shown, symbols._FORMATTING.sub("", text.replace("\t", "    ")))


@given(st.text(CHARACTERS, max_size=40))
def test_clean_is_the_same_as_searching_every_text(text: str) -> None:
    assert symbols.clean(text) == searched(text)


@given(st.text(CHARACTERS, max_size=40))
def test_readable_is_the_same_as_searching_every_text(text: str) -> None:
    assert emoji.readable(text) == emoji._UNDRAWN.sub(emoji._shown, text)
