"""ProfileTransformer follows scikit-learn's estimator conventions (the checks of
``sklearn.utils.estimator_checks`` that apply to a text transformer, written out)."""

from __future__ import annotations

import pickle
import subprocess
import sys

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.exceptions import NotFittedError
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline

from analysis.measures.profile import profile_frame
from analysis.measures.profile_transformer import ProfileTransformer

# Two sentences written for these tests (not from any corpus): the first carries one hedge
# ("may"), the second one loaded term ("massacre") and no hedge.
TEXTS = ["Officials said the figures may change.", "The massacre was condemned by everyone."]


def test_importing_the_profile_does_not_import_scikit_learn():
    code = "import sys, analysis.measures.profile; print('sklearn' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_params_round_trip_and_clone():
    tr = ProfileTransformer(fill_value=-1.0, include_readability=False)
    assert tr.get_params() == {"fill_value": -1.0, "include_readability": False}
    cl = clone(tr)
    assert cl.get_params() == tr.get_params() and cl is not tr
    assert tr.set_params(fill_value=2.0) is tr and tr.fill_value == 2.0


def test_transform_before_fit_raises_not_fitted():
    with pytest.raises(NotFittedError):
        ProfileTransformer().transform(TEXTS)
    with pytest.raises(NotFittedError):
        ProfileTransformer().get_feature_names_out()


def test_fit_returns_self_and_a_single_string_is_refused():
    tr = ProfileTransformer()
    assert tr.fit(TEXTS) is tr
    # a bare string would otherwise be read as a sequence of one-character texts
    with pytest.raises(TypeError, match="single string"):
        tr.transform("Officials said the figures may change.")
    with pytest.raises(TypeError):
        tr.transform([1, 2])


def test_shape_names_and_values_match_the_profile():
    tr = ProfileTransformer().fit(TEXTS)
    X = tr.transform(TEXTS)
    names = list(tr.get_feature_names_out())
    assert X.shape == (2, len(names)) and np.isfinite(X).all()
    # "may" is a core hedge: text 0 has 1 hedge in 6 words = 166.7 per 1,000; text 1 none
    h = names.index("hedges_per_1k")
    assert X[0, h] == pytest.approx(1000 / 6, rel=1e-6) and X[1, h] == 0.0
    import pandas as pd

    frame = profile_frame(pd.DataFrame({"doc_id": ["a", "b"], "text": TEXTS}))
    assert X[1, names.index("loaded_per_1k")] == pytest.approx(frame.iloc[1]["loaded_per_1k"])
    # 2-D single-column input and a frame give the same rows
    assert np.array_equal(tr.transform(np.array(TEXTS, dtype=object).reshape(-1, 1)), X)
    assert tr.transform([]).shape == (0, len(names))


def test_without_readability_drops_those_columns():
    names = ProfileTransformer(include_readability=False).fit(TEXTS).get_feature_names_out()
    assert "flesch_reading_ease" not in names and "hedges_per_1k" in names


def test_pickles_and_works_in_a_pipeline():
    pipe = make_pipeline(ProfileTransformer(), LogisticRegression())
    pipe.fit(TEXTS, [0, 1])
    again = pickle.loads(pickle.dumps(pipe))
    assert np.allclose(again.predict_proba(TEXTS), pipe.predict_proba(TEXTS))
