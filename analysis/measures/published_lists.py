"""Published word lists (Recasens et al. 2013, MPQA, Hyland 2005), as span detectors.

They serve twice: as features of the loaded-language context model at run time
(:mod:`analysis.measures.loaded_model`) and as the naive baselines of validation.

Each baseline is a bare word list from the literature matched on surface forms, with no context,
no part-of-speech tagging and no lemmatisation. They are the floor a project detector must beat on
the gold benchmarks (:mod:`analysis.validate.gold`, scored with :mod:`analysis.validate.metrics`):

* :func:`recasens_bias`: the 654 bias-inducing lemmas of Recasens, Danescu-Niculescu-Mizil and
  Jurafsky (2013), ``bias-lexicon_og.txt`` (loaded language).
* :func:`mpqa_strongsubj`: MPQA subjectivity clues (Wilson, Wiebe and Hoffmann 2005), ``type=strongsubj``,
  optionally only ``priorpolarity=negative`` (loaded language).
* :func:`report_verbs`: the report verbs of Recasens et al. (2013), as listed (bare lemmas plus the
  few inflected forms the list contains, e.g. "told", "spoke") (attribution cues).
* :func:`hyland_hedges`: Hyland (2005) hedges (hedging / uncertainty cues).

The lists are research-only and are **not** copied into the project: they are read from the
benchmark folder (``recasens2013-bias-lexicons``) when a detector is built, and a missing folder
raises :class:`analysis.config.BenchmarkUnavailable`.

Matching rules (shared by every baseline)
-----------------------------------------
* Case-insensitive, on surface forms; no lemmatisation, no POS tags (MPQA ``pos1`` is ignored).
* ``boundary="word"`` (default): an entry matches at word boundaries, i.e. the characters before
  and after the match are not letters or digits (as ``\\b``): "abortion" matches inside
  "anti-abortion" and "Trump's" gives "Trump". ``boundary="token"``: a match must start and end on
  the edges of a project word token (:data:`analysis.corpus.text.WORD_RE`, which keeps "anti-abortion"
  whole), so sub-words of hyphenated compounds are not matched. On PTC train the two differ by
  about 0.003 token F1 (Recasens 0.060 vs 0.057; MPQA strong negative 0.157 vs 0.155).
* Multi-word entries ("point out", "in my view") match with any run of whitespace between words.
* An ASCII apostrophe in an entry also matches a typographic one ("couldn't" ~ "couldn’t").
* MPQA entries with ``stemmed1=y`` are prefix matches: the stem followed by any further letters
  up to the word end ("abuse" -> "abuses", "abused"; but not "abusing": the list's stems are
  plain words, so this under-matches some inflections and over-matches some unrelated longer words).
  ``stemmed1=n`` (and the one malformed ``stemmed1=1`` line, "lugubrious") are exact.
* Overlapping candidates: the leftmost match wins, then the longest; matches never overlap.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from analysis.config import BenchmarkUnavailable, gold_root
from analysis.corpus.text import WORD_RE

__all__ = [
    "LexiconDetector",
    "recasens_bias",
    "mpqa_strongsubj",
    "report_verbs",
    "hyland_hedges",
    "NAIVE_DETECTORS",
    "detect_spans",
    "read_word_list",
    "read_mpqa",
]

_LEX = Path("recasens2013-bias-lexicons") / "data" / "lexicons"
_NAME = "Recasens et al. (2013) lexicon archive"

_L = r"(?<![^\W_])"  # not preceded by a letter/digit
_R = r"(?![^\W_])"  # not followed by a letter/digit
_PLAIN = re.compile(r"[^\W_]+")  # a run of letters/digits


def _entry_regex(term: str) -> str:
    words = term.split()
    pieces = []
    for w in words:
        pieces.append("".join("['’]" if ch in "'’" else re.escape(ch) for ch in w))
    return r"\s+".join(pieces)


@dataclass
class LexiconDetector:
    """Surface-form lexicon matcher. ``detect(text)`` returns ``[(start, end, term), ...]``.

    ``exact``: entries matched as whole words; ``prefixes``: entries matched as a word start
    followed by any letters/digits to the word end. ``term`` in the output is the lexicon entry
    (lower case) that matched.

    ``boundary``:

    * ``"word"`` (default): an entry matches wherever it is not flanked by a letter or digit, so
      hyphens and apostrophes are boundaries ("abortion" is found in "anti-abortion").
    * ``"token"``: a match must start at the start and end at the end of a project word token
      (:data:`analysis.corpus.text.WORD_RE`, which keeps hyphenated and apostrophe words whole), so
      "abortion" is *not* found in "anti-abortion", while the entry "far-right" is; a prefix
      entry matches a token that starts with it (the whole token is the span).
    """

    name: str
    exact: frozenset[str]
    prefixes: frozenset[str] = frozenset()
    source: str = ""
    boundary: str = "word"
    _re: re.Pattern | None = field(init=False, repr=False)

    def __post_init__(self) -> None:
        if self.boundary not in ("word", "token"):
            raise ValueError("boundary must be 'word' or 'token'")
        norm = lambda t: re.sub(r"\s+", " ", t.lower().strip()).replace("’", "'")  # noqa: E731
        self.exact = frozenset(norm(t) for t in self.exact if t.strip())
        self.prefixes = frozenset(norm(t) for t in self.prefixes if t.strip())
        if not self.exact and not self.prefixes:
            raise ValueError(f"{self.name}: empty lexicon")
        if self.boundary == "word":
            # Plain one-word entries (letters/digits only) are looked up per letter/digit run, which
            # is fast; entries with spaces, hyphens or apostrophes go into one (small) regex.
            self._words = frozenset(t for t in self.exact if _PLAIN.fullmatch(t))
            self._stems = frozenset(t for t in self.prefixes if _PLAIN.fullmatch(t))
            special_exact = self.exact - self._words
            special_prefix = self.prefixes - self._stems
        else:
            # Single-token entries are looked up per WORD_RE token; only multi-word entries need a regex.
            self._words = frozenset(t for t in self.exact if " " not in t)
            self._stems = frozenset(t for t in self.prefixes if " " not in t)
            special_exact = self.exact - self._words
            special_prefix = self.prefixes - self._stems
        self._stem_lens = sorted({len(t) for t in self._stems}, reverse=True)
        alts = [_entry_regex(t) + _R for t in special_exact]
        alts += [_entry_regex(t) + r"[^\W_]*" + _R for t in special_prefix]
        alts.sort(key=len, reverse=True)
        self._re = re.compile(_L + "(?:" + "|".join(alts) + ")", re.IGNORECASE) if alts else None
        # A regex match starts where a letter/digit run starts. When every special entry is ASCII
        # and starts with a letter/digit, an ASCII run can start a match only if it equals (case
        # aside) the first run of some entry, so the regex is tried only there (see detect).
        specials = special_exact | special_prefix
        self._re_first: frozenset[str] | None = None
        if self.boundary == "word" and alts and all(t.isascii() and _PLAIN.match(t) for t in specials):
            self._re_first = frozenset(_PLAIN.match(t).group() for t in specials)
        self._prefix_sorted = sorted(self.prefixes, key=len, reverse=True)
        self._memo: dict[str, str | None] = {}

    def _term(self, surface: str) -> str:
        key = re.sub(r"\s+", " ", surface.lower()).replace("’", "'")
        if key in self.exact:
            return key
        for p in self._prefix_sorted:
            if key.startswith(p):
                return p
        return key

    def _word_term(self, w: str) -> str | None:
        """The entry a single word (one letter/digit run or token) matches: itself, its longest
        listed stem, or None."""
        w = w.lower().replace("’", "'")
        if w in self._words:
            return w
        for k in self._stem_lens:
            if k <= len(w) and w[:k] in self._stems:
                return w[:k]
        return None

    def detect(self, text: str) -> list[tuple[int, int, str]]:
        cands: list[tuple[int, int, str]] = []
        re_cands: list[tuple[int, int, str]] = []
        units = _PLAIN if self.boundary == "word" else WORD_RE
        # one dict lookup per word: (entry the surface form matches or None, may a regex match
        # start at it), remembered per detector (bounded)
        memo = self._memo
        if len(memo) > 500_000:
            memo.clear()
        word_term, first = self._word_term, self._re_first
        match, last = (self._re.match if first is not None else None), 0
        for m in units.finditer(text):
            w = m.group()
            try:
                term, try_re = memo[w]
            except KeyError:
                term, try_re = memo[w] = (word_term(w), first is not None and (not w.isascii() or w.lower() in first))
            if term is not None:
                cands.append((m.start(), m.end(), term))
            if try_re and m.start() >= last:
                # as re.finditer: matches do not overlap, the next search starts at the last end
                r = match(text, m.start())
                if r is not None:
                    re_cands.append((r.start(), r.end(), self._term(r.group(0))))
                    last = r.end()
        if self._re is not None and first is None:
            starts = ends = None
            if self.boundary == "token":
                spans = [m.span() for m in units.finditer(text)]
                starts, ends = {a for a, _ in spans}, {b for _, b in spans}
            for m in self._re.finditer(text):
                if starts is not None and (m.start() not in starts or m.end() not in ends):
                    continue
                re_cands.append((m.start(), m.end(), self._term(m.group(0))))
        cands += re_cands
        # leftmost, then longest; drop anything overlapping an accepted match
        cands.sort(key=lambda c: (c[0], c[0] - c[1]))
        out: list[tuple[int, int, str]] = []
        last_end = -1
        for c in cands:
            if c[0] >= last_end:
                out.append(c)
                last_end = c[1]
        return out

    __call__ = detect

    def __len__(self) -> int:
        return len(self.exact) + len(self.prefixes)


# --------------------------------------------------------------------------------------------
# list readers
# --------------------------------------------------------------------------------------------


def _lexicon_path(rel: str, data_dir) -> Path:
    root = gold_root(data_dir, _NAME)
    path = root / _LEX / rel
    if not path.exists():
        raise BenchmarkUnavailable(f"{_NAME}: {path} not found in benchmark folder {root}")
    return path


def read_word_list(path: str | Path) -> list[str]:
    """One entry per line; blank lines and lines starting with ``#`` are skipped."""
    out = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            line = line.strip()
            if line and not line.startswith("#"):
                out.append(line)
    return out


def read_mpqa(path: str | Path) -> pd.DataFrame:
    """The MPQA ``.tff`` clues as a DataFrame (columns type, len, word1, pos1, stemmed1, priorpolarity, ...)."""
    rows = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            kv = dict(tok.split("=", 1) for tok in line.split() if "=" in tok)
            if "word1" in kv:
                rows.append(kv)
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------------------------
# the baselines
# --------------------------------------------------------------------------------------------


def recasens_bias(data_dir=None, boundary: str = "word") -> LexiconDetector:
    """Recasens et al. (2013) bias lexicon (654 lemmas), exact word match."""
    path = _lexicon_path("bias-lexicon/bias-lexicon_og.txt", data_dir)
    return LexiconDetector("recasens2013_bias", frozenset(read_word_list(path)), source=str(path), boundary=boundary)


def mpqa_strongsubj(
    polarity: str | Iterable[str] | None = None, data_dir=None, boundary: str = "word"
) -> LexiconDetector:
    """MPQA ``type=strongsubj`` clues; ``polarity="negative"`` keeps only ``priorpolarity=negative``.

    Entries with ``stemmed1=y`` match as prefixes, the rest exactly (see module docstring).
    """
    path = _lexicon_path("bias_related_lexicons/subjectivity_clues_hltemnlp05/subjclueslen1-HLTEMNLP05.tff", data_dir)
    df = read_mpqa(path)
    df = df[df["type"] == "strongsubj"]
    name = "mpqa_strongsubj"
    if polarity is not None:
        pols = [polarity] if isinstance(polarity, str) else list(polarity)
        df = df[df["priorpolarity"].isin(pols)]
        name += "_" + "_".join(pols)
    stemmed = df["stemmed1"].eq("y")
    prefixes = frozenset(df.loc[stemmed, "word1"].str.lower())
    exact = frozenset(df.loc[~stemmed, "word1"].str.lower()) - prefixes
    return LexiconDetector(name, exact, prefixes, source=str(path), boundary=boundary)


def report_verbs(data_dir=None, boundary: str = "word") -> LexiconDetector:
    """Recasens et al. (2013) report verbs, exact match of the listed forms (no inflection)."""
    path = _lexicon_path("bias_related_lexicons/report_verbs.txt", data_dir)
    return LexiconDetector("report_verbs", frozenset(read_word_list(path)), source=str(path), boundary=boundary)


def hyland_hedges(data_dir=None, boundary: str = "word") -> LexiconDetector:
    """Hyland (2005) hedges, exact match of the listed forms (including multi-word entries)."""
    path = _lexicon_path("bias_related_lexicons/hedges_hyland2005.txt", data_dir)
    return LexiconDetector("hyland2005_hedges", frozenset(read_word_list(path)), source=str(path), boundary=boundary)


#: Naive detectors put beside ours in validation: name -> factory(data_dir=None, boundary="word").
#: (Formerly ``BASELINES``, a name that also means the comparison corpora of analysis.corpus.baselines.)
NAIVE_DETECTORS = {
    "recasens2013_bias": recasens_bias,
    "mpqa_strongsubj": lambda data_dir=None, boundary="word": mpqa_strongsubj(None, data_dir, boundary),
    "mpqa_strongsubj_negative": lambda data_dir=None, boundary="word": mpqa_strongsubj("negative", data_dir, boundary),
    "report_verbs": report_verbs,
    "hyland2005_hedges": hyland_hedges,
}


def detect_spans(texts: pd.DataFrame, detector, doc_col: str = "doc_id") -> pd.DataFrame:
    """Run ``detector`` (anything with ``detect(text)`` or a callable) over ``texts[doc_col, 'text']``.

    Returns a span frame ``doc_col``, start, end, term, ready for :mod:`analysis.validate.metrics`.
    """
    fn = detector.detect if hasattr(detector, "detect") else detector
    rows = [(doc, s, e, t) for doc, text in zip(texts[doc_col], texts["text"]) for s, e, t in fn(text)]
    out = pd.DataFrame(rows, columns=[doc_col, "start", "end", "term"])
    return out.astype({"start": "int64", "end": "int64"})
