"""Scoring shared by the benchmark modules of validation: detectors against gold spans (token and
span-overlap P/R/F1 with document-bootstrap intervals), sentence labels (positive-class and macro
P/R/F1 with article-bootstrap intervals), the naive detectors built once per run, and the run's
sizes (fast mode, resamples)."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from analysis import config
from analysis.validate.metrics import bootstrap_counts_ci, counts_prf, sentence_prf, span_overlap_prf, token_counts

__all__ = [
    "FAST_DOCS",
    "FAST_BABE_SENTENCES",
    "FAST_WIKI_DOCS",
    "N_BOOT",
    "N_BOOT_FAST",
    "NaiveDetectors",
    "RESULT_COLUMNS",
    "score_spans",
    "sentence_rows",
    "result_rows",
]

#: Fast mode: the first documents (sorted ids) of each benchmark split.
FAST_DOCS = 20
#: Fast mode for BABE (one sentence per row): the first sentences.
FAST_BABE_SENTENCES = 200
#: Fast mode for Szeged Wikipedia (documents of about five sentences): the first documents.
FAST_WIKI_DOCS = 200
#: Bootstrap resamples (full run / fast run).
N_BOOT = 1000
N_BOOT_FAST = 100


#: Columns of the validation table (:func:`analysis.validate.validation.run_validation`), here so
#: every validation module can build rows without importing the runner.
RESULT_COLUMNS = [
    "benchmark",
    "split",
    "task",
    "detector",
    "level",
    "precision",
    "recall",
    "f1",
    "ci_low",
    "ci_high",
    "n_docs",
    "notes",
    "family",
    "n_gold",
    "n_pred",
]


class NaiveDetectors:
    """Naive detectors built once per run."""

    def __init__(self, data_dir=None):
        self.data_dir = data_dir
        self._cache: dict[str, object] = {}

    def __call__(self, name: str):
        if name not in self._cache:
            from analysis.measures.published_lists import NAIVE_DETECTORS

            self._cache[name] = NAIVE_DETECTORS[name](data_dir=self.data_dir)
        return self._cache[name]


# --------------------------------------------------------------------------------------------
# scoring
# --------------------------------------------------------------------------------------------


def score_spans(
    gold: pd.DataFrame,
    pred: pd.DataFrame,
    texts: pd.DataFrame,
    n_boot: int = N_BOOT,
    levels: Iterable[str] = ("token", "span_overlap"),
) -> list[dict]:
    """Result rows (level, precision, recall, f1, ci_low, ci_high, n_docs, n_gold, n_pred)."""
    out = []
    g = gold[["doc_id", "start", "end"]]
    p = pred[["doc_id", "start", "end"]]
    for level in levels:
        if level == "token":
            counts = token_counts(g, p, texts)  # tokenised once per texts frame (metrics keeps the table)
            r = counts_prf(counts)
            lo = hi = np.nan
            if n_boot:
                ci = bootstrap_counts_ci(counts, n_boot=n_boot)
                lo, hi = ci["lo"], ci["hi"]
            out.append(
                {
                    "level": "token",
                    "precision": r["precision"],
                    "recall": r["recall"],
                    "f1": r["f1"],
                    "ci_low": lo,
                    "ci_high": hi,
                    "n_docs": int(r["n_docs"]),
                    "n_gold": int(r["tp"] + r["fn"]),
                    "n_pred": int(r["tp"] + r["fp"]),
                }
            )
        elif level == "span_overlap":
            r = span_overlap_prf(g, p, match="overlap")
            out.append(
                {
                    "level": "span_overlap",
                    "precision": r["precision"],
                    "recall": r["recall"],
                    "f1": r["f1"],
                    "ci_low": np.nan,
                    "ci_high": np.nan,
                    "n_docs": len(texts),
                    "n_gold": int(r["n_gold"]),
                    "n_pred": int(r["n_pred"]),
                }
            )
        else:
            raise ValueError(f"unknown level {level!r}")
    return out


def sentence_rows(
    y_true: np.ndarray, y_pred: np.ndarray, groups: np.ndarray, n_boot: int, seed: int = config.RANDOM_SEED
) -> list[dict]:
    """Two rows: ``sentence`` (P/R/F1 of the positive class) and ``sentence_macro`` (precision,
    recall and F1 macro-averaged over both classes, which a detector cannot inflate by calling
    every sentence biased). CIs resample whole groups (articles)."""
    from sklearn.metrics import precision_recall_fscore_support

    y_true = np.asarray(y_true, dtype=bool)
    y_pred = np.asarray(y_pred, dtype=bool)
    r = sentence_prf(y_true, y_pred, pos_label=True)
    pm, rm, fm, _ = precision_recall_fscore_support(y_true, y_pred, average="macro", zero_division=0)
    ci = {"pos": (np.nan, np.nan), "macro": (np.nan, np.nan)}
    if n_boot:
        codes, uniq = pd.factorize(pd.Series(groups))
        k = len(uniq)
        cnt = [
            np.bincount(codes, weights=(a & b), minlength=k)
            for a, b in ((y_true, y_pred), (~y_true, y_pred), (y_true, ~y_pred), (~y_true, ~y_pred))
        ]
        rng = np.random.default_rng(seed)
        idx = rng.integers(0, k, size=(n_boot, k))
        tp, fp, fn, tn = (c[idx].sum(axis=1) for c in cnt)

        def f1(t, f, n):
            den = 2 * t + f + n
            return np.where(den > 0, 2 * t / np.maximum(den, 1), 0.0)

        f_pos = f1(tp, fp, fn)
        f_neg = f1(tn, fn, fp)
        ci["pos"] = tuple(np.quantile(f_pos, [0.025, 0.975]))
        ci["macro"] = tuple(np.quantile((f_pos + f_neg) / 2, [0.025, 0.975]))
    n, n_pos, n_pred = int(r["n"]), int(r["support_pos"]), int(r["n_pred_pos"])
    return [
        {
            "level": "sentence",
            "precision": r["precision"],
            "recall": r["recall"],
            "f1": r["f1"],
            "ci_low": ci["pos"][0],
            "ci_high": ci["pos"][1],
            "n_docs": n,
            "n_gold": n_pos,
            "n_pred": n_pred,
        },
        {
            "level": "sentence_macro",
            "precision": float(pm),
            "recall": float(rm),
            "f1": float(fm),
            "ci_low": ci["macro"][0],
            "ci_high": ci["macro"][1],
            "n_docs": n,
            "n_gold": n_pos,
            "n_pred": n_pred,
        },
    ]


def result_rows(base: dict, scored: list[dict]) -> list[dict]:
    """One validation row per scored level: ``base`` (benchmark, split, task, detector ...) with it."""
    return [dict(base, **s) for s in scored]
