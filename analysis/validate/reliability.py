"""Known-groups validation of the source-reliability scorecard (issue 25).

Does the checkability index rank documents from well-rated outlets above documents from poorly
rated or questionable outlets? The data and labels are those of
:mod:`analysis.validate.reliability_data`; the weights are fitted by
:mod:`analysis.training.reliability_weights`.

Design
------
* **Composite, leave-one-outlet-out**: every outlet's documents are scored by weights fitted (and C
  chosen) without that outlet, so an outlet is never in both training and evaluation
  (:func:`analysis.training.reliability_weights.outlet_cross_validation`). These are the numbers to
  trust. The published weights scored on the same data are shown as ``in-sample`` for reference.
* **Components**: each component as it stands (no fitting), so its AUC needs no cross-validation.
* **Naive baselines** in the same run: the old equal-weight index of the seven original components
  (``reliability_index_equal7``) and article length in words (``words``).
* **Tasks**: PolNeAR well-rated vs poorly rated outlets; narrative frames not-questionable vs
  questionable (the corpus's MBFC flag) and well-rated vs poorly rated; both pooled; each also on
  hard news only (genre ``news`` or ``wire``). PTC: Spearman correlation of the index with the
  density of gold propaganda-technique spans (expected negative; PTC never enters the fit).
* **Intervals**: 95% percentile bootstrap, resampling documents within each class
  (:data:`N_BOOT` resamples, fixed seed).

:func:`validate_reliability` returns the rows (columns :data:`RELIABILITY_COLUMNS`), the table
shape of the lab's validation output (``value`` is an AUC or a Spearman rho).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.stats import rankdata

__all__ = [
    "N_BOOT",
    "RELIABILITY_COLUMNS",
    "HARD_NEWS",
    "score_known_groups",
    "auc",
    "bootstrap_auc",
    "validate_reliability",
    "seed_flags",
]

N_BOOT = 1000
#: Genres counted as hard news for the within-genre rows.
HARD_NEWS = ("news", "wire")
RELIABILITY_COLUMNS = [
    "benchmark",
    "split",
    "task",
    "detector",
    "family",
    "level",
    "metric",
    "value",
    "ci_low",
    "ci_high",
    "n_docs",
    "n_positive",
    "n_outlets",
    "expected",
    "notes",
]
#: The seven components of the index before issue 25 (equal weights): the naive baseline.
OLD_COMPONENTS = (
    "named",
    "not_unverifiable",
    "not_self",
    "attributed_facts",
    "detail",
    "other_side",
    "anonymous_hedged",
)
#: task -> (collections, label column, description)
TASKS = {
    "polnear_rating": (("polnear",), "well_rated", "PolNeAR: MBFC high vs mixed/low outlets (wire copies left out)"),
    "nf_questionable": (("narrative_frames",), "not_questionable", "narrative frames: rest vs questionable_source"),
    "nf_rating": (("narrative_frames",), "well_rated", "narrative frames: MBFC high vs mixed/low outlets"),
    "pooled": (("polnear", "narrative_frames"), "y", "both collections, training labels"),
}


def score_known_groups(
    data_dir=None, collections=("polnear", "narrative_frames", "ptc"), documents: pd.DataFrame | None = None, jobs=None
) -> pd.DataFrame:
    """The scorecard table of the known-groups documents with their labels (``collection``,
    ``outlet``, ``rated_group``, ``well_rated``, ``not_questionable``, ``propaganda_per_1k``)."""
    from analysis.compare.scorecard import build_scorecard
    from analysis.validate.reliability_data import known_groups

    docs = known_groups(data_dir, collections) if documents is None else documents
    card = build_scorecard(docs[["doc_id", "text", "title", "collection"]], group_col="collection", jobs=jobs)
    labels = docs.drop(columns=["text", "title", "collection"])
    return card.table.merge(labels, on="doc_id", how="left", validate="one_to_one")


def auc(y: np.ndarray, score: np.ndarray) -> float:
    """Area under the ROC curve (Mann-Whitney, ties counted half); NaN with one class only."""
    y = np.asarray(y, dtype=float) > 0.5
    score = np.asarray(score, dtype=float)
    n1, n0 = y.sum(), (~y).sum()
    if not n1 or not n0:
        return float("nan")
    r = rankdata(score)
    return float((r[y].sum() - n1 * (n1 + 1) / 2) / (n1 * n0))


def bootstrap_auc(y, score, n_boot: int = N_BOOT, seed: int = 0) -> tuple[float, float, float]:
    """AUC and its 95% percentile interval, resampling documents within each class."""
    y = np.asarray(y, dtype=float) > 0.5
    score = np.asarray(score, dtype=float)
    est = auc(y, score)
    if est != est or n_boot <= 0:
        return est, float("nan"), float("nan")
    rng = np.random.default_rng(seed)
    sp, sn = score[y], score[~y]
    # P(positive > negative) + half the ties, from each negative's place among the sorted positives
    vals = np.empty(n_boot)
    for b in range(n_boot):
        p = np.sort(rng.choice(sp, len(sp)))
        q = rng.choice(sn, len(sn))
        below = np.searchsorted(p, q, side="left")
        above = np.searchsorted(p, q, side="right")
        vals[b] = ((len(p) - above).sum() + 0.5 * (above - below).sum()) / (len(p) * len(q))
    lo, hi = np.percentile(vals, [2.5, 97.5])
    return est, float(lo), float(hi)


def _bootstrap_spearman(x, z, n_boot: int, seed: int) -> tuple[float, float, float]:
    x, z = np.asarray(x, float), np.asarray(z, float)

    def rho(a, b):
        return float(np.corrcoef(rankdata(a), rankdata(b))[0, 1])

    est = rho(x, z)
    rng = np.random.default_rng(seed)
    vals = [rho(x[i], z[i]) for i in (rng.integers(0, len(x), len(x)) for _ in range(n_boot))]
    lo, hi = np.nanpercentile(vals, [2.5, 97.5]) if n_boot else (np.nan, np.nan)
    return est, float(lo), float(hi)


def _row(task, split, detector, family, metric, est, lo, hi, part, label, expected, notes="") -> dict:
    return {
        "benchmark": "reliability_known_groups",
        "split": split,
        "task": task,
        "detector": detector,
        "family": family,
        "level": "document",
        "metric": metric,
        "value": est,
        "ci_low": lo,
        "ci_high": hi,
        "n_docs": int(len(part)),
        "n_positive": int((part[label] > 0.5).sum()) if label else 0,
        "n_outlets": int(part["outlet"].nunique()) if "outlet" in part else 0,
        "expected": expected,
        "notes": notes,
    }


def validate_reliability(
    table: pd.DataFrame | None = None, data_dir=None, n_boot: int = N_BOOT, seed: int = 0, jobs=None
) -> pd.DataFrame:
    """The validation rows (module docstring); ``table`` from :func:`score_known_groups` (scored
    here when None)."""
    from analysis.compare.reliability_index import INDEX_COMPONENTS, index_components, reliability_index
    from analysis.training.reliability_weights import outlet_cross_validation, training_frame

    if table is None:
        table = score_known_groups(data_dir, jobs=jobs)
    table = table.reset_index(drop=True)
    comps = index_components(table)
    scores = pd.DataFrame(index=table.index)
    loo = outlet_cross_validation(table)
    scores["reliability_index"] = table["doc_id"].map(loo)
    scores["reliability_index_published"] = reliability_index(table).to_numpy()
    scores["reliability_index_equal7"] = comps[list(OLD_COMPONENTS)].mean(axis=1).to_numpy()
    scores["words"] = table["words"].astype(float).to_numpy()
    for k in INDEX_COMPONENTS:
        scores[k] = comps[k].to_numpy()
    labelled = training_frame(table).set_index("doc_id")["y"]
    table = table.assign(y=table["doc_id"].map(labelled))
    families = {
        "reliability_index": ("composite", "leave-one-outlet-out", "weights and C fitted without the scored outlet"),
        "reliability_index_published": ("composite", "in-sample", "published weights, fitted on these documents"),
        "reliability_index_equal7": ("naive", "all", "the pre-issue-25 index: seven components, equal weights"),
        "words": ("naive", "all", "article length"),
    }
    rows = []
    for task, (colls, label, desc) in TASKS.items():
        for genre_part in ("all genres", "hard news"):
            part = table[table["collection"].isin(colls) & table[label].notna()]
            if genre_part == "hard news":
                part = part[part["genre"].isin(HARD_NEWS)]
            if part[label].nunique() < 2:
                continue
            y = part[label].to_numpy(dtype=float)
            for det in scores.columns:
                s = scores.loc[part.index, det].to_numpy(dtype=float)
                ok = ~np.isnan(s)
                est, lo, hi = bootstrap_auc(y[ok], s[ok], n_boot, seed)
                fam, split, note = families.get(det, ("component", "all", INDEX_COMPONENTS.get(det, ("",))[0]))
                rows.append(
                    _row(
                        task,
                        f"{split}; {genre_part}",
                        det,
                        fam,
                        "auc",
                        est,
                        lo,
                        hi,
                        part[ok],
                        label,
                        "> .5",
                        f"{desc}; {note}",
                    )
                )
    ptc = table[table["collection"] == "ptc"]
    if len(ptc) > 2:
        for det in ("reliability_index_published", "reliability_index_equal7", *INDEX_COMPONENTS):
            est, lo, hi = _bootstrap_spearman(scores.loc[ptc.index, det], ptc["propaganda_per_1k"], n_boot, seed)
            fam = families.get(det, ("component",))[0]
            rows.append(
                _row(
                    "ptc_propaganda",
                    "all (never fitted on PTC)",
                    det,
                    fam,
                    "spearman_rho",
                    est,
                    lo,
                    hi,
                    ptc,
                    "",
                    "< 0",
                    "Spearman correlation with gold propaganda-technique spans per 1,000 words",
                )
            )
    return pd.DataFrame(rows, columns=RELIABILITY_COLUMNS)


def seed_flags(table: pd.DataFrame) -> pd.DataFrame:
    """The documents :func:`analysis.compare.reliability_index.explain` flags as resting on an
    unverifiable claim stated as fact: at least one anonymous or unverifiable claim, none hedged
    ("... it is stated as fact, without a hedge")."""
    flagged = (table["anonymous_claims"] > 0) & (table["anonymous_claims_hedged"] < table["anonymous_claims"])
    return table.loc[flagged, ["doc_id", "anonymous_claims", "anonymous_claims_hedged"]].reset_index(drop=True)
