"""Validation of the persuasion-technique detector on SemEval-2020 Task 11 PTC train, by
5-fold cross-validation over articles (:func:`analysis.training.techniques.article_fold`): in
every fold the whole detector (sentence model, context stage, threshold, lexical entry
precisions and so the active entries, repetition score) is fitted on the other four folds
(:func:`analysis.training.techniques.fit_detector`) and applied to the held-out fold.

Scores (token level unless stated: a word is positive when it overlaps a span,
:func:`analysis.validate.metrics.token_counts`; 95% intervals resample whole articles):

``union``
    the issue's acceptance measure: gold = the union of the spans of ALL 14 techniques of an
    article; predicted = the union of the lab's ``loaded`` and ``loaded_model`` spans
    (:func:`analysis.measures.spans.corpus_spans`) and the technique spans. The loaded-language
    context model and the learned loaded-lexicon rows were fitted on the ``train`` part of
    :func:`analysis.training.loaded_model.doc_split` (60% of PTC train), so the union is scored
    only on the other articles: ``dev`` + ``test`` of that split (the context model's thresholds
    were chosen on ``dev``; ``test`` was never used by it), and on ``test`` alone.
``all_techniques``
    technique spans alone against the union of all techniques' gold, on every article.
``technique``
    per PTC technique: gold = that technique's spans, predicted = the spans labelled with it
    (token and span-overlap P/R/F1). For Loaded_Language and Name_Calling,Labeling the row
    ``lab_loaded`` scores the lab's loaded + loaded_model spans instead.
Naive baselines beside them: every sentence with ``!``, every question, every sentence.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from analysis.measures.techniques import DEFAULT_DETECTORS
from analysis.validate.gold import load_ptc
from analysis.validate.metrics import bootstrap_counts_ci, counts_prf, span_overlap_prf, token_counts

__all__ = [
    "N_BOOT",
    "cross_validate",
    "loaded_spans",
    "naive_spans",
    "record",
    "score",
    "score_rows",
    "validate_techniques",
]

N_BOOT = 1000
SPAN_COLS = ["doc_id", "start", "end", "technique", "family", "score", "detector"]


def _frame(rows) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=SPAN_COLS).astype({"start": "int64", "end": "int64"})


def cross_validate(articles: pd.DataFrame, gold: pd.DataFrame, k: int | None = None, table=None, progress=None):
    """Out-of-fold technique spans of every article (columns :data:`SPAN_COLS`; ``detector`` is
    ``sentence``, ``lexical`` or ``repetition``) and the per-fold facts (threshold, active entries)."""
    from analysis.corpus.sentences import ensure_bounds
    from analysis.training.techniques import N_FOLDS, article_fold, fit_detector, sentence_table

    k = k or N_FOLDS
    table = sentence_table(articles, gold) if table is None else table
    folds = articles["doc_id"].map(lambda d: article_fold(d, k)).to_numpy()
    rows, facts = [], []
    for f in range(k):
        tr, te = articles[folds != f], articles[folds == f]
        det, _, meta, _ = fit_detector(tr, gold[gold["doc_id"].isin(set(tr["doc_id"]))], table=table)
        n_active = 0 if det.matcher is None else len(det.matcher.frame)
        facts.append({"fold": f, "threshold": meta["threshold"], "active_entries": n_active, **meta["repetition"]})
        for doc_id, text in zip(te["doc_id"], te["text"]):
            bounds = ensure_bounds(text)
            for name in ("sentence", "lexical", "repetition"):
                for s, e, tech, fam, sc in det.spans(text, bounds, detectors=[name]):
                    rows.append((doc_id, s, e, tech, fam, sc, name))
        if progress:
            progress(f"fold {f + 1}/{k} done")
    return _frame(rows), pd.DataFrame(facts)


def loaded_spans(articles: pd.DataFrame) -> pd.DataFrame:
    """The lab's ``loaded`` and ``loaded_model`` spans (``doc_id``, ``start``, ``end``, ``category``)."""
    from analysis.measures.spans import corpus_spans

    sp = corpus_spans(articles[["doc_id", "text"]], categories=["loaded", "loaded_model"])
    return sp[["doc_id", "start", "end", "category"]]


def naive_spans(articles: pd.DataFrame, kind: str) -> pd.DataFrame:
    """Whole sentences (:func:`split_sentences`): ``exclamation`` (containing ``!``), ``question``
    (containing ``?``) or ``all``."""
    from analysis.corpus.sentences import ensure_bounds

    rows = []
    for doc_id, text in zip(articles["doc_id"], articles["text"]):
        for s, e in ensure_bounds(text):
            piece = text[s:e]
            if kind == "all" or (kind == "exclamation" and "!" in piece) or (kind == "question" and "?" in piece):
                rows.append((doc_id, s, e))
    return pd.DataFrame(rows, columns=["doc_id", "start", "end"])


def score(gold: pd.DataFrame, pred: pd.DataFrame, texts: pd.DataFrame, n_boot: int = N_BOOT) -> dict:
    """Token P/R/F1 with a 95% article-bootstrap interval of F1, and span-overlap P/R/F1."""
    counts = token_counts(gold[["doc_id", "start", "end"]], pred[["doc_id", "start", "end"]], texts)
    r = counts_prf(counts)
    ci = bootstrap_counts_ci(counts, n_boot=n_boot) if n_boot else {"lo": np.nan, "hi": np.nan}
    so = span_overlap_prf(gold, pred)
    return {
        "precision": round(r["precision"], 4),
        "recall": round(r["recall"], 4),
        "f1": round(r["f1"], 4),
        "ci_low": round(float(ci["lo"]), 4),
        "ci_high": round(float(ci["hi"]), 4),
        "span_precision": round(float(so["precision"]), 4),
        "span_recall": round(float(so["recall"]), 4),
        "n_docs": int(r["n_docs"]),
        "n_gold": int(so["n_gold"]),
        "n_pred": int(so["n_pred"]),
    }


def score_rows(articles, gold, oof: pd.DataFrame, loaded: pd.DataFrame, n_boot: int = N_BOOT) -> pd.DataFrame:
    """Every score of the module docstring as one tidy table (task, articles, detector, family
    (``ours``/``naive``/``lab``), metrics)."""
    from analysis.training.loaded_model import doc_split

    rows = []

    def add(task, subset, detector, family, g, p, texts, note=""):
        rows.append(
            {
                "task": task,
                "articles": subset,
                "detector": detector,
                "family": family,
                **score(g, p, texts, n_boot),
                "notes": note,
            }
        )

    naive = {kind: naive_spans(articles, kind) for kind in ("exclamation", "question", "all")}
    split = articles["doc_id"].map(doc_split)
    subsets = {
        "dev+test (135; not in the context model's training)": articles[split != "train"],
        "test (71; never used by the context model)": articles[split == "test"],
    }
    for name, arts in subsets.items():
        ids = set(arts["doc_id"])
        g = gold[gold["doc_id"].isin(ids)]
        lo = loaded[loaded["doc_id"].isin(ids)]
        ours = oof[oof["doc_id"].isin(ids)]
        add("union", name, "loaded+loaded_model", "lab", g, lo, arts, "today's spans table")
        add("union", name, "loaded+loaded_model+technique", "ours", g, pd.concat([lo, ours]), arts, "all detectors")
        default = ours[ours["detector"].isin(DEFAULT_DETECTORS)]
        note = "acceptance measure: the default detectors (sentence + lexical)"
        add("union", name, "loaded+loaded_model+technique_default", "ours", g, pd.concat([lo, default]), arts, note)
        for det in ("sentence", "lexical", "repetition"):
            add(
                "union",
                name,
                f"loaded+loaded_model+{det}",
                "ours",
                g,
                pd.concat([lo, ours[ours["detector"] == det]]),
                arts,
            )
        for kind, sp in naive.items():
            add(
                "union",
                name,
                f"loaded+loaded_model+{kind}_sentences",
                "naive",
                g,
                pd.concat([lo, sp[sp["doc_id"].isin(ids)]]),
                arts,
            )
    add("all_techniques", "all 371 (5-fold CV)", "technique", "ours", gold, oof, articles)
    for det in ("sentence", "lexical", "repetition"):
        add("all_techniques", "all 371 (5-fold CV)", det, "ours", gold, oof[oof["detector"] == det], articles)
    for kind, sp in naive.items():
        add("all_techniques", "all 371 (5-fold CV)", f"{kind}_sentences", "naive", gold, sp, articles)
    for tech in sorted(gold["label"].unique()):
        g = gold[gold["label"] == tech]
        add("technique", "all 371 (5-fold CV)", f"technique:{tech}", "ours", g, oof[oof["technique"] == tech], articles)
        if tech in ("Loaded_Language", "Name_Calling,Labeling"):
            arts = subsets["dev+test (135; not in the context model's training)"]
            ids = set(arts["doc_id"])
            add(
                "technique",
                "dev+test (135)",
                f"lab_loaded:{tech}",
                "lab",
                g[g["doc_id"].isin(ids)],
                loaded[loaded["doc_id"].isin(ids)],
                arts,
            )
        add(
            "technique",
            "all 371 (5-fold CV)",
            f"exclamation_sentences:{tech}",
            "naive",
            g,
            naive["exclamation"],
            articles,
        )
    return pd.DataFrame(rows)


def validate_techniques(
    data_dir=None, n_boot: int = N_BOOT, progress=None
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Run the cross-validation on PTC train and score it: ``(scores, out_of_fold_spans, fold_facts)``."""
    articles, gold = load_ptc("train", techniques=None, data_dir=data_dir)
    oof, facts = cross_validate(articles, gold, progress=progress)
    scores = score_rows(articles, gold, oof, loaded_spans(articles), n_boot=n_boot)
    return scores, oof, facts


def record(scores: pd.DataFrame, path=None) -> Path:
    """Write the scores of :func:`validate_techniques` where
    :func:`analysis.validate.framing.technique_rows` reads them, with the date and version."""
    import datetime

    from analysis import __version__
    from analysis.validate.framing import TECHNIQUES_RECORD

    path = Path(path or TECHNIQUES_RECORD)
    out = scores.assign(recorded=f"{datetime.date.today().isoformat()} analysis {__version__}")
    from analysis.cli.safe_output import csv_text
    from analysis.pipeline.files import atomic_write

    atomic_write(path, csv_text(out, float_format="%.4f").encode("utf-8"))  # whole or not at all
    return path


if __name__ == "__main__":  # pragma: no cover - a validation entry point
    import sys

    res, spans, folds = validate_techniques(progress=lambda m: print(m, file=sys.stderr))
    pd.set_option("display.width", 250)
    print(folds.to_string())
    print(res.drop(columns=["notes"]).to_string())
    if "--record" in sys.argv[1:]:
        print("recorded in", record(res), file=sys.stderr)
