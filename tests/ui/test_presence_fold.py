"""What one folded line of joins and leaves says (presence_fold.PresenceRun), folded and open."""

from __future__ import annotations

import pytest

from chatgui import limits
from chatgui.ui.presence_fold import PresenceRun


def run_of(*events: tuple[bool, str, str]) -> PresenceRun:
    run = PresenceRun("fold-0", 0.0)
    for joined, nick, reason in events:
        run.add(joined, nick, reason)
    return run


@pytest.mark.parametrize(
    ("events", "folded", "whole"),
    [
        ([(True, "Sam", "")], "Sam joined", "Sam joined"),
        ([(True, "Sam", ""), (True, "Ana", "")], "Sam and Ana joined", "Sam and Ana joined"),
        (
            [(True, "Sam", ""), (True, "Ana", ""), (True, "Bo", "")],
            "Sam, Ana and Bo joined",
            "Sam, Ana and Bo joined",
        ),
        (
            [(True, n, "") for n in ("Sam", "Ana", "Bo", "Eli")],
            "Sam, Ana and 2 others joined",
            "Sam, Ana, Bo and Eli joined",
        ),
        ([(False, "Sam", "Quit: bye")], "Sam left (Quit: bye)", "Sam left (Quit: bye)"),
        (
            [(False, "Sam", "Quit: bye"), (False, "Ana", ""), (True, "Bo", "")],
            "Bo joined; Sam and Ana left",
            "Bo joined; Sam (Quit: bye) and Ana left",
        ),
    ],
)
def test_what_a_run_says(events: list[tuple[bool, str, str]], folded: str, whole: str) -> None:
    run = run_of(*events)
    assert run.text(whole=False) == folded
    assert run.text(whole=True) == whole
    assert run.foldable() == (folded != whole)


def test_a_join_flood_is_counted_past_the_names_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits, "FOLDED_NAMES_MAX", 3)
    run = run_of(*[(True, f"bot{n}", "") for n in range(2000)])
    assert run.joined == ["bot0", "bot1", "bot2"]
    assert run.text(whole=False) == "bot0, bot1 and 1998 others joined"
    assert run.text(whole=True) == "bot0, bot1, bot2 and 1997 others joined"
