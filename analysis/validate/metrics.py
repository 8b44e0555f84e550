"""Scoring detectors against gold spans and labels.

Spans are DataFrames with (at least) the columns ``doc_id``, ``start``, ``end``: character offsets,
``end`` exclusive, into the text of document ``doc_id`` (another key column can be named with
``doc_col``, e.g. ``"sent_id"`` for the Szeged sentences). Empty spans (``end <= start``) cover no
character and are ignored everywhere.

Measures
--------
* :func:`token_prf`: token-level P/R/F1. A word token (:data:`analysis.corpus.text.WORD_RE`) is gold-positive
  if it shares at least one character with a gold span, predicted-positive likewise; counts are
  micro-averaged over all documents.
* :func:`span_overlap_prf`: span-level P/R/F1 with any-overlap (or exact) matching.
* :func:`si_prf`: the SemEval-2020 Task 11 span-identification partial-overlap measure
  (Da San Martino et al. 2019, 2020).
* :func:`sentence_prf`: sentence-level P/R/F1 (scikit-learn), e.g. BABE ``Biased`` vs ``Non-biased``.
* :func:`bootstrap_f1_ci`: document-level bootstrap confidence interval of token F1.

Token counts tokenise each document once: the token table of the last few document sets is kept
and shared by every detector scored on them; :func:`counts_prf` and :func:`bootstrap_counts_ci`
score per-document counts that were already computed.

Zero-division convention: a precision (recall) with an empty denominator is 0.0, and F1 is 0.0
when precision + recall is 0 (scikit-learn's ``zero_division=0``).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Mapping
from itertools import chain

import numpy as np
import pandas as pd
from scipy.stats import rankdata

from analysis.config import RANDOM_SEED
from analysis.corpus.text import WORD_RE

__all__ = [
    "prf",
    "merge_spans",
    "token_counts",
    "token_prf",
    "span_overlap_prf",
    "si_prf",
    "sentence_prf",
    "bootstrap_f1_ci",
    "counts_prf",
    "bootstrap_counts_ci",
    "auc",
    "bootstrap_auc",
]

_EMPTY = (np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64))


# --------------------------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------------------------


def prf(tp: float, fp: float, fn: float) -> tuple[float, float, float]:
    """Precision, recall and F1 from counts (0.0 where a denominator is 0)."""
    p = tp / (tp + fp) if tp + fp > 0 else 0.0
    r = tp / (tp + fn) if tp + fn > 0 else 0.0
    f = 2 * p * r / (p + r) if p + r > 0 else 0.0
    return float(p), float(r), float(f)


def _as_spans(spans, doc_col: str) -> pd.DataFrame:
    """Accept a DataFrame with ``doc_col``/start/end, or an iterable of ``(doc, start, end, ...)``."""
    if spans is None:
        return pd.DataFrame({doc_col: pd.Series([], dtype=object), "start": [], "end": []})
    if isinstance(spans, pd.DataFrame):
        missing = {doc_col, "start", "end"} - set(spans.columns)
        if missing:
            raise ValueError(f"span frame lacks column(s) {sorted(missing)}")
        return spans
    rows = [tuple(s)[:3] for s in spans]
    return pd.DataFrame(rows, columns=[doc_col, "start", "end"])


def _by_doc(spans: pd.DataFrame, doc_col: str) -> dict:
    """doc -> (starts, ends) int64 arrays, empty spans dropped, sorted by (start, end)."""
    if len(spans) == 0:
        return {}
    s = spans[[doc_col, "start", "end"]]
    s = s[s["end"].to_numpy() > s["start"].to_numpy()]
    out = {}
    starts = s["start"].to_numpy(dtype=np.int64)
    ends = s["end"].to_numpy(dtype=np.int64)
    for doc, idx in s.groupby(doc_col, sort=False).indices.items():
        st, en = starts[idx], ends[idx]
        order = np.lexsort((en, st))
        out[doc] = (st[order], en[order])
    return out


def _texts_map(texts, doc_col: str) -> dict:
    if isinstance(texts, pd.DataFrame):
        return dict(zip(texts[doc_col], texts["text"]))
    if isinstance(texts, pd.Series):
        return texts.to_dict()
    if isinstance(texts, Mapping):
        return dict(texts)
    raise TypeError("texts must be a DataFrame (doc column + 'text'), a Series or a mapping doc -> text")


def _merge_intervals(st: np.ndarray, en: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Union of overlapping intervals (inputs sorted by start). Touching intervals stay apart."""
    if len(st) == 0:
        return st, en
    run_end = np.maximum.accumulate(en)
    new = np.ones(len(st), dtype=bool)
    new[1:] = st[1:] >= run_end[:-1]
    return st[new], np.maximum.reduceat(en, np.flatnonzero(new))


def _dedupe(st: np.ndarray, en: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    if len(st) < 2:
        return st, en
    keep = np.ones(len(st), dtype=bool)
    keep[1:] = (st[1:] != st[:-1]) | (en[1:] != en[:-1])  # inputs are sorted by (start, end)
    return st[keep], en[keep]


def merge_spans(spans: pd.DataFrame, doc_col: str = "doc_id") -> pd.DataFrame:
    """Merge overlapping spans of each document into their union (columns ``doc_col``, start, end)."""
    rows = []
    for doc, (st, en) in _by_doc(_as_spans(spans, doc_col), doc_col).items():
        m_st, m_en = _merge_intervals(st, en)
        rows.append(pd.DataFrame({doc_col: doc, "start": m_st, "end": m_en}))
    if not rows:
        return pd.DataFrame({doc_col: pd.Series([], dtype=object), "start": [], "end": []})
    return pd.concat(rows, ignore_index=True)


# --------------------------------------------------------------------------------------------
# token level
# --------------------------------------------------------------------------------------------


class _TokenTable:
    """The word tokens (:data:`analysis.corpus.text.WORD_RE`) of a set of documents, tokenised once:
    documents laid end to end, token offsets in that joint coordinate, one row per token."""

    def __init__(self, text_of: dict):
        self.docs = list(text_of)
        self.pos = {d: i for i, d in enumerate(self.docs)}
        n_chars = np.fromiter((len(t) for t in text_of.values()), dtype=np.int64, count=len(self.docs))
        self.n_chars = n_chars
        self.offset = np.concatenate(([0], np.cumsum(n_chars)))
        parts = [
            np.fromiter(chain.from_iterable(m.span() for m in WORD_RE.finditer(t)), dtype=np.int64)
            for t in text_of.values()
        ]
        n_tok = np.fromiter((len(a) // 2 for a in parts), dtype=np.int64, count=len(parts))
        flat = np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)
        self.tok_doc = np.repeat(np.arange(len(parts)), n_tok)
        shift = self.offset[:-1][self.tok_doc]
        self.tok_st = flat[0::2] + shift
        self.tok_en = flat[1::2] + shift
        self.n_tokens = n_tok

    def flags(self, spans: pd.DataFrame, doc_col: str) -> np.ndarray:
        """Boolean per token: does it share at least one character with a span of its document?
        (Spans are clipped to their document; empty spans cover nothing.)"""
        s = spans[[doc_col, "start", "end"]]
        s = s[s["end"].to_numpy() > s["start"].to_numpy()]
        docs = s[doc_col]
        s = s[docs.notna().to_numpy()]  # as a groupby by document: spans without a document are dropped
        if len(s) == 0 or len(self.tok_st) == 0:
            return np.zeros(len(self.tok_st), dtype=bool)
        pos = self.pos
        idx = np.fromiter((pos.get(d, -1) for d in s[doc_col].to_numpy(dtype=object)), dtype=np.int64, count=len(s))
        limit = self.n_chars[idx]
        base = self.offset[idx]
        st = base + np.clip(s["start"].to_numpy(dtype=np.int64), 0, limit)
        en = base + np.clip(s["end"].to_numpy(dtype=np.int64), 0, limit)
        total = int(self.offset[-1])
        diff = np.bincount(st, minlength=total + 1) - np.bincount(en, minlength=total + 1)
        covered = np.cumsum(diff[:-1]) > 0  # per character
        cum = np.concatenate(([0], np.cumsum(covered)))  # covered chars before position i
        return (cum[self.tok_en] - cum[self.tok_st]) > 0


_TABLES: OrderedDict = OrderedDict()
_TABLES_MAX = 4


def _token_table(text_of: dict) -> _TokenTable:
    """The token table of these documents, reused while the same documents are scored again (a
    validation scores many detectors on one benchmark; the last few tables are kept)."""
    key = tuple(text_of.items())
    table = _TABLES.get(key)
    if table is None:
        table = _TABLES[key] = _TokenTable(text_of)
        while len(_TABLES) > _TABLES_MAX:
            _TABLES.popitem(last=False)
    else:
        _TABLES.move_to_end(key)
    return table


def _span_docs(spans: pd.DataFrame, doc_col: str) -> set:
    """Documents that carry at least one non-empty span."""
    s = spans[[doc_col, "start", "end"]]
    s = s[s["end"].to_numpy() > s["start"].to_numpy()]
    return set(s[doc_col].dropna().unique().tolist())


def token_counts(gold_spans, pred_spans, texts, doc_col: str = "doc_id") -> pd.DataFrame:
    """Per-document token confusion counts: ``doc_col``, n_tokens, tp, fp, fn, tn.

    Every document in ``texts`` is scored (documents without spans contribute their tokens as
    negatives). Spans on a document that is not in ``texts`` raise ``ValueError``.
    """
    text_of = _texts_map(texts, doc_col)
    gold = _as_spans(gold_spans, doc_col)
    pred = _as_spans(pred_spans, doc_col)
    unknown = (_span_docs(gold, doc_col) | _span_docs(pred, doc_col)) - set(text_of)
    if unknown:
        raise ValueError(f"{len(unknown)} span document(s) not in texts, e.g. {sorted(map(str, unknown))[:3]}")
    table = _token_table(text_of)
    g = table.flags(gold, doc_col)
    p = table.flags(pred, doc_col)
    n = len(table.docs)
    cnt = {
        k: np.bincount(table.tok_doc[m], minlength=n).astype(np.int64)
        for k, m in (("tp", g & p), ("fp", ~g & p), ("fn", g & ~p), ("tn", ~g & ~p))
    }
    rows = list(zip(table.docs, table.n_tokens.tolist(), *(cnt[k].tolist() for k in ("tp", "fp", "fn", "tn"))))
    return pd.DataFrame(rows, columns=[doc_col, "n_tokens", "tp", "fp", "fn", "tn"])


def counts_prf(counts: pd.DataFrame) -> pd.Series:
    """Micro token P/R/F1 from per-document counts (:func:`token_counts`); the Series of :func:`token_prf`."""
    tp, fp, fn, tn = (int(counts[k].sum()) for k in ("tp", "fp", "fn", "tn"))
    p, r, f = prf(tp, fp, fn)
    return pd.Series(
        {
            "tp": tp,
            "fp": fp,
            "fn": fn,
            "tn": tn,
            "n_tokens": int(counts["n_tokens"].sum()),
            "n_docs": len(counts),
            "precision": p,
            "recall": r,
            "f1": f,
        },
        dtype=object,
    )


def token_prf(gold_spans, pred_spans, texts, doc_col: str = "doc_id") -> pd.Series:
    """Token-level precision, recall and F1, micro-averaged over the documents in ``texts``.

    A token is positive when it overlaps (shares >= 1 character with) a span. ``texts`` is a
    DataFrame with ``doc_col`` and ``text``, a Series, or a mapping doc -> text. Returns a Series
    with tp, fp, fn, tn, n_tokens, n_docs, precision, recall, f1.
    """
    return counts_prf(token_counts(gold_spans, pred_spans, texts, doc_col))


# --------------------------------------------------------------------------------------------
# span level
# --------------------------------------------------------------------------------------------


def span_overlap_prf(gold, pred, match: str = "overlap", doc_col: str = "doc_id") -> pd.Series:
    """Span-level precision, recall and F1.

    ``match="overlap"``: a predicted span is correct if it shares >= 1 character with some gold
    span of the same document; recall is the share of gold spans overlapped by some prediction.
    ``match="exact"``: identical ``(doc, start, end)`` only.

    Identical spans (same doc, start, end; e.g. one PTC span carrying two techniques) are counted
    once on each side. Precision = matched_pred / n_pred, recall = matched_gold / n_gold, and F1 is
    their harmonic mean (with overlap matching one prediction can cover several gold spans, so
    matched_pred and matched_gold differ).
    """
    if match not in ("overlap", "exact"):
        raise ValueError("match must be 'overlap' or 'exact'")
    g_by = _by_doc(_as_spans(gold, doc_col), doc_col)
    p_by = _by_doc(_as_spans(pred, doc_col), doc_col)
    n_gold = n_pred = m_gold = m_pred = 0
    for doc in set(g_by) | set(p_by):
        gs, ge = _dedupe(*g_by.get(doc, _EMPTY))
        ps, pe = _dedupe(*p_by.get(doc, _EMPTY))
        n_gold += len(gs)
        n_pred += len(ps)
        if len(gs) == 0 or len(ps) == 0:
            continue
        if match == "overlap":
            hit = (ps[:, None] < ge[None, :]) & (pe[:, None] > gs[None, :])
        else:
            hit = (ps[:, None] == gs[None, :]) & (pe[:, None] == ge[None, :])
        m_pred += int(hit.any(axis=1).sum())
        m_gold += int(hit.any(axis=0).sum())
    p = m_pred / n_pred if n_pred else 0.0
    r = m_gold / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r > 0 else 0.0
    return pd.Series(
        {
            "n_gold": n_gold,
            "n_pred": n_pred,
            "matched_pred": m_pred,
            "matched_gold": m_gold,
            "precision": float(p),
            "recall": float(r),
            "f1": float(f),
            "match": match,
        },
        dtype=object,
    )


def si_prf(gold, pred, merge: bool = True, doc_col: str = "doc_id") -> pd.Series:
    """SemEval-2020 Task 11 span-identification measure (partial credit for partial overlap).

    From the definition in Da San Martino et al. (2019), without technique labels:
    with S the predicted spans, T the gold spans (of the same document),
    C(s, t, h) = |s ∩ t| / h,
    P = (1/|S|) Σ_s Σ_t C(s, t, |s|),   R = (1/|T|) Σ_s Σ_t C(s, t, |t|),   F1 = 2PR/(P+R),
    sums running over pairs in the same document and |S|, |T| counted over the whole corpus.

    ``merge=True`` (default) first replaces overlapping spans of one document (on each side) by
    their union. Without it, overlapping gold spans (PTC gives the same characters two techniques)
    would count the shared characters twice and P could exceed 1. ``merge=False`` applies the raw
    definition to the spans as given.
    """
    g_by = _by_doc(_as_spans(gold, doc_col), doc_col)
    p_by = _by_doc(_as_spans(pred, doc_col), doc_col)
    n_s = n_t = 0
    sum_p = sum_r = 0.0
    for doc in set(g_by) | set(p_by):
        gs, ge = g_by.get(doc, _EMPTY)
        ps, pe = p_by.get(doc, _EMPTY)
        if merge:
            gs, ge = _merge_intervals(gs, ge)
            ps, pe = _merge_intervals(ps, pe)
        n_s += len(ps)
        n_t += len(gs)
        if len(gs) == 0 or len(ps) == 0:
            continue
        inter = np.minimum(pe[:, None], ge[None, :]) - np.maximum(ps[:, None], gs[None, :])
        inter = np.clip(inter, 0, None).astype(float)
        sum_p += float((inter / (pe - ps)[:, None]).sum())
        sum_r += float((inter / (ge - gs)[None, :]).sum())
    p = sum_p / n_s if n_s else 0.0
    r = sum_r / n_t if n_t else 0.0
    f = 2 * p * r / (p + r) if p + r > 0 else 0.0
    return pd.Series({"n_gold": n_t, "n_pred": n_s, "precision": p, "recall": r, "f1": f})


# --------------------------------------------------------------------------------------------
# sentence level
# --------------------------------------------------------------------------------------------


def sentence_prf(gold_labels, pred_labels, pos_label=None) -> pd.Series:
    """Sentence-level P/R/F1 of the positive class, plus accuracy and macro-F1 (scikit-learn).

    ``pos_label`` defaults to ``"Biased"`` when the gold labels are strings containing it (BABE),
    else ``True``/``1``.
    """
    from sklearn.metrics import accuracy_score, f1_score, precision_recall_fscore_support

    y_true = np.asarray(list(gold_labels), dtype=object)
    y_pred = np.asarray(list(pred_labels), dtype=object)
    if len(y_true) != len(y_pred):
        raise ValueError(f"{len(y_true)} gold labels but {len(y_pred)} predictions")
    if pos_label is None:
        pos_label = "Biased" if "Biased" in set(y_true.tolist()) else True
    if pos_label is True:
        y_true = y_true.astype(bool)
        y_pred = y_pred.astype(bool)
    p, r, f, _ = precision_recall_fscore_support(y_true, y_pred, pos_label=pos_label, average="binary", zero_division=0)
    return pd.Series(
        {
            "n": len(y_true),
            "support_pos": int((y_true == pos_label).sum()),
            "n_pred_pos": int((y_pred == pos_label).sum()),
            "precision": float(p),
            "recall": float(r),
            "f1": float(f),
            "accuracy": float(accuracy_score(y_true, y_pred)),
            "macro_f1": float(f1_score(y_true, y_pred, average="macro", zero_division=0)),
        },
        dtype=object,
    )


# --------------------------------------------------------------------------------------------
# uncertainty
# --------------------------------------------------------------------------------------------


def bootstrap_f1_ci(
    gold_spans,
    pred_spans,
    texts,
    n_boot: int = 2000,
    alpha: float = 0.05,
    seed: int = RANDOM_SEED,
    doc_col: str = "doc_id",
) -> pd.Series:
    """Percentile bootstrap CI of micro token F1, resampling whole documents with replacement.

    Documents are the resampling unit because tokens within a document are not independent.
    Returns f1 (on the full sample), lo, hi, n_boot, alpha, seed.
    """
    counts = token_counts(gold_spans, pred_spans, texts, doc_col)
    return bootstrap_counts_ci(counts, n_boot=n_boot, alpha=alpha, seed=seed)


def bootstrap_counts_ci(
    counts: pd.DataFrame, n_boot: int = 2000, alpha: float = 0.05, seed: int = RANDOM_SEED
) -> pd.Series:
    """:func:`bootstrap_f1_ci` from per-document counts (:func:`token_counts`): a resample's F1
    needs only the sums of its documents' tp, fp and fn. The resamples are drawn in chunks of
    at most 2,000,000 document indices, ``rng.integers(0, n, size=(k, n))`` per chunk."""
    c = counts[["tp", "fp", "fn"]].to_numpy(dtype=np.int64)
    n = len(c)
    if n == 0:
        raise ValueError("no documents to resample")
    rng = np.random.default_rng(seed)
    f1s = np.empty(n_boot)
    chunk = max(1, min(n_boot, 2_000_000 // n))
    tp_d, fp_d, fn_d = (np.ascontiguousarray(c[:, j]) for j in range(3))
    for i in range(0, n_boot, chunk):
        k = min(chunk, n_boot - i)
        idx = rng.integers(0, n, size=(k, n))
        tp, fp, fn = tp_d[idx].sum(axis=1), fp_d[idx].sum(axis=1), fn_d[idx].sum(axis=1)
        denom = 2 * tp + fp + fn
        f1s[i : i + k] = np.where(denom > 0, 2 * tp / np.maximum(denom, 1), 0.0)
    tp, fp, fn = c.sum(axis=0)
    lo, hi = np.quantile(f1s, [alpha / 2, 1 - alpha / 2])
    return pd.Series(
        {"f1": prf(tp, fp, fn)[2], "lo": float(lo), "hi": float(hi), "n_boot": n_boot, "alpha": alpha, "seed": seed}
    )


# --------------------------------------------------------------------------------------------
# ranking: area under the ROC curve
# --------------------------------------------------------------------------------------------


def auc(y: np.ndarray, score: np.ndarray) -> float:
    """Area under the ROC curve (Mann-Whitney, ties counted half); NaN with one class only."""
    y = np.asarray(y, dtype=float) > 0.5
    score = np.asarray(score, dtype=float)
    n1, n0 = y.sum(), (~y).sum()
    if not n1 or not n0:
        return float("nan")
    r = rankdata(score)
    return float((r[y].sum() - n1 * (n1 + 1) / 2) / (n1 * n0))


def bootstrap_auc(y, score, n_boot: int = 1000, seed: int = 0) -> tuple[float, float, float]:
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
