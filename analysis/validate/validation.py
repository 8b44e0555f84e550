"""Detector validation: every project detector against external gold, beside naive published baselines.

One call, :func:`run_validation`, scores each detector on each benchmark in the same run and
returns one tidy frame (columns :data:`RESULT_COLUMNS`). :func:`error_analysis` and
:func:`task_errors` list the most frequent false positives and misses with an example each.

Benchmarks, tasks and splits
----------------------------
=============  ======================  ==========================================================
benchmark      task                    gold and split
=============  ======================  ==========================================================
``ptc``        ``loaded``              SemEval-2020 Task 11 PTC train, ``Loaded_Language`` +
                                       ``Name_Calling,Labeling`` spans. The dev split is held back
                                       from the shared folder. Learned parts (lexicon entries, token
                                       model) are scored by 5-fold document-level cross-validation
                                       (fold = SHA-1 of the article id mod 5), learning re-run on
                                       the four training folds each time.
``babe``       ``loaded_sentence``     BABE (SG2) sentences, ``Biased`` vs ``Non-biased``; a
                                       sentence is predicted biased when the detector finds >= 1
                                       span in it. Never used for tuning: a true held-out set.
``babe``       ``loaded_word``         BABE annotator-marked biased words
                                       (:func:`analysis.validate.gold.babe_word_spans`), token level.
``polnear``    ``attribution_cue``,    PolNeAR ``Cue`` and ``Source`` spans; ``dev`` (the check
               ``attribution_source``  split) and, in full mode, ``train`` for reference (the
                                       attribution detector is tuned on train).
``szeged``     ``hedge``               Szeged uncertainty cues, ``news`` (FactBank) and
                                       ``wikipedia`` parts. No official split: documents are split
                                       by hashing, SHA-1 of the DocID mod 10 < 3 -> ``test`` (30 %),
                                       else ``train``. Hedge entries and rules were tuned on
                                       ``train`` only; ``test`` is reported as held-out.
=============  ======================  ==========================================================

Held-out rows (split ``test (held-out 20% ...)``): the loaded-language context model
(:mod:`analysis.validate.loaded_model`) splits PTC articles and BABE article links 60/20/20 into train,
dev (thresholds) and test by SHA-1 (:func:`analysis.validate.loaded_model.doc_split`); the learned
lexicon rows are learned from the PTC train split too. On the test split
:mod:`analysis.validate.validation_loaded` scores ``lexicon_hand``, ``lexicon``,
``context_model`` and ``lexicon_or_model`` (what the spans table marks loaded: the union) beside
the naive lists; these are the figures to quote.

Levels: ``token`` (a word token is positive when it overlaps a span; micro-averaged;
:func:`analysis.validate.metrics.token_prf`), ``span_overlap`` (a span counts when it overlaps a span of
the other side; :func:`analysis.validate.metrics.span_overlap_prf`), ``sentence`` (BABE, P/R/F1 of the
``Biased`` class) and ``sentence_macro`` (BABE, macro average over both classes: about half of
BABE is biased, so calling every sentence biased already gives a positive-class F1 of 0.66; the
``all_sentences_biased`` row shows that reference). Confidence
intervals (95 %, percentile bootstrap) resample whole documents for token F1
(:func:`analysis.validate.metrics.bootstrap_f1_ci`; BABE: sentences grouped by article link) and are
left empty for span-level rows.

Detectors
---------
Ours: ``lexicon`` (``loaded.csv`` as shipped: hand + learned entries), ``lexicon_hand`` (the hand
entries only), ``lexicon_learned`` (hand + entries learned inside each CV fold), ``token_model``
(:class:`analysis.validate.learn_loaded.TokenModel`; in CV re-fitted per fold), ``hedges_szeged`` (every
hedge subcategory except approximators and downtoners, which are hedges in Hyland's sense but not
uncertainty in the Szeged scheme), ``hedges_core`` (the headline hedge measure:
:func:`analysis.measures.lexicon.is_core`), ``hedges_all``, ``attribution`` (the cue and source spans of
:func:`analysis.measures.attribution.find_attributions`, exactly as :func:`analysis.measures.attribution.cue_spans`
and :func:`analysis.measures.attribution.source_spans` return them), ``attribution_crf`` (the CRF
tagger of :mod:`analysis.measures.attribution_tagger` without rule features) and
``attribution_combined`` (rules and tagger combined as chosen on a held-out slice of PolNeAR train;
dev rows only, the tagger is trained on train).

Naive (:mod:`analysis.validate.naive`): ``recasens2013_bias``, ``mpqa_strongsubj``,
``mpqa_strongsubj_negative`` (loaded), ``hyland2005_hedges`` (hedge), ``report_verbs`` (cue) and
``report_verb_left_words`` (source: the up to four words before a bare report verb, back to the
previous punctuation mark; the simplest "who said it" rule).
"""

from __future__ import annotations

import hashlib
import sys
import re
import time
from collections import Counter
from typing import Callable, Iterable

import numpy as np
import pandas as pd

from analysis import config
from analysis.validate.gold import BenchmarkUnavailable, babe_word_spans, load_babe, load_polnear, load_ptc, load_szeged
from analysis.validate.metrics import bootstrap_f1_ci, sentence_prf, span_overlap_prf, token_prf
from analysis.corpus.text import WORD_RE

__all__ = [
    "BENCHMARKS", "RESULT_COLUMNS", "ERROR_COLUMNS", "FAST_DOCS", "FAST_BABE_SENTENCES", "FAST_WIKI_DOCS",
    "szeged_split", "szeged_documents", "ptc_cross_validation", "score_spans", "run_validation",
    "error_analysis", "task_errors", "summary_table",
]

BENCHMARKS = ("ptc", "babe", "polnear", "szeged")
RESULT_COLUMNS = ["benchmark", "split", "task", "detector", "level", "precision", "recall", "f1",
                  "ci_low", "ci_high", "n_docs", "notes", "family", "n_gold", "n_pred"]
ERROR_COLUMNS = ["task", "kind", "term", "count", "example", "doc_id"]
#: Fast mode: the first documents (sorted ids) of each benchmark split.
FAST_DOCS = 20
#: Fast mode for BABE (one sentence per row): the first sentences.
FAST_BABE_SENTENCES = 200
#: Fast mode for Szeged Wikipedia (documents of about five sentences): the first documents.
FAST_WIKI_DOCS = 200
#: Bootstrap resamples (full run / fast run).
N_BOOT = 1000
N_BOOT_FAST = 100
#: Share of Szeged documents in the held-out ``test`` split (SHA-1 of DocID mod 10 < 3).
SZEGED_TEST_TENTHS = 3
#: Hedge subcategories left out of the Szeged comparison (not uncertainty in the Szeged scheme).
NOT_SZEGED_SUBCATEGORIES = frozenset({"approximator", "downtoner"})

_SPAN_COLS = ["doc_id", "start", "end", "term"]


# --------------------------------------------------------------------------------------------
# data
# --------------------------------------------------------------------------------------------


def szeged_split(doc_id: str) -> str:
    """``"test"`` for 30 % of Szeged documents (SHA-1 of the DocID mod 10 < 3), else ``"train"``."""
    h = int(hashlib.sha1(str(doc_id).encode("utf-8")).hexdigest()[:12], 16)
    return "test" if h % 10 < SZEGED_TEST_TENTHS else "train"


def szeged_documents(part: str = "news", split: str | None = None, data_dir=None,
                     limit: int | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Szeged documents as texts (sentences joined by a newline) and cue spans shifted to document
    offsets. ``split``: ``"train"``, ``"test"`` or None (all); ``limit``: first N documents in
    sorted id order. Returns ``(texts[doc_id, text, n_sentences], gold[doc_id, start, end, cue_class])``."""
    sents, cues = load_szeged(part, data_dir=data_dir)
    if split is not None:
        sents = sents[sents["doc_id"].map(szeged_split) == split]
    docs = sorted(sents["doc_id"].unique())
    if limit is not None:
        docs = docs[:limit]
    sents = sents[sents["doc_id"].isin(set(docs))]
    offset: dict[str, int] = {}
    texts: dict[str, list[str]] = {}
    pos: dict[str, int] = {}
    for d, sid, t in zip(sents["doc_id"], sents["sent_id"], sents["text"]):
        cur = pos.get(d, 0)
        offset[sid] = cur
        texts.setdefault(d, []).append(t)
        pos[d] = cur + len(t) + 1
    tx = pd.DataFrame({"doc_id": list(texts), "text": ["\n".join(v) for v in texts.values()],
                       "n_sentences": [len(v) for v in texts.values()]})
    tx = tx.sort_values("doc_id").reset_index(drop=True)
    c = cues[cues["sent_id"].isin(offset)]
    shift = c["sent_id"].map(offset)
    gold = pd.DataFrame({"doc_id": c["doc_id"].values, "start": (c["start"] + shift).values,
                         "end": (c["end"] + shift).values, "cue_class": c["cue_class"].values})
    return tx, gold.astype({"start": "int64", "end": "int64"})


def _first_docs(texts: pd.DataFrame, gold: pd.DataFrame, n: int | None) -> tuple[pd.DataFrame, pd.DataFrame]:
    if n is None:
        return texts, gold
    keep = sorted(texts["doc_id"])[:n]
    t = texts[texts["doc_id"].isin(keep)].reset_index(drop=True)
    return t, gold[gold["doc_id"].isin(keep)].reset_index(drop=True)


# --------------------------------------------------------------------------------------------
# detectors: texts frame (doc_id, text) -> spans frame (doc_id, start, end, term)
# --------------------------------------------------------------------------------------------


def _frame(rows: list[tuple]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=_SPAN_COLS).astype({"start": "int64", "end": "int64"})


def lexicon_spans(texts: pd.DataFrame, matcher, keep: Callable[[str], bool] | None = None) -> pd.DataFrame:
    """Spans of a :class:`analysis.measures.lexicon.LexiconMatcher` (``term`` = the entry); ``keep``
    filters by subcategory."""
    terms = matcher.frame["term"].tolist()
    subs = matcher.frame["subcategory"].tolist()
    rows = [(d, s, e, terms[i]) for d, t in zip(texts["doc_id"], texts["text"])
            for s, e, _, i in matcher.finditer(t) if keep is None or keep(subs[i])]
    return _frame(rows)


def naive_spans(texts: pd.DataFrame, detector) -> pd.DataFrame:
    rows = [(d, s, e, term) for d, t in zip(texts["doc_id"], texts["text"]) for s, e, term in detector.detect(t)]
    return _frame(rows)


def model_spans(texts: pd.DataFrame, model, token_data=None) -> pd.DataFrame:
    """Spans of a :class:`analysis.validate.learn_loaded.TokenModel` (``token_data``: precomputed features)."""
    rows = []
    if token_data is not None:
        docs = [str(d) for d in texts["doc_id"]]
        idx = np.concatenate([np.arange(*token_data.rows[d]) for d in docs]) if docs else np.zeros(0, dtype=int)
        probs = model.matrix_probabilities(token_data.X[idx], token_data.vocab)
        pos = 0
        for d, t in zip(docs, texts["text"]):
            toks = token_data.tokens[d]
            p = probs[pos:pos + len(toks)]
            pos += len(toks)
            rows += [(d, s, e, " ".join(t[s:e].lower().split())) for s, e, _ in model.decode(toks, p)]
        return _frame(rows)
    for d, t in zip(texts["doc_id"], texts["text"]):
        rows += [(d, s, e, " ".join(t[s:e].lower().split())) for s, e, _ in model.spans(t)]
    return _frame(rows)


def attribution_spans(texts: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Cue pieces and explicit sources of :func:`analysis.measures.attribution.find_attributions` (one call
    per document; the same spans as ``cue_spans`` and ``source_spans`` with default sentence
    bounds and no publisher)."""
    from analysis.measures.attribution import find_attributions

    cues, sources = [], []
    for d, t in zip(texts["doc_id"], texts["text"]):
        df = find_attributions(t)
        cues += [(d, a, b, e) for parts, e in zip(df.attrs["cue_parts"], df["cue_entry"]) for a, b in parts]
        s = df[df["source_start"] >= 0]
        sources += [(d, int(a), int(b), ty) for a, b, ty in zip(s["source_start"], s["source_end"], s["source_type"])]
    return _frame(cues), _frame(sources)


_LEFT_STOP = re.compile(r"[.,;:!?\"“”()\[\]—–]")


def report_verb_left_words(texts: pd.DataFrame, verbs, max_words: int = 4) -> pd.DataFrame:
    """Naive source baseline: the up to ``max_words`` words right before each bare report verb,
    back to the previous punctuation mark or line break."""
    rows = []
    for d, t in zip(texts["doc_id"], texts["text"]):
        for s, _, term in verbs.detect(t):
            lo = max(0, s - 200)
            left = t[lo:s]
            cut = max((m.end() for m in _LEFT_STOP.finditer(left)), default=0)
            nl = left.rfind("\n")
            cut = max(cut, nl + 1)
            words = list(WORD_RE.finditer(left, cut))
            if not words:
                continue
            words = words[-max_words:]
            rows.append((d, lo + words[0].start(), lo + words[-1].end(), term))
    return _frame(rows)


class _Naive:
    """Naive detectors built once per run."""

    def __init__(self, data_dir=None):
        self.data_dir = data_dir
        self._cache: dict[str, object] = {}

    def __call__(self, name: str):
        if name not in self._cache:
            from analysis.validate.naive import BASELINES

            self._cache[name] = BASELINES[name](data_dir=self.data_dir)
        return self._cache[name]


# --------------------------------------------------------------------------------------------
# scoring
# --------------------------------------------------------------------------------------------


def score_spans(gold: pd.DataFrame, pred: pd.DataFrame, texts: pd.DataFrame, n_boot: int = N_BOOT,
                levels: Iterable[str] = ("token", "span_overlap")) -> list[dict]:
    """Result rows (level, precision, recall, f1, ci_low, ci_high, n_docs, n_gold, n_pred)."""
    out = []
    g = gold[["doc_id", "start", "end"]]
    p = pred[["doc_id", "start", "end"]]
    for level in levels:
        if level == "token":
            r = token_prf(g, p, texts)
            lo = hi = np.nan
            if n_boot:
                ci = bootstrap_f1_ci(g, p, texts, n_boot=n_boot)
                lo, hi = ci["lo"], ci["hi"]
            out.append({"level": "token", "precision": r["precision"], "recall": r["recall"], "f1": r["f1"],
                        "ci_low": lo, "ci_high": hi, "n_docs": int(r["n_docs"]),
                        "n_gold": int(r["tp"] + r["fn"]), "n_pred": int(r["tp"] + r["fp"])})
        elif level == "span_overlap":
            r = span_overlap_prf(g, p, match="overlap")
            out.append({"level": "span_overlap", "precision": r["precision"], "recall": r["recall"], "f1": r["f1"],
                        "ci_low": np.nan, "ci_high": np.nan, "n_docs": len(texts),
                        "n_gold": int(r["n_gold"]), "n_pred": int(r["n_pred"])})
        else:
            raise ValueError(f"unknown level {level!r}")
    return out


def _sentence_rows(y_true: np.ndarray, y_pred: np.ndarray, groups: np.ndarray, n_boot: int,
                   seed: int = config.RANDOM_SEED) -> list[dict]:
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
        cnt = [np.bincount(codes, weights=(a & b), minlength=k) for a, b in
               ((y_true, y_pred), (~y_true, y_pred), (y_true, ~y_pred), (~y_true, ~y_pred))]
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
        {"level": "sentence", "precision": r["precision"], "recall": r["recall"], "f1": r["f1"],
         "ci_low": ci["pos"][0], "ci_high": ci["pos"][1], "n_docs": n, "n_gold": n_pos, "n_pred": n_pred},
        {"level": "sentence_macro", "precision": float(pm), "recall": float(rm), "f1": float(fm),
         "ci_low": ci["macro"][0], "ci_high": ci["macro"][1], "n_docs": n, "n_gold": n_pos, "n_pred": n_pred},
    ]


def _rows(base: dict, scored: list[dict]) -> list[dict]:
    return [dict(base, **s) for s in scored]


# --------------------------------------------------------------------------------------------
# PTC: loaded language
# --------------------------------------------------------------------------------------------


def ptc_cross_validation(articles: pd.DataFrame, gold: pd.DataFrame,
                         detectors: Iterable[str] = ("lexicon_learned", "token_model"), k: int | None = None,
                         n_boot: int = 0, return_predictions: bool = False):
    """K-fold document-level CV on PTC train (fold = :func:`analysis.validate.learn_loaded.ptc_fold`): for
    each fold, lexicon entries are learned and the token model is fitted on the other folds and
    applied to it. Returns score rows (token and span_overlap) per detector; with
    ``return_predictions`` also a dict detector -> out-of-fold spans."""
    from analysis.validate.learn_loaded import (N_FOLDS, corpus_ngram_counts, corpus_token_data, fit_token_model, hand_lexicon,
                               learn_entries, ptc_fold)
    from analysis.measures.lexicon import LexiconMatcher

    k = k or N_FOLDS
    detectors = tuple(detectors)
    folds = articles["doc_id"].map(lambda d: ptc_fold(d, k)).to_numpy()
    hand = hand_lexicon()
    counts = corpus_ngram_counts(articles, gold) if "lexicon_learned" in detectors else None
    tdata = corpus_token_data(articles, gold) if "token_model" in detectors else None
    preds: dict[str, list[pd.DataFrame]] = {d: [] for d in detectors}
    for f in range(k):
        tr, te = articles[folds != f], articles[folds == f]
        gtr = gold[gold["doc_id"].isin(set(tr["doc_id"]))]
        if "lexicon_learned" in detectors:
            ent = learn_entries(tr, gtr, hand, fold_note=f"PTC train CV folds except {f + 1}", doc_counts=counts)
            m = LexiconMatcher(pd.concat([hand, ent], ignore_index=True), name=f"loaded-cv{f}")
            preds["lexicon_learned"].append(lexicon_spans(te, m))
        if "token_model" in detectors:
            model = fit_token_model(tr, gtr, token_data=tdata)
            preds["token_model"].append(model_spans(te, model, tdata))
        if "lexicon_hand" in detectors:
            preds["lexicon_hand"].append(lexicon_spans(te, LexiconMatcher(hand, name="loaded-hand")))
    rows = []
    out_preds = {}
    for det, parts in preds.items():
        p = pd.concat(parts, ignore_index=True) if parts else _frame([])
        out_preds[det] = p
        base = {"benchmark": "ptc", "split": f"train ({k}-fold doc CV)", "task": "loaded", "detector": det,
                "family": "ours"}
        rows += _rows(base, score_spans(gold, p, articles, n_boot=n_boot))
    res = pd.DataFrame(rows)
    return (res, out_preds) if return_predictions else res


_CV_NOTES = {
    "lexicon_learned": "hand entries + entries learned on the 4 other folds (n>=3, docs>=2, precision>=0.5); "
                       "selection rule chosen on the same CV",
    "token_model": "logistic regression over word/context features, re-fitted on the 4 other folds; "
                   "decoding thresholds chosen on the same CV",
}


def validate_ptc(data_dir=None, fast: bool = False, n_boot: int = N_BOOT, naive: _Naive | None = None) -> list[dict]:
    from analysis.validate.learn_loaded import hand_lexicon, load_token_model
    from analysis.measures.lexicon import LexiconMatcher, get_matcher

    from analysis.validate.validation_loaded import validate_ptc_held_out

    naive = naive or _Naive(data_dir)
    rows: list[dict] = validate_ptc_held_out(data_dir, fast, n_boot, naive)
    articles, gold = load_ptc("train", data_dir=data_dir)
    if fast:
        articles, gold = _first_docs(articles, gold, FAST_DOCS)
        split = f"train (first {FAST_DOCS} docs)"
    else:
        split = "train (5-fold doc CV)"
        cv = ptc_cross_validation(articles, gold, detectors=("lexicon_learned", "token_model"), n_boot=n_boot)
        cv["notes"] = cv["detector"].map(_CV_NOTES)
        rows += cv.to_dict("records")
    detectors: dict[str, tuple[str, Callable[[], pd.DataFrame], str]] = {
        "lexicon_hand": ("ours", lambda: lexicon_spans(articles, LexiconMatcher(hand_lexicon(), name="hand")),
                         "hand entries only: nothing learned from PTC, so a held-out figure"),
    }
    in_sample = "in-sample: learned entries/weights were fitted on these documents (regression pin, not a validity figure)"
    if fast:
        detectors["lexicon"] = ("ours", lambda: lexicon_spans(articles, get_matcher("loaded")),
                                "loaded.csv as shipped; " + in_sample)
        try:
            model = load_token_model()
            detectors["token_model"] = ("ours", lambda: model_spans(articles, model), "stored model; " + in_sample)
        except FileNotFoundError:
            pass
    for name in ("recasens2013_bias", "mpqa_strongsubj", "mpqa_strongsubj_negative"):
        detectors[name] = ("naive", (lambda n=name: naive_spans(articles, naive(n))), "published list, bare match")
    for det, (family, fn, note) in detectors.items():
        base = {"benchmark": "ptc", "split": split, "task": "loaded", "detector": det, "family": family, "notes": note}
        rows += _rows(base, score_spans(gold, fn(), articles, n_boot=n_boot))
    return rows


# --------------------------------------------------------------------------------------------
# BABE: sentence-level bias and biased words
# --------------------------------------------------------------------------------------------


def validate_babe(data_dir=None, fast: bool = False, n_boot: int = N_BOOT, naive: _Naive | None = None) -> list[dict]:
    from analysis.validate.learn_loaded import hand_lexicon, load_token_model
    from analysis.measures.lexicon import LexiconMatcher, get_matcher

    naive = naive or _Naive(data_dir)
    babe = load_babe(data_dir=data_dir)
    if fast:
        babe = babe.iloc[:FAST_BABE_SENTENCES]
    babe = babe.reset_index(drop=True)
    texts = pd.DataFrame({"doc_id": babe.index.astype(str), "text": babe["text"].astype(str)})
    words = babe_word_spans(babe)
    y_true = (babe["label_bias"] == "Biased").to_numpy()
    groups = babe["news_link"].fillna(pd.Series(babe.index.astype(str), index=babe.index)).to_numpy()
    split = f"SG2 (first {FAST_BABE_SENTENCES} sentences)" if fast else "SG2 (all; never used for tuning)"
    detectors: dict[str, tuple[str, Callable[[], pd.DataFrame], str]] = {
        "lexicon": ("ours", lambda: lexicon_spans(texts, get_matcher("loaded")), "loaded.csv as shipped (hand + learned)"),
        "lexicon_hand": ("ours", lambda: lexicon_spans(texts, LexiconMatcher(hand_lexicon(), name="hand")),
                         "hand entries only"),
    }
    try:
        model = load_token_model()
        detectors["token_model"] = ("ours", lambda: model_spans(texts, model), "stored model (trained on PTC train)")
    except FileNotFoundError:
        pass
    for name in ("recasens2013_bias", "mpqa_strongsubj", "mpqa_strongsubj_negative"):
        detectors[name] = ("naive", (lambda n=name: naive_spans(texts, naive(n))), "published list, bare match")
    rows: list[dict] = _rows(
        {"benchmark": "babe", "split": split, "task": "loaded_sentence", "detector": "all_sentences_biased",
         "family": "naive", "notes": "trivial reference: every sentence called biased (positive-class F1 "
                                     "rewards this; read the sentence_macro rows)"},
        _sentence_rows(y_true, np.ones(len(babe), dtype=bool), groups, n_boot))
    from analysis.validate.validation_loaded import babe_held_out

    rows += babe_held_out(babe, fast, n_boot, naive)
    for det, (family, fn, note) in detectors.items():
        pred = fn()
        hit = np.zeros(len(babe), dtype=bool)
        if len(pred):
            hit[pred["doc_id"].astype(int).unique()] = True
        base = {"benchmark": "babe", "split": split, "detector": det, "family": family}
        rows += _rows(dict(base, task="loaded_sentence", notes=note + "; biased = >=1 span in the sentence"),
                      _sentence_rows(y_true, hit, groups, n_boot))
        rows += _rows(dict(base, task="loaded_word", notes=note + "; gold = annotator-marked biased words"),
                      score_spans(words, pred, texts, n_boot=n_boot))
    return rows


# --------------------------------------------------------------------------------------------
# PolNeAR: attribution
# --------------------------------------------------------------------------------------------


def validate_polnear(data_dir=None, fast: bool = False, n_boot: int = N_BOOT, naive: _Naive | None = None) -> list[dict]:
    from analysis.validate.train_attribution import tagger_validation_spans

    naive = naive or _Naive(data_dir)
    rows: list[dict] = []
    splits = ("dev",) if fast else ("dev", "train")
    for split in splits:
        articles, spans = load_polnear(split, data_dir=data_dir)
        articles = articles[["doc_id", "text"]]
        if fast:
            articles, spans = _first_docs(articles, spans, FAST_DOCS)
        label = (f"{split} (first {FAST_DOCS} docs)" if fast else
                 split + (" (check split)" if split == "dev" else " (reference; attribution is tuned on it)"))
        cues, sources = attribution_spans(articles)
        learned = tagger_validation_spans(articles) if split == "dev" else {}  # train: the tagger's own data
        verbs = naive("report_verbs")
        for task, gold_label, ours, nv_name, nv in (
            ("attribution_cue", "Cue", cues, "report_verbs", lambda: naive_spans(articles, verbs)),
            ("attribution_source", "Source", sources, "report_verb_left_words",
             lambda: report_verb_left_words(articles, verbs)),
        ):
            gold = spans[spans["label"] == gold_label]
            base = {"benchmark": "polnear", "split": label, "task": task}
            rows += _rows(dict(base, detector="attribution", family="ours",
                               notes="analysis.measures.attribution.find_attributions (first annotator per article)"),
                          score_spans(gold, ours, articles, n_boot=n_boot))
            for det, (by_part, note) in learned.items():
                rows += _rows(dict(base, detector=det, family="ours", notes=note),
                              score_spans(gold, by_part[gold_label], articles, n_boot=n_boot))
            rows += _rows(dict(base, detector=nv_name, family="naive",
                               notes="Recasens et al. 2013 report verbs, bare match" if task == "attribution_cue"
                               else "up to 4 words before a bare report verb"),
                          score_spans(gold, nv(), articles, n_boot=n_boot))
    return rows


# --------------------------------------------------------------------------------------------
# Szeged: hedges / uncertainty cues
# --------------------------------------------------------------------------------------------

_HEDGE_DETECTORS = {
    "hedges_szeged": (lambda sub: sub not in NOT_SZEGED_SUBCATEGORIES,
                      "all hedge subcategories except approximator/downtoner (not uncertainty in the Szeged scheme)"),
    "hedges_core": (None, "headline measure: core subcategories only (no conditional/investigation/approximator/downtoner)"),
    "hedges_all": (lambda sub: True, "every hedge subcategory"),
}


def _core_hedge(sub: str) -> bool:
    from analysis.measures.lexicon import is_core

    return is_core("hedge", sub)


def validate_szeged(data_dir=None, fast: bool = False, n_boot: int = N_BOOT, naive: _Naive | None = None) -> list[dict]:
    from analysis.measures.lexicon import get_matcher

    naive = naive or _Naive(data_dir)
    matcher = get_matcher("hedges")
    rows: list[dict] = []
    splits = ("test",) if fast else ("test", "train")
    for part in ("news", "wikipedia"):
        for split in splits:
            limit = (FAST_WIKI_DOCS if part == "wikipedia" else FAST_DOCS) if fast else None
            texts, gold = szeged_documents(part, split, data_dir=data_dir, limit=limit)
            label = {"test": "test (held-out, 30% of docs by hash)",
                     "train": "train (70% of docs; hedges tuned on it)"}[split]
            if fast:
                label = f"test (first {limit} docs)"
            base = {"benchmark": f"szeged_{part}", "split": label, "task": "hedge"}
            for det, (keep, note) in _HEDGE_DETECTORS.items():
                pred = lexicon_spans(texts, matcher, keep if keep is not None else _core_hedge)
                rows += _rows(dict(base, detector=det, family="ours", notes=note),
                              score_spans(gold, pred, texts, n_boot=n_boot))
            rows += _rows(dict(base, detector="hyland2005_hedges", family="naive",
                               notes="Hyland 2005 hedges, bare match"),
                          score_spans(gold, naive_spans(texts, naive("hyland2005_hedges")), texts, n_boot=n_boot))
    return rows


# --------------------------------------------------------------------------------------------
# the run
# --------------------------------------------------------------------------------------------

_RUNNERS = {"ptc": validate_ptc, "babe": validate_babe, "polnear": validate_polnear, "szeged": validate_szeged}


def run_validation(benchmarks: Iterable[str] | str | None = None, data_dir=None, fast: bool = False,
                   n_boot: int | None = None, skip_unavailable: bool = True, verbose: bool = False) -> pd.DataFrame:
    """Score every detector and naive baseline on the chosen benchmarks (default all of
    :data:`BENCHMARKS`). ``fast``: small fixed samples (first :data:`FAST_DOCS` documents,
    shipped detectors, no CV) for regression tests. A benchmark whose files are missing is skipped
    (its name is in ``attrs["skipped"]``) unless ``skip_unavailable=False``. Timings per benchmark
    are in ``attrs["seconds"]``."""
    if benchmarks is None:
        benchmarks = BENCHMARKS
    elif isinstance(benchmarks, str):
        benchmarks = [benchmarks]
    benchmarks = list(dict.fromkeys(b.lower() for b in benchmarks))
    bad = [b for b in benchmarks if b not in _RUNNERS]
    if bad:
        raise ValueError(f"unknown benchmark(s) {bad}; choose from {list(BENCHMARKS)}")
    n_boot = (N_BOOT_FAST if fast else N_BOOT) if n_boot is None else n_boot
    naive = _Naive(data_dir)
    rows: list[dict] = []
    skipped: dict[str, str] = {}
    seconds: dict[str, float] = {}
    for b in benchmarks:
        t0 = time.perf_counter()
        try:
            rows += _RUNNERS[b](data_dir=data_dir, fast=fast, n_boot=n_boot, naive=naive)
        except BenchmarkUnavailable as err:
            if not skip_unavailable:
                raise
            skipped[b] = str(err)
        seconds[b] = round(time.perf_counter() - t0, 1)
        if verbose:
            print(f"validate {b}: {seconds[b]} s", file=sys.stderr, flush=True)
    res = pd.DataFrame(rows, columns=RESULT_COLUMNS) if rows else pd.DataFrame(columns=RESULT_COLUMNS)
    if len(res):
        res = res.astype({"n_docs": "int64", "n_gold": "int64", "n_pred": "int64"})
        order = {"ours": 0, "naive": 1}
        res["_b"] = res["benchmark"].map({b: i for i, b in enumerate(
            ["ptc", "babe", "polnear", "szeged_news", "szeged_wikipedia"])})
        res["_f"] = res["family"].map(order)
        res["_l"] = res["level"].map({"token": 0, "sentence": 0, "sentence_macro": 1, "span_overlap": 1})
        res["_s"] = ~res["split"].str.startswith(("test", "dev", "train (5", "SG2"))
        res["_s"] = res["_s"].astype(int) - res["split"].str.startswith("test (held-out 20%").astype(int)
        res = res.sort_values(["_b", "task", "_s", "split", "_l", "_f"], kind="stable")
        res = res.drop(columns=["_b", "_f", "_l", "_s"]).reset_index(drop=True)
    res.attrs["skipped"] = skipped
    res.attrs["seconds"] = seconds
    res.attrs["fast"] = fast
    res.attrs["n_boot"] = n_boot
    return res


def summary_table(results: pd.DataFrame, level: str | None = None, digits: int = 3) -> pd.DataFrame:
    """A compact view: benchmark, split, task, detector, family, level, P, R, F1 and the CI as
    text, rounded."""
    r = results if level is None else results[results["level"] == level]
    out = r[["benchmark", "split", "task", "detector", "family", "level", "precision", "recall", "f1"]].copy()
    for c in ("precision", "recall", "f1"):
        out[c] = out[c].astype(float).round(digits)
    ci = [("" if pd.isna(a) else f"{a:.{digits}f}-{b:.{digits}f}") for a, b in zip(r["ci_low"], r["ci_high"])]
    out["f1_95ci"] = ci
    return out.reset_index(drop=True)


# --------------------------------------------------------------------------------------------
# error analysis
# --------------------------------------------------------------------------------------------


def _norm(s: str) -> str:
    return " ".join(s.lower().split())


def _example(text: str, s: int, e: int, width: int) -> str:
    left = " ".join(text[max(0, s - width):s].split())
    right = " ".join(text[e:e + width].split())
    return f"…{left} [[{' '.join(text[s:e].split())}]] {right}…"


def error_analysis(texts: pd.DataFrame, gold: pd.DataFrame, pred: pd.DataFrame, top: int = 15,
                   unit: str = "span", context: int = 50, task: str = "",
                   skip_terms: Iterable[str] = ()) -> pd.DataFrame:
    """The most frequent false positives and misses, with one example in context each.

    ``unit="span"``: a false positive is a predicted span overlapping no gold span, a miss a gold
    span overlapped by no prediction; ``term`` is the span text (lower case, whitespace collapsed).
    ``unit="token"``: the same per word token (useful when gold spans are long phrases, as in PTC).
    Returns columns :data:`ERROR_COLUMNS`: ``kind`` is ``false_positive`` or ``miss``, ``count``
    how often the term occurs as that error, ``example`` the first occurrence with ``context``
    characters either side (the term in [[ ]]), sorted by kind, then descending count, then term.
    ``skip_terms``: terms left out of the lists (e.g. function words with ``unit="token"``)."""
    if unit not in ("span", "token"):
        raise ValueError("unit must be 'span' or 'token'")
    text_of = dict(zip(texts["doc_id"], texts["text"]))

    def by_doc(sp: pd.DataFrame) -> dict:
        out: dict = {}
        for d, a, b in zip(sp["doc_id"], sp["start"], sp["end"]):
            if b > a:
                out.setdefault(d, []).append((int(a), int(b)))
        return out

    g, p = by_doc(gold), by_doc(pred)
    counts = {"false_positive": Counter(), "miss": Counter()}
    first: dict[tuple[str, str], tuple[str, str]] = {}

    skip = frozenset(skip_terms)

    def add(kind: str, d, text: str, s: int, e: int) -> None:
        term = _norm(text[s:e])
        if not term or term in skip:
            return
        counts[kind][term] += 1
        first.setdefault((kind, term), (_example(text, s, e, context), str(d)))

    for d, text in text_of.items():
        gs, ps = g.get(d, []), p.get(d, [])
        if unit == "span":
            for s, e in ps:
                if not any(s < ge and e > gs_ for gs_, ge in gs):
                    add("false_positive", d, text, s, e)
            for s, e in gs:
                if not any(s < pe and e > ps_ for ps_, pe in ps):
                    add("miss", d, text, s, e)
        else:
            from analysis.validate.learn_loaded import token_labels

            toks, yg = token_labels(text, gs)
            _, yp = token_labels(text, ps)
            for (s, e), a, b in zip(toks, yg, yp):
                if b and not a:
                    add("false_positive", d, text, s, e)
                elif a and not b:
                    add("miss", d, text, s, e)
    rows = []
    for kind in ("false_positive", "miss"):
        for term, n in sorted(counts[kind].items(), key=lambda kv: (-kv[1], kv[0]))[:top]:
            ex, d = first[(kind, term)]
            rows.append({"task": task, "kind": kind, "term": term, "count": n, "example": ex, "doc_id": d})
    return pd.DataFrame(rows, columns=ERROR_COLUMNS)


#: Tasks :func:`task_errors` knows, with their benchmark and the split used for error analysis
#: (a tuning split, so that reading errors never informs tuning on held-out data).
ERROR_TASKS = {
    "loaded": "PTC train (loaded.csv as shipped; learned entries are in-sample here)",
    "loaded_sentence": "BABE SG2 (biased sentences without a loaded span and the reverse)",
    "hedge": "Szeged news train split",
    "attribution_cue": "PolNeAR train",
    "attribution_source": "PolNeAR train",
}


def task_errors(task: str, data_dir=None, fast: bool = False, top: int = 15, unit: str | None = None,
                detector: str = "lexicon", limit: int | None = None, context: int = 50) -> pd.DataFrame:
    """:func:`error_analysis` for one task of :data:`ERROR_TASKS` with our detector.

    ``detector`` (loaded tasks only): ``"lexicon"`` (default) or ``"token_model"``. ``limit``:
    first N documents (default: :data:`FAST_DOCS` in fast mode, all otherwise; PolNeAR train
    defaults to its first 200 articles to keep this quick). ``unit`` defaults to ``"token"`` for
    ``loaded`` (long gold phrases; function words are left out of its lists) and ``"span"``
    otherwise."""
    from analysis.measures.lexicon import get_matcher

    if task not in ERROR_TASKS:
        raise ValueError(f"unknown task {task!r}; choose from {list(ERROR_TASKS)}")
    n = FAST_DOCS if fast else limit

    def loaded_pred(texts: pd.DataFrame) -> pd.DataFrame:
        if detector == "token_model":
            from analysis.validate.learn_loaded import load_token_model

            return model_spans(texts, load_token_model())
        if detector != "lexicon":
            raise ValueError("detector must be 'lexicon' or 'token_model'")
        return lexicon_spans(texts, get_matcher("loaded"))

    if task == "loaded":
        from analysis.validate.learn_loaded import FUNCTION_WORDS

        articles, gold = _first_docs(*load_ptc("train", data_dir=data_dir), n)
        unit = unit or "token"
        return error_analysis(articles, gold, loaded_pred(articles), top, unit, context, task,
                              skip_terms=FUNCTION_WORDS if unit == "token" else ())
    if task == "loaded_sentence":
        babe = load_babe(data_dir=data_dir).reset_index(drop=True)
        if n is not None:
            babe = babe.iloc[: (FAST_BABE_SENTENCES if fast else n)]
        texts = pd.DataFrame({"doc_id": babe.index.astype(str), "text": babe["text"].astype(str)})
        pred = loaded_pred(texts)
        # misses: whole biased sentences with no span; false positives: spans in non-biased sentences
        biased = set(texts.loc[(babe["label_bias"] == "Biased").to_numpy(), "doc_id"])
        gold = pd.DataFrame({"doc_id": sorted(biased), "start": 0,
                             "end": [len(texts.set_index("doc_id").at[d, "text"]) for d in sorted(biased)]})
        fp_pred = pred[~pred["doc_id"].isin(biased)]
        errs = error_analysis(texts, gold, fp_pred, top, "span", context, task)
        from analysis.validate.learn_loaded import FUNCTION_WORDS

        misses = error_analysis(texts, babe_word_spans(babe)[lambda w: w["doc_id"].isin(
            biased - set(pred["doc_id"]))], _frame([]), top, "span", context, task, skip_terms=FUNCTION_WORDS)
        return pd.concat([errs[errs["kind"] == "false_positive"], misses[misses["kind"] == "miss"]],
                         ignore_index=True)
    if task == "hedge":
        texts, gold = szeged_documents("news", "train", data_dir=data_dir, limit=n)
        pred = lexicon_spans(texts, get_matcher("hedges"), _HEDGE_DETECTORS["hedges_szeged"][0])
        return error_analysis(texts, gold, pred, top, unit or "span", context, task)
    articles, spans = load_polnear("train", data_dir=data_dir)
    articles, spans = _first_docs(articles[["doc_id", "text"]], spans, n if n is not None else 200)
    cues, sources = attribution_spans(articles)
    label, pred = ("Cue", cues) if task == "attribution_cue" else ("Source", sources)
    return error_analysis(articles, spans[spans["label"] == label], pred, top, unit or "span", context, task)
