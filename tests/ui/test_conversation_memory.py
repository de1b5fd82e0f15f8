"""A draft per conversation, as a property: whatever is typed in whichever conversations, in
whatever order they are switched, renamed and closed, the box shows exactly the text typed in
the conversation shown, and never anyone else's. A real InputBox in a Tk window."""

from __future__ import annotations

import tkinter

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chatgui.ui.conversation_memory import ConversationMemory
from chatgui.ui.input_box import InputBox, Outcome

KEYS = ("#class-chat", "#science", "sam", "aisha", "*")
STEPS = st.lists(
    st.one_of(
        st.tuples(
            st.just("type"),
            st.text(
                st.characters(codec="utf-8", exclude_categories=("Cc",)) | st.just("\n"), max_size=8
            ),
        ),
        st.tuples(st.just("show"), st.sampled_from(KEYS)),
        st.tuples(st.just("rename"), st.sampled_from(KEYS)),
        st.tuples(st.just("close"), st.sampled_from(KEYS)),
    ),
    max_size=30,
)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(steps=STEPS)
def test_the_box_shows_the_text_typed_in_the_conversation_shown(
    tk_root: tkinter.Tk, steps: list[tuple[str, str]]
) -> None:
    box = InputBox(tk_root, "TkDefaultFont", lambda text: Outcome.SENT, list)
    memory = ConversationMemory(box)
    typed: dict[str, str] = {}
    shown = KEYS[0]
    memory.entering(shown)
    renamed = 0
    for step, value in steps:
        if step == "type":
            box.widget.insert("end", value)
            typed[shown] = typed.get(shown, "") + value
        elif step == "show" and value != shown:
            memory.leaving(shown)
            memory.entering(value)
            shown = value
        elif step == "rename":  # a classmate's new name, also of the conversation shown
            renamed += 1
            new = f"{value}-{renamed}"
            memory.renamed(value, new)
            if value in typed:
                typed[new] = typed.pop(value)
            shown = new if shown == value else shown
        elif step == "close" and value != shown:
            memory.forget(value)
            typed.pop(value, None)
        assert box.get() == typed.get(shown, "")
    box.widget.destroy()
