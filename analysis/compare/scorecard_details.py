"""Concrete, checkable detail for the source-reliability scorecard (:mod:`analysis.compare.scorecard`):
dates, numbers and multi-word names found by rules, without a gazetteer (the rules and their precision
caveats are described in the scorecard module's docstring)."""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
import pandas as pd

#: Columns of :func:`find_details`.
DETAIL_COLUMNS = ["doc_id", "sentence", "start", "end", "kind", "text"]


# ---------------------------------------------------------------------------------------------
# Concrete detail
# ---------------------------------------------------------------------------------------------

_MONTHS = (r"(?:January|February|March|April|May|June|July|August|September|October|November|December|"
           r"Jan\.|Feb\.|Mar\.|Apr\.|Jun\.|Jul\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\.)")
_WEEKDAYS = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_DAY = r"(?:[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?:1[6-9]\d\d|20\d\d)"
#: Dates (case-sensitive month and weekday names; see module docstring).
DATE_RE = re.compile(
    rf"\b(?:\d{{4}}-[01]\d-[0-3]\d"
    rf"|(?:{_WEEKDAYS},?\s+)?(?:{_DAY}\s+{_MONTHS}(?:,?\s+{_YEAR})?"
    rf"|{_MONTHS}\s+{_DAY}(?!\d)(?:,?\s+{_YEAR})?"
    rf"|{_MONTHS},?\s+{_YEAR})"
    rf"|{_WEEKDAYS}"
    rf"|(?i:in|since|by|until|during|from|before|after|through)\s+(?P<year>{_YEAR}))(?![\w-])"
)
_NUMBER_WORD = (r"(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|"
                r"sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|"
                r"hundred|thousand|million|billion|trillion|dozen)")
_SCALE = r"(?:hundred|thousand|million|billion|trillion|mln|bln|m|bn|k)"
_UNIT = (r"(?:%|percent|per\s+cent|pct|mm|cm|km|kg|kilometres?|kilometers?|miles?|metres?|meters?|tonnes?|tons?|"
         r"dlrs|dollars?|usd|bpd|barrels?|years?|months?|weeks?|days?|hours?|minutes?|people|dead|killed|injured|"
         r"wounded)")
#: Numbers: digit groups or number words (from two), with a scale word and a unit when present.
NUMBER_RE = re.compile(
    rf"(?:[$£€]\s?)?(?<![\w.,])(?:\d+(?:[.,]\d+)*(?:[a-zA-Z]{{1,3}}\b)?|{_NUMBER_WORD}(?:[\s-]+{_NUMBER_WORD})*)\b"
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
_NAME_SEQ = re.compile(rf"{_CAP_TOKEN}(?:[ \t]+(?:(?:of(?:[ \t]+the)?|bin|de|al|el|van|von|da)[ \t]+)?{_CAP_TOKEN})+")
_MONTH_OR_DAY = re.compile(rf"^(?:{_MONTHS}|{_WEEKDAYS}|May)$")

def _sentence_of(bounds: Sequence[tuple[int, int]], pos: int) -> int:
    starts = [s for s, _ in bounds]
    i = int(np.searchsorted(starts, pos, side="right")) - 1
    return i if i >= 0 and pos < bounds[i][1] else -1


def _lower_words(text: str) -> set[str]:
    return {w for w in re.findall(r"\b[a-z][\w’'\-]*", text)}


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


def find_details(text: str, sentence_bounds: Sequence[tuple[int, int]] | None = None, doc_id: str = "",
                 skip_until: int = 0) -> pd.DataFrame:
    """Dates, numbers and multi-word names in ``text`` (from offset ``skip_until``: the headline is
    left out), columns :data:`DETAIL_COLUMNS`, ``kind`` in {date, number, name}."""
    from analysis.corpus.sentences import split_sentences

    bounds = split_sentences(text) if sentence_bounds is None else list(sentence_bounds)
    rows: list[tuple] = []
    taken: list[tuple[int, int]] = []
    for m in DATE_RE.finditer(text, skip_until):
        s, e = m.span("year") if m.group("year") else m.span()
        rows.append((s, e, "date", text[s:e]))
        taken.append((s, e))

    def free(s: int, e: int) -> bool:
        return not any(s < b and a < e for a, b in taken)

    for m in NUMBER_RE.finditer(text, skip_until):
        s, e = m.span()
        if not free(s, e) or not m.group().strip():
            continue
        word = m.group()
        if word[:1].isalpha() and _VAGUE_AFTER.match(text, e) and not re.search(r"\d", word) \
                and word.split()[-1].lower() in {"hundred", "thousand", "million", "billion", "dozen"}:
            continue  # "hundreds of", "dozens", "millions of": vague
        rows.append((s, e, "number", word))
        taken.append((s, e))
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
        if not free(s, e):
            continue
        rows.append((s, e, "name", text[s:e]))
    rows.sort()
    out = pd.DataFrame([(doc_id, _sentence_of(bounds, s), s, e, k, t) for s, e, k, t in rows], columns=DETAIL_COLUMNS)
    return out


def _at_sentence_start(text: str, pos: int, starts: set[int]) -> bool:
    """Is ``pos`` the first word of a sentence (after any opening quote, bracket or bullet)?"""
    j = pos
    while j > 0 and text[j - 1] in "“\"‘'([•–- \t":
        j -= 1
    return j in starts or j == 0 or text[j - 1] == "\n"


def with_non_responses(responses: pd.DataFrame, att: pd.DataFrame, text: str,
                       bounds, doc_id: str, columns: list[str]) -> pd.DataFrame:
    """``responses`` plus the sentences of non-response attribution records ("The ministry did not
    respond to a request for comment", column ``non_response``) that no pattern matched: a sought
    response counts as the other side's response whoever the attribution step finds declining."""
    if not len(att) or "non_response" not in att.columns:
        return responses
    seen = set(responses["sentence"])
    rows = []
    for a in att[att["non_response"].astype(bool)].itertuples(index=False):
        if a.sentence in seen:
            continue
        seen.add(a.sentence)
        s, e = bounds[a.sentence]
        rows.append((doc_id, a.sentence, s, e, "non_response_record", a.cue_text, text[s:e]))
    if not rows:
        return responses
    extra = pd.DataFrame(rows, columns=columns)
    out = pd.concat([responses, extra], ignore_index=True) if len(responses) else extra
    return out.sort_values("sentence", kind="stable").reset_index(drop=True)
