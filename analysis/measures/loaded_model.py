"""The loaded-language context model: a CRF and a logistic regression over word, window and lexicon
features, ensembled, trained on SemEval-2020 PTC train and BABE, with a held-out split for testing.

What it predicts
----------------
A probability per word token that the token lies inside a loaded-language span, in the sense of
the SemEval-2020 Task 11 ``Loaded_Language`` and ``Name_Calling,Labeling`` techniques (Da San
Martino et al. 2020) and of BABE's annotator-marked biased words (Spinde et al. 2021). Token
probabilities become spans by hysteresis (a token with p >= ``hi`` starts a span, which grows over
neighbours with p >= ``lo``); a span's probability is the largest token probability in it.

Two learners see the same binary features of each token (:func:`token_features`):

* a linear-chain CRF (CRFsuite via ``python-crfsuite``, L-BFGS with L1 + L2 penalties; Lafferty,
  McCallum & Pereira 2001), one sequence per sentence, whose token marginals P(label = 1) are used;
* a logistic regression (scikit-learn ``SGDClassifier``, log loss), token by token.

The ensemble probability is ``w * p_crf + (1 - w) * p_lr``; ``w``, ``hi`` and ``lo`` are chosen
on the threshold-dev split. Features: the lower-cased word, its 3- and 4-letter suffixes, 4-letter
prefix and shape; the words and bigrams around it (two each side); flags of the hand loaded
lexicon and the booster lexicon (both as shipped, without ``circular`` entries), MPQA
strong-subjective clues and their negative subset (Wilson, Wiebe & Hoffmann 2005) and the
Recasens et al. (2013) bias lexicon, for the token and for each neighbour up to three tokens
away; quotation marks and "!" next to the token; first token of a line. The MPQA and Recasens lists are
research-only and are read from the benchmark folder at run time (never copied): without it the
model is unavailable (:class:`analysis.config.BenchmarkUnavailable`).

Data and split (:func:`analysis.training.loaded_model.doc_split`)
----------------------------------
Documents (PTC articles; BABE sentences grouped by their article link) are split by SHA-1 of
``"<SPLIT_SALT>:<id>"`` mod 10: 0-5 ``train`` (60 %), 6-7 ``dev`` (20 %, thresholds and ensemble
weight), 8-9 ``test`` (20 %, held out: used only by ``validate``). BABE has no official split
(see its PROVENANCE), so the same rule applies to its article links.

Files (``analysis/models/``)
----------------------------
``loaded_context_crf.crfsuite`` (CRFsuite's own binary model format, not a pickle),
``loaded_context_lr.csv.gz`` (feature, weight) and ``loaded_context.json`` (sidecar: data, split,
feature template, thresholds, ensemble weight, dev and test scores). ``python -m analysis
train-loaded`` rebuilds them (:func:`analysis.training.loaded_model.train_context_model`),
deterministically. This module only reads them: it imports nothing from training or validation code.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from analysis import config
from analysis.measures.loaded_features import (
    FEATURE_VERSION,
    LEARNED_PREFIX,
    flag_array,
    flaggers,
    hand_lexicon,
    hysteresis_runs,
    sentence_sequences,
    token_features,
)

__all__ = [
    "MODEL_STEM",
    "token_features",
    "ContextModel",
    "load_context_model",
    "context_model_available",
    "MODEL_LABEL",
    "clear_model_cache",
    "flag_array",
    "sentence_sequences",
    "hand_lexicon",
    "hysteresis_runs",
    "LEARNED_PREFIX",
]

MODEL_DIR = config.PACKAGE_DIR / "models"
MODEL_STEM = "loaded_context"
#: ``subcategory`` / ``entry`` of model spans in the spans table.
MODEL_LABEL = "context_model"


# --------------------------------------------------------------------------------------------
# the model
# --------------------------------------------------------------------------------------------


@dataclass
class ContextModel:
    """The ensemble: CRF tagger file + LR weights + thresholds (see module docstring)."""

    crf_path: str
    lr_weights: dict
    lr_intercept: float
    w_crf: float = 0.5
    hi: float = 0.5
    lo: float = 0.3
    meta: dict = field(default_factory=dict)
    data_dir: object = None

    def __post_init__(self):
        import pycrfsuite

        self._tagger = pycrfsuite.Tagger()
        self._tagger.open(str(self.crf_path))

    def crf_marginals(self, feats: list[list[str]], seqs: list[tuple[int, int]]) -> np.ndarray:
        out = np.zeros(len(feats))
        t = self._tagger
        for a, b in seqs:
            t.set(feats[a:b])
            out[a:b] = [t.marginal("1", k) for k in range(b - a)]
        return out

    def lr_probabilities(self, feats: list[list[str]]) -> np.ndarray:
        w = self.lr_weights
        z = np.fromiter(
            (self.lr_intercept + sum(w.get(f, 0.0) for f in fs) for fs in feats), dtype=float, count=len(feats)
        )
        return 1.0 / (1.0 + np.exp(-z))

    def lr_fast(self, text: str, toks: list[tuple[int, int]]) -> np.ndarray:
        """:meth:`lr_probabilities` of :func:`token_features`, bitwise, without building the feature
        strings of every token (:func:`analysis.measures.loaded_model_fast.lr_fast`)."""
        from analysis.measures.loaded_model_fast import lr_fast

        return lr_fast(self, text, toks)

    def token_probabilities(self, text: str, bounds=None, features=None) -> tuple[list, np.ndarray]:
        """Tokens and ensemble probabilities; ``bounds`` = sentence bounds (default: the splitter)."""
        if features is None and self.w_crf == 0:
            return self.many_token_probabilities([text])[0]
        if bounds is None:
            from analysis.corpus.sentences import ensure_bounds

            bounds = ensure_bounds(text)
        toks, feats = features if features is not None else token_features(text, data_dir=self.data_dir)
        if not toks:
            return toks, np.zeros(0)
        p = np.zeros(len(toks))
        if self.w_crf > 0:
            p += self.w_crf * self.crf_marginals(feats, sentence_sequences(toks, bounds))
        if self.w_crf < 1:
            p += (1 - self.w_crf) * self.lr_probabilities(feats)
        return toks, p

    def many_token_probabilities(self, texts: list[str], tokens: list | None = None) -> list[tuple[list, np.ndarray]]:
        """:meth:`token_probabilities` of each text, scored in one batch when the model has no CRF
        part (:func:`analysis.measures.loaded_model_fast.lr_fast_many`: bitwise the same numbers;
        ``tokens``: each text's WORD_RE ``(words, starts, ends)``, when at hand)."""
        if self.w_crf == 0:
            from analysis.measures.loaded_model_fast import lr_fast_many

            return lr_fast_many(self, list(texts), tokens)
        return [self.token_probabilities(t) for t in texts]

    def decode(self, toks, p, hi: float | None = None, lo: float | None = None) -> list[tuple[int, int, float]]:
        hi = self.hi if hi is None else hi
        lo = self.lo if lo is None else lo
        return [(toks[i][0], toks[j - 1][1], float(p[i:j].max())) for i, j in hysteresis_runs(p, hi, lo)]

    def spans(self, text: str, bounds=None) -> list[tuple[int, int, float]]:
        """``(start, end, probability)`` of every predicted loaded-language span of ``text``."""
        toks, p = self.token_probabilities(text, bounds)
        return self.decode(toks, p)

    __call__ = spans


def context_model_available(directory: str | Path = MODEL_DIR) -> bool:
    """True when the model files exist and the published lists it needs can be read."""
    from analysis.config import BenchmarkUnavailable

    if not (Path(directory) / f"{MODEL_STEM}.json").is_file():
        return False
    try:
        flaggers(None)
    except BenchmarkUnavailable:
        return False
    return True


def clear_model_cache() -> None:
    """Forget the loaded model files (after training wrote new ones in this process)."""
    _load_cached.cache_clear()


def load_context_model(directory: str | Path = MODEL_DIR, stem: str = MODEL_STEM) -> ContextModel:
    """The stored context model (FileNotFoundError when never trained)."""
    d = Path(directory).resolve()
    js = d / f"{stem}.json"
    mt = js.stat().st_mtime if js.is_file() else 0.0
    return _load_cached(str(d), stem, mt)


@lru_cache(maxsize=2)
def _load_cached(directory: str, stem: str, mtime: float) -> ContextModel:
    d = Path(directory)
    js, crf, lr = d / f"{stem}.json", d / f"{stem}_crf.crfsuite", d / f"{stem}_lr.csv.gz"
    if not (js.is_file() and crf.is_file() and lr.is_file()):
        raise FileNotFoundError(f"no context model {js} (run: python -m analysis train-loaded)")
    meta = json.loads(js.read_text(encoding="utf-8"))
    if meta.get("feature_version") != FEATURE_VERSION:
        raise ValueError(f"{js}: feature_version {meta.get('feature_version')} != {FEATURE_VERSION}; retrain")
    w = pd.read_csv(lr, dtype={"feature": str, "weight": float}, keep_default_na=False)
    return ContextModel(
        str(crf),
        dict(zip(w["feature"], w["weight"])),
        float(meta["lr_intercept"]),
        float(meta["w_crf"]),
        max(float(meta["hi"]), float(meta.get("draw_threshold", 0.0))),  # spans start at the calibrated threshold
        float(meta["lo"]),
        meta,
    )
