"""Held-out validation of loaded language: the test split of the context model's document split
(:func:`analysis.validate.loaded_model.doc_split`), for PTC (token level) and BABE (sentences and words).

Detectors: ``lexicon_hand``, ``lexicon`` (loaded.csv as shipped; its learned rows come from the
PTC train split), ``context_model`` and ``lexicon_or_model`` (the union: what the spans table
marks loaded), beside the naive published lists. Scoring and intervals as in
:mod:`analysis.validate.validation`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.validate.gold import babe_word_spans, load_ptc
from analysis.validate.validation import (
    FAST_DOCS,
    N_BOOT,
    _frame,
    _Naive,
    _rows,
    _sentence_rows,
    lexicon_spans,
    naive_spans,
    score_spans,
)

__all__ = ["HELD_OUT_SPLIT", "context_model_spans", "validate_ptc_held_out", "babe_held_out"]


def context_model_spans(texts: pd.DataFrame, model) -> pd.DataFrame:
    """Spans of the context model (:class:`analysis.validate.loaded_model.ContextModel`)."""
    rows = [
        (d, s, e, " ".join(t[s:e].lower().split()))
        for d, t in zip(texts["doc_id"], texts["text"])
        for s, e, _ in model.spans(t)
    ]
    return _frame(rows)


def _union(*frames: pd.DataFrame) -> pd.DataFrame:
    return pd.concat(frames, ignore_index=True) if frames else _frame([])


def _held_out_detectors(texts: pd.DataFrame, naive: _Naive) -> dict:
    """The loaded-language detectors scored on the held-out ``test`` split of
    :func:`analysis.validate.loaded_model.doc_split`: what the spans table marks loaded (lexicon, model and
    their union) beside the hand entries and the naive lists."""
    from analysis.measures.lexicon import LexiconMatcher, get_matcher
    from analysis.validate.learn_loaded import hand_lexicon
    from analysis.validate.loaded_model import load_context_model

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
    data_dir=None, fast: bool = False, n_boot: int = N_BOOT, naive: _Naive | None = None
) -> list[dict]:
    """PTC rows on the held-out test split of the context model's document split."""
    from analysis.validate.loaded_model import doc_split

    naive = naive or _Naive(data_dir)
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
        rows += _rows(base, score_spans(gold, fn(), test, n_boot=n_boot))
    return rows


def babe_held_out(babe: pd.DataFrame, fast: bool, n_boot: int, naive: _Naive) -> list[dict]:
    """BABE rows on the held-out test split (article links split by
    :func:`analysis.validate.loaded_model.doc_split`; the context model trains on the train split)."""
    from analysis.validate.loaded_model import doc_split

    groups = babe["news_link"].fillna(pd.Series(babe.index.astype(str), index=babe.index)).astype(str)
    test = babe[groups.map(doc_split).to_numpy() == "test"]
    groups = groups[test.index].to_numpy()
    texts = pd.DataFrame({"doc_id": test.index.astype(str), "text": test["text"].astype(str)}).reset_index(drop=True)
    y_true = (test["label_bias"] == "Biased").to_numpy()
    words = babe_word_spans(test)
    split = HELD_OUT_SPLIT if not fast else "test (held-out part of the fast sample)"
    pos = {d: i for i, d in enumerate(texts["doc_id"])}
    rows = _rows(
        {
            "benchmark": "babe",
            "split": split,
            "task": "loaded_sentence",
            "detector": "all_sentences_biased",
            "family": "naive",
            "notes": "trivial reference: every sentence called biased",
        },
        _sentence_rows(y_true, np.ones(len(test), dtype=bool), groups, n_boot),
    )
    for det, (family, fn, note) in _held_out_detectors(texts, naive).items():
        pred = fn()
        hit = np.zeros(len(test), dtype=bool)
        hit[[pos[d] for d in pred["doc_id"].unique()]] = True
        base = {"benchmark": "babe", "split": split, "detector": det, "family": family}
        rows += _rows(
            dict(base, task="loaded_sentence", notes=note + "; biased = >=1 span in the sentence"),
            _sentence_rows(y_true, hit, groups, n_boot),
        )
        rows += _rows(
            dict(base, task="loaded_word", notes=note + "; gold = annotator-marked biased words"),
            score_spans(words, pred, texts, n_boot=n_boot),
        )
    return rows
