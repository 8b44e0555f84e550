"""Every group against the rest from one count (log_odds_each_group), and the documents a KWIC
search can skip (kwic_candidates): both give exactly what the per-group / per-document route gives."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

from analysis.compare import distinctive as D
from analysis.corpus.baselines import load_baseline
from analysis.corpus.load import load_seeds


def _groups() -> pd.DataFrame:
    # the five seeds and 30 Lee news documents (Lee ships with gensim) in three groups; one Lee
    # document has no group: it is in no comparison, on either side
    seeds = load_seeds().documents.assign(group="seeds")
    lee = load_baseline("lee").head(30).reset_index(drop=True)
    lee["group"] = ["lee-a" if i < 12 else "lee-b" for i in range(len(lee))]
    lee.loc[29, "group"] = None
    return pd.concat([seeds, lee], ignore_index=True)


@pytest.mark.parametrize(
    "kwargs", [{}, {"min_count": 3}, {"ngram_range": (1, 2), "prior": "uniform"}, {"prior_size": 500.0, "min_count": 1}]
)
def test_each_group_equals_log_odds_groups_against_the_rest(kwargs):
    docs = _groups()
    tables = D.log_odds_each_group(docs, "group", **kwargs)
    assert list(tables) == ["seeds", "lee-a", "lee-b"]  # labels in order of appearance, None left out
    for g, got in tables.items():
        want = D.log_odds_groups(docs, "group", g, rest=True, **kwargs)
        assert_frame_equal(got, want, check_exact=True)
        assert got.attrs == want.attrs


def test_each_group_names_a_group_without_documents_and_handles_no_words():
    docs = _groups()
    with pytest.raises(ValueError, match="no documents in group 'nope'"):
        D.log_odds_each_group(docs, "group", groups=["seeds", "nope"])
    empty = D.log_odds_each_group(pd.DataFrame({"g": ["a", "b"], "text": ["", "..."]}), "g")
    assert all(t.empty and list(t.columns) == D.LOG_ODDS_COLUMNS for t in empty.values())


def test_kwic_candidates_keep_every_document_with_a_match():
    # "İSTANBUL" (dotted capital I) matches the term "istanbul" case-insensitively, but its
    # str.lower() is "i̇stanbul" (i + combining dot): a lower-case substring test would drop it.
    # "human-rights": the hyphen is a word boundary, so "rights" matches inside it.
    texts = [
        "Talks in İSTANBUL ended.",
        "Istanbul talks resumed.",
        "No match here.",
        "human-rights groups",
        None,
        "Human\nrights were discussed.",
    ]
    terms = ["istanbul", "rights", "human rights", "zzz"]
    got = D.kwic_candidates(texts, terms)
    assert got["istanbul"].tolist() == [0, 1]
    assert got["rights"].tolist() == [3, 5]
    assert got["human rights"].tolist() == [3, 5]  # a candidate (both parts), though "human-rights" is no match
    assert got["zzz"].tolist() == []
    for term in terms:
        hits = D.kwic(texts, term)
        assert set(hits["doc_id"]) <= set(got[term])


def test_kwic_on_candidates_and_kwic_terms_equal_kwic_on_every_document():
    docs = _groups()
    # "said" is in many documents and also inside longer words ("unsaid"); "human rights"
    # has two words; "u.s" and "3,000" have inner punctuation; "a-a" is a term that could overlap itself
    terms = ["said", "iran", "human rights", "u.s", "mojahedin", "3,000", "a-a"]
    candidates = D.kwic_candidates(docs["text"], terms)
    many = dict(D.kwic_terms(docs, terms, window=50))
    assert list(many) == terms
    for term in terms:
        everywhere = D.kwic(docs, term, window=50)
        assert_frame_equal(D.kwic(docs.iloc[candidates[term]], term, window=50), everywhere, check_exact=True)
        assert_frame_equal(many[term], everywhere, check_exact=True)
    assert len(many["said"]) > 20 and len(many["mojahedin"]) > 0
    assert np.all(np.diff(candidates["said"]) > 0)


def test_kwic_terms_skips_occurrences_inside_an_earlier_match_as_finditer_does():
    # "a-a" occurs at 0 and at 2 of "a-a-a"; finditer takes the first and resumes after it (at 3);
    # "said" inside "unsaid" is no match (a letter before it), the one after "SAID-" is
    texts = ["a-a-a", "unsaid SAID-said"]
    many = dict(D.kwic_terms(texts, ["a-a", "said"]))
    assert many["a-a"]["start"].tolist() == [0] == D.kwic(texts, "a-a")["start"].tolist()
    assert many["said"]["start"].tolist() == [7, 12] == D.kwic(texts, "said")["start"].tolist()
