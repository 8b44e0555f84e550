"""Narrative frames: the cue lexicon, the shipped model's probabilities and evidence sentences,
the training reader and fit, and the validation scores.

Sentences are written for these tests (no gold or baseline text is copied); each test says what
it expects and why. Tests that need the Narrative Frames Corpus skip without the shared folder.
"""

from __future__ import annotations

import csv
import json
import re

import numpy as np
import pytest

from analysis.corpus.sentences import split_sentences
from analysis.measures.frame_features import (
    CUE_LEXICON_PATH,
    cue_hits,
    default_cue_lexicon,
    doc_tokens,
    term_contributions,
)
from analysis.measures.frames import (
    FRAME_COLUMNS,
    FRAME_MODEL_PATH,
    FRAMES,
    frame_columns,
    frame_evidence,
    frame_probabilities,
    frame_scores,
    load_frame_model,
)
from analysis.validate.frames import frame_prf

ECONOMIC = "The plan would cost taxpayers $93 trillion and wipe out millions of jobs in the coal industry."
MORAL = "Pope Francis told the faithful that caring for creation is a moral duty for every Christian."
HUMAN = (
    "Maria Lopez, a 42-year-old mother of three, lost her home in the flood and now lives with her "
    "children in a shelter."
)
CONFLICT = "Republicans slammed the proposal, while Democrats accused them of denying the science."
NEUTRAL = "The report was published on Tuesday."


def _doc(*sentences: str) -> tuple[str, list[tuple[int, int]]]:
    text = " ".join(sentences)
    return text, split_sentences(text)


# --- the cue lexicon -------------------------------------------------------------------------


def test_cue_lexicon_entries_cite_a_source_and_have_a_known_kind():
    with open(CUE_LEXICON_PATH, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert {"term", "kind", "category", "subcategory", "source", "note"} <= set(rows[0])
    # one category per frame, plus genre cues (style) that every frame's model may weigh
    assert {r["category"] for r in rows} == set(FRAMES) | {"style"}
    for r in rows:
        assert r["kind"] in {"word", "prefix", "regex"}, r
        assert r["source"].strip() and r["note"].strip(), r
        if r["kind"] == "regex":
            re.compile(r["term"])


def test_prefix_cues_do_not_hit_common_climate_words():
    # "planet", "according", "billion" are not plan / accord / bill (resolution); "warming" is not war
    # (conflict); "important", "europe" are not import / euro (economic); "since", "culture" are not
    # sin / cult (moral); "deadline" is not dead (human interest): those prefixes were made exact words
    lex = default_cue_lexicon()
    not_in = {
        "planet": "resolution",
        "according": "resolution",
        "billion": "resolution",
        "warming": "conflict",
        "important": "economic",
        "europe": "economic",
        "since": "moral",
        "culture": "moral",
        "deadline": "human_interest",
    }
    for word, category in not_in.items():
        hits = {lex.groups[i][0] for i in lex.word_groups(word)}
        assert category not in hits, (word, hits)


def test_cue_hits_land_in_their_sentences():
    # sentence 0 names money (economic/money), sentence 1 is neutral, sentence 2 is religious (moral/religion)
    text, bounds = _doc(ECONOMIC, NEUTRAL, MORAL)
    lex = default_cue_lexicon()
    hits = cue_hits(text, doc_tokens(text, bounds), lex, bounds)
    money, religion = lex.groups.index(("economic", "money")), lex.groups.index(("moral", "religion"))
    assert hits[0, money] >= 3  # cost, $93, trillion
    assert hits[1].sum() == 0
    assert hits[2, religion] >= 2  # pope, christian
    assert hits[0, religion] == 0


def test_phrase_cues_match_word_sequences():
    # "carbon tax" is a resolution/solution phrase; "carbon" alone is not
    lex = default_cue_lexicon()
    solution = lex.groups.index(("resolution", "solution"))
    for text, expected in [("They want a carbon tax.", 1), ("They measured carbon.", 0)]:
        bounds = split_sentences(text)
        assert cue_hits(text, doc_tokens(text, bounds), lex, bounds)[0, solution] == expected


def test_term_contributions_sum_to_the_document_score():
    # two occurrences of one term share its part equally between their sentences
    idf = np.array([1.0, 2.0])
    weights = np.array([[1.0], [-0.5]])
    ids = np.array([0, 1, 0])
    sent = np.array([0, 0, 1])
    total, parts = term_contributions(ids, sent, idf, weights, 2)
    assert np.allclose(parts.sum(axis=0), total)
    assert np.isclose(parts[1, 0], parts[0, 0] + 0.5 * (2.0 / np.linalg.norm([1 + np.log(2), 2.0])) * 1)


# --- the shipped model -----------------------------------------------------------------------


def test_model_artefact_reads_without_pickle_and_has_provenance():
    with np.load(FRAME_MODEL_PATH, allow_pickle=False) as npz:
        assert npz["term_coef"].shape[1] == len(FRAMES)
    meta = json.loads(FRAME_MODEL_PATH.with_suffix(".json").read_text(encoding="utf-8"))
    for key in [
        "trained_on",
        "data_commit",
        "data_licence",
        "split",
        "features",
        "hyper_parameters",
        "how_chosen",
        "date",
    ]:
        assert meta.get(key), key
    for frame in FRAMES:
        assert 0.0 < meta["per_frame"][frame]["threshold"] < 1.0


def test_probabilities_are_one_per_frame_between_0_and_1():
    text, bounds = _doc(ECONOMIC, CONFLICT)
    probs = frame_probabilities(text, bounds)
    assert list(probs) == list(FRAMES)
    assert all(0.0 <= p <= 1.0 for p in probs.values())
    assert list(frame_columns(text, bounds)) == [FRAME_COLUMNS[f] for f in FRAMES]


def test_money_sentence_reads_economic():
    # costs in dollars and lost jobs are the economic frame's core (EC1-EC3)
    text, bounds = _doc(ECONOMIC)
    assert frame_probabilities(text, bounds)["economic"] >= 0.5


def test_religious_duty_sentence_reads_moral_more_than_a_money_sentence():
    # the Pope, a moral duty, Christians: MO1/MO2; a money sentence carries no moral cue
    moral = frame_probabilities(*_doc(MORAL))["moral"]
    money = frame_probabilities(*_doc(ECONOMIC))["moral"]
    assert moral > money
    assert moral >= 0.5


def test_personal_story_reads_human_interest_more_than_a_policy_sentence():
    # a named mother, her age, her children and her lost home: HI1/HI2
    human = frame_probabilities(*_doc(HUMAN))["human_interest"]
    policy = frame_probabilities(*_doc(ECONOMIC))["human_interest"]
    assert human > policy


def test_evidence_points_at_the_sentence_that_carries_the_frame():
    # a neutral sentence first, then the money sentence (1), then the religious one (2)
    text, bounds = _doc(NEUTRAL, ECONOMIC, MORAL)
    evidence = frame_evidence(text, bounds, top=1)
    best = {frame: i for frame, i, _ in evidence}
    assert best["economic"] == 1
    assert best["moral"] == 2
    assert all(score > 0 for _, _, score in evidence)


def test_sentence_scores_add_up_to_the_document_log_odds():
    # the evidence is an exact split of each frame's log-odds above an empty text
    text, bounds = _doc(HUMAN, CONFLICT, ECONOMIC)
    scores = frame_scores(text, bounds)
    empty = frame_scores("", [])
    logit = lambda p: np.log(p / (1 - p))
    for j, frame in enumerate(FRAMES):
        gain = logit(scores.probabilities[frame]) - logit(empty.probabilities[frame])
        assert np.isclose(scores.sentence_scores[:, j].sum(), gain, atol=1e-6)


def test_empty_text_has_probabilities_and_no_evidence():
    scores = frame_scores("", [])
    assert set(scores.probabilities) == set(FRAMES)
    assert frame_evidence("", []) == []


def test_model_is_read_once():
    assert load_frame_model() is load_frame_model()


# --- validation scores -----------------------------------------------------------------------


def test_frame_prf_micro_and_macro():
    # 3 articles; resolution: 1 TP, 1 FP; conflict: 2 TP, 1 FN; the other frames never true, never predicted
    y = np.zeros((3, 5), bool)
    p = np.zeros((3, 5), bool)
    y[0, 0] = p[0, 0] = True
    p[1, 0] = True
    y[:, 2] = True
    p[:2, 2] = True
    table = frame_prf(y, p, n_boot=50).set_index("frame")
    assert np.isclose(table.loc["resolution", "f1"], 2 / 3)
    assert np.isclose(table.loc["conflict", "f1"], 0.8)
    assert np.isclose(table.loc["micro", "f1"], 2 * 3 / (2 * 3 + 1 + 1))
    assert np.isclose(table.loc["macro", "f1"], (2 / 3 + 0.8) / 5)
    assert (table["f1_low"] <= table["f1_high"]).all()


def test_frame_prf_averages_repeated_splits():
    # two repeats of one split over 4 articles, conflict true for the first 2: repeat 0 finds both
    # (F1 1), repeat 1 finds none (F1 0), so conflict's F1 is their mean .5; a 2-D prediction is
    # one repeat, so repeat 0 alone scores 1
    y = np.zeros((4, 5), bool)
    y[:2, 2] = True
    p = np.zeros((2, 4, 5), bool)
    p[0, :2, 2] = True
    table = frame_prf(y, p, n_boot=50).set_index("frame")
    assert np.isclose(table.loc["conflict", "f1"], 0.5)
    assert np.isclose(table.loc["conflict", "recall"], 0.5)  # counts pooled over repeats: 2 of 4
    assert np.isclose(frame_prf(y, p[0], n_boot=50).set_index("frame").loc["conflict", "f1"], 1.0)


# --- training data and fit (shared data) -------------------------------------------------------


@pytest.mark.requires_shared
def test_gold_reader_joins_outlet_spellings_and_reads_labels():
    from analysis.training.frames import load_frames_gold, outlet_key

    try:
        data = load_frames_gold()
    except FileNotFoundError:
        pytest.skip("narrative-frames-frermann2023 not in the gold folder")
    assert len(data) == 345
    assert outlet_key("The Huffington Post") == outlet_key("thehuffingtonpost")
    # always predicting every frame gives micro F1 about .49 (the number)
    table = frame_prf(data[list(FRAMES)].to_numpy(), np.ones((len(data), 5), bool), n_boot=10).set_index("frame")
    assert abs(table.loc["micro", "f1"] - 0.49) < 0.01
    assert data["economic"].dtype == bool  # one cell reads "False)": read as False


@pytest.mark.requires_shared
def test_fit_is_deterministic_on_a_slice():
    from analysis.training.frames import FrameParams, fit_frames, load_frames_gold

    try:
        data = load_frames_gold().iloc[:80]
    except FileNotFoundError:
        pytest.skip("narrative-frames-frermann2023 not in the gold folder")
    params = FrameParams(term_c_grid=(10.0,), cue_c_grid=(0.03,), inner_folds=3)
    labels = data[list(FRAMES)].to_numpy(dtype=int)
    a, report_a = fit_frames(data["text"].tolist(), labels, data["outlet"].to_numpy(), params=params)
    b, report_b = fit_frames(data["text"].tolist(), labels, data["outlet"].to_numpy(), params=params)
    assert report_a == report_b
    assert np.array_equal(a.term_coef, b.term_coef)
    text, bounds = _doc(ECONOMIC, MORAL)
    assert frame_probabilities(text, bounds, a) == frame_probabilities(text, bounds, b)


def test_short_text_rates_use_the_word_floor():
    # the money sentence has 17 words; its money-cue rate is taken over 150 words (the shortest
    # training articles), not 17, so one sentence does not read as an article dense with costs
    from analysis.measures.frame_features import MIN_WORDS, cue_document_features

    text, bounds = _doc(ECONOMIC)
    lex = default_cue_lexicon()
    tokens = doc_tokens(text, bounds)
    hits = cue_hits(text, tokens, lex, bounds)
    money = lex.groups.index(("economic", "money"))
    features = cue_document_features(hits, len(tokens.words))
    assert len(tokens.words) < MIN_WORDS
    assert np.isclose(features[money], np.log1p(100.0 * hits[:, money].sum() / MIN_WORDS))


def test_cv_scores_are_recorded_in_a_sidecar(tmp_path):
    # the validation table's F1 and interval per frame land under cv_scores; baselines keep micro/macro
    import pandas as pd

    from analysis.validate.frames import record_in_sidecar

    sidecar = tmp_path / "frames.json"
    sidecar.write_text(json.dumps({"trained_on": "x"}), encoding="utf-8")
    y = np.array([[1, 0, 1, 0, 1], [0, 1, 1, 0, 0], [1, 0, 0, 1, 1]], bool)
    tables = []
    for method, pred in [("model", y), ("always", np.ones_like(y))]:
        t = frame_prf(y, pred, n_boot=20)
        t.insert(0, "method", method)
        t.insert(0, "folds", "outlet")
        tables.append(t)
    scores = record_in_sidecar(pd.concat(tables, ignore_index=True), sidecar)
    meta = json.loads(sidecar.read_text(encoding="utf-8"))
    assert meta["trained_on"] == "x"
    assert meta["cv_scores"]["outlet"]["model"]["micro"][0] == 1.0
    assert set(scores["outlet"]["always"]) == {"micro", "macro"}
