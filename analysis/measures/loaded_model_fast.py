"""The logistic-regression half of the loaded-language context model scored with array lookups.

:func:`lr_fast` gives exactly the numbers of
:meth:`analysis.measures.loaded_model.ContextModel.lr_probabilities` over
:func:`analysis.measures.loaded_model.token_features`, without building any feature string per
token: every distinct surface form (a token as written) gets one row of a table, holding its own
and window weights, published-list flags, shape (capitalised, all upper case) and bigram word id,
computed once. A document is then one dict lookup per token (in C, by ``map``) and numpy
indexing; bigram weights are found by binary search over the sorted codes
``id(first word) * n + id(second word)`` of the weighted pairs. Every weight is added in the order
the per-token version added it, so the sums are bitwise the same.
"""

from __future__ import annotations

import numpy as np

#: Distinct surface forms remembered per model before the table is rebuilt (bounds memory).
VOCAB_MAX = 300_000
_OFFSETS = (-3, -2, -1, 1, 2, 3)


class _Bigrams:
    """The ``b-1=p_w`` and ``b+1=w_q`` weights as sorted pair codes. A key is split at every "_" (each
    split is a pair spelling that key; a later key spelling the same pair wins, as in a dict)."""

    def __init__(self, weights: dict):
        left: dict = {}
        right: dict = {}
        for key, weight in weights.items():
            if key.startswith(("b-1=", "b+1=")):
                pair = key[4:]
                at = pair.find("_")
                while at >= 0:
                    (left if key[1] == "-" else right)[(pair[:at], pair[at + 1 :])] = weight
                    at = pair.find("_", at + 1)
        self.ids: dict[str, int] = {}
        for a, b in [*left, *right]:
            self.ids.setdefault(a, len(self.ids))
            self.ids.setdefault(b, len(self.ids))
        self.n = max(1, len(self.ids))
        self.left = self._table(left)
        self.right = self._table(right)

    def _table(self, pairs: dict) -> tuple[np.ndarray, np.ndarray]:
        ids, n = self.ids, self.n
        codes = np.fromiter((ids[a] * n + ids[b] for a, b in pairs), dtype=np.int64, count=len(pairs))
        weights = np.fromiter(pairs.values(), dtype=float, count=len(pairs))
        order = np.argsort(codes, kind="stable")
        return codes[order], weights[order]

    def weights(self, table, first: np.ndarray, second: np.ndarray) -> np.ndarray:
        """The weight of each (first, second) id pair, 0.0 where there is none (an id of -1: a
        word in no weighted pair)."""
        codes, weights = table
        out = np.zeros(len(first))
        if not len(codes):
            return out
        code = first * self.n + second
        pos = np.minimum(np.searchsorted(codes, code), len(codes) - 1)
        hit = (first >= 0) & (second >= 0) & (codes[pos] == code)
        out[hit] = weights[pos[hit]]
        return out


class _Vocab:
    """Per surface form: the row of ``table`` (own weight, weights seen at offsets -2, -1, +1, +2,
    1.0/0.0 per published list), ``caps`` (capitalised, upper case) and ``bigram`` (id or -1);
    ``low``: the first ``width`` values and the bigram id per lower-cased form (shared by its
    spellings: "The", "the", "THE")."""

    def __init__(self, width: int):
        self.width = width
        self.index: dict[str, int] = {}
        self.low: dict[str, tuple] = {}
        self.table = np.zeros((4096, width))
        self.caps = np.zeros((4096, 2), dtype=bool)
        self.bigram = np.full(4096, -1, dtype=np.int64)

    def grow(self, size: int) -> None:
        if size <= len(self.table):
            return
        cap = 2 * size
        table = np.zeros((cap, self.table.shape[1]))
        table[: len(self.table)] = self.table
        caps = np.zeros((cap, 2), dtype=bool)
        caps[: len(self.caps)] = self.caps
        bigram = np.full(cap, -1, dtype=np.int64)
        bigram[: len(self.bigram)] = self.bigram
        self.table, self.caps, self.bigram = table, caps, bigram


def _state(model, fl):
    state = model.__dict__.get("_fast_state")
    if state is None:
        state = model.__dict__["_fast_state"] = [_Bigrams(model.lr_weights), None]
    if state[1] is None or len(state[1].index) > VOCAB_MAX:
        state[1] = _Vocab(5 + len(fl.lists))
    return state


def _low_row(g, lists, bids, w: str) -> tuple:
    own = g("w=" + w, 0.0) + g("s3=" + w[-3:], 0.0) + g("s4=" + w[-4:], 0.0) + g("p4=" + w[:4], 0.0)
    if w[:1].isdigit():
        own += g("num", 0.0)
    return (
        own,
        g("w-2=" + w, 0.0),
        g("w-1=" + w, 0.0),
        g("w+1=" + w, 0.0),
        g("w+2=" + w, 0.0),
        *(float(w in lst) for lst in lists),
        bids.get(w, -1),
    )


def _add_forms(model, fl, vocab: _Vocab, bigrams: _Bigrams, forms) -> None:
    """Rows for surface forms not yet in ``vocab`` (each lower-cased form computed once)."""
    g, lists, bids, low = model.lr_weights.get, list(fl.lists.values()), bigrams.ids, vocab.low
    forms = list(forms)
    lows = [o.lower().replace("’", "'") for o in forms]
    rows = [low.get(w) or low.setdefault(w, _low_row(g, lists, bids, w)) for w in lows]
    k, m = len(vocab.index), len(forms)
    vocab.grow(k + m)
    vocab.index.update(zip(forms, range(k, k + m)))
    vocab.table[k : k + m] = [r[:-1] for r in rows]
    vocab.bigram[k : k + m] = [r[-1] for r in rows]
    vocab.caps[k : k + m] = [(o[:1].isupper(), len(w) > 1 and o.isupper()) for o, w in zip(forms, lows)]


def _before(text: str, pattern):
    """``f(k)``: the number of matches of the one-character ``pattern`` in ``text[:k]``, for an
    array of offsets ``k`` (what :func:`analysis.measures.loaded_model._char_counts` tabulates for
    every offset, found by binary search over the few match positions)."""
    pos = np.fromiter((m.start() for m in pattern.finditer(text)), dtype=np.int64)
    return lambda k: np.searchsorted(pos, k, side="left")


def lr_fast(model, text: str, toks: list[tuple[int, int]]) -> np.ndarray:
    """LR probability of every token of ``toks`` (see module docstring)."""
    from analysis.measures.loaded_features import token_edges

    if not len(toks):
        return np.zeros(0)
    starts, ends = token_edges(toks)
    words = [text[a:b] for a, b in toks]
    return _lr_core(model, text, starts, ends, words, np.zeros(1, dtype=np.int64), _flag_spans(model, text))


#: What :func:`lr_fast_many` puts between documents: newlines only, longer than the widest character
#: window of a feature (3), so no quotation mark, exclamation mark or word is seen across it, and
#: a document's first token is after a newline as at the start of a text.
_DOC_GAP = "\n" * 4


def lr_fast_many(model, texts: list[str], tokens: list | None = None) -> list[tuple[list, np.ndarray]]:
    """``(tokens, probabilities)`` of each text, as :meth:`analysis.measures.loaded_model.
    ContextModel.token_probabilities` gives them for a model without a CRF part (tokens of
    :data:`analysis.corpus.text.WORD_RE`), bitwise: the texts are scored in one array pass (a call
    per document costs about a third more on news-length texts), every window feature, bigram and
    flag kept inside its own document (the edge weights a lone text gets at its ends). ``tokens``:
    each text's ``(words, starts, ends)`` (lists; the :data:`~analysis.corpus.text.WORD_RE` tokens),
    when a caller split them already."""
    from itertools import accumulate

    from analysis.measures.loaded_features import WORD_SPLIT

    words: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    firsts: list[int] = []
    toks: list[list] = []
    flags: dict[str, list] = {"lex": [], "boo": []}
    base = 0
    for i, text in enumerate(texts):
        if tokens is None:
            parts = WORD_SPLIT.split(text)
            offsets = list(accumulate(map(len, parts)))
            w, a, b = parts[1::2], offsets[0:-1:2], offsets[1::2]
        else:
            w, a, b = tokens[i]
        toks.append(list(zip(a, b)))
        if w:
            firsts.append(len(words))
            words += w
            starts += [base + x for x in a]
            ends += [base + x for x in b]
            for name, spans in _flag_spans(model, text).items():
                flags[name] += [(base + s, base + e) for s, e in spans]
        base += len(text) + len(_DOC_GAP)
    if not words:
        return [(t, np.zeros(0)) for t in toks]
    p = _lr_core(
        model,
        _DOC_GAP.join(texts),
        np.array(starts, dtype=np.int64),
        np.array(ends, dtype=np.int64),
        words,
        np.array(firsts, dtype=np.int64),
        flags,
    )
    out, k = [], 0
    for t in toks:
        out.append((t, p[k : k + len(t)]))
        k += len(t)
    return out


def _flag_spans(model, text: str) -> dict[str, list[tuple[int, int]]]:
    """The lexicon and booster matches of ``text``: the ``lex`` and ``boo`` flags of
    :func:`analysis.measures.loaded_features._token_flags`, as (start, end) per flag name."""
    from analysis.measures.loaded_features import flaggers

    fl = flaggers(model.data_dir)
    return {"lex": [m[:2] for m in fl.loaded.finditer(text)], "boo": [m[:2] for m in fl.boosters.finditer(text)]}


def _lr_core(model, text: str, starts: np.ndarray, ends: np.ndarray, words: list[str], firsts: np.ndarray, found: dict):
    """LR probabilities of tokens (``starts``, ``ends``, ``words``) of one or more documents laid
    out in ``text``; ``firsts``: the index of each document's first token (ascending, the first 0);
    ``found``: the lexicon/booster matches (see :func:`_flag_spans`). No window, bigram or flag
    reaches across a document's edge."""
    from analysis.measures.loaded_features import EXCL_RE, NEWLINE_RE, OFFSET_NAMES, QUOTE_RE, flag_array, flaggers

    n = len(words)
    g = model.lr_weights.get
    edges = starts, ends
    toks = range(n)  # flag_array reads only len(toks) when the edges are given
    fl = flaggers(model.data_dir)
    bigrams, vocab = _state(model, fl)
    new = set(words).difference(vocab.index)
    if new:
        _add_forms(model, fl, vocab, bigrams, new)
    rows = np.fromiter(map(vocab.index.__getitem__, words), dtype=np.intp, count=n)
    P = vocab.table[rows]  # per token: own weight, w-2/w-1/w+1/w+2 weights, list flags
    flags = {
        "lex": flag_array(toks, len(text), found["lex"], edges),
        "boo": flag_array(toks, len(text), found["boo"], edges),
    }
    for j, name in enumerate(fl.lists):  # the order of _token_flags
        flags[name] = P[:, 5 + j] > 0
    doc = np.zeros(n, dtype=np.int64)
    doc[firsts[1:]] = 1
    doc = np.cumsum(doc)
    z = model.lr_intercept + P[:, 0]
    pad = {d: g(f"w{d:+d}=<pad>", 0.0) for d in (-2, -1, 1, 2)}
    for d, col in ((-2, 1), (-1, 2), (1, 3), (2, 4)):
        shifted = np.full(n, pad[d])
        if d < 0:
            same = doc[-d:] == doc[: n + d]
            shifted[-d:] = np.where(same, P[: n + d, col], pad[d])
        else:
            same = doc[: n - d] == doc[d:]
            shifted[: n - d] = np.where(same, P[d:, col], pad[d])
        z += shifted
    for k, v in flags.items():
        idx = np.flatnonzero(v)
        if not len(idx):
            continue
        z[idx] += g(k, 0.0)
        for d in _OFFSETS:
            wd = g(OFFSET_NAMES[k][d], 0.0)
            if wd:
                i = idx - d
                ok = (i >= 0) & (i < n)
                i, src = i[ok], idx[ok]
                z[i[doc[i] == doc[src]]] += wd
    cap, upper, qo, qc, ex, first = (g(x, 0.0) for x in ("cap", "upper", "qopen", "qclose", "excl", "first"))
    # the per-token features as arrays, added in the order token_features lists them (so the
    # sums are bitwise those of lr_probabilities; adding 0.0 where a feature is off is exact)
    bid = vocab.bigram[rows]
    prev = np.empty(n, dtype=np.int64)
    prev[1:] = bid[:-1]
    prev[firsts] = bigrams.ids.get("<s>", -1)
    nxt = np.empty(n, dtype=np.int64)
    nxt[:-1] = bid[1:]
    nxt[np.append(firsts[1:] - 1, n - 1)] = bigrams.ids.get("</s>", -1)
    zi = bigrams.weights(bigrams.left, prev, bid)
    zi += bigrams.weights(bigrams.right, bid, nxt)
    caps = vocab.caps[rows]
    zi += np.where(caps[:, 0], cap, 0.0)
    zi += np.where(caps[:, 1], upper, 0.0)
    L = len(text)
    if qo or qc:
        qcum = _before(text, QUOTE_RE)
        zi += np.where(qcum(starts) - qcum(np.maximum(starts - 2, 0)) > 0, qo, 0.0)
        zi += np.where(qcum(np.minimum(ends + 2, L)) - qcum(ends) > 0, qc, 0.0)
    if ex:
        ecum = _before(text, EXCL_RE)
        zi += np.where(ecum(np.minimum(ends + 3, L)) - ecum(ends) > 0, ex, 0.0)
    if first:
        ncum = _before(text, NEWLINE_RE)
        is_first = np.ones(n, dtype=bool)
        is_first[1:] = ncum(starts[1:]) - ncum(ends[:-1]) > 0
        zi += np.where(is_first, first, 0.0)
    z += zi
    return 1.0 / (1.0 + np.exp(-z))
