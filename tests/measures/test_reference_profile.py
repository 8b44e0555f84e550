"""The profile of the seeds and 200 baseline documents equals the stored reference
(``tests/data/reference_profile.csv.gz``, written by ``tests/measures/reference_profile.py``).

Speed work (shared tokens, sentences split once, syllable tables) must not change a single number;
a deliberate change of a measure regenerates the reference and says so in the commit. A new
measure adds a column; every stored column must still be reproduced exactly.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from reference_profile import REFERENCE, numeric_profile, reference_documents

pytestmark = pytest.mark.requires_shared


def test_profile_matches_stored_reference(quiet):
    expected = pd.read_csv(REFERENCE, dtype={"doc_id": str})
    got = numeric_profile(reference_documents())
    assert list(got["doc_id"]) == list(expected["doc_id"])
    assert list(got.columns[: len(expected.columns)]) == list(expected.columns) or set(expected.columns) <= set(
        got.columns
    ), sorted(set(expected.columns) - set(got.columns))
    for col in expected.columns[2:]:
        a, b = got[col].to_numpy(dtype=float), expected[col].to_numpy(dtype=float)
        same = np.isclose(a, b, rtol=1e-12, atol=0) | (np.isnan(a) & np.isnan(b))
        assert same.all(), f"{col} differs for {list(got.loc[~same, 'doc_id'])[:5]}"
