"""Weights of the scorecard's checkability index, fitted on known groups (issue 25).

The index (:func:`analysis.compare.reliability_index.reliability_index`) is a weighted mean of its
components, each in [0, 1] with a documented expected direction (higher = more checkable). The
weights follow the evidence instead of being equal by fiat:

* **Data**: the known groups of :mod:`analysis.validate.reliability_data`. PolNeAR articles
  (wire copies left out) labelled by their outlet's Media Bias/Fact Check factual-reporting rating
  (high vs mixed/low; unrated and disputed outlets left out), and narrative-frames articles
  labelled by the corpus's own ``questionable_source`` flag (questionable vs the rest). Every
  (collection, label) cell gets the same total sample weight, so neither collection nor class
  dominates.
* **Model**: logistic regression on the standardised components with every coefficient
  constrained to be >= 0 (L-BFGS-B with bounds; L2 penalty 1/(2C)). A component that points the
  wrong way on the known groups gets weight 0 instead of a negative weight: it is shown, never
  silently inverted. The standardised coefficients are turned back into weights on the
  components' own [0, 1] scale (beta_k / sd_k) and normalised to sum to 1, so the index stays a
  weighted mean between 0 and 1 and ranks documents exactly as the fitted model does.
* **Choosing C**: cross-validation over five folds of whole outlets inside the training data (an
  outlet is never in both the fitting and the scoring part), criterion the mean over collections
  of the AUC of the out-of-outlet scores. :func:`outlet_cross_validation` repeats the whole procedure (inner choice of
  C included) for each held-out outlet; its scores are what the validation reports.

``python -m analysis.training.reliability_weights`` scores the known groups, fits, and writes
``analysis/models/reliability_weights.json`` (weights, how they were chosen, CV scores, data and
licence).
"""

from __future__ import annotations

import datetime as _dt
import json
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.optimize import minimize

__all__ = [
    "C_GRID",
    "LABEL_BY_COLLECTION",
    "training_frame",
    "sample_weights",
    "fit_nonnegative",
    "component_weights",
    "outlet_cross_validation",
    "fit_published_weights",
    "write_weights",
]

#: Inverse L2 strengths tried (chosen by leave-one-outlet-out inside the training data).
C_GRID = (0.001, 0.01, 0.1, 1.0, 10.0)
#: The training label of each collection: the factual-reporting rating (PolNeAR) or the
#: corpus's questionable-source flag (narrative frames).
LABEL_BY_COLLECTION = {"polnear": "well_rated", "narrative_frames": "not_questionable"}


def training_frame(table: pd.DataFrame) -> pd.DataFrame:
    """The rows of a known-groups scorecard table that carry a training label (column ``y``)."""
    parts = []
    for coll, col in LABEL_BY_COLLECTION.items():
        part = table[(table["collection"] == coll) & table[col].notna()].copy()
        part["y"] = part[col].astype(float)
        parts.append(part)
    return pd.concat(parts, ignore_index=True)


def sample_weights(frame: pd.DataFrame) -> np.ndarray:
    """Equal total weight for every (collection, label) cell, summing to 1."""
    cells = frame.groupby(["collection", "y"])["y"].transform("size").to_numpy(dtype=float)
    n_cells = frame.groupby(["collection", "y"]).ngroups
    return 1.0 / (n_cells * cells)


def fit_nonnegative(Z: np.ndarray, y: np.ndarray, w: np.ndarray, C: float) -> tuple[np.ndarray, float]:
    """Weighted logistic regression with coefficients >= 0 and a free intercept:
    minimise sum_i w_i log(1 + exp(-s_i (b + Z_i beta))) + ||beta||^2 / (2 C n), s_i = +-1.
    Returns ``(beta, intercept)``."""
    s = np.where(y > 0.5, 1.0, -1.0)
    k = Z.shape[1]
    lam = 1.0 / (C * len(y))

    def loss(theta):
        beta, b = theta[:k], theta[k]
        m = s * (Z @ beta + b)
        log1pexp = np.logaddexp(0.0, -m)
        sig = np.exp(-np.logaddexp(0.0, m))  # 1 / (1 + exp(m))
        g = -(w * s * sig)
        return float(w @ log1pexp + 0.5 * lam * beta @ beta), np.append(Z.T @ g + lam * beta, g.sum())

    res = minimize(loss, np.zeros(k + 1), jac=True, method="L-BFGS-B", bounds=[(0.0, None)] * k + [(None, None)])
    return res.x[:k], float(res.x[k])


def _standardise(X: np.ndarray, w: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    mu = w @ X / w.sum()
    sd = np.sqrt(w @ (X - mu) ** 2 / w.sum())
    return mu, np.where(sd > 1e-9, sd, 1.0)


def component_weights(X: np.ndarray, y: np.ndarray, w: np.ndarray, C: float) -> np.ndarray:
    """Index weights on the components' own scale (non-negative, summing to 1; equal weights if
    the fit keeps no component)."""
    mu, sd = _standardise(X, w)
    beta, _ = fit_nonnegative((X - mu) / sd, y, w, C)
    raw = beta / sd
    return raw / raw.sum() if raw.sum() > 0 else np.full(X.shape[1], 1.0 / X.shape[1])


def _auc(y: np.ndarray, score: np.ndarray) -> float:
    from scipy.stats import rankdata

    pos = y > 0.5
    n1, n0 = pos.sum(), (~pos).sum()
    if not n1 or not n0:
        return float("nan")
    r = rankdata(score)
    return float((r[pos].sum() - n1 * (n1 + 1) / 2) / (n1 * n0))


def _mean_collection_auc(frame: pd.DataFrame, score: np.ndarray) -> float:
    aucs = [_auc(frame["y"].to_numpy()[m], score[m]) for m in (frame["collection"] == c for c in LABEL_BY_COLLECTION)]
    aucs = [a for a in aucs if a == a]
    return float(np.mean(aucs)) if aucs else float("nan")


#: Outlet folds of the inner choice of C (outlets grouped, never split across folds).
INNER_FOLDS = 5


def _outlet_folds(outlets: np.ndarray, k: int = INNER_FOLDS) -> np.ndarray:
    """Fold number of every row: outlets in sorted order dealt round-robin into ``k`` folds."""
    order = {o: i % k for i, o in enumerate(sorted(set(outlets)))}
    return np.array([order[o] for o in outlets])


def _loo_scores(X: np.ndarray, frame: pd.DataFrame, w: np.ndarray, C: float) -> np.ndarray:
    """Out-of-outlet index scores: each fold of outlets scored by weights fitted without it."""
    y = frame["y"].to_numpy()
    folds = _outlet_folds(frame["outlet"].to_numpy())
    out = np.full(len(frame), np.nan)
    for o in np.unique(folds):
        test = folds == o
        train = ~test
        if len(np.unique(y[train])) < 2:
            continue
        wt = component_weights(X[train], y[train], w[train] / w[train].sum(), C)
        out[test] = X[test] @ wt
    return out


def choose_C(X: np.ndarray, frame: pd.DataFrame, w: np.ndarray, grid=C_GRID) -> tuple[float, dict]:
    """The C of ``grid`` with the best mean per-collection AUC of out-of-outlet scores
    (:data:`INNER_FOLDS` folds of whole outlets)."""
    scores = {C: _mean_collection_auc(frame, _loo_scores(X, frame, w, C)) for C in grid}
    best = max(scores, key=lambda c: (scores[c], -c))
    return best, scores


def outlet_cross_validation(table: pd.DataFrame, grid=C_GRID) -> pd.Series:
    """Leave-one-outlet-out index scores of every labelled row of ``table`` (index as in
    :func:`training_frame`'s order, returned aligned to ``doc_id``): for each outlet, C is chosen
    by leave-one-outlet-out on the other outlets, weights are fitted on them, and the outlet's
    documents are scored. Nothing of the held-out outlet is seen."""
    from analysis.compare.reliability_index import index_components

    frame = training_frame(table)
    X = index_components(frame).to_numpy()
    w = sample_weights(frame)
    outlets = frame["outlet"].to_numpy()
    out = np.full(len(frame), np.nan)
    for o in dict.fromkeys(outlets):
        test = outlets == o
        train = ~test
        sub = frame[train].reset_index(drop=True)
        ws = w[train] / w[train].sum()
        C, _ = choose_C(X[train], sub, ws, grid)
        wt = component_weights(X[train], sub["y"].to_numpy(), ws, C)
        out[test] = X[test] @ wt
    return pd.Series(out, index=frame["doc_id"].to_numpy(), name="reliability_index_loo")


def fit_published_weights(table: pd.DataFrame, grid=C_GRID) -> dict:
    """The weights to publish (fitted on every labelled document, C chosen by
    leave-one-outlet-out) and how they were chosen."""
    from analysis.compare.reliability_index import INDEX_COMPONENTS, index_components

    frame = training_frame(table)
    comps = index_components(frame)
    X = comps.to_numpy()
    w = sample_weights(frame)
    C, cv = choose_C(X, frame, w, grid)
    weights = component_weights(X, frame["y"].to_numpy(), w, C)
    univariate = {
        k: {
            c: _auc(frame["y"].to_numpy()[m], X[m, j])
            for c in LABEL_BY_COLLECTION
            for m in [(frame["collection"] == c).to_numpy()]
        }
        for j, k in enumerate(INDEX_COMPONENTS)
    }
    return {
        "weights": {k: round(float(v), 6) for k, v in zip(comps.columns, weights)},
        "C": C,
        "cv_mean_collection_auc_by_C": {str(k): round(v, 4) for k, v in cv.items()},
        "univariate_auc_training": {k: {c: round(a, 4) for c, a in v.items()} for k, v in univariate.items()},
        "n_documents": {c: int((frame["collection"] == c).sum()) for c in LABEL_BY_COLLECTION},
        "n_outlets": {c: int(frame.loc[frame["collection"] == c, "outlet"].nunique()) for c in LABEL_BY_COLLECTION},
        "n_positive": {c: int(frame.loc[frame["collection"] == c, "y"].sum()) for c in LABEL_BY_COLLECTION},
    }


def write_weights(fit: dict, path: str | Path | None = None, extra: dict | None = None) -> Path:
    """Write the weights JSON (the runtime reads ``weights``) with its provenance."""
    from analysis.compare.reliability_index import INDEX_COMPONENTS, WEIGHTS_JSON

    path = Path(path) if path else WEIGHTS_JSON
    doc = {
        "model": "reliability_weights",
        "what": "non-negative weights of the scorecard's checkability index (issue 25)",
        **fit,
        "components": {k: v[0] for k, v in INDEX_COMPONENTS.items()},
        "how_chosen": (
            "logistic regression on standardised components, coefficients constrained >= 0 (L-BFGS-B), "
            "L2 penalty 1/(2 C n) with C from C_GRID chosen by 5-fold cross-validation over whole outlets of the training data "
            "(criterion: mean over collections of the AUC of out-of-outlet scores); equal total sample weight "
            "per (collection, label) cell; weights = beta_k / sd_k normalised to sum to 1"
        ),
        "training_data": {
            "polnear": "PolNeAR v1.0.0 train+dev (networkdynamics/PolNeAR commit c3eee833), wire copies left out; "
            "label = outlet's MBFC factual reporting high vs mixed/low (analysis/validate/gold/outlet_ratings.csv)",
            "narrative_frames": "Frermann et al. 2023 narrative-frames corpus, 345 articles here "
            "(phenixace/narrative-framing commit 197314d); label = mbfc column questionable_source vs the rest",
        },
        "licence": "PolNeAR: research use (no licence stated); narrative frames: MIT (article texts third-party news); "
        "ratings: Media Bias/Fact Check via Baly et al. 2018/2020 (research data). Only weights are stored here.",
        "date": _dt.date.today().isoformat(),
        **(extra or {}),
    }
    path.write_text(json.dumps(doc, indent=2, sort_keys=False) + "\n", encoding="utf-8")
    return path


def main(argv=None) -> int:  # pragma: no cover - the training run (several minutes)
    import argparse

    from analysis.validate.reliability import score_known_groups

    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--data", default=None, help="benchmark folder")
    p.add_argument("--out", default=None, help="weights JSON (default analysis/models/reliability_weights.json)")
    args = p.parse_args(argv)
    table = score_known_groups(data_dir=args.data, collections=("polnear", "narrative_frames"))
    fit = fit_published_weights(table)
    path = write_weights(fit, args.out)
    print(json.dumps(fit["weights"], indent=2))
    print(f"written {path}")
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
