"""Validation of the framing analyses beyond words, in one tidy table for notebook 06 and the
README: persuasion techniques, the agency of harm, narrative frames (and the analyses added
beside them), each beside its naive baseline with 95 % intervals.

Where the numbers come from:

``techniques``
    5-fold cross-validation by article on SemEval-2020 Task 11 PTC train
    (:func:`analysis.validate.techniques.validate_techniques`: the whole detector refitted on four
    folds, scored on the fifth). The run takes minutes, so its table is recorded by
    ``python -m analysis.validate.techniques --record`` in :data:`TECHNIQUES_RECORD` (with the
    date and the package version) and read from there.
``agency``
    the lab's harm-event gold set (``analysis/validate/gold/harm_events.csv``, built from wire
    reports and press statements; guideline ``docs/agency-gold.md``), scored now on its ``dev``
    split (where the rules were written: optimistic) and its ``test`` split (scored once the rules
    were final), beside two naive rules (:func:`analysis.validate.agency.validate_agency`); needs
    the texts under ``../shared``.
``frames``
    outlet-grouped 5-fold cross-validation on the Narrative Frames Corpus articles (Frermann et
    al. 2023), recorded in the model's sidecar (``analysis/models/frames.json``, ``cv_scores``) by
    ``python -m analysis.validate.frames --sidecar``.
``roles``
    outlet-grouped 5-fold cross-validation on the same corpus's entity-role annotations
    (article, entity, role triples), recorded in ``analysis/models/roles.meta.json``
    (``cross_validation``) by ``python -m analysis train-roles``; beside two naive listings (the
    most-mentioned entities with their category's majority role; names mentioned twice).

Columns :data:`FRAMING_COLUMNS`; one row per (analysis, task, split, detector, metric). ``family``
is ``ours`` or ``naive``. An analysis whose evidence is missing is named in
``attrs["skipped"]`` with the reason.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from analysis.config import PROJECT_ROOT

__all__ = [
    "FRAMING_COLUMNS",
    "TECHNIQUES_RECORD",
    "framing_validation",
    "technique_rows",
    "agency_rows",
    "frame_rows",
    "role_rows",
    "role_table",
    "technique_table",
    "union_table",
    "agency_table",
    "frame_table",
    "framing_summary",
]

FRAMING_COLUMNS = [
    "analysis",
    "task",
    "split",
    "detector",
    "family",
    "metric",
    "value",
    "ci_low",
    "ci_high",
    "n",
    "notes",
]
#: The recorded cross-validation table of the technique detector.
TECHNIQUES_RECORD = PROJECT_ROOT / "analysis" / "models" / "techniques_validation.csv"
_FRAMES_SIDECAR = PROJECT_ROOT / "analysis" / "models" / "frames.json"
_ROLES_SIDECAR = PROJECT_ROOT / "analysis" / "models" / "roles.meta.json"
_ROLE_SYSTEMS = {
    "model": ("role model", "ours"),
    "naive_category": ("most-mentioned entities + category's majority role", "naive"),
    "naive_names": ("names mentioned twice + majority role", "naive"),
}


def technique_rows(path: str | Path = TECHNIQUES_RECORD) -> pd.DataFrame:
    """The recorded technique validation (token F1 with its interval, precision and recall as
    notes) in :data:`FRAMING_COLUMNS`. FileNotFoundError when it was never recorded."""
    table = pd.read_csv(path)
    family = table["family"].map({"ours": "ours", "naive": "naive", "lab": "ours"})
    return pd.DataFrame(
        {
            "analysis": "techniques",
            "task": table["task"],
            "split": table["articles"],
            "detector": table["detector"],
            "family": family,
            "metric": "token_f1",
            "value": table["f1"],
            "ci_low": table["ci_low"],
            "ci_high": table["ci_high"],
            "n": table["n_docs"],
            "notes": [f"P {p:.3f}, R {r:.3f}" for p, r in zip(table["precision"], table["recall"])],
        }
    )[FRAMING_COLUMNS]


def agency_rows(data_dir=None, splits=("test", "dev")) -> pd.DataFrame:
    """Harm-event subcategory accuracy, per-label F1 and agent scores of the detector and the naive
    rules on the gold set's splits (:func:`analysis.validate.agency.validate_agency`)."""
    from analysis.validate.agency import validate_agency

    parts = []
    for split in splits:
        t = validate_agency(split, data_dir)
        parts.append(
            pd.DataFrame(
                {
                    "analysis": "agency",
                    "task": ["agent" if m.startswith("agent_") else "harm_event" for m in t["metric"]],
                    "split": split + (" (rules written here)" if split == "dev" else " (scored once)"),
                    "detector": t["system"],
                    "family": ["ours" if s == "detector" else "naive" for s in t["system"]],
                    "metric": t["metric"],
                    "value": t["value"],
                    "ci_low": t["ci_low"],
                    "ci_high": t["ci_high"],
                    "n": t["documents"],
                    "notes": "",
                }
            )
        )
    return pd.concat(parts, ignore_index=True)[FRAMING_COLUMNS]


def frame_rows(sidecar: str | Path = _FRAMES_SIDECAR) -> pd.DataFrame:
    """Per-frame and averaged F1 of the frame model and two baselines (always yes; TF-IDF +
    logistic regression), from the cross-validation recorded in the model's sidecar."""
    meta = json.loads(Path(sidecar).read_text(encoding="utf-8"))
    scores = meta.get("cv_scores")
    if not scores:
        raise FileNotFoundError(f"{sidecar} has no cv_scores: run python -m analysis.validate.frames --sidecar")
    rows = []
    names = {"outlet": "5-fold CV grouped by outlet", "shuffled": "5-fold CV, articles shuffled"}
    for design, label in names.items():
        for system, values in scores.get(design, {}).items():
            for frame, (value, lo, hi) in values.items():
                rows.append(
                    {
                        "analysis": "frames",
                        "task": frame if frame not in ("micro", "macro") else f"all frames ({frame})",
                        "split": label,
                        "detector": {"model": "frame model", "always": "always_yes", "tfidf_lr": "tfidf_lr"}.get(
                            system, system
                        ),
                        "family": "ours" if system == "model" else "naive",
                        "metric": "f1",
                        "value": value,
                        "ci_low": lo,
                        "ci_high": hi,
                        "n": float("nan"),
                        "notes": scores.get("date", ""),
                    }
                )
    return pd.DataFrame(rows, columns=FRAMING_COLUMNS)


def role_rows(sidecar: str | Path = _ROLES_SIDECAR) -> pd.DataFrame:
    """Recall of gold (article, entity, role) triples, role accuracy among rows naming a gold
    entity, and precision, of the role model and the naive listings, under the ``head`` and
    ``exact`` matching rules, from the cross-validation recorded in the model's sidecar."""
    meta = json.loads(Path(sidecar).read_text(encoding="utf-8"))
    cv = meta.get("cross_validation")
    if not cv:
        raise FileNotFoundError(f"{sidecar} has no cross_validation: run python -m analysis train-roles")
    rows = []
    for system, rules in cv.items():
        name, family = _ROLE_SYSTEMS.get(system, (system, "naive"))
        for rule, scores in rules.items():
            for metric in ("recall", "role_accuracy", "precision"):
                value, lo, hi = scores[metric]
                rows.append(
                    {
                        "analysis": "roles",
                        "task": f"triples, {rule} match",
                        "split": "5-fold CV grouped by outlet",
                        "detector": name,
                        "family": family,
                        "metric": metric,
                        "value": value,
                        "ci_low": lo,
                        "ci_high": hi,
                        "n": float("nan"),
                        "notes": f"{scores.get('rows_per_doc', float('nan')):.1f} rows per article",
                    }
                )
    return pd.DataFrame(rows, columns=FRAMING_COLUMNS)


def framing_validation(data_dir=None) -> pd.DataFrame:
    """Every framing analysis's validation rows (see the module docstring); an analysis whose
    evidence is missing is left out and named in ``attrs["skipped"]``."""
    parts, skipped = [], {}
    for name, build in (
        ("techniques", technique_rows),
        ("agency", lambda: agency_rows(data_dir)),
        ("frames", frame_rows),
        ("roles", role_rows),
    ):
        try:
            parts.append(build())
        except (FileNotFoundError, OSError, ValueError) as err:
            skipped[name] = str(err)
    out = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=FRAMING_COLUMNS)
    out.attrs["skipped"] = skipped
    return out


def _ci(value: float, lo: float, hi: float) -> str:
    if pd.isna(value):
        return ""
    return f"{value:.3f}" + ("" if pd.isna(lo) else f" ({lo:.3f}-{hi:.3f})")


def technique_table(rows: pd.DataFrame) -> pd.DataFrame:
    """Per PTC technique: token F1 of the technique spans (5-fold CV by article) with its
    interval, the naive baseline's F1 beside it (every sentence with "!" labelled with the
    technique), and gold and predicted span counts."""
    t = rows[(rows["analysis"] == "techniques") & (rows["task"] == "technique")]
    ours = t[t["detector"].str.startswith("technique:")]
    naive = t[t["detector"].str.startswith("exclamation_sentences:")]
    naive = naive.set_index(naive["detector"].str.split(":", n=1).str[1])
    out = []
    for _, r in ours.iterrows():
        name = r["detector"].split(":", 1)[1]
        n = naive.loc[name] if name in naive.index else None
        out.append(
            {
                "technique": name,
                "token F1 (95% CI)": _ci(r["value"], r["ci_low"], r["ci_high"]),
                "precision, recall": r["notes"],
                "naive F1 ('!' sentences)": "" if n is None else _ci(n["value"], n["ci_low"], n["ci_high"]),
                "beats naive": bool(n is not None and r["value"] > n["value"]),
            }
        )
    return pd.DataFrame(out)


def union_table(rows: pd.DataFrame) -> pd.DataFrame:
    """The acceptance measure (token F1 of every technique's gold against the union of the lab's
    loaded, loaded_model and technique spans) per article subset, with the loaded spans alone and
    the naive sentence baselines beside it."""
    t = rows[(rows["analysis"] == "techniques") & (rows["task"].isin(["union", "all_techniques"]))]
    return pd.DataFrame(
        {
            "task": t["task"],
            "articles": t["split"],
            "detector": t["detector"],
            "family": t["family"],
            "token F1 (95% CI)": [_ci(v, lo, hi) for v, lo, hi in zip(t["value"], t["ci_low"], t["ci_high"])],
            "precision, recall": t["notes"],
        }
    ).reset_index(drop=True)


def agency_table(rows: pd.DataFrame) -> pd.DataFrame:
    """Harm events: subcategory accuracy, per-label F1 and agent scores of the detector beside the
    naive rules, per split (value with its 95% interval)."""
    t = rows[rows["analysis"] == "agency"]
    keep = t["metric"].eq("subcategory_accuracy") | t["metric"].str.endswith("_f1") | t["task"].eq("agent")
    t = t[keep & ~(t["task"].eq("agent") & t["family"].eq("naive"))]
    t = t.assign(cell=[_ci(v, lo, hi) for v, lo, hi in zip(t["value"], t["ci_low"], t["ci_high"])])
    wide = t.pivot_table(index=["split", "metric"], columns="detector", values="cell", aggfunc="first", sort=False)
    return wide.reset_index().rename_axis(columns=None).fillna("")


def frame_table(rows: pd.DataFrame) -> pd.DataFrame:
    """Per frame and averaged: F1 of the frame model and the two baselines (value and 95%
    interval), per cross-validation design."""
    t = rows[rows["analysis"] == "frames"]
    t = t.assign(cell=[_ci(v, lo, hi) for v, lo, hi in zip(t["value"], t["ci_low"], t["ci_high"])])
    wide = t.pivot_table(index=["split", "task"], columns="detector", values="cell", aggfunc="first", sort=False)
    return wide.reset_index().rename_axis(columns=None).fillna("")


def framing_summary(rows: pd.DataFrame) -> str:
    """Plain sentences computed from the rows: how many techniques beat their naive baseline and
    the acceptance F1, the agency accuracy on the test split against the naive rule, the frame
    model's F1 against its baselines and its weakest frame."""
    out = []
    tech = technique_table(rows) if (rows["analysis"] == "techniques").any() else pd.DataFrame()
    if len(tech):
        t = rows[(rows["analysis"] == "techniques") & (rows["task"] == "technique")]
        ours = t[t["detector"].str.startswith("technique:")]
        union = rows[(rows["task"] == "union") & rows["detector"].str.endswith("technique_default")]
        out.append(
            f"Persuasion techniques: {int(tech['beats naive'].sum())} of {len(tech)} techniques beat the naive "
            f"baseline; per-technique token F1 ranges from {ours['value'].min():.2f} to {ours['value'].max():.2f} "
            f"(median {ours['value'].median():.2f})."
            + "".join(
                f" Every technique's gold against all the lab's spans, {r.split}: F1 {_ci(r.value, r.ci_low, r.ci_high)}."
                for r in union.itertuples()
            )
        )
    agency = rows[(rows["analysis"] == "agency") & (rows["metric"] == "subcategory_accuracy")]
    for split, part in agency.groupby("split", sort=False):
        det = part[part["family"] == "ours"]
        naive = part[part["family"] == "naive"]
        if len(det) and len(naive):
            best = naive.loc[naive["value"].idxmax()]
            d = det.iloc[0]
            out.append(
                f"Agency of harm, {split}: subcategory accuracy {_ci(d.value, d.ci_low, d.ci_high)} against "
                f"{_ci(best.value, best.ci_low, best.ci_high)} for the better naive rule ({best.detector}; n = {int(d.n)} documents)."
            )
    frames = rows[(rows["analysis"] == "frames") & rows["split"].str.contains("outlet")]
    if len(frames):
        f = frames.set_index(["detector", "task"])["value"]
        per = frames[(frames["family"] == "ours") & ~frames["task"].str.startswith("all frames")]
        weakest = per.loc[per["value"].idxmin()] if len(per) else None
        out.append(
            "Narrative frames, outlet-grouped CV: micro F1 "
            f"{f.get(('frame model', 'all frames (micro)'), float('nan')):.2f} against "
            f"{f.get(('always_yes', 'all frames (micro)'), float('nan')):.2f} (always yes) and "
            f"{f.get(('tfidf_lr', 'all frames (micro)'), float('nan')):.2f} (TF-IDF logistic regression)"
            + (f"; the weakest frame is {weakest.task} (F1 {weakest.value:.2f})." if weakest is not None else ".")
        )
    roles = rows[(rows["analysis"] == "roles") & rows["task"].str.contains("head")]
    if len(roles):
        ours = roles[roles["family"] == "ours"].set_index("metric")
        naive = roles[(roles["family"] == "naive")]
        best_naive = naive[naive["metric"] == "recall"]["value"].max() if len(naive) else float("nan")
        out.append(
            "Roles, outlet-grouped CV (head-word match): the model finds "
            f"{_ci(ours.loc['recall', 'value'], ours.loc['recall', 'ci_low'], ours.loc['recall', 'ci_high'])} of the gold "
            "(article, entity, role) triples, against "
            f"{best_naive:.3f} for the better naive listing; role accuracy among rows naming a gold entity "
            f"{_ci(ours.loc['role_accuracy', 'value'], ours.loc['role_accuracy', 'ci_low'], ours.loc['role_accuracy', 'ci_high'])}."
        )
    return "\n\n".join(out)


def role_table(rows: pd.DataFrame) -> pd.DataFrame:
    """Roles: recall, role accuracy and precision (value and 95% interval) of the model and the
    naive listings, per matching rule."""
    t = rows[rows["analysis"] == "roles"]
    t = t.assign(cell=[_ci(v, lo, hi) for v, lo, hi in zip(t["value"], t["ci_low"], t["ci_high"])])
    wide = t.pivot_table(index=["task", "detector"], columns="metric", values="cell", aggfunc="first", sort=False)
    return wide.reset_index().rename_axis(columns=None).fillna("")
