"""Direct quotations and the voice (authorial or quoted) of any character span.

A *quotation* is text between quotation marks. Three families are recognised:

* ``double``: curly “ … ” (and guillemets « … »), the usual news convention;
* ``single``: curly ‘ … ’, used for scare quotes and for quotes nested inside a double quote;
* ``straight``: ASCII " … ".

Straight single quotes (``'``) are not treated as quotation marks: in running text they are nearly
always apostrophes. Curly ’ inside a word (Kata’ib, People’s) or after a word with no open ‘ before
it (mullahs’) is an apostrophe, not a closing mark.

Robustness rules (so that odd quoting never corrupts later spans):

* a quotation ends at its closing mark, or else at the end of its paragraph (a line), *unless* the
  next paragraph opens with a quote mark: the typographic convention for a quotation running over
  several paragraphs, where each paragraph opens with “ and only the last one closes with ”;
* an unclosed double or straight quotation is kept, capped at its paragraph end, with
  ``closed=False``; an unclosed single ‘ is dropped (it is almost always an elision such as ‘em);
* a stray closing mark with nothing open is ignored, except a ” that opens a word (``said: ”We``),
  which is read as a mistyped opening mark;
* a second “ inside an open double quotation in the same paragraph closes the first one
  (unclosed) and opens a new one.

*Voice*: a span is in quoted voice when it lies inside a quotation attributed to someone other than
the publisher (see :func:`quoted_voice_regions`); everything else is the author's own voice. A
publisher quoting itself ("the Iranian Resistance said: “…”") stays in authorial voice. The
distinction follows the source/content split of attribution relations (Pareti 2016, PARC).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import namedtuple
from collections.abc import Iterable, Sequence
from functools import lru_cache
from itertools import accumulate

import pandas as pd

#: Columns of :func:`find_quotations`.
QUOTE_COLUMNS = ["start", "end", "inner_start", "inner_end", "mark", "closed"]
#: One quotation with named fields (:data:`QUOTE_COLUMNS`), as returned by :func:`quotation_tuples`.
Quotation = namedtuple("Quotation", QUOTE_COLUMNS)

_OPEN_DOUBLE = "“«„"
_CLOSE_DOUBLE = "”»"
_PARA_OPENERS = '“«„"‘'
# An elided ‘ ('90s, ‘em, ‘til) is not an opening quote.
_DOUBLE_APOS = re.compile(r"''")
_ELISION = re.compile(r"‘(?:\d0s|em\b|til\b|cause\b|n\b)", re.IGNORECASE)


def _paragraphs(text: str) -> list[tuple[int, int]]:
    """Non-empty lines as ``(start, end)``; a line is a paragraph for quotation purposes."""
    out, pos = [], 0
    for line in text.split("\n"):
        end = pos + len(line)
        if line.strip():
            out.append((pos, end))
        pos = end + 1
    return out


def _opens_next(text: str, paras: list[tuple[int, int]], i: int, marks: str) -> bool:
    """True when paragraph ``i + 1`` exists and its first visible character is one of ``marks``."""
    if i + 1 >= len(paras):
        return False
    s, e = paras[i + 1]
    first = text[s:e].lstrip()[:1]
    return bool(first) and first in marks


def _is_word(ch: str) -> bool:
    return ch.isalnum()


def _double_like(text: str, paras, opens: str, closes: str, mark: str, orig: str | None = None) -> list[dict]:
    """Scan double (curly) or straight quotation marks, paragraph by paragraph.

    For straight marks (``opens == closes == '"'``) a mark opens when nothing is open and closes
    otherwise; for curly marks the glyph says which it is (a ” before a word with nothing open is
    read as a mistyped opener)."""
    straight = opens == closes
    orig = text if orig is None else orig
    rows: list[dict] = []
    cur: dict | None = None
    marks = _mark_pattern(opens + closes)
    for i, (ps, pe) in enumerate(paras):
        first = _first_visible(text, ps, pe)
        for m in marks.finditer(text, ps, pe):  # only the marks: every other character is skipped
            j = m.start()
            ch = text[j]
            if cur is not None and cur["para"] != i and j == first and ch in opens:
                cur["para"] = i  # paragraph-initial mark continuing a multi-paragraph quotation
                continue
            if straight:
                is_open, is_close = cur is None, cur is not None
            else:
                is_open, is_close = ch in opens, ch in closes
                if is_close and cur is None:
                    prev = text[j - 1] if j > ps else " "
                    nxt = text[j + 1] if j + 1 < pe else " "
                    if not (prev.isspace() and _is_word(nxt)):
                        continue  # stray closing mark
                    is_open, is_close = True, False  # mistyped opening mark
            width = 2 if orig.startswith("''", j) else 1
            if is_open:
                if cur is not None:  # a new opening inside an open quotation: cap the old one
                    _finish(rows, cur, j, j, closed=False, text=text)
                cur = {"start": j, "inner_start": j + width, "mark": mark, "para": i}
            elif is_close:
                _finish(rows, cur, j + width, j, closed=True, text=text)
                cur = None
        if cur is not None and not _opens_next(text, paras, i, opens):
            _finish(rows, cur, pe, pe, closed=False, text=text)
            cur = None
    return rows


@lru_cache(maxsize=8)
def _mark_pattern(chars: str) -> re.Pattern:
    """A character class of the quotation marks ``chars`` (to jump from mark to mark)."""
    return re.compile("[" + "".join(re.escape(c) for c in dict.fromkeys(chars)) + "]")


def _first_visible(text: str, ps: int, pe: int) -> int:
    j = ps
    while j < pe and text[j].isspace():
        j += 1
    return j


def _finish(rows: list[dict], cur: dict, end: int, inner_end: int, *, closed: bool, text: str) -> None:
    while inner_end > cur["inner_start"] and text[inner_end - 1].isspace():
        inner_end -= 1
    if not closed:
        end = inner_end
    rows.append(
        {
            "start": cur["start"],
            "end": end,
            "inner_start": cur["inner_start"],
            "inner_end": max(inner_end, cur["inner_start"]),
            "mark": cur["mark"],
            "closed": closed,
        }
    )


def _single(text: str, paras) -> list[dict]:
    """Curly single quotations inside one paragraph; apostrophes are skipped."""
    rows: list[dict] = []
    marks = _mark_pattern("‘’")
    for ps, pe in paras:
        open_at: int | None = None
        for m in marks.finditer(text, ps, pe):  # only ‘ and ’ do anything
            j = m.start()
            ch = text[j]
            prev = text[j - 1] if j > ps else " "
            nxt = text[j + 1] if j + 1 < pe else " "
            if ch == "‘":
                if _ELISION.match(text, j) or _is_word(prev):
                    continue
                if not nxt.isspace():
                    open_at = j  # a later ‘ restarts an unclosed one
            elif ch == "’" and open_at is not None:
                if _is_word(prev) and _is_word(nxt):
                    continue  # apostrophe inside a word: Kata’ib, People’s
                if prev.isspace():
                    continue
                rows.append(
                    {
                        "start": open_at,
                        "end": j + 1,
                        "inner_start": open_at + 1,
                        "inner_end": j,
                        "mark": "single",
                        "closed": True,
                    }
                )
                open_at = None
    return rows


@lru_cache(maxsize=8)
def quotation_tuples(text: str) -> tuple[Quotation, ...]:
    """The rows of :func:`find_quotations` as :class:`Quotation` tuples (:data:`QUOTE_COLUMNS` order), without
    pandas. Cached for the last few texts: attribution, voice and the profile all ask for the
    quotations of the same document."""
    paras = _paragraphs(text)
    rows = _double_like(text, paras, _OPEN_DOUBLE, _CLOSE_DOUBLE, "double")
    if '"' in text or "''" in text:
        # a doubled apostrophe '' (Penn Treebank / NYT style) is a straight double mark; it is
        # scanned as '"' plus a placeholder, offsets stay those of the original text
        work = _DOUBLE_APOS.sub('"\x01', text)
        rows += _double_like(work, paras, '"', '"', "straight", orig=text)
    if "‘" in text:
        rows += _single(text, paras)
    out = [
        Quotation(
            int(r["start"]), int(r["end"]), int(r["inner_start"]), int(r["inner_end"]), r["mark"], bool(r["closed"])
        )
        for r in rows
    ]
    out.sort(key=lambda q: (q.start, -q.end))  # start ascending, end descending, stable
    return tuple(out)


def find_quotations(text: str) -> pd.DataFrame:
    """Every quotation in ``text``: ``start``/``end`` include the marks (end exclusive),
    ``inner_start``/``inner_end`` exclude them, ``mark`` is ``double``, ``single`` or ``straight``,
    ``closed`` is False when the closing mark was missing and the quotation was capped at its
    paragraph end. Single quotations nested inside double ones are returned as their own rows."""
    df = pd.DataFrame(list(quotation_tuples(text)), columns=QUOTE_COLUMNS)
    return df.astype({"start": int, "end": int, "inner_start": int, "inner_end": int, "closed": bool})


def quoted_voice_regions(
    text: str, attributions: pd.DataFrame | list[dict], publisher: str | None = None
) -> list[tuple[int, int]]:
    """Character regions ``(inner_start, inner_end)`` in quoted voice: every quotation except
    those whose attribution has ``source_type == "self_reference"`` (the publisher quoting itself).

    A quotation is matched to the attribution whose content overlaps it (or, failing that, whose
    cue sits in the same sentence just before it). Quotations with no attribution (scare quotes,
    titles) count as quoted voice: the marks themselves say the words are someone else's. Single
    quotations nested in a self-referential double quotation inherit nothing: they stay quoted.
    ``attributions``: the document's records (:func:`analysis.measures.attribution.attribution_records`,
    found once by whoever scores the document). ``publisher`` is kept for callers' symmetry; the
    records already carry the self-reference typing it decided.
    """
    quotes = quotation_tuples(text)
    if not quotes:
        return []
    overlaps_self = _OverlapIndex(_self_content(attributions))
    regions = []
    for _, _, inner_start, inner_end, mark, _ in quotes:
        # a single (scare) quote inside the publisher's own quotation is still someone else's phrase
        if mark != "single" and overlaps_self(inner_start, inner_end):
            continue
        regions.append((inner_start, inner_end))
    return _merge(regions)


class _OverlapIndex:
    """``index(a, b)``: does ``[a, b)`` share a character with one of ``spans``? Answered by
    bisection (spans sorted by start, with the running maximum of their ends), so checking every
    quotation of a document against every self-referential attribution costs n log n, not n²."""

    def __init__(self, spans: Iterable[tuple[int, int]]):
        ordered = sorted(spans)
        self.starts = [s for s, _ in ordered]
        self.max_end = list(accumulate((e for _, e in ordered), max))

    def __call__(self, a: int, b: int) -> bool:
        k = bisect_left(self.starts, b)  # spans starting before b: [0, k)
        return k > 0 and self.max_end[k - 1] > a  # one of them ends after a


def _self_content(attributions: pd.DataFrame | list[dict] | None) -> list[tuple[int, int]]:
    """Content spans of self-referential attributions (a frame, or records as from
    :func:`analysis.measures.attribution.attribution_records`)."""
    if attributions is None or len(attributions) == 0:
        return []
    if not isinstance(attributions, pd.DataFrame):
        return [
            (int(a["content_start"]), int(a["content_end"]))
            for a in attributions
            if a["source_type"] == "self_reference" and a["content_start"] >= 0
        ]
    sel = attributions[(attributions["source_type"] == "self_reference") & (attributions["content_start"] >= 0)]
    return list(zip(sel["content_start"].astype(int), sel["content_end"].astype(int)))


def merge_regions(regions: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """``(start, end)`` regions sorted, with overlapping or touching ones joined, so that each
    character lies in at most one region (a quotation nested in another is counted once)."""
    out: list[tuple[int, int]] = []
    for s, e in sorted(regions):
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out


_merge = merge_regions


def voice_of(regions: Sequence[tuple[int, int]], start: int, end: int) -> str:
    """``"quoted"`` when the span ``[start, end)`` lies inside one of ``regions``, else
    ``"authorial"``. ``regions`` are sorted and disjoint, as :func:`quoted_voice_regions` and
    :func:`merge_regions` return them: the one region that can hold the span is the last one
    starting at or before it, found by bisection (a document of many quotations costs log n per
    span, not n)."""
    k = bisect_right(regions, (start, _AFTER_ANY_END)) - 1
    if k >= 0:
        s, e = regions[k]
        if start >= s and end <= e:
            return "quoted"
    return "authorial"


_AFTER_ANY_END = float("inf")  # (start, inf) sorts after every region starting at ``start``
