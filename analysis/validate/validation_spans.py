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
    """Cue pieces and explicit sources of :func:`analysis.measures.attribution.find_attributions` (one call
    per document; the same spans as ``cue_spans`` and ``source_spans`` with default sentence
    bounds and no publisher)."""
    from analysis.measures.attribution import find_attributions

    cues, sources = [], []
    for d, t in zip(texts["doc_id"], texts["text"]):
        df = find_attributions(t)
        cues += [(d, a, b, e) for parts, e in zip(df["cue_parts"], df["cue_entry"]) for a, b in parts]
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
