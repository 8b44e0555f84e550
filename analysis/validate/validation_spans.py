"""Gold documents and span detectors of the validation (:mod:`analysis.validate.validation`).

Szeged documents with a reproducible train/test split, and detectors that turn a texts frame
(``doc_id``, ``text``) into a spans frame (``doc_id``, ``start``, ``end``, ``term``): lexicon
matchers, naive lists, the token model, the attribution rules and the report-verb-left-words
naive source baseline.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable

import numpy as np
import pandas as pd

from analysis.corpus.text import WORD_RE
from analysis.validate.gold import load_szeged

#: Share of Szeged documents in the held-out ``test`` split (SHA-1 of DocID mod 10 < 3).
SZEGED_TEST_TENTHS = 3

_SPAN_COLS = ["doc_id", "start", "end", "term"]


# --------------------------------------------------------------------------------------------
# data
# --------------------------------------------------------------------------------------------


def szeged_split(doc_id: str) -> str:
    """``"test"`` for 30 % of Szeged documents (SHA-1 of the DocID mod 10 < 3), else ``"train"``."""
    h = int(hashlib.sha1(str(doc_id).encode("utf-8")).hexdigest()[:12], 16)
    return "test" if h % 10 < SZEGED_TEST_TENTHS else "train"


def szeged_documents(
    part: str = "news", split: str | None = None, data_dir=None, limit: int | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
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
    tx = pd.DataFrame(
        {
            "doc_id": list(texts),
            "text": ["\n".join(v) for v in texts.values()],
            "n_sentences": [len(v) for v in texts.values()],
        }
    )
    tx = tx.sort_values("doc_id").reset_index(drop=True)
    c = cues[cues["sent_id"].isin(offset)]
    shift = c["sent_id"].map(offset)
    gold = pd.DataFrame(
        {
            "doc_id": c["doc_id"].values,
            "start": (c["start"] + shift).values,
            "end": (c["end"] + shift).values,
            "cue_class": c["cue_class"].values,
        }
    )
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
    rows = [
        (d, s, e, terms[i])
        for d, t in zip(texts["doc_id"], texts["text"])
        for s, e, _, i in matcher.finditer(t)
        if keep is None or keep(subs[i])
    ]
    return _frame(rows)


def naive_spans(texts: pd.DataFrame, detector) -> pd.DataFrame:
    rows = [(d, s, e, term) for d, t in zip(texts["doc_id"], texts["text"]) for s, e, term in detector.detect(t)]
    return _frame(rows)


def model_spans(texts: pd.DataFrame, model, token_data=None) -> pd.DataFrame:
    """Spans of a :class:`analysis.training.learned_entries.TokenModel` (``token_data``: precomputed features)."""
    rows = []
    if token_data is not None:
        docs = [str(d) for d in texts["doc_id"]]
        idx = np.concatenate([np.arange(*token_data.rows[d]) for d in docs]) if docs else np.zeros(0, dtype=int)
        probs = model.matrix_probabilities(token_data.X[idx], token_data.vocab)
        pos = 0
        for d, t in zip(docs, texts["text"]):
            toks = token_data.tokens[d]
            p = probs[pos : pos + len(toks)]
            pos += len(toks)
            rows += [(d, s, e, " ".join(t[s:e].lower().split())) for s, e, _ in model.decode(toks, p)]
        return _frame(rows)
    for d, t in zip(texts["doc_id"], texts["text"]):
        rows += [(d, s, e, " ".join(t[s:e].lower().split())) for s, e, _ in model.spans(t)]
    return _frame(rows)


def attribution_spans(texts: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Cue pieces and explicit sources of the rule extractor alone
    (:func:`analysis.measures.attribution.rule_records`, one call per document with default
    sentence bounds and no publisher): the ``attribution`` rows beside the spans table."""
    from analysis.measures.attribution import rule_records

    cues, sources = [], []
    for d, t in zip(texts["doc_id"], texts["text"]):
        for r in rule_records(t):
            cues += [(d, a, b, r["cue_entry"]) for a, b in r["cue_parts"]]
            if r["source_start"] >= 0:
                sources.append((d, r["source_start"], r["source_end"], r["source_type"]))
    return _frame(cues), _frame(sources)


def spans_table_attribution(texts: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The ``attribution_cue`` and ``source`` rows of the spans table
    (:func:`analysis.measures.spans.corpus_spans`: rules and tagger combined, as every table reads
    them), as (cues, sources) span frames."""
    from analysis.measures.spans import corpus_spans

    sp = corpus_spans(texts[["doc_id", "text"]], categories=["attribution_cue", "source"])
    out = []
    for cat in ("attribution_cue", "source"):
        part = sp[sp["category"] == cat]
        out.append(_frame(list(zip(part["doc_id"], part["start"], part["end"], part["entry"]))))
    return out[0], out[1]


def attribution_density(texts: pd.DataFrame, cues: pd.DataFrame) -> pd.DataFrame:
    """Per document: ``cues_per_1k`` (cue spans per 1,000 words) and ``attributed_share`` (share of
    its sentences, :func:`analysis.corpus.sentences.ensure_bounds`, holding the start of a cue), the
    two document rates the profile reports for attribution."""
    from analysis.corpus.sentences import ensure_bounds
    from analysis.corpus.text import count_words

    by_doc = {d: g for d, g in cues.groupby("doc_id")}
    rows = []
    for d, t in zip(texts["doc_id"], texts["text"]):
        g = by_doc.get(d)
        starts = np.sort(g["start"].to_numpy()) if g is not None else np.array([], dtype=int)
        bounds = ensure_bounds(t)
        sb = np.array([a for a, _ in bounds]) if bounds else np.array([0])
        hit = np.unique(np.searchsorted(sb, starts, side="right") - 1) if len(starts) else []
        rows.append((d, 1000 * len(starts) / max(count_words(t), 1), len(hit) / max(len(bounds), 1)))
    return pd.DataFrame(rows, columns=["doc_id", "cues_per_1k", "attributed_share"])


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


def density_spearman(gold: pd.DataFrame, pred: pd.DataFrame, n_boot: int = 1000, seed: int = 0) -> tuple:
    """Spearman rho between two per-document rates (aligned Series), with a percentile 95%
    interval from resampling documents (``n_boot`` times; NaN without)."""
    from scipy.stats import spearmanr

    g, p = np.asarray(gold, dtype=float), np.asarray(pred, dtype=float)
    rho = float(spearmanr(g, p).statistic)
    if not n_boot or len(g) < 3:
        return rho, np.nan, np.nan
    rng = np.random.default_rng(seed)
    stats = []
    for _ in range(n_boot):
        i = rng.integers(0, len(g), len(g))
        if np.ptp(g[i]) and np.ptp(p[i]):
            stats.append(spearmanr(g[i], p[i]).statistic)
    lo, hi = np.quantile(stats, [0.025, 0.975])
    return rho, float(lo), float(hi)


def density_rows(base: dict, articles: pd.DataFrame, gold_cues: pd.DataFrame, detectors, n_boot: int) -> list[dict]:
    """Document-level rows: Spearman rho (in the ``f1`` column) of each detector's cues per 1,000
    words and attributed-sentence share against the gold cues' (:func:`attribution_density`)."""
    gold = attribution_density(articles, gold_cues).set_index("doc_id")
    rows = []
    for det, family, cues, note in detectors:
        pred = attribution_density(articles, cues).set_index("doc_id").loc[gold.index]
        for rate in ("cues_per_1k", "attributed_share"):
            rho, lo, hi = density_spearman(gold[rate], pred[rate], n_boot)
            rows.append(
                dict(
                    base,
                    task="attribution_density",
                    detector=det,
                    family=family,
                    level=f"doc_spearman_{rate}",
                    precision=np.nan,
                    recall=np.nan,
                    f1=rho,
                    ci_low=lo,
                    ci_high=hi,
                    n_docs=len(gold),
                    n_gold=len(gold_cues),
                    n_pred=len(cues),
                    notes=f"{note}; f1 column = Spearman rho of {rate} against gold, documents resampled",
                )
            )
    return rows
