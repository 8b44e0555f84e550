"""Every module, function and file the README and the docs name exists: a reader who follows a
reference (``analysis.measures.loaded_model``, ``analysis/pipeline/study.py``) finds it."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOCS = ["README.md", "CONTRIBUTING.md", "docs/data-contracts.md", "docs/source-types.md"]


def _resolves(ref: str) -> bool:
    parts = ref.split(".")
    for i in range(len(parts), 0, -1):
        try:
            obj = importlib.import_module(".".join(parts[:i]))
        except ModuleNotFoundError:
            continue
        try:
            for attr in parts[i:]:
                obj = getattr(obj, attr)
        except AttributeError:
            return False
        return True
    return False


@pytest.mark.parametrize("doc", DOCS)
def test_dotted_references_resolve(doc):
    text = (ROOT / doc).read_text(encoding="utf-8")
    refs = sorted(set(re.findall(r"\banalysis(?:\.[A-Za-z_][A-Za-z0-9_]*)+", text)))
    assert refs or doc == "CONTRIBUTING.md", doc
    assert [r for r in refs if not _resolves(r)] == []


@pytest.mark.parametrize("doc", DOCS)
def test_file_references_exist(doc):
    text = (ROOT / doc).read_text(encoding="utf-8")
    pattern = (
        r"(?<![\w/])((?:analysis|tests|notebooks|benchmarks|docs|figures)/[\w./-]+\.(?:py|csv|md|json|png|svg|gz))"
    )
    paths = sorted(set(re.findall(pattern, text)))
    assert [p for p in paths if not (ROOT / p).exists()] == []
