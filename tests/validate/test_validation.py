"""Detector validation (analysis.validate.validation, analysis.training.learned_entries, ``python -m analysis validate``).

The fast run scores every detector on small fixed samples (first 20 documents of each benchmark
split; first 200 BABE sentences; first 200 Szeged Wikipedia documents) with the shipped lexicons
and token model, no cross-validation. The pinned figures below are MEASURED values on those fixed
samples (regression pins, 3 decimals), not targets: they change when a lexicon, a context rule,
the token model or a detector changes. To refresh them after a deliberate change, run
``python -m analysis validate --fast --format csv`` and copy the token-level (BABE sentences:
``sentence_macro``) precision, recall and F1.

The full validation (5-fold CV on PTC train, all benchmarks) is ``make validate`` (about 2 min).
"""

from __future__ import annotations

import io
import time

import numpy as np
import pandas as pd
import pytest

from analysis import config

pytestmark = pytest.mark.skipif(
    config.benchmark_dir() is None, reason="gold benchmarks (../shared/benchmarks) not available"
)


@pytest.fixture(scope="module")
def fast_results():
    from analysis.validate.validation import run_validation

    t0 = time.perf_counter()
    res = run_validation(fast=True)
    res.attrs["elapsed"] = time.perf_counter() - t0
    return res


def _row(res, benchmark, task, detector, level, held_out=False):
    r = res[(res.benchmark == benchmark) & (res.task == task) & (res.detector == detector) & (res.level == level)]
    held = r.split.str.contains("held-out")
    r = r[held] if held_out else r[~held]
    assert len(r) == 1, (benchmark, task, detector, level, len(r))
    return r.iloc[0]


# Measured on the fixed fast samples (see module docstring): (precision, recall, f1).
# PTC rows for "lexicon" and "token_model" are in-sample (their learned parts were fitted on PTC
# train, which includes these 20 articles); they pin behaviour, they are not validity figures.
PINS = {
    ("ptc", "loaded", "lexicon_hand", "token"): (0.229, 0.021, 0.038),
    ("ptc", "loaded", "lexicon", "token"): (0.415, 0.057, 0.100),
    ("ptc", "loaded", "token_model", "token"): (0.499, 0.773, 0.606),
    ("ptc", "loaded", "recasens2013_bias", "token"): (0.029, 0.140, 0.047),
    ("ptc", "loaded", "mpqa_strongsubj", "token"): (0.082, 0.233, 0.121),
    ("ptc", "loaded", "mpqa_strongsubj_negative", "token"): (0.125, 0.155, 0.138),
    ("babe", "loaded_sentence", "lexicon", "sentence_macro"): (0.667, 0.596, 0.585),
    ("babe", "loaded_sentence", "lexicon_hand", "sentence_macro"): (0.720, 0.603, 0.587),
    ("babe", "loaded_sentence", "token_model", "sentence_macro"): (0.628, 0.636, 0.620),
    ("babe", "loaded_sentence", "all_sentences_biased", "sentence_macro"): (0.188, 0.500, 0.273),
    ("babe", "loaded_sentence", "recasens2013_bias", "sentence_macro"): (0.691, 0.516, 0.308),
    ("babe", "loaded_sentence", "mpqa_strongsubj", "sentence_macro"): (0.612, 0.564, 0.450),
    ("babe", "loaded_sentence", "mpqa_strongsubj_negative", "sentence_macro"): (0.522, 0.521, 0.485),
    ("babe", "loaded_word", "lexicon", "token"): (0.579, 0.141, 0.227),
    ("babe", "loaded_word", "lexicon_hand", "token"): (0.655, 0.122, 0.205),
    ("babe", "loaded_word", "token_model", "token"): (0.107, 0.321, 0.160),
    ("babe", "loaded_word", "recasens2013_bias", "token"): (0.037, 0.179, 0.061),
    ("babe", "loaded_word", "mpqa_strongsubj", "token"): (0.113, 0.295, 0.163),
    ("babe", "loaded_word", "mpqa_strongsubj_negative", "token"): (0.182, 0.244, 0.208),
    ("polnear", "attribution_cue", "report_verbs", "token"): (0.114, 0.036, 0.055),
    ("polnear", "attribution_source", "report_verb_left_words", "token"): (0.067, 0.054, 0.060),
    ("szeged_news", "hedge", "hedges_szeged", "token"): (0.814, 0.807, 0.811),
    ("szeged_news", "hedge", "hedges_core", "token"): (0.822, 0.526, 0.642),
    ("szeged_news", "hedge", "hedges_all", "token"): (0.724, 0.807, 0.763),
    ("szeged_news", "hedge", "hyland2005_hedges", "token"): (0.319, 0.316, 0.317),
    ("szeged_wikipedia", "hedge", "hedges_szeged", "token"): (0.642, 0.833, 0.725),
    ("szeged_wikipedia", "hedge", "hedges_core", "token"): (0.721, 0.738, 0.729),
    ("szeged_wikipedia", "hedge", "hedges_all", "token"): (0.419, 0.833, 0.558),
    ("szeged_wikipedia", "hedge", "hyland2005_hedges", "token"): (0.230, 0.417, 0.297),
}

# Held-out rows of the fast run (the first 20 PTC test-split articles; the BABE test-split
# sentences among the first 200): the context model and what the spans table marks loaded. Pinned
# again when spans started at the calibrated draw threshold 0.12 (was the dev-chosen 0.08).
HELD_OUT_PINS = {
    ("ptc", "loaded", "context_model", "token"): (0.269, 0.248, 0.258),
    ("ptc", "loaded", "lexicon_or_model", "token"): (0.264, 0.256, 0.26),
    ("babe", "loaded_sentence", "context_model", "sentence_macro"): (0.716, 0.745, 0.721),
    ("babe", "loaded_sentence", "lexicon_or_model", "sentence_macro"): (0.697, 0.727, 0.698),
    ("babe", "loaded_word", "context_model", "token"): (0.302, 0.500, 0.377),
}


def test_fast_validation_held_out_pins(fast_results):
    from analysis.measures.spans import context_model

    if context_model() is None:
        pytest.skip("context model unavailable")
    _check_pins(fast_results, HELD_OUT_PINS, held_out=True)


# The attribution detector (analysis.measures.attribution) is tuned by another work stream; its pins are
# kept apart so a deliberate change there shows up as exactly this one failing test.
ATTRIBUTION_PINS = {
    ("polnear", "attribution_cue", "attribution", "token"): (0.711, 0.516, 0.598),
    ("polnear", "attribution_source", "attribution", "token"): (0.674, 0.542, 0.601),
}


def _check_pins(res, pins, held_out=False):
    bad = []
    for key, want in pins.items():
        r = _row(res, *key, held_out=held_out)
        got = (round(float(r.precision), 3), round(float(r.recall), 3), round(float(r.f1), 3))
        if any(abs(g - w) > 0.0015 for g, w in zip(got, want)):
            bad.append(f"{key}: measured {got}, pinned {want}")
    assert not bad, "\n".join(bad)


def test_fast_validation_regression_pins(fast_results):
    _check_pins(fast_results, PINS)


def test_fast_validation_attribution_pins(fast_results):
    _check_pins(fast_results, ATTRIBUTION_PINS)


def test_results_frame_is_tidy_and_ours_beside_naive(fast_results):
    from analysis.validate.validation import RESULT_COLUMNS

    res = fast_results
    assert list(res.columns) == RESULT_COLUMNS
    assert set(res["benchmark"]) == {"ptc", "babe", "polnear", "szeged_news", "szeged_wikipedia"}
    assert set(res["level"]) == {
        "token",
        "span_overlap",
        "sentence",
        "sentence_macro",
        "doc_spearman_cues_per_1k",
        "doc_spearman_attributed_share",
    }
    assert not res.duplicated(["benchmark", "split", "task", "detector", "level"]).any()
    # every benchmark/task has our detector(s) and at least one naive baseline, in the same run
    for (_, _), g in res.groupby(["benchmark", "task"]):
        assert {"ours", "naive"} <= set(g["family"])
    naive = set(res.loc[res.family == "naive", "detector"])
    assert {
        "recasens2013_bias",
        "mpqa_strongsubj",
        "mpqa_strongsubj_negative",
        "report_verbs",
        "hyland2005_hedges",
    } <= naive
    # document-level rows hold a Spearman rho in f1 (precision and recall empty)
    rank = res.level.str.startswith("doc_spearman")
    assert res.loc[rank, "f1"].between(-1, 1).all() and res.loc[rank, "precision"].isna().all()
    for c in ("precision", "recall", "f1"):
        assert res.loc[~rank, c].between(0, 1).all()
    tok = res[res.level.isin(["token", "sentence", "sentence_macro"]) | rank]
    assert tok["ci_low"].notna().all() and (tok["ci_low"] <= tok["ci_high"]).all()
    assert res.loc[res.level == "span_overlap", "ci_low"].isna().all()
    assert (res["n_docs"] > 0).all() and res["notes"].astype(bool).all()
    assert res.attrs["fast"] is True and res.attrs["skipped"] == {}


def test_fast_validation_is_quick_and_deterministic(fast_results):
    from analysis.validate.validation import run_validation

    assert fast_results.attrs["elapsed"] < 60
    again = run_validation("szeged", fast=True)
    pd.testing.assert_frame_equal(
        again.reset_index(drop=True),
        fast_results[fast_results.benchmark.str.startswith("szeged")].reset_index(drop=True),
    )


def test_unknown_benchmark_and_missing_folder(tmp_path):
    from analysis.validate.gold import BenchmarkUnavailable
    from analysis.validate.validation import run_validation

    with pytest.raises(ValueError, match="unknown benchmark"):
        run_validation("nope", fast=True)
    res = run_validation("szeged", data_dir=tmp_path, fast=True)
    assert res.empty and "szeged" in res.attrs["skipped"]
    with pytest.raises(BenchmarkUnavailable):
        run_validation("szeged", data_dir=tmp_path, fast=True, skip_unavailable=False)


# ------------------------------------------------------------------------------------------
# splits and data
# ------------------------------------------------------------------------------------------


def test_szeged_split_is_fixed_and_about_30_percent():
    from analysis.validate.gold import load_szeged
    from analysis.validate.validation import szeged_split

    sents, _ = load_szeged("news")
    docs = sorted(sents.doc_id.unique())
    share = np.mean([szeged_split(d) == "test" for d in docs])
    assert 0.2 < share < 0.4
    assert [szeged_split(d) for d in docs[:10]] == [szeged_split(d) for d in docs[:10]]


def test_szeged_documents_offsets_point_at_the_cues():
    from analysis.validate.gold import load_szeged
    from analysis.validate.validation import szeged_documents

    texts, gold = szeged_documents("news", "test", limit=5)
    assert len(texts) == 5 and len(gold) > 0
    text_of = dict(zip(texts.doc_id, texts.text))
    _, cues = load_szeged("news")
    want = sorted(cues[cues.doc_id.isin(texts.doc_id)]["cue"])
    assert sorted(text_of[d][s:e] for d, s, e in zip(gold.doc_id, gold.start, gold.end)) == want


def test_ptc_folds_are_fixed_and_balanced():
    from analysis.training.learned_entries import ptc_fold
    from analysis.validate.gold import load_ptc

    arts, _ = load_ptc()
    folds = arts.doc_id.map(ptc_fold)
    assert set(folds) == {0, 1, 2, 3, 4}
    assert folds.value_counts().min() > 50
    assert ptc_fold("111111111") == ptc_fold("111111111")


# ------------------------------------------------------------------------------------------
# error analysis
# ------------------------------------------------------------------------------------------


def _toy():
    texts = pd.DataFrame(
        {"doc_id": ["a", "b"], "text": ["the brutal regime may attack the camp", "a brutal and criminal regime"]}
    )
    gold = pd.DataFrame({"doc_id": ["a", "b", "b"], "start": [4, 2, 13], "end": [17, 8, 21]})
    #        a: 'brutal regime'          b: 'brutal', 'criminal'
    pred = pd.DataFrame({"doc_id": ["a", "a", "b"], "start": [11, 33, 2], "end": [17, 37, 8]})
    #        a: 'regime' (hit), 'camp' (FP)   b: 'brutal' (hit); 'criminal' missed
    return texts, gold, pred


def test_error_analysis_spans():
    from analysis.validate.validation_errors import ERROR_COLUMNS, error_analysis

    texts, gold, pred = _toy()
    e = error_analysis(texts, gold, pred, task="loaded", context=10)
    assert list(e.columns) == ERROR_COLUMNS
    assert e[["kind", "term", "count"]].values.tolist() == [["false_positive", "camp", 1], ["miss", "criminal", 1]]
    assert e.iloc[0]["example"] == "…ttack the [[camp]] …" and e.iloc[0]["doc_id"] == "a"
    assert (e["task"] == "loaded").all()


def test_error_analysis_tokens_counts_and_order():
    from analysis.validate.validation_errors import error_analysis

    texts, gold, pred = _toy()
    e = error_analysis(texts, gold, pred, unit="token")
    assert e[["kind", "term", "count"]].values.tolist() == [
        ["false_positive", "camp", 1],
        ["miss", "brutal", 1],
        ["miss", "criminal", 1],
    ]
    # counts aggregate across documents and sort by count, then term
    texts2 = pd.DataFrame({"doc_id": ["x", "y"], "text": ["may may might", "may"]})
    pred2 = pd.DataFrame({"doc_id": ["x", "x", "x", "y"], "start": [0, 4, 8, 0], "end": [3, 7, 13, 3]})
    e2 = error_analysis(texts2, pred2.iloc[:0], pred2, top=1)
    assert e2[["term", "count"]].values.tolist() == [["may", 3]]
    with pytest.raises(ValueError):
        error_analysis(texts, gold, pred, unit="word")


def test_error_analysis_empty():
    from analysis.validate.validation_errors import error_analysis

    texts, gold, _ = _toy()
    assert error_analysis(texts, gold, gold).empty


@pytest.mark.parametrize("task", ["loaded", "loaded_sentence", "hedge", "attribution_cue", "attribution_source"])
def test_task_errors_fast(task):
    from analysis.validate.validation_errors import task_errors

    e = task_errors(task, fast=True, top=5)
    assert set(e["kind"]) <= {"false_positive", "miss"} and len(e) > 0
    assert (e["count"] >= 1).all() and e["example"].str.contains(r"\[\[").all()


# ------------------------------------------------------------------------------------------
# learned loaded language
# ------------------------------------------------------------------------------------------


def test_learned_rows_in_loaded_csv():
    from analysis.measures.lexicon import load_lexicon
    from analysis.training.learned_entries import LEARNED_SOURCE, hand_lexicon

    df = load_lexicon("loaded")
    learned = df[df.source == LEARNED_SOURCE]
    assert len(learned) > 50
    assert set(learned.subcategory) == {"learned_loaded", "learned_name_calling"}
    assert learned.precision_train.astype(float).ge(0.5).all()
    # learned from the context model's train split only (dev and test articles held out)
    assert learned.evidence.str.match(
        r"PTC train, loaded-context train split \(60% of articles\): n=\d+, docs=\d+, "
        r"precision="
    ).all()
    assert len(hand_lexicon()) == len(df) - len(learned)
    # the four hand subcategories are untouched by learning
    assert {"pejorative_label", "delegitimising_state_term", "atrocity_amplifier", "moral_outrage_ridicule"} <= set(
        hand_lexicon().subcategory
    )


def test_learn_entries_rules():
    from analysis.training.learned_entries import learn_entries

    texts = [
        "The phony deal. A phony claim.",
        "That phony plan and the crooked deal.",
        "the crooked deal",
        "a plan of the day",
        "a crooked path",
    ]
    arts = pd.DataFrame({"doc_id": [str(i) for i in range(len(texts))], "text": texts})
    rows = []
    for d, t in zip(arts.doc_id, arts.text):
        for w in ("phony", "the day"):
            i = t.find(w)
            while i >= 0:
                rows.append((d, i, i + len(w), "Loaded_Language"))
                i = t.find(w, i + 1)
    gold = pd.DataFrame(rows, columns=["doc_id", "start", "end", "label"])
    hand = pd.DataFrame(
        [
            {
                "term": "regime",
                "kind": "lemma",
                "category": "loaded",
                "subcategory": "x",
                "source": "project: test",
                "note": "",
            }
        ]
    )
    e = learn_entries(arts, gold, hand)
    # 'phony': 3 of 3 in 2 docs -> learned; 'crooked': 0 of 3; 'the day' begins with a function word;
    # 'day': 1 occurrence only
    assert e["term"].tolist() == ["phony"]
    assert e.iloc[0]["subcategory"] == "learned_loaded" and e.iloc[0]["precision_train"] == "1.000"


def test_token_model_roundtrip_is_deterministic(tmp_path):
    from analysis.training.learned_entries import TokenModel, load_token_model

    m = TokenModel({"w=phony": 3.0, "lex": 1.5, 'w=a,"b': -0.5}, -2.0, 0.5, 0.3, {"note": "test"})
    a = m.save(tmp_path / "one", "toy")
    b = m.save(tmp_path / "two", "toy")
    assert a[0].read_bytes() == b[0].read_bytes()
    back = load_token_model(tmp_path / "one", "toy")
    assert back.weights == m.weights and back.intercept == -2.0 and (back.hi, back.lo) == (0.5, 0.3)
    spans = back.spans("What a phony deal.")
    assert [("What a phony deal."[s:e]) for s, e, _ in spans] == ["phony"]
    with pytest.raises(FileNotFoundError):
        load_token_model(tmp_path / "none", "toy")


def test_stored_token_model_is_small_and_predicts():
    from analysis.training.learned_entries import MODEL_DIR, MODEL_STEM, load_token_model

    size = (MODEL_DIR / f"{MODEL_STEM}.csv.gz").stat().st_size
    assert size < 3_000_000
    m = load_token_model()
    assert m.meta["feature_version"] == 1 and m.meta["cv_5fold_token"]["f1"] > 0.2
    text = "This disgraceful, pathetic charade by the corrupt elites is a total disaster!"
    assert m.spans(text)


# ------------------------------------------------------------------------------------------
# command line
# ------------------------------------------------------------------------------------------


def test_cli_validate_fast(capsys):
    from analysis.cli.app import main

    assert main(["validate", "--fast", "--benchmark", "szeged", "--format", "csv", "--out", "-"]) == 0
    out = capsys.readouterr().out
    df = pd.read_csv(io.StringIO(out))
    assert {"hedges_szeged", "hyland2005_hedges"} <= set(df.detector)
