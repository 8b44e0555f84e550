"""The package layout: stages as subpackages, no import circles (imports inside functions counted),
no private name imported across subpackages, no module ``__getattr__`` keeping moved names alive,
run time apart from training, modules under the line limit."""

from __future__ import annotations

import ast
from pathlib import Path

import analysis

PACKAGE = Path(analysis.__file__).resolve().parent
STAGES = ("corpus", "measures", "compare", "validate", "training", "report", "pipeline", "cli")


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in PACKAGE.rglob("*.py")}


def _import_nodes(path: Path):
    """Every import statement of a module, at any depth (inside functions too), with the names it
    imports: ``(module imported from, [names])``."""
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("analysis"):
            yield node.module, [a.name for a in node.names]
        elif isinstance(node, ast.Import):
            for a in node.names:
                if a.name.startswith("analysis"):
                    yield a.name, []


def _imports() -> dict[str, set[str]]:
    """Module -> analysis modules it imports, at module level or inside functions."""
    modules = _modules()
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        deps = set()
        for module, names in _import_nodes(path):
            deps.add(module)
            deps.update(f"{module}.{n}" for n in names)
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


def test_the_cycle_check_counts_imports_inside_functions(tmp_path, monkeypatch):
    """The check above must see an import written inside a function: a two-module cycle hidden
    that way is found."""
    pkg = tmp_path / "analysis"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "a.py").write_text("def f():\n    from analysis.b import g\n    return g\n")
    (pkg / "b.py").write_text("def g():\n    from analysis.a import f\n    return f\n")
    monkeypatch.setattr(__import__(__name__), "PACKAGE", pkg)
    graph = _imports()
    assert "analysis.b" in graph["analysis.a"] and "analysis.a" in graph["analysis.b"]


def _subpackage(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 2 else module


def test_no_private_name_is_imported_across_subpackages():
    bad = []
    for name, path in _modules().items():
        for module, names in _import_nodes(path):
            for n in names:
                private = n.startswith("_") and not (n.startswith("__") and n.endswith("__"))
                if private and _subpackage(module) != _subpackage(name):
                    bad.append(f"{name} imports {module}.{n}")
    assert not bad, bad


def test_no_module_getattr_keeps_moved_names_alive():
    """Only a subpackage's ``__init__`` may define ``__getattr__`` (the lazy public surface of
    ``analysis``); a module that re-exports moved names through it hides where they live."""
    found = [
        name
        for name, path in _modules().items()
        if not path.name == "__init__.py"
        and any(isinstance(n, ast.FunctionDef) and n.name == "__getattr__" for n in ast.parse(path.read_text()).body)
    ]
    assert not found, found


def test_run_time_imports_nothing_from_training_or_validation():
    """Code that scores a document (corpus, measures, pipeline) never imports training or
    validation code, at any depth."""
    bad = [
        f"{name} -> {dep}"
        for name, deps in _imports().items()
        if name.split(".")[1:2] and name.split(".")[1] in ("corpus", "measures", "pipeline")
        for dep in deps
        if dep.startswith(("analysis.training", "analysis.validate"))
    ]
    assert not bad, bad


def test_every_subpackage_lists_its_public_surface():
    import importlib

    for stage in STAGES:
        module = importlib.import_module(f"analysis.{stage}")
        assert isinstance(getattr(module, "__all__", None), list | tuple) and module.__all__, stage


def test_split_sentences_is_called_by_the_splitter_and_the_loader_only():
    """Sentences are split once, when a document is loaded; every later step reads the bounds
    the documents table carries."""
    callers = set()
    for name, path in _modules().items():
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Call):
                fn = node.func
                called = fn.id if isinstance(fn, ast.Name) else fn.attr if isinstance(fn, ast.Attribute) else ""
                if called == "split_sentences":
                    callers.add(name)
    assert callers <= {"analysis.corpus.sentences", "analysis.corpus.load"}, callers


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
