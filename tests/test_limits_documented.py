"""docs/limits.md lists every limit in chatgui/limits.py with its value: the docs can't drift."""

import ast
import re
from pathlib import Path

from chatgui import limits

ROOT = Path(__file__).resolve().parent.parent


def test_every_limit_is_documented_with_its_value() -> None:
    table = (ROOT / "docs" / "limits.md").read_text(encoding="utf-8")
    names = [name for name in vars(limits) if re.fullmatch(r"[A-Z][A-Z0-9_]+", name)]
    assert len(names) > 30
    for name in names:
        row = re.search(rf"^\| `{name}` \| `([^`]*)` \|", table, re.MULTILINE)
        assert row is not None, f"{name} is missing from docs/limits.md"
        assert ast.literal_eval(row.group(1)) == getattr(limits, name), f"{name} differs"
