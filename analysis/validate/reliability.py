"""Known-groups validation of the source-reliability scorecard (issue 25).

Does the checkability index rank documents from well-rated outlets above documents from poorly
rated or questionable outlets? The data and labels are those of
:mod:`analysis.validate.reliability_data`; the weights are fitted by
:mod:`analysis.training.reliability_weights`.

Design
------
* **Composite, leave-one-outlet-out**: every outlet's documents are scored by weights fitted (and C
  chosen) without that outlet, so an outlet is never in both training and evaluation
  (:func:`analysis.training.reliability_weights.outlet_cross_validation`). ``reliability_index``
  keeps the component set of the published fit (its direction check saw every outlet) and refits
  C and weights; ``reliability_index_nested`` redoes the direction check without the outlet too
  (the strict design). The published weights scored on the same data are shown as ``in-sample``.
* **Components**: each component as it stands (no fitting), so its AUC needs no cross-validation.
* **Naive baselines** in the same run: the index as it was before issue 25 (seven components,
  equal weights, a text without claims scoring 1 on four of them: :func:`pre_issue25_index`) and
  article length in words (``words``).
* **Length**: each AUC row also gives ``auc_length_matched``, the AUC within fifths of article
  length (averaged over the fifths, weighted by size): the part of the separation that is not
  article length.
* **Tasks**: PolNeAR well-rated vs poorly rated outlets; narrative frames not-questionable vs
  questionable (the corpus's MBFC flag) and well-rated vs poorly rated; both pooled; each also on
  hard news only (``text_genre`` news or wire). PTC: Spearman correlation with the density of
  gold propaganda-technique spans (expected negative; PTC never enters the fit).
* **Intervals**: 95% percentile bootstrap, resampling documents within each class
  (:data:`N_BOOT` resamples, fixed seed).

:func:`validate_reliability` returns the rows (columns :data:`RELIABILITY_COLUMNS`; ``value`` is an
AUC or a Spearman rho); :func:`reliability_validation` is the cached run the ``validate`` command,
notebook 06 and the figure build share; :func:`roc_points` gives the ROC curve of a detector.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy.stats import rankdata

from analysis.validate.metrics import auc, bootstrap_auc

__all__ = [
    "N_BOOT",
    "RELIABILITY_COLUMNS",
    "HARD_NEWS",
    "TASKS",
    "DATA_SOURCES",
    "FIGURE_SOURCE",
    "ReliabilityValidation",
    "pre_issue25_index",
    "detector_scores",
    "length_matched_auc",
    "validate_reliability",
    "reliability_validation",
    "reliability_summary",
    "known_groups_summary",
    "roc_points",
    "seed_flags",
]

N_BOOT = 1000
#: Text genres counted as hard news for the within-genre rows.
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
    "auc_length_matched",
    "n_docs",
    "n_positive",
    "n_outlets",
    "expected",
    "notes",
]
#: task -> (collections, label column, description)
TASKS = {
    "polnear_rating": (("polnear",), "well_rated", "PolNeAR: MBFC high vs mixed/low outlets (wire copies left out)"),
    "nf_questionable": (("narrative_frames",), "not_questionable", "narrative frames: rest vs questionable_source"),
    "nf_rating": (("narrative_frames",), "well_rated", "narrative frames: MBFC high vs mixed/low outlets"),
    "pooled": (("polnear", "narrative_frames"), "y", "both collections, training labels"),
}
#: Where the known-groups data comes from (said by the ``validate`` command and notebook 06).
DATA_SOURCES = (
    "known groups: PolNeAR train+dev (Newell et al. 2018; 7 outlets, wire copies left out) and the narrative-frames "
    "corpus (Frermann et al. 2023; 345 articles, 34 outlets) from ../shared/benchmarks, labelled by Media Bias/Fact "
    "Check factual-reporting ratings (analysis/validate/gold/outlet_ratings.csv, provenance in "
    "docs/outlet-ratings-PROVENANCE.md) and the corpus's own questionable_source flag; PTC train (SemEval-2020 "
    "Task 11) for the correlation with propaganda techniques"
)
#: The same, short, for a figure caption.
FIGURE_SOURCE = (
    "PolNeAR train+dev and narrative-frames articles (../shared/benchmarks); outlet ratings: Media Bias/Fact Check "
    "(analysis/validate/gold/outlet_ratings.csv) and the corpus's questionable_source flag"
)
#: Composite and naive detectors: name -> (family, split, note).
_DETECTORS = {
    "reliability_index": (
        "composite",
        "leave-one-outlet-out",
        "weights and C refitted without the scored outlet (component set of the published fit)",
    ),
    "reliability_index_nested": (
        "composite",
        "leave-one-outlet-out, nested",
        "direction check, C and weights all redone without the scored outlet",
    ),
    "reliability_index_published": ("composite", "in-sample", "published weights, fitted on these documents"),
    "reliability_index_pre25": ("naive", "all", "the index before issue 25: seven components, equal weights"),
    "words": ("naive", "all", "article length in words"),
}


@dataclass
class ReliabilityValidation:
    """The known-groups validation: ``rows`` (:data:`RELIABILITY_COLUMNS`), ``scores`` (every
    detector's score per document, with its collection, outlet, text genre, words and labels),
    ``data`` (where the data comes from) and ``skipped`` (why nothing was scored, when so)."""

    rows: pd.DataFrame
    scores: pd.DataFrame = field(default_factory=pd.DataFrame)
    data: str = DATA_SOURCES
    skipped: str = ""


def pre_issue25_index(table: pd.DataFrame) -> pd.Series:
    """The scorecard's index as it was before issue 25, the naive baseline: the equal-weight mean of
    named_source_share, 1 - anonymous share, 1 - self-reference share (each 1 when the text has no
    claim), 1 - unattributed_assertion_share (0.5 without factual assertions), detail per 1,000
    words / 100 (capped at 1), the other side's response and the hedged share of anonymous claims
    (1 without one)."""
    parts = [
        table["named_source_share"].fillna(0.0),
        1.0 - table["source_anonymous_unverifiable_share"].fillna(0.0),
        1.0 - table["source_self_reference_share"].fillna(0.0),
        1.0 - table["unattributed_assertion_share"].fillna(0.5),
        (table["checkable_details_per_1k"].fillna(0.0) / 100.0).clip(0.0, 1.0),
        table["other_side_response"].astype(float),
        table["anonymous_claims_hedged_share"].fillna(1.0),
    ]
    return pd.concat(parts, axis=1).astype(float).mean(axis=1).rename("reliability_index_pre25")


def detector_scores(table: pd.DataFrame) -> pd.DataFrame:
    """Every detector's score of every row of a known-groups table (columns: the composites,
    the naive baselines, then the components), index as ``table``."""
    from analysis.compare.reliability_index import INDEX_COMPONENTS, index_components, reliability_index
    from analysis.training.reliability_weights import outlet_cross_validation

    comps = index_components(table)
    scores = pd.DataFrame(index=table.index)
    scores["reliability_index"] = table["doc_id"].map(outlet_cross_validation(table, "weights"))
    scores["reliability_index_nested"] = table["doc_id"].map(outlet_cross_validation(table, "nested"))
    scores["reliability_index_published"] = reliability_index(table).to_numpy()
    scores["reliability_index_pre25"] = pre_issue25_index(table).to_numpy()
    scores["words"] = table["words"].astype(float).to_numpy()
    for k in INDEX_COMPONENTS:
        scores[k] = comps[k].to_numpy()
    return scores


def length_matched_auc(y, score, words, bins: int = 5) -> float:
    """The AUC within fifths (``bins``) of article length, averaged over the fifths weighted by
    their size (fifths with one class only left out): how well ``score`` separates documents of
    about the same length."""
    y = np.asarray(y, dtype=float)
    score = np.asarray(score, dtype=float)
    words = np.asarray(words, dtype=float)
    if len(y) < 2 * bins:
        return float("nan")
    cut = np.quantile(words, np.linspace(0, 1, bins + 1)[1:-1])
    fifth = np.searchsorted(cut, words, side="right")
    aucs, sizes = [], []
    for f in range(bins):
        m = fifth == f
        a = auc(y[m], score[m]) if m.any() else float("nan")
        if a == a:
            aucs.append(a)
            sizes.append(m.sum())
    return float(np.average(aucs, weights=sizes)) if aucs else float("nan")


def _bootstrap_spearman(x, z, n_boot: int, seed: int) -> tuple[float, float, float]:
    x, z = np.asarray(x, float), np.asarray(z, float)

    def rho(a, b):
        return float(np.corrcoef(rankdata(a), rankdata(b))[0, 1])

    est = rho(x, z)
    if n_boot <= 0:
        return est, float("nan"), float("nan")
    rng = np.random.default_rng(seed)
    vals = [rho(x[i], z[i]) for i in (rng.integers(0, len(x), len(x)) for _ in range(n_boot))]
    lo, hi = np.nanpercentile(vals, [2.5, 97.5])
    return est, float(lo), float(hi)


def _row(task, split, detector, family, metric, values, part, label, expected, notes="") -> dict:
    est, lo, hi, matched = values
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
        "auc_length_matched": matched,
        "n_docs": int(len(part)),
        "n_positive": int((part[label] > 0.5).sum()) if label else 0,
        "n_outlets": int(part["outlet"].nunique()) if "outlet" in part else 0,
        "expected": expected,
        "notes": notes,
    }


def _labelled(table: pd.DataFrame) -> pd.DataFrame:
    """``table`` with the pooled training label ``y`` (:func:`training_frame`'s labels by doc_id)."""
    from analysis.training.reliability_weights import training_frame

    labelled = training_frame(table).set_index("doc_id")["y"]
    return table.assign(y=table["doc_id"].map(labelled))


def validate_reliability(
    table: pd.DataFrame | None = None, data_dir=None, n_boot: int = N_BOOT, seed: int = 0
) -> ReliabilityValidation:
    """The validation (module docstring) of a known-groups table from
    :func:`analysis.validate.reliability_data.score_known_groups` (read from the cache when None)."""
    from analysis.compare.reliability_index import INDEX_COMPONENTS

    if table is None:
        from analysis.validate.reliability_data import known_groups_table

        table = known_groups_table(data_dir)
    table = _labelled(table.reset_index(drop=True))
    scores = detector_scores(table)
    rows = []
    for task, (colls, label, desc) in TASKS.items():
        for genre_part in ("all genres", "hard news"):
            part = table[table["collection"].isin(colls) & table[label].notna()]
            if genre_part == "hard news":
                part = part[part["text_genre"].isin(HARD_NEWS)]
            if part[label].nunique() < 2:
                continue
            y = part[label].to_numpy(dtype=float)
            words = part["words"].to_numpy(dtype=float)
            for det in scores.columns:
                s = scores.loc[part.index, det].to_numpy(dtype=float)
                ok = ~np.isnan(s)
                est, lo, hi = bootstrap_auc(y[ok], s[ok], n_boot, seed)
                matched = length_matched_auc(y[ok], s[ok], words[ok])
                fam, split, note = _DETECTORS.get(det, ("component", "all", INDEX_COMPONENTS.get(det, ("",))[0]))
                rows.append(
                    _row(
                        task,
                        f"{split}; {genre_part}",
                        det,
                        fam,
                        "auc",
                        (est, lo, hi, matched),
                        part[ok],
                        label,
                        "> .5",
                        f"{desc}; {note}",
                    )
                )
    ptc = table[table["collection"] == "ptc"]
    if len(ptc) > 2:
        for det in ("reliability_index_published", "reliability_index_pre25", "words", *INDEX_COMPONENTS):
            est, lo, hi = _bootstrap_spearman(scores.loc[ptc.index, det], ptc["propaganda_per_1k"], n_boot, seed)
            fam = _DETECTORS.get(det, ("component",))[0]
            rows.append(
                _row(
                    "ptc_propaganda",
                    "all (never fitted on PTC)",
                    det,
                    fam,
                    "spearman_rho",
                    (est, lo, hi, float("nan")),
                    ptc,
                    "",
                    "< 0",
                    "Spearman correlation with gold propaganda-technique spans per 1,000 words",
                )
            )
    keep = ["doc_id", "collection", "outlet", "text_genre", "well_rated", "not_questionable", "y"]
    return ReliabilityValidation(
        pd.DataFrame(rows, columns=RELIABILITY_COLUMNS), pd.concat([table[keep], scores], axis=1)
    )


#: Record names of the known-groups validation's two tables (``validate --record``).
RECORDED_TABLES = ("reliability_rows", "reliability_scores")


def recorded_reliability(inputs: str, data_dir=None, n_boot: int = N_BOOT) -> ReliabilityValidation | None:
    """The known-groups validation from its records when they were recorded under this call's key
    (:mod:`analysis.validate.record`), else None."""
    from analysis.validate.record import read_record, record_key

    key = record_key("reliability_validation", inputs, (None, data_dir, n_boot))
    rows, scores = (read_record(name, key) for name in RECORDED_TABLES)
    if rows is None or scores is None:
        return None
    found = ReliabilityValidation(rows, scores)
    found.rows.attrs["recorded"] = rows.attrs.get("recorded")
    return found


def reliability_validation(
    data_dir=None, n_boot: int = N_BOOT, use_cache: bool = True, compute: bool = True
) -> ReliabilityValidation:
    """:func:`validate_reliability` of the known groups, cached by the gold files' content and the
    code (:func:`analysis.pipeline.cache.memo_call`); empty rows (``skipped`` says why) when the
    gold data is absent, or when ``compute`` is False and nothing is cached yet (a fast notebook
    run reads the result of the last full build instead of scoring 1,500 articles)."""
    from analysis.config import BenchmarkUnavailable
    from analysis.pipeline.cache import gold_fingerprint, memo_call, memo_path, signed_value

    args = ("reliability_validation", validate_reliability, None, data_dir, n_boot)
    inputs = gold_fingerprint(data_dir)
    if use_cache:  # the recorded tables (analysis.validate.record) while code and gold are unchanged
        recorded = recorded_reliability(inputs, data_dir, n_boot)
        if recorded is not None:
            return recorded
    if not compute:
        found = signed_value(memo_path(args[0], *args[2:], inputs=inputs)) if use_cache else None
        if found is None:
            return ReliabilityValidation(
                pd.DataFrame(columns=RELIABILITY_COLUMNS), skipped="not computed in a fast run (run a full build)"
            )
        return found
    try:
        return memo_call(*args, inputs=inputs, use_cache=use_cache)
    except (BenchmarkUnavailable, FileNotFoundError) as err:
        return ReliabilityValidation(pd.DataFrame(columns=RELIABILITY_COLUMNS), skipped=str(err))


_TASK_WORDS = {
    "polnear_rating": "PolNeAR (MBFC high vs mixed/low outlets)",
    "nf_questionable": "narrative frames (questionable outlets vs the rest)",
    "nf_rating": "narrative frames (MBFC high vs mixed/low outlets)",
}


def known_groups_summary(rows: pd.DataFrame) -> str:
    """Plain sentences computed from the all-genre rows: per task, the leave-one-outlet-out index
    beside the naive baselines and its length-matched AUC."""

    def get(task, det):
        r = rows[(rows["task"] == task) & (rows["detector"] == det) & rows["split"].str.endswith("all genres")]
        return r.iloc[0] if len(r) else None

    out = []
    for task, words in _TASK_WORDS.items():
        idx, pre, length = get(task, "reliability_index"), get(task, "reliability_index_pre25"), get(task, "words")
        if idx is None:
            continue
        out.append(
            f"On {words}, the leave-one-outlet-out index reaches AUC {idx['value']:.2f} ({idx['ci_low']:.2f}-"
            f"{idx['ci_high']:.2f}; {idx['auc_length_matched']:.2f} within fifths of article length), against "
            f"{pre['value']:.2f} for the index before issue 25 and {length['value']:.2f} for article length alone."
        )
    return " ".join(out)


def reliability_summary(rows: pd.DataFrame, digits: int = 3) -> pd.DataFrame:
    """The headline rows (composites and naive baselines, every task) with the interval as text."""
    r = rows[rows["family"].isin(["composite", "naive"])]
    out = r[["task", "split", "detector", "metric", "value"]].copy()
    out["value"] = out["value"].astype(float).round(digits)
    out["ci_95"] = [("" if pd.isna(a) else f"{a:.{digits}f}-{b:.{digits}f}") for a, b in zip(r["ci_low"], r["ci_high"])]
    out["length_matched"] = r["auc_length_matched"].astype(float).round(digits)
    out["docs (positive)"] = [f"{n} ({p})" for n, p in zip(r["n_docs"], r["n_positive"])]
    out["outlets"] = r["n_outlets"]
    return out.reset_index(drop=True)


def roc_points(
    validation: ReliabilityValidation, task: str = "pooled", detector: str = "reliability_index"
) -> pd.DataFrame:
    """The ROC curve of ``detector`` on ``task`` (all genres) from a validation's scores: one row
    per threshold, ``fpr``, ``tpr`` (from (0, 0) to (1, 1))."""
    from sklearn.metrics import roc_curve

    colls, label, _ = TASKS[task]
    s = validation.scores
    part = s[s["collection"].isin(colls) & s[label].notna() & s[detector].notna()]
    fpr, tpr, _ = roc_curve(part[label].to_numpy() > 0.5, part[detector].to_numpy(), drop_intermediate=True)
    return pd.DataFrame({"fpr": fpr, "tpr": tpr})


def seed_flags(table: pd.DataFrame) -> pd.DataFrame:
    """The documents :func:`analysis.compare.reliability_index.explain` flags as resting on an
    unverifiable claim stated as fact: at least one anonymous or unverifiable claim, not all of
    them hedged ("... it is stated as fact, without a hedge")."""
    flagged = (table["anonymous_claims"] > 0) & (table["anonymous_claims_hedged"] < table["anonymous_claims"])
    return table.loc[flagged, ["doc_id", "anonymous_claims", "anonymous_claims_hedged"]].reset_index(drop=True)
