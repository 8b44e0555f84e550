"""Held-out validation of loaded language: the test split of the context model's document split
(:func:`analysis.training.loaded_model.doc_split`), for PTC (token level) and BABE (sentences and words).

Detectors: ``lexicon_hand``, ``lexicon`` (loaded.csv as shipped; its learned rows come from the
PTC train split), ``context_model`` and ``lexicon_or_model`` (the union: what the spans table
marks loaded), beside the naive published lists. Scoring and intervals as in
:mod:`analysis.validate.validation`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.validate.gold import babe_word_spans, load_ptc
from analysis.validate.scoring import FAST_DOCS, N_BOOT, NaiveDetectors, result_rows, score_spans, sentence_rows
from analysis.validate.validation_spans import _frame, lexicon_spans, naive_spans

__all__ = [
    "HELD_OUT_SPLIT",
    "context_model_spans",
    "validate_ptc_held_out",
    "babe_held_out",
    "record_held_out_scores",
]


def context_model_spans(texts: pd.DataFrame, model) -> pd.DataFrame:
    """Spans of the context model (:class:`analysis.measures.loaded_model.ContextModel`)."""
    rows = [
        (d, s, e, " ".join(t[s:e].lower().split()))
        for d, t in zip(texts["doc_id"], texts["text"])
        for s, e, _ in model.spans(t)
    ]
    return _frame(rows)


def _union(*frames: pd.DataFrame) -> pd.DataFrame:
    return pd.concat(frames, ignore_index=True) if frames else _frame([])


def _held_out_detectors(texts: pd.DataFrame, naive: NaiveDetectors) -> dict:
    """The loaded-language detectors scored on the held-out ``test`` split of
    :func:`analysis.training.loaded_model.doc_split`: what the spans table marks loaded (lexicon, model and
    their union) beside the hand entries and the naive lists."""
    from analysis.measures.lexicon import LexiconMatcher, get_matcher
    from analysis.measures.loaded_model import hand_lexicon, load_context_model

    lex = lexicon_spans(texts, get_matcher("loaded"))
    out = {
        "lexicon_hand": (
            "ours",
            lambda: lexicon_spans(texts, LexiconMatcher(hand_lexicon(), name="hand")),
            "hand entries only",
        ),
        "lexicon": ("ours", lambda: lex, "loaded.csv as shipped: hand + entries learned from the PTC train split"),
    }
    try:
        model = load_context_model()
    except FileNotFoundError:
        model = None
    if model is not None:
        ms = context_model_spans(texts, model)
        out["context_model"] = (
            "ours",
            lambda: ms,
            f"context model (LR/CRF ensemble, w_crf={model.w_crf}, "
            f"hi={model.hi}, lo={model.lo}); trained on train, thresholds on dev",
        )
        out["lexicon_or_model"] = (
            "ours",
            lambda: _union(lex, ms),
            "what the spans table marks loaded: lexicon spans OR model spans",
        )
    for name in ("recasens2013_bias", "mpqa_strongsubj", "mpqa_strongsubj_negative"):
        out[name] = ("naive", (lambda n=name: naive_spans(texts, naive(n))), "published list, bare match")
    return out


HELD_OUT_SPLIT = "test (held-out 20% by sha1 split; never trained or tuned on)"


def validate_ptc_held_out(
    data_dir=None, fast: bool = False, n_boot: int = N_BOOT, naive: NaiveDetectors | None = None
) -> list[dict]:
    """PTC rows on the held-out test split of the context model's document split."""
    from analysis.training.loaded_model import doc_split

    naive = naive or NaiveDetectors(data_dir)
    articles, gold = load_ptc("train", data_dir=data_dir)
    test = articles[articles["doc_id"].astype(str).map(doc_split) == "test"]
    if fast:
        test = test.iloc[:FAST_DOCS]
    test = test.reset_index(drop=True)
    gold = gold[gold["doc_id"].isin(set(test["doc_id"]))]
    split = HELD_OUT_SPLIT if not fast else f"test (first {FAST_DOCS} held-out docs)"
    rows = []
    for det, (family, fn, note) in _held_out_detectors(test, naive).items():
        base = {"benchmark": "ptc", "split": split, "task": "loaded", "detector": det, "family": family, "notes": note}
        rows += result_rows(base, score_spans(gold, fn(), test, n_boot=n_boot))
    return rows


def babe_held_out(babe: pd.DataFrame, fast: bool, n_boot: int, naive: NaiveDetectors) -> list[dict]:
    """BABE rows on the held-out test split (article links split by
    :func:`analysis.training.loaded_model.doc_split`; the context model trains on the train split)."""
    from analysis.training.loaded_model import doc_split

    groups = babe["news_link"].fillna(pd.Series(babe.index.astype(str), index=babe.index)).astype(str)
    test = babe[groups.map(doc_split).to_numpy() == "test"]
    groups = groups[test.index].to_numpy()
    texts = pd.DataFrame({"doc_id": test.index.astype(str), "text": test["text"].astype(str)}).reset_index(drop=True)
    y_true = (test["label_bias"] == "Biased").to_numpy()
    words = babe_word_spans(test)
    split = HELD_OUT_SPLIT if not fast else "test (held-out part of the fast sample)"
    pos = {d: i for i, d in enumerate(texts["doc_id"])}
    rows = result_rows(
        {
            "benchmark": "babe",
            "split": split,
            "task": "loaded_sentence",
            "detector": "all_sentences_biased",
            "family": "naive",
            "notes": "trivial reference: every sentence called biased",
        },
        sentence_rows(y_true, np.ones(len(test), dtype=bool), groups, n_boot),
    )
    for det, (family, fn, note) in _held_out_detectors(texts, naive).items():
        pred = fn()
        hit = np.zeros(len(test), dtype=bool)
        hit[[pos[d] for d in pred["doc_id"].unique()]] = True
        base = {"benchmark": "babe", "split": split, "detector": det, "family": family}
        rows += result_rows(
            dict(base, task="loaded_sentence", notes=note + "; biased = >=1 span in the sentence"),
            sentence_rows(y_true, hit, groups, n_boot),
        )
        rows += result_rows(
            dict(base, task="loaded_word", notes=note + "; gold = annotator-marked biased words"),
            score_spans(words, pred, texts, n_boot=n_boot),
        )
    return rows


def record_held_out_scores(data_dir=None, model_dir=None) -> dict:
    """Test-split scores of the context model in ``model_dir`` (default: the shipped one), written
    into its sidecar as ``test_scores`` after training has made every choice (nothing is selected
    on them): PTC token and BABE sentence-macro P/R/F1 with 95 % bootstrap intervals. Returns them."""
    import json
    from pathlib import Path

    from analysis.measures.loaded_model import MODEL_DIR, MODEL_STEM, clear_model_cache
    from analysis.validate.gold import load_babe

    model_dir = Path(model_dir or MODEL_DIR)
    sidecar = model_dir / f"{MODEL_STEM}.json"
    meta = json.loads(sidecar.read_text(encoding="utf-8"))
    clear_model_cache()
    naive = NaiveDetectors(data_dir)
    rows = validate_ptc_held_out(data_dir, n_boot=1000, naive=naive)
    rows += babe_held_out(load_babe(data_dir=data_dir).reset_index(drop=True), False, 1000, naive)
    out = {}
    for r in rows:
        key = (r["benchmark"], r["task"], r["level"])
        if r["detector"] in ("context_model", "lexicon_or_model", "lexicon") and key in {
            ("ptc", "loaded", "token"),
            ("babe", "loaded_sentence", "sentence_macro"),
        }:
            out[f"{r['benchmark']}_{r['level']}_{r['detector']}"] = {
                k: round(float(r[k]), 4) for k in ("precision", "recall", "f1", "ci_low", "ci_high")
            }
    meta["test_scores"] = out
    sidecar.write_text(json.dumps(meta, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return out
