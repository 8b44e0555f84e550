"""The validation figure draws held-out or cross-validated rows only."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd

from analysis.report.validation_figure import is_held_out, validation_prf, validation_rows


def _row(benchmark, split, task, detector, family, level, f1):
    return {
        "benchmark": benchmark,
        "split": split,
        "task": task,
        "detector": detector,
        "family": family,
        "level": level,
        "precision": f1,
        "recall": f1,
        "f1": f1,
        "ci_low": f1 - 0.1,
        "ci_high": f1 + 0.1,
        "n_docs": 10,
    }


def test_rows_are_held_out_only():
    # split labels as analysis.validate.validation writes them: the Szeged tuning split, the
    # PolNeAR train split the attribution detector is tuned on, and PTC train in-sample rows must
    # go; the held-out test split, PolNeAR dev, BABE SG2 and the PTC 5-fold CV rows stay.
    res = pd.DataFrame(
        [
            _row(
                "ptc",
                "test (held-out 20% by sha1 split; never trained or tuned on)",
                "loaded",
                "context_model",
                "ours",
                "token",
                0.4,
            ),
            _row(
                "ptc",
                "test (held-out 20% by sha1 split; never trained or tuned on)",
                "loaded",
                "mpqa_strongsubj",
                "naive",
                "token",
                0.2,
            ),
            _row("ptc", "train (5-fold doc CV)", "loaded", "token_model", "ours", "token", 0.3),
            _row("ptc", "train (first 20 docs)", "loaded", "token_model", "ours", "token", 0.6),
            _row("babe", "SG2 (all; never used for tuning)", "loaded_sentence", "lexicon", "ours", "sentence", 0.7),
            _row(
                "babe", "SG2 (all; never used for tuning)", "loaded_sentence", "lexicon", "ours", "sentence_macro", 0.6
            ),
            _row("polnear", "dev (check split)", "attribution_cue", "attribution", "ours", "token", 0.6),
            _row("polnear", "dev (check split)", "attribution_cue", "attribution", "ours", "span_overlap", 0.7),
            _row(
                "polnear",
                "train (reference; attribution is tuned on it)",
                "attribution_cue",
                "attribution",
                "ours",
                "token",
                0.7,
            ),
            _row(
                "szeged_news", "train (70% of docs; hedges tuned on it)", "hedge", "hedges_core", "ours", "token", 0.7
            ),
            _row(
                "szeged_news",
                "test (held-out, 30% of docs by hash)",
                "hedge",
                "hyland2005_hedges",
                "naive",
                "token",
                0.3,
            ),
            _row("szeged_news", "test (held-out, 30% of docs by hash)", "hedge", "hedges_core", "ours", "token", 0.6),
        ]
    )
    rows = validation_rows(res)
    assert len(rows) == 7
    assert rows["split"].map(is_held_out).all()
    assert not rows["split"].str.contains("tuned on it|first 20 docs", regex=True).any()
    assert set(rows["level"]) == {"token", "sentence_macro"}
    # within a panel ours comes before naive (Szeged: hedges_core then the Hyland list)
    szeged = rows[rows["benchmark"] == "szeged_news"]
    assert szeged["detector"].tolist() == ["hedges_core", "hyland2005_hedges"]
    fig = validation_prf(rows, source="test frame")
    assert len([ax for ax in fig.axes if ax.get_visible()]) == rows["panel"].nunique() == 5
    plt.close(fig)
