"""The headline selection of validation rows shared by the figure and notebook 06."""

from __future__ import annotations

import pandas as pd

from analysis.validate.validation_summary import best_row, headline_rows, is_held_out, plain_summary


def test_held_out_splits_are_the_labels_run_validation_gives_untuned_data():
    # Split labels as run_validation writes them (analysis/validate/validation*.py).
    assert is_held_out("test (held-out 20% by sha1 split; never trained or tuned on)")
    assert is_held_out("train (5-fold doc CV)")  # refitted inside each fold
    assert is_held_out("dev (check split)") and is_held_out("SG2 (all; never used for tuning)")
    assert is_held_out("test (first 20 held-out docs)")
    # tuning splits and in-sample fast rows are not
    assert not is_held_out("train (70% of docs; hedges tuned on it)")
    assert not is_held_out("train (reference; attribution is tuned on it)")
    assert not is_held_out("train (first 20 docs)")


def _results() -> pd.DataFrame:
    rows = [
        ("ptc", "train (first 20 docs)", "loaded", "token_model", "ours", "token", 0.61),  # in-sample
        ("ptc", "test (first 20 held-out docs)", "loaded", "context_model", "ours", "token", 0.26),
        ("ptc", "test (first 20 held-out docs)", "loaded", "mpqa_strongsubj", "naive", "token", 0.13),
        ("ptc", "test (first 20 held-out docs)", "loaded", "context_model", "ours", "span_overlap", 0.35),
        ("szeged_news", "train (70% of docs; hedges tuned on it)", "hedge", "hedges_szeged", "ours", "token", 0.9),
        ("szeged_news", "test (first 20 docs)", "hedge", "hedges_szeged", "ours", "token", 0.81),
    ]
    df = pd.DataFrame(rows, columns=["benchmark", "split", "task", "detector", "family", "level", "f1"])
    return df.assign(precision=df["f1"], recall=df["f1"], ci_low=df["f1"] - 0.05, ci_high=df["f1"] + 0.05)


def test_headline_rows_leave_out_tuning_and_in_sample_rows():
    head = headline_rows(_results())
    # 2 PTC held-out token rows + the Szeged test row; the in-sample token model (0.61), the
    # span-overlap row and the Szeged tuning split are left out
    assert list(head["f1"]) == [0.26, 0.13, 0.81]
    assert (head.loc[0, "task"], head.loc[0, "split"]) == ("loaded", "test (first 20 held-out docs)")


def test_plain_summary_quotes_the_held_out_best_not_the_in_sample_one():
    res = _results()
    assert best_row(res, "ptc", "loaded", "ours")["detector"] == "context_model"
    text = plain_summary(res)
    assert "`context_model`" in text and "F1 0.26" in text and "better than the best bare word list" in text
    assert "Attribution cues, PolNeAR: not measured" in text
