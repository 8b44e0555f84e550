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
* **Direction check**: a component is eligible only when it points the expected way (univariate
  AUC above .5, higher for the better-rated class) in *every* training collection
  (:func:`eligible_components`). A component that points the wrong way anywhere gets weight 0: it
  stays visible in the scorecard and in ``explain``, never silently inverted or weighted.
* **Model**: logistic regression on the standardised eligible components with every coefficient
  constrained to be >= 0 (L-BFGS-B with bounds; L2 penalty 1/(2 C n)). The standardised
  coefficients are turned back into weights on the components' own [0, 1] scale (beta_k / sd_k) and
  normalised to sum to 1, so the index stays a weighted mean between 0 and 1 and ranks documents
  exactly as the fitted model does.
* **Choosing C**: cross-validation over :data:`INNER_FOLDS` folds of whole outlets inside the
  training data (an outlet is never in both the fitting and the scoring part), criterion the mean
  over collections of the AUC of the out-of-outlet scores.

:func:`outlet_cross_validation` scores every outlet by weights fitted without it, in two designs:
``"weights"`` (the component set of the published fit kept, C and weights refitted without the
outlet) and ``"nested"`` (the direction check too redone without the outlet: the strict design).

``python -m analysis.training.reliability_weights`` scores the known groups, fits, and writes
``analysis/models/reliability_weights.json`` (weights, how they were chosen, CV scores, data,
commit and licence).
"""

from __future__ import annotations

import datetime as _dt
import json
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.optimize import minimize

from analysis.validate.metrics import auc

__all__ = [
    "C_GRID",
    "INNER_FOLDS",
    "LABEL_BY_COLLECTION",
    "training_frame",
    "sample_weights",
    "fit_nonnegative",
    "component_weights",
    "eligible_components",
    "choose_C",
    "outlet_cross_validation",
    "fit_published_weights",
    "write_weights",
]

#: Inverse L2 strengths tried (chosen by outlet-grouped cross-validation inside the training data).
C_GRID = (0.01, 0.1, 1.0, 10.0)
#: Outlet folds of the inner choice of C (outlets grouped, never split across folds).
INNER_FOLDS = 5
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


def component_weights(X: np.ndarray, y: np.ndarray, w: np.ndarray, C: float, keep=None) -> np.ndarray:
    """Index weights on the components' own scale (non-negative, summing to 1). ``keep``: a boolean
    mask of the components allowed a weight (the others get 0); equal weights over the kept
    components if the fit keeps none."""
    keep = np.ones(X.shape[1], dtype=bool) if keep is None else np.asarray(keep, dtype=bool)
    out = np.zeros(X.shape[1])
    if not keep.any():
        return np.full(X.shape[1], 1.0 / X.shape[1])
    Xk = X[:, keep]
    mu, sd = _standardise(Xk, w)
    beta, _ = fit_nonnegative((Xk - mu) / sd, y, w, C)
    raw = beta / sd
    out[keep] = raw / raw.sum() if raw.sum() > 0 else 1.0 / keep.sum()
    return out


def eligible_components(X: np.ndarray, frame: pd.DataFrame) -> np.ndarray:
    """Boolean mask: the components whose AUC is above .5 (the expected direction) in every
    collection of ``frame`` (module docstring)."""
    y = frame["y"].to_numpy()
    colls = frame["collection"].to_numpy()
    ok = np.ones(X.shape[1], dtype=bool)
    for c in np.unique(colls):
        m = colls == c
        ok &= np.array([auc(y[m], X[m, j]) > 0.5 for j in range(X.shape[1])])
    return ok


def _mean_collection_auc(frame: pd.DataFrame, score: np.ndarray) -> float:
    y = frame["y"].to_numpy()
    aucs = [auc(y[m], score[m]) for m in ((frame["collection"] == c).to_numpy() for c in LABEL_BY_COLLECTION)]
    aucs = [a for a in aucs if a == a]
    return float(np.mean(aucs)) if aucs else float("nan")


def _outlet_folds(outlets: np.ndarray, k: int = INNER_FOLDS) -> np.ndarray:
    """Fold number of every row: outlets in sorted order dealt round-robin into ``k`` folds."""
    order = {o: i % k for i, o in enumerate(sorted(set(outlets)))}
    return np.array([order[o] for o in outlets])


def choose_C(X: np.ndarray, frame: pd.DataFrame, w: np.ndarray, keep=None, grid=C_GRID) -> tuple[float, dict]:
    """The C of ``grid`` with the best mean per-collection AUC of out-of-outlet scores
    (:data:`INNER_FOLDS` folds of whole outlets; ``keep`` as in :func:`component_weights`)."""
    y = frame["y"].to_numpy()
    folds = _outlet_folds(frame["outlet"].to_numpy())
    scores = {}
    for C in grid:
        out = np.full(len(frame), np.nan)
        for f in np.unique(folds):
            test = folds == f
            train = ~test
            if len(np.unique(y[train])) < 2:
                continue
            out[test] = X[test] @ component_weights(X[train], y[train], w[train] / w[train].sum(), C, keep)
        scores[C] = _mean_collection_auc(frame, out)
    best = max(scores, key=lambda c: (scores[c], -c))
    return best, scores


def _fit(X: np.ndarray, frame: pd.DataFrame, w: np.ndarray, keep=None, grid=C_GRID) -> tuple[np.ndarray, dict]:
    """Weights (direction check unless ``keep`` is given, C chosen, non-negative fit) and how."""
    keep = eligible_components(X, frame) if keep is None else np.asarray(keep, dtype=bool)
    C, cv = choose_C(X, frame, w, keep, grid)
    return component_weights(X, frame["y"].to_numpy(), w, C, keep), {"C": C, "cv": cv, "keep": keep}


def outlet_cross_validation(table: pd.DataFrame, design: str = "weights", grid=C_GRID) -> pd.Series:
    """Leave-one-outlet-out index scores of every labelled row of ``table`` (by ``doc_id``): each
    outlet's documents are scored by weights fitted without it. ``design="weights"``: the
    components that the fit on every labelled document keeps (its direction check) stay the
    eligible set, C and weights are refitted without the outlet; ``"nested"``: the direction check
    is redone without the outlet too. Nothing of the held-out outlet's labels is used to fit
    its weights in either design (in ``"weights"`` it took part in choosing which components
    are eligible).

    The score is the held-out document's mid-rank among the training documents under the same
    weights (0-1), not the raw weighted mean: weights refitted without an outlet move every
    score's level (more weight on a component that is low for everyone lowers them all), and
    pooling raw scores of different folds rewarded those shifts (a poorly rated outlet's fold
    happened to weight low-mean components: PolNeAR AUC .760 raw vs .695 ranked)."""
    from analysis.compare.reliability_index import index_components

    if design not in ("weights", "nested"):
        raise ValueError("design must be 'weights' or 'nested'")
    frame = training_frame(table)
    X = index_components(frame).to_numpy()
    w = sample_weights(frame)
    keep_all = eligible_components(X, frame) if design == "weights" else None
    outlets = frame["outlet"].to_numpy()
    out = np.full(len(frame), np.nan)
    for o in dict.fromkeys(outlets):
        test = outlets == o
        train = ~test
        sub = frame[train].reset_index(drop=True)
        wt, _ = _fit(X[train], sub, w[train] / w[train].sum(), keep_all, grid)
        out[test] = _mid_rank(X[train] @ wt, X[test] @ wt)
    return pd.Series(out, index=frame["doc_id"].to_numpy(), name=f"reliability_index_loo_{design}")


def _mid_rank(reference: np.ndarray, values: np.ndarray) -> np.ndarray:
    """The share of ``reference`` below each value, ties counted half (0-1)."""
    ref = np.sort(reference)
    return (np.searchsorted(ref, values, side="left") + np.searchsorted(ref, values, side="right")) / (2 * len(ref))


def fit_published_weights(table: pd.DataFrame, grid=C_GRID) -> dict:
    """The weights to publish (direction check, C chosen by outlet-grouped CV, non-negative fit
    on every labelled document) and how they were chosen."""
    from analysis.compare.reliability_index import INDEX_COMPONENTS, index_components

    frame = training_frame(table)
    comps = index_components(frame)
    X = comps.to_numpy()
    w = sample_weights(frame)
    weights, how = _fit(X, frame, w, None, grid)
    y = frame["y"].to_numpy()
    univariate = {
        k: {c: auc(y[m], X[m, j]) for c in LABEL_BY_COLLECTION for m in [(frame["collection"] == c).to_numpy()]}
        for j, k in enumerate(INDEX_COMPONENTS)
    }
    return {
        "weights": {k: round(float(v), 6) for k, v in zip(comps.columns, weights)},
        "eligible": [k for k, ok in zip(comps.columns, how["keep"]) if ok],
        "C": how["C"],
        "cv_mean_collection_auc_by_C": {str(k): round(v, 4) for k, v in how["cv"].items()},
        "univariate_auc_training": {k: {c: round(a, 4) for c, a in v.items()} for k, v in univariate.items()},
        "n_documents": {c: int((frame["collection"] == c).sum()) for c in LABEL_BY_COLLECTION},
        "n_outlets": {c: int(frame.loc[frame["collection"] == c, "outlet"].nunique()) for c in LABEL_BY_COLLECTION},
        "n_positive": {c: int(frame.loc[frame["collection"] == c, "y"].sum()) for c in LABEL_BY_COLLECTION},
    }


def _commit() -> str:
    """The project's git commit (with ``+dirty`` when the tree has changes), or "unknown"."""
    import subprocess

    from analysis.config import PROJECT_ROOT

    try:
        head = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=PROJECT_ROOT, capture_output=True, text=True, check=True
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=PROJECT_ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return head + ("+dirty" if dirty else "")


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
            "direction check (a component is eligible only when its AUC is above .5 in every training collection), "
            "then logistic regression on the standardised eligible components with coefficients constrained >= 0 "
            f"(L-BFGS-B), L2 penalty 1/(2 C n) with C from {list(C_GRID)} chosen by {INNER_FOLDS}-fold cross-validation "
            "over whole outlets of the training data (criterion: mean over collections of the AUC of out-of-outlet "
            "scores); equal total sample weight per (collection, label) cell; weights = beta_k / sd_k normalised "
            "to sum to 1"
        ),
        "training_data": {
            "polnear": "PolNeAR v1.0.0 train+dev (networkdynamics/PolNeAR commit c3eee833), wire copies left out; "
            "label = outlet's MBFC factual reporting high vs mixed/low (analysis/validate/gold/outlet_ratings.csv)",
            "narrative_frames": "Frermann et al. 2023 narrative-frames corpus, the 345 articles in the shared folder "
            "(phenixace/narrative-framing commit 197314d); label = mbfc column questionable_source vs the rest",
        },
        "split": "all labelled documents (the held-out fifth of the narrative-frames corpus is not in the shared "
        "folder); validation scores are leave-one-outlet-out (analysis.validate.reliability)",
        "licence": "PolNeAR: research use (no licence stated); narrative frames: MIT (article texts third-party news); "
        "ratings: Media Bias/Fact Check via Baly et al. 2018/2020 (research data). Only weights are stored here.",
        "trained_at_commit": _commit(),
        "date": _dt.date.today().isoformat(),
        **(extra or {}),
    }
    path.write_text(json.dumps(doc, indent=2, sort_keys=False) + "\n", encoding="utf-8")
    return path


def main(argv=None) -> int:  # pragma: no cover - the training run (a minute)
    import argparse

    from analysis.validate.reliability_data import score_known_groups

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
