"""docs/data-contracts.md stays true: every profile column is documented and every documented
profile column exists; every link points at a file; every named test and figure exists."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from analysis.corpus.load import load_seeds
from analysis.measures.profile import loaded_subcategories, profile_frame
from analysis.measures.source_types import SOURCE_TYPES

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "data-contracts.md"


def _profile_section() -> str:
    text = DOC.read_text(encoding="utf-8")
    start = text.index("## measures: the profile")
    return text[start : text.index("\n## ", start + 1)]


def _documented_profile_columns() -> set[str]:
    """Backticked names in the first cell of each table row, and in the bookkeeping line;
    templates expanded (<subcategory>: loaded.csv subcategories, <type>: source types)."""
    section = _profile_section()
    names: set[str] = set()
    for line in section.splitlines():
        if line.startswith("| `"):
            names.update(re.findall(r"`([^`]+)`", line.split("|")[1]))
    book = section[section.index("Bookkeeping columns:") : section.index("With a user lexicon")]
    names.update(re.findall(r"`([^`]+)`", book))
    out = set()
    for n in names:
        if "<subcategory>" in n:
            out.update(n.replace("<subcategory>", s) for s in loaded_subcategories())
        elif "<type>" in n:
            out.update(n.replace("<type>", t) for t in SOURCE_TYPES)
        else:
            out.add(n)
    return out


@pytest.fixture(scope="module")
def profile_columns(quiet_module) -> set[str]:
    return set(profile_frame(load_seeds().documents).columns)


@pytest.fixture(scope="module")
def quiet_module():
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # MPQA clues absent without ../shared: the column is still there
        yield


def test_every_profile_column_is_documented(profile_columns):
    missing = profile_columns - _documented_profile_columns()
    assert not missing, f"profile columns not in docs/data-contracts.md: {sorted(missing)}"


def test_every_documented_profile_column_exists(profile_columns):
    stale = _documented_profile_columns() - profile_columns
    assert not stale, f"documented in docs/data-contracts.md but not produced by profile_frame: {sorted(stale)}"


def test_links_point_at_files():
    text = DOC.read_text(encoding="utf-8")
    targets = {t.split("#")[0] for t in re.findall(r"\]\(([^)]+)\)", text) if not t.startswith("#")}
    broken = [t for t in sorted(targets) if not (DOC.parent / t).exists()]
    assert not broken, f"broken links in docs/data-contracts.md: {broken}"


def test_named_tests_and_figures_exist():
    """In the test column, ``test_x.py`` names a file under tests/ and ``test_x.py::test_y`` or a
    bare ``test_y`` after it names a test function in that file; every figure named in the figure
    column is written by analysis/report/build.py."""
    test_files = {p.name: p for p in (ROOT / "tests").rglob("test_*.py")}
    build = (ROOT / "analysis" / "report" / "build.py").read_text(encoding="utf-8")
    rows = [line.split("|") for line in _profile_section().splitlines() if line.startswith("| `")]
    checked = 0
    for cells in rows:
        current = None
        for file, func in re.findall(r"(test_\w+\.py)?(?:::)?(test_\w+(?![\w.]))?", cells[6]):
            if file:
                assert file in test_files, f"{file} not found under tests/"
                current = test_files[file]
            if func:
                assert current is not None and f"def {func}(" in current.read_text(encoding="utf-8"), (
                    f"{func} not found in {current}"
                )
                checked += 1
        for fig in re.findall(r"`(\w+)`", cells[7]):
            assert f'"{fig}"' in build, f"figure {fig} is not built by analysis/report/build.py"
    assert checked >= 10  # the table names test functions, not only files


def test_every_framing_column_is_documented():
    """The profile columns the framing analyses add (--with all) are exactly the templates of the
    framing section, expanded with the families, frames, subcategories and agent types."""
    from analysis.corpus.sentences import document_bounds
    from analysis.measures.agency import SUBCATEGORIES
    from analysis.measures.agency_agents import AGENT_TYPES
    from analysis.measures.context import ScoringContext
    from analysis.measures.document_scores import score_documents
    from analysis.measures.frames import FRAMES
    from analysis.measures.techniques import FAMILIES

    text = DOC.read_text(encoding="utf-8")
    start = text.index("## measures: the framing analyses")
    section = text[start : text.index("\n## ", start + 1)]
    names = set()
    for line in section.splitlines():
        if line.startswith("| `"):
            names.update(re.findall(r"`([^`]+)`", line.split("|")[1]))
    expand = {"<family>": FAMILIES, "<frame>": FRAMES, "<subcategory>": SUBCATEGORIES, "<agent_type>": AGENT_TYPES}
    documented = set()
    for n in names:
        key = next((k for k in expand if k in n), None)
        documented.update(n.replace(key, v) for v in expand[key]) if key else documented.add(n)
    seeds = load_seeds().documents.head(1)
    _, with_all, *_ = score_documents(seeds, document_bounds(seeds), ScoringContext.create(analyses=["all"]))
    _, plain, *_ = score_documents(seeds, document_bounds(seeds))
    assert set(with_all.columns) - set(plain.columns) == documented
