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
model is unavailable (:class:`analysis.validate.gold.BenchmarkUnavailable`).

Data and split (:func:`doc_split`)
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
train-loaded`` rebuilds them (:func:`train_context_model`), deterministically.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import accumulate
from pathlib import Path

import numpy as np
import pandas as pd

from analysis import config
from analysis.corpus.text import WORD_RE, trie_alternation
from analysis.validate.learn_loaded import hysteresis_runs as _decode

__all__ = [
    "SPLIT_SALT",
    "MODEL_STEM",
    "doc_split",
    "token_features",
    "ContextModel",
    "load_context_model",
    "context_model_available",
    "MODEL_LABEL",
]

SPLIT_SALT = "loaded-context-v1"
MODEL_DIR = config.PACKAGE_DIR / "models"
MODEL_STEM = "loaded_context"
FEATURE_VERSION = 1
#: ``subcategory`` / ``entry`` of model spans in the spans table.
MODEL_LABEL = "context_model"
_QUOTES = '"“”«»'
_QUOTE_RE = re.compile("[" + _QUOTES + "]")
_EXCL_RE = re.compile("!")
_NEWLINE_RE = re.compile("\n")
_WORD_SPLIT = re.compile(f"({WORD_RE.pattern})")  # WORD_RE has no groups: tokens at the odd indices


def doc_split(doc_id: str) -> str:
    """``train`` (60 %), ``dev`` (20 %) or ``test`` (20 %) for a document id (SHA-1 of the salted id)."""
    h = int(hashlib.sha1(f"{SPLIT_SALT}:{doc_id}".encode()).hexdigest()[:12], 16) % 10
    return "train" if h < 6 else ("dev" if h < 8 else "test")


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
        from analysis.measures.lexicon import LexiconMatcher, load_lexicon
        from analysis.validate.learn_loaded import hand_lexicon
        from analysis.validate.naive import mpqa_strongsubj, recasens_bias

        def shipped(df):  # the shipped entries (no user lexicon), without circular ones
            return df[df["circular"] != "yes"].reset_index(drop=True)

        self.loaded = LexiconMatcher(shipped(hand_lexicon()), name="loaded-hand")
        self.boosters = LexiconMatcher(shipped(load_lexicon("boosters", user=False)), name="boosters")
        self.lists = {}
        for name, det in (
            ("mpq", mpqa_strongsubj(None, self.data_dir, "token")),
            ("neg", mpqa_strongsubj("negative", self.data_dir, "token")),
            ("rec", recasens_bias(self.data_dir, "token")),
        ):
            self.lists[name] = _WordList(frozenset(det.exact), frozenset(det.prefixes))


@lru_cache(maxsize=2)
def _flaggers(data_dir=None) -> _Flaggers:
    return _Flaggers(data_dir)


def _flag_array(toks: list[tuple[int, int]], n_chars: int, matches, edges=None) -> np.ndarray:
    """Tokens overlapping any of ``matches``; ``edges``: (starts, ends) arrays of ``toks``, if at hand."""
    out = np.zeros(len(toks), dtype=bool)
    if not toks:
        return out
    starts, ends = edges if edges is not None else _edges(toks)
    spans = [(m[0], m[1]) for m in matches]
    if spans:  # token i overlaps [s, e) when ends[i] > s and starts[i] < e: one range per match
        se = np.asarray(spans, dtype=np.int64)
        i = np.searchsorted(ends, se[:, 0], side="right")
        j = np.searchsorted(starts, se[:, 1], side="left")
        marks = np.zeros(len(toks) + 1, dtype=np.int64)
        np.add.at(marks, i[j > i], 1), np.add.at(marks, j[j > i], -1)
        out = np.cumsum(marks[:-1]) > 0
    return out


def _edges(toks: list[tuple[int, int]]) -> tuple[np.ndarray, np.ndarray]:
    """Start and end offsets of ``toks`` as two int arrays."""
    return np.array([a for a, _ in toks], dtype=np.int64), np.array([b for _, b in toks], dtype=np.int64)


def _token_flags(text: str, toks: list[tuple[int, int]], data_dir=None) -> tuple[list, list, dict]:
    """Token surface forms, lower-cased forms and the boolean flag arrays (lex, boo, mpq, neg, rec)."""
    fl = _flaggers(data_dir)
    words = [text[a:b] for a, b in toks]
    low = [w.lower().replace("’", "'") for w in words]
    edges = _edges(toks)
    flags = {
        "lex": _flag_array(toks, len(text), fl.loaded.finditer(text), edges),
        "boo": _flag_array(toks, len(text), fl.boosters.finditer(text), edges),
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


_OFFSET_NAMES = {k: {d: f"{k}{d:+d}" for d in (-3, -2, -1, 1, 2, 3)} for k in ("lex", "boo", "mpq", "neg", "rec")}


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
                    flag_feats[i].append(_OFFSET_NAMES[k][d])
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


def _sequences(toks: list[tuple[int, int]], bounds: list[tuple[int, int]] | None) -> list[tuple[int, int]]:
    """Token index ranges of the sentences (``bounds``; a token belongs to the sentence it starts in)."""
    n = len(toks)
    if not n:
        return []
    if not bounds:
        return [(0, n)]
    starts = np.asarray([a for a, _ in toks])
    cuts = sorted({int(np.searchsorted(starts, s, side="left")) for s, _ in bounds} | {0, n})
    return [(a, b) for a, b in zip(cuts, cuts[1:]) if b > a]


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

    def lr_fast(self, text: str, toks: list[tuple[int, int]], split=None) -> np.ndarray:
        """:meth:`lr_probabilities` of :func:`token_features`, bitwise, without building the feature
        strings of every token (:func:`analysis.validate.loaded_model_fast.lr_fast`). ``split``: the
        tokens' (starts, ends, surface forms), when at hand."""
        from analysis.validate.loaded_model_fast import lr_fast

        return lr_fast(self, text, toks, split)

    def token_probabilities(self, text: str, bounds=None, features=None) -> tuple[list, np.ndarray]:
        """Tokens and ensemble probabilities; ``bounds`` = sentence bounds (default: the splitter)."""
        if features is None and self.w_crf == 0:
            # the WORD_RE tokens by one split and running offsets (all in C): same tokens as finditer
            parts = _WORD_SPLIT.split(text)
            offsets = list(accumulate(map(len, parts)))
            words, starts, ends = parts[1::2], offsets[0:-1:2], offsets[1::2]
            toks = list(zip(starts, ends))
            return toks, self.lr_fast(text, toks, (starts, ends, words))
        if bounds is None:
            from analysis.corpus.sentences import split_sentences

            bounds = split_sentences(text)
        toks, feats = features if features is not None else token_features(text, data_dir=self.data_dir)
        if not toks:
            return toks, np.zeros(0)
        p = np.zeros(len(toks))
        if self.w_crf > 0:
            p += self.w_crf * self.crf_marginals(feats, _sequences(toks, bounds))
        if self.w_crf < 1:
            p += (1 - self.w_crf) * self.lr_probabilities(feats)
        return toks, p

    def decode(self, toks, p, hi: float | None = None, lo: float | None = None) -> list[tuple[int, int, float]]:
        hi = self.hi if hi is None else hi
        lo = self.lo if lo is None else lo
        return [(toks[i][0], toks[j - 1][1], float(p[i:j].max())) for i, j in _decode(p, hi, lo)]

    def spans(self, text: str, bounds=None) -> list[tuple[int, int, float]]:
        """``(start, end, probability)`` of every predicted loaded-language span of ``text``."""
        toks, p = self.token_probabilities(text, bounds)
        return self.decode(toks, p)

    __call__ = spans


def context_model_available(directory: str | Path = MODEL_DIR) -> bool:
    """True when the model files exist and the published lists it needs can be read."""
    from analysis.validate.gold import BenchmarkUnavailable

    if not (Path(directory) / f"{MODEL_STEM}.json").is_file():
        return False
    try:
        _flaggers(None)
    except BenchmarkUnavailable:
        return False
    return True


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
        float(meta["hi"]),
        float(meta["lo"]),
        meta,
    )


# --------------------------------------------------------------------------------------------
# training data
# --------------------------------------------------------------------------------------------


@dataclass
class Corpus:
    """Tokens, features, gold labels and sentence ranges of one training corpus, per document."""

    texts: dict  # doc_id -> text
    tokens: dict  # doc_id -> [(start, end)]
    features: dict  # doc_id -> [[feature]]
    labels: dict  # doc_id -> bool array
    seqs: dict  # doc_id -> [(a, b)] token ranges of sentences
    split: dict  # doc_id -> train/dev/test

    def docs(self, split: str) -> list[str]:
        return [d for d in self.texts if self.split[d] == split]


def build_corpus(
    texts: pd.DataFrame, gold: pd.DataFrame, split_of: dict, data_dir=None, sentences: bool = True
) -> Corpus:
    """:class:`Corpus` of ``texts`` (doc_id, text) with gold spans (doc_id, start, end)."""
    from analysis.corpus.sentences import split_sentences
    from analysis.validate.learn_loaded import token_labels

    spans: dict = {}
    for d, a, b in zip(gold["doc_id"].astype(str), gold["start"], gold["end"]):
        spans.setdefault(d, []).append((int(a), int(b)))
    c = Corpus({}, {}, {}, {}, {}, {})
    for d, t in zip(texts["doc_id"].astype(str), texts["text"]):
        toks, y = token_labels(t, spans.get(d, []))
        _, feats = token_features(t, toks, data_dir)
        c.texts[d], c.tokens[d], c.features[d], c.labels[d] = t, toks, feats, y
        c.seqs[d] = _sequences(toks, split_sentences(t) if sentences else None)
        c.split[d] = split_of[d]
    return c


def load_training_data(data_dir=None) -> dict:
    """PTC train articles and BABE SG2 sentences as :class:`Corpus` objects, with their splits, plus
    the BABE sentence labels: ``{"ptc": Corpus, "babe": Corpus, "babe_frame": DataFrame}``."""
    from analysis.validate.gold import babe_word_spans, load_babe, load_ptc

    articles, gold = load_ptc("train", data_dir=data_dir)
    ptc = build_corpus(articles, gold, {str(d): doc_split(str(d)) for d in articles["doc_id"]}, data_dir)
    babe = load_babe(data_dir=data_dir).reset_index(drop=True)
    texts = pd.DataFrame({"doc_id": babe.index.astype(str), "text": babe["text"].astype(str)})
    groups = babe["news_link"].fillna(pd.Series(texts["doc_id"], index=babe.index)).astype(str)
    split_of = {d: doc_split(g) for d, g in zip(texts["doc_id"], groups)}
    bc = build_corpus(texts, babe_word_spans(babe), split_of, data_dir, sentences=False)
    babe = babe.assign(doc_id=texts["doc_id"], group=groups, split=[split_of[d] for d in texts["doc_id"]])
    return {"ptc": ptc, "babe": bc, "babe_frame": babe, "ptc_articles": articles, "ptc_gold": gold}


# --------------------------------------------------------------------------------------------
# training
# --------------------------------------------------------------------------------------------

CRF_PARAMS = {"c1": 0.05, "c2": 0.01, "max_iterations": 80, "feature.possible_transitions": True, "feature.minfreq": 2}
LR_PARAMS = {"alpha": 3e-6, "epochs": 15, "min_count": 2, "prune": 1e-4}


def fit_crf(corpora: list[tuple[Corpus, list[str]]], path: Path, params: dict = CRF_PARAMS) -> None:
    """Train the CRF on the given documents of each corpus and write it to ``path``."""
    import pycrfsuite

    tr = pycrfsuite.Trainer(verbose=False)
    for c, docs in corpora:
        for d in docs:
            y = c.labels[d]
            f = c.features[d]
            for a, b in c.seqs[d]:
                tr.append(f[a:b], ["1" if v else "0" for v in y[a:b]])
    tr.set_params(params)
    tr.train(str(path))


def fit_lr(
    corpora: list[tuple[Corpus, list[str]]], params: dict = LR_PARAMS, seed: int = config.RANDOM_SEED
) -> tuple[dict, float]:
    """Logistic regression weights (feature -> weight, pruned) and intercept."""
    import scipy.sparse as sp
    from sklearn.linear_model import SGDClassifier

    vocab: dict = {}
    indices, indptr, ys = [], [0], []
    for c, docs in corpora:
        for d in docs:
            for fs in c.features[d]:
                for f in dict.fromkeys(fs):
                    indices.append(vocab.setdefault(f, len(vocab)))
                indptr.append(len(indices))
            ys.append(c.labels[d])
    X = sp.csr_matrix(
        (np.ones(len(indices)), np.asarray(indices), np.asarray(indptr)), shape=(len(indptr) - 1, len(vocab))
    )
    Y = np.concatenate(ys)
    counts = np.asarray(X.sum(axis=0)).ravel()
    keep = np.flatnonzero(counts >= params["min_count"])
    names = np.asarray(list(vocab), dtype=object)[keep]
    order = np.argsort(names, kind="stable")  # sorted columns: deterministic
    keep, names = keep[order], names[order]
    clf = SGDClassifier(
        loss="log_loss",
        alpha=params["alpha"],
        max_iter=params["epochs"],
        tol=None,
        average=True,
        random_state=seed,
        shuffle=True,
    )
    clf.fit(X[:, keep], Y)
    coef = clf.coef_.ravel()
    return ({str(n): float(w) for n, w in zip(names, coef) if abs(w) >= params["prune"]}, float(clf.intercept_[0]))
