"""Sentence-level bias probabilities (analysis.measures.sentence_bias), BABE's sense of "biased".

The sentences are written for these tests (not BABE's): each loaded one carries words BABE's
annotators mark (insulting labels, contempt, outrage), each neutral one is wire-service reporting
of a comparable event.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.measures.sentence_bias import (
    bias_sentence_share,
    load_sentence_bias,
    sentence_bias_probabilities,
    sentence_bias_table,
    word_summaries,
)

LOADED = "The radical left's insane crusade to destroy America is a disgusting disgrace."
NEUTRAL = "The central bank raised its benchmark interest rate by a quarter point on Wednesday, the bank said."
PAIRS = [
    (LOADED, NEUTRAL),
    (
        "Shameless Democrats rammed through their socialist spending bill.",
        "The Senate passed the spending bill by 51 votes to 49 on Tuesday.",
    ),
    (
        "The regime's thugs brutally butchered peaceful protesters.",
        "Police said two people were injured during the protest.",
    ),
]


@pytest.fixture(scope="module")
def model():
    return load_sentence_bias()


@pytest.mark.parametrize("loaded, neutral", PAIRS)
def test_loaded_sentence_scores_above_the_wire_sentence(model, loaded, neutral):
    p_loaded, p_neutral = model.probabilities([loaded, neutral])
    assert p_loaded > p_neutral + 0.3
    assert p_loaded >= model.threshold > p_neutral  # called biased / not biased


def test_word_scores_point_at_the_loaded_words(model):
    # "insane" and "disgusting" are what makes LOADED biased; "the", "to", "is" are not
    scores = dict(model.word_scores(LOADED))
    top = sorted(scores, key=scores.get, reverse=True)[:3]
    assert {"insane", "disgusting"} <= set(top)
    assert scores["the"] < 0.1 and scores["is"] < 0.1


def test_probabilities_follow_the_bounds_and_the_share_counts_sentences(model):
    text = f"{LOADED} {NEUTRAL}"
    bounds = [(0, len(LOADED)), (len(LOADED) + 1, len(text))]
    p = sentence_bias_probabilities(text, bounds, model)
    np.testing.assert_allclose(p, model.probabilities([LOADED, NEUTRAL]))
    assert bias_sentence_share(text, bounds, model) == 0.5
    assert np.isnan(bias_sentence_share("", [], model))


def test_table_has_one_row_per_sentence(model):
    docs = pd.DataFrame({"doc_id": ["a", "b"], "text": [f"{LOADED} {NEUTRAL}", ""]})
    t = sentence_bias_table(docs, model=model)
    assert list(t.columns) == ["doc_id", "sentence", "start", "end", "bias_probability", "biased"]
    assert t["doc_id"].tolist() == ["a", "a"] and t["biased"].tolist() == [True, False]
    assert docs["text"][0][t["start"][1] : t["end"][1]] == NEUTRAL


def test_word_summaries_of_a_one_word_and_an_empty_text():
    # text 0 has words scored .9 and .2; text 1 has one word .6; text 2 has none
    p = np.array([0.9, 0.2, 0.6])
    out = word_summaries(p, np.array([0, 0, 1]), 3)
    np.testing.assert_allclose(out[0], [0.9, 0.55, 1, 1.1])
    np.testing.assert_allclose(out[1], [0.6, 0.6, 1, 0.6])  # the top-2 mean of one word is that word
    np.testing.assert_allclose(out[2], [0, 0, 0, 0])


def test_model_records_its_training_split(model):
    assert "test never read" in model.meta["split"]
    assert model.meta["cv_macro_f1"] > model.meta["cv_naive_all_biased_macro_f1"]
