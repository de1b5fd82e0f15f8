"""Saving a conversation (chatgui/ui/export.py): the text and HTML it writes, byte for byte
where it matters, and times with a date only when they are not today. No window needed."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from chatgui.ui.export import (
    LEFT_OUT,
    LEFT_OUT_NOTE,
    MARKED,
    Entry,
    as_html,
    as_text,
    chosen_entries,
    save,
    stamp,
)

NOW = time.mktime((2026, 11, 25, 14, 30, 0, 0, 0, -1))
MORNING = time.mktime((2026, 11, 25, 9, 5, 0, 0, 0, -1))
LAST_WEEK = time.mktime((2026, 11, 18, 16, 45, 0, 0, 0, -1))
ENTRIES = [
    Entry(LAST_WEEK, "Jürgen", "Tom & Jerry <script>alert(1)</script>", "message"),
    Entry(MORNING, "Zoë", "waves 👋", "action"),
    Entry(MORNING, "", "→ Sam joined", "notice"),
    Entry(MORNING, "Sam", "can I go first?", "message", to_helpers=True),
    Entry(MORNING, "Sam", "waits", "action", to_helpers=True),
    Entry(MORNING, "Ms_Rivera", "page 12", "message", role="host"),
    Entry(MORNING, "Ms_Rivera_", "it's me", "message"),
]


def test_times_carry_the_date_only_when_not_today() -> None:
    assert stamp(MORNING, NOW) == "09:05"
    assert stamp(LAST_WEEK, NOW) == "18 Nov 16:45"


def test_text_has_the_room_the_date_and_every_line_with_its_time() -> None:
    text = as_text("Café Ärger", ENTRIES, NOW)
    assert text.splitlines() == [
        "Café Ärger, saved on Wednesday 25 November 2026 at 14:30",
        "",
        "2026-11-18 16:45 Jürgen: Tom & Jerry <script>alert(1)</script>",
        "2026-11-25 09:05 * Zoë waves 👋",
        "2026-11-25 09:05 → Sam joined",
        "2026-11-25 09:05 Sam (to the host and helpers only): can I go first?",
        "2026-11-25 09:05 * Sam (to the host and helpers only) waits",
        "2026-11-25 09:05 Ms_Rivera [host]: page 12",
        "2026-11-25 09:05 Ms_Rivera_: it's me",
    ]


def test_html_escapes_everything_typed() -> None:
    page = as_html("<Room & co>", ENTRIES, NOW)
    assert "<title>&lt;Room &amp; co&gt;</title>" in page
    assert "<h1>&lt;Room &amp; co&gt;, saved on Wednesday 25 November 2026 at 14:30</h1>" in page
    assert (
        "<p><time>2026-11-18 16:45</time> <b>Jürgen:</b> "
        "Tom &amp; Jerry &lt;script&gt;alert(1)&lt;/script&gt;</p>"
    ) in page
    assert "<p><time>2026-11-25 09:05</time> <i>* <b>Zoë</b> waves 👋</i></p>" in page
    assert "<script>" not in page


def test_html_marks_a_line_only_the_host_and_helpers_saw() -> None:
    page = as_html("Café", ENTRIES, NOW)
    private = '<span class="private">(to the host and helpers only)</span>'
    assert f"<b>Sam {private}:</b> can I go first?</p>" in page
    assert f"<i>* <b>Sam</b> {private} waits</i>" in page
    assert page.count(private) == 2


def test_html_keeps_the_badge_the_line_was_shown_with() -> None:
    page = as_html("Café", ENTRIES, NOW)
    assert '<b>Ms_Rivera <span class="badge">host</span>:</b> page 12</p>' in page
    assert "<b>Ms_Rivera_:</b> it&#x27;s me</p>" in page
    assert page.count('class="badge"') == 1


@pytest.mark.parametrize(("name", "html"), [("a.html", True), ("a.HTM", True), ("a.txt", False)])
def test_save_picks_the_format_by_the_extension_and_writes_utf8(
    tmp_path: Path, name: str, html: bool
) -> None:
    path = tmp_path / name
    save(path, "Café", ENTRIES, NOW)
    content = path.read_bytes().decode("utf-8")
    assert content.startswith("<!DOCTYPE html>") is html
    assert "Zoë" in content
    assert "\r\n" not in content


def test_save_into_a_missing_folder_raises_for_the_window_to_explain(tmp_path: Path) -> None:
    with pytest.raises(OSError, match="No such file"):
        save(tmp_path / "gone" / "a.txt", "Café", ENTRIES, NOW)


def test_private_questions_are_kept_marked_or_left_out_as_the_saver_chooses() -> None:
    kept = as_text("#class", chosen_entries(ENTRIES, MARKED, MORNING), MORNING)
    assert "Sam (to the host and helpers only): can I go first?" in kept
    left = as_text("#class", chosen_entries(ENTRIES, LEFT_OUT, MORNING), MORNING)
    assert "can I go first?" not in left
    assert "waits" not in left
    assert LEFT_OUT_NOTE in left
    plain = [entry for entry in ENTRIES if not entry.to_helpers]
    assert chosen_entries(plain, LEFT_OUT, MORNING) == plain  # nothing to leave out, no note
