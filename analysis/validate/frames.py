"""Validation of the narrative-frame model against the Narrative Frames Corpus.

Cross-validation: 5 outer folds grouped by outlet (``GroupKFold`` on :func:`outlet_key` of the
``source`` column: no outlet is in both the training and the test part, so outlet style cannot
stand in for frames), and, for comparison with a held-out split of the same outlets, 5 shuffled
folds (``KFold``, seed :data:`analysis.config.RANDOM_SEED`). In every outer fold the whole
training procedure of :func:`analysis.training.frames.fit_frames` (vocabulary, C, threshold) runs
on the training part alone; the test part is scored once by :func:`frame_scores`, thresholded
at 0.5 as the profile's ``frame_<name>`` columns are.

Scores: per frame precision, recall and F1; micro F1 (counts pooled over frames) and macro F1
(mean of the five F1); 95% intervals from 2,000 bootstrap resamples of articles (percentile).

Baselines, in the same folds: **always** (every frame predicted for every article) and **TF-IDF
LR** (scikit-learn ``TfidfVectorizer()`` and ``LogisticRegression()`` with default settings, one
per frame, threshold 0.5).

``python -m analysis.validate.frames [--out CSV] [--sidecar]`` prints the table (a few minutes
of CPU); ``--sidecar`` records the scores in the model's sidecar (``cv_scores``).
"""

from __future__ import annotations

import argparse
import datetime as _dt
import json
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold, KFold

from analysis.config import RANDOM_SEED
from analysis.corpus.sentences import ensure_bounds
from analysis.measures.frames import FRAME_MODEL_PATH, FRAMES, frame_scores
from analysis.training.frames import FrameParams, fit_frames, load_frames_gold

__all__ = [
    "PAPER_REPORTED",
    "outer_folds",
    "cross_validated_probabilities",
    "tfidf_lr_probabilities",
    "frame_prf",
    "validate_frames",
    "record_in_sidecar",
]

#: What Frermann, Li, Khanehzar & Mikolajczak (2023, ACL, aclanthology.org/2023.acl-long.486) report
#: on frame prediction, as far as it could be checked offline. Their code release
#: (phenixace/narrative-framing, README) evaluates by 5-fold cross-validation over all 428 articles,
#: each fold with its own train/dev/test files, shuffled rather than grouped by outlet, and compares
#: KNN over TF-IDF, BERT and Longformer classifiers, the retrieval-based RBF models (RBF-C and
#: ablations), an unsupervised RBF and Snippext (semi-supervised). The per-frame and micro/macro F1
#: of their results table could not be read here (only the paper's opening text is in the stored
#: copies), so no number is quoted: compare by hand with the table in the paper.
PAPER_REPORTED: dict = {
    "citation": "Frermann, Li, Khanehzar & Mikolajczak 2023, Conflicts, Villains, Resolutions: Towards models of "
    "Narrative Media Framing, ACL 2023 (aclanthology.org/2023.acl-long.486)",
    "protocol": "5-fold cross-validation over the 428 articles (train/dev/test per fold), folds not grouped by outlet",
    "models": [
        "KNN + TF-IDF",
        "BERT",
        "Longformer",
        "RBF (retrieval-based, Longformer)",
        "unsupervised RBF",
        "Snippext",
    ],
    "scores": None,
}


def outer_folds(data: pd.DataFrame, grouped: bool = True, k: int = 5) -> list[tuple[np.ndarray, np.ndarray]]:
    """The outer folds: grouped by ``outlet`` (default) or shuffled (seeded)."""
    if grouped:
        return list(GroupKFold(n_splits=k).split(data, groups=data["outlet"]))
    return list(KFold(n_splits=k, shuffle=True, random_state=RANDOM_SEED).split(data))


def cross_validated_probabilities(data: pd.DataFrame, folds, params: FrameParams | None = None) -> pd.DataFrame:
    """Out-of-fold frame probabilities of every article (columns :data:`FRAMES`, index as ``data``):
    each fold's model trained by :func:`fit_frames` on the other folds only."""
    texts = data["text"].tolist()
    bounds = [ensure_bounds(t) for t in texts]
    labels = data[list(FRAMES)].to_numpy(dtype=int)
    groups = data["outlet"].to_numpy()
    out = np.full((len(data), len(FRAMES)), np.nan)
    for tr, te in folds:
        model, _ = fit_frames([texts[i] for i in tr], labels[tr], groups[tr], [bounds[i] for i in tr], params)
        for i in te:
            probs = frame_scores(texts[i], bounds[i], model).probabilities
            out[i] = [probs[f] for f in FRAMES]
    return pd.DataFrame(out, columns=list(FRAMES), index=data.index)


def tfidf_lr_probabilities(data: pd.DataFrame, folds) -> pd.DataFrame:
    """The TF-IDF logistic-regression baseline (scikit-learn defaults), out of fold."""
    out = np.full((len(data), len(FRAMES)), np.nan)
    texts = data["text"].to_numpy()
    for tr, te in folds:
        vec = TfidfVectorizer()
        x_tr, x_te = vec.fit_transform(texts[tr]), vec.transform(texts[te])
        for j, frame in enumerate(FRAMES):
            y = data[frame].to_numpy(dtype=int)[tr]
            out[te, j] = LogisticRegression().fit(x_tr, y).predict_proba(x_te)[:, 1]
    return pd.DataFrame(out, columns=list(FRAMES), index=data.index)


def _f1(tp, fp, fn):
    den = 2 * tp + fp + fn
    return np.divide(2 * tp, den, out=np.zeros_like(den, dtype=float), where=den > 0)


def frame_prf(y_true: np.ndarray, y_pred: np.ndarray, n_boot: int = 2000, seed: int = RANDOM_SEED) -> pd.DataFrame:
    """Per-frame precision, recall, F1 and support, plus ``micro`` and ``macro`` rows, with 95%
    percentile intervals of F1 from ``n_boot`` resamples of articles (rows)."""
    y_true, y_pred = np.asarray(y_true, dtype=bool), np.asarray(y_pred, dtype=bool)
    tp, fp, fn = (y_true & y_pred), (~y_true & y_pred), (y_true & ~y_pred)
    rng = np.random.default_rng(seed)
    idx = rng.integers(0, len(y_true), size=(n_boot, len(y_true)))

    def scores(sel):
        t, f, n = tp[sel].sum(axis=-2), fp[sel].sum(axis=-2), fn[sel].sum(axis=-2)
        per = _f1(t, f, n)
        micro = _f1(t.sum(axis=-1), f.sum(axis=-1), n.sum(axis=-1))
        return per, micro, per.mean(axis=-1)

    per, micro, macro = scores(np.arange(len(y_true)))
    b_per, b_micro, b_macro = scores(idx)
    t, f, n = tp.sum(axis=0), fp.sum(axis=0), fn.sum(axis=0)
    rows = []
    for j, frame in enumerate(FRAMES):
        rows.append(
            {
                "frame": frame,
                "precision": t[j] / (t[j] + f[j]) if t[j] + f[j] else 0.0,
                "recall": t[j] / (t[j] + n[j]) if t[j] + n[j] else 0.0,
                "f1": per[j],
                "f1_low": np.percentile(b_per[:, j], 2.5),
                "f1_high": np.percentile(b_per[:, j], 97.5),
                "support": int(y_true[:, j].sum()),
            }
        )
    ts, fs, ns = t.sum(), f.sum(), n.sum()
    rows.append(
        {
            "frame": "micro",
            "precision": ts / (ts + fs) if ts + fs else 0.0,
            "recall": ts / (ts + ns) if ts + ns else 0.0,
            "f1": float(micro),
            "f1_low": np.percentile(b_micro, 2.5),
            "f1_high": np.percentile(b_micro, 97.5),
            "support": int(y_true.sum()),
        }
    )
    rows.append(
        {
            "frame": "macro",
            "precision": float(np.mean([r["precision"] for r in rows[:5]])),
            "recall": float(np.mean([r["recall"] for r in rows[:5]])),
            "f1": float(macro),
            "f1_low": np.percentile(b_macro, 2.5),
            "f1_high": np.percentile(b_macro, 97.5),
            "support": int(y_true.sum()),
        }
    )
    return pd.DataFrame(rows)


def validate_frames(
    gold_dir: str | Path | None = None,
    schemes: tuple[str, ...] = ("outlet", "shuffled"),
    n_boot: int = 2000,
    params: FrameParams | None = None,
) -> pd.DataFrame:
    """The validation table: one row per (scheme, method, frame/micro/macro) with precision,
    recall, F1 and its 95% interval; methods ``model``, ``always``, ``tfidf_lr``."""
    data = load_frames_gold(gold_dir)
    y = data[list(FRAMES)].to_numpy(dtype=bool)
    tables = []
    for scheme in schemes:
        folds = outer_folds(data, grouped=scheme == "outlet")
        preds = {
            "model": cross_validated_probabilities(data, folds, params).to_numpy() >= 0.5,
            "always": np.ones_like(y),
            "tfidf_lr": tfidf_lr_probabilities(data, folds).to_numpy() >= 0.5,
        }
        for method, pred in preds.items():
            table = frame_prf(y, pred, n_boot=n_boot)
            table.insert(0, "method", method)
            table.insert(0, "folds", scheme)
            tables.append(table)
    return pd.concat(tables, ignore_index=True)


def record_in_sidecar(table: pd.DataFrame, sidecar: str | Path = FRAME_MODEL_PATH.with_suffix(".json")) -> dict:
    """Write the model's cross-validated scores (F1 with its interval, per scheme and frame, and
    the two baselines' micro and macro F1) into the model's sidecar under ``cv_scores``."""
    sidecar = Path(sidecar)
    meta = json.loads(sidecar.read_text(encoding="utf-8"))
    scores: dict = {"date": _dt.date.today().isoformat(), "command": "python -m analysis.validate.frames --sidecar"}
    for (scheme, method), part in table.groupby(["folds", "method"], sort=False):
        rows = part.set_index("frame")
        keep = rows.index if method == "model" else ["micro", "macro"]
        scores.setdefault(scheme, {})[method] = {
            f: [round(float(rows.loc[f, c]), 3) for c in ("f1", "f1_low", "f1_high")] for f in keep
        }
    scores["format"] = "frame: [F1, 95% interval low, high] (bootstrap over articles)"
    meta["cv_scores"] = scores
    sidecar.write_text(json.dumps(meta, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return scores


def main(argv: list[str] | None = None) -> int:
    """Command line: ``python -m analysis.validate.frames [--out CSV] [--scheme outlet|shuffled]``."""
    parser = argparse.ArgumentParser(description="Cross-validate the narrative-frame model")
    parser.add_argument("--out", default=None)
    parser.add_argument("--scheme", action="append", choices=["outlet", "shuffled"])
    parser.add_argument("--sidecar", action="store_true", help="record the scores in analysis/models/frames.json")
    args = parser.parse_args(argv)
    table = validate_frames(schemes=tuple(args.scheme or ("outlet", "shuffled")))
    with pd.option_context("display.width", 160, "display.max_rows", 200):
        print(table.round(3).to_string(index=False))
    if args.out:
        from analysis.cli.safe_output import write_csv

        write_csv(table, args.out)  # atomic; formula-like cells neutralised as every --out CSV
    if args.sidecar:
        record_in_sidecar(table)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
