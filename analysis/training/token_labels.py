"""Word-token labels from gold character spans, shared by the loaded-language lexicon learner and the
token classifier (:mod:`analysis.training.learned_entries`)."""

from __future__ import annotations

import collections

import numpy as np
import pandas as pd

from analysis.corpus.text import WORD_RE

# --------------------------------------------------------------------------------------------
# Token labels (shared by the lexicon learner and the classifier)
# --------------------------------------------------------------------------------------------


def char_coverage(n_chars: int, spans) -> np.ndarray:
    """Cumulative count of covered characters: covered chars in [a, b) = c[b] - c[a]."""
    diff = np.zeros(n_chars + 1, dtype=np.int64)
    for a, b in spans:
        a, b = max(0, int(a)), min(n_chars, int(b))
        if b > a:
            diff[a] += 1
            diff[b] -= 1
    covered = np.cumsum(diff[:-1]) > 0
    return np.concatenate(([0], np.cumsum(covered)))


def token_labels(text: str, spans) -> tuple[list[tuple[int, int]], np.ndarray]:
    """Word tokens of ``text`` and a boolean per token: does it overlap one of ``spans``?"""
    toks = [m.span() for m in WORD_RE.finditer(text)]
    if not toks:
        return toks, np.zeros(0, dtype=bool)
    cum = char_coverage(len(text), spans)
    arr = np.asarray(toks)
    return toks, (cum[arr[:, 1]] - cum[arr[:, 0]]) > 0


def gold_by_doc(gold: pd.DataFrame) -> dict[str, dict[str, list[tuple[int, int]]]]:
    out: dict[str, dict[str, list[tuple[int, int]]]] = collections.defaultdict(lambda: collections.defaultdict(list))
    label = gold["label"] if "label" in gold.columns else pd.Series("Loaded_Language", index=gold.index)
    for d, a, b, lab in zip(gold["doc_id"], gold["start"], gold["end"], label):
        out[str(d)][lab].append((int(a), int(b)))
    return out
