"""Static sentence and document vectors: tokenise, look up, weighted mean.

A *static* embedding table gives every WordPiece token one vector; a text's vector is the
weighted mean of its tokens' vectors, L2-normalised. The shipped table
(``analysis/models/minilm_static.npz``, built by :mod:`analysis.training.embeddings`) comes from
sentence-transformers/all-MiniLM-L6-v2 (Apache-2.0; Reimers & Gurevych 2019) in the way of Model2Vec
(Tulkens & van Dongen 2024, "Model2Vec: fast state-of-the-art static embeddings"): a vector per
vocabulary token (the model's input embeddings, or each token passed through the transformer
alone; the sidecar says which was shipped and why), reduced by PCA, each token's vector scaled by
a smooth inverse frequency weight ``a / (a + p(token))`` (Arora, Liang & Ma 2017, "A simple but
tough-to-beat baseline for sentence embeddings") so frequent tokens count less, and stored as int8
with one scale per dimension. The JSON sidecar (``minilm_static.json``) records the source model,
its file hash, the method, dimensions, weighting and the comparison that chose them;
``minilm_static.NOTICE`` carries the licence notice of the derived weights.

Run time is :class:`analysis.measures.wordpiece.WordPiece` tokenisation, one sparse
(texts x vocabulary) count matrix and one product with the table: no transformer, no torch.

Public functions: :func:`load_embeddings` (the shipped table, cached), :func:`sentence_vectors`
(one row per text), :func:`span_vectors` (one row per character span of one text, e.g. its
sentences) and :func:`document_vectors` (one row per document).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import chain
from pathlib import Path

import numpy as np

from analysis import config
from analysis.measures.wordpiece import WordPiece

__all__ = [
    "EMBEDDINGS_PATH",
    "StaticEmbeddings",
    "Tokens",
    "load_embeddings",
    "embeddings_available",
    "sentence_vectors",
    "span_vectors",
    "document_vectors",
]

#: The shipped table (NPZ of int8 vectors and per-dimension scales, read with ``allow_pickle=False``)
#: and its sidecar beside it (same stem, ``.json``).
EMBEDDINGS_PATH = Path(config.PACKAGE_DIR) / "models" / "minilm_static.npz"


@dataclass
class StaticEmbeddings:
    """A static token-embedding table and the tokeniser whose ids index it.

    ``vectors``: float32 (table rows x dims), token weights already applied; ``rows``: for each
    vocabulary id its row in ``vectors``, or -1 for a token left out of the table (it is skipped);
    ``meta``: the sidecar (provenance).
    """

    tokenizer: WordPiece
    vectors: np.ndarray
    rows: np.ndarray
    meta: dict = field(default_factory=dict)

    @property
    def dims(self) -> int:
        return int(self.vectors.shape[1])

    @classmethod
    def from_table(cls, tokenizer: WordPiece, table: np.ndarray, meta: dict | None = None) -> StaticEmbeddings:
        """A table with one row per vocabulary id (no token left out)."""
        table = np.ascontiguousarray(table, dtype=np.float32)
        return cls(tokenizer, table, np.arange(len(table), dtype=np.int32), dict(meta or {}))

    def tokens(self, texts: list[str], by_word: bool = False) -> Tokens:
        """The kept table rows of every token of ``texts`` (see :class:`Tokens`)."""
        tok = self.tokenizer
        words_of, word_ids = tok.words, tok.word_ids
        per_word: list[tuple[int, ...]] = []
        n_words = np.zeros(len(texts), dtype=np.int64)
        for i, t in enumerate(texts):
            ids = word_ids(words_of(t))
            n_words[i] = len(ids)
            per_word += ids
        lens = np.fromiter(map(len, per_word), dtype=np.int64, count=len(per_word))
        flat = np.fromiter(chain.from_iterable(per_word), dtype=np.int64, count=int(lens.sum()))
        rows = self.rows[flat]
        keep = rows >= 0
        word_of_token = np.repeat(np.arange(len(per_word)), lens)[keep]
        text_of_word = np.repeat(np.arange(len(texts)), n_words)
        return Tokens(rows[keep], text_of_word[word_of_token], word_of_token if by_word else None, len(texts))

    def sums(self, texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """Sum of token vectors (texts x dims, float32) and number of tokens of each text."""
        t = self.tokens(texts)
        return t.pool(self.vectors), t.counts()

    def encode(self, texts: list[str], normalize: bool = True) -> np.ndarray:
        """Mean token vector of each text (zero for a text without tokens); L2-normalised by default."""
        s, n = self.sums(list(texts))
        if normalize:
            norm = np.linalg.norm(s, axis=1, keepdims=True)
            return s / np.where(norm > 0, norm, 1.0)
        return s / np.maximum(n, 1)[:, None]


@dataclass
class Tokens:
    """Tokens of a batch of texts, flattened: ``rows`` (table row of each kept token), ``text``
    (index of its text), ``word`` (index of its basic-tokeniser word in the batch, when asked for;
    a word whose tokens were all left out of the table has no token here) and ``n_texts``."""

    rows: np.ndarray
    text: np.ndarray
    word: np.ndarray | None
    n_texts: int

    def counts(self) -> np.ndarray:
        return np.bincount(self.text, minlength=self.n_texts)

    def pool(self, vectors: np.ndarray) -> np.ndarray:
        """Per-text sums of the token vectors (texts x dims): one sparse count matrix x table."""
        from scipy.sparse import csr_matrix

        indptr = np.zeros(self.n_texts + 1, dtype=np.int64)
        np.cumsum(self.counts(), out=indptr[1:])  # tokens are in text order
        m = csr_matrix(
            (np.ones(len(self.rows), dtype=np.float32), self.rows, indptr), shape=(self.n_texts, len(vectors))
        )
        return np.asarray(m @ vectors, dtype=np.float32)


def embeddings_available(path: str | Path = EMBEDDINGS_PATH) -> bool:
    return Path(path).is_file()


def load_embeddings(path: str | Path = EMBEDDINGS_PATH) -> StaticEmbeddings:
    """The static table stored at ``path`` (default: the shipped MiniLM table), cached per
    file and modification time. The NPZ holds ``vectors`` (int8) and ``scale`` (float32, one per
    dimension: vector = int8 x scale), ``rows``, ``vocab`` and the tokeniser's ``punctuation`` and
    ``control`` code points."""
    p = Path(path).resolve()
    return _load_cached(str(p), p.stat().st_mtime)


@lru_cache(maxsize=4)
def _load_cached(path: str, mtime: float) -> StaticEmbeddings:
    with np.load(path, allow_pickle=False) as z:
        vocab = [str(t) for t in z["vocab"]]
        tok = WordPiece(vocab, z["punctuation"].tolist(), z["control"].tolist())
        vectors = z["vectors"].astype(np.float32) * z["scale"].astype(np.float32)
        rows = z["rows"].astype(np.int64)
    side = Path(path).with_suffix(".json")
    meta = json.loads(side.read_text(encoding="utf-8")) if side.is_file() else {}
    return StaticEmbeddings(tok, vectors, rows, meta)


def sentence_vectors(texts: list[str], embeddings: StaticEmbeddings | None = None) -> np.ndarray:
    """One L2-normalised vector per text (float32, texts x dims): the weighted mean of its
    WordPiece tokens' static vectors (see the module docstring for the table and the weights)."""
    emb = embeddings if embeddings is not None else load_embeddings()
    return emb.encode(list(texts))


def span_vectors(text: str, bounds: list[tuple[int, int]], embeddings: StaticEmbeddings | None = None) -> np.ndarray:
    """One vector per ``(start, end)`` character span of ``text`` (e.g. the sentence bounds of
    :func:`analysis.corpus.sentences.split_sentences`), as :func:`sentence_vectors` of the span texts."""
    return sentence_vectors([text[s:e] for s, e in bounds], embeddings)


def document_vectors(texts: list[str], embeddings: StaticEmbeddings | None = None) -> np.ndarray:
    """One vector per document: the weighted mean over all its tokens (the same as
    :func:`sentence_vectors` of the whole text)."""
    return sentence_vectors(texts, embeddings)
