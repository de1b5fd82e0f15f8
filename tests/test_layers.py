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
    alone: bool = False
    """The module itself only (a package's __init__), not the modules under it."""


# The arrows of design.md, one row per layer. A module belongs to the longest matching key. A
# folder's row covers its modules; a row with alone=True is that module alone (a package's
# __init__), so a new module in that folder belongs to no layer until it is given a row.
WORKERS = ("chatgui.net.loop", "chatgui.protocol", "chatgui.events", "chatgui.limits")
LAYERS: dict[str, Layer] = {
    "chatgui": Layer(may_import=(), alone=True),
    "chatgui.__main__": Layer(may_import=("chatgui.cli.main",)),
    # cli -> ui, the server, limits; plus, for `serve` (a host with no window, the UI's stand-in),
    # the two things the UI may use for the same reasons: the events and the name checks.
    "chatgui.cli": Layer(
        may_import=(
            "chatgui",
            "chatgui.ui",
            "chatgui.net.server",
            "chatgui.limits",
            "chatgui.events",
            "chatgui.protocol.names",
            "chatgui.protocol.room_titles",
            "chatgui.paths",
            "chatgui.discovery",
            "chatgui.net.tls_identity",  # `serve` makes or reads the room's TLS key
            "chatgui.protocol.room_code",  # and prints its room code
        ),
    ),
    # `serve`'s password, operator and word filter files, read for cli/main.py.
    "chatgui.cli.files": Layer(may_import=(), never=NO_TK),
    # The command line's options (argparse only): the version and the limits they name.
    "chatgui.cli.options": Layer(may_import=("chatgui", "chatgui.limits"), never=NO_TK),
    "chatgui.ui": Layer(
        may_import=(
            "chatgui.net.client",
            "chatgui.net.server",
            "chatgui.net.tls_identity",  # the host's room key, kept in the data folder
            "chatgui.discovery",
            "chatgui.store",
            "chatgui.events",
            "chatgui.protocol.names",
            "chatgui.protocol.room_titles",
            "chatgui.protocol.control_words",  # the sentences a control is said in, one table
            "chatgui.protocol.lookalike",  # found rooms whose titles look the same
            "chatgui.protocol.room_code",  # the host's room code, and a found room's
            "chatgui.limits",
            "chatgui.resources",
            "chatgui.paths",
            "chatgui.protocol.client.address",
            "chatgui.protocol.client.room_settings",  # what a room's modes and masks mean
            "chatgui.protocol.client.secrecy",  # which password was held back, said in words
            "chatgui.protocol.caps",  # what the room offers: history, search
            "chatgui",
        ),
        never=NO_SOCKETS,
    ),
    # Saving a conversation as .txt or .html: pure functions and one file write, no Tk.
    "chatgui.ui.export": Layer(may_import=(), never=(*NO_TK, *NO_SOCKETS)),
    # net/: the loop and every socket and thread. Its modules import one another only as listed.
    "chatgui.net": Layer(may_import=(), never=NO_TK, alone=True),
    "chatgui.net.loop": Layer(may_import=(), never=NO_TK),
    # The client may read chatgui.__version__ (its answer to CTCP VERSION).
    "chatgui.net.client": Layer(
        may_import=(
            "chatgui",
            *WORKERS,
            "chatgui.net.connection",
            "chatgui.net.sts_policies",
            "chatgui.net.held_messages",
            "chatgui.net.outbox",
        ),
        never=NO_TK,
    ),
    "chatgui.net.connection": Layer(may_import=(*WORKERS, "chatgui.net.tls_identity"), never=NO_TK),
    "chatgui.net.outbox": Layer(may_import=(*WORKERS, "chatgui.net.held_messages"), never=NO_TK),
    "chatgui.net.sts_policies": Layer(may_import=(*WORKERS, "chatgui.paths"), never=NO_TK),
    "chatgui.net.held_messages": Layer(may_import=WORKERS, never=NO_TK),
    # The server keeps its rooms' history through chatgui.store's public API.
    "chatgui.net.server": Layer(
        may_import=(
            *WORKERS,
            "chatgui.net.listening",
            "chatgui.net.tls_handshakes",
            "chatgui.net.tls_identity",
            "chatgui.store",
        ),
        never=NO_TK,
    ),
    "chatgui.net.listening": Layer(may_import=WORKERS, never=NO_TK),
    "chatgui.net.tls_handshakes": Layer(may_import=WORKERS, never=NO_TK),
    # The room's TLS key and certificate (made with `cryptography`) and key fingerprints: for the
    # server, `serve`, the client and discovery; the protocol never sees it.
    "chatgui.net.tls_identity": Layer(may_import=("chatgui.limits", "chatgui.paths"), never=NO_TK),
    # It proves a room's key with a TLS handshake (key_check.py): tls_identity's fingerprints.
    "chatgui.discovery": Layer(may_import=(*WORKERS, "chatgui.net.tls_identity"), never=NO_TK),
    # store/: what is kept on disk (files only: no Tk, no sockets).
    "chatgui.store": Layer(
        may_import=("chatgui.protocol", "chatgui.events", "chatgui.limits", "chatgui.paths"),
        never=(*NO_TK, *NO_SOCKETS),
    ),
    # The keys of the rooms a student joined, kept in a file: used by the ui.
    "chatgui.store.room_keys": Layer(
        may_import=("chatgui.limits", "chatgui.paths"), never=(*NO_TK, *NO_SOCKETS)
    ),
    "chatgui.protocol": Layer(may_import=("chatgui.events", "chatgui.limits"), never=IMPURE),
    "chatgui.events": Layer(may_import=(), never=IMPURE),
    "chatgui.limits": Layer(may_import=(), never=IMPURE),
    # asset_path(): the icon's file, found the same way from a checkout and from the bundle.
    "chatgui.resources": Layer(may_import=(), never=NO_TK),
    # The user's folders for settings, logs and history: used by the ui, cli, net and store.
    "chatgui.paths": Layer(may_import=(), never=NO_TK),
}

# Packages other layers may use only through their __init__ (their public API), never a submodule.
PUBLIC_ONLY = ("chatgui.discovery", "chatgui.store")


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


def covers(key: str, module: str) -> bool:
    """True if `module` is `key`, or under it unless `key` is a layer of its module alone."""
    layer = LAYERS.get(key)
    return module == key if layer is not None and layer.alone else within(module, key)


def layer_of(module: str) -> str | None:
    """The longest key of LAYERS that `module` is in (a key with alone=True: only itself)."""
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
        return [Violation(relpath, 1, module, "this module is in no layer of LAYERS (add it)")]
    layer = LAYERS[layer_key]
    violations: list[Violation] = []
    for line, imported in imports_of(source, module, path.name == "__init__.py"):
        if imported.startswith(("<dynamic", ".")):
            why = "imports must be static and resolvable (design.md, Packaging notes)"
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
        ("chatgui/net/client.py", "from .server import ChatServer\n", "chatgui.net.server"),
        ("chatgui/net/server.py", "from .client import ChatClient\n", "chatgui.net.client"),
        ("chatgui/events.py", "from . import limits\n", "chatgui.limits"),
        ("chatgui/resources.py", "from chatgui import __version__\n", "chatgui"),
        ("chatgui/ui/app.py", "from ..net.loop import NetLoop\n", "chatgui.net.loop"),
        ("chatgui/ui/app.py", "import selectors\n", "selectors"),
        ("chatgui/store/rows.py", "import tkinter.ttk as ttk\n", "tkinter.ttk"),
        ("chatgui/store/checkpoint.py", "import socket\n", "socket"),
        (
            "chatgui/store/room_keys.py",
            "from chatgui.protocol import names\n",
            "chatgui.protocol.names",
        ),
        (
            "chatgui/ui/room_trust.py",
            "from chatgui.store.room_keys import RoomKeys\n",
            "chatgui.store.room_keys",
        ),
        (
            "chatgui/net/listening.py",
            "from chatgui.net.client import ChatClient\n",
            "chatgui.net.client",
        ),
        (
            "chatgui/net/__init__.py",
            "from chatgui.net.server import ChatServer\n",
            "chatgui.net.server",
        ),
        ("chatgui/cli/files.py", "from chatgui import limits\n", "chatgui.limits"),
        (
            "chatgui/__main__.py",
            "from chatgui.cli.options import build_parser\n",
            "chatgui.cli.options",
        ),
        (
            "chatgui/net/loop.py",
            "from chatgui.protocol.message import Message\n",
            "chatgui.protocol.message",
        ),
        (
            "chatgui/ui/app.py",
            "import importlib\nimportlib.import_module('socket')\n",
            "<dynamic import_module()>",
        ),
        ("chatgui/newthing.py", "", "chatgui.newthing"),
        ("chatgui/net/newthing.py", "", "chatgui.net.newthing"),
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
        ("chatgui/net/client.py", "import socket, threading\nfrom chatgui import limits\n"),
        ("chatgui/cli/main.py", "from chatgui import __version__\nfrom chatgui.ui import app\n"),
        ("chatgui/ui/app.py", "from chatgui.discovery import RoomFinder, RoomRecord\n"),
        ("chatgui/cli/main.py", "from chatgui.discovery import RoomAnnouncer\n"),
        ("chatgui/cli/main.py", "from chatgui.cli.options import build_parser\n"),
        ("chatgui/ui/room_trust.py", "from chatgui.store import RoomKeys\n"),
        ("chatgui/net/server.py", "from chatgui.net.listening import listen_on\n"),
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
