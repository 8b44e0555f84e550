"""Sentence-level media bias: the probability that BABE's expert annotators would call a sentence
biased, and the document measure ``bias_sentence_share``.

Definition of the label: BABE, "Bias Annotations By Experts" (Spinde et al. 2021, Findings of
EMNLP): five trained annotators read news sentences and label each ``Biased`` (the wording is
one-sided, loaded or opinionated beyond the facts reported) or ``Non-biased``; they also mark the
words that make it biased. The model (trained by :mod:`analysis.training.sentence_bias`, stored in
``analysis/models/sentence_bias.json`` with its provenance) has two layers, both logistic
regressions, applied here with numpy only:

1. *word scores*: every word (BERT basic-tokeniser word with a letter or digit) gets
   ``p_word = sigmoid(mean over its WordPiece tokens t of (w . v_t + u_t) + b)``, ``v_t`` the
   token's static vector (:mod:`analysis.measures.embeddings`) and ``u_t`` a learned per-token
   bias (``token_bias`` in the file); trained on the words BABE annotators marked biased;
2. *sentence probability*: ``sigmoid(c . [s, f] + d)``, ``s`` the sentence's L2-normalised mean
   token vector and ``f`` four summaries of its word scores (the largest, the mean of the two
   largest, how many exceed 0.5, their sum).

A sentence is called biased when its probability is at least the model's ``threshold`` (chosen by
cross-validation on the BABE training part). ``bias_sentence_share`` is the share of a document's
sentences called biased (0-1; NaN for a document without sentences).

Public functions: :func:`load_sentence_bias`, :func:`sentence_bias_probabilities` (one text and
its sentence bounds), :func:`bias_sentence_share`, :func:`sentence_bias_table` (one row per
sentence of many documents) and :meth:`SentenceBiasModel.word_scores` (why a sentence scored high).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from analysis import config
from analysis.measures.embeddings import EMBEDDINGS_PATH, StaticEmbeddings, Tokens, load_embeddings

__all__ = [
    "SENTENCE_BIAS_PATH",
    "N_WORD_FEATURES",
    "SentenceBiasModel",
    "load_sentence_bias",
    "sentence_bias_available",
    "sentence_bias_probabilities",
    "bias_sentence_share",
    "sentence_bias_table",
    "word_summaries",
    "word_groups",
    "alnum_rows",
    "sentence_bias_rows",
    "chunk_bias_probabilities",
    "shipped_sentence_bias",
    "with_bias_rows",
]

SENTENCE_BIAS_PATH = Path(config.PACKAGE_DIR) / "models" / "sentence_bias.json"
#: Summaries of the word scores appended to the sentence vector (see :func:`word_summaries`).
N_WORD_FEATURES = 4
#: Columns of :func:`sentence_bias_table`.
TABLE_COLUMNS = ["doc_id", "sentence", "start", "end", "bias_probability", "biased"]


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(z, -50, 50)))


def word_summaries(p: np.ndarray, text_of_word: np.ndarray, n_texts: int) -> np.ndarray:
    """Per text: the largest word score, the mean of the two largest (the largest alone for a
    one-word text), how many scores exceed 0.5, and their sum; zeros for a text without words.
    ``p`` and ``text_of_word``: one entry per scored word."""
    out = np.zeros((n_texts, N_WORD_FEATURES), dtype=np.float64)
    if len(p) == 0:
        return out
    order = np.lexsort((-p, text_of_word))
    t, q = text_of_word[order], p[order]
    first = np.flatnonzero(np.r_[True, t[1:] != t[:-1]])
    size = np.diff(np.r_[first, len(t)])
    top = q[first]
    second = np.where(size > 1, q[np.minimum(first + 1, len(q) - 1)], top)
    out[t[first], 0] = top
    out[t[first], 1] = (top + second) / 2
    out[:, 2] = np.bincount(text_of_word, weights=(p > 0.5).astype(float), minlength=n_texts)
    out[:, 3] = np.bincount(text_of_word, weights=p, minlength=n_texts)
    return out


def alnum_rows(embeddings: StaticEmbeddings) -> np.ndarray:
    """For each table row: does its token hold a letter or digit? A word is scored when one of its
    tokens does (punctuation marks and symbols are not words)."""
    vocab, rows = embeddings.tokenizer.vocab, embeddings.rows
    out = np.zeros(len(embeddings.vectors), dtype=bool)
    for i in np.flatnonzero(rows >= 0):
        out[rows[i]] = any(c.isalnum() for c in vocab[i].removeprefix("##"))
    return out


def word_groups(tok: Tokens) -> tuple[np.ndarray, np.ndarray]:
    """Start of each word's run of tokens in ``tok`` and the run lengths."""
    word = tok.word
    first = np.flatnonzero(np.r_[True, word[1:] != word[:-1]]) if len(word) else np.zeros(0, dtype=np.int64)
    return first, np.diff(np.r_[first, len(word)])


@dataclass
class SentenceBiasModel:
    """The stored classifier: word layer (``word_coef``, ``word_intercept``), sentence layer
    (``coef`` over the sentence vector and :data:`N_WORD_FEATURES` word summaries, ``intercept``),
    the decision ``threshold``, the embeddings it reads, and the sidecar ``meta``. Feature
    standardisation is folded into the coefficients."""

    embeddings: StaticEmbeddings
    word_coef: np.ndarray
    word_intercept: float
    coef: np.ndarray
    intercept: float
    threshold: float
    meta: dict = field(default_factory=dict)
    token_bias: np.ndarray | None = None

    def __post_init__(self):
        self._alnum = alnum_rows(self.embeddings)
        self._token_score = (self.embeddings.vectors @ self.word_coef.astype(np.float32)).astype(np.float64)
        if self.token_bias is not None:
            self._token_score += self.token_bias

    def _word_probabilities(self, tok: Tokens) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Scores of the scored words: ``(word index, text index, p_word)``."""
        word = tok.word
        if len(word) == 0:
            e = np.zeros(0, dtype=np.int64)
            return e, e, np.zeros(0)
        first, n = word_groups(tok)
        mean = np.add.reduceat(self._token_score[tok.rows], first) / n
        scored = np.maximum.reduceat(self._alnum[tok.rows].astype(np.int8), first) > 0
        p = _sigmoid(mean + self.word_intercept)
        return word[first][scored], tok.text[first][scored], p[scored]

    def features(self, texts: list[str]) -> np.ndarray:
        """Sentence vector and word summaries of each text (texts x (dims + 4))."""
        texts = list(texts)
        tok = self.embeddings.tokens(texts, by_word=True)
        s = tok.pool(self.embeddings.vectors)
        norm = np.linalg.norm(s, axis=1, keepdims=True)
        s = s / np.where(norm > 0, norm, 1.0)
        _, text_of_word, p = self._word_probabilities(tok)
        return np.hstack([s.astype(np.float64), word_summaries(p, text_of_word, len(texts))])

    def probabilities(self, texts: list[str]) -> np.ndarray:
        """Probability that each text (a sentence) is biased in BABE's sense."""
        if len(texts) == 0:
            return np.zeros(0)
        return _sigmoid(self.features(texts) @ self.coef + self.intercept)

    def word_scores(self, text: str) -> list[tuple[str, float]]:
        """The scored words of one text with their word-layer probability, in text order: what
        pushed a sentence up."""
        tok = self.embeddings.tokens([text], by_word=True)
        word, _, p = self._word_probabilities(tok)
        words = self.embeddings.tokenizer.words(text)
        return [(words[w], float(q)) for w, q in zip(word, p)]


def sentence_bias_available(path: str | Path = SENTENCE_BIAS_PATH) -> bool:
    p = Path(path)
    return p.is_file() and EMBEDDINGS_PATH.is_file()


def load_sentence_bias(path: str | Path = SENTENCE_BIAS_PATH) -> SentenceBiasModel:
    """The stored model (default: the shipped BABE model), cached per file and modification time.
    Its embeddings are the table named in the file (``embeddings``, a file name beside it)."""
    p = Path(path).resolve()
    return _load_cached(str(p), p.stat().st_mtime)


@lru_cache(maxsize=4)
def _load_cached(path: str, mtime: float) -> SentenceBiasModel:
    d = json.loads(Path(path).read_text(encoding="utf-8"))
    emb = load_embeddings(Path(path).parent / d["embeddings"])
    bias = None
    if d.get("token_bias"):
        bias = np.zeros(len(emb.vectors))
        index = emb.tokenizer.index
        for token, w in d["token_bias"].items():
            r = emb.rows[index[token]]
            if r >= 0:
                bias[r] = w
    return SentenceBiasModel(
        embeddings=emb,
        word_coef=np.asarray(d["word_coef"], dtype=np.float64),
        word_intercept=float(d["word_intercept"]),
        coef=np.asarray(d["coef"], dtype=np.float64),
        intercept=float(d["intercept"]),
        threshold=float(d["threshold"]),
        meta={k: v for k, v in d.items() if k not in ("word_coef", "coef", "token_bias")},
        token_bias=bias,
    )


def sentence_bias_probabilities(
    text: str, bounds: list[tuple[int, int]], model: SentenceBiasModel | None = None
) -> np.ndarray:
    """Probability per sentence (``bounds``: ``(start, end)`` character offsets into ``text``) that
    BABE annotators would label it biased (see the module docstring)."""
    m = model if model is not None else load_sentence_bias()
    return m.probabilities([text[s:e] for s, e in bounds])


def bias_sentence_share(text: str, bounds: list[tuple[int, int]], model: SentenceBiasModel | None = None) -> float:
    """Share of the sentences whose probability is at least the model's threshold (0-1; NaN
    without sentences)."""
    m = model if model is not None else load_sentence_bias()
    p = sentence_bias_probabilities(text, bounds, m)
    return float(np.mean(p >= m.threshold)) if len(p) else float("nan")


def sentence_bias_table(
    documents: pd.DataFrame, bounds: list[list[tuple[int, int]]] | None = None, model: SentenceBiasModel | None = None
) -> pd.DataFrame:
    """One row per sentence of every document (``documents`` with ``doc_id`` and ``text``):
    ``doc_id``, ``sentence`` (0-based number in the document), ``start``, ``end``,
    ``bias_probability`` and ``biased`` (probability >= threshold). ``bounds``: the documents'
    sentence bounds (default: :func:`analysis.corpus.sentences.document_bounds`). All sentences are
    scored in one batch."""
    m = model if model is not None else load_sentence_bias()
    if bounds is None:
        from analysis.corpus.sentences import document_bounds

        bounds = document_bounds(documents)
    ids, nums, starts, ends, texts = [], [], [], [], []
    for d, t, bs in zip(documents["doc_id"], documents["text"].astype(str), bounds):
        for k, (s, e) in enumerate(bs):
            ids.append(d)
            nums.append(k)
            starts.append(s)
            ends.append(e)
            texts.append(t[s:e])
    p = m.probabilities(texts)
    out = pd.DataFrame({"doc_id": ids, "sentence": nums, "start": starts, "end": ends, "bias_probability": p})
    out["biased"] = out["bias_probability"] >= m.threshold
    return out[TABLE_COLUMNS]


def sentence_bias_rows(text: str, doc_id, bounds: list, model, probabilities=None) -> list[tuple]:
    """One spans row per sentence of ``text`` (``bounds``) with the BABE sentence-bias model's
    probability that expert annotators would label it biased (:mod:`analysis.measures.sentence_bias`;
    Spinde et al. 2021): category ``sentence_bias``, subcategory ``biased`` when the probability is at
    least the model's threshold (chosen by cross-validation on BABE train) else ``not_biased``,
    ``entry`` ``sentence_bias``, ``voice`` "" (a sentence may mix voices), ``sentence`` its index,
    ``probability`` rounded to 4 places. ``probabilities``: the sentences' probabilities when
    already computed (:func:`analysis.measures.document_scores.score_rows` scores a whole chunk's sentences in one batch)."""
    from analysis.measures.span_columns import BIAS_CATEGORY, SpanRow

    if model is None or not bounds:
        return []
    p = model.probabilities([text[s:e] for s, e in bounds]) if probabilities is None else probabilities
    src = "model: " + model.meta.get("citation", "BABE sentence-bias classifier (Spinde et al. 2021)")
    t = model.threshold
    return [
        SpanRow(
            doc_id,
            s,
            e,
            text[s:e],
            BIAS_CATEGORY,
            "biased" if q >= t else "not_biased",
            BIAS_CATEGORY,
            src,
            "",
            k,
            "",
            round(q, 4),
            "",
        )
        for k, ((s, e), q) in enumerate(zip(bounds, np.asarray(p, dtype=float).tolist()))
    ]


def chunk_bias_probabilities(texts: list, bounds: list, model) -> list:
    """Sentence-bias probabilities of every document's sentences, scored in one batch (a call per
    document costs a third more on news-length documents), split back per document."""
    if model is None:
        return [None] * len(texts)
    sentences = [t[s:e] for t, b in zip(texts, bounds) for s, e in b]
    p = model.probabilities(sentences)
    cuts = np.cumsum([len(b) for b in bounds])[:-1]
    return np.split(p, cuts) if len(bounds) else []


def shipped_sentence_bias() -> SentenceBiasModel | None:
    """The shipped sentence-bias model, or None when its files are absent (then no
    ``sentence_bias`` rows, and ``bias_sentence_share`` is NaN)."""
    return load_sentence_bias() if sentence_bias_available() else None


def with_bias_rows(rows: list, extra: list) -> list:
    """Span rows ``rows`` and the sentence rows ``extra`` in the spans table's order (start
    ascending, longer spans first); both are in that order already and the sort is stable, so at a
    tie ``rows`` come first."""
    if not extra:
        return rows
    return sorted(rows + extra, key=lambda r: (r[1], r[1] - r[2]))
