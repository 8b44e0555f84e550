"""The package layout: stages as subpackages, no import circles, modules under the line limit."""

from __future__ import annotations

import ast
from pathlib import Path

import analysis

PACKAGE = Path(analysis.__file__).resolve().parent
STAGES = ("corpus", "measures", "compare", "validate", "report", "pipeline", "cli")


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports() -> dict[str, set[str]]:
    """Module -> analysis modules it imports at module level (function-level imports excluded)."""
    modules = {_module_name(p): p for p in PACKAGE.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        deps = set()
        for node in ast.parse(path.read_text()).body:
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("analysis"):
                deps.add(node.module)
                deps.update(f"{node.module}.{a.name}" for a in node.names)
            elif isinstance(node, ast.Import):
                deps.update(a.name for a in node.names if a.name.startswith("analysis"))
        graph[name] = {d for d in deps if d in modules and d != name}
    return graph


def test_stages_are_subpackages():
    for stage in STAGES:
        assert (PACKAGE / stage / "__init__.py").is_file(), stage


def test_no_import_circles():
    graph = _imports()
    state: dict[str, int] = {}
    cycle: list[str] = []

    def visit(node: str, stack: list[str]) -> bool:
        state[node] = 1
        for dep in sorted(graph[node]):
            if state.get(dep) == 1:
                cycle.extend(stack[stack.index(dep) :] + [node, dep] if dep in stack else [node, dep])
                return True
            if state.get(dep) is None and visit(dep, stack + [node]):
                return True
        state[node] = 2
        return False

    for node in sorted(graph):
        if state.get(node) is None and visit(node, []):
            break
    assert not cycle, " -> ".join(cycle)


def test_public_names_resolve():
    for name in analysis.__all__:
        assert getattr(analysis, name) is not None, name


def test_test_module_names_are_unique():
    # pytest imports test modules by base name (tests/ folders have no __init__.py), and Dask
    # workers re-import them by that name, so two test files may not share one.
    names = [p.name for p in (PACKAGE.parent / "tests").rglob("test_*.py")]
    assert len(names) == len(set(names)), sorted(n for n in names if names.count(n) > 1)


#: Longest module, counted on ruff-formatted code (``make lint`` checks the formatting).
MAX_MODULE_LINES = 800


def test_no_module_over_the_line_limit():
    long = {
        p.relative_to(PACKAGE).as_posix(): n
        for p in PACKAGE.rglob("*.py")
        if (n := len(p.read_text().splitlines())) > MAX_MODULE_LINES
    }
    assert not long, long
