"""The import rules of docs design.md, "Who may import whom", checked on every chatgui/**/*.py.

Reads source with `ast` only (importing the modules could not show the rule: threading is already
in sys.modules at start-up). Imports nothing from chatgui.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parent.parent
PACKAGE = PROJECT / "chatgui"

# Must never be imported by the pure layers: the clock comes in as an argument (`now: float`).
IMPURE = (
    "socket",
    "selectors",
    "ssl",
    "threading",
    "queue",
    "asyncio",
    "tkinter",
    "time",
    "logging",
)
NO_TK = ("tkinter",)
NO_SOCKETS = ("socket", "selectors", "ssl")


@dataclass(frozen=True)
class Layer:
    may_import: tuple[str, ...]
    """chatgui modules this layer may import (each with its submodules), besides itself."""
    never: tuple[str, ...] = ()
    """Modules outside chatgui (stdlib or third party) this layer must never import."""


# The arrows of design.md, one row per layer. A module belongs to the longest matching key.
# "chatgui" alone is the package's __init__ (only __version__).
WORKERS = ("chatgui.netloop", "chatgui.protocol", "chatgui.events", "chatgui.limits")
LAYERS: dict[str, Layer] = {
    "chatgui": Layer(may_import=()),
    "chatgui.__main__": Layer(may_import=("chatgui.cli",)),
    # cli -> ui, server, limits; plus, for `serve` (a host with no window, the UI's stand-in), the
    # two things the UI may use for the same reasons: the events and the name checks.
    "chatgui.cli": Layer(
        may_import=(
            "chatgui",
            "chatgui.ui",
            "chatgui.server",
            "chatgui.limits",
            "chatgui.events",
            "chatgui.protocol.names",
            "chatgui.protocol.room_titles",
            "chatgui.paths",
            "chatgui.discovery",
            "chatgui.cli_files",
            "chatgui.cli_options",
            "chatgui.tls_identity",  # `serve` makes or reads the room's TLS key
            "chatgui.protocol.room_code",  # and prints its room code
        ),
    ),
    # `serve`'s password, operator and word filter files, read for cli.py.
    "chatgui.cli_files": Layer(may_import=(), never=NO_TK),
    # The command line's options (argparse only): the version and the limits they name.
    "chatgui.cli_options": Layer(may_import=("chatgui", "chatgui.limits"), never=NO_TK),
    "chatgui.ui": Layer(
        may_import=(
            "chatgui.client",
            "chatgui.server",
            "chatgui.discovery",
            "chatgui.history",
            "chatgui.events",
            "chatgui.protocol.names",
            "chatgui.protocol.room_titles",
            "chatgui.protocol.control_words",  # the sentences a control is said in, one table
            "chatgui.protocol.lookalike",  # found rooms whose titles look the same
            "chatgui.protocol.room_code",  # the host's room code, and a found room's
            "chatgui.tls_identity",  # the host's room key, kept in the data folder
            "chatgui.room_keys",  # the keys of rooms joined before
            "chatgui.limits",
            "chatgui.resources",
            "chatgui.paths",
            "chatgui.protocol.client.address",
            "chatgui.protocol.client.room_settings",  # what a room's modes and masks mean
            "chatgui.protocol.client.secrecy",  # which password was held back, said in words
            "chatgui",
        ),
        never=NO_SOCKETS,
    ),
    # Saving a conversation as .txt or .html: pure functions and one file write, no Tk.
    "chatgui.ui.export": Layer(may_import=(), never=(*NO_TK, *NO_SOCKETS)),
    # The client may read chatgui.__version__ (its answer to CTCP VERSION).
    "chatgui.client": Layer(
        may_import=(
            "chatgui",
            *WORKERS,
            "chatgui.client_connection",
            "chatgui.client_sts",
            "chatgui.held_messages",
            "chatgui.outbox",
        ),
        never=NO_TK,
    ),
    # client.py's socket, TLS and liveness handling: part of the client layer.
    "chatgui.client_connection": Layer(may_import=(*WORKERS, "chatgui.tls_identity"), never=NO_TK),
    # client.py's typed messages, kept until the server has them: the client layer.
    "chatgui.outbox": Layer(may_import=(*WORKERS, "chatgui.held_messages"), never=NO_TK),
    # client.py's TLS-only servers (IRCv3 sts), kept in a file of the data folder.
    "chatgui.client_sts": Layer(may_import=(*WORKERS, "chatgui.paths"), never=NO_TK),
    # client.py's private messages waiting for their person after an outage: the client layer.
    "chatgui.held_messages": Layer(may_import=WORKERS, never=NO_TK),
    # The server keeps its rooms' history through chatgui.history's public API.
    "chatgui.server": Layer(
        may_import=(
            *WORKERS,
            "chatgui.server_sockets",
            "chatgui.server_tls",
            "chatgui.tls_identity",
            "chatgui.history",
        ),
        never=NO_TK,
    ),
    # server.py's helper for opening listening sockets: part of the server layer.
    "chatgui.server_sockets": Layer(may_import=WORKERS, never=NO_TK),
    # server.py's TLS handshakes, stepped on its loop: part of the server layer.
    "chatgui.server_tls": Layer(may_import=WORKERS, never=NO_TK),
    # The room's TLS key and certificate (made with `cryptography`) and key fingerprints: a
    # network-layer module for the server, `serve` and the client; the protocol never sees it.
    "chatgui.tls_identity": Layer(may_import=("chatgui.limits", "chatgui.paths"), never=NO_TK),
    # discovery.py of design.md is a package (scope, beacon, mdns, table, announcer, finder).
    # It proves a room's key with a TLS handshake (key_check.py): tls_identity's fingerprints.
    "chatgui.discovery": Layer(may_import=(*WORKERS, "chatgui.tls_identity"), never=NO_TK),
    "chatgui.history": Layer(
        may_import=("chatgui.protocol", "chatgui.events", "chatgui.limits", "chatgui.paths"),
        never=NO_TK,
    ),
    "chatgui.protocol": Layer(may_import=("chatgui.events", "chatgui.limits"), never=IMPURE),
    "chatgui.events": Layer(may_import=(), never=IMPURE),
    "chatgui.limits": Layer(may_import=(), never=IMPURE),
    "chatgui.netloop": Layer(may_import=(), never=NO_TK),
    # asset_path(): the icon's file, found the same way from a checkout and from the bundle.
    "chatgui.resources": Layer(may_import=(), never=NO_TK),
    # The keys of the rooms a student joined, kept in a file: used by the ui.
    "chatgui.room_keys": Layer(may_import=("chatgui.limits", "chatgui.paths"), never=NO_TK),
    # The user's folders for settings, logs and history: used by the ui, cli and history.
    "chatgui.paths": Layer(may_import=(), never=NO_TK),
}

# Packages other layers may use only through their __init__ (their public API), never a submodule.
PUBLIC_ONLY = ("chatgui.discovery", "chatgui.history")


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


def layer_of(module: str) -> str | None:
    """The longest key of LAYERS that `module` is in; "chatgui" only for the package itself."""
    matches = [k for k in LAYERS if (module == k if k == "chatgui" else within(module, k))]
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
        return [Violation(relpath, 1, module, "this module is in no layer of LAYERS (add it)")]
    layer = LAYERS[layer_key]
    violations: list[Violation] = []
    for line, imported in imports_of(source, module, path.name == "__init__.py"):
        if imported.startswith(("<dynamic", ".")):
            why = "imports must be static and resolvable (design.md, Packaging notes)"
            violations.append(Violation(relpath, line, imported, why))
        elif within(imported, "chatgui"):
            allowed = (layer_key, *layer.may_import)
            if not any(within(imported, a) if a != "chatgui" else imported == a for a in allowed):
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
    assert not violations, "design.md 'Who may import whom' broken:\n" + "\n".join(
        map(str, violations)
    )


@pytest.mark.parametrize(
    ("relpath", "source", "imported"),
    [
        ("chatgui/protocol/x.py", "import tkinter\n", "tkinter"),
        ("chatgui/protocol/x.py", "\nfrom time import monotonic\n", "time"),
        ("chatgui/protocol/x.py", "def f():\n    import socket\n", "socket"),
        ("chatgui/events.py", "from chatgui.limits import MAX_LINE_BYTES\n", "chatgui.limits"),
        ("chatgui/client.py", "from .server import ChatServer\n", "chatgui.server"),
        ("chatgui/server.py", "from .client import ChatClient\n", "chatgui.client"),
        ("chatgui/events.py", "from . import limits\n", "chatgui.limits"),
        ("chatgui/resources.py", "from chatgui import __version__\n", "chatgui"),
        ("chatgui/ui/app.py", "from ..netloop import NetLoop\n", "chatgui.netloop"),
        ("chatgui/ui/app.py", "import selectors\n", "selectors"),
        ("chatgui/history.py", "import tkinter.ttk as ttk\n", "tkinter.ttk"),
        (
            "chatgui/netloop.py",
            "from chatgui.protocol.message import Message\n",
            "chatgui.protocol.message",
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
            "from chatgui.client import ChatClient\n",
            "chatgui.client",
        ),
        (
            "chatgui/ui/app.py",
            "from chatgui.discovery.finder import RoomFinder\n",
            "chatgui.discovery.finder",
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
        ("chatgui/client.py", "import socket, threading\nfrom chatgui import limits\n"),
        ("chatgui/cli.py", "from chatgui import __version__\nfrom chatgui.ui import app\n"),
        ("chatgui/ui/app.py", "from chatgui.discovery import RoomFinder, RoomRecord\n"),
        ("chatgui/cli.py", "from chatgui.discovery import RoomAnnouncer\n"),
        (
            "chatgui/discovery/finder.py",
            "import socket, threading, zeroconf\nfrom chatgui.discovery.beacon import Beacon\n"
            "from chatgui.protocol.room_record import RoomRecord\n"
            "from chatgui.netloop import NetLoop\n",
        ),
    ],
)
def test_checker_allows(relpath: str, source: str) -> None:
    assert check_source(source, relpath) == []


def test_the_violation_names_file_line_and_import() -> None:
    (violation,) = check_source("import os\nimport tkinter\n", "chatgui/protocol/x.py")
    assert str(violation).startswith("chatgui/protocol/x.py:2: imports 'tkinter': ")
