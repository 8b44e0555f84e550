"""The sentence-level bias score in the one scoring pass: a ``sentence_bias`` spans row per sentence
(analysis.measures.document_scores.sentence_bias_rows) and ``bias_sentence_share`` in the profile, when
the ``bias`` analysis is turned on.

The sentences are written for these tests (not BABE's): the first carries words BABE's annotators
mark (insulting labels, contempt), the second is wire-service reporting.
"""

from __future__ import annotations

import math

import pandas as pd
import pytest

from analysis.corpus.sentences import document_bounds
from analysis.measures.context import ScoringContext
from analysis.measures.document_scores import score_documents
from analysis.measures.sentence_bias import load_sentence_bias, sentence_bias_available, sentence_bias_rows
from analysis.measures.span_columns import BIAS_CATEGORY

pytestmark = pytest.mark.skipif(not sentence_bias_available(), reason="the sentence-bias model is not shipped here")

LOADED = "The radical left's insane crusade to destroy America is a disgusting disgrace."
NEUTRAL = "The central bank raised its benchmark interest rate by a quarter point on Wednesday, the bank said."


@pytest.fixture(scope="module")
def scored():
    docs = pd.DataFrame({"doc_id": ["d1", "empty"], "text": [LOADED + " " + NEUTRAL, ""]})
    spans, profile, *_ = score_documents(docs, document_bounds(docs), ScoringContext.create(analyses=["bias"]))
    return spans, profile.set_index("doc_id")


def test_one_row_per_sentence_with_its_probability(scored):
    # two sentences -> two sentence_bias rows covering them, in sentence order, with the model's probability
    spans, _ = scored
    rows = spans[spans["category"] == BIAS_CATEGORY]
    assert rows["doc_id"].tolist() == ["d1", "d1"]
    assert rows["sentence"].tolist() == [0, 1]
    assert rows["text"].tolist() == [LOADED, NEUTRAL]
    model = load_sentence_bias()
    expected = model.probabilities([LOADED, NEUTRAL])
    assert rows["probability"].tolist() == pytest.approx(expected.tolist(), abs=1e-4)


def test_loaded_sentence_is_called_biased_and_the_wire_sentence_is_not(scored):
    # the insulting sentence is above the CV-chosen threshold, the central-bank report below it
    spans, _ = scored
    rows = spans[spans["category"] == BIAS_CATEGORY]
    assert rows["subcategory"].tolist() == ["biased", "not_biased"]


def test_profile_share_counts_biased_sentences(scored):
    # one of the two sentences is biased -> 0.5; a document without sentences -> NaN
    _, profile = scored
    assert profile.loc["d1", "bias_sentence_share"] == 0.5
    assert math.isnan(profile.loc["empty", "bias_sentence_share"])


def test_default_profile_runs_no_sentence_bias():
    # the bias score is an analysis run when asked (--with bias): without it no sentence rows, no column
    docs = pd.DataFrame({"doc_id": ["d1"], "text": [LOADED]})
    spans, profile, *_ = score_documents(docs, document_bounds(docs))
    assert BIAS_CATEGORY not in set(spans["category"])
    assert "bias_sentence_share" not in profile.columns


def test_rows_keep_the_spans_order(scored):
    # the sentence row starts where the sentence does and comes before shorter spans at that start
    spans, _ = scored
    d1 = spans[spans["doc_id"] == "d1"]
    keys = list(zip(d1["start"], d1["start"] - d1["end"]))
    assert keys == sorted(keys)


def test_precomputed_probabilities_give_the_same_rows():
    # score_rows scores a chunk's sentences in one batch; the rows equal a per-document call's
    model = load_sentence_bias()
    bounds = [(0, len(LOADED))]
    assert sentence_bias_rows(LOADED, "x", bounds, model) == sentence_bias_rows(
        LOADED, "x", bounds, model, model.probabilities([LOADED])
    )
    assert sentence_bias_rows(LOADED, "x", [], model) == []
