"""Emoji Tk can't draw, shown readably: a flag as "[flag FR]", a keycap as "[1]", joined
emoji as their parts side by side. A pure function with properties (hypothesis), and a real
window where a flag sent by a classmate over 127.0.0.1 reaches the transcript in that form,
while a saved transcript keeps what was sent."""

from __future__ import annotations

import tkinter

from hypothesis import given
from hypothesis import strategies as st

from chatgui.ui import export
from chatgui.ui.app import ChatApp
from chatgui.ui.emoji import readable
from chatgui.ui.symbols import clean
from tests.support import wait_until
from tests.ui.roomkit import CHANNEL, join_peer, transcript_text

FLAG_LETTERS = st.characters(min_codepoint=0x1F1E6, max_codepoint=0x1F1FF)
JOINERS = st.sampled_from(["\u200d", "\ufe0f", "\ufe0e", "\u20e3", "\U0001f3fd", "\U000e0067"])
EMOJI_TEXT = st.lists(
    st.one_of(st.text(max_size=5), FLAG_LETTERS, JOINERS, st.sampled_from("0123456789#*"))
).map("".join)
GROWTH_MAX = 5  # "[flag FR]" is 9 characters for 2, "[F]" 3 for 1
UNDRAWN = {chr(c) for c in range(0x1F1E6, 0x1F200)} | {"\u200d", "\u20e3"}
UNDRAWN |= {chr(c) for c in range(0xFE00, 0xFE10)} | {chr(c) for c in range(0x1F3FB, 0x1F400)}
UNDRAWN |= {chr(c) for c in range(0xE0020, 0xE0080)}


def test_the_forms_shown() -> None:
    assert readable("On y va 🇫🇷!") == "On y va [flag FR]!"
    assert readable("👨\u200d👩\u200d👧 family") == "👨👩👧 family"
    assert readable("👍🏽 ok") == "👍 ok"
    assert readable("press 1️⃣ or #⃣") == "press [1] or [#]"
    assert readable("🏴\U000e0067\U000e0062\U000e0065\U000e006e\U000e0067\U000e007f") == "🏴"
    assert readable("🇦🇧🇨") == "[flag AB][C]"
    assert clean("\x02bold\x02 🇩🇪") == "bold [flag DE]"


@given(EMOJI_TEXT)
def test_readable_is_bounded_idempotent_and_leaves_nothing_tk_cannot_draw(text: str) -> None:
    shown = readable(text)
    assert len(shown) <= GROWTH_MAX * len(text)
    assert readable(shown) == shown
    assert not UNDRAWN & set(shown)


@given(st.text())
def test_text_without_such_emoji_is_left_as_it_is(text: str) -> None:
    plain = "".join(ch for ch in text if ch not in UNDRAWN)
    assert readable(plain) == plain


def test_a_flag_from_a_classmate_is_shown_readably_and_saved_as_sent(
    host: ChatApp, tk_root: tkinter.Tk, port: int
) -> None:
    kim = join_peer(port, "Kim", tk_root, host)
    try:
        kim.send(f"PRIVMSG {CHANNEL} :On y va 🇫🇷 👨\u200d👩\u200d👧 1️⃣")
        wait_until(
            lambda: "On y va [flag FR] 👨👩👧 [1]" in transcript_text(host),
            10,
            tk_root,
            what="the flag in the transcript as [flag FR]",
        )
        assert "🇫" not in transcript_text(host)
        assert host.page is not None
        entries = host.page.view.transcripts[CHANNEL].entries
        saved = export.as_text("Class chat", entries, now=0)
        assert "On y va 🇫🇷 👨\u200d👩\u200d👧 1️⃣" in saved
    finally:
        kim.close()
