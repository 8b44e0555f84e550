"""Held-out BABE validation of the sentence-bias classifier (analysis.validate.sentence_bias) and
the training split it relies on (analysis.training.sentence_bias)."""

from __future__ import annotations

import numpy as np
import pytest

from analysis import config

pytestmark = pytest.mark.skipif(
    config.benchmark_dir() is None, reason="gold benchmarks (../shared/benchmarks) not available"
)


def test_split_is_the_projects_and_whole_articles_stay_together():
    from analysis.training.sentence_bias import babe_sentences, folds

    data = babe_sentences()
    # the held-out part is the 775 sentences validation_loaded.babe_held_out scores
    assert (data["split"] == "test").sum() == 775
    # no article has sentences on both sides of the split, nor in two CV folds
    assert data.groupby("group")["split"].nunique().max() == 1
    pool = data[data["split"] != "test"]
    f = folds(pool["group"].to_numpy())
    assert pool.assign(f=f).groupby("group")["f"].nunique().max() == 1


def test_fast_rows_have_the_validation_columns():
    from analysis.validate.sentence_bias import validate_sentence_bias
    from analysis.validate.validation import RESULT_COLUMNS

    rows = validate_sentence_bias(fast=True, n_boot=50)
    assert {r["detector"] for r in rows} == {"sentence_bias", "sentence_bias_mean_vector", "tfidf_lr"}
    for r in rows:
        assert list(r) == RESULT_COLUMNS
        assert r["task"] == "loaded_sentence" and r["level"] in ("sentence", "sentence_macro")
        assert 0 <= r["f1"] <= 1 and r["ci_low"] <= r["f1"] + 1e-9 and r["n_docs"] == 200
    macro = {r["detector"]: r["f1"] for r in rows if r["level"] == "sentence_macro"}
    # the learned models must beat calling every sentence biased (macro-F1 about .33 on BABE)
    assert min(macro.values()) > 0.5
    assert np.isfinite(list(macro.values())).all()
