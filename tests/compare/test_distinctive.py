"""Distinctive terms (log-odds with Dirichlet prior) and keyword in context, checked by hand."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from analysis.compare import distinctive as D


def test_log_odds_from_counts_hand_computed():
    # Two words, two groups, flat prior a_w = 1 (a0 = 2).
    #            word x  word y  total n
    # group a:     4       1       5
    # group b:     1       2       3
    # word x: a: (4 + 1) / (5 + 2 - 4 - 1) = 5/2     b: (1 + 1) / (3 + 2 - 1 - 1) = 2/3
    #         delta = log(5/2) - log(2/3) = log(15/4) = 1.3217558
    #         var = 1/(4 + 1) + 1/(1 + 1) = 0.2 + 0.5 = 0.7;  z = 1.3217558 / sqrt(0.7) = 1.5798004
    # word y: a: (1 + 1) / (5 + 2 - 1 - 1) = 2/5     b: (2 + 1) / (3 + 2 - 2 - 1) = 3/2
    #         delta = log(2/5) - log(3/2) = log(4/15) = -1.3217558
    #         var = 1/2 + 1/3 = 5/6;  z = -1.3217558 / sqrt(5/6) = -1.4479110
    out = D.log_odds_from_counts([4, 1], [1, 2], [1, 1], terms=["x", "y"])
    assert list(out.columns) == ["term", "count_a", "count_b", "prior", "log_odds", "variance", "z"]
    np.testing.assert_allclose(out["log_odds"], [math.log(15 / 4), math.log(4 / 15)], atol=1e-9)
    np.testing.assert_allclose(out["variance"], [0.7, 5 / 6], atol=1e-9)
    np.testing.assert_allclose(
        out["z"], [math.log(15 / 4) / math.sqrt(0.7), math.log(4 / 15) / math.sqrt(5 / 6)], atol=1e-9
    )
    assert out["z"].iloc[0] == pytest.approx(1.5798004, abs=1e-7)
    assert out["z"].iloc[1] == pytest.approx(-1.4479110, abs=1e-7)


def test_log_odds_from_counts_antisymmetric_and_validates():
    a, b, prior = [7, 0, 3], [2, 5, 3], [0.5, 0.5, 0.5]
    ab = D.log_odds_from_counts(a, b, prior)
    ba = D.log_odds_from_counts(b, a, prior)
    np.testing.assert_allclose(ab["z"], -ba["z"], atol=1e-12)
    with pytest.raises(ValueError):
        D.log_odds_from_counts([1, 2], [1, 2], [0, 1])  # a_w must be > 0


def test_log_odds_texts_uses_project_words_and_pooled_prior():
    texts_a = ["The regime's massacre.", "Massacre at Camp Ashraf!"]
    texts_b = ["The minister said the talks went well.", "Officials said the camp was calm."]
    out = D.log_odds(texts_a, texts_b, min_count=1)
    assert list(out.columns) == D.LOG_ODDS_COLUMNS
    assert out["z"].is_monotonic_decreasing
    assert out["term"].iloc[0] == "massacre"  # only in a, twice
    assert "regime" in set(out["term"]) and "regime's" not in set(out["term"])  # possessive merged
    row = out.set_index("term").loc["massacre"]
    assert (row.count_a, row.count_b) == (2, 0)
    # Tokens: a = (the, regime's, massacre) + (massacre, at, camp, ashraf) = 7;
    #         b = 7 + 6 = 13. Pooled prior: a_w = pooled count, a0 = 7 + 13 = 20; for "massacre" a_w = 2.
    # delta = log((2 + 2) / (7 + 20 - 2 - 2)) - log((0 + 2) / (13 + 20 - 0 - 2)) = log(4/23) - log(2/31)
    n_a, n_b, a0 = out.count_a.sum(), out.count_b.sum(), out.prior.sum()
    assert (n_a, n_b, a0) == (7, 13, 20)
    assert row.prior == 2
    expected = math.log((2 + 2) / (n_a + a0 - 2 - 2)) - math.log((0 + 2) / (n_b + a0 - 0 - 2))
    assert row.log_odds == pytest.approx(expected, abs=1e-12)
    assert row.per_1k_words_a == pytest.approx(2 * 1000 / 7)
    # min_count drops rare terms from the output only
    assert (D.log_odds(texts_a, texts_b, min_count=2)[["count_a", "count_b"]].sum(axis=1) >= 2).all()


def test_log_odds_bigrams_and_background_prior():
    texts_a = ["human rights abuses", "human rights"]
    texts_b = ["trade talks", "trade deal"]
    out = D.log_odds(texts_a, texts_b, ngram_range=(1, 2), min_count=1)
    assert "human rights" in set(out.term)
    bg = {"human": 10, "rights": 10, "Trade": 50}
    with_bg = D.log_odds(texts_a, texts_b, prior=bg, prior_size=100, min_count=1)
    assert with_bg.prior.sum() == pytest.approx(100)  # rescaled over the full vocabulary
    assert with_bg.set_index("term").loc["trade", "prior"] > with_bg.set_index("term").loc["deal", "prior"]
    assert D.log_odds([""], ["..."]).empty


def test_log_odds_groups_rest_and_pair():
    docs = pd.DataFrame(
        {
            "corpus": ["seeds", "seeds", "wire", "bbc"],
            "text": ["massacre massacre regime", "regime massacre", "talks said", "said minister"],
        }
    )
    rest = D.log_odds_groups(docs, "corpus", "seeds", min_count=1)
    assert rest.attrs["group_a"] == "seeds" and rest.attrs["group_b"] == "rest"
    assert rest.set_index("term").loc["said", "count_b"] == 2
    pair = D.log_odds_groups(docs, "corpus", "seeds", rest="wire", min_count=1)
    assert "minister" not in set(pair.term)
    with pytest.raises(ValueError):
        D.log_odds_groups(docs, "corpus", "nope")


def test_kwic_finds_massacre_with_offsets_and_context():
    text = "Witnesses said the massacre\nat Ashraf was planned. No Massacres elsewhere."
    #       0         1         2
    #       0123456789012345678901234567
    # "massacre" starts at 19, ends at 27 (exclusive); "Massacres" is not a whole-word match.
    out = D.kwic(text, "massacre", window=10)
    assert list(out.columns) == D.KWIC_COLUMNS
    assert len(out) == 1
    row = out.iloc[0]
    assert (row.start, row.end) == (19, 27)
    assert text[row.start : row.end] == "massacre" == row.match
    assert row.left == " said the "  # text[9:19], 10 characters
    assert row.right == " at Ashraf"  # text[27:37], line break shown as a space
    assert row.voice == "" and row.doc_id == 0 and row.corpus == ""
    # case-insensitive, and inflections when asked
    both = D.kwic(text, "massacre", inflect=True)
    assert list(both.match) == ["massacre", "Massacres"]


def test_kwic_voice_and_frames():
    docs = pd.DataFrame(
        {"doc_id": ["d1"], "corpus": ["seeds"], "text": ["He said “a massacre happened” but the massacre was denied"]}
    )
    quoted = (9, 28)  # inner span of the quotation
    by_regions = D.kwic(docs, "massacre", spans={"d1": [quoted]})
    assert list(by_regions.voice) == ["quoted", "authorial"]
    by_callable = D.kwic(docs, "massacre", voice_of=lambda d, s, e: f"{d}:{s}-{e}")
    assert list(by_callable.voice) == ["d1:11-19", "d1:38-46"]
    assert set(by_callable.corpus) == {"seeds"}
    multi = D.kwic(["human\nrights watch", "no match"], "human rights")
    assert list(multi.doc_id) == [0] and multi.match.iloc[0] == "human\nrights"


def test_terms_merge_possessives_and_case_and_drop_non_words():
    # "Regime’s", "regime's" and "REGIME" are one term (3 in a); "mullahs'" -> "mullahs"; the stray
    # single letters "ی" (Persian) and "é" are not words and are not counted; "a" and "5" are kept
    texts_a = ["The Regime’s guards. The regime's courts. REGIME ی é", "The mullahs' rule, a 5 year plan"]
    texts_b = ["The government met."]
    out = D.log_odds(texts_a, texts_b, min_count=1).set_index("term")
    assert out.loc["regime", "count_a"] == 3
    assert out.loc["mullahs", "count_a"] == 1
    assert {"ی", "é", "regime’s", "regime's", "mullahs'"}.isdisjoint(out.index)
    assert {"a", "5"} <= set(out.index)
