"""Tags are written with one str.translate and one set test (message.py), not a look at each
character: the result is the character-by-character rule's for any text."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chatgui.protocol.errors import LocalProtocolError
from chatgui.protocol.message import Message, escape_tag_value

ESCAPES = {";": "\\:", " ": "\\s", "\\": "\\\\", "\r": "\\r", "\n": "\\n"}
"""IRCv3 message-tags' escapes, one character at a time."""
NOT_IN_NAMES = "=; \r\n\0@"

# Text rich in the characters that matter, and any other that UTF-8 can carry.
texts = st.text(st.one_of(st.sampled_from(list("=; \\\r\n\0@:sa")), st.characters(codec="utf-8")))


@given(texts)
def test_a_value_is_escaped_as_each_character_says(value: str) -> None:
    assert escape_tag_value(value) == "".join(ESCAPES.get(char, char) for char in value)


@given(texts)
def test_a_tag_name_is_refused_exactly_when_it_holds_a_forbidden_character(key: str) -> None:
    message = Message("TAGMSG", ("#r",), None, {key: "v"})
    if not key or any(char in key for char in NOT_IN_NAMES):
        with pytest.raises(LocalProtocolError):
            message.to_bytes()
    else:
        assert message.to_bytes().startswith(b"@")
