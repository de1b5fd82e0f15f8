"""without_controls returns text without any control character as it is: for any text, that
is what taking out escapes and controls gives (text.py's full path)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from chatgui.protocol.text import _TERMINAL_ESCAPE, _WITHOUT_CONTROLS, without_controls


def slow_without_controls(text: str) -> str:
    """The full path: every terminal escape, then every control character, looked for."""
    return _TERMINAL_ESCAPE.sub("", text).translate(_WITHOUT_CONTROLS)


# Text rich in controls and escapes' pieces, in letters, and in anything else.
pieces = st.one_of(
    st.characters(max_codepoint=0xA0),
    st.sampled_from(["\x1b[2J", "\x1b]0;title\x07", "\x9b31m", "\x02", "\x03", "\t", "é", "[J"]),
    st.characters(),
)
texts = st.lists(pieces, max_size=30).map("".join)


@given(texts)
def test_without_controls_is_the_full_paths_result(text: str) -> None:
    assert without_controls(text) == slow_without_controls(text)


@given(st.text(st.characters(exclude_categories=("Cc",))))
def test_text_without_controls_is_kept_as_it_is(text: str) -> None:
    assert without_controls(text) == text == slow_without_controls(text)
