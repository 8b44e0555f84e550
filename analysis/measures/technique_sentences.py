"""The sentence model of persuasion techniques: which sentences carry a PTC technique, and which one.

Runtime half of :mod:`analysis.training.techniques` (training, data and choices are there and in
the sidecar ``analysis/models/techniques_sentence.json``); this module only reads the stored
weights (``analysis/models/techniques_sentence.npz``, loaded with ``allow_pickle=False``) and
applies them with numpy.

What it measures
----------------
SemEval-2020 Task 11 annotators (Da San Martino et al. 2019, 2020) mark technique spans that
are mostly clause- or sentence-long (Doubt, Appeal to fear, Causal oversimplification: median
13-19 words). The model scores every sentence in two stages:

1. **Bag of words** (:func:`sentence_features`): lower-cased word tokens, ``!``, ``?`` and
   quotation marks, and the bigrams of adjacent tokens, each counted once per sentence. One
   linear head per output: ``any`` (share of the sentence's words inside a span of any of the 14
   techniques) and one head per technique (share inside that technique's spans). Logistic loss,
   each sentence weighted by its word count, so the heads estimate the share of *words* covered.
2. **Context** (:func:`context_features`): a small logistic regression over the ``any`` logit of
   the sentence, the mean and spread of the logits of its document, the logits of the sentences
   before and after it, its length and position. Propaganda clusters by article: the same
   sentence is more likely annotated in an article full of it.

A sentence whose context probability reaches the stored threshold is a technique span; its
technique is the technique head with the largest logit (Repetition excluded: it is counted, not
read from one sentence; see :mod:`analysis.measures.techniques`).
"""

from __future__ import annotations

import functools
import json
import re
from pathlib import Path

import numpy as np

from analysis import config

__all__ = [
    "MODEL_STEM",
    "TOKEN_RE",
    "sentence_tokens",
    "sentence_features",
    "context_features",
    "CONTEXT_FEATURES",
    "SentenceModel",
    "load_sentence_model",
]

MODEL_STEM = "techniques_sentence"
MODEL_DIR = config.PACKAGE_DIR / "models"
#: Tokens of the bag of words: words (letters/digits with inner apostrophes or hyphens) and the
#: punctuation that marks questions, exclamations and quotation.
TOKEN_RE = re.compile(r"\w[\w'’-]*|[!?\"“”]")
#: Names of the context-stage inputs, in the order of :func:`context_features`.
CONTEXT_FEATURES = (
    "logit",
    "doc_mean",
    "prev_logit",
    "next_logit",
    "log1p_words",
    "relative_position",
    "first_sentence",
    "logit_x_doc_mean",
    "doc_std",
)


def sentence_tokens(text: str, bounds) -> list[list[str]]:
    """Lower-cased tokens (:data:`TOKEN_RE`) of each sentence ``text[start:end]`` of ``bounds``
    (the text is lower-cased once; where lower-casing changes its length, sentence by sentence)."""
    lower = text.lower()
    findall = TOKEN_RE.findall
    if len(lower) == len(text):
        return [findall(lower, s, e) for s, e in bounds]
    return [findall(text[s:e].lower()) for s, e in bounds]


def sentence_features(tokens: list[str]) -> list[str]:
    """The bag-of-words features of one sentence: its tokens and the bigrams ``"a b"`` of adjacent
    tokens (duplicates kept; the model counts each once)."""
    return tokens + [f"{a} {b}" for a, b in zip(tokens, tokens[1:])]


def context_features(logits: np.ndarray, n_words: np.ndarray) -> np.ndarray:
    """The context-stage inputs (:data:`CONTEXT_FEATURES`) of the sentences of ONE document, in
    order: ``logits`` are their ``any``-head logits, ``n_words`` their token counts."""
    z = np.asarray(logits, dtype=float)
    n = len(z)
    if n == 0:
        return np.zeros((0, len(CONTEXT_FEATURES)))
    mean = float(z.mean())
    std = float(z.std(ddof=1)) if n > 1 else 0.0
    prev = np.r_[mean, z[:-1]]
    nxt = np.r_[z[1:], mean]
    pos = np.arange(n) / max(1, n - 1)
    first = (np.arange(n) == 0).astype(float)
    return np.column_stack(
        [
            z,
            np.full(n, mean),
            prev,
            nxt,
            np.log1p(np.asarray(n_words, dtype=float)),
            pos,
            first,
            z * mean,
            np.full(n, std),
        ]
    )


class SentenceModel:
    """Stored sentence model: ``vocab`` (feature string -> row), ``weights`` (rows x heads),
    ``bias`` (heads), ``heads`` (``any`` then technique names), the context stage (``ctx_coef``,
    ``ctx_intercept``) and the decision ``threshold`` on its probability. ``meta``: the training
    facts (the sidecar's ``facts``: ``repetition``, ``label_excluded`` ...)."""

    def __init__(self, arrays: dict, meta: dict):
        self.meta = meta
        self.heads = tuple(str(h) for h in arrays["heads"])
        self.vocab = {str(t): i for i, t in enumerate(arrays["vocab"])}
        self.weights = np.asarray(arrays["weights"], dtype=np.float64)
        self.bias = np.asarray(arrays["bias"], dtype=np.float64)
        self.any_weights = np.ascontiguousarray(self.weights[:, 0])
        self.ctx_coef = np.asarray(arrays["ctx_coef"], dtype=np.float64)
        self.ctx_intercept = float(arrays["ctx_intercept"])
        self.threshold = float(arrays["threshold"])
        skip = set(meta.get("label_excluded", ["Repetition"]))
        self.label_cols = np.array([j for j, h in enumerate(self.heads) if j > 0 and h not in skip], dtype=np.int64)

    def feature_ids(self, text: str, bounds) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """``(sentence, feature)`` index pairs, each present feature once per sentence, and the
        token count of every sentence."""
        get = self.vocab.get
        join = " ".join
        sids: list[int] = []
        fids: list[int] = []
        n_tok = np.zeros(len(bounds), dtype=np.int64)
        for k, toks in enumerate(sentence_tokens(text, bounds)):
            n_tok[k] = len(toks)
            if not toks:
                continue
            ids = set(map(get, toks))  # C-level lookups: one per token and one per bigram
            ids.update(map(get, map(join, zip(toks, toks[1:]))))
            ids.discard(None)
            sids.extend([k] * len(ids))
            fids.extend(ids)
        return np.asarray(sids, dtype=np.int64), np.asarray(fids, dtype=np.int64), n_tok

    def score(self, text: str, bounds) -> tuple[np.ndarray, np.ndarray, tuple]:
        """Per sentence of ``bounds``: the context-stage probability, the ``any`` logit, and the
        feature index pairs (for :meth:`labels`). Sentences without tokens get probability 0."""
        bounds = list(bounds)
        sids, fids, n_tok = self.feature_ids(text, bounds)
        logit = np.bincount(sids, weights=self.any_weights[fids], minlength=len(bounds)) + self.bias[0]
        keep = n_tok > 0
        prob = np.zeros(len(bounds))
        if keep.any():
            x = context_features(logit[keep], n_tok[keep])
            prob[keep] = 1.0 / (1.0 + np.exp(-(x @ self.ctx_coef + self.ctx_intercept)))
        return prob, logit, (sids, fids)

    def labels(self, pairs: tuple, sentences: np.ndarray) -> list[str]:
        """The technique (largest technique-head logit, Repetition excluded) of each sentence index."""
        sids, fids = pairs
        if not len(sentences):
            return []
        pos = {int(s): i for i, s in enumerate(sentences)}
        mask = np.isin(sids, sentences)
        rows = np.fromiter((pos[int(s)] for s in sids[mask]), dtype=np.int64, count=int(mask.sum()))
        sums = np.zeros((len(sentences), len(self.label_cols)))
        np.add.at(sums, rows, self.weights[fids[mask]][:, self.label_cols])
        sums += self.bias[self.label_cols]
        best = self.label_cols[np.argmax(sums, axis=1)]
        return [self.heads[j] for j in best]


def model_paths(model_dir: str | Path | None = None) -> tuple[Path, Path]:
    """The NPZ weights and JSON sidecar of the sentence model."""
    d = Path(model_dir) if model_dir is not None else MODEL_DIR
    return d / f"{MODEL_STEM}.npz", d / f"{MODEL_STEM}.json"


@functools.lru_cache(maxsize=4)
def _load(npz: str, mtime: float) -> SentenceModel:
    with np.load(npz, allow_pickle=False) as z:
        arrays = {k: z[k] for k in z.files}
    side = Path(npz).with_suffix(".json")
    sidecar = json.loads(side.read_text(encoding="utf-8")) if side.is_file() else {}
    return SentenceModel(arrays, {**sidecar.get("facts", {}), "sidecar": sidecar})


def load_sentence_model(model_dir: str | Path | None = None) -> SentenceModel | None:
    """The stored sentence model (cached per file and modification time), or None when the
    weights file is absent."""
    npz, _ = model_paths(model_dir)
    if not npz.is_file():
        return None
    return _load(str(npz), npz.stat().st_mtime)
