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

import re

import numpy as np

from analysis.corpus.text import WORD_RE

__all__ = [
    "CompiledTagger",
    "compiled_tagger",
    "fast_marginals",
    "tagger_emissions",
    "forward_backward",
    "DocumentArrays",
]

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
    """A categorical token column: value -> row (:meth:`code`) of a (values, 5, labels) table
    holding, per offset ``d``, the summed weights of the attributes the value gives a token seen
    from ``d`` (slot of offset 0: the token's own attributes). ``attrs(value, d)`` lists those
    attribute strings."""

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
        # codes of the columns whose values are known up front; position and sentence features
        # as one table each (pos[k] + toend[j], sq[q] + scue[c]: the sums the feature set adds)
        self.inq_codes = np.array([self.inq.code("0"), self.inq.code("1")], dtype=np.intp)
        self.rule_codes = np.array([self.rule.code(_rule_name(c)) for c in range(3 ** len(_PARTS3))], dtype=np.intp)
        self.no_tag = (self.cue.code(""), self.src.code(""))
        self.tag_codes: dict[tuple[int, str], tuple[int, int, bool]] = {}
        self.gap_codes: dict[str, int] = {}
        self.pos_toend = self.pos[:, None] + self.toend[None, :]
        self.sq_scue = self.sq[:, None] + self.scue[None, :]
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
        # the words entries begin with, numbered (the rest: len(lex_ids)), to find in a document
        # the tokens where an entry may start: a one-word entry, or the first two words of a longer one
        self.lex_ids: dict[str, int] = {}
        for table in (self.cue_first, self.src_first):
            for entries in table.values():
                for entry, _ in entries:
                    for w in entry[:2]:
                        self.lex_ids.setdefault(w, len(self.lex_ids))
        self.lexicons = {1: self._lexicon(self.cue, self.cue_first), 2: self._lexicon(self.src, self.src_first)}
        # per word id, the lexicons (bit 1 cue, 2 source) with a one-word entry of that word; the
        # sorted codes id(first) * (V + 1) + id(second) of the longer entries, with their lexicons
        v = len(self.lex_ids)
        self.lex_starts = np.zeros(v + 1, dtype=np.int8)
        pair_bits: dict[int, int] = {}
        for kind, (_, multi, single) in self.lexicons.items():
            self.lex_starts[[self.lex_ids[w] for w in single]] |= kind
            for w, seconds in multi.items():
                for x in seconds:
                    code = self.lex_ids[w] * (v + 1) + self.lex_ids[x]
                    pair_bits[code] = pair_bits.get(code, 0) | kind
        self.lex_pairs = np.array(sorted(pair_bits), dtype=np.int64)
        self.lex_pair_bits = np.array([pair_bits[c] for c in sorted(pair_bits)], dtype=np.int8)
        self._reset_forms()

    @staticmethod
    def _lexicon(col: _Column, table: dict) -> tuple:
        """``(column, multi, single)`` of a phrase table (first word -> entries, longest first):
        first word -> second word -> the entries of two or more words (in table order); first
        word -> the tag of its first one-word entry."""
        multi: dict[str, dict] = {}
        single: dict[str, str] = {}
        for w, entries in table.items():
            for entry, tag in entries:
                if len(entry) > 1:
                    multi.setdefault(w, {}).setdefault(entry[1], []).append((entry, tag))
                else:
                    single.setdefault(w, tag)
        return col, multi, single

    # -- surface forms -------------------------------------------------------------------------

    def _reset_forms(self) -> None:
        self.form_index: dict[str, int] = {}
        self.form_table = np.zeros((4096, len(OFFSETS), self.n_labels))
        self.form_low: list[str] = []
        self.form_pair = np.full(4096, -1, dtype=np.int64)
        self.form_lex = np.full(4096, len(self.lex_ids), dtype=np.int64)

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
        """The form code of each of ``words`` (row of :attr:`form_table`, :attr:`form_pair`,
        :attr:`form_lex`, index of :attr:`form_low`), adding the forms not seen before."""
        if len(self.form_index) > VOCAB_MAX:
            self._reset_forms()
        index = self.form_index
        try:
            return np.fromiter(map(index.__getitem__, words), dtype=np.intp, count=len(words))
        except KeyError:  # some form is new
            self._add_forms([w for w in dict.fromkeys(words) if w not in index])
            return np.fromiter(map(index.__getitem__, words), dtype=np.intp, count=len(words))

    def _add_forms(self, new: list[str]) -> None:
        """Rows of the forms ``new`` (distinct, not yet in :attr:`form_index`)."""
        index = self.form_index
        if new:
            k = len(index)
            size = k + len(new)
            if size > len(self.form_table):
                cap = 2 * size
                t = np.zeros((cap, len(OFFSETS), self.n_labels))
                t[:k] = self.form_table[:k]
                p = np.full(cap, -1, dtype=np.int64)
                p[:k] = self.form_pair[:k]
                f = np.full(cap, len(self.lex_ids), dtype=np.int64)
                f[:k] = self.form_lex[:k]
                self.form_table, self.form_pair, self.form_lex = t, p, f
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
            self.form_lex[k:size] = [self.lex_ids.get(lw, len(self.lex_ids)) for lw in low]


def compiled_tagger(tagger) -> CompiledTagger:
    """The :class:`CompiledTagger` of a loaded tagger, built once and kept on it."""
    c = tagger.__dict__.get("_compiled")
    if c is None:
        c = tagger.__dict__["_compiled"] = CompiledTagger(tagger)
    return c


class DocumentArrays:
    """Word tokens of a document as arrays: ``starts``, ``ends``, ``words`` (surface forms),
    ``gaps`` (the text between each token and the one before it, from the document start for the
    first), ``sent`` (sentence index of each token: the last sentence starting at or before it, as
    :func:`analysis.measures.attribution_tagger.document_tokens` assigns them) and the sentences'
    token ranges ``first``/``last`` (end exclusive; empty sentences have first == last)."""

    def __init__(self, text: str, bounds: list[tuple[int, int]]):
        self.text = text
        pairs = _WORD_GAP_RE.findall(text)
        self.words, after = (list(x) for x in zip(*pairs)) if pairs else ([], [])
        n = len(pairs)
        wlen = np.fromiter(map(len, self.words), dtype=np.int64, count=n)
        alen = np.fromiter(map(len, after), dtype=np.int64, count=n)
        head = len(text) - int(wlen.sum() + alen.sum())  # the text before the first word
        self.ends = head + np.cumsum(wlen + alen) - alen
        self.starts = self.ends - wlen
        self.gaps = [text[:head], *after[:-1]] if n else []
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

    def covered(self, *parts) -> tuple[np.ndarray, np.ndarray]:
        """Per list of ``(start, end)`` intervals in ``parts`` and per token (parts x tokens):
        inside some interval, and the first token inside one (as
        :func:`analysis.measures.attribution_tagger.covered_tokens`)."""
        n, m = len(self.starts), len(parts)
        inside = np.zeros((m, n), dtype=bool)
        begins = np.zeros((m, n), dtype=bool)
        iv = np.array([(k, a, b) for k, ivs in enumerate(parts) for a, b in ivs if b > a], dtype=np.int64)
        if not len(iv) or not n:
            return inside, begins
        lo = np.searchsorted(self.ends, iv[:, 1], side="right")
        hi = np.searchsorted(self.starts, iv[:, 2], side="left")
        ok = lo < hi
        part, lo, hi = iv[ok, 0], lo[ok], hi[ok]
        w = n + 1
        diff = np.bincount(part * w + lo, minlength=m * w) - np.bincount(part * w + hi, minlength=m * w)
        inside = np.cumsum(diff.reshape(m, w)[:, :n], axis=1) > 0
        begins[part, lo] = True
        return inside, begins


#: A word (:data:`analysis.corpus.text.WORD_RE`) and the text after it up to the next word (a word
#: starts at the first character of ``[^\W_]``): ``findall`` gives each token's surface form and
#: the gap after it in one linear pass, the matches tiling the text from the first word to the end.
_WORD_GAP_RE = re.compile("(" + WORD_RE.pattern + r")([\W_]*)", WORD_RE.flags)
#: Distinct gap strings remembered with their column code (bounds memory).
GAPS_MAX = 50_000


def _gap_codes(ct: CompiledTagger, gaps: list[str]) -> np.ndarray:
    """The gap-column code of each gap string (:func:`analysis.measures.attribution_tagger._gap`)."""
    index = ct.gap_codes
    out = list(map(index.get, gaps))
    if None in out:
        from analysis.measures.attribution_tagger import _gap

        if len(index) > GAPS_MAX:
            index.clear()
        for s in dict.fromkeys(s for s, c in zip(gaps, out) if c is None):
            index[s] = ct.gap.code(_gap(s))
        out = list(map(index.__getitem__, gaps))
    return np.array(out, dtype=np.intp)


def _entry_starts(ct: CompiledTagger, fid: np.ndarray) -> np.ndarray:
    """Per token, the lexicons (bit 1 cue, 2 source) with an entry that may start there: a
    one-word entry of its form, or a longer entry beginning with its form and the next one."""
    lid = ct.form_lex[fid]
    may = ct.lex_starts[lid]
    if len(fid) > 1 and len(ct.lex_pairs):
        code = lid[:-1] * len(ct.lex_starts) + lid[1:]
        pos = np.minimum(np.searchsorted(ct.lex_pairs, code), len(ct.lex_pairs) - 1)
        may[:-1] |= np.where(ct.lex_pairs[pos] == code, ct.lex_pair_bits[pos], 0)
    return may


def _lexicon_tags(ct: CompiledTagger, fl: list[int], cand: list[int], kind: int) -> tuple[np.ndarray, np.ndarray]:
    """As :func:`analysis.measures.attribution_tagger._lexicon_tags` (``kind`` 1: the cue lexicon,
    2: the source lexicon) on the tokens of form codes ``fl``, visiting only the tokens ``cand``
    where an entry may start (:func:`_entry_starts`): per token, the code of its
    ``B:<tag>``/``I:<tag>`` value in the cue or source column (the code of "" outside entries),
    and whether it lies in an entry whose tag does not start with ``rej``. The longest entry
    starting at a token wins (entries of two or more words are looked up by the second word),
    and matching resumes after it."""
    n = len(fl)
    col, multi, single = ct.lexicons[kind]
    codes = np.full(n, ct.no_tag[kind - 1], dtype=np.intp)
    on = np.zeros(n, dtype=bool)
    if not cand:
        return codes, on
    low = ct.form_low
    heads, head_codes, tails, tail_codes, ons = [], [], [], [], []
    nxt = 0
    for i in cand:
        if i < nxt:
            continue
        w = low[fl[i]]
        hit = None
        if i + 1 < n and w in multi:
            for entry, tag in multi[w].get(low[fl[i + 1]], ()):
                m = len(entry)
                if m == 2 or tuple([low[c] for c in fl[i : i + m]]) == entry:
                    hit = m, tag
                    break
        if hit is None:
            tag = single.get(w)
            if tag is None:
                continue
            hit = 1, tag
        m, tag = hit
        b, i_code, rej = ct.tag_codes.get((kind, tag)) or _tag_codes(ct, col, kind, tag)
        heads.append(i)
        head_codes.append(b)
        if m > 1:
            tails.extend(range(i + 1, i + m))
            tail_codes.extend([i_code] * (m - 1))
        if not rej:
            ons.extend(range(i, i + m))
        nxt = i + m
    codes[heads] = head_codes
    codes[tails] = tail_codes
    on[ons] = True
    return codes, on


def _tag_codes(ct: CompiledTagger, col: _Column, kind: int, tag: str) -> tuple[int, int, bool]:
    """The column codes of ``B:<tag>`` and ``I:<tag>``, and whether the tag is a rejected one
    (starts with ``rej``), kept in :attr:`CompiledTagger.tag_codes`."""
    out = ct.tag_codes[(kind, tag)] = (col.code("B:" + tag), col.code("I:" + tag), tag.startswith("rej"))
    return out


_PARTS3 = ("Cue", "Source", "Content")


def _rule_name(code: int) -> str:
    """The ``rule=`` value of a base-3 code over the parts (0 outside, 1 inside, 2 first token)."""
    parts = []
    for k, p in enumerate(_PARTS3):
        v = (code // 3**k) % 3
        if v:
            parts.append(("B" if v == 2 else "I") + p[:2])
    return "".join(parts) or "O"


def _rule_code(inside: np.ndarray, begins: np.ndarray) -> np.ndarray:
    """The base-3 code (:func:`_rule_name`) of each token from the per-part (Cue, Source, Content
    rows) inside and begins flags of :meth:`DocumentArrays.covered`."""
    return np.array([1, 3, 9]) @ (inside.astype(np.intp) + (inside & begins))


def emissions(ct: CompiledTagger, doc: DocumentArrays, quotes, rule_iv: dict | None) -> np.ndarray:
    """Per token, the summed state weights of every label (n tokens x labels)."""
    n = len(doc.words)
    fid = ct.form_codes(doc.words)
    inside, begins = doc.covered(quotes, *(rule_iv[p] for p in _PARTS3) if ct.rules else ())
    inq = inside[0]
    may, fl = _entry_starts(ct, fid), fid.tolist()
    cue_codes, cue_on = _lexicon_tags(ct, fl, np.flatnonzero(may & 1).tolist(), 1)
    src_codes = _lexicon_tags(ct, fl, np.flatnonzero(may & 2).tolist(), 2)[0]
    gap_codes = _gap_codes(ct, doc.gaps)
    # per token and offset, the weights of its form and categorical columns, added in this order
    per = ct.form_table[fid]
    per += ct.gap.table[gap_codes]
    per += ct.inq.table[ct.inq_codes[inq.view(np.int8)]]
    per += ct.cue.table[cue_codes]
    per += ct.src.table[src_codes]
    if ct.rules:
        per += ct.rule.table[ct.rule_codes[_rule_code(inside[1:], begins[1:])]]
    E = per[:, _SLOT[0]] + ct.bias
    sent, n_sent = doc.sent, len(doc.bounds)
    k = np.arange(n) - doc.first[sent]
    size = (doc.last - doc.first)[sent]
    E += ct.pos_toend[np.minimum(k, 6), np.minimum(size - 1 - k, 3)]
    has_q = np.bincount(sent, weights=inq, minlength=n_sent) > 0
    has_cue = np.bincount(sent, weights=cue_on, minlength=n_sent) > 0
    E += ct.sq_scue[has_q.view(np.int8)[sent], has_cue.view(np.int8)[sent]]
    # the neighbours' columns within the sentence, padding outside it
    same = {1: sent[1:] == sent[:-1], 2: sent[2:] == sent[:-2]}
    for d in (-2, -1, 1, 2):
        a = abs(d)
        m = max(n - a, 0)
        here, there, edge = (
            (slice(a, n), slice(0, m), slice(0, n - m)) if d < 0 else (slice(0, m), slice(a, n), slice(m, n))
        )
        if m:
            E[here] += np.where(same[a][:, None], per[there, _SLOT[d]], ct.pad[d])
        E[edge] += ct.pad[d]
    # word pairs within a sentence
    pid = ct.form_pair[fid]
    if n > 1:
        a, b = pid[:-1], pid[1:]
        ok = np.flatnonzero(same[1] & (a >= 0) & (b >= 0))
        code = a[ok] * ct.m + b[ok]
        for pre, shift in (("w-1|w=", 1), ("w|w+1=", 0)):
            codes, vals = ct.pairs[pre]
            if not len(codes) or not len(ok):
                continue
            pos = np.minimum(np.searchsorted(codes, code), len(codes) - 1)
            hit = codes[pos] == code
            E[ok[hit] + shift] += vals[pos[hit]]
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
    L = int(lens[0])
    # the tokens packed step by step: rows off[t] .. off[t] + active[t] hold token t of the
    # sentences longer than t, longest first (so step t's rows continue the first ones of t - 1)
    steps = np.arange(L)[:, None]
    token = (first[order][None, :] + steps)[steps < lens[None, :]]
    active = np.searchsorted(-lens, -np.arange(1, L + 1), side="right")
    off = np.concatenate([[0], np.cumsum(active)]).tolist()
    active = active.tolist()
    e = np.exp(E - E.max(axis=1, keepdims=True))[token]
    T = ct.exp_trans
    TT = T.T
    alpha = np.empty_like(e)
    scale = np.empty((len(e), 1))
    buf = np.empty((active[0], len(T)))
    # the ufuncs with positional out= (the loops run once per step: call overhead matters)
    dot, mul, add, div = np.dot, np.multiply, np.add.reduce, np.divide
    k = active[0]
    add(e[:k], 1, None, scale[:k], True)
    div(e[:k], scale[:k], alpha[:k])
    for t in range(1, L):
        k, o, p = active[t], off[t], off[t - 1]
        a, c = alpha[o : o + k], scale[o : o + k]
        mul(dot(alpha[p : p + k], T), e[o : o + k], a)
        add(a, 1, None, c, True)  # row sums
        div(a, c, a)
    beta = np.ones_like(e)
    for t in range(L - 2, -1, -1):
        k, o, q = active[t + 1], off[t], off[t + 1]
        b = buf[:k]
        mul(e[q : q + k], beta[q : q + k], b)
        div(dot(b, TT), scale[q : q + k], beta[o : o + k])
    marg = alpha * beta
    out[token] = marg / marg.sum(axis=1, keepdims=True)
    return out


def tagger_emissions(
    tagger, text: str, bounds: list[tuple[int, int]], rule_intervals: dict | None, quotes=None, doc=None
):
    """``(DocumentArrays, emissions, CompiledTagger)`` of ``text``: the document's tokens and, per
    token, the summed state weights of every label (:func:`emissions`; zero rows for a text without
    words). Arguments as :func:`fast_marginals`; ``doc``: the text's :class:`DocumentArrays` for
    these ``bounds``, when a caller made them. :func:`forward_backward` turns the emissions of one
    or many documents into marginals."""
    ct = compiled_tagger(tagger)
    doc = DocumentArrays(text, bounds) if doc is None else doc
    if not len(doc.words):
        return doc, np.zeros((0, ct.n_labels)), ct
    if quotes is None:
        from analysis.measures.quotes import quotation_tuples

        quotes = [(q.inner_start, q.inner_end) for q in quotation_tuples(text) if q.mark != "single"]
    return doc, emissions(ct, doc, quotes, rule_intervals if ct.rules else None), ct


def fast_marginals(tagger, text: str, bounds: list[tuple[int, int]], rule_intervals: dict | None, quotes=None):
    """``(DocumentArrays, marginals, CompiledTagger)`` of ``text``: per token, the marginal
    probability of each label of the tagger (columns in :attr:`CompiledTagger.labels` order).
    ``rule_intervals``: part -> the rules' ``(start, end)`` intervals for the same bounds (read by a
    tagger with rule features; :func:`analysis.measures.attribution_tagger.rule_intervals`);
    ``quotes``: the inner regions of the double quotations, when at hand."""
    doc, E, ct = tagger_emissions(tagger, text, bounds, rule_intervals, quotes)
    if not len(E):
        return doc, E, ct
    return doc, forward_backward(ct, E, doc.first, doc.last), ct
