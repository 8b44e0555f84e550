"""Training and validation of the persuasion-technique detector on SemEval-2020 PTC train
(analysis.training.techniques, analysis.validate.techniques). Needs ../shared (skips without it)."""

from __future__ import annotations

import numpy as np
import pytest

from analysis.validate.gold import BenchmarkUnavailable, load_ptc

pytestmark = pytest.mark.requires_shared


@pytest.fixture(scope="module")
def ptc():
    try:
        articles, gold = load_ptc("train", techniques=None)
    except BenchmarkUnavailable as exc:  # pragma: no cover - the marker skips first
        pytest.skip(str(exc))
    keep = articles["doc_id"].iloc[:30]
    return articles[articles["doc_id"].isin(keep)].reset_index(drop=True), gold[gold["doc_id"].isin(set(keep))]


def test_gold_scored_against_itself_is_perfect_and_every_sentence_recalls_all(ptc):
    from analysis.validate.techniques import naive_spans, score

    articles, gold = ptc
    assert score(gold, gold, articles, n_boot=0)["f1"] == pytest.approx(1.0)
    # every sentence of every article covers every annotated word (PTC spans lie inside the text)
    assert score(gold, naive_spans(articles, "all"), articles, n_boot=0)["recall"] == pytest.approx(1.0, abs=0.01)


def test_sentence_table_counts_covered_words(ptc):
    from analysis.training.techniques import sentence_table

    articles, gold = ptc
    table = sentence_table(articles, gold)
    # a sentence's covered words never exceed its words, per technique or for any technique
    assert (table["words_any"] <= table["n_words"]).all()
    for tech in gold["label"].unique():
        assert (table[f"words_{tech}"] <= table["words_any"]).all()
    assert table["words_any"].sum() > 0


def test_fit_is_deterministic(ptc):
    from analysis.training.techniques import fit_detector, sentence_table

    articles, gold = ptc
    table = sentence_table(articles, gold)
    _, a1, m1, lex1 = fit_detector(articles, gold, table=table)
    _, a2, m2, lex2 = fit_detector(articles, gold, table=table)
    assert np.array_equal(a1["weights"], a2["weights"]) and np.array_equal(a1["vocab"], a2["vocab"])
    assert m1["threshold"] == m2["threshold"]
    assert lex1["precision_train"].tolist() == lex2["precision_train"].tolist()
