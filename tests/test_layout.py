"""The package's import graph: no cycles, and domain/ depends on nothing else in the package.

The graph is read from the source (every ``import`` and ``from ... import`` anywhere in a
module: at module level, inside functions and under ``TYPE_CHECKING``), because a cycle
hidden in a function-level import is still a cycle a reader has to untangle.
"""

from __future__ import annotations

import ast
import graphlib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PKG = "jupyter_jms"
SKIP = {"labextension", "node_modules"}


def _modules() -> dict[str, Path]:
    found = {}
    for path in sorted((ROOT / PKG).rglob("*.py")):
        rel = path.relative_to(ROOT).with_suffix("")
        if SKIP & set(rel.parts):
            continue
        parts = list(rel.parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


MODULES = _modules()


def _package(module: str, path: Path) -> str:
    return module if path.name == "__init__.py" else module.rpartition(".")[0]


def _imports(module: str, path: Path) -> set[str]:
    """Every package module ``module`` imports, wherever the import statement stands."""
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = _package(module, path).split(".")
                base = base[: len(base) - (node.level - 1)]
                source = ".".join(base + ([node.module] if node.module else []))
            else:
                source = node.module or ""
            # ``from pkg import mod`` imports the module mod; ``from mod import name``, mod
            found = [
                f"{source}.{a.name}" if f"{source}.{a.name}" in MODULES else source
                for a in node.names
            ]
        else:
            continue
        # names outside the package, and modules generated at build time (_version), drop out
        out.update(t for t in found if t in MODULES and t != module)
    return out


GRAPH = {module: _imports(module, path) for module, path in MODULES.items()}


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Cycles of ``graph``: each one found is reported, then one of its edges is set aside
    so the search goes on to the next (graphlib finds cycles, it does not list them all)."""
    graph = {k: set(v) for k, v in graph.items()}
    found = []
    while True:
        try:
            graphlib.TopologicalSorter(graph).prepare()
            return found
        except graphlib.CycleError as exc:
            # [a, b, ..., a]: each node is imported by the next one
            cycle = list(reversed(exc.args[1]))
            found.append(cycle)
            graph[cycle[0]].discard(cycle[1])


def test_the_graph_is_read():
    """The graph sees module-level, function-level and TYPE_CHECKING imports alike."""
    assert f"{PKG}.domain.states" in GRAPH[f"{PKG}.handlers.base"]
    assert f"{PKG}.errors" in GRAPH[f"{PKG}.notebooks"]
    assert f"{PKG}.widgets.review_view" in GRAPH[f"{PKG}.widgets.review_queue"]
    # review_view names JmsClient under TYPE_CHECKING only
    assert f"{PKG}.widgets.client" in GRAPH[f"{PKG}.widgets.review_view"]
    # reports/catalog.py imports the policy inside a function
    assert f"{PKG}.domain.attendance_policy" in GRAPH[f"{PKG}.reports.catalog"]


def test_cycles_are_found_and_named():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"e"}, "e": {"d"}, "f": {"a"}}
    cycles = _cycles(graph)
    assert sorted(sorted(set(c)) for c in cycles) == [["a", "b", "c"], ["d", "e"]]


def test_no_import_cycles():
    cycles = _cycles(GRAPH)
    if cycles:
        named = "\n".join(" -> ".join(c) for c in cycles)
        pytest.fail(f'{len(cycles)} import cycle(s), each read as "imports":\n{named}')


def test_domain_imports_nothing_outside_domain():
    domain = f"{PKG}.domain"
    leaks = sorted(
        f"{module} -> {target}"
        for module, targets in GRAPH.items()
        if module == domain or module.startswith(domain + ".")
        for target in targets
        if not (target == domain or target.startswith(domain + "."))
    )
    assert not leaks, "domain/ imports from outside domain/:\n" + "\n".join(leaks)


def test_handlers_reach_use_cases_only_through_the_container():
    """Handlers parse, call a service of ``self.jms`` and reply: no handler imports a use case
    module or hands the store's context to one (the query-value parsers are allowed)."""
    handlers = f"{PKG}.handlers"
    allowed = {f"{PKG}.services.kernel.inputs"}
    imported = sorted(
        f"{module} -> {target}"
        for module, targets in GRAPH.items()
        if module.startswith(handlers + ".")
        for target in targets
        if target.startswith(f"{PKG}.services") and target not in allowed
    )
    assert not imported, "handlers import services directly:\n" + "\n".join(imported)
    reached = sorted(
        f"{path.name}:{node.lineno}"
        for module, path in MODULES.items()
        if module.startswith(handlers + ".")
        for node in ast.walk(ast.parse(path.read_text(), str(path)))
        if isinstance(node, ast.Attribute) and node.attr == "ctx"
    )
    assert not reached, "handlers reach the services' context:\n" + "\n".join(reached)
