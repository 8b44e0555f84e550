"""The attribution CRF scored with array lookups and a batched forward-backward pass.

:func:`fast_marginals` gives the per-token marginal probabilities that CRFsuite computes for the
stored tagger (:class:`analysis.measures.attribution_tagger.AttributionTagger`) over the feature
strings of :func:`analysis.measures.attribution_tagger.token_features`, without building a feature
string per token. A linear-chain CRF scores a token's label as the sum of the weights of its
active attributes (Lafferty, McCallum & Pereira 2001; CRFsuite, Okazaki 2007). Every attribute of
that feature set is a function of one *column* of one token (its surface form, the punctuation
before it, quotation state, cue- and source-lexicon tag, the rules' label) seen from one offset
(-2 .. +2), of the token's place in its sentence, or of a word pair. So the weights are folded,
once per distinct value, into tables of shape (values, 5 offsets, labels); a document is a few
dict lookups per token and numpy gathers. Marginals come from the scaled forward-backward
recursion (Rabiner 1989), run for all sentences of a document at once: sentences sorted by
length, so step ``t`` works on the sentences longer than ``t`` only.

The weights are read from the stored model itself (``pycrfsuite.Tagger.info()``), so the two
cannot drift apart; a test checks the marginals against CRFsuite's to 1e-5.
"""

from __future__ import annotations

import numpy as np

from analysis.corpus.text import WORD_RE

__all__ = ["CompiledTagger", "compiled_tagger", "fast_marginals", "DocumentArrays"]

#: Window offsets of the context features, and their slot in a (values, 5, labels) table.
OFFSETS = (-2, -1, 0, 1, 2)
_SLOT = {d: i for i, d in enumerate(OFFSETS)}
#: Distinct surface forms remembered before the form table is rebuilt (bounds memory).
VOCAB_MAX = 300_000


def _attr_vector(weights: dict, attrs, width: int) -> np.ndarray:
    out = np.zeros(width)
    for a in attrs:
        w = weights.get(a)
        if w is not None:
            out += w
    return out


class _Column:
    """A categorical token column: value -> row of a (values, 5, labels) table holding, per offset
    ``d``, the summed weights of the attributes the value gives a token seen from ``d`` (slot of
    offset 0: the token's own attributes). ``attrs(value, d)`` lists those attribute strings."""

    def __init__(self, weights: dict, width: int, attrs):
        self.weights, self.width, self.attrs = weights, width, attrs
        self.index: dict = {}
        self.table = np.zeros((64, len(OFFSETS), width))

    def code(self, value) -> int:
        k = self.index.get(value)
        if k is None:
            k = self.index[value] = len(self.index)
            if k >= len(self.table):
                grown = np.zeros((2 * len(self.table), len(OFFSETS), self.width))
                grown[: len(self.table)] = self.table
                self.table = grown
            for d in OFFSETS:
                self.table[k, _SLOT[d]] = _attr_vector(self.weights, self.attrs(value, d), self.width)
        return k

    def rows(self, values) -> np.ndarray:
        """The table rows of ``values`` (n x 5 x labels)."""
        get = self.index.get
        out = [get(v) for v in values]
        if None in out:
            out = [self.code(v) if c is None else c for v, c in zip(values, out)]
        return self.table[np.asarray(out, dtype=np.intp)]


def _window(d: int, attr: str) -> str:
    return attr if d == 0 else f"{d:+d}:{attr}"


class CompiledTagger:
    """The weights of an :class:`analysis.measures.attribution_tagger.AttributionTagger` as lookup
    tables (see the module docstring). ``labels``: the label names in table order; ``trans``: the
    transition weights ``trans[a, b]`` (label a followed by label b)."""

    def __init__(self, tagger):
        from analysis.measures.attribution_tagger import _CLOSED, _norm, _phrase_table, _shape

        info = tagger._tagger.info()
        order = sorted(info.labels, key=lambda lab: int(info.labels[lab]))
        self.labels = order
        self.rules = tagger.rules
        self.thresholds = dict(tagger.thresholds)
        li = {lab: i for i, lab in enumerate(order)}
        n = len(order)
        weights: dict[str, np.ndarray] = {}
        for (attr, lab), w in info.state_features.items():
            weights.setdefault(attr, np.zeros(n))[li[lab]] = w
        self.trans = np.zeros((n, n))
        for (a, b), w in info.transitions.items():
            self.trans[li[a], li[b]] = w
        self.exp_trans = np.exp(self.trans)
        self.n_labels = n
        self.part_index = {
            p: [li[f"B-{p}"], li[f"I-{p}"]] for p in ("Cue", "Source", "Content") if f"B-{p}" in li and f"I-{p}" in li
        }
        self._norm, self._closed, self._shape = _norm, _CLOSED, _shape
        vec = lambda attrs: _attr_vector(weights, attrs, n)  # noqa: E731
        self.bias = vec(["bias"])
        self.pos = np.array([vec([f"pos={k}"]) for k in range(7)])
        self.toend = np.array([vec([f"toend={k}"]) for k in range(4)])
        self.sq = np.array([vec([f"sq={k}"]) for k in range(2)])
        self.scue = np.array([vec([f"scue={k}"]) for k in range(2)])
        self.pad = {d: vec([f"{d:+d}:pad"]) for d in OFFSETS if d}
        self.weights = weights
        self._form_families(weights, n)

        def gap_attrs(g, d):
            out = [_window(d, f"gap={g}")]
            if d == 1:
                out.append(f"gap+1={g}")
            return out

        def tag_attrs(kind, sub):
            def attrs(v, d):
                if not v:
                    return []
                if d == 0:
                    return [f"{kind}={v}", f"{sub}={v[2:]}"]
                return [_window(d, f"{kind}={v[2:]}")]

            return attrs

        self.gap = _Column(weights, n, gap_attrs)
        self.inq = _Column(weights, n, lambda q, d: [_window(d, f"inq={q}")])
        self.cue = _Column(weights, n, tag_attrs("cue", "cuesub"))
        self.src = _Column(weights, n, tag_attrs("src", "srccat"))
        self.rule = _Column(weights, n, lambda r, d: [_window(d, f"rule={r}")] if r else [])
        # word pairs: "w-1|w=a|b" and "w|w+1=a|b" as sorted codes id(a) * m + id(b)
        ids: dict[str, int] = {}
        pairs = {"w-1|w=": {}, "w|w+1=": {}}
        for attr, w in weights.items():
            for pre, dct in pairs.items():
                if attr.startswith(pre):
                    a, _, b = attr[len(pre) :].partition("|")
                    dct[(ids.setdefault(a, len(ids)), ids.setdefault(b, len(ids)))] = w
        self.pair_ids, self.m = ids, max(1, len(ids))
        self.pairs = {}
        for pre, dct in pairs.items():
            codes = np.fromiter((a * self.m + b for a, b in dct), dtype=np.int64, count=len(dct))
            vals = np.array(list(dct.values())).reshape(len(dct), n)
            o = np.argsort(codes)
            self.pairs[pre] = (codes[o], vals[o])
        self.cue_first = _phrase_table("cue")
        self.src_first = _phrase_table("source")
        self._reset_forms()

    # -- surface forms -------------------------------------------------------------------------

    def _reset_forms(self) -> None:
        self.form_index: dict[str, int] = {}
        self.form_table = np.zeros((4096, len(OFFSETS), self.n_labels))
        self.form_low: list[str] = []
        self.form_pair = np.full(4096, -1, dtype=np.int64)

    def _form_families(self, weights: dict, n: int) -> None:
        """The surface-form attributes (:func:`analysis.measures.attribution_tagger.token_features`:
        the lower-cased word at every offset; shape, 2-3 character prefixes and suffixes at offset
        0; closed-class group and capitalisation at every offset) as tables indexed by the raw
        value, so a new form is a few dict lookups and one gather: ``word`` (words x 5 offsets x
        labels, a last row of zeros for words the model never saw), ``sub`` (per offset-0 family,
        value -> row; zeros last) and ``group`` (closed class, capitalised, all capitals -> 5 x
        labels)."""
        zero = np.zeros(n)
        words: dict[str, np.ndarray] = {}
        self.sub_index: dict[str, dict] = {f: {} for f in ("shape", "p2", "p3", "s2", "s3")}
        sub_rows: dict[str, list] = {f: [] for f in self.sub_index}
        for attr, w in weights.items():
            d, _, body = attr.partition(":") if attr[:1] in "+-" and ":" in attr else ("+0", "", attr)
            fam, eq, val = body.partition("=")
            if not eq:
                continue
            if fam == "w":
                words.setdefault(val, np.zeros((len(OFFSETS), n)))[_SLOT[int(d)]] += w
            elif fam in self.sub_index and d == "+0":
                self.sub_index[fam][val] = len(sub_rows[fam])
                sub_rows[fam].append(w)
        self.word_index = {v: i for i, v in enumerate(words)}
        self.word_table = np.concatenate(
            [np.array(list(words.values())).reshape(-1, len(OFFSETS), n), np.zeros((1, len(OFFSETS), n))]
        )
        self.sub_table = {f: np.vstack(rows + [zero]) for f, rows in sub_rows.items()}
        groups = sorted(set(self._closed.values()) | {"open"})
        self.group_index: dict[tuple, int] = {}
        table = []
        for cls in groups:
            for cap in (False, True):
                for allcaps in (False, True):
                    block = np.zeros((len(OFFSETS), n))
                    for d in OFFSETS:
                        if d == 0:
                            attrs = [f"cls={cls}"] + (["cap"] if cap else []) + (["allcaps"] if allcaps else [])
                        else:
                            attrs = [_window(d, f"cls={cls}"), _window(d, f"cap={int(cap)}")]
                        block[_SLOT[d]] = _attr_vector(weights, attrs, n)
                    self.group_index[(cls, cap, allcaps)] = len(table)
                    table.append(block)
        self.group_table = np.array(table)

    def form_codes(self, words: list[str]) -> np.ndarray:
        if len(self.form_index) > VOCAB_MAX:
            self._reset_forms()
        index = self.form_index
        new = [w for w in dict.fromkeys(words) if w not in index]
        if new:
            k = len(index)
            size = k + len(new)
            if size > len(self.form_table):
                cap = 2 * size
                t = np.zeros((cap, len(OFFSETS), self.n_labels))
                t[:k] = self.form_table[:k]
                p = np.full(cap, -1, dtype=np.int64)
                p[:k] = self.form_pair[:k]
                self.form_table, self.form_pair = t, p
            low = [self._norm(w) for w in new]
            unseen, closed, shape = len(self.word_index), self._closed, self._shape
            iw = [self.word_index.get(lw, unseen) for lw in low]
            ig = [
                self.group_index[(closed.get(lw, "open"), w[:1].isupper(), w.isupper() and len(w) > 1)]
                for w, lw in zip(new, low)
            ]
            rows = self.word_table[iw] + self.group_table[ig]
            for fam, values in (
                ("shape", [shape(w) for w in new]),
                ("p2", [lw[:2] for lw in low]),
                ("p3", [lw[:3] for lw in low]),
                ("s2", [lw[-2:] for lw in low]),
                ("s3", [lw[-3:] for lw in low]),
            ):
                idx, miss = self.sub_index[fam], len(self.sub_index[fam])
                rows[:, _SLOT[0]] += self.sub_table[fam][[idx.get(v, miss) for v in values]]
            self.form_table[k:size] = rows
            index.update(zip(new, range(k, size)))
            self.form_low.extend(low)
            self.form_pair[k:size] = [self.pair_ids.get(lw, -1) for lw in low]
        return np.fromiter(map(index.__getitem__, words), dtype=np.intp, count=len(words))


def compiled_tagger(tagger) -> CompiledTagger:
    """The :class:`CompiledTagger` of a loaded tagger, built once and kept on it."""
    c = tagger.__dict__.get("_compiled")
    if c is None:
        c = tagger.__dict__["_compiled"] = CompiledTagger(tagger)
    return c


class DocumentArrays:
    """Word tokens of a document as arrays: ``starts``, ``ends``, ``words`` (surface forms),
    ``sent`` (sentence index of each token: the last sentence starting at or before it, as
    :func:`analysis.measures.attribution_tagger.document_tokens` assigns them) and the sentences'
    token ranges ``first``/``last`` (end exclusive; empty sentences have first == last)."""

    def __init__(self, text: str, bounds: list[tuple[int, int]]):
        self.text = text
        toks = [(m.start(), m.end(), m.group()) for m in WORD_RE.finditer(text)]
        self.words = [t[2] for t in toks]
        self.starts = np.fromiter((t[0] for t in toks), dtype=np.int64, count=len(toks))
        self.ends = np.fromiter((t[1] for t in toks), dtype=np.int64, count=len(toks))
        if not bounds:
            bounds = [(0, len(text))]
        self.bounds = bounds
        bs = np.fromiter((a for a, _ in bounds), dtype=np.int64, count=len(bounds))
        self.sent = np.maximum(np.searchsorted(bs, self.starts, side="right") - 1, 0)
        self.first = np.searchsorted(self.sent, np.arange(len(bounds)), side="left")
        self.last = np.searchsorted(self.sent, np.arange(len(bounds)), side="right")

    def breaks(self) -> np.ndarray:
        """True at the first token of each sentence."""
        out = np.zeros(len(self.starts), dtype=bool)
        out[self.first[self.first < self.last]] = True
        return out

    def gaps(self) -> list[str]:
        """The text between each token and the one before it (the document start for the first)."""
        text, s, e = self.text, self.starts.tolist(), self.ends.tolist()
        return [text[a:b] for a, b in zip([0, *e[:-1]], s)]

    def covered(self, intervals) -> tuple[np.ndarray, np.ndarray]:
        """Per token: inside some ``(start, end)`` interval, and the first token inside one (as
        :func:`analysis.measures.attribution_tagger.covered_tokens`)."""
        n = len(self.starts)
        inside = np.zeros(n, dtype=bool)
        begins = np.zeros(n, dtype=bool)
        iv = np.array([(a, b) for a, b in intervals if b > a], dtype=np.int64).reshape(-1, 2)
        if not len(iv) or not n:
            return inside, begins
        lo = np.searchsorted(self.ends, iv[:, 0], side="right")
        hi = np.searchsorted(self.starts, iv[:, 1], side="left")
        ok = lo < hi
        lo, hi = lo[ok], hi[ok]
        diff = np.zeros(n + 1, dtype=np.int64)
        np.add.at(diff, lo, 1)
        np.add.at(diff, hi, -1)
        inside = np.cumsum(diff[:n]) > 0
        begins[lo] = True
        return inside, begins


def _gap_value(s: str, cache: dict) -> str:
    g = cache.get(s)
    if g is None:
        from analysis.measures.attribution_tagger import _gap

        g = cache[s] = _gap(s)
    return g


def _lexicon_tags(low: list[str], table: dict) -> list[str]:
    """As :func:`analysis.measures.attribution_tagger._lexicon_tags`, visiting only the tokens that
    start some entry."""
    tags = [""] * len(low)
    nxt = 0
    for i in [i for i, w in enumerate(low) if w in table]:
        if i < nxt:
            continue
        for entry, tag in table[low[i]]:
            n = len(entry)
            if tuple(low[i : i + n]) == entry:
                tags[i] = "B:" + tag
                for k in range(i + 1, i + n):
                    tags[k] = "I:" + tag
                nxt = i + n
                break
    return tags


_PARTS3 = ("Cue", "Source", "Content")


def _rule_values(flags: dict) -> list[str]:
    """The ``rule=`` value of each token from per-part (inside, begins) flags."""
    code = np.zeros(len(flags["Cue"][0]), dtype=np.int64)
    for k, p in enumerate(_PARTS3):
        inside, begins = flags[p]
        code += (inside.astype(np.int64) + (inside & begins)) * (3**k)
    names = {}
    for c in np.unique(code).tolist():
        parts = []
        for k, p in enumerate(_PARTS3):
            v = (c // 3**k) % 3
            if v:
                parts.append(("B" if v == 2 else "I") + p[:2])
        names[c] = "".join(parts) or "O"
    return [names[c] for c in code.tolist()]


def emissions(ct: CompiledTagger, doc: DocumentArrays, quotes, rule_iv: dict | None, cache: dict) -> np.ndarray:
    """Per token, the summed state weights of every label (n tokens x labels)."""
    n = len(doc.words)
    fid = ct.form_codes(doc.words)
    low = [ct.form_low[i] for i in fid.tolist()]
    gaps = [_gap_value(s, cache) for s in doc.gaps()]
    inq = doc.covered(quotes)[0]
    cue_tags = _lexicon_tags(low, ct.cue_first)
    src_tags = _lexicon_tags(low, ct.src_first)
    columns = [
        ct.form_table[fid],
        ct.gap.rows(gaps),
        ct.inq.rows(["1" if q else "0" for q in inq.tolist()]),
        ct.cue.rows(cue_tags),
        ct.src.rows(src_tags),
    ]
    if ct.rules:
        flags = {p: doc.covered(rule_iv[p]) for p in _PARTS3}
        columns.append(ct.rule.rows(_rule_values(flags)))
    per = columns[0].copy()
    for c in columns[1:]:
        per += c
    E = per[:, _SLOT[0]] + ct.bias
    sent = doc.sent
    k = np.arange(n) - doc.first[sent]
    size = (doc.last - doc.first)[sent]
    E += ct.pos[np.minimum(k, 6)] + ct.toend[np.minimum(size - 1 - k, 3)]
    has_q = np.zeros(len(doc.bounds), dtype=np.int64)
    np.maximum.at(has_q, sent, inq.astype(np.int64))
    cue_on = np.array([bool(t) and not t[2:].startswith("rej") for t in cue_tags], dtype=np.int64)
    has_cue = np.zeros(len(doc.bounds), dtype=np.int64)
    np.maximum.at(has_cue, sent, cue_on)
    E += ct.sq[has_q[sent]] + ct.scue[has_cue[sent]]
    idx = np.arange(n)
    for d in (-2, -1, 1, 2):
        j = idx + d
        ok = (j >= 0) & (j < n)
        ok[ok] = sent[j[ok]] == sent[ok]
        E[ok] += per[j[ok], _SLOT[d]]
        E[~ok] += ct.pad[d]
    # word pairs within a sentence
    pid = ct.form_pair[fid]
    if n > 1:
        same = sent[1:] == sent[:-1]
        a, b = pid[:-1], pid[1:]
        for pre, target in (("w-1|w=", slice(1, None)), ("w|w+1=", slice(None, -1))):
            codes, vals = ct.pairs[pre]
            if not len(codes):
                continue
            code = a * ct.m + b
            pos = np.minimum(np.searchsorted(codes, code), len(codes) - 1)
            hit = same & (a >= 0) & (b >= 0) & (codes[pos] == code)
            add = np.zeros((n - 1, ct.n_labels))
            add[hit] = vals[pos[hit]]
            E[target] += add
    return E


def forward_backward(ct: CompiledTagger, E: np.ndarray, first: np.ndarray, last: np.ndarray) -> np.ndarray:
    """Marginal probability of each label at each token (n x labels), every sentence
    ``[first[s], last[s])`` a separate chain, by the scaled forward-backward recursion."""
    out = np.zeros_like(E)
    lengths = last - first
    keep = np.flatnonzero(lengths > 0)
    if not len(keep):
        return out
    order = keep[np.argsort(-lengths[keep], kind="stable")]
    lens = lengths[order]
    L, S = int(lens[0]), len(order)
    # positions (S, L) into the token arrays; padded cells point at token 0 and are never read
    pos = first[order][:, None] + np.arange(L)[None, :]
    valid = np.arange(L)[None, :] < lens[:, None]
    pos = np.where(valid, pos, 0)
    e = E[pos]
    e = np.exp(e - e.max(axis=2, keepdims=True))
    active = np.searchsorted(-lens, -np.arange(1, L + 1), side="right")  # sentences longer than t
    T = ct.exp_trans
    alpha = np.zeros_like(e)
    scale = np.ones((S, L))
    a = e[:, 0]
    c = a.sum(axis=1)
    alpha[:, 0] = a / c[:, None]
    scale[:, 0] = c
    for t in range(1, L):
        k = active[t]
        a = (alpha[:k, t - 1] @ T) * e[:k, t]
        c = a.sum(axis=1)
        alpha[:k, t] = a / c[:, None]
        scale[:k, t] = c
    beta = np.ones_like(e)
    for t in range(L - 2, -1, -1):
        k = active[t + 1]
        beta[:k, t] = ((e[:k, t + 1] * beta[:k, t + 1]) @ T.T) / scale[:k, t + 1][:, None]
    marg = (alpha * beta)[valid]
    out[pos[valid]] = marg / marg.sum(axis=1, keepdims=True)
    return out


def fast_marginals(tagger, text: str, bounds: list[tuple[int, int]], rule_intervals: dict | None, quotes=None):
    """``(DocumentArrays, marginals, CompiledTagger)`` of ``text``: per token, the marginal
    probability of each label of the tagger (columns in :attr:`CompiledTagger.labels` order).
    ``rule_intervals``: part -> the rules' ``(start, end)`` intervals for the same bounds (read by a
    tagger with rule features; :func:`analysis.measures.attribution_tagger.rule_intervals`);
    ``quotes``: the inner regions of the double quotations, when at hand."""
    ct = compiled_tagger(tagger)
    doc = DocumentArrays(text, bounds)
    if not len(doc.words):
        return doc, np.zeros((0, ct.n_labels)), ct
    if quotes is None:
        from analysis.measures.quotes import quotation_tuples

        quotes = [(q.inner_start, q.inner_end) for q in quotation_tuples(text) if q.mark != "single"]
    cache = tagger.__dict__.setdefault("_gap_cache", {})
    E = emissions(ct, doc, quotes, rule_intervals if ct.rules else None, cache)
    return doc, forward_backward(ct, E, doc.first, doc.last), ct
