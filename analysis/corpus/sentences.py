"""Sentence boundaries with character offsets into the cleaned text.

A rule-based splitter in the Punkt tradition (Kiss & Strunk 2006) without a trained model:

* a paragraph break (a newline) always ends a sentence, unless the next line starts in lower
  case (a hard-wrapped line, as in Reuters-21578), so headlines, bullets, datelines and
  sign-offs are sentences of their own;
* inside a line, ``.``, ``!`` or ``?`` (with any closing quotes or brackets) followed by space
  and an upper-case letter, digit, opening quote or bracket ends a sentence, unless the token
  before the stop is a known abbreviation ("Mr", "Feb", "Gen"), a single initial ("J.") or a
  dotted acronym ("U.S.", "U.N.", "e.g."): those never end a sentence inside a line;
* a colon never ends a sentence, so a quotation introduced by "said:" stays with its cue.

Offsets are ``(start, end)`` with ``end`` exclusive and surrounding whitespace trimmed.
"""

from __future__ import annotations

import re

#: Tokens that take a full stop without ending a sentence (lower-cased, without the stop).
ABBREVIATIONS = frozenset(
    """mr mrs ms messrs dr prof gen col lt sgt capt maj cmdr adm rep reps sen gov pres
    rev fr st jr sr hon amb supt insp det cpl pvt brig
    inc ltd co corp bros dept univ assn govt est
    no nos vol vols pp fig op approx ca cf vs
    jan feb mar apr jun jul aug sep sept oct nov dec
    mon tue tues wed thu thur thurs fri sat sun
    ave blvd rd mt ft""".split()
)

_STOP = re.compile(
    r"""(?P<stop>[.!?]+|\.\.\.|…)          # the terminal punctuation
        (?P<close>["”’')\]]*)             # closing quotes or brackets
        (?P<space>[ \t]+)                  # then space inside the line
        (?=[“"‘'(\[]?[A-Z0-9•\u2022\-–])   # and a plausible sentence start""",
    re.VERBOSE,
)
_TOKEN_BEFORE = re.compile(r"([A-Za-z][A-Za-z.]*)$")
_DOTTED_ACRONYM = re.compile(r"^(?:[A-Za-z]\.)+[A-Za-z]?$")


def _is_abbreviation(text: str, stop_start: int) -> bool:
    """True when the full stop at ``stop_start`` closes an abbreviation, initial or acronym."""
    if text[stop_start] != ".":
        return False
    m = _TOKEN_BEFORE.search(text, max(0, stop_start - 20), stop_start)
    if not m:
        return False
    token = m.group(1)
    if _DOTTED_ACRONYM.match(token + "."):
        return True  # U.S.  U.N.  e.g.  a.m.
    token = token.rsplit(".", 1)[-1]
    if len(token) == 1 and token.isupper():
        return True  # an initial: "J. Smith"
    return token.lower() in ABBREVIATIONS


def _line_bounds(text: str) -> list[tuple[int, int]]:
    """Paragraph-level pieces: lines, with hard-wrapped continuations (next line starts in
    lower case) joined to the line before."""
    pieces: list[tuple[int, int]] = []
    pos = 0
    for line in text.split("\n"):
        start, end = pos, pos + len(line)
        pos = end + 1
        stripped = line.strip()
        if not stripped:
            pieces.append((-1, -1))  # paragraph break marker
            continue
        if pieces and pieces[-1][0] >= 0 and stripped[0].islower():
            pieces[-1] = (pieces[-1][0], end)
        else:
            pieces.append((start, end))
    return [p for p in pieces if p[0] >= 0]


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence ``(start, end)`` character offsets into ``text`` (end exclusive)."""
    bounds: list[tuple[int, int]] = []
    for line_start, line_end in _line_bounds(text):
        cut = line_start
        for m in _STOP.finditer(text, line_start, line_end):
            if _is_abbreviation(text, m.start("stop")):
                continue
            end = m.end("close")
            s, e = _trim(text, cut, end)
            if e > s:
                bounds.append((s, e))
            cut = m.end()
        s, e = _trim(text, cut, line_end)
        if e > s:
            bounds.append((s, e))
    return bounds


def sentence_texts(text: str) -> list[str]:
    """The sentences of ``text`` as strings (convenience for display and tests)."""
    return [text[s:e] for s, e in split_sentences(text)]


def as_bounds(bounds) -> list[tuple[int, int]]:
    """Sentence bounds as a list of ``(start, end)`` int pairs, from any sequence of pairs (a list
    of tuples, or the nested arrays a Parquet round trip gives back)."""
    return [(int(s), int(e)) for s, e in bounds]


def ensure_bounds(text: str, bounds=None) -> list[tuple[int, int]]:
    """``bounds`` as int pairs; for a one-off call on a bare text (no documents table), the text's
    own sentence bounds. The study pipeline always passes the bounds its documents carry."""
    return as_bounds(bounds) if bounds is not None else split_sentences(text)


def document_bounds(documents) -> list[list[tuple[int, int]]]:
    """Sentence bounds of every document of a documents frame, in row order: the column
    ``sentence_bounds`` that the corpus step stores when it loads a document
    (:func:`analysis.corpus.load.make_documents`), else one :func:`split_sentences` per text (a
    frame built by hand). Computed once and handed on, so no later step splits again."""
    if "sentence_bounds" in getattr(documents, "columns", ()):
        return [as_bounds(b) for b in documents["sentence_bounds"]]
    return [split_sentences(t if isinstance(t, str) else "") for t in documents["text"]]
