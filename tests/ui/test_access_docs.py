"""The keyboard shortcuts table in docs/keyboard.md is the one Help shows (shortcuts.py), and
the accessibility page says what Tk can't do and is linked from the README."""

from __future__ import annotations

import re
from pathlib import Path

from chatgui.ui.shortcuts import SHORTCUTS

DOCS = Path(__file__).resolve().parents[2] / "docs"
TABLE = re.compile(r"<!-- shortcuts: begin -->\n(.*?)<!-- shortcuts: end -->", re.DOTALL)


def documented_shortcuts() -> list[tuple[str, str]]:
    found = TABLE.search((DOCS / "keyboard.md").read_text(encoding="utf-8"))
    assert found, "docs/keyboard.md has no shortcuts table between its markers"
    rows = [line.strip().strip("|").split("|") for line in found[1].splitlines()]
    cells = [tuple(cell.strip() for cell in row) for row in rows[2:]]  # after the heading
    assert all(len(row) == 2 for row in cells), cells
    return [(keys, what) for keys, what in cells]


def test_the_docs_table_is_the_one_help_shows() -> None:
    assert documented_shortcuts() == list(SHORTCUTS)


def test_the_accessibility_page_is_honest_and_linked() -> None:
    page = (DOCS / "accessibility.md").read_text(encoding="utf-8")
    for words in ("UI Automation", "AT-SPI", "NSAccessibility", "screen reader", "Ctrl+plus"):
        assert words in page
    readme = (DOCS.parent / "README.md").read_text(encoding="utf-8")
    assert "docs/accessibility.md" in readme
    assert "docs/keyboard.md" in readme
