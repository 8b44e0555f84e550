"""The stored reference profile: the seeds and 200 baseline documents, numbers and ids only.

    .venv/bin/python tests/measures/reference_profile.py   # rewrite tests/data/reference_profile.csv.gz

Regenerate it only when a measure's definition changes on purpose (say which in the commit); a
speed change must leave it identical (``test_reference_profile.py``). No text is stored: the
research-only corpora are read from ``../shared`` when the test runs.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

HERE = Path(__file__).resolve().parent
REFERENCE = HERE.parent / "data" / "reference_profile.csv.gz"
#: Documents per baseline (first ones after duplicates are dropped): up to 40 from each, the first 200 kept.
PER_BASELINE = 40
N_BASELINE_DOCS = 200


def reference_documents() -> pd.DataFrame:
    """The five seeds and the first 200 baseline documents of the default baselines (the first
    documents of each file, duplicates and empty documents dropped: a fixed list, independent of
    how the package samples groups)."""
    from support import first_documents

    docs = first_documents(PER_BASELINE)
    seeds = docs[docs["group"] == "seeds"]
    base = docs[docs["group"] != "seeds"].head(N_BASELINE_DOCS)
    return pd.concat([seeds, base], ignore_index=True)


def numeric_profile(docs: pd.DataFrame) -> pd.DataFrame:
    """doc_id, group and every numeric profile column (no text, title or publisher)."""
    from analysis.measures.profile import profile_frame

    prof = profile_frame(docs)
    num = [c for c in prof.columns if pd.api.types.is_numeric_dtype(prof[c])]
    return pd.concat([docs[["doc_id", "group"]].reset_index(drop=True), prof[num]], axis=1)


def main() -> int:
    prof = numeric_profile(reference_documents())
    REFERENCE.parent.mkdir(parents=True, exist_ok=True)
    prof.to_csv(REFERENCE, index=False, float_format="%.17g")
    print(f"wrote {REFERENCE} ({len(prof)} rows, {prof.shape[1]} columns)")
    return 0


if __name__ == "__main__":
    sys.path[:0] = [str(HERE.parent.parent), str(HERE.parent)]
    sys.exit(main())
