"""Token features of the loaded-language context model (:mod:`analysis.measures.loaded_model`):
the word, affixes and shape, neighbouring words and bigrams, flags of the hand loaded lexicon,
the boosters and the published lists (MPQA strong-subjective clues, their negative subset, the
Recasens et al. 2013 bias lexicon) at offsets -3..+3, quotation marks and "!" nearby, first token
of a line. Shared by the feature-string path (:func:`token_features`, used by training and the
CRF) and the table path (:mod:`analysis.measures.loaded_model_fast`), which must agree bitwise."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
import pandas as pd

from analysis.corpus.text import WORD_RE, trie_alternation
from analysis.measures.lexicon import load_lexicon

FEATURE_VERSION = 1
_QUOTES = '"“”«»'
QUOTE_RE = re.compile("[" + _QUOTES + "]")
EXCL_RE = re.compile("!")
NEWLINE_RE = re.compile("\n")
WORD_SPLIT = re.compile(f"({WORD_RE.pattern})")  # WORD_RE has no groups: tokens at the odd indices

# --------------------------------------------------------------------------------------------
# features
# --------------------------------------------------------------------------------------------


@dataclass
class _WordList:
    """Token-level lookup in a published list (exact words, and stems matched as prefixes)."""

    exact: frozenset
    stems: frozenset

    def __post_init__(self):
        # "some stem is a prefix of w" in one C call: the stems as a prefix trie, matched at 0
        self._prefix = re.compile(trie_alternation(self.stems)).match
        self._memo: dict = {}

    def __contains__(self, w: str) -> bool:
        hit = self._memo.get(w)
        if hit is None:
            hit = w in self.exact or self._prefix(w) is not None
            if len(self._memo) < 500_000:
                self._memo[w] = hit
        return hit


@dataclass
class _Flaggers:
    """Flag sources: hand loaded lexicon and boosters (matchers over the text), MPQA strong clues,
    their negative subset, and the Recasens bias lexicon (token lookups)."""

    data_dir: object = None
    loaded: object = field(init=False)
    boosters: object = field(init=False)
    lists: dict = field(init=False)
    memo: dict = field(init=False, default_factory=dict)  # word -> flags of the published lists

    def __post_init__(self):
        from analysis.measures.lexicon import LexiconMatcher
        from analysis.measures.published_lists import mpqa_strongsubj, recasens_bias

        def shipped(df):  # the shipped entries (no user lexicon), without circular ones
            return df[df["circular"] != "yes"].reset_index(drop=True)

        self.loaded = LexiconMatcher(shipped(hand_lexicon()), name="loaded-hand")
        self.boosters = LexiconMatcher(shipped(load_lexicon("boosters")), name="boosters")
        self.lists = {}
        for name, det in (
            ("mpq", mpqa_strongsubj(None, self.data_dir, "token")),
            ("neg", mpqa_strongsubj("negative", self.data_dir, "token")),
            ("rec", recasens_bias(self.data_dir, "token")),
        ):
            self.lists[name] = _WordList(frozenset(det.exact), frozenset(det.prefixes))


@lru_cache(maxsize=2)
def flaggers(data_dir=None) -> _Flaggers:
    return _Flaggers(data_dir)


def flag_array(toks: list[tuple[int, int]], n_chars: int, matches, edges=None) -> np.ndarray:
    """Tokens overlapping any of ``matches``; ``edges``: (starts, ends) arrays of ``toks``, if at hand."""
    out = np.zeros(len(toks), dtype=bool)
    if not toks:
        return out
    starts, ends = edges if edges is not None else token_edges(toks)
    spans = [(m[0], m[1]) for m in matches]
    if spans:  # token i overlaps [s, e) when ends[i] > s and starts[i] < e: one range per match
        se = np.asarray(spans, dtype=np.int64)
        i = np.searchsorted(ends, se[:, 0], side="right")
        j = np.searchsorted(starts, se[:, 1], side="left")
        marks = np.zeros(len(toks) + 1, dtype=np.int64)
        np.add.at(marks, i[j > i], 1), np.add.at(marks, j[j > i], -1)
        out = np.cumsum(marks[:-1]) > 0
    return out


def token_edges(toks: list[tuple[int, int]]) -> tuple[np.ndarray, np.ndarray]:
    """Start and end offsets of ``toks`` as two int arrays."""
    return np.array([a for a, _ in toks], dtype=np.int64), np.array([b for _, b in toks], dtype=np.int64)


def _token_flags(text: str, toks: list[tuple[int, int]], data_dir=None) -> tuple[list, list, dict]:
    """Token surface forms, lower-cased forms and the boolean flag arrays (lex, boo, mpq, neg, rec)."""
    fl = flaggers(data_dir)
    words = [text[a:b] for a, b in toks]
    low = [w.lower().replace("’", "'") for w in words]
    edges = token_edges(toks)
    flags = {
        "lex": flag_array(toks, len(text), fl.loaded.finditer(text), edges),
        "boo": flag_array(toks, len(text), fl.boosters.finditer(text), edges),
    }
    memo = fl.memo
    names = list(fl.lists)
    if len(memo) > 500_000:
        memo.clear()
    rows = []
    for w in low:
        r = memo.get(w)
        if r is None:
            r = memo[w] = tuple(w in fl.lists[k] for k in names)
        rows.append(r)
    arr = np.asarray(rows, dtype=bool).reshape(len(toks), len(names))
    for j, name in enumerate(names):
        flags[name] = arr[:, j]
    return words, low, flags


def _char_counts(text: str, pattern) -> np.ndarray:
    """``out[k]`` = number of matches of the one-character ``pattern`` in ``text[:k]``."""
    out = np.zeros(len(text) + 1, dtype=np.int64)
    pos = [m.start() + 1 for m in pattern.finditer(text)]
    if pos:
        np.add.at(out, pos, 1)
    return np.cumsum(out)


def _is_first(text: str, toks, i: int) -> bool:
    return i == 0 or text[toks[i - 1][1] : toks[i][0]].count("\n") > 0


OFFSET_NAMES = {k: {d: f"{k}{d:+d}" for d in (-3, -2, -1, 1, 2, 3)} for k in ("lex", "boo", "mpq", "neg", "rec")}


def token_features(
    text: str, toks: list[tuple[int, int]] | None = None, data_dir=None
) -> tuple[list[tuple[int, int]], list[list[str]]]:
    """Word tokens of ``text`` (:data:`analysis.corpus.text.WORD_RE`) and each token's binary feature names."""
    if toks is None:
        toks = [m.span() for m in WORD_RE.finditer(text)]
    n = len(toks)
    if not n:
        return toks, []
    words, low, flags = _token_flags(text, toks, data_dir)
    # flags are sparse: scatter each flagged token's features to itself and its neighbours
    flag_feats: list[list[str]] = [[] for _ in range(n)]
    for k, v in flags.items():
        for j in np.flatnonzero(v).tolist():
            flag_feats[j].append(k)
            for d in (-3, -2, -1, 1, 2, 3):
                i = j - d  # token i sees the flag at offset d
                if 0 <= i < n:
                    flag_feats[i].append(OFFSET_NAMES[k][d])
    feats: list[list[str]] = []
    for i, (a, b) in enumerate(toks):
        w = low[i]
        orig = words[i]
        f = ["w=" + w, "s3=" + w[-3:], "s4=" + w[-4:], "p4=" + w[:4]]
        if orig[:1].isupper():
            f.append("cap")
        if len(w) > 1 and orig.isupper():
            f.append("upper")
        if w[:1].isdigit():
            f.append("num")
        f += flag_feats[i]
        for d in (-2, -1, 1, 2):
            j = i + d
            f.append(f"w{d:+d}=" + (low[j] if 0 <= j < n else "<pad>"))
        f.append("b-1=" + (low[i - 1] if i else "<s>") + "_" + w)
        f.append("b+1=" + w + "_" + (low[i + 1] if i + 1 < n else "</s>"))
        before, after = text[max(0, a - 2) : a], text[b : b + 3]
        if any(c in _QUOTES for c in before):
            f.append("qopen")
        if any(c in _QUOTES for c in after[:2]):
            f.append("qclose")
        if "!" in after:
            f.append("excl")
        if _is_first(text, toks, i):
            f.append("first")
        feats.append(f)
    return toks, feats


def sentence_sequences(toks: list[tuple[int, int]], bounds: list[tuple[int, int]] | None) -> list[tuple[int, int]]:
    """Token index ranges of the sentences (``bounds``; a token belongs to the sentence it starts in)."""
    n = len(toks)
    if not n:
        return []
    if not bounds:
        return [(0, n)]
    starts = np.asarray([a for a, _ in toks])
    cuts = sorted({int(np.searchsorted(starts, s, side="left")) for s, _ in bounds} | {0, n})
    return [(a, b) for a, b in zip(cuts, cuts[1:]) if b > a]


#: Source prefix of lexicon entries learned from PTC train (:mod:`analysis.training.learned_entries`).
LEARNED_PREFIX = "learned:"


def hand_lexicon() -> pd.DataFrame:
    """The rows of the shipped ``loaded.csv`` that were not learned from PTC."""
    df = load_lexicon("loaded")
    return df[~df["source"].str.lower().str.startswith(LEARNED_PREFIX)].reset_index(drop=True)


def hysteresis_runs(probs: np.ndarray, hi: float, lo: float) -> list[tuple[int, int]]:
    """Hysteresis decoding of token probabilities into spans: the runs of consecutive tokens with
    p >= lo that contain a token with p >= hi, as ``(first, last + 1)`` token index ranges."""
    out: list[tuple[int, int]] = []
    n = len(probs)
    i = 0
    cand = probs >= lo
    while i < n:
        if not cand[i]:
            i += 1
            continue
        j = i
        while j < n and cand[j]:
            j += 1
        if (probs[i:j] >= hi).any():
            out.append((i, j))
        i = j
    return out
