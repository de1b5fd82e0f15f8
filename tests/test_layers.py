"""The import rules of docs/architecture.md, "Who may import whom", checked on every
chatgui/**/*.py.

The rules are the tables between the document's `<!-- layers: begin -->` and
`<!-- layers: end -->` markers, read here: the plan and its check can't drift apart. Reads
source with `ast` only (importing the modules could not show the rule: threading is already
in sys.modules at start-up). Imports nothing from chatgui.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parent.parent
PACKAGE = PROJECT / "chatgui"
PLAN = PROJECT / "docs" / "architecture.md"
BEGIN, END = "<!-- layers: begin -->", "<!-- layers: end -->"


@dataclass(frozen=True)
class Layer:
    may_import: tuple[str, ...]
    """chatgui modules this layer may import (each with its submodules), besides itself."""
    never: tuple[str, ...] = ()
    """Modules outside chatgui (stdlib or third party) this layer must never import."""
    public_only: bool = False
    """Other layers may import only the package itself (its __init__), never a module in it."""


def dotted(path: str) -> str:
    """A path of the table (inside chatgui/) as a module name: `net/loop.py` is chatgui.net.loop,
    `net/` the package chatgui.net, `__init__.py` the package chatgui itself."""
    if path == "__init__.py":
        return "chatgui"
    if not re.fullmatch(r"([a-z_]+/)*([a-z_]+\.py|[a-z_]+/)", path):
        raise ValueError(f"{path!r} is neither a module (x.py) nor a folder (x/) of chatgui")
    return "chatgui." + path.removesuffix("/").removesuffix(".py").replace("/", ".")


def names_in(cell: str) -> tuple[str, ...]:
    """The `quoted` names of a table cell; "—" is none."""
    names = tuple(re.findall(r"`([^`]+)`", cell))
    if not names and cell.strip() != "—":
        raise ValueError(f"a cell of the layer table names nothing: {cell!r} (write — for none)")
    return names


def read_plan(text: str) -> dict[str, Layer]:
    """Every row of every table between the markers, keyed by the module or package it is for."""
    layers: dict[str, Layer] = {}
    for block in re.findall(f"{BEGIN}(.*?){END}", text, flags=re.DOTALL):
        rows = [line for line in block.strip().splitlines() if line.startswith("|")]
        header = [cell.strip() for cell in rows[0].strip("|").split("|")]
        for row in rows[2:]:
            cells = dict(zip(header, (c.strip() for c in row.strip("|").split("|")), strict=True))
            (path,) = names_in(cells["Layer"])
            key = dotted(path)
            if key in layers:
                raise ValueError(f"{path} has two rows in the layer table")
            layers[key] = Layer(
                may_import=tuple(map(dotted, names_in(cells["May import (besides itself)"]))),
                never=names_in(cells["Never imports"]),
                public_only="only" in cells.get("Others import", ""),
            )
    if not layers:
        raise ValueError(f"no layer table between {BEGIN} and {END} in {PLAN}")
    return layers


LAYERS = read_plan(PLAN.read_text(encoding="utf-8"))
PUBLIC_ONLY = tuple(key for key, layer in LAYERS.items() if layer.public_only)


@dataclass(frozen=True)
class Violation:
    path: str
    line: int
    imported: str
    why: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: imports {self.imported!r}: {self.why}"


def within(module: str, prefix: str) -> bool:
    return module == prefix or module.startswith(prefix + ".")


def covers(name: str, module: str) -> bool:
    """True if `module` is `name` or in it; "chatgui" is only the package itself."""
    return module == name if name == "chatgui" else within(module, name)


def layer_of(module: str) -> str | None:
    """The longest key of LAYERS that `module` is in."""
    matches = [k for k in LAYERS if covers(k, module)]
    return max(matches, key=len) if matches else None


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PROJECT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def is_module(name: str) -> bool:
    """True if `name` is a chatgui module or package in this tree."""
    if not within(name, "chatgui"):
        return False
    base = PROJECT.joinpath(*name.split("."))
    return base.with_suffix(".py").is_file() or (base / "__init__.py").is_file()


def imports_of(source: str, module: str, is_package: bool) -> list[tuple[int, str]]:
    """(line, absolute module name) for every import in `source`, relative ones resolved."""
    package = module if is_package else module.rpartition(".")[0]
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                parts = package.split(".")
                if node.level - 1 >= len(parts):
                    found.append((node.lineno, "." * node.level + (node.module or "")))
                    continue
                base = ".".join(parts[: len(parts) - (node.level - 1)])
                target = f"{base}.{node.module}" if node.module else base
            else:
                target = node.module or ""
            for alias in node.names:
                sub = f"{target}.{alias.name}"
                found.append((node.lineno, sub if is_module(sub) else target))
        elif isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name in ("import_module", "__import__"):
                found.append((node.lineno, f"<dynamic {name}()>"))
    return sorted(set(found))


def check_source(source: str, relpath: str) -> list[Violation]:
    """Every import in `source` (the file at `relpath` under the project) that breaks the rules."""
    path = PROJECT / relpath
    module = module_name(path)
    layer_key = layer_of(module)
    if layer_key is None:
        why = f"this module is in no layer of {PLAN.name}'s table (give it a row)"
        return [Violation(relpath, 1, module, why)]
    layer = LAYERS[layer_key]
    violations: list[Violation] = []
    for line, found in imports_of(source, module_name(path), path.name == "__init__.py"):
        imported = found
        if imported.startswith(("<dynamic", ".")):
            why = f"imports must be static and resolvable ({PLAN.name}, Who may import whom)"
            violations.append(Violation(relpath, line, imported, why))
        elif within(imported, "chatgui"):
            allowed = (layer_key, *layer.may_import)
            if not any(covers(a, imported) for a in allowed):
                may = ", ".join(layer.may_import) or "nothing"
                why = f"{layer_key} may import only {may} in chatgui"
                violations.append(Violation(relpath, line, imported, why))
            elif any(within(imported, p) and imported != p != layer_key for p in PUBLIC_ONLY):
                why = "other layers use only the package's public API (its __init__)"
                violations.append(Violation(relpath, line, imported, why))
        else:
            banned = [name for name in layer.never if within(imported, name)]
            if banned:
                why = f"{layer_key} must never import {banned[0]} (never: {' '.join(layer.never)})"
                violations.append(Violation(relpath, line, imported, why))
    return violations


SOURCES = sorted(PACKAGE.rglob("*.py"))


def test_the_package_has_sources() -> None:
    assert (PACKAGE / "__init__.py") in SOURCES


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(PROJECT)))
def test_imports_follow_the_layers(path: Path) -> None:
    relpath = str(path.relative_to(PROJECT))
    violations = check_source(path.read_text(encoding="utf-8"), relpath)
    assert not violations, f"{PLAN.name} 'Who may import whom' broken:\n" + "\n".join(
        map(str, violations)
    )


# The cases name modules as the table does (net/, store/, cli/): a file need not exist to be read.
@pytest.mark.parametrize(
    ("relpath", "source", "imported"),
    [
        ("chatgui/protocol/x.py", "import tkinter\n", "tkinter"),
        ("chatgui/protocol/x.py", "\nfrom time import monotonic\n", "time"),
        ("chatgui/protocol/x.py", "def f():\n    import socket\n", "socket"),
        ("chatgui/events.py", "from chatgui.limits import MAX_LINE_BYTES\n", "chatgui.limits"),
        ("chatgui/net/client.py", "from .server import ChatServer\n", "chatgui.net.server"),
        ("chatgui/net/server.py", "from .client import ChatClient\n", "chatgui.net.client"),
        ("chatgui/events.py", "from . import limits\n", "chatgui.limits"),
        ("chatgui/resources.py", "from chatgui import __version__\n", "chatgui"),
        ("chatgui/ui/app.py", "from ..net.loop import NetLoop\n", "chatgui.net.loop"),
        (
            "chatgui/ui/app.py",
            "from chatgui.net.connection import Connection\n",
            "chatgui.net.connection",
        ),
        ("chatgui/ui/app.py", "import selectors\n", "selectors"),
        ("chatgui/store/x.py", "import tkinter.ttk as ttk\n", "tkinter.ttk"),
        ("chatgui/store/room_keys.py", "import socket\n", "socket"),
        (
            "chatgui/net/loop.py",
            "from chatgui.protocol.message import Message\n",
            "chatgui.protocol.message",
        ),
        ("chatgui/net/newthing.py", "import tkinter\n", "tkinter"),
        (
            "chatgui/cli/main.py",
            "from chatgui.net.client import ChatClient\n",
            "chatgui.net.client",
        ),
        (
            "chatgui/ui/app.py",
            "import importlib\nimportlib.import_module('socket')\n",
            "<dynamic import_module()>",
        ),
        ("chatgui/newthing.py", "", "chatgui.newthing"),
        ("chatgui/discovery/finder.py", "import tkinter\n", "tkinter"),
        ("chatgui/ui/export.py", "import tkinter\n", "tkinter"),
        ("chatgui/ui/export.py", "from chatgui.ui import app\n", "chatgui.ui.app"),
        ("chatgui/discovery/finder.py", "from chatgui.ui import app\n", "chatgui.ui.app"),
        (
            "chatgui/discovery/finder.py",
            "from chatgui.net.client import ChatClient\n",
            "chatgui.net.client",
        ),
        (
            "chatgui/ui/app.py",
            "from chatgui.discovery.finder import RoomFinder\n",
            "chatgui.discovery.finder",
        ),
        (
            "chatgui/ui/app.py",
            "from chatgui.store.sqlite_history import SqliteHistory\n",
            "chatgui.store.sqlite_history",
        ),
        ("chatgui/protocol/room_record.py", "import socket\n", "socket"),
        (
            "chatgui/protocol/room_record.py",
            "from chatgui.discovery import RoomFinder\n",
            "chatgui.discovery",
        ),
    ],
)
def test_checker_catches(relpath: str, source: str, imported: str) -> None:
    violations = check_source(source, relpath)
    assert len(violations) == 1, violations
    assert violations[0].imported == imported
    assert str(violations[0]).startswith(f"{relpath}:")


@pytest.mark.parametrize(
    ("relpath", "source"),
    [
        ("chatgui/protocol/x.py", "from . import names\nfrom ..limits import MAX_LINE_BYTES\n"),
        ("chatgui/protocol/x.py", "import dataclasses, enum, re, typing\n"),
        ("chatgui/ui/app.py", "import tkinter\nfrom chatgui.protocol.names import valid_nick\n"),
        ("chatgui/ui/app.py", "from chatgui.store import RoomKeys, SqliteHistory\n"),
        ("chatgui/net/client.py", "import socket, threading\nfrom chatgui import limits\n"),
        ("chatgui/net/client.py", "from chatgui.net.loop import NetLoop\n"),
        ("chatgui/cli/main.py", "from chatgui import __version__\nfrom chatgui.ui import app\n"),
        ("chatgui/ui/app.py", "from chatgui.discovery import RoomFinder, RoomRecord\n"),
        ("chatgui/cli/main.py", "from chatgui.discovery import RoomAnnouncer\n"),
        (
            "chatgui/discovery/finder.py",
            "import socket, threading, zeroconf\nfrom chatgui.discovery.beacon import Beacon\n"
            "from chatgui.protocol.room_record import RoomRecord\n"
            "from chatgui.net.loop import NetLoop\n",
        ),
    ],
)
def test_checker_allows(relpath: str, source: str) -> None:
    assert check_source(source, relpath) == []


def test_the_violation_names_file_line_and_import() -> None:
    (violation,) = check_source("import os\nimport tkinter\n", "chatgui/protocol/x.py")
    assert str(violation).startswith("chatgui/protocol/x.py:2: imports 'tkinter': ")


# --- the table itself ---


def test_every_row_and_every_import_allowed_names_a_module_or_folder_that_exists() -> None:
    """A row for a module that was renamed or deleted is a rule that checks nothing."""
    modules = {module_name(path) for path in SOURCES}

    def exists(name: str) -> bool:
        return any(within(module, name) for module in modules)

    named = set(LAYERS) | {name for layer in LAYERS.values() for name in layer.may_import}
    assert sorted(name for name in named if not exists(name)) == []


def test_the_table_holds_the_rules_students_read_about() -> None:
    """The sentences of the plan, as rules: the protocol is sans-IO, the workers never touch
    Tk, the window never touches a socket or the loop, the server and the client never
    import each other, and discovery and the store are used through their __init__."""
    assert {"socket", "threading", "time", "tkinter"} <= set(LAYERS["chatgui.protocol"].never)
    for worker in ("chatgui.net", "chatgui.net.loop", "chatgui.discovery", "chatgui.store"):
        assert "tkinter" in LAYERS[worker].never
    assert "socket" in LAYERS["chatgui.ui"].never
    assert not any(covers(name, "chatgui.net.loop") for name in LAYERS["chatgui.ui"].may_import)
    assert "chatgui.net.server" not in LAYERS["chatgui.net.client"].may_import
    assert "chatgui.net.client" not in LAYERS["chatgui.net.server"].may_import
    assert set(PUBLIC_ONLY) == {"chatgui.discovery", "chatgui.store"}


@pytest.mark.parametrize(
    ("table", "problem"),
    [
        ("", "no layer table"),
        (
            "| Layer | What it holds | May import (besides itself) | Never imports |\n"
            "| --- | --- | --- | --- |\n"
            "| `net/loop` | the loop | — | `tkinter` |\n",
            "neither a module",
        ),
        (
            "| Layer | What it holds | May import (besides itself) | Never imports |\n"
            "| --- | --- | --- | --- |\n"
            "| `net/` | the loop | nothing | `tkinter` |\n",
            "names nothing",
        ),
        (
            "| Layer | What it holds | May import (besides itself) | Never imports |\n"
            "| --- | --- | --- | --- |\n"
            "| `net/` | the loop | — | `tkinter` |\n"
            "| `net/` | again | — | `tkinter` |\n",
            "two rows",
        ),
    ],
)
def test_a_table_that_cannot_be_read_whole_is_refused(table: str, problem: str) -> None:
    with pytest.raises(ValueError, match=problem):
        read_plan(f"{BEGIN}\n{table}{END}\n" if table else "no table here")


def test_the_table_is_read_from_the_plan() -> None:
    """A row of the table is a rule: one more may-import entry in the text, one more allowed."""
    text = PLAN.read_text(encoding="utf-8")
    row = (
        "| `net/polls.py` | the system's poll (epoll, kqueue, select()) behind epoll's calls"
        " | — | `tkinter` |"
    )
    assert row in text
    widened = read_plan(text.replace(row, row.replace("| — |", "| `protocol/` |")))
    assert widened["chatgui.net.polls"].may_import == ("chatgui.protocol",)
    assert LAYERS["chatgui.net.polls"].may_import == ()
