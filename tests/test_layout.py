"""The layout's rules, read from the source: data flows one way, no import circle, modules stay small."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from atlas.config import PROJECT_ROOT

PACKAGES = ("atlas", "orchestration", "graph_loader", "query_api", "bench")
# Which project packages each one may import (the architecture's one-way flow; atlas is the shared base).
ALLOWED = {
    "atlas": {"atlas"},
    "orchestration": {"atlas", "orchestration", "graph_loader"},
    "graph_loader": {"atlas", "graph_loader"},
    "query_api": {"atlas", "query_api"},
    "bench": set(PACKAGES),  # benchmarks measure every part
}
MAX_ROUTER_MODULE_LINES = 400


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PROJECT_ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    return {_module_name(path): path for package in PACKAGES for path in sorted((PROJECT_ROOT / package).rglob("*.py"))}


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _top_level_imports(tree: ast.Module) -> list[ast.Import | ast.ImportFrom]:
    """Imports run when the module loads: the module body and its if/try blocks, not TYPE_CHECKING or functions."""
    found: list[ast.Import | ast.ImportFrom] = []
    pending: list[ast.stmt] = list(tree.body)
    while pending:
        node = pending.pop()
        if isinstance(node, ast.Import | ast.ImportFrom):
            found.append(node)
        elif isinstance(node, ast.If) and not _is_type_checking(node):
            pending.extend(node.body + node.orelse)
        elif isinstance(node, ast.Try):
            pending.extend(node.body + node.orelse + node.finalbody + [s for h in node.handlers for s in h.body])
    return found


def _imported(name: str, path: Path, modules: dict[str, Path]) -> set[str]:
    """The project modules `name` imports at load time."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    out: set[str] = set()
    for node in _top_level_imports(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        else:
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            # `from p import m` loads the module p.m when there is one, else takes a name from p itself
            targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in modules else base for a in node.names]
        out.update(target for target in targets if target in modules and target != name)
    return out


@pytest.fixture(scope="module")
def graph() -> dict[str, set[str]]:
    modules = _modules()
    return {name: _imported(name, path, modules) for name, path in modules.items()}


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}  # 1 on the stack, 2 done

    def visit(node: str, stack: list[str]) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                return [*stack[stack.index(nxt) :], nxt]
            if nxt not in state and (found := visit(nxt, stack)):
                return found
        stack.pop()
        state[node] = 2
        return None

    for start in sorted(graph):
        if start not in state and (found := visit(start, [])):
            return found
    return None


def test_the_import_graph_is_read(graph: dict[str, set[str]]) -> None:
    assert "query_api.router.compile" in graph["query_api.router.service"]
    assert graph["query_api.router.ir"], "the ir package imports its modules"


def test_no_import_circle(graph: dict[str, set[str]]) -> None:
    assert _cycle(graph) is None, " -> ".join(_cycle(graph) or [])


def test_a_circle_is_found() -> None:
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": set()}) is None


@pytest.mark.parametrize("package", PACKAGES)
def test_data_flows_one_way(graph: dict[str, set[str]], package: str) -> None:
    wrong = {
        f"{name} -> {target}"
        for name, targets in graph.items()
        if name.split(".")[0] == package
        for target in targets
        if target.split(".")[0] not in ALLOWED[package]
    }
    assert not wrong, sorted(wrong)


def test_router_modules_stay_small() -> None:
    long = {
        str(path.relative_to(PROJECT_ROOT)): lines
        for path in (PROJECT_ROOT / "query_api" / "router").rglob("*.py")
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_ROUTER_MODULE_LINES
    }
    assert not long, long
