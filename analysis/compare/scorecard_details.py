"""Concrete, checkable detail for the source-reliability scorecard (:mod:`analysis.compare.scorecard`):
dates, numbers and multi-word names found by rules, without a gazetteer (the rules and their precision
caveats are described in the scorecard module's docstring)."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence

import pandas as pd

#: Columns of :func:`find_details`.
DETAIL_COLUMNS = ["doc_id", "sentence", "start", "end", "kind", "text"]


# ---------------------------------------------------------------------------------------------
# Concrete detail
# ---------------------------------------------------------------------------------------------

_MONTHS = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Jan\.|Feb\.|Mar\.|Apr\.|Jun\.|Jul\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\.)"
)
_WEEKDAYS = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_DAY = r"(?:[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?:1[6-9]\d\d|20\d\d)"
# Each pattern below opens with a lookahead for the first characters its matches can start with
# (a digit, a month or weekday initial, ...). It changes no match; the regex engine skips every
# other position at once instead of trying each alternative there (about twice as fast).
_DATE_START = r"(?=[\dJFMASONDTW]|(?i:[isbudfat]))"
_NUMBER_START = r"(?=[$£€\dtfsenhmbd])"  # case-insensitive, as NUMBER_RE
_NAME_START = r"(?=[A-Zaebi])"
#: Dates (case-sensitive month and weekday names; see module docstring).
DATE_RE = re.compile(
    rf"\b{_DATE_START}(?:\d{{4}}-[01]\d-[0-3]\d"
    rf"|(?:{_WEEKDAYS},?\s+)?(?:{_DAY}\s+{_MONTHS}(?:,?\s+{_YEAR})?"
    rf"|{_MONTHS}\s+{_DAY}(?!\d)(?:,?\s+{_YEAR})?"
    rf"|{_MONTHS},?\s+{_YEAR})"
    rf"|{_WEEKDAYS}"
    rf"|(?i:in|since|by|until|during|from|before|after|through)\s+(?P<year>{_YEAR}))(?![\w-])"
)
_NUMBER_WORD = (
    r"(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|"
    r"sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|"
    r"hundred|thousand|million|billion|trillion|dozen)"
)
_SCALE = r"(?:hundred|thousand|million|billion|trillion|mln|bln|m|bn|k)"
_UNIT = (
    r"(?:%|percent|per\s+cent|pct|mm|cm|km|kg|kilometres?|kilometers?|miles?|metres?|meters?|tonnes?|tons?|"
    r"dlrs|dollars?|usd|bpd|barrels?|years?|months?|weeks?|days?|hours?|minutes?|people|dead|killed|injured|"
    r"wounded)"
)
#: Numbers: digit groups or number words (from two), with a scale word and a unit when present.
NUMBER_RE = re.compile(
    rf"{_NUMBER_START}(?:[$£€]\s?)?(?<![\w.,])(?:\d+(?:[.,]\d+)*(?:[a-zA-Z]{{1,3}}\b)?|{_NUMBER_WORD}(?:[\s-]+{_NUMBER_WORD})*)\b"
    rf"(?:\s+{_SCALE}\b)?(?:\s+{_UNIT}\b)?",
    re.IGNORECASE,
)
#: Plural or vague quantity words that are not checkable numbers.
_VAGUE_AFTER = re.compile(r"s\b|\s+of\b", re.IGNORECASE)
#: Words never part of a name at either end.
NAME_STOPWORDS = frozenset(
    """a an the this that these those his her their its our my your some any every each no
    in on at by for from to of with without into onto over under after before during since until as
    and or but nor so yet if then than when while where who whom whose which what how why
    he she it they we i you me him us them
    mr mrs ms dr
    according following meanwhile moreover however also still even just only
    dear madam sir""".split()
) - {"mr", "mrs", "ms", "dr"}
_CAP_TOKEN = r"(?:(?:[A-Z]\.){2,}|[A-Z][\w’'\-]*|(?:al|el|bin|ibn)-[A-Z][\w’'\-]*)"
_NAME_SEQ = re.compile(
    rf"{_NAME_START}{_CAP_TOKEN}(?:[ \t]+(?:(?:of(?:[ \t]+the)?|bin|de|al|el|van|von|da)[ \t]+)?{_CAP_TOKEN})+"
)
_MONTH_OR_DAY = re.compile(rf"^(?:{_MONTHS}|{_WEEKDAYS}|May)$")


def sentence_index(bounds: Sequence[tuple[int, int]]):
    """A function ``pos -> index`` of the sentence of ``bounds`` (sorted, as from
    :func:`analysis.corpus.sentences.split_sentences`) that holds offset ``pos``, -1 when none does."""
    starts = [s for s, _ in bounds]
    ends = [e for _, e in bounds]

    def sentence_of(pos: int) -> int:
        i = bisect_right(starts, pos) - 1
        return i if i >= 0 and pos < ends[i] else -1

    return sentence_of


def _sentence_of(bounds: Sequence[tuple[int, int]], pos: int) -> int:
    return sentence_index(bounds)(pos)


_LOWER_WORD = re.compile(r"\b[a-z][\w’'\-]*")


def _lower_words(text: str) -> set[str]:
    return set(_LOWER_WORD.findall(text))


def _strip_name(tokens: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    def bad(tok: str) -> bool:
        t = tok.rstrip(".").lower()
        return t in NAME_STOPWORDS or bool(_MONTH_OR_DAY.match(tok))

    while tokens and bad(tokens[0][2]):
        tokens = tokens[1:]
    while tokens and (bad(tokens[-1][2]) or tokens[-1][2].lower() in {"of", "the"}):
        tokens = tokens[:-1]
    return tokens


_TOKEN_IN_SEQ = re.compile(rf"{_CAP_TOKEN}|\\b(?:of|the|bin|de|al|el|van|von|da)\\b")


class _Taken:
    """Spans already counted as a detail; :meth:`free` is ``not any(s < b and a < e for a, b in
    spans)``. Pairwise disjoint non-empty spans (what :func:`detail_rows` stores) are kept sorted and
    answered by bisection; any other span makes every later answer a linear scan (same result)."""

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []
        self.spans: list[tuple[int, int]] = []
        self.linear = False

    def add(self, s: int, e: int) -> None:
        self.spans.append((s, e))
        if self.linear:
            return
        k = bisect_left(self.starts, s)
        if e <= s or (k and self.ends[k - 1] > s) or (k < len(self.starts) and self.starts[k] < e):
            self.linear = True  # empty or overlapping: the sorted lists no longer answer exactly
            return
        self.starts.insert(k, s)
        self.ends.insert(k, e)

    def free(self, s: int, e: int) -> bool:
        if self.linear:
            return not any(s < b and a < e for a, b in self.spans)
        k = bisect_left(self.starts, e) - 1  # the last span starting before e has the largest end
        return k < 0 or self.ends[k] <= s


_DIGIT = re.compile(r"\d")
_VAGUE_SCALES = frozenset({"hundred", "thousand", "million", "billion", "dozen"})


def detail_rows(text: str, bounds: Sequence[tuple[int, int]], doc_id: str = "", skip_until: int = 0) -> list[tuple]:
    """The rows of :func:`find_details` as tuples (``bounds``: the sentence split of ``text``)."""
    rows: list[tuple] = []
    taken = _Taken()
    for m in DATE_RE.finditer(text, skip_until):
        s, e = m.span("year") if m.group("year") else m.span()
        rows.append((s, e, "date", text[s:e]))
        taken.add(s, e)
    for m in NUMBER_RE.finditer(text, skip_until):
        s, e = m.span()
        if not taken.free(s, e) or not m.group().strip():
            continue
        word = m.group()
        if (
            word[:1].isalpha()
            and _VAGUE_AFTER.match(text, e)
            and not _DIGIT.search(word)
            and word.split()[-1].lower() in _VAGUE_SCALES
        ):
            continue  # "hundreds of", "dozens", "millions of": vague
        rows.append((s, e, "number", word))
        taken.add(s, e)
    lower = _lower_words(text)
    starts = {s for s, _ in bounds}
    for m in _NAME_SEQ.finditer(text, skip_until):
        toks = [(t.start() + m.start(), t.end() + m.start(), t.group()) for t in _TOKEN_IN_SEQ.finditer(m.group())]
        toks = _strip_name(toks)
        if toks and _at_sentence_start(text, toks[0][0], starts) and toks[0][2].lower() in lower:
            toks = _strip_name(toks[1:])
        caps = [t for t in toks if t[2][:1].isupper() or "-" in t[2]]
        if len(caps) < 2:
            continue
        s, e = toks[0][0], toks[-1][1]
        if not taken.free(s, e):
            continue
        rows.append((s, e, "name", text[s:e]))
    rows.sort()
    sentence_of = sentence_index(bounds)
    return [(doc_id, sentence_of(s), s, e, k, t) for s, e, k, t in rows]


def find_details(
    text: str, sentence_bounds: Sequence[tuple[int, int]] | None = None, doc_id: str = "", skip_until: int = 0
) -> pd.DataFrame:
    """Dates, numbers and multi-word names in ``text`` (from offset ``skip_until``: the headline is
    left out), columns :data:`DETAIL_COLUMNS`, ``kind`` in {date, number, name}."""
    from analysis.corpus.sentences import ensure_bounds

    bounds = ensure_bounds(text, sentence_bounds)
    return pd.DataFrame(detail_rows(text, bounds, doc_id, skip_until), columns=DETAIL_COLUMNS)


def _at_sentence_start(text: str, pos: int, starts: set[int]) -> bool:
    """Is ``pos`` the first word of a sentence (after any opening quote, bracket or bullet)?"""
    j = pos
    while j > 0 and text[j - 1] in "“\"‘'([•–- \t":
        j -= 1
    return j in starts or j == 0 or text[j - 1] == "\n"
