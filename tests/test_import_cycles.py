"""No import cycle anywhere in chatgui, not even one made only of type-only imports.

A cycle hides the order a reader should learn modules in, and makes what a module holds depend
on who imported it first. The graph is read from the source with `ast`: every import counts,
also those under `if TYPE_CHECKING:` and inside functions. Imports nothing from chatgui.
"""

from __future__ import annotations

import ast
import itertools
from collections import deque
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parent.parent
PACKAGE = PROJECT / "chatgui"

# Cycles other parts of the current work are taking apart. Each entry is the set of modules
# the cycle may still run through; a cycle inside one of them is tolerated until that part is
# in, and an entry no cycle needs any more fails the test, so the list only gets shorter.
ALLOWED: dict[str, frozenset[str]] = {}

Graph = dict[str, dict[str, int]]
"""module -> {module it imports: the line of the first such import}"""


def module_name(relpath: Path) -> str:
    parts = list(relpath.with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported_modules(source: str, module: str, is_package: bool, known: set[str]) -> dict[str, int]:
    """The modules of `known` that `source` imports, with the line of the first import of each.

    `from a import b` is an import of the module a.b when there is one, else of a."""
    package = module if is_package else module.rpartition(".")[0]
    found: dict[str, int] = {}
    for node in ast.walk(ast.parse(source)):
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                above = ".".join(parts[: len(parts) - (node.level - 1)])
                base = f"{above}.{base}" if base else above
            targets = [
                f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base
                for alias in node.names
            ]
        for target in targets:
            if target in known and target != module:
                found[target] = min(found.get(target, node.lineno), node.lineno)
    return found


def graph_of(sources: dict[str, str]) -> Graph:
    """The import graph of `sources` (relative path -> text), over their own modules only."""
    names = {module_name(Path(path)): path for path in sources}
    known = set(names)
    return {
        module: imported_modules(sources[path], module, path.endswith("__init__.py"), known)
        for module, path in names.items()
    }


def strongly_connected(graph: Graph) -> list[set[str]]:
    """The groups of modules that import each other, directly or not (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[set[str]] = []
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                group: set[str] = set()
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.add(member)
                    if member == node:
                        break
                if len(group) > 1:
                    groups.append(group)
    return groups


def one_cycle(graph: Graph, group: set[str]) -> list[str]:
    """A shortest cycle through the first module of `group`, as modules, first one last too."""
    start = min(group)
    came_from: dict[str, str] = {}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        for child in sorted(graph[node]):
            if child not in group:
                continue
            if child == start:
                path = [node]
                while path[-1] != start:
                    path.append(came_from[path[-1]])
                return [start, *reversed(path[:-1]), start] if node != start else [start, start]
            if child not in came_from:
                came_from[child] = node
                queue.append(child)
    raise AssertionError(f"no cycle through {start}")


def described(graph: Graph, cycle: list[str]) -> str:
    """Each hop of `cycle` as "module (line N) imports module"."""
    hops = [f"  {a} (line {graph[a][b]}) imports {b}" for a, b in itertools.pairwise(cycle)]
    return "\n".join(hops)


def problems(graph: Graph) -> list[str]:
    """Every cycle, each named hop by hop."""
    found: list[str] = []
    for group in strongly_connected(graph):
        cycle = one_cycle(graph, group)
        others = ", ".join(sorted(group - set(cycle)))
        more = f"\n  (also in the tangle: {others})" if others else ""
        found.append(f"import cycle:\n{described(graph, cycle)}{more}")
    return found


def package_sources() -> dict[str, str]:
    return {
        str(path.relative_to(PROJECT)): path.read_text(encoding="utf-8")
        for path in sorted(PACKAGE.rglob("*.py"))
    }


def test_the_package_has_no_import_cycle() -> None:
    found = problems(graph_of(package_sources()))
    assert not found, "\n".join(found)


def test_the_server_core_never_imports_its_state() -> None:
    """Handlers see the server as context.ServerContext: state.py is imported only by the
    network layer that builds the state, never inside the protocol."""
    graph = graph_of(package_sources())
    state = "chatgui.protocol.server.state"
    assert state in graph
    importers = [m for m, imported in graph.items() if state in imported]
    assert [m for m in importers if m.startswith("chatgui.protocol")] == []


@pytest.mark.parametrize(
    "sources",
    [
        {"pkg/a.py": "import pkg.b\n", "pkg/b.py": "from pkg import a\n"},
        {
            "pkg/a.py": "import typing\nif typing.TYPE_CHECKING:\n    from pkg.b import B\n",
            "pkg/b.py": "from pkg.a import A\n",
        },
        {
            "pkg/a.py": "def f():\n    from . import b\n",
            "pkg/b.py": "from .c import C\n",
            "pkg/c.py": "import pkg.a\n",
        },
        {"pkg/__init__.py": "from pkg.a import A\n", "pkg/a.py": "from pkg import B\n"},
    ],
    ids=["plain", "type-only", "in-a-function-and-relative", "through-the-package"],
)
def test_a_cycle_is_found_and_named(sources: dict[str, str]) -> None:
    (found,) = problems(graph_of(sources))
    assert found.startswith("import cycle:\n  pkg")
    assert "(line " in found


def test_acyclic_imports_pass() -> None:
    sources = {
        "pkg/__init__.py": "",
        "pkg/a.py": "import os\nfrom pkg import b\nfrom pkg.c import C\n",
        "pkg/b.py": "from . import c\n",
        "pkg/c.py": "from typing import TYPE_CHECKING\n",
    }
    assert problems(graph_of(sources)) == []
