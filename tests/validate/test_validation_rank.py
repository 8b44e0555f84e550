"""Document-level rank validation (analysis.validate.validation_rank): gold loaded density, the
bootstrap interval of Spearman's rho, and the PTC/BABE rows on the fast samples."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.validate.validation_rank import RANK_COLUMNS, gold_loaded_density, spearman_interval


def test_gold_density_counts_words_touching_loaded_spans():
    # "They are traitors and murderers, he said." has 7 words (WORD_RE); the gold Loaded_Language
    # span covers "traitors and murderers" (3 words) -> 3000/7; a Doubt span does not count, and an
    # article without gold spans has density 0
    text = "They are traitors and murderers, he said."
    s = text.index("traitors")
    e = text.index(",")
    articles = pd.DataFrame({"doc_id": ["a", "b"], "text": [text, "Nothing here."]})
    gold = pd.DataFrame({"doc_id": ["a", "a"], "start": [s, 0], "end": [e, 4], "label": ["Loaded_Language", "Doubt"]})
    dens = gold_loaded_density(articles, gold)
    assert dens["a"] == pytest.approx(3000 / 7)
    assert dens["b"] == 0


def test_spearman_interval_of_a_monotone_and_a_reversed_pair():
    # a strictly increasing pair ranks identically (rho 1, every resample 1); reversed gives -1
    x = np.arange(20.0)
    assert spearman_interval(x, x**2, n_boot=50) == pytest.approx((1.0, 1.0, 1.0))
    rho, lo, hi = spearman_interval(x, -x, n_boot=50)
    assert rho == pytest.approx(-1.0) and lo == pytest.approx(-1.0)
    # constant input: undefined, NaN rather than a number
    assert np.isnan(spearman_interval(np.ones(5), x[:5], n_boot=10)[0])


def test_fast_rank_rows_headline_beside_components_and_naive():
    from analysis.config import benchmark_dir
    from analysis.validate.validation_rank import rank_validation

    if benchmark_dir() is None:
        pytest.skip("the PTC and BABE gold data are not on this computer (../shared/benchmarks)")
    res = rank_validation(fast=True, n_boot=50)
    assert list(res.columns) == RANK_COLUMNS
    for bench in ("ptc", "babe"):
        part = res[res["benchmark"] == bench]
        assert {"headline", "component", "naive"} <= set(part["role"]), bench
    head = res[(res["benchmark"] == "ptc") & (res["rate"] == "loaded_per_1k")].iloc[0]
    assert head["n_docs"] == 20 and -1 <= head["spearman"] <= 1 and head["ci_low"] <= head["ci_high"]
